//! Tests of the wallet registry, stamps, freezes, spending limits and the AUR rule.

use crate::{mock::*, Error, Event, FreezeReason, HoldReason, Stamp, Token, WalletKind};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect as _, InspectFreeze as _, InspectHold as _},
};
use pallet_assets::FrozenBalance;
use sp_core::H256;
use sp_runtime::{DispatchError, DispatchResult, TokenError};

fn origin(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn register(who: AccountId) {
	assert_ok!(Wallets::register(origin(who), WalletKind::Personal, b"wallet".to_vec()));
}

/// `check_transfer` as a `DispatchResult` (its `Error<T>` is not `PartialEq`).
fn check(from: &AccountId, to: &AccountId, token: Token, amount: Balance) -> DispatchResult {
	Wallets::check_transfer(from, to, token, amount).map_err(Into::into)
}

/// `check_asset_transfer` as a `DispatchResult`.
fn check_asset(asset: &u32, from: &AccountId, to: &AccountId, amount: Balance) -> DispatchResult {
	Wallets::check_asset_transfer(asset, from, to, amount).map_err(Into::into)
}

fn evidence() -> H256 {
	H256::repeat_byte(7)
}

fn bank_stamp(who: AccountId) {
	assert_ok!(Wallets::stamp(origin(STAMPER), who, Stamp::BankStamped, evidence()));
}

fn freeze(who: AccountId) {
	assert_ok!(Wallets::freeze(origin(COMPLIANCE), who, b"aml".to_vec()));
}

/// How the assets pallet refuses to move a balance this pallet reports as frozen: its
/// reducible balance is zero, so it says `BalanceLow`.
const ASSET_BLOCKED: pallet_assets::Error<Test> = pallet_assets::Error::<Test>::BalanceLow;

fn hold_reason() -> RuntimeHoldReason {
	HoldReason::WalletDeposit.into()
}

// ---- Registry ----

#[test]
fn register_holds_the_deposit() {
	new_test_ext().execute_with(|| {
		assert_ok!(Wallets::register(origin(ALICE), WalletKind::Business, b"acme".to_vec()));
		assert!(Wallets::is_wallet(&ALICE));
		assert_eq!(Balances::balance_on_hold(&hold_reason(), &ALICE), DEPOSIT);
		assert_eq!(Balances::balance(&ALICE), START - DEPOSIT);
		let wallet = crate::Wallets::<Test>::get(ALICE).unwrap();
		assert_eq!(wallet.kind, WalletKind::Business);
		assert_eq!(wallet.label.to_vec(), b"acme".to_vec());
		assert_eq!(wallet.deposit, DEPOSIT);
		assert_eq!(
			last_event(),
			Event::WalletRegistered { who: ALICE, kind: WalletKind::Business, deposit: DEPOSIT }
		);
	});
}

#[test]
fn register_twice_fails() {
	new_test_ext().execute_with(|| {
		register(ALICE);
		assert_noop!(
			Wallets::register(origin(ALICE), WalletKind::Bank, b"x".to_vec()),
			Error::<Test>::AlreadyRegistered
		);
	});
}

#[test]
fn register_with_too_long_label_fails() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Wallets::register(origin(ALICE), WalletKind::Personal, vec![b'a'; 17]),
			Error::<Test>::LabelTooLong
		);
		assert_ok!(Wallets::register(origin(ALICE), WalletKind::Personal, vec![b'a'; 16]));
	});
}

#[test]
fn register_without_gen_for_the_deposit_fails() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Wallets::register(origin(POOR), WalletKind::Personal, b"p".to_vec()),
			Error::<Test>::InsufficientDeposit
		);
	});
}

#[test]
fn update_changes_kind_and_label() {
	new_test_ext().execute_with(|| {
		register(ALICE);
		assert_ok!(Wallets::update(origin(ALICE), Some(WalletKind::Government), None));
		assert_eq!(last_event(), Event::WalletUpdated { who: ALICE, kind: WalletKind::Government });
		assert_ok!(Wallets::update(origin(ALICE), None, Some(b"ministry".to_vec())));
		let wallet = crate::Wallets::<Test>::get(ALICE).unwrap();
		assert_eq!(wallet.kind, WalletKind::Government);
		assert_eq!(wallet.label.to_vec(), b"ministry".to_vec());
	});
}

