//! # IBFT pallet
//!
//! The runtime side of Metanode's IBFT finality gadget (see `shared/design/IBFT.md` and the
//! `metanode-ibft-core` crate). It does two things:
//!
//! * **It keeps the IBFT authority set**, tied to the session keys. As a
//!   [`OneSessionHandler`](frame_support::traits::OneSessionHandler) of `pallet-session`, it
//!   learns each new session's validators with their IBFT keys. When the set of keys changes,
//!   it bumps the set id and deposits a
//!   [`ConsensusLog::ScheduledChange`](metanode_ibft_primitives::ConsensusLog) digest (with a
//!   delay of zero) in the session's first block. Every node applies the change once that
//!   block is finalized, so all of them switch sets at the same height. At any block, the
//!   runtime API's `authorities()` and `current_set_id()` (served by [`Pallet::authorities`]
//!   and [`Pallet::current_set_id`]) are the set that decides the heights after that block.
//!
//! * **It accepts equivocation reports.** A validator that signs two different PROPOSALs,
//!   PREPAREs or COMMITs for the same `(set id, height, round)` has equivocated, and the two
//!   signed messages are the proof. [`Call::report_equivocation_unsigned`] takes such a proof
//!   as an *authorized* transaction (`#[pallet::authorize]`, checked by
//!   `frame_system::AuthorizeCall`, no signed origin, no fee). The proof is verified with
//!   [`metanode_ibft_core::verify_equivocation`] against the stored set of its set id. Only
//!   one report per offender and `(set id, height, round)` is accepted. It is recorded in
//!   [`Reports`], announced as [`Event::EquivocationReported`] and handed to
//!   [`Config::OnOffence`], where slashing can plug in.
//!
//! ## Set ids and history
//!
//! Genesis is set 0. Every change increments the set id by one, and the digest is the only
//! signal the client needs. The sets of the last [`Config::ReportableSets`] set ids, the
//! current one included, are kept in [`AuthoritySets`]. Reports are accepted for those sets
//! only, and older sets are pruned together with their reports. So storage stays bounded:
//! at most `ReportableSets` sets of at most `MaxAuthorities` keys, each with at most
//! `MaxAuthorities` offenders of at most `MaxReportsPerOffender` recorded slots.
//!
//! ## Runtime wiring
//!
//! Add `pallet_ibft::Pallet` to the session keys (`impl_opaque_keys!`) and to the runtime.
//! Keep `frame_system::AuthorizeCall` in the transaction extensions, and implement
//! `frame_system::offchain::CreateAuthorizedTransaction` so that
//! [`Pallet::submit_unsigned_equivocation_report`] can build the report transaction. Then
//! implement `metanode_ibft_primitives::IbftApi` with [`Pallet::authorities`],
//! [`Pallet::current_set_id`] and [`Pallet::submit_unsigned_equivocation_report`].

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod equivocation;
mod session;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use equivocation::{EquivocationOffence, OnEquivocation};
pub use metanode_ibft_primitives::{
	self as ibft_primitives, AuthorityId, AuthorityList, EquivocationProof, Height, Round, SetId,
};
pub use pallet::*;
pub use weights::WeightInfo;

use frame_support::WeakBoundedVec;

