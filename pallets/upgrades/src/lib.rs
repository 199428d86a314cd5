//! # Upgrades pallet
//!
//! Forkless runtime upgrades by governance, on top of `frame_system`'s
//! `authorize_upgrade` / `apply_authorized_upgrade`.
//!
//! 1. **Propose.** [`Config::ProposeOrigin`] (in the runtime: root or a two-thirds Council
//!    motion) proposes a new runtime by the hash of its code ([`Pallet::propose`]). The
//!    upgrade is authorized [`EnactmentDelay`] blocks later, giving operators and users
//!    notice (and time to [`Pallet::cancel`] it).
//! 2. **Fast-track.** [`Config::FastTrackOrigin`] (in the runtime: root or a two-thirds
//!    Technical Committee motion) may authorize the pending upgrade at once
//!    ([`Pallet::fast_track`]), for urgent fixes. It can only speed up what was proposed,
//!    never approve code on its own.
//! 3. **Apply.** Once authorized, anyone submits the code with
//!    `system.apply_authorized_upgrade(code)`: `frame_system` checks its hash against the
//!    authorization, that the spec name is unchanged and that the spec version increases,
//!    and hands it to this pallet, which stages it (below). The new runtime runs from the
//!    block after the staged code is written; its migrations run then.
//!
//! Root (sudo on dev and test networks) can also upgrade directly with `system.set_code`.
//!
//! ## Staged code
//!
//! The pallet is also the runtime's `frame_system::Config::OnSetCode`: code accepted by
//! `set_code` or `apply_authorized_upgrade` (after `frame_system`'s checks) is first
//! **staged** ([`StagedCode`], [`StagedCodeBlob`]) and written to `:code` only
//! [`Config::CodeApplicationDelay`] blocks later, in `on_initialize`. Every node thus holds the
//! new code in its state some blocks before it must execute it, and the `metanode` node
//! compiles it in the background meanwhile (`node/src/prewarm.rs`): the first block of the
//! new runtime is not held up while every validator compiles it at once.

#![cfg_attr(not(feature = "std"), no_std)]

pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use pallet::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use codec::{Decode, Encode, MaxEncodedLen};

extern crate alloc;
use scale_info::TypeInfo;

/// An upgrade proposed and waiting for its enactment block.
#[derive(Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen)]
pub struct PendingUpgrade<Hash, BlockNumber> {
	/// The hash of the new runtime's code (blake2-256 of the Wasm blob).
	pub code_hash: Hash,
	/// The block it was proposed in.
	pub proposed_at: BlockNumber,
	/// The block in which it will be authorized, unless fast-tracked or cancelled first.
	pub enact_at: BlockNumber,
}