#[test]
fn update_fails_for_non_wallets_and_long_labels() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Wallets::update(origin(ALICE), Some(WalletKind::Bank), None),
			Error::<Test>::NotAWallet
		);
		register(ALICE);
		assert_noop!(
			Wallets::update(origin(ALICE), None, Some(vec![0; 17])),
			Error::<Test>::LabelTooLong
		);
	});
}

#[test]
fn close_returns_the_deposit_and_drops_stamps_and_limits() {
	new_test_ext().execute_with(|| {
		register(ALICE);
		bank_stamp(ALICE);
		assert_ok!(Wallets::set_spending_limit(origin(ALICE), Token::Gen, Some(50)));
		Wallets::note_transfer(&ALICE, Token::Gen, 10);
		assert_ok!(Wallets::close(origin(ALICE)));
		assert_eq!(last_event(), Event::WalletClosed { who: ALICE, deposit: DEPOSIT });
		assert!(!Wallets::is_wallet(&ALICE));
		assert!(!Wallets::is_bank_stamped(&ALICE));
		assert_eq!(Wallets::remaining_allowance(&ALICE, Token::Gen), None);
		assert!(crate::SpendWindows::<Test>::get(ALICE, Token::Gen).is_none());
		assert_eq!(Balances::balance_on_hold(&hold_reason(), &ALICE), 0);
		assert_eq!(Balances::balance(&ALICE), START);
	});
}

#[test]
fn close_fails_for_non_wallets_and_frozen_wallets() {
	new_test_ext().execute_with(|| {
		assert_noop!(Wallets::close(origin(ALICE)), Error::<Test>::NotAWallet);
		register(ALICE);
		freeze(ALICE);
		assert_noop!(Wallets::close(origin(ALICE)), Error::<Test>::WalletFrozen);
	});
}

// ---- Stamps ----

#[test]
fn stamper_set_is_kept_by_root() {
	new_test_ext().execute_with(|| {
		assert_noop!(Wallets::add_stamper(origin(ALICE), BOB), DispatchError::BadOrigin);
		assert_ok!(Wallets::add_stamper(RuntimeOrigin::root(), BOB));
		assert_eq!(last_event(), Event::StamperAdded { who: BOB });
		assert_noop!(
			Wallets::add_stamper(RuntimeOrigin::root(), BOB),
			Error::<Test>::AlreadyStamper
		);
		assert_noop!(Wallets::remove_stamper(origin(ALICE), BOB), DispatchError::BadOrigin);
		assert_ok!(Wallets::remove_stamper(RuntimeOrigin::root(), BOB));
		assert_eq!(last_event(), Event::StamperRemoved { who: BOB });
		assert_noop!(
			Wallets::remove_stamper(RuntimeOrigin::root(), BOB),
			Error::<Test>::NotAStamper
		);
	});
}

#[test]
fn only_stampers_stamp_registered_wallets() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Wallets::stamp(origin(STAMPER), ALICE, Stamp::BankStamped, evidence()),
			Error::<Test>::NotAWallet
		);
		register(ALICE);
		assert_noop!(
			Wallets::stamp(origin(STRANGER), ALICE, Stamp::BankStamped, evidence()),
			Error::<Test>::NotAStamper
		);
		bank_stamp(ALICE);
		assert_eq!(
			last_event(),
			Event::WalletStamped {
				wallet: ALICE,
				stamp: Stamp::BankStamped,
				stamper: STAMPER,
				evidence: evidence()
			}
		);
		assert!(Wallets::is_bank_stamped(&ALICE));
		assert_noop!(
			Wallets::stamp(origin(STAMPER), ALICE, Stamp::BankStamped, evidence()),
			Error::<Test>::AlreadyStamped
		);
		assert_ok!(Wallets::stamp(origin(STAMPER), ALICE, Stamp::GovernmentStamped, evidence()));
		let record = crate::Stamps::<Test>::get(ALICE, Stamp::GovernmentStamped).unwrap();
		assert_eq!((record.stamper, record.evidence, record.at), (STAMPER, evidence(), 1));
	});
}

#[test]
fn removed_stampers_cannot_stamp() {
	new_test_ext().execute_with(|| {
		register(ALICE);
		assert_ok!(Wallets::remove_stamper(RuntimeOrigin::root(), STAMPER));
		assert_noop!(
			Wallets::stamp(origin(STAMPER), ALICE, Stamp::BankStamped, evidence()),
			Error::<Test>::NotAStamper
		);
	});
}

