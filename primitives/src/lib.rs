//! Types shared by the Metanode runtime and the `metanode` node.
//!
//! Anything both sides must agree on lives here: the basic chain types, the
//! block time, and the identity of the four tokens (GEN, NEX, FLX, AUR), so
//! the node, the runtime and the client tools never disagree on a symbol, an
//! asset id or a number of decimals.

#![cfg_attr(not(feature = "std"), no_std)]

pub mod tokens;

use sp_runtime::{
	generic,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiSignature,
};

/// An index to a block.
pub type BlockNumber = u32;

/// Alias to 512-bit hash when used in the context of a transaction signature on the chain.
pub type Signature = MultiSignature;

/// Some way of identifying an account on the chain. We intentionally make it equivalent
/// to the public key of our transaction signing scheme.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;

/// Balance of an account, in the smallest unit of a token (10^-12 of a whole token).
pub type Balance = u128;

/// Index of a transaction in the chain.
pub type Nonce = u32;

/// A hash of some data used by the chain.
pub type Hash = sp_core::H256;

/// Id of a fungible asset in `pallet-assets` (NEX, FLX, AUR and any later asset).
pub type AssetId = u32;

/// Target time between two blocks, in milliseconds. Aura's slot duration equals it.
pub const MILLI_SECS_PER_BLOCK: u64 = 2_000;

/// Blocks produced in a minute, an hour and a day at the target block time.
pub const MINUTES: BlockNumber = 60_000 / (MILLI_SECS_PER_BLOCK as BlockNumber);
pub const HOURS: BlockNumber = MINUTES * 60;
pub const DAYS: BlockNumber = HOURS * 24;

/// The SS58 address format of Metanode accounts (42: the generic Substrate prefix, so
/// development accounts keep their familiar `5...` addresses).
pub const SS58_PREFIX: u16 = 42;

/// Opaque types: what the node knows about blocks without knowing the runtime's
/// extrinsic format.
pub mod opaque {
	use super::*;
	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header type.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block type.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block identifier type.
	pub type BlockId = generic::BlockId<Block>;
}
