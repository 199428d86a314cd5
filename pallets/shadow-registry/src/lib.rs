//! # Shadow registry pallet
//!
//! Metanode's Web2-Web3 bridge (see `ECONOMICS.md`, "Shadow registry", and
//! `docs/shadow-registry.md`):
//!
//! - **Web2 systems.** Any account registers a system ([`Pallet::register_system`]):
//!   `{system_id, ed25519 public key, capabilities, metadata}`, holding
//!   [`Config::SystemDeposit`] of the native currency (GEN) with [`HoldReason::SystemDeposit`];
//!   the deposit is released when the system is deregistered. The owner rotates the key
//!   ([`Pallet::rotate_key`]); the old key stops working at once.
//! - **Web3 targets.** Any account registers a target ([`Pallet::register_target`]):
//!   `{target_id, kind, interface hash, metadata}`, holding [`Config::TargetDeposit`]. A
//!   target is either an on-chain call ([`TargetKind::Dispatch`]) or an off-chain target whose
//!   requests are recorded ([`TargetKind::Record`]). Targets are permissionless because they
//!   grant nothing by themselves: what a request may do is decided by the account's grant and,
//!   for calls, by the runtime's [`Config::CallCapability`]. [`Config::ForceOrigin`] (root)
//!   can remove any system or target; its deposit goes back to its owner.
//! - **Acting-as grants.** An account lets a system act for it ([`Pallet::grant`]) with a set
//!   of capabilities (a subset of the system's) until a block, holding
//!   [`Config::GrantDeposit`]. [`Pallet::revoke_grant`] removes it at once. An expired grant is
//!   refused. A grant belongs to one registration of the system id: if the system is
//!   deregistered and the id registered again, older grants are void.
//! - **Bridge requests.** A relayer (any signed account, paying the normal fee) submits a
//!   [`BridgeRequest`] with the system's ed25519 signature over its [`RequestPayload`]
//!   (domain tag, genesis hash, system id, nonce, account, target, method, params hash,
//!   compliance flags; [`Pallet::submit_request`]). The runtime checks the system, the
//!   target, the signature, the nonce (strictly greater than the system's last: no replay),
//!   the grant (present, of this registration, not expired) and that the grant holds the
//!   capability the request needs. Then it dispatches the call (dispatch targets) with the
//!   granting account as a signed origin, filtered to calls the grant allows, or records the
//!   request (record targets), and stores a [`ShadowReceipt`].
//! - **Receipts and proofs.** Receipts are collected in ranges of [`Config::RangeLength`]
//!   blocks. When a range closes (in `on_initialize`), the Merkle root of its receipt leaves is
//!   stored as a [`RangeCommitment`], forever. Receipts (and leaves) are pruned
//!   [`Config::ReceiptRetention`] blocks after their range closed, at most
//!   [`Config::MaxPrunePerBlock`] a block; proofs fetched before ([`Pallet::prove_receipt`])
//!   keep verifying against the root with [`verify_receipt_proof`], in std and no_std.
//!
//! ## Nonces
//!
//! A system's last nonce is kept in [`LastNonce`] even after the system is deregistered, so a
//! re-registered id (even with the same key) never accepts an old request again. The first
//! nonce must be at least 1; gaps are allowed.
//!
//! ## Weight of dispatched calls
//!
//! A request that carries a call declares the weight of [`WeightInfo::submit_request_dispatch`]
//! plus the call's own weight (refused above [`Config::MaxCallWeight`]); the unused part of
//! the call's weight is refunded.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod commitment;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use commitment::{
	merkle_root, receipt_leaf, request_commitment, request_id, signing_message,
	verify_receipt_proof, COMMITMENT_DOMAIN, RECEIPT_DOMAIN,
};
pub use types::*;
pub use weights::WeightInfo;

const LOG_TARGET: &str = "runtime::shadow-registry";

/// Maps a runtime call to the capability a grant must hold for a Web2 system to dispatch it
/// for the granting account. Implemented by the runtime.
pub trait CallCapability<Call> {
	/// The capability `call` needs, or `None` if no bridge request may dispatch it.
	fn capability(call: &Call) -> Option<Capability>;
}

/// No call may be dispatched by a bridge request.
impl<Call> CallCapability<Call> for () {
	fn capability(_call: &Call) -> Option<Capability> {
		None
	}
}

/// Rules a dispatched call must also meet, beyond the grant's capabilities: in the runtime,
/// the wallet rules (AUR recipients, freezes, spending limits) of the account acted for.
pub trait DispatchGuard<AccountId, Call> {
	/// Whether `call` may be dispatched for `account` now. An error becomes the request's
	/// outcome (`DispatchFailed`) and nothing is dispatched.
	fn check(account: &AccountId, call: &Call) -> sp_runtime::DispatchResult;
	/// `call` was dispatched for `account` and succeeded (for example, to count spending).
	fn dispatched(account: &AccountId, call: &Call);
}

/// No rules beyond the capabilities.
impl<AccountId, Call> DispatchGuard<AccountId, Call> for () {
	fn check(_account: &AccountId, _call: &Call) -> sp_runtime::DispatchResult {
		Ok(())
	}
	fn dispatched(_account: &AccountId, _call: &Call) {}
}