#[test]
fn revoke_stamp_by_stampers_only() {
	new_test_ext().execute_with(|| {
		register(ALICE);
		assert_noop!(
			Wallets::revoke_stamp(origin(STAMPER), ALICE, Stamp::BankStamped),
			Error::<Test>::NotStamped
		);
		bank_stamp(ALICE);
		assert_noop!(
			Wallets::revoke_stamp(origin(STRANGER), ALICE, Stamp::BankStamped),
			Error::<Test>::NotAStamper
		);
		assert_ok!(Wallets::revoke_stamp(origin(STAMPER), ALICE, Stamp::BankStamped));
		assert_eq!(
			last_event(),
			Event::StampRevoked { wallet: ALICE, stamp: Stamp::BankStamped, stamper: STAMPER }
		);
		assert!(!Wallets::is_bank_stamped(&ALICE));
	});
}

// ---- Freezes ----

#[test]
fn compliance_authority_set_is_kept_by_root() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Wallets::add_compliance_authority(origin(ALICE), BOB),
			DispatchError::BadOrigin
		);
		assert_ok!(Wallets::add_compliance_authority(RuntimeOrigin::root(), BOB));
		assert_eq!(last_event(), Event::ComplianceAuthorityAdded { who: BOB });
		assert_noop!(
			Wallets::add_compliance_authority(RuntimeOrigin::root(), BOB),
			Error::<Test>::AlreadyComplianceAuthority
		);
		assert_noop!(
			Wallets::remove_compliance_authority(origin(ALICE), BOB),
			DispatchError::BadOrigin
		);
		assert_ok!(Wallets::remove_compliance_authority(RuntimeOrigin::root(), BOB));
		assert_eq!(last_event(), Event::ComplianceAuthorityRemoved { who: BOB });
		assert_noop!(
			Wallets::remove_compliance_authority(RuntimeOrigin::root(), BOB),
			Error::<Test>::NotAComplianceAuthority
		);
	});
}

#[test]
fn freeze_and_thaw_by_authorities_only() {
	new_test_ext().execute_with(|| {
		register(ALICE);
		assert_noop!(
			Wallets::freeze(origin(STRANGER), ALICE, b"aml".to_vec()),
			Error::<Test>::NotAComplianceAuthority
		);
		assert_noop!(
			Wallets::freeze(origin(COMPLIANCE), ALICE, vec![0; 17]),
			Error::<Test>::ReasonTooLong
		);
		assert_noop!(
			Wallets::freeze(origin(COMPLIANCE), BOB, b"aml".to_vec()),
			Error::<Test>::NotAWallet
		);
		freeze(ALICE);
		assert_eq!(
			last_event(),
			Event::WalletFrozen {
				wallet: ALICE,
				authority: COMPLIANCE,
				reason: b"aml".to_vec().try_into().unwrap()
			}
		);
		assert!(Wallets::is_frozen(&ALICE));
		assert_eq!(crate::FrozenCount::<Test>::get(), 1);
		assert_noop!(
			Wallets::freeze(origin(COMPLIANCE), ALICE, b"again".to_vec()),
			Error::<Test>::AlreadyFrozen
		);
		assert_noop!(
			Wallets::thaw(origin(STRANGER), ALICE, b"ok".to_vec()),
			Error::<Test>::NotAComplianceAuthority
		);
		assert_ok!(Wallets::thaw(origin(COMPLIANCE), ALICE, b"cleared".to_vec()));
		assert_eq!(
			last_event(),
			Event::WalletThawed {
				wallet: ALICE,
				authority: COMPLIANCE,
				reason: b"cleared".to_vec().try_into().unwrap()
			}
		);
		assert!(!Wallets::is_frozen(&ALICE));
		assert_eq!(crate::FrozenCount::<Test>::get(), 0);
		assert_noop!(
			Wallets::thaw(origin(COMPLIANCE), ALICE, b"ok".to_vec()),
			Error::<Test>::NotFrozen
		);
	});
}