/// New runtime code waiting for its block ([`StagedCodeBlob`] holds the code itself).
#[derive(Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen)]
pub struct StagedUpgrade<Hash, BlockNumber> {
	/// The code's hash (blake2-256).
	pub code_hash: Hash,
	/// The block whose `on_initialize` writes it to `:code`; it runs from the block after.
	pub apply_at: BlockNumber,
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::Saturating;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// Who may propose an upgrade and change the enactment delay (root or a two-thirds
		/// Council motion in the runtime).
		type ProposeOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Who may authorize the pending upgrade at once (root or a two-thirds Technical
		/// Committee motion in the runtime).
		type FastTrackOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Who may cancel the pending upgrade (root, the Council or the Technical Committee in
		/// the runtime).
		type CancelOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// How many blocks after `set_code` the code is written to `:code` (see the module
		/// docs): long enough for every node to compile it beforehand.
		#[pallet::constant]
		type CodeApplicationDelay: Get<BlockNumberFor<Self>>;

		/// The largest runtime code that can be staged, in bytes.
		#[pallet::constant]
		type MaxCodeSize: Get<u32>;

		/// Weights of this pallet's calls and hook.
		type WeightInfo: WeightInfo;
	}

	/// The code accepted by `set_code` and waiting for its block, if any.
	#[pallet::storage]
	pub type StagedCode<T: Config> =
		StorageValue<_, StagedUpgrade<T::Hash, BlockNumberFor<T>>, OptionQuery>;

	/// The bytes of [`StagedCode`].
	#[pallet::storage]
	pub type StagedCodeBlob<T: Config> =
		StorageValue<_, BoundedVec<u8, T::MaxCodeSize>, OptionQuery>;

	/// The upgrade waiting for its enactment block, if any (one at a time).
	#[pallet::storage]
	pub type Pending<T: Config> =
		StorageValue<_, PendingUpgrade<T::Hash, BlockNumberFor<T>>, OptionQuery>;

	/// How many blocks after it is proposed an upgrade is authorized.
	#[pallet::storage]
	pub type EnactmentDelay<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The enactment delay at genesis, in blocks.
		pub enactment_delay: BlockNumberFor<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			EnactmentDelay::<T>::put(self.enactment_delay);
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An upgrade was proposed; it is authorized in block `enact_at`.
		UpgradeProposed { code_hash: T::Hash, enact_at: BlockNumberFor<T> },
		/// The pending upgrade was fast-tracked: it is authorized now.
		UpgradeFastTracked { code_hash: T::Hash },
		/// The upgrade is authorized: anyone may now apply its code with
		/// `system.apply_authorized_upgrade`.
		UpgradeAuthorized { code_hash: T::Hash },
		/// The pending upgrade was cancelled.
		UpgradeCancelled { code_hash: T::Hash },
		/// The enactment delay changed.
		EnactmentDelaySet { blocks: BlockNumberFor<T> },
		/// New code passed `set_code`'s checks: it becomes the runtime's code in block
		/// `apply_at` and runs from the block after.
		CodeStaged { code_hash: T::Hash, apply_at: BlockNumberFor<T> },
		/// The staged code was written to `:code`; it runs from the next block.
		CodeApplied { code_hash: T::Hash },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// An upgrade is already pending: cancel it first, or wait for it.
		UpgradePending,
		/// No upgrade is pending.
		NoPendingUpgrade,
		/// The code hash is not the pending upgrade's.
		CodeHashMismatch,
		/// Code is already staged and waiting for its block.
		CodeAlreadyStaged,
		/// The code is larger than `MaxCodeSize`.
		CodeTooLarge,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			let mut weight = match Pending::<T>::get() {
				Some(pending) if pending.enact_at <= now => {
					Pending::<T>::kill();
					Self::authorize(pending.code_hash);
					T::WeightInfo::on_initialize_enact()
				},
				_ => T::WeightInfo::on_initialize_idle(),
			};
			weight = weight.saturating_add(T::DbWeight::get().reads(1));
			if let Some(staged) = StagedCode::<T>::get().filter(|s| s.apply_at <= now) {
				weight = weight.saturating_add(Self::apply_staged(staged));
			}
			weight
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Proposes the runtime whose code hashes to `code_hash`: it is authorized
		/// [`EnactmentDelay`] blocks from now. [`Config::ProposeOrigin`] only.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::propose())]
		pub fn propose(origin: OriginFor<T>, code_hash: T::Hash) -> DispatchResult {
			T::ProposeOrigin::ensure_origin(origin)?;
			ensure!(!Pending::<T>::exists(), Error::<T>::UpgradePending);
			let now = frame_system::Pallet::<T>::block_number();
			let enact_at = now.saturating_add(EnactmentDelay::<T>::get());
			Pending::<T>::put(PendingUpgrade { code_hash, proposed_at: now, enact_at });
			Self::deposit_event(Event::UpgradeProposed { code_hash, enact_at });
			Ok(())
		}

		/// Authorizes the pending upgrade now, if its code hash is `code_hash` (so a motion
		/// cannot fast-track a different upgrade than the one its members read).
		/// [`Config::FastTrackOrigin`] only.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::fast_track())]
		pub fn fast_track(origin: OriginFor<T>, code_hash: T::Hash) -> DispatchResult {
			T::FastTrackOrigin::ensure_origin(origin)?;
			let pending = Pending::<T>::get().ok_or(Error::<T>::NoPendingUpgrade)?;
			ensure!(pending.code_hash == code_hash, Error::<T>::CodeHashMismatch);
			Pending::<T>::kill();
			Self::deposit_event(Event::UpgradeFastTracked { code_hash });
			Self::authorize(code_hash);
			Ok(())
		}

		/// Cancels the pending upgrade. [`Config::CancelOrigin`] only.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::cancel())]
		pub fn cancel(origin: OriginFor<T>) -> DispatchResult {
			T::CancelOrigin::ensure_origin(origin)?;
			let pending = Pending::<T>::take().ok_or(Error::<T>::NoPendingUpgrade)?;
			Self::deposit_event(Event::UpgradeCancelled { code_hash: pending.code_hash });
			Ok(())
		}

		/// Sets the enactment delay of upgrades proposed from now on.
		/// [`Config::ProposeOrigin`] only.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::set_enactment_delay())]
		pub fn set_enactment_delay(
			origin: OriginFor<T>,
			blocks: BlockNumberFor<T>,
		) -> DispatchResult {
			T::ProposeOrigin::ensure_origin(origin)?;
			EnactmentDelay::<T>::put(blocks);
			Self::deposit_event(Event::EnactmentDelaySet { blocks });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// Writes the staged code to `:code` (through `frame_system`, which emits
		/// `CodeUpdated`); the new runtime runs from the next block.
		fn apply_staged(staged: StagedUpgrade<T::Hash, BlockNumberFor<T>>) -> Weight {
			StagedCode::<T>::kill();
			let Some(code) = StagedCodeBlob::<T>::take() else {
				log::error!(target: "runtime::upgrades", "staged code without its bytes: dropped");
				return T::DbWeight::get().reads_writes(1, 1);
			};
			let len = code.len() as u64;
			frame_system::Pallet::<T>::update_code_in_storage(&code);
			Self::deposit_event(Event::CodeApplied { code_hash: staged.code_hash });
			// Reading and writing the code: count its bytes as a full block's worth would be
			// too much; a write per 64 KiB is the order of magnitude of the trie work.
			T::DbWeight::get().reads_writes(2, 3u64.saturating_add(len / 65_536))
		}

		/// Authorizes `code_hash` in `frame_system`, with the spec name and version checks.
		fn authorize(code_hash: T::Hash) {
			frame_system::Pallet::<T>::do_authorize_upgrade(code_hash, true);
			Self::deposit_event(Event::UpgradeAuthorized { code_hash });
		}
	}
}

/// `frame_system`'s `OnSetCode`: stages the code instead of writing it at once (see the
/// [module docs](crate)).
impl<T: Config> frame_system::SetCode<T> for Pallet<T> {
	fn set_code(code: Vec<u8>) -> sp_runtime::DispatchResult {
		use frame_support::{ensure, traits::Get};
		use sp_runtime::traits::{Hash, Saturating};
		ensure!(!StagedCode::<T>::exists(), Error::<T>::CodeAlreadyStaged);
		let code_hash = T::Hashing::hash(&code);
		let blob: frame_support::BoundedVec<u8, T::MaxCodeSize> =
			code.try_into().map_err(|_| Error::<T>::CodeTooLarge)?;
		let apply_at = frame_system::Pallet::<T>::block_number()
			.saturating_add(T::CodeApplicationDelay::get());
		StagedCodeBlob::<T>::put(blob);
		StagedCode::<T>::put(StagedUpgrade { code_hash, apply_at });
		Pallet::<T>::deposit_event(Event::CodeStaged { code_hash, apply_at });
		Ok(())
	}
}