/// Lets benchmarks set up what the runtime normally provides.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<T: Config> {
	/// A cheap call that [`Config::CallCapability`] maps to a capability and that succeeds
	/// when dispatched by `granter` (funded with 1,000 times the deposits).
	fn dispatch_call(granter: &T::AccountId) -> <T as Config>::RuntimeCall;
}

/// `frame_system::Call::remark` with an empty remark: for runtimes whose
/// [`Config::CallCapability`] maps it.
#[cfg(feature = "runtime-benchmarks")]
impl<T: Config> BenchmarkHelper<T> for () {
	fn dispatch_call(_granter: &T::AccountId) -> <T as Config>::RuntimeCall {
		frame_system::Call::<T>::remark { remark: alloc::vec::Vec::new() }.into()
	}
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::{boxed::Box, vec::Vec};
	use codec::Encode;
	use frame_support::{
		dispatch::{extract_actual_weight, GetDispatchInfo, PostDispatchInfo},
		pallet_prelude::*,
		traits::{
			fungible::{self, MutateHold},
			tokens::Precision,
			IsSubType, OriginTrait, UnixTime,
		},
	};
	use frame_system::pallet_prelude::*;
	use sp_core::H256;
	use sp_runtime::traits::{Dispatchable, Saturating, UniqueSaturatedInto, Zero};

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	/// A balance of the native currency.
	pub type BalanceOf<T> = <<T as Config>::Currency as fungible::Inspect<
		<T as frame_system::Config>::AccountId,
	>>::Balance;

	/// A bridge request of this runtime.
	pub type BridgeRequestOf<T> =
		BridgeRequest<<T as frame_system::Config>::AccountId, <T as Config>::RuntimeCall>;

	/// A shadow receipt of this runtime.
	pub type ShadowReceiptOf<T> =
		ShadowReceipt<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

	/// A receipt proof of this runtime.
	pub type ReceiptProofOf<T> =
		ReceiptProof<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

	/// The key of [`SystemReceipts`]: the receipt's block and id, both as big-endian u64, so
	/// keys sort by block, then id.
	pub type ReceiptKey = [u8; 16];

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The overarching call type: what dispatch targets dispatch.
		type RuntimeCall: Parameter
			+ Dispatchable<RuntimeOrigin = Self::RuntimeOrigin, PostInfo = PostDispatchInfo>
			+ GetDispatchInfo
			+ From<frame_system::Call<Self>>
			+ IsSubType<Call<Self>>
			+ IsType<<Self as frame_system::Config>::RuntimeCall>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The native currency (GEN): deposits are held from it.
		type Currency: fungible::Mutate<Self::AccountId>
			+ fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The time source of receipt timestamps (`pallet_timestamp` in the runtime).
		type UnixTime: UnixTime;

		/// Which calls a bridge request may dispatch, and the capability each needs.
		type CallCapability: CallCapability<<Self as Config>::RuntimeCall>;

		/// Rules a dispatched call must meet beyond the grant (the wallet rules).
		type DispatchGuard: DispatchGuard<Self::AccountId, <Self as Config>::RuntimeCall>;

		/// Who may remove any system or target (root in the runtime).
		type ForceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The deposit held for a registered Web2 system.
		#[pallet::constant]
		type SystemDeposit: Get<BalanceOf<Self>>;

		/// The deposit held for a registered Web3 target.
		#[pallet::constant]
		type TargetDeposit: Get<BalanceOf<Self>>;

		/// The deposit held for an acting-as grant.
		#[pallet::constant]
		type GrantDeposit: Get<BalanceOf<Self>>;

		/// The heaviest call a bridge request may dispatch.
		#[pallet::constant]
		type MaxCallWeight: Get<Weight>;

		/// The length of a receipt range, in blocks (at least 1): every `RangeLength` blocks
		/// the receipts of the range are committed into a Merkle root.
		#[pallet::constant]
		type RangeLength: Get<BlockNumberFor<Self>>;

		/// The most receipts in a range; more requests are refused with
		/// [`Error::RangeFull`] until the range closes. Bounds the leaves of a range, the
		/// root computation in `on_initialize` and the results of [`Pallet::receipts`].
		#[pallet::constant]
		type MaxReceiptsPerRange: Get<u32>;

		/// For how many blocks after its range closed a receipt is kept (roots are kept
		/// forever).
		#[pallet::constant]
		type ReceiptRetention: Get<BlockNumberFor<Self>>;

		/// The most receipts pruned in one block. `MaxPrunePerBlock * RangeLength` must be at
		/// least `MaxReceiptsPerRange`, so pruning keeps up.
		#[pallet::constant]
		type MaxPrunePerBlock: Get<u32>;

		/// Weights of the calls and of the hook.
		type WeightInfo: WeightInfo;