#[test]
fn check_transfer_refuses_frozen_senders_for_all_four_tokens() {
	new_test_ext().execute_with(|| {
		register(ALICE);
		register(BOB);
		bank_stamp(ALICE);
		bank_stamp(BOB);
		for token in Token::ALL {
			assert_ok!(check(&ALICE, &BOB, token, 1));
		}
		freeze(ALICE);
		for token in Token::ALL {
			assert_noop!(check(&ALICE, &BOB, token, 1), Error::<Test>::WalletFrozen);
		}
		// A frozen wallet can still receive.
		for token in Token::ALL {
			assert_ok!(check(&BOB, &ALICE, token, 1));
		}
		assert_ok!(Wallets::thaw(origin(COMPLIANCE), ALICE, b"ok".to_vec()));
		for token in Token::ALL {
			assert_ok!(check(&ALICE, &BOB, token, 1));
		}
	});
}

#[test]
fn frozen_wallets_cannot_move_tokens_in_the_token_pallets() {
	new_test_ext().execute_with(|| {
		register(ALICE);
		freeze(ALICE);
		let freeze_id: RuntimeFreezeReason = FreezeReason::Compliance.into();
		assert_eq!(Balances::balance_frozen(&freeze_id, &ALICE), Balance::MAX);
		assert_noop!(Balances::transfer_allow_death(origin(ALICE), BOB, 1), TokenError::Frozen);
		for asset in [NEX, FLX] {
			assert_noop!(Assets::transfer(origin(ALICE), asset, BOB, 1), ASSET_BLOCKED);
			assert_noop!(Assets::transfer_keep_alive(origin(ALICE), asset, BOB, 1), ASSET_BLOCKED);
		}
		// Approvals are spent from the owner's balance, so they are blocked too.
		assert_ok!(Assets::approve_transfer(origin(ALICE), NEX, BOB, 10));
		assert_noop!(Assets::transfer_approved(origin(BOB), NEX, ALICE, CHARLIE, 1), ASSET_BLOCKED);
		assert_ok!(Wallets::thaw(origin(COMPLIANCE), ALICE, b"ok".to_vec()));
		assert_ok!(Balances::transfer_allow_death(origin(ALICE), BOB, 1));
		assert_ok!(Assets::transfer(origin(ALICE), NEX, BOB, 1));
		assert_ok!(Assets::transfer_approved(origin(BOB), NEX, ALICE, CHARLIE, 1));
	});
}

// ---- AUR ----

#[test]
fn aur_moves_only_between_bank_stamped_wallets() {
	new_test_ext().execute_with(|| {
		register(ALICE);
		register(BOB);
		assert_noop!(check(&ALICE, &BOB, Token::Aur, 1), Error::<Test>::AurSenderNotBankStamped);
		bank_stamp(ALICE);
		assert_noop!(check(&ALICE, &BOB, Token::Aur, 1), Error::<Test>::AurRecipientNotBankStamped);
		// A government stamp is not enough.
		assert_ok!(Wallets::stamp(origin(STAMPER), BOB, Stamp::GovernmentStamped, evidence()));
		assert_noop!(check(&ALICE, &BOB, Token::Aur, 1), Error::<Test>::AurRecipientNotBankStamped);
		bank_stamp(BOB);
		assert_ok!(check(&ALICE, &BOB, Token::Aur, 1));
		assert_ok!(check(&BOB, &ALICE, Token::Aur, 1));
		// To or from an account that is not a wallet.
		assert_noop!(
			check(&ALICE, &STRANGER, Token::Aur, 1),
			Error::<Test>::AurRecipientNotBankStamped
		);
		assert_noop!(
			check(&STRANGER, &ALICE, Token::Aur, 1),
			Error::<Test>::AurSenderNotBankStamped
		);
		// The other tokens do not need stamps.
		for token in [Token::Gen, Token::Nex, Token::Flx] {
			assert_ok!(check(&STRANGER, &CHARLIE, token, 1));
		}
		// A revoked stamp no longer counts.
		assert_ok!(Wallets::revoke_stamp(origin(STAMPER), BOB, Stamp::BankStamped));
		assert_noop!(check(&ALICE, &BOB, Token::Aur, 1), Error::<Test>::AurRecipientNotBankStamped);
	});
}

#[test]
fn check_asset_transfer_maps_asset_ids() {
	new_test_ext().execute_with(|| {
		assert_eq!(Wallets::token_of_asset(&NEX), Some(Token::Nex));
		assert_eq!(Wallets::token_of_asset(&FLX), Some(Token::Flx));
		assert_eq!(Wallets::token_of_asset(&AUR), Some(Token::Aur));
		assert_eq!(Wallets::token_of_asset(&77), None);
		assert_noop!(check_asset(&AUR, &ALICE, &BOB, 1), Error::<Test>::AurSenderNotBankStamped);
		assert_ok!(check_asset(&NEX, &ALICE, &BOB, 1));
		assert_ok!(check_asset(&77, &ALICE, &BOB, 1));
	});
}

