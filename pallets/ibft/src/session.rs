//! The authority set: its initialization at genesis and its changes at session boundaries.

use crate::{
	AuthorityId, AuthoritySets, BoundedAuthorityList, Config, CurrentSetId, Event, Pallet, Reports,
	SetId,
};
use alloc::vec::Vec;
use frame_support::{
	dispatch::DispatchClass,
	traits::{Get, OneSessionHandler},
};
use frame_system::pallet_prelude::BlockNumberFor;
use metanode_ibft_primitives::{ConsensusLog, RUNTIME_LOG_TARGET as LOG_TARGET};
use sp_runtime::{traits::Zero, BoundToRuntimeAppPublic};

impl<T: Config> Pallet<T> {
	/// Stores the genesis set (set 0). Called by the genesis config and by
	/// `on_genesis_session`; if both provide authorities, they must agree.
	///
	/// Panics on an inconsistent genesis (duplicate keys, two different genesis sets, more
	/// authorities than `MaxAuthorities`), which must not produce a chain.
	pub(crate) fn initialize(authorities: Vec<AuthorityId>) {
		if authorities.is_empty() {
			return;
		}
		let count = authorities.len();
		let authorities = normalize(authorities);
		assert_eq!(authorities.len(), count, "IBFT genesis authorities contain a duplicate key");
		match AuthoritySets::<T>::get(0) {
			Some(existing) => assert_eq!(
				existing.into_inner(),
				authorities,
				"IBFT genesis authorities are given twice, and differ"
			),
			None => {
				let bounded = BoundedAuthorityList::<T::MaxAuthorities>::try_from(authorities)
					.expect("IBFT: more genesis authorities than `MaxAuthorities`");
				AuthoritySets::<T>::insert(0, bounded);
			},
		}
	}

	/// Makes `next` the current set, under the next set id, from the current block on: stores
	/// it, prunes the set that leaves the reporting window, and announces the change with the
	/// `ScheduledChange` digest (delay 0) and [`Event::NewAuthoritySet`].
	fn change_set(next: Vec<AuthorityId>) {
		// A `u64` that grows by one per session does not overflow.
		let set_id = CurrentSetId::<T>::get().saturating_add(1);
		let next = BoundedAuthorityList::<T::MaxAuthorities>::force_from(
			next,
			Some("IBFT: more authorities than `MaxAuthorities`; adjust the runtime configuration"),
		);
		CurrentSetId::<T>::put(set_id);
		AuthoritySets::<T>::insert(set_id, &next);
		let pruned = Self::prune_before(set_id);

		frame_system::Pallet::<T>::deposit_log(
			ConsensusLog::ScheduledChange {
				next_authorities: next.to_vec(),
				delay: BlockNumberFor::<T>::zero(),
			}
			.into_digest_item(),
		);
		Self::deposit_event(Event::NewAuthoritySet { set_id, authorities: next.into_inner() });

		// `pallet-session` does not account for its handlers' work: register it here.
		let db = T::DbWeight::get();
		frame_system::Pallet::<T>::register_extra_weight_unchecked(
			db.reads_writes(2, 4 + u64::from(pruned)),
			DispatchClass::Mandatory,
		);
	}

	/// Removes the set that falls out of the reporting window when `newest` is added, and its
	/// reports. Returns the number of report entries removed.
	fn prune_before(newest: SetId) -> u32 {
		let keep = SetId::from(T::ReportableSets::get().max(1));
		let Some(old) = newest.checked_sub(keep) else { return 0 };
		let size = AuthoritySets::<T>::take(old).map_or(0, |set| set.len());
		// Only authorities of a set can have reports in it, so this limit removes them all.
		let limit = T::MaxAuthorities::get().max(u32::try_from(size).unwrap_or(u32::MAX));
		Reports::<T>::clear_prefix(old, limit, None).unique
	}
}

/// Sorts and deduplicates a list of authorities.
fn normalize(mut authorities: Vec<AuthorityId>) -> Vec<AuthorityId> {
	authorities.sort();
	authorities.dedup();
	authorities
}

impl<T: Config> BoundToRuntimeAppPublic for Pallet<T> {
	type Public = AuthorityId;
}

impl<T: Config> OneSessionHandler<T::AccountId> for Pallet<T> {
	type Key = AuthorityId;

	fn on_genesis_session<'a, I>(validators: I)
	where
		I: 'a + Iterator<Item = (&'a T::AccountId, AuthorityId)>,
	{
		Self::initialize(validators.map(|(_, key)| key).collect());
	}

	/// A new session starts in this block with `validators`. If their IBFT keys differ from
	/// the current set's, the new set takes effect from this block on (see
	/// [`Pallet::change_set`]). Set ids count changes of the key set, not sessions: a
	/// session with the same keys keeps the same set.
	fn on_new_session<'a, I>(changed: bool, validators: I, _queued_validators: I)
	where
		I: 'a + Iterator<Item = (&'a T::AccountId, AuthorityId)>,
	{
		// Unchanged keys keep the set, unless there is none yet (the pallet was added to a
		// running chain without genesis authorities).
		if !changed && AuthoritySets::<T>::contains_key(CurrentSetId::<T>::get()) {
			return;
		}
		let next = normalize(validators.map(|(_, key)| key).collect());
		if next.is_empty() {
			log::error!(target: LOG_TARGET, "a session without validators: the IBFT set is kept");
			return;
		}
		let unchanged = AuthoritySets::<T>::get(CurrentSetId::<T>::get())
			.is_some_and(|current| current.as_slice() == next.as_slice());
		if !unchanged {
			Self::change_set(next);
		}
	}

	/// IBFT has no partial disabling: a disabled validator stays in the set until the next
	/// set change (its equivocations are still reported and recorded).
	fn on_disabled(_validator_index: u32) {}
}
