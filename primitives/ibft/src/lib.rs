//! Primitives of Metanode's IBFT finality gadget, shared by the runtime and the node.
//!
//! The consensus itself lives in `metanode-ibft-core`, generic over hashes, numbers, keys and
//! signatures. This crate fixes those choices for Metanode and adds what the runtime and the
//! client must agree on byte for byte:
//!
//! * the consensus engine id [`IBFT_ENGINE_ID`] (`*b"IBFT"`), under which justifications are
//!   stored and digests are deposited;
//! * the IBFT session key ([`AuthorityId`], an ed25519 application key of type [`KEY_TYPE`],
//!   `*b"ibft"`) and its signature;
//! * the concrete instantiation [`IbftTypes`] of the core's [`Types`] and the aliases built
//!   on it ([`ConsensusMessage`], [`Justification`], [`EquivocationProof`], ...);
//! * signature verification ([`IbftCrypto`]) that works both natively and in Wasm;
//! * the versioned wire envelopes ([`VersionedMessage`], [`VersionedJustification`]);
//! * the digest announcing an authority set change ([`ConsensusLog`]);
//! * the runtime API [`IbftApi`].
//!
//! # Authority sets and set ids
//!
//! The runtime reports, at every block `B`, the authority set and set id that decide the
//! heights after `B` is finalized ([`IbftApi::authorities`], [`IbftApi::current_set_id`]).
//! A change is announced by a [`ConsensusLog::ScheduledChange`] digest in the block that
//! enacts it, with a `delay` of zero: once a node finalizes that block (or any descendant of
//! it), the next height is decided by the new set, whose id is the previous id plus one.
//! Genesis has set id 0 and no digest.

#![cfg_attr(not(feature = "std"), no_std)]
#![warn(missing_docs)]

extern crate alloc;

mod crypto;
mod digest;
mod wire;

#[cfg(feature = "std")]
pub use crypto::sign;
pub use crypto::IbftCrypto;
pub use digest::{find_scheduled_change, ConsensusLog, ScheduledChange};
pub use wire::{VersionedJustification, VersionedMessage, MAX_DECODE_DEPTH};

/// The consensus state machine, re-exported so that users of these primitives see the same
/// version of it.
pub use metanode_ibft_core;
pub use metanode_ibft_core::{Height, Round, SetId, Types};

use alloc::vec::Vec;
use sp_core::H256;
use sp_runtime::{ConsensusEngineId, KeyTypeId};

/// The log target of runtime code.
pub const RUNTIME_LOG_TARGET: &str = "runtime::ibft";

/// The consensus engine id of IBFT: justifications are stored and digests deposited under it.
pub const IBFT_ENGINE_ID: ConsensusEngineId = *b"IBFT";

/// The key type of the IBFT session key, in the keystore and in the session keys.
pub const KEY_TYPE: KeyTypeId = KeyTypeId(*b"ibft");

mod app {
	use sp_application_crypto::{app_crypto, ed25519};
	app_crypto!(ed25519, crate::KEY_TYPE);
}

sp_application_crypto::with_pair! {
	/// An IBFT authority's key pair (ed25519).
	pub type AuthorityPair = app::Pair;
}

/// The identity of an IBFT authority: its IBFT session key.
pub type AuthorityId = app::Public;

/// A signature by an IBFT authority.
pub type AuthoritySignature = app::Signature;

/// A list of IBFT authorities. Every authority has the same voting power.
pub type AuthorityList = Vec<AuthorityId>;

/// The block hash type of Metanode.
pub type Hash = H256;

/// The block number type of Metanode.
pub type BlockNumber = u32;

/// Metanode's instantiation of the consensus core's [`Types`]: blake2-256 block hashes, `u32`
/// block numbers and ed25519 IBFT session keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IbftTypes {}

impl Types for IbftTypes {
	type Hash = Hash;
	type Number = BlockNumber;
	type ValidatorId = AuthorityId;
	type Signature = AuthoritySignature;
}

/// A validator set, sorted, with its set id.
pub type ValidatorSet = metanode_ibft_core::ValidatorSet<AuthorityId>;
/// A consensus message as gossiped (before versioning: see [`VersionedMessage`]).
pub type ConsensusMessage = metanode_ibft_core::ConsensusMessage<IbftTypes>;
/// A finality proof: a quorum of commit seals (see [`VersionedJustification`]).
pub type Justification = metanode_ibft_core::Justification<IbftTypes>;
/// Two conflicting signed messages of one authority for one `(set id, height, round)`.
pub type EquivocationProof = metanode_ibft_core::EquivocationProof<IbftTypes>;
/// Two conflicting signed messages of one kind.
pub type Equivocation<M> = metanode_ibft_core::Equivocation<IbftTypes, M>;
/// A message body signed by an authority.
pub type Signed<M> = metanode_ibft_core::Signed<IbftTypes, M>;
/// A PROPOSAL body.
pub type Proposal = metanode_ibft_core::Proposal<IbftTypes>;
/// A PREPARE body.
pub type Prepare = metanode_ibft_core::Prepare<IbftTypes>;
/// A COMMIT body.
pub type Commit = metanode_ibft_core::Commit<IbftTypes>;
/// A ROUND-CHANGE body.
pub type RoundChange = metanode_ibft_core::RoundChange<IbftTypes>;

sp_api::decl_runtime_apis! {
	/// What the IBFT finality gadget asks of the runtime.
	///
	/// The gadget reads the authority set and set id at the last finalized block: they are
	/// the ones that decide the next height. It submits the equivocations it detects through
	/// [`IbftApi::submit_report_equivocation_unsigned_extrinsic`].
	pub trait IbftApi {
		/// The IBFT authorities that decide the heights after this block is finalized, sorted.
		fn authorities() -> AuthorityList;

		/// The id of the set returned by [`IbftApi::authorities`].
		fn current_set_id() -> SetId;

		/// Submits an equivocation report to the local transaction pool, as a transaction
		/// that needs no signed origin (an *authorized* call, see `pallet-ibft`). It is only
		/// accepted from the local node and not gossiped, so the report lands in a block the
		/// node itself authors. `None` if the transaction could not be submitted (for example,
		/// when the runtime does not support equivocation reports).
		fn submit_report_equivocation_unsigned_extrinsic(
			equivocation_proof: EquivocationProof,
		) -> Option<()>;
	}
}

#[cfg(test)]
mod tests;