#[test]
fn assets_pallet_blocks_aur_from_accounts_that_are_not_bank_stamped() {
	new_test_ext().execute_with(|| {
		assert_eq!(Wallets::frozen_balance(AUR, &ALICE), Some(Balance::MAX));
		assert_eq!(Wallets::frozen_balance(NEX, &ALICE), None);
		assert_noop!(Assets::transfer(origin(ALICE), AUR, BOB, 1), ASSET_BLOCKED);
		register(ALICE);
		bank_stamp(ALICE);
		assert_eq!(Wallets::frozen_balance(AUR, &ALICE), None);
		assert_ok!(Assets::transfer(origin(ALICE), AUR, BOB, 1));
		assert!(Wallets::contains_freezes(AUR));
		assert!(!Wallets::contains_freezes(NEX));
		freeze(ALICE);
		assert!(Wallets::contains_freezes(NEX));
		assert_eq!(Wallets::frozen_balance(AUR, &ALICE), Some(Balance::MAX));
	});
}

// ---- Spending limits ----

#[test]
fn set_spending_limit_needs_a_wallet() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Wallets::set_spending_limit(origin(ALICE), Token::Gen, Some(5)),
			Error::<Test>::NotAWallet
		);
		register(ALICE);
		assert_ok!(Wallets::set_spending_limit(origin(ALICE), Token::Nex, Some(5)));
		assert_eq!(
			last_event(),
			Event::SpendingLimitSet { who: ALICE, token: Token::Nex, limit: Some(5) }
		);
		assert_eq!(Wallets::remaining_allowance(&ALICE, Token::Nex), Some(5));
		assert_eq!(Wallets::remaining_allowance(&ALICE, Token::Flx), None);
		assert_ok!(Wallets::set_spending_limit(origin(ALICE), Token::Nex, None));
		assert_eq!(Wallets::remaining_allowance(&ALICE, Token::Nex), None);
	});
}

#[test]
fn limits_refuse_transfers_beyond_the_remaining_allowance() {
	new_test_ext().execute_with(|| {
		register(ALICE);
		assert_ok!(Wallets::set_spending_limit(origin(ALICE), Token::Flx, Some(100)));
		assert_ok!(check(&ALICE, &BOB, Token::Flx, 100));
		Wallets::note_transfer(&ALICE, Token::Flx, 60);
		assert_eq!(Wallets::remaining_allowance(&ALICE, Token::Flx), Some(40));
		assert_noop!(check(&ALICE, &BOB, Token::Flx, 41), Error::<Test>::SpendingLimitExceeded);
		// The error path: the remaining allowance tells what would pass.
		let remaining = Wallets::remaining_allowance(&ALICE, Token::Flx).unwrap();
		assert_ok!(check(&ALICE, &BOB, Token::Flx, remaining));
		Wallets::note_transfer(&ALICE, Token::Flx, remaining);
		assert_eq!(Wallets::remaining_allowance(&ALICE, Token::Flx), Some(0));
		assert_noop!(check(&ALICE, &BOB, Token::Flx, 1), Error::<Test>::SpendingLimitExceeded);
		// Other tokens are not limited.
		assert_ok!(check(&ALICE, &BOB, Token::Gen, 1_000));
		Wallets::note_transfer(&ALICE, Token::Gen, 1_000);
		assert!(crate::SpendWindows::<Test>::get(ALICE, Token::Gen).is_none());
	});
}