/// A stored authority set: sorted, without duplicates, and (weakly) bounded by `Limit`.
///
/// It is weakly bounded, as in `pallet-grandpa`: the validators come from `pallet-session`,
/// and refusing a set for being too large would leave finality to a set of validators that
/// may be gone. A too-large set is stored anyway, with a warning.
pub type BoundedAuthorityList<Limit> = WeakBoundedVec<AuthorityId, Limit>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::boxed::Box;
	use frame_support::{
		dispatch::{DispatchResultWithPostInfo, Pays, PostDispatchInfo},
		pallet_prelude::*,
	};
	use frame_system::{ensure_authorized, pallet_prelude::*};

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// The largest authority set, and so the bound on every stored set.
		#[pallet::constant]
		type MaxAuthorities: Get<u32>;

		/// How many of the most recent authority sets, the current one included, equivocation
		/// reports are accepted for. A set keeps deciding until the block that replaces it is
		/// finalized, so this should be at least 2. Older sets are pruned with their reports.
		#[pallet::constant]
		type ReportableSets: Get<u32>;

		/// How many equivocations of one authority are recorded per set. Further reports
		/// against it are refused with [`Error::TooManyReports`].
		#[pallet::constant]
		type MaxReportsPerOffender: Get<u32>;

		/// Receives every accepted equivocation, after it is recorded (for example, to slash
		/// the offender). Use `()` to only record the report and emit the event.
		type OnOffence: OnEquivocation;
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A new authority set takes effect once the current block is finalized. The block
		/// carries the matching `ScheduledChange` digest.
		NewAuthoritySet {
			/// The new set's id.
			set_id: SetId,
			/// Its authorities, sorted.
			authorities: AuthorityList,
		},
		/// An equivocation was proven and recorded.
		EquivocationReported {
			/// The authority that signed two conflicting messages.
			offender: AuthorityId,
			/// The set it signed them in.
			set_id: SetId,
			/// The height of both messages.
			height: Height,
			/// The round of both messages.
			round: Round,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The proof's set id is neither the current set nor one of the recent sets still
		/// kept for reports (it is in the future, or too old).
		WrongSetId,
		/// The signer is not an authority of the proof's set.
		NotAnAuthority,
		/// The two messages have different signers.
		DifferentSigners,
		/// The two messages are for different set ids, heights or rounds.
		DifferentSlots,
		/// The two messages are identical: nothing conflicts.
		NotConflicting,
		/// A signature of the proof does not verify.
		InvalidSignature,
		/// This offender's equivocation at this set id, height and round was already
		/// reported.
		DuplicateReport,
		/// This offender already has `MaxReportsPerOffender` reports in this set.
		TooManyReports,
	}

	/// The id of the current authority set: the number of changes since genesis.
	#[pallet::storage]
	pub type CurrentSetId<T: Config> = StorageValue<_, SetId, ValueQuery>;

	/// The authority sets by set id, sorted: the current set and the recent ones still kept
	/// for equivocation reports.
	///
	/// TWOX-NOTE: set ids are not under user control.
	#[pallet::storage]
	pub type AuthoritySets<T: Config> =
		StorageMap<_, Twox64Concat, SetId, BoundedAuthorityList<T::MaxAuthorities>, OptionQuery>;

	/// The recorded equivocations: for a set id and an offender, the `(height, round)` slots
	/// it was reported for. Pruned with the set.
	#[pallet::storage]
	pub type Reports<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		SetId,
		Blake2_128Concat,
		AuthorityId,
		BoundedVec<(Height, Round), T::MaxReportsPerOffender>,
		ValueQuery,
	>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The authorities of set 0. They may instead come from `pallet-session`'s genesis
		/// keys (through `on_genesis_session`). If both are given, they must agree.
		pub authorities: AuthorityList,
		#[serde(skip)]
		#[doc(hidden)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			Pallet::<T>::initialize(self.authorities.clone());
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxAuthorities::get() > 0, "MaxAuthorities must be positive");
			assert!(T::ReportableSets::get() > 0, "ReportableSets must be positive");
			assert!(T::MaxReportsPerOffender::get() > 0, "MaxReportsPerOffender must be positive");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Reports an equivocation: two conflicting PROPOSALs, PREPAREs or COMMITs signed by
		/// one authority for the same set id, height and round.
		///
		/// The call has no signed origin and pays no fee. It is an authorized call: the
		/// `frame_system::AuthorizeCall` transaction extension runs the same checks as the call
		/// before the transaction enters the pool or a block. It is accepted only from the
		/// local node (the `IbftApi` runtime API submits it) and never gossiped, so the
		/// validator that detects the equivocation includes the report in a block it authors.
		///
		/// The proof must be for the current set or one of the recent ones kept (see
		/// [`Config::ReportableSets`]), from one of its authorities, with two different
		/// messages for one slot, both validly signed. It must also not be reported yet. On
		/// success the slot is recorded in [`Reports`], [`Event::EquivocationReported`] is
		/// emitted and [`Config::OnOffence`] is called.
		#[pallet::call_index(0)]
		#[pallet::weight(
			T::WeightInfo::report_equivocation_unsigned(T::MaxAuthorities::get())
				.saturating_add(T::OnOffence::weight())
		)]
		#[pallet::authorize(|source, proof| Pallet::<T>::authorize_report(source, proof))]
		#[pallet::weight_of_authorize(T::WeightInfo::authorize_report_equivocation_unsigned(
			T::MaxAuthorities::get()
		))]
		pub fn report_equivocation_unsigned(
			origin: OriginFor<T>,
			equivocation_proof: Box<EquivocationProof>,
		) -> DispatchResultWithPostInfo {
			ensure_authorized(origin)?;
			let offence = Self::check_equivocation(&equivocation_proof)?;
			let actual_weight =
				T::WeightInfo::report_equivocation_unsigned(offence.validator_set_count)
					.saturating_add(T::OnOffence::weight());
			Self::record_equivocation(offence)?;
			Ok(PostDispatchInfo { actual_weight: Some(actual_weight), pays_fee: Pays::No })
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The authorities that decide the heights after the current block is finalized, sorted
	/// (what `IbftApi::authorities` returns). Empty before the pallet is initialized.
	pub fn authorities() -> AuthorityList {
		Self::authority_set(CurrentSetId::<T>::get()).unwrap_or_default()
	}

	/// The id of the set returned by [`Pallet::authorities`] (what `IbftApi::current_set_id`
	/// returns).
	pub fn current_set_id() -> SetId {
		CurrentSetId::<T>::get()
	}

	/// The authorities of set `set_id`, if it is still kept.
	pub fn authority_set(set_id: SetId) -> Option<AuthorityList> {
		AuthoritySets::<T>::get(set_id).map(|set| set.into_inner())
	}

	/// Whether `offender`'s equivocation at `(set_id, height, round)` is recorded.
	pub fn is_reported(
		offender: &AuthorityId,
		set_id: SetId,
		height: Height,
		round: Round,
	) -> bool {
		Reports::<T>::get(set_id, offender).contains(&(height, round))
	}

	/// Checks the pallet's invariants: the current set is stored (once initialized), every
	/// stored set is sorted, distinct, within the reporting window, and every report belongs
	/// to a stored set and to one of its authorities.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use frame_support::{ensure, traits::Get};
		let current = CurrentSetId::<T>::get();
		let keep = SetId::from(T::ReportableSets::get().max(1));
		ensure!(
			current == 0 || AuthoritySets::<T>::contains_key(current),
			"the current authority set is missing"
		);
		for (set_id, set) in AuthoritySets::<T>::iter() {
			ensure!(set_id <= current, "an authority set is newer than the current one");
			ensure!(current - set_id < keep, "an authority set outlived the reporting window");
			ensure!(!set.is_empty(), "an authority set is empty");
			ensure!(set.windows(2).all(|w| w[0] < w[1]), "an authority set is not sorted");
		}
		for (set_id, offender, slots) in Reports::<T>::iter() {
			let set = AuthoritySets::<T>::get(set_id).ok_or("a report outlived its set")?;
			ensure!(set.binary_search(&offender).is_ok(), "a report against a non-authority");
			ensure!(!slots.is_empty(), "an empty report entry");
		}
		Ok(())
	}
}