		/// Sets up benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: crate::BenchmarkHelper<Self>;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit of a registered Web2 system.
		SystemDeposit,
		/// The deposit of a registered Web3 target.
		TargetDeposit,
		/// The deposit of an acting-as grant.
		GrantDeposit,
	}

	/// Registered Web2 systems.
	#[pallet::storage]
	pub type Systems<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		SystemId,
		SystemInfo<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>,
	>;

	/// The last accepted nonce of each system id (kept after deregistration).
	#[pallet::storage]
	pub type LastNonce<T: Config> = StorageMap<_, Blake2_128Concat, SystemId, u64, ValueQuery>;

	/// The number the next system registration gets.
	#[pallet::storage]
	pub type NextRegistration<T: Config> = StorageValue<_, u64, ValueQuery>;

	/// Registered Web3 targets.
	#[pallet::storage]
	pub type Targets<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		TargetId,
		TargetInfo<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>,
	>;

	/// Acting-as grants: granting account, system id.
	#[pallet::storage]
	pub type Grants<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		SystemId,
		Grant<BalanceOf<T>, BlockNumberFor<T>>,
	>;

	/// Stored receipts, by id (the ones not pruned yet).
	#[pallet::storage]
	pub type Receipts<T: Config> = StorageMap<_, Twox64Concat, u64, ShadowReceiptOf<T>>;

	/// The stored receipts of each system, in (block, id) order: see [`ReceiptKey`].
	#[pallet::storage]
	pub type SystemReceipts<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, SystemId, Identity, ReceiptKey, ()>;

	/// The id the next receipt gets.
	#[pallet::storage]
	pub type NextReceiptId<T: Config> = StorageValue<_, u64, ValueQuery>;

	/// The range receipts are currently collected in.
	#[pallet::storage]
	pub type CurrentRange<T: Config> = StorageValue<_, OpenRange<BlockNumberFor<T>>, ValueQuery>;

	/// The receipt leaves of the open range and of the committed ranges not pruned yet.
	#[pallet::storage]
	pub type RangeLeaves<T: Config> =
		StorageMap<_, Twox64Concat, u32, BoundedVec<H256, T::MaxReceiptsPerRange>, ValueQuery>;

	/// The commitment (Merkle root) of every closed range that had receipts; kept forever.
	#[pallet::storage]
	pub type RangeRoots<T: Config> =
		StorageMap<_, Twox64Concat, u32, RangeCommitment<BlockNumberFor<T>>>;

	/// Where pruning stands.
	#[pallet::storage]
	pub type Pruning<T: Config> = StorageValue<_, PruneCursor, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A Web2 system was registered.
		SystemRegistered {
			system_id: SystemId,
			owner: T::AccountId,
			key: SystemKey,
			capabilities: Capabilities,
			deposit: BalanceOf<T>,
		},
		/// A Web2 system's key was rotated: requests signed with `old_key` are refused.
		KeyRotated { system_id: SystemId, old_key: SystemKey, new_key: SystemKey },
		/// A Web2 system was deregistered (`forced`: by the force origin) and its deposit
		/// released to `owner`.
		SystemDeregistered { system_id: SystemId, owner: T::AccountId, forced: bool },
		/// A Web3 target was registered.
		TargetRegistered {
			target_id: TargetId,
			owner: T::AccountId,
			kind: TargetKind,
			interface_hash: H256,
			deposit: BalanceOf<T>,
		},
		/// A Web3 target was deregistered (`forced`: by the force origin) and its deposit
		/// released to `owner`.
		TargetDeregistered { target_id: TargetId, owner: T::AccountId, forced: bool },
		/// `account` granted (or re-granted) `system_id` the right to act for it.
		GrantSet {
			account: T::AccountId,
			system_id: SystemId,
			capabilities: Capabilities,
			expires_at: BlockNumberFor<T>,
		},
		/// `account` revoked its grant to `system_id`; its deposit was released.
		GrantRevoked { account: T::AccountId, system_id: SystemId },
		/// A bridge request was processed and its receipt stored.
		RequestProcessed {
			receipt_id: u64,
			request_id: H256,
			system_id: SystemId,
			nonce: u64,
			account: T::AccountId,
			target: TargetId,
			method: Method,
			relayer: T::AccountId,
			outcome: RequestOutcome,
		},
		/// A range closed: the Merkle root of its `count` receipts (ids `first_receipt..`).
		RangeCommitted { range: u32, root: H256, first_receipt: u64, count: u32 },
		/// Receipts `from..to` of `range` were pruned (its root stays); `complete` when the
		/// range has no receipts left.
		ReceiptsPruned { range: u32, from: u64, to: u64, complete: bool },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// An id is empty or has a byte outside printable ASCII (`0x21..=0x7e`).
		InvalidId,
		/// A system or grant must have at least one capability.
		NoCapabilities,
		/// A system with this id is registered.
		SystemExists,
		/// No system with this id is registered.
		SystemNotFound,
		/// The caller does not own the system.
		NotSystemOwner,
		/// The new key is the current key.
		SameKey,
		/// A target with this id is registered.
		TargetExists,
		/// No target with this id is registered.
		TargetNotFound,
		/// The caller does not own the target.
		NotTargetOwner,
		/// The deposit cannot be held (the free balance is too low).
		InsufficientBalance,
		/// The grant names a capability the system did not register.
		CapabilityNotOffered,
		/// The grant's expiry is not after the current block.
		ExpiryInPast,
		/// The account has no grant to the system.
		GrantNotFound,
		/// The grant was made to an earlier registration of the system id.
		StaleGrant,
		/// The grant has expired.
		GrantExpired,
		/// The params do not fit the target: a dispatch target takes a call, a record target
		/// a params hash.
		WrongParamsKind,
		/// The signature is not the system's key's over the request payload.
		BadSignature,
		/// The nonce is not greater than the system's last accepted nonce (a replay).
		StaleNonce,
		/// The call may not be dispatched by a bridge request (not mapped to a capability,
		/// or a call of this pallet).
		CallNotAllowed,
		/// The grant does not hold the capability the request needs.
		CapabilityNotGranted,
		/// The call is heavier than `MaxCallWeight`.
		CallTooHeavy,
		/// The current range holds `MaxReceiptsPerRange` receipts; retry after it closes.
		RangeFull,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			let mut weight = T::WeightInfo::on_initialize_idle();
			if let Some(closed) = Self::close_range(now) {
				weight.saturating_accrue(T::WeightInfo::close_range(closed));
			}
			if let Some(pruned) = Self::prune(now) {
				weight.saturating_accrue(T::WeightInfo::prune_receipts(pruned));
			}
			weight
		}

		fn integrity_test() {
			assert!(!T::RangeLength::get().is_zero(), "RangeLength must be > 0");
			assert!(T::MaxReceiptsPerRange::get() > 0, "MaxReceiptsPerRange must be > 0");
			assert!(T::MaxPrunePerBlock::get() > 0, "MaxPrunePerBlock must be > 0");
			let length: u64 = T::RangeLength::get().unique_saturated_into();
			assert!(
				u64::from(T::MaxPrunePerBlock::get()).saturating_mul(length)
					>= u64::from(T::MaxReceiptsPerRange::get()),
				"MaxPrunePerBlock * RangeLength must be >= MaxReceiptsPerRange"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Register a Web2 system (any signed account, which becomes its owner).
		///
		/// - `system_id`: 1 to 63 printable ASCII bytes, not registered;
		/// - `key`: the ed25519 public key that signs the system's requests;
		/// - `capabilities`: what accounts may grant it (at least one);
		/// - `metadata`: free-form, up to 256 bytes.
		///
		/// Holds `SystemDeposit` from the owner until the system is deregistered.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_system())]
		pub fn register_system(
			origin: OriginFor<T>,
			system_id: SystemId,
			key: SystemKey,
			capabilities: Capabilities,
			metadata: Metadata,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			ensure!(is_valid_id(&system_id), Error::<T>::InvalidId);
			ensure!(!capabilities.is_empty(), Error::<T>::NoCapabilities);
			ensure!(!Systems::<T>::contains_key(&system_id), Error::<T>::SystemExists);
			let deposit = T::SystemDeposit::get();
			Self::hold(HoldReason::SystemDeposit, &owner, deposit)?;
			let registration = NextRegistration::<T>::mutate(|next| {
				let this = *next;
				*next = next.saturating_add(1);
				this
			});
			Systems::<T>::insert(
				&system_id,
				SystemInfo {
					owner: owner.clone(),
					key,
					capabilities: capabilities.clone(),
					metadata,
					deposit,
					registration,
					registered_at: frame_system::Pallet::<T>::block_number(),
				},
			);
			Self::deposit_event(Event::SystemRegistered {
				system_id,
				owner,
				key,
				capabilities,
				deposit,
			});
			Ok(())
		}

		/// Replace a system's key (its owner). Requests signed with the old key are refused
		/// from now on; the nonce sequence continues.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::rotate_key())]
		pub fn rotate_key(
			origin: OriginFor<T>,
			system_id: SystemId,
			new_key: SystemKey,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let old_key = Systems::<T>::try_mutate(&system_id, |maybe| {
				let system = maybe.as_mut().ok_or(Error::<T>::SystemNotFound)?;
				ensure!(system.owner == who, Error::<T>::NotSystemOwner);
				ensure!(system.key != new_key, Error::<T>::SameKey);
				Ok::<_, Error<T>>(core::mem::replace(&mut system.key, new_key))
			})?;
			Self::deposit_event(Event::KeyRotated { system_id, old_key, new_key });
			Ok(())
		}

		/// Deregister a system (its owner) and release its deposit. Grants to it become void,
		/// even if the id is registered again; its receipts stay until pruned.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::deregister_system())]
		pub fn deregister_system(origin: OriginFor<T>, system_id: SystemId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let system = Systems::<T>::get(&system_id).ok_or(Error::<T>::SystemNotFound)?;
			ensure!(system.owner == who, Error::<T>::NotSystemOwner);
			Self::remove_system(system_id, system, false)
		}

		/// Register a Web3 target (any signed account, which becomes its owner).
		///
		/// - `target_id`: 1 to 63 printable ASCII bytes, not registered;
		/// - `kind`: `Dispatch` (requests carry a runtime call) or `Record { capability }`
		///   (requests carry a params hash and are recorded);
		/// - `interface_hash`: the hash of the target's interface description;
		/// - `metadata`: free-form, up to 256 bytes.
		///
		/// Holds `TargetDeposit` from the owner until the target is deregistered.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::register_target())]
		pub fn register_target(
			origin: OriginFor<T>,
			target_id: TargetId,
			kind: TargetKind,
			interface_hash: H256,
			metadata: Metadata,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			ensure!(is_valid_id(&target_id), Error::<T>::InvalidId);
			ensure!(!Targets::<T>::contains_key(&target_id), Error::<T>::TargetExists);
			let deposit = T::TargetDeposit::get();
			Self::hold(HoldReason::TargetDeposit, &owner, deposit)?;
			Targets::<T>::insert(
				&target_id,
				TargetInfo {
					owner: owner.clone(),
					kind,
					interface_hash,
					metadata,
					deposit,
					registered_at: frame_system::Pallet::<T>::block_number(),
				},
			);
			Self::deposit_event(Event::TargetRegistered {
				target_id,
				owner,
				kind,
				interface_hash,
				deposit,
			});
			Ok(())
		}

		/// Deregister a target (its owner) and release its deposit. Requests to it are
		/// refused from now on.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::deregister_target())]
		pub fn deregister_target(origin: OriginFor<T>, target_id: TargetId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let target = Targets::<T>::get(&target_id).ok_or(Error::<T>::TargetNotFound)?;
			ensure!(target.owner == who, Error::<T>::NotTargetOwner);
			Self::remove_target(target_id, target, false)
		}

		/// Let a registered system act for the caller with `capabilities` (a non-empty subset
		/// of the system's) until block `expires_at` (excluded, after the current block).
		///
		/// Replaces an existing grant to the same system. Holds `GrantDeposit` from the
		/// caller (once per grant) until the grant is revoked.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::grant())]
		pub fn grant(
			origin: OriginFor<T>,
			system_id: SystemId,
			capabilities: Capabilities,
			expires_at: BlockNumberFor<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let system = Systems::<T>::get(&system_id).ok_or(Error::<T>::SystemNotFound)?;
			ensure!(!capabilities.is_empty(), Error::<T>::NoCapabilities);
			ensure!(
				capabilities.iter().all(|c| system.capabilities.contains(c)),
				Error::<T>::CapabilityNotOffered
			);
			ensure!(
				expires_at > frame_system::Pallet::<T>::block_number(),
				Error::<T>::ExpiryInPast
			);
			Grants::<T>::try_mutate(&who, &system_id, |maybe| -> DispatchResult {
				let deposit = match maybe {
					Some(existing) => existing.deposit,
					None => {
						let deposit = T::GrantDeposit::get();
						Self::hold(HoldReason::GrantDeposit, &who, deposit)?;
						deposit
					},
				};
				*maybe = Some(Grant {
					capabilities: capabilities.clone(),
					expires_at,
					registration: system.registration,
					deposit,
				});
				Ok(())
			})?;
			Self::deposit_event(Event::GrantSet {
				account: who,
				system_id,
				capabilities,
				expires_at,
			});
			Ok(())
		}

		/// Revoke the caller's grant to a system, at once, and release its deposit. Works for
		/// expired grants and for grants to deregistered systems too.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::revoke_grant())]
		pub fn revoke_grant(origin: OriginFor<T>, system_id: SystemId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let grant = Grants::<T>::take(&who, &system_id).ok_or(Error::<T>::GrantNotFound)?;
			Self::release(HoldReason::GrantDeposit, &who, grant.deposit);
			Self::deposit_event(Event::GrantRevoked { account: who, system_id });
			Ok(())
		}

		/// Submit a bridge request signed by a Web2 system (any signed account relays it and
		/// pays the fee).
		///
		/// `signature` is the system key's ed25519 signature over
		/// `SCALE(RequestPayload::new(genesis_hash, request))`. The request is refused unless
		/// the system and target are registered, the params fit the target, the signature
		/// is valid, the nonce is greater than the system's last, `request.account` has a
		/// live grant to the system and the grant holds the needed capability (a record
		/// target's, or for a call the one `CallCapability` maps it to).
		///
		/// A call is dispatched with `request.account` as a signed origin, restricted to calls
		/// the grant allows; its result goes into the receipt and a failure does not fail the
		/// request. Either way a [`ShadowReceipt`] is stored and `RequestProcessed` emitted.
		#[pallet::call_index(7)]
		#[pallet::weight(Pallet::<T>::request_weight(request))]
		pub fn submit_request(
			origin: OriginFor<T>,
			request: Box<BridgeRequestOf<T>>,
			signature: SystemSignature,
		) -> DispatchResultWithPostInfo {
			let relayer = ensure_signed(origin)?;
			Self::do_submit_request(relayer, *request, signature)
		}

		/// Remove any system (force origin) and release its deposit to its owner.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::force_deregister_system())]
		pub fn force_deregister_system(
			origin: OriginFor<T>,
			system_id: SystemId,
		) -> DispatchResult {
			T::ForceOrigin::ensure_origin(origin)?;
			let system = Systems::<T>::get(&system_id).ok_or(Error::<T>::SystemNotFound)?;
			Self::remove_system(system_id, system, true)
		}

		/// Remove any target (force origin) and release its deposit to its owner.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::force_deregister_target())]
		pub fn force_deregister_target(
			origin: OriginFor<T>,
			target_id: TargetId,
		) -> DispatchResult {
			T::ForceOrigin::ensure_origin(origin)?;
			let target = Targets::<T>::get(&target_id).ok_or(Error::<T>::TargetNotFound)?;
			Self::remove_target(target_id, target, true)
		}
	}

	/// Whether `id` is a valid system or target id: 1 to 63 bytes of printable ASCII.
	pub fn is_valid_id(id: &[u8]) -> bool {
		!id.is_empty() && id.iter().all(|b| (0x21..=0x7e).contains(b))
	}

	/// The key of a receipt in [`SystemReceipts`].
	pub fn receipt_key(block: u64, receipt_id: u64) -> ReceiptKey {
		let mut key = [0u8; 16];
		key[..8].copy_from_slice(&block.to_be_bytes());
		key[8..].copy_from_slice(&receipt_id.to_be_bytes());
		key
	}

	impl<T: Config> Pallet<T> {
		/// The weight a request declares: the base, plus for a call its weight (at most
		/// `MaxCallWeight`).
		pub fn request_weight(request: &BridgeRequestOf<T>) -> Weight {
			match &request.params {
				RequestParams::Hash(_) => T::WeightInfo::submit_request_record(),
				RequestParams::Call(call) => T::WeightInfo::submit_request_dispatch()
					.saturating_add(
						call.get_dispatch_info().call_weight.min(T::MaxCallWeight::get()),
					),
			}
		}

		/// The chain's genesis hash, as signed in request payloads.
		pub fn genesis_hash() -> T::Hash {
			frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero())
		}

		/// The payload `request` must be signed over on this chain.
		pub fn payload(request: &BridgeRequestOf<T>) -> RequestPayload<T::AccountId, T::Hash> {
			RequestPayload::new(Self::genesis_hash(), request)
		}

		fn hold(reason: HoldReason, who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
			if amount.is_zero() {
				return Ok(());
			}
			T::Currency::hold(&reason.into(), who, amount)
				.map_err(|_| Error::<T>::InsufficientBalance.into())
		}

		fn release(reason: HoldReason, who: &T::AccountId, amount: BalanceOf<T>) {
			if amount.is_zero() {
				return;
			}
			if let Err(e) = T::Currency::release(&reason.into(), who, amount, Precision::BestEffort)
			{
				log::warn!(target: LOG_TARGET, "could not release {amount:?} to {who:?}: {e:?}");
			}
		}

		fn remove_system(
			system_id: SystemId,
			system: SystemInfo<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>,
			forced: bool,
		) -> DispatchResult {
			Systems::<T>::remove(&system_id);
			Self::release(HoldReason::SystemDeposit, &system.owner, system.deposit);
			Self::deposit_event(Event::SystemDeregistered {
				system_id,
				owner: system.owner,
				forced,
			});
			Ok(())
		}

		fn remove_target(
			target_id: TargetId,
			target: TargetInfo<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>,
			forced: bool,
		) -> DispatchResult {
			Targets::<T>::remove(&target_id);
			Self::release(HoldReason::TargetDeposit, &target.owner, target.deposit);
			Self::deposit_event(Event::TargetDeregistered {
				target_id,
				owner: target.owner,
				forced,
			});
			Ok(())
		}

		/// Checks a request; if it is acceptable, dispatches or records it and stores its
		/// receipt. Nothing is written before every check passed.
		fn do_submit_request(
			relayer: T::AccountId,
			request: BridgeRequestOf<T>,
			signature: SystemSignature,
		) -> DispatchResultWithPostInfo {
			let system = Systems::<T>::get(&request.system_id).ok_or(Error::<T>::SystemNotFound)?;
			let target = Targets::<T>::get(&request.target).ok_or(Error::<T>::TargetNotFound)?;
			let record_capability = match (&target.kind, &request.params) {
				(TargetKind::Record { capability }, RequestParams::Hash(_)) => Some(*capability),
				(TargetKind::Dispatch, RequestParams::Call(_)) => None,
				_ => return Err(Error::<T>::WrongParamsKind.into()),
			};

			let payload = Self::payload(&request);
			let message = payload.encode();
			ensure!(
				sp_io::crypto::ed25519_verify(&signature, &message, &system.key),
				Error::<T>::BadSignature
			);
			ensure!(
				request.nonce > LastNonce::<T>::get(&request.system_id),
				Error::<T>::StaleNonce
			);

			let grant = Grants::<T>::get(&request.account, &request.system_id)
				.ok_or(Error::<T>::GrantNotFound)?;
			ensure!(grant.registration == system.registration, Error::<T>::StaleGrant);
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(now < grant.expires_at, Error::<T>::GrantExpired);

			let needed = match (record_capability, &request.params) {
				(Some(capability), _) => capability,
				(None, RequestParams::Call(call)) => Self::call_capability(call)?,
				(None, RequestParams::Hash(_)) => return Err(Error::<T>::WrongParamsKind.into()),
			};
			ensure!(grant.capabilities.contains(&needed), Error::<T>::CapabilityNotGranted);
			if let RequestParams::Call(call) = &request.params {
				ensure!(
					call.get_dispatch_info().call_weight.all_lte(T::MaxCallWeight::get()),
					Error::<T>::CallTooHeavy
				);
			}

			let range = CurrentRange::<T>::get();
			let receipt_id = NextReceiptId::<T>::get();
			ensure!(
				receipt_id.saturating_sub(range.first_receipt)
					< u64::from(T::MaxReceiptsPerRange::get()),
				Error::<T>::RangeFull
			);

			// Every check passed: from here on the request is accepted.
			LastNonce::<T>::insert(&request.system_id, request.nonce);
			let BridgeRequest {
				system_id,
				nonce,
				account,
				target: target_id,
				method,
				params,
				compliance,
			} = request;
			let (outcome, actual_weight) = match params {
				RequestParams::Hash(_) => {
					(RequestOutcome::Recorded, T::WeightInfo::submit_request_record())
				},
				RequestParams::Call(call) => {
					let (outcome, used) = Self::dispatch_for(&account, grant.capabilities, *call);
					(outcome, T::WeightInfo::submit_request_dispatch().saturating_add(used))
				},
			};

			let receipt = ShadowReceipt {
				receipt_id,
				request_id: commitment::request_id(&payload),
				commitment: commitment::request_commitment(&payload, &signature),
				system_id: system_id.clone(),
				nonce,
				account: account.clone(),
				target: target_id.clone(),
				outcome: outcome.clone(),
				block: now,
				timestamp: u64::try_from(T::UnixTime::now().as_millis()).unwrap_or(u64::MAX),
				compliance,
				range: range.index,
			};
			RangeLeaves::<T>::try_append(range.index, commitment::receipt_leaf(&receipt))
				.map_err(|_| Error::<T>::RangeFull)?;
			SystemReceipts::<T>::insert(
				&system_id,
				receipt_key(now.unique_saturated_into(), receipt_id),
				(),
			);
			let request_id = receipt.request_id;
			Receipts::<T>::insert(receipt_id, receipt);
			// 2^64 receipts will never be reached.
			NextReceiptId::<T>::put(receipt_id.saturating_add(1));
			Self::deposit_event(Event::RequestProcessed {
				receipt_id,
				request_id,
				system_id,
				nonce,
				account,
				target: target_id,
				method,
				relayer,
				outcome,
			});
			Ok(PostDispatchInfo { actual_weight: Some(actual_weight), pays_fee: Pays::Yes })
		}

		/// The capability `call` needs, if a bridge request may dispatch it at all.
		fn call_capability(call: &<T as Config>::RuntimeCall) -> Result<Capability, Error<T>> {
			if call.is_sub_type().is_some() {
				return Err(Error::<T>::CallNotAllowed);
			}
			T::CallCapability::capability(call).ok_or(Error::<T>::CallNotAllowed)
		}

		/// Dispatches `call` with `account` as a signed origin that may only dispatch calls
		/// (nested ones included) mapped to one of `capabilities`, never this pallet's.
		/// Returns the outcome and the weight the call used.
		pub(crate) fn dispatch_for(
			account: &T::AccountId,
			capabilities: Capabilities,
			call: <T as Config>::RuntimeCall,
		) -> (RequestOutcome, Weight) {
			let mut origin: T::RuntimeOrigin =
				frame_system::RawOrigin::Signed(account.clone()).into();
			origin.add_filter(move |c: &<T as frame_system::Config>::RuntimeCall| {
				let c = <T as Config>::RuntimeCall::from_ref(c);
				c.is_sub_type().is_none()
					&& T::CallCapability::capability(c)
						.is_some_and(|cap| capabilities.contains(&cap))
			});
			let info = call.get_dispatch_info();
			if let Err(e) = T::DispatchGuard::check(account, &call) {
				return (RequestOutcome::DispatchFailed(e), Weight::zero());
			}
			let guarded = call.clone();
			let result = call.dispatch(origin);
			let used = extract_actual_weight(&result, &info);
			let outcome = match result {
				Ok(_) => {
					T::DispatchGuard::dispatched(account, &guarded);
					RequestOutcome::Dispatched
				},
				Err(e) => RequestOutcome::DispatchFailed(e.error),
			};
			(outcome, used)
		}

		/// Closes the current range if `RangeLength` blocks have passed: stores the Merkle root
		/// of its leaves (if it has any) and opens the next range at `now`. Returns the number
		/// of leaves if it closed.
		pub(crate) fn close_range(now: BlockNumberFor<T>) -> Option<u32> {
			let mut range = CurrentRange::<T>::get();
			if now < range.start.saturating_add(T::RangeLength::get()) {
				return None;
			}
			let leaves = RangeLeaves::<T>::get(range.index);
			let count = leaves.len() as u32;
			if count > 0 {
				let root = commitment::merkle_root(leaves);
				RangeRoots::<T>::insert(
					range.index,
					RangeCommitment {
						range: range.index,
						start_block: range.start,
						end_block: now,
						first_receipt: range.first_receipt,
						count,
						root,
					},
				);
				Self::deposit_event(Event::RangeCommitted {
					range: range.index,
					root,
					first_receipt: range.first_receipt,
					count,
				});
				range.index = range.index.saturating_add(1);
				range.first_receipt = range.first_receipt.saturating_add(u64::from(count));
			}
			range.start = now;
			CurrentRange::<T>::put(range);
			Some(count)
		}

		/// Prunes up to `MaxPrunePerBlock` receipts of the oldest committed range whose
		/// retention has passed. Returns the number pruned if it looked at a range.
		pub(crate) fn prune(now: BlockNumberFor<T>) -> Option<u32> {
			let mut cursor = Pruning::<T>::get();
			let commitment = RangeRoots::<T>::get(cursor.range)?;
			if now < commitment.end_block.saturating_add(T::ReceiptRetention::get()) {
				return None;
			}
			let end = commitment.first_receipt.saturating_add(u64::from(commitment.count));
			let from = cursor.next_receipt.max(commitment.first_receipt);
			let to = end.min(from.saturating_add(u64::from(T::MaxPrunePerBlock::get())));
			for id in from..to {
				if let Some(receipt) = Receipts::<T>::take(id) {
					SystemReceipts::<T>::remove(
						&receipt.system_id,
						receipt_key(receipt.block.unique_saturated_into(), id),
					);
				}
			}
			let complete = to == end;
			if complete {
				RangeLeaves::<T>::remove(cursor.range);
				cursor.range = cursor.range.saturating_add(1);
			}
			cursor.next_receipt = to;
			Pruning::<T>::put(cursor);
			Self::deposit_event(Event::ReceiptsPruned {
				range: commitment.range,
				from,
				to,
				complete,
			});
			Some((to - from) as u32)
		}

		/// The receipt `id`, if it is stored (not pruned yet).
		pub fn receipt(id: u64) -> Option<ShadowReceiptOf<T>> {
			Receipts::<T>::get(id)
		}

		/// The stored receipts of `system_id` processed in blocks `from_block..=to_block`, in
		/// (block, id) order.
		///
		/// At most `MaxReceiptsPerRange` receipts, and only whole blocks (a block never has
		/// more receipts than that): if the list is cut short, ask again from the block after
		/// the last receipt's.
		pub fn receipts(
			system_id: &[u8],
			from_block: BlockNumberFor<T>,
			to_block: BlockNumberFor<T>,
		) -> Vec<ShadowReceiptOf<T>> {
			let Ok(system_id) = SystemId::try_from(system_id.to_vec()) else {
				return Vec::new();
			};
			if from_block > to_block {
				return Vec::new();
			}
			let from: u64 = from_block.unique_saturated_into();
			let to: u64 = to_block.unique_saturated_into();
			let limit = T::MaxReceiptsPerRange::get() as usize;
			// The raw key of (system_id, from, 0) without its id: every key of a block at or
			// after `from` sorts after it, every earlier one before it.
			let mut start = SystemReceipts::<T>::hashed_key_for(&system_id, receipt_key(from, 0));
			start.truncate(start.len() - 8);
			let mut out: Vec<ShadowReceiptOf<T>> = Vec::new();
			for key in SystemReceipts::<T>::iter_key_prefix_from(&system_id, start) {
				let mut block = [0u8; 8];
				block.copy_from_slice(&key[..8]);
				let block = u64::from_be_bytes(block);
				if block > to {
					break;
				}
				if out.len() >= limit {
					// Do not return a block in part.
					let last = out.last().map(|r| r.block.unique_saturated_into());
					if last == Some(block) {
						out.retain(|r| {
							UniqueSaturatedInto::<u64>::unique_saturated_into(r.block) != block
						});
					}
					break;
				}
				let mut id = [0u8; 8];
				id.copy_from_slice(&key[8..]);
				if let Some(receipt) = Receipts::<T>::get(u64::from_be_bytes(id)) {
					out.push(receipt);
				}
			}
			out
		}

		/// The inclusion proof of receipt `id` in its range's Merkle tree, once the range is
		/// committed and while the receipt is stored.
		pub fn prove_receipt(id: u64) -> Option<ReceiptProofOf<T>> {
			let receipt = Receipts::<T>::get(id)?;
			let commitment = RangeRoots::<T>::get(receipt.range)?;
			let leaves = RangeLeaves::<T>::get(receipt.range);
			if leaves.len() as u32 != commitment.count {
				return None;
			}
			let leaf_index = u32::try_from(id.checked_sub(commitment.first_receipt)?).ok()?;
			commitment::receipt_proof(receipt, &leaves, leaf_index)
		}

		/// The commitment (Merkle root) of a closed range.
		pub fn receipt_root(range: u32) -> Option<RangeCommitment<BlockNumberFor<T>>> {
			RangeRoots::<T>::get(range)
		}

		/// Checks the pallet's invariants.
		#[cfg(any(feature = "try-runtime", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			let range = CurrentRange::<T>::get();
			let next = NextReceiptId::<T>::get();
			ensure!(
				RangeLeaves::<T>::decode_len(range.index).unwrap_or(0) as u64
					== next.saturating_sub(range.first_receipt),
				"the open range's leaves and the receipt ids disagree"
			);
			let cursor = Pruning::<T>::get();
			ensure!(cursor.range <= range.index, "pruning is ahead of the committed ranges");
			ensure!(
				Receipts::<T>::iter_keys().count() as u64
					== next.saturating_sub(cursor.next_receipt),
				"stored receipts are not exactly the unpruned ones"
			);
			ensure!(
				SystemReceipts::<T>::iter_keys().count() == Receipts::<T>::iter_keys().count(),
				"the per-system index and the receipts disagree"
			);
			for (id, receipt) in Receipts::<T>::iter() {
				ensure!(id == receipt.receipt_id, "a receipt is stored under another id");
				ensure!(
					id >= cursor.next_receipt && id < next,
					"a receipt outside the unpruned ids is stored"
				);
			}
			Ok(())
		}
	}
}