#[test]
fn limits_reset_at_the_period_boundary() {
	new_test_ext().execute_with(|| {
		register(ALICE);
		assert_ok!(Wallets::set_spending_limit(origin(ALICE), Token::Gen, Some(50)));
		// Period 0 is blocks 0..PERIOD.
		Wallets::note_transfer(&ALICE, Token::Gen, 50);
		System::set_block_number(PERIOD - 1);
		assert_eq!(Wallets::remaining_allowance(&ALICE, Token::Gen), Some(0));
		assert_noop!(check(&ALICE, &BOB, Token::Gen, 1), Error::<Test>::SpendingLimitExceeded);
		System::set_block_number(PERIOD);
		assert_eq!(Wallets::current_period(), 1);
		assert_eq!(Wallets::remaining_allowance(&ALICE, Token::Gen), Some(50));
		assert_ok!(check(&ALICE, &BOB, Token::Gen, 50));
		Wallets::note_transfer(&ALICE, Token::Gen, 20);
		let window = crate::SpendWindows::<Test>::get(ALICE, Token::Gen).unwrap();
		assert_eq!((window.period, window.spent), (1, 20));
		assert_eq!(Wallets::remaining_allowance(&ALICE, Token::Gen), Some(30));
		System::set_block_number(2 * PERIOD - 1);
		assert_eq!(Wallets::remaining_allowance(&ALICE, Token::Gen), Some(30));
		System::set_block_number(3 * PERIOD + 5);
		assert_eq!(Wallets::remaining_allowance(&ALICE, Token::Gen), Some(50));
	});
}

// ---- wallet_info ----

#[test]
fn wallet_info_reports_everything() {
	new_test_ext().execute_with(|| {
		let empty = Wallets::wallet_info(&STRANGER);
		assert!(empty.wallet.is_none() && empty.stamps.is_empty() && empty.freeze.is_none());
		assert!(empty.limits.is_empty());

		register(ALICE);
		bank_stamp(ALICE);
		assert_ok!(Wallets::set_spending_limit(origin(ALICE), Token::Nex, Some(10)));
		Wallets::note_transfer(&ALICE, Token::Nex, 4);
		freeze(ALICE);
		let info = Wallets::wallet_info(&ALICE);
		let wallet = info.wallet.unwrap();
		assert_eq!(
			(wallet.kind, wallet.label, wallet.deposit),
			(WalletKind::Personal, b"wallet".to_vec(), DEPOSIT)
		);
		assert_eq!(info.stamps.len(), 1);
		assert_eq!(info.stamps[0].0, Stamp::BankStamped);
		assert_eq!(info.freeze.unwrap().reason, b"aml".to_vec());
		assert_eq!(info.limits.len(), 1);
		assert_eq!(
			(info.limits[0].token, info.limits[0].limit, info.limits[0].remaining),
			(Token::Nex, 10, 6)
		);
		assert_eq!(
			info.balances,
			vec![
				(Token::Gen, START),
				(Token::Nex, START),
				(Token::Flx, START),
				(Token::Aur, START)
			]
		);
	});
}

// ---- CheckWalletRules ----

mod extension {
	use super::*;
	use crate::{CheckWalletRules, TransferRefusal};
	use frame_support::dispatch::{DispatchInfo, GetDispatchInfo};
	use sp_runtime::{
		traits::{DispatchTransaction, Dispatchable, TransactionExtension},
		transaction_validity::{InvalidTransaction, TransactionSource, TransactionValidityError},
		BuildStorage,
	};

	fn gen_transfer(to: AccountId, value: Balance) -> RuntimeCall {
		RuntimeCall::Balances(pallet_balances::Call::transfer_allow_death { dest: to, value })
	}

	fn asset_transfer(id: u32, to: AccountId, amount: Balance) -> RuntimeCall {
		RuntimeCall::Assets(pallet_assets::Call::transfer { id, target: to, amount })
	}

	fn validate(who: AccountId, call: &RuntimeCall) -> Result<(), TransactionValidityError> {
		CheckWalletRules::<Test>::new()
			.validate_only(
				Some(who).into(),
				call,
				&DispatchInfo::default(),
				0,
				TransactionSource::External,
				0,
			)
			.map(|_| ())
	}

	/// Runs `call` as `who` through the extension: validation, dispatch, post-dispatch.
	fn run(who: AccountId, call: RuntimeCall) -> Result<DispatchResult, TransactionValidityError> {
		let info = call.get_dispatch_info();
		CheckWalletRules::<Test>::new()
			.test_run(Some(who).into(), &call, &info, 0, 0, |origin| call.clone().dispatch(origin))
			.map(|r| r.map(|_| ()).map_err(|e| e.error))
	}

	fn refused(refusal: TransferRefusal<Balance>) -> Result<(), TransactionValidityError> {
		Err(InvalidTransaction::Custom(refusal.code()).into())
	}

