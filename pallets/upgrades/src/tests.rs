//! Tests of proposing, fast-tracking, enacting and cancelling upgrades.

use crate::{mock::*, Error, Event, Pending, PendingUpgrade};
use frame_support::{assert_noop, assert_ok, traits::Hooks};
use sp_core::H256;
use sp_runtime::{traits::BadOrigin, DispatchError};

fn hash(byte: u8) -> H256 {
	H256::repeat_byte(byte)
}

/// The code hash `frame_system` has authorized, if any.
fn authorized() -> Option<H256> {
	#[allow(deprecated)]
	System::authorized_upgrade().map(|a| *a.code_hash())
}

fn run_to(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Upgrades::on_initialize(next);
	}
}

#[test]
fn a_proposal_is_authorized_after_the_enactment_delay() {
	new_test_ext().execute_with(|| {
		assert_ok!(Upgrades::propose(RuntimeOrigin::signed(COUNCIL), hash(1)));
		System::assert_last_event(
			Event::UpgradeProposed { code_hash: hash(1), enact_at: 1 + DELAY }.into(),
		);
		assert_eq!(
			Pending::<Test>::get(),
			Some(PendingUpgrade { code_hash: hash(1), proposed_at: 1, enact_at: 1 + DELAY })
		);
		run_to(DELAY);
		assert_eq!(authorized(), None);
		run_to(DELAY + 1);
		assert_eq!(authorized(), Some(hash(1)));
		assert_eq!(Pending::<Test>::get(), None);
		// Always with the spec name and version checks.
		System::assert_has_event(
			frame_system::Event::UpgradeAuthorized { code_hash: hash(1), check_version: true }
				.into(),
		);
		System::assert_last_event(Event::UpgradeAuthorized { code_hash: hash(1) }.into());
	});
}

#[test]
fn the_technical_committee_fast_tracks_only_the_pending_upgrade() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Upgrades::fast_track(RuntimeOrigin::signed(TECH), hash(1)),
			Error::<Test>::NoPendingUpgrade
		);
		assert_ok!(Upgrades::propose(RuntimeOrigin::signed(COUNCIL), hash(1)));
		assert_noop!(
			Upgrades::fast_track(RuntimeOrigin::signed(TECH), hash(2)),
			Error::<Test>::CodeHashMismatch
		);
		assert_noop!(Upgrades::fast_track(RuntimeOrigin::signed(COUNCIL), hash(1)), BadOrigin);
		assert_ok!(Upgrades::fast_track(RuntimeOrigin::signed(TECH), hash(1)));
		assert_eq!(authorized(), Some(hash(1)));
		assert_eq!(Pending::<Test>::get(), None);
		System::assert_has_event(Event::UpgradeFastTracked { code_hash: hash(1) }.into());
		// Nothing is left to enact later.
		run_to(DELAY + 5);
		assert_eq!(authorized(), Some(hash(1)));
	});
}

#[test]
fn only_the_propose_origin_proposes_and_one_upgrade_is_pending_at_a_time() {
	new_test_ext().execute_with(|| {
		for who in [TECH, STRANGER] {
			assert_noop!(Upgrades::propose(RuntimeOrigin::signed(who), hash(1)), BadOrigin);
		}
		assert_ok!(Upgrades::propose(RuntimeOrigin::root(), hash(1)));
		assert_noop!(
			Upgrades::propose(RuntimeOrigin::signed(COUNCIL), hash(2)),
			Error::<Test>::UpgradePending
		);
	});
}

#[test]
fn a_cancelled_upgrade_is_never_authorized() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Upgrades::cancel(RuntimeOrigin::signed(TECH)),
			Error::<Test>::NoPendingUpgrade
		);
		assert_ok!(Upgrades::propose(RuntimeOrigin::signed(COUNCIL), hash(1)));
		assert_noop!(Upgrades::cancel(RuntimeOrigin::signed(STRANGER)), BadOrigin);
		assert_ok!(Upgrades::cancel(RuntimeOrigin::signed(TECH)));
		System::assert_last_event(Event::UpgradeCancelled { code_hash: hash(1) }.into());
		run_to(2 * DELAY);
		assert_eq!(authorized(), None);
		// A new proposal may follow.
		assert_ok!(Upgrades::propose(RuntimeOrigin::signed(COUNCIL), hash(2)));
	});
}

#[test]
fn the_enactment_delay_is_set_by_the_propose_origin() {
	new_test_ext().execute_with(|| {
		assert_noop!(Upgrades::set_enactment_delay(RuntimeOrigin::signed(TECH), 1), BadOrigin);
		assert_ok!(Upgrades::set_enactment_delay(RuntimeOrigin::signed(COUNCIL), 0));
		System::assert_last_event(Event::EnactmentDelaySet { blocks: 0 }.into());
		assert_ok!(Upgrades::propose(RuntimeOrigin::signed(COUNCIL), hash(3)));
		run_to(2);
		assert_eq!(authorized(), Some(hash(3)));
	});
}

#[test]
fn the_authorized_code_is_applied_through_frame_system_with_its_checks() {
	new_test_ext().execute_with(|| {
		assert_ok!(Upgrades::propose(RuntimeOrigin::signed(COUNCIL), hash(1)));
		assert_ok!(Upgrades::fast_track(RuntimeOrigin::signed(TECH), hash(1)));
		// Code whose hash is not the authorized one is refused.
		let err = System::apply_authorized_upgrade(RuntimeOrigin::none(), vec![1, 2, 3])
			.map_err(|e| e.error)
			.unwrap_err();
		assert_eq!(err, DispatchError::from(frame_system::Error::<Test>::Unauthorized));
	});
}

#[test]
fn accepted_code_is_staged_and_written_to_code_later() {
	use crate::{StagedCode, StagedCodeBlob};
	use sp_runtime::traits::{BlakeTwo256, Hash};
	new_test_ext().execute_with(|| {
		let code = vec![7u8; 100];
		let code_hash = BlakeTwo256::hash(&code);
		let before = sp_io::storage::get(sp_core::storage::well_known_keys::CODE);
		assert_ok!(System::set_code_without_checks(RuntimeOrigin::root(), code.clone()));
		System::assert_last_event(Event::CodeStaged { code_hash, apply_at: 1 + CODE_DELAY }.into());
		assert_eq!(StagedCodeBlob::<Test>::get().unwrap().to_vec(), code);
		assert_eq!(sp_io::storage::get(sp_core::storage::well_known_keys::CODE), before);
		// One upgrade at a time.
		assert_noop!(
			System::set_code_without_checks(RuntimeOrigin::root(), vec![8u8; 10]),
			Error::<Test>::CodeAlreadyStaged
		);
		run_to(CODE_DELAY);
		assert_eq!(sp_io::storage::get(sp_core::storage::well_known_keys::CODE), before);
		run_to(1 + CODE_DELAY);
		assert_eq!(
			sp_io::storage::get(sp_core::storage::well_known_keys::CODE).map(|c| c.to_vec()),
			Some(code)
		);
		System::assert_has_event(frame_system::Event::CodeUpdated { hash: code_hash }.into());
		System::assert_last_event(Event::CodeApplied { code_hash }.into());
		assert!(StagedCode::<Test>::get().is_none() && StagedCodeBlob::<Test>::get().is_none());
	});
}

#[test]
fn code_larger_than_the_bound_is_refused() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			System::set_code_without_checks(RuntimeOrigin::root(), vec![0u8; 1025]),
			Error::<Test>::CodeTooLarge
		);
	});
}
