//! # Metanode runtime
//!
//! The FRAME runtime of a Metanode chain. It holds all chain logic: the native GEN token
//! (`pallet-balances`), the NEX, FLX and AUR assets (`pallet-assets`, ids 1-3), sessions
//! (`pallet-session`) with the validators' Aura, GRANDPA and IBFT keys, Aura block authoring,
//! GRANDPA's and IBFT's authority sets, fees, sudo, and FRAME's multisig, proxy, utility,
//! scheduler and preimage pallets. It is compiled both natively (for the node and the tests)
//! and to Wasm (the on-chain code that can be upgraded without a fork).

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime!` does a lot of recursion and requires us to increase the limit.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

pub mod apis;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;
pub mod configs;
pub mod genesis_config_presets;

extern crate alloc;
use alloc::vec::Vec;
use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress,
};
use sp_version::RuntimeVersion;

pub use frame_system::Call as SystemCall;
pub use metanode_primitives::{
	tokens, AccountId, AssetId, Balance, BlockNumber, Hash, Nonce, Signature, DAYS, HOURS,
	MILLI_SECS_PER_BLOCK, MINUTES,
};
pub use pallet_balances::Call as BalancesCall;
pub use pallet_timestamp::Call as TimestampCall;
#[cfg(any(feature = "std", test))]
pub use sp_runtime::BuildStorage;

/// Opaque types. These are used by the CLI to instantiate machinery that don't need to know
/// the specifics of the runtime. They can then be made to be agnostic over specific formats
/// of data like extrinsics, allowing for them to continue syncing the network through upgrades
/// to even the core data structures.
pub mod opaque {
	pub use super::SessionKeys;
	pub use metanode_primitives::opaque::{Block, BlockId, Header, UncheckedExtrinsic};
}

impl_opaque_keys! {
	/// The session keys of a Metanode validator: Aura (sr25519) for authoring, GRANDPA
	/// (ed25519) for its finality votes and IBFT (ed25519, key type `ibft`) for the IBFT
	/// gadget's messages. The order is part of the encoding that `session.set_keys` takes and
	/// `author_rotateKeys` returns: new keys go at the end.
	pub struct SessionKeys {
		pub aura: Aura,
		pub grandpa: Grandpa,
		pub ibft: Ibft,
	}
}

/// The runtime version. The policy (`docs/upgrades.md`): `spec_version` is bumped on every
/// change of runtime logic or storage, `transaction_version` on every change that makes an
/// old signed transaction mean something else (call or pallet indices, call arguments,
/// transaction extensions), `impl_version` for changes that do not affect the state.
#[cfg(not(feature = "next-release"))]
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("metanode"),
	impl_name: alloc::borrow::Cow::Borrowed("metanode"),
	authoring_version: 1,
	spec_version: 100,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

/// The next release (`--features next-release`), the upgrade `docs/upgrades.md` walks
/// through: a new storage layout in the wallets pallet (spec version 101, with its
/// migration), and, to show how clients see it, a new transaction version (2), so that
/// transactions signed for the old one are refused.
#[cfg(feature = "next-release")]
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("metanode"),
	impl_name: alloc::borrow::Cow::Borrowed("metanode"),
	authoring_version: 1,
	spec_version: 101,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 2,
	system_version: 1,
};

/// Aura's slot duration: one block every slot.
pub const SLOT_DURATION: u64 = MILLI_SECS_PER_BLOCK;

/// The length of a session, in blocks: 600 blocks, 20 minutes at 2 s per block. Keys set
/// with `session.set_keys` are queued at the next session boundary and become the Aura,
/// GRANDPA and IBFT authorities at the one after, so a key rotation takes 20 to 40 minutes.
/// Short enough for an operator to wait for, long enough that set changes (each one an IBFT
/// and a GRANDPA set handover) stay rare.
pub const SESSION_PERIOD: BlockNumber = 20 * MINUTES;

/// The existential deposit of GEN: accounts below it are reaped.
pub const EXISTENTIAL_DEPOSIT: Balance = tokens::MILLI_UNIT;

/// The address format for describing accounts.
pub type Address = MultiAddress<AccountId, ()>;

/// Block header type as expected by this runtime.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;

/// Block type as expected by this runtime.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// A Block signed with a Justification.
pub type SignedBlock = generic::SignedBlock<Block>;

/// BlockId type as expected by this runtime.
pub type BlockId = generic::BlockId<Block>;

/// The extensions to the basic transaction logic, checked for every signed transaction.
pub type TxExtension = (
	frame_system::AuthorizeCall<Runtime>,
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	// Before the fee is charged: a transaction that breaks the wallet rules is refused
	// without a fee and with the rule's own code, not as unable to pay.
	pallet_wallets::CheckWalletRules<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// Unchecked extrinsic type as expected by this runtime.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;

/// The payload being signed in transactions.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Storage migrations run on the next runtime upgrade. Empty at the first release.
#[cfg(not(feature = "next-release"))]
type Migrations = ();

/// Storage migrations of the next release: the wallets pallet to storage version 1.
#[cfg(feature = "next-release")]
type Migrations = (pallet_wallets::migrations::v1::MigrateV0ToV1<Runtime>,);

/// Executive: handles dispatch to the various modules.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

/// The public key of an account is its account id (`MultiSigner` into `AccountId32`).
pub type AccountPublic = <Signature as Verify>::Signer;

/// Turns a public key into an account id.
pub fn account_from_public(public: AccountPublic) -> AccountId {
	public.into_account()
}

// Create the runtime by composing the FRAME pallets that were previously configured.
#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;

	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;

	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;

	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;

	#[runtime::pallet_index(4)]
	pub type Balances = pallet_balances;

	#[runtime::pallet_index(5)]
	pub type TransactionPayment = pallet_transaction_payment;

	#[runtime::pallet_index(6)]
	pub type Sudo = pallet_sudo;

	#[runtime::pallet_index(7)]
	pub type Assets = pallet_assets;

	#[runtime::pallet_index(8)]
	pub type Utility = pallet_utility;

	#[runtime::pallet_index(9)]
	pub type Multisig = pallet_multisig;

	#[runtime::pallet_index(10)]
	pub type Proxy = pallet_proxy;

	#[runtime::pallet_index(11)]
	pub type Scheduler = pallet_scheduler;

	#[runtime::pallet_index(12)]
	pub type Preimage = pallet_preimage;

	#[runtime::pallet_index(13)]
	pub type Economics = pallet_economics;

	#[runtime::pallet_index(14)]
	pub type Session = pallet_session;

	#[runtime::pallet_index(15)]
	pub type Ibft = pallet_ibft;

	#[runtime::pallet_index(16)]
	pub type ShadowRegistry = pallet_shadow_registry;

	// After `Economics`, so that when both close an epoch in one block, the NEX that
	// economics mints into the rewards pot is there when mining pays out.
	#[runtime::pallet_index(17)]
	pub type Mining = pallet_mining;

	#[runtime::pallet_index(18)]
	pub type Council = pallet_collective<Instance1>;

	#[runtime::pallet_index(19)]
	pub type TechnicalCommittee = pallet_collective<Instance2>;

	#[runtime::pallet_index(20)]
	pub type Wallets = pallet_wallets;

	#[runtime::pallet_index(21)]
	pub type Recovery = pallet_recovery;

	#[runtime::pallet_index(22)]
	pub type Upgrades = pallet_upgrades;
}

#[cfg(test)]
mod tests;
#[cfg(all(test, feature = "next-release"))]
mod upgrade_tests;
#[cfg(test)]
mod wallet_tests;