	#[test]
	fn refusal_codes_are_documented_and_named() {
		let codes = [
			(TransferRefusal::<Balance>::WalletFrozen, 100, "WalletFrozen"),
			(TransferRefusal::AurSenderNotBankStamped, 101, "AurSenderNotBankStamped"),
			(TransferRefusal::AurRecipientNotBankStamped, 102, "AurRecipientNotBankStamped"),
			(
				TransferRefusal::SpendingLimitExceeded { token: Token::Gen, remaining: 1 },
				103,
				"SpendingLimitExceeded",
			),
		];
		for (refusal, code, name) in codes {
			assert_eq!(refusal.code(), code);
			assert_eq!(TransferRefusal::<Balance>::name_of_code(code), Some(name));
		}
		assert_eq!(TransferRefusal::<Balance>::name_of_code(99), None);
		assert_eq!(TransferRefusal::<Balance>::name_of_code(104), None);
	}

	#[test]
	fn aur_to_an_unstamped_account_is_refused_before_anything_moves() {
		new_test_ext().execute_with(|| {
			register(ALICE);
			bank_stamp(ALICE);
			let call = asset_transfer(AUR, BOB, 5);
			assert_eq!(
				validate(ALICE, &call),
				refused(TransferRefusal::AurRecipientNotBankStamped)
			);
			assert_eq!(
				run(ALICE, call).map(|_| ()),
				refused(TransferRefusal::AurRecipientNotBankStamped)
			);
			assert_eq!(Assets::balance(AUR, BOB), START);
			// The protocol's exempt account may receive it; a stamped wallet may too.
			assert_eq!(validate(ALICE, &asset_transfer(AUR, TREASURY, 5)), Ok(()));
			register(BOB);
			bank_stamp(BOB);
			assert_eq!(run(ALICE, asset_transfer(AUR, BOB, 5)), Ok(Ok(())));
			assert_eq!(Assets::balance(AUR, BOB), START + 5);
		});
	}

	#[test]
	fn aur_from_an_unstamped_account_is_refused() {
		new_test_ext().execute_with(|| {
			register(BOB);
			bank_stamp(BOB);
			assert_eq!(
				validate(ALICE, &asset_transfer(AUR, BOB, 5)),
				refused(TransferRefusal::AurSenderNotBankStamped)
			);
			// NEX and FLX are not restricted.
			assert_eq!(validate(ALICE, &asset_transfer(NEX, CHARLIE, 5)), Ok(()));
			assert_eq!(validate(ALICE, &asset_transfer(FLX, CHARLIE, 5)), Ok(()));
		});
	}

	#[test]
	fn a_frozen_wallet_is_refused_for_all_four_tokens() {
		new_test_ext().execute_with(|| {
			register(ALICE);
			bank_stamp(ALICE);
			register(BOB);
			bank_stamp(BOB);
			freeze(ALICE);
			for call in [
				gen_transfer(BOB, 5),
				asset_transfer(NEX, BOB, 5),
				asset_transfer(FLX, BOB, 5),
				asset_transfer(AUR, BOB, 5),
			] {
				assert_eq!(validate(ALICE, &call), refused(TransferRefusal::WalletFrozen));
			}
			// Receiving is not blocked.
			assert_eq!(validate(BOB, &gen_transfer(ALICE, 5)), Ok(()));
		});
	}

	#[test]
	fn limits_are_enforced_and_counted_from_what_was_really_sent() {
		new_test_ext().execute_with(|| {
			register(ALICE);
			assert_ok!(Wallets::set_spending_limit(origin(ALICE), Token::Nex, Some(50)));
			assert_eq!(run(ALICE, asset_transfer(NEX, BOB, 30)), Ok(Ok(())));
			assert_eq!(Wallets::remaining_allowance(&ALICE, Token::Nex), Some(20));
			assert_eq!(
				validate(ALICE, &asset_transfer(NEX, BOB, 21)),
				refused(TransferRefusal::SpendingLimitExceeded {
					token: Token::Nex,
					remaining: 20
				})
			);
			// A transfer that fails in dispatch sends nothing and counts nothing.
			let too_much = asset_transfer(NEX, BOB, 20);
			let frozen_asset = {
				assert_ok!(Assets::freeze_asset(RuntimeOrigin::signed(ASSET_OWNER), NEX));
				run(ALICE, too_much.clone())
			};
			assert!(matches!(frozen_asset, Ok(Err(_))));
			assert_eq!(Wallets::remaining_allowance(&ALICE, Token::Nex), Some(20));
			assert_ok!(Assets::thaw_asset(RuntimeOrigin::signed(ASSET_OWNER), NEX));
			assert_eq!(run(ALICE, too_much), Ok(Ok(())));
			assert_eq!(Wallets::remaining_allowance(&ALICE, Token::Nex), Some(0));
			// Other tokens have no limit.
			assert_eq!(run(ALICE, asset_transfer(FLX, BOB, 1_000)), Ok(Ok(())));
			// The next period starts afresh.
			System::set_block_number(PERIOD);
			assert_eq!(Wallets::remaining_allowance(&ALICE, Token::Nex), Some(50));
			assert_eq!(run(ALICE, asset_transfer(NEX, BOB, 50)), Ok(Ok(())));
		});
	}

	#[test]
	fn movements_of_one_transaction_are_checked_together() {
		new_test_ext().execute_with(|| {
			register(ALICE);
			assert_ok!(Wallets::set_spending_limit(origin(ALICE), Token::Gen, Some(50)));
			let movements = [(BOB, 30), (CHARLIE, 30)].map(|(to, amount)| crate::Movement {
				from: Some(ALICE),
				to: Some(to),
				token: Token::Gen,
				amount,
			});
			assert_eq!(
				Wallets::check_movements(&movements),
				Err(TransferRefusal::SpendingLimitExceeded { token: Token::Gen, remaining: 50 })
			);
			assert_eq!(Wallets::check_movements(&movements[..1]), Ok(vec![(ALICE, Token::Gen)]));
		});
	}

	#[test]
	fn unsigned_and_unrelated_calls_pass() {
		new_test_ext().execute_with(|| {
			let call = asset_transfer(AUR, BOB, 5);
			let (_, limited, _) = CheckWalletRules::<Test>::new()
				.validate(
					RuntimeOrigin::none(),
					&call,
					&DispatchInfo::default(),
					0,
					(),
					&sp_runtime::traits::TxBaseImplication(&call),
					TransactionSource::External,
				)
				.expect("an unsigned origin is not checked");
			assert!(limited.is_empty());
			let remark = RuntimeCall::System(frame_system::Call::remark { remark: vec![] });
			assert_eq!(validate(STRANGER, &remark), Ok(()));
		});
	}

	#[test]
	fn events_since_reads_only_new_events_across_a_length_prefix_change() {
		new_test_ext().execute_with(|| {
			// 63 events take a 1-byte length prefix; 64 and more take 2 bytes.
			for _ in 0..60 {
				System::deposit_event(RuntimeEvent::System(frame_system::Event::Remarked {
					sender: STRANGER,
					hash: Default::default(),
				}));
			}
			let mark = crate::extension::EventsMark::now::<Test>();
			for i in 0..10u64 {
				System::deposit_event(RuntimeEvent::Balances(pallet_balances::Event::Transfer {
					from: i,
					to: i + 1,
					amount: i.into(),
				}));
			}
			let records = mark.events_since::<Test>();
			assert_eq!(records.len(), 10);
			for (i, record) in records.into_iter().enumerate() {
				assert_eq!(
					record.event,
					RuntimeEvent::Balances(pallet_balances::Event::Transfer {
						from: i as u64,
						to: i as u64 + 1,
						amount: i as u128,
					})
				);
			}
		});
	}

	#[test]
	fn genesis_registers_and_stamps_wallets() {
		let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		pallet_balances::GenesisConfig::<Test> {
			balances: vec![(ALICE, START)],
			..Default::default()
		}
		.assimilate_storage(&mut t)
		.unwrap();
		crate::GenesisConfig::<Test> {
			stampers: vec![STAMPER],
			compliance_authorities: vec![],
			wallets: vec![(ALICE, WalletKind::Bank, b"bank".to_vec())],
			stamps: vec![(ALICE, Stamp::BankStamped, STAMPER, H256::repeat_byte(1))],
		}
		.assimilate_storage(&mut t)
		.unwrap();
		sp_io::TestExternalities::new(t).execute_with(|| {
			assert!(Wallets::is_bank_stamped(&ALICE));
			assert_eq!(Balances::balance_on_hold(&hold_reason(), &ALICE), DEPOSIT);
			assert_eq!(crate::Wallets::<Test>::get(ALICE).unwrap().kind, WalletKind::Bank);
		});
	}
}
