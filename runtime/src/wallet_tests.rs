//! The wallet rules in the full runtime, through `Executive` with signed transactions: every
//! path AUR could take to or from an account that may not hold it (direct transfers,
//! approvals, forced transfers, mints, batches, proxies, multisigs, inherited accounts) is
//! refused with the rule's code and moves nothing; freezes block all four tokens; spending
//! limits hold across batches and proxies, are counted from what was really sent and reset
//! with the period; multisig and proxy work for the tokens the rules leave free.

use crate::{
	configs::wallets::{RuntimeTransferInspector, SpendingPeriod, WalletDeposit},
	tests::{ext_from_preset, signed_extrinsic},
	tokens::{AUR, FLX, NEX, UNIT},
	AccountId, Assets, Balance, Balances, Executive, Runtime, RuntimeCall, RuntimeOrigin, System,
	Wallets,
};
use frame_support::{assert_noop, assert_ok, traits::fungible::Inspect as _};
use pallet_wallets::{Movement, Stamp, Token, TransferInspector, TransferRefusal, WalletKind};
use sp_core::H256;
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::{self, *};
use sp_runtime::{
	traits::Dispatchable,
	transaction_validity::{InvalidTransaction, TransactionValidityError},
	DispatchError, DispatchResult,
};

fn acc(k: Sr25519Keyring) -> AccountId {
	k.to_account_id()
}

fn aur(who: &AccountId) -> Balance {
	Assets::balance(AUR, who)
}

/// Applies `call` signed by `who` through `Executive`: `Err` if the transaction is invalid
/// (it would never enter a block), else the dispatch result.
fn submit(
	who: Sr25519Keyring,
	call: RuntimeCall,
) -> Result<DispatchResult, TransactionValidityError> {
	let nonce = System::account_nonce(acc(who));
	Executive::apply_extrinsic(signed_extrinsic(who, nonce, call))
}

fn refused(refusal: TransferRefusal<Balance>) -> Result<DispatchResult, TransactionValidityError> {
	Err(InvalidTransaction::Custom(refusal.code()).into())
}

const RECIPIENT: TransferRefusal<Balance> = TransferRefusal::AurRecipientNotBankStamped;
const SENDER: TransferRefusal<Balance> = TransferRefusal::AurSenderNotBankStamped;
const FROZEN: TransferRefusal<Balance> = TransferRefusal::WalletFrozen;

fn asset_transfer(id: u32, to: &AccountId, amount: Balance) -> RuntimeCall {
	RuntimeCall::Assets(pallet_assets::Call::transfer {
		id: id.into(),
		target: to.clone().into(),
		amount,
	})
}

fn asset_transfer_keep_alive(id: u32, to: &AccountId, amount: Balance) -> RuntimeCall {
	RuntimeCall::Assets(pallet_assets::Call::transfer_keep_alive {
		id: id.into(),
		target: to.clone().into(),
		amount,
	})
}

fn gen_transfer(to: &AccountId, value: Balance) -> RuntimeCall {
	RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: to.clone().into(),
		value,
	})
}

fn batch(calls: Vec<RuntimeCall>) -> RuntimeCall {
	RuntimeCall::Utility(pallet_utility::Call::batch_all { calls })
}

fn proxy(real: &AccountId, call: RuntimeCall) -> RuntimeCall {
	RuntimeCall::Proxy(pallet_proxy::Call::proxy {
		real: real.clone().into(),
		force_proxy_type: None,
		call: Box::new(call),
	})
}

fn multisig(other_signatories: Vec<AccountId>, call: RuntimeCall) -> RuntimeCall {
	RuntimeCall::Multisig(pallet_multisig::Call::as_multi_threshold_1 {
		other_signatories,
		call: Box::new(call),
	})
}

/// The 1-of-2 multisig account of Alice and Bob.
fn alice_bob_multisig() -> AccountId {
	let mut signatories = vec![acc(Alice), acc(Bob)];
	signatories.sort();
	pallet_multisig::Pallet::<Runtime>::multi_account_id(&signatories, 1)
}

/// The assets' admin, which nobody holds the key of: only root, acting as it (`sudo_as`),
/// can force transfers.
fn token_authority() -> RuntimeOrigin {
	RuntimeOrigin::signed(crate::configs::TokenAuthorityAccount::get())
}

fn register(who: &AccountId) {
	assert_ok!(Wallets::register(
		RuntimeOrigin::signed(who.clone()),
		WalletKind::Personal,
		b"test".to_vec()
	));
}

/// Alice (the dev chain's stamper) bank-stamps a registered wallet.
fn bank_stamp(who: &AccountId) {
	assert_ok!(Wallets::stamp(
		RuntimeOrigin::signed(acc(Alice)),
		who.clone(),
		Stamp::BankStamped,
		H256::repeat_byte(1)
	));
}

/// The dev chain with GEN for fees and deposits given to Bob, Charlie, Dave and the
/// Alice/Bob multisig; Charlie is a bank-stamped wallet, Bob and Dave are not wallets.
fn dev_chain() -> sp_io::TestExternalities {
	let mut ext = ext_from_preset(DEV_RUNTIME_PRESET);
	ext.execute_with(|| {
		for who in [acc(Bob), acc(Charlie), acc(Dave), alice_bob_multisig()] {
			assert_ok!(gen_transfer(&who, 100 * UNIT).dispatch(RuntimeOrigin::signed(acc(Alice))));
		}
		register(&acc(Charlie));
		bank_stamp(&acc(Charlie));
		assert!(Wallets::is_bank_stamped(&acc(Alice)), "Alice is bank-stamped at genesis");
	});
	ext
}

#[test]
fn aur_is_refused_to_an_unstamped_account_on_every_path() {
	dev_chain().execute_with(|| {
		let (alice, bob, charlie) = (acc(Alice), acc(Bob), acc(Charlie));
		let alice_before = aur(&alice);
		let nonce_before = System::account_nonce(&alice);

		// Direct transfers, both kinds.
		assert_eq!(submit(Alice, asset_transfer(AUR, &bob, UNIT)), refused(RECIPIENT));
		assert_eq!(submit(Alice, asset_transfer_keep_alive(AUR, &bob, UNIT)), refused(RECIPIENT));
		// Transfer all.
		let transfer_all = RuntimeCall::Assets(pallet_assets::Call::transfer_all {
			id: AUR.into(),
			dest: bob.clone().into(),
			keep_alive: true,
		});
		assert_eq!(submit(Alice, transfer_all), refused(RECIPIENT));
		// A batch: the allowed transfer to Charlie does not go through either.
		let both =
			batch(vec![asset_transfer(AUR, &charlie, UNIT), asset_transfer(AUR, &bob, UNIT)]);
		assert_eq!(submit(Alice, both), refused(RECIPIENT));
		// A forced transfer by someone who is not root.
		let force = RuntimeCall::Assets(pallet_assets::Call::force_transfer {
			id: AUR.into(),
			source: alice.clone().into(),
			dest: bob.clone().into(),
			amount: UNIT,
		});
		assert_eq!(submit(Bob, force.clone()), refused(RECIPIENT));
		// Mints: through the assets pallet and through the economics pallet (Alice is an AUR
		// issuer on the dev chain).
		let mint = RuntimeCall::Assets(pallet_assets::Call::mint {
			id: AUR.into(),
			beneficiary: bob.clone().into(),
			amount: UNIT,
		});
		assert_eq!(submit(Alice, mint), refused(RECIPIENT));
		let mint_aur = RuntimeCall::Economics(pallet_economics::Call::mint_aur {
			beneficiary: bob.clone().into(),
			amount: UNIT,
		});
		assert_eq!(submit(Alice, mint_aur.clone()), refused(RECIPIENT));
		// Without the extension (dispatched directly), the economics pallet refuses it too.
		assert_noop!(
			mint_aur.dispatch(RuntimeOrigin::signed(alice.clone())),
			pallet_economics::Error::<Runtime>::BeneficiaryCannotHoldAur
		);

		assert_eq!(aur(&bob), 0);
		assert_eq!(aur(&charlie), 0);
		assert_eq!(aur(&alice), alice_before);
		assert_eq!(System::account_nonce(&alice), nonce_before, "no transaction was included");

		// Between bank-stamped wallets it moves.
		assert_eq!(submit(Alice, asset_transfer(AUR, &charlie, UNIT)), Ok(Ok(())));
		assert_eq!(aur(&charlie), UNIT);
	});
}

#[test]
fn aur_approvals_cannot_move_aur_to_an_unstamped_account() {
	dev_chain().execute_with(|| {
		let (alice, bob, charlie) = (acc(Alice), acc(Bob), acc(Charlie));
		// Approving is not moving: Bob may be Alice's delegate.
		let approve = RuntimeCall::Assets(pallet_assets::Call::approve_transfer {
			id: AUR.into(),
			delegate: bob.clone().into(),
			amount: 10 * UNIT,
		});
		assert_eq!(submit(Alice, approve), Ok(Ok(())));
		let to = |destination: &AccountId| {
			RuntimeCall::Assets(pallet_assets::Call::transfer_approved {
				id: AUR.into(),
				owner: alice.clone().into(),
				destination: destination.clone().into(),
				amount: UNIT,
			})
		};
		assert_eq!(submit(Bob, to(&bob)), refused(RECIPIENT));
		assert_eq!(aur(&bob), 0);
		// The delegate can move it only to a bank-stamped wallet.
		assert_eq!(submit(Bob, to(&charlie)), Ok(Ok(())));
		assert_eq!(aur(&charlie), UNIT);
	});
}

#[test]
fn aur_through_proxies_and_multisigs_is_held_to_the_real_sender() {
	dev_chain().execute_with(|| {
		let (alice, bob, charlie) = (acc(Alice), acc(Bob), acc(Charlie));
		assert_ok!(RuntimeCall::Proxy(pallet_proxy::Call::add_proxy {
			delegate: bob.clone().into(),
			proxy_type: Default::default(),
			delay: 0,
		})
		.dispatch(RuntimeOrigin::signed(alice.clone())));
		// Bob, as Alice's proxy, cannot send her AUR to himself...
		assert_eq!(submit(Bob, proxy(&alice, asset_transfer(AUR, &bob, UNIT))), refused(RECIPIENT));
		// ...nor hide the transfer in a batch inside the proxy call.
		let hidden = proxy(&alice, batch(vec![asset_transfer(AUR, &bob, UNIT)]));
		assert_eq!(submit(Bob, hidden), refused(RECIPIENT));
		// To a bank-stamped wallet it works.
		assert_eq!(submit(Bob, proxy(&alice, asset_transfer(AUR, &charlie, UNIT))), Ok(Ok(())));
		assert_eq!(aur(&charlie), UNIT);

		// The multisig account is not a wallet: it cannot send AUR, whatever it holds.
		let multi = alice_bob_multisig();
		assert_ok!(Assets::force_transfer(
			token_authority(),
			AUR.into(),
			alice.clone().into(),
			multi.clone().into(),
			UNIT
		));
		let from_multi = multisig(vec![alice.clone()], asset_transfer(AUR, &charlie, 1));
		assert_eq!(submit(Bob, from_multi), refused(SENDER));
		// Once it is a bank-stamped wallet, it may send to stamped wallets only.
		assert_eq!(
			submit(
				Bob,
				multisig(
					vec![alice.clone()],
					RuntimeCall::Wallets(pallet_wallets::Call::register {
						kind: WalletKind::Business,
						label: b"treasury desk".to_vec(),
					})
				)
			),
			Ok(Ok(()))
		);
		bank_stamp(&multi);
		assert_eq!(
			submit(Bob, multisig(vec![alice.clone()], asset_transfer(AUR, &bob, 1))),
			refused(RECIPIENT)
		);
	});
}

#[test]
fn an_unstamped_holder_cannot_move_aur_on_any_path() {
	dev_chain().execute_with(|| {
		let (alice, bob, charlie) = (acc(Alice), acc(Bob), acc(Charlie));
		// The token authority (only root can act as it) may force AUR anywhere, a seizure
		// say; the rules still hold the holder.
		assert_ok!(Assets::force_transfer(
			token_authority(),
			AUR.into(),
			alice.into(),
			bob.clone().into(),
			UNIT
		));
		assert_eq!(aur(&bob), UNIT);
		assert_eq!(submit(Bob, asset_transfer(AUR, &charlie, 1)), refused(SENDER));
		// Dispatched without the extension, the assets pallet sees Bob's AUR as frozen.
		assert_noop!(
			Assets::transfer(RuntimeOrigin::signed(bob.clone()), AUR.into(), charlie.into(), 1),
			pallet_assets::Error::<Runtime>::BalanceLow
		);
		assert_eq!(aur(&bob), UNIT);
	});
}

#[test]
fn a_frozen_wallet_cannot_send_any_of_the_four_tokens() {
	dev_chain().execute_with(|| {
		let (alice, bob, charlie) = (acc(Alice), acc(Bob), acc(Charlie));
		assert_ok!(Assets::transfer(
			RuntimeOrigin::signed(alice.clone()),
			AUR.into(),
			charlie.clone().into(),
			10 * UNIT
		));
		for id in [NEX, FLX] {
			assert_ok!(Assets::transfer(
				RuntimeOrigin::signed(alice.clone()),
				id.into(),
				charlie.clone().into(),
				10 * UNIT
			));
		}
		assert_ok!(Wallets::freeze(
			RuntimeOrigin::signed(alice.clone()),
			charlie.clone(),
			b"sanctions screening".to_vec()
		));
		let before: Vec<Balance> =
			[NEX, FLX, AUR].iter().map(|id| Assets::balance(*id, &charlie)).collect();
		for call in [
			gen_transfer(&bob, UNIT),
			asset_transfer(NEX, &bob, UNIT),
			asset_transfer(FLX, &bob, UNIT),
			asset_transfer(AUR, &alice, UNIT),
		] {
			assert_eq!(submit(Charlie, call.clone()), refused(FROZEN));
			// And without the extension, the token pallets refuse it.
			assert!(call.dispatch(RuntimeOrigin::signed(charlie.clone())).is_err());
		}
		let after: Vec<Balance> =
			[NEX, FLX, AUR].iter().map(|id| Assets::balance(*id, &charlie)).collect();
		assert_eq!(before, after);
		// Receiving still works; thawing lifts the freeze.
		assert_eq!(submit(Alice, asset_transfer(NEX, &charlie, UNIT)), Ok(Ok(())));
		assert_ok!(Wallets::thaw(
			RuntimeOrigin::signed(alice),
			charlie.clone(),
			b"cleared".to_vec()
		));
		assert_eq!(submit(Charlie, asset_transfer(NEX, &bob, UNIT)), Ok(Ok(())));
	});
}

#[test]
fn spending_limits_hold_across_batches_and_proxies_and_reset_with_the_period() {
	dev_chain().execute_with(|| {
		let (alice, bob, charlie) = (acc(Alice), acc(Bob), acc(Charlie));
		assert_ok!(Assets::transfer(
			RuntimeOrigin::signed(alice),
			NEX.into(),
			charlie.clone().into(),
			100 * UNIT
		));
		assert_ok!(Wallets::set_spending_limit(
			RuntimeOrigin::signed(charlie.clone()),
			Token::Nex,
			Some(10 * UNIT)
		));
		assert_eq!(submit(Charlie, asset_transfer(NEX, &bob, 4 * UNIT)), Ok(Ok(())));
		assert_eq!(Wallets::remaining_allowance(&charlie, Token::Nex), Some(6 * UNIT));
		// Two transfers of 4 each would pass alone, not together.
		let two =
			batch(vec![asset_transfer(NEX, &bob, 4 * UNIT), asset_transfer(NEX, &bob, 4 * UNIT)]);
		assert_eq!(
			submit(Charlie, two),
			refused(TransferRefusal::SpendingLimitExceeded {
				token: Token::Nex,
				remaining: 6 * UNIT
			})
		);
		// A proxy spends the real account's allowance.
		assert_ok!(RuntimeCall::Proxy(pallet_proxy::Call::add_proxy {
			delegate: bob.clone().into(),
			proxy_type: Default::default(),
			delay: 0,
		})
		.dispatch(RuntimeOrigin::signed(charlie.clone())));
		assert_eq!(
			submit(Bob, proxy(&charlie, asset_transfer(NEX, &bob, 7 * UNIT))),
			refused(TransferRefusal::SpendingLimitExceeded {
				token: Token::Nex,
				remaining: 6 * UNIT
			})
		);
		assert_eq!(submit(Bob, proxy(&charlie, asset_transfer(NEX, &bob, 5 * UNIT))), Ok(Ok(())));
		assert_eq!(Wallets::remaining_allowance(&charlie, Token::Nex), Some(UNIT));
		// A transfer that fails inside the proxy call sent nothing and counts nothing.
		let too_big = proxy(&charlie, asset_transfer(NEX, &bob, UNIT / 2 + 1_000 * UNIT));
		assert_eq!(
			submit(Bob, too_big),
			refused(TransferRefusal::SpendingLimitExceeded { token: Token::Nex, remaining: UNIT })
		);
		let fails = proxy(&charlie, asset_transfer(NEX, &acc(Eve), 1));
		assert_eq!(submit(Bob, fails), Ok(Ok(())), "the proxy call succeeds, its inner call fails");
		assert_eq!(Wallets::remaining_allowance(&charlie, Token::Nex), Some(UNIT));
		// GEN has no limit.
		assert_eq!(submit(Charlie, gen_transfer(&bob, 20 * UNIT)), Ok(Ok(())));
		// The next period starts afresh.
		let period: u32 = <SpendingPeriod as frame_support::traits::Get<u32>>::get();
		System::set_block_number(period);
		assert_eq!(Wallets::remaining_allowance(&charlie, Token::Nex), Some(10 * UNIT));
		assert_eq!(submit(Charlie, asset_transfer(NEX, &bob, 10 * UNIT)), Ok(Ok(())));
		assert_eq!(Wallets::remaining_allowance(&charlie, Token::Nex), Some(0));
	});
}

#[test]
fn multisig_and_proxy_work_for_tokens_the_rules_leave_free() {
	dev_chain().execute_with(|| {
		let (alice, bob, dave) = (acc(Alice), acc(Bob), acc(Dave));
		let multi = alice_bob_multisig();
		assert_ok!(Assets::transfer(
			RuntimeOrigin::signed(alice.clone()),
			NEX.into(),
			multi.clone().into(),
			50 * UNIT
		));
		assert_eq!(
			submit(Bob, multisig(vec![alice.clone()], asset_transfer(NEX, &dave, 20 * UNIT))),
			Ok(Ok(()))
		);
		assert_eq!(Assets::balance(NEX, &dave), 20 * UNIT);
		assert_eq!(
			submit(Bob, multisig(vec![alice.clone()], gen_transfer(&dave, UNIT))),
			Ok(Ok(()))
		);
		assert_ok!(RuntimeCall::Proxy(pallet_proxy::Call::add_proxy {
			delegate: bob.clone().into(),
			proxy_type: Default::default(),
			delay: 0,
		})
		.dispatch(RuntimeOrigin::signed(alice.clone())));
		assert_eq!(submit(Bob, proxy(&alice, asset_transfer(FLX, &dave, 3 * UNIT))), Ok(Ok(())));
		assert_eq!(Assets::balance(FLX, &dave), 3 * UNIT);
		assert_eq!(Balances::balance(&dave), 101 * UNIT);
	});
}

#[test]
fn the_inspector_walks_every_nesting_call_to_the_real_sender() {
	dev_chain().execute_with(|| {
		let (alice, bob, charlie) = (acc(Alice), acc(Bob), acc(Charlie));
		let inner = asset_transfer(AUR, &bob, 7);
		let walk = |signer: &AccountId, call: RuntimeCall| {
			let mut out = Vec::new();
			RuntimeTransferInspector::movements(signer, &call, &mut out);
			assert_eq!(RuntimeTransferInspector::count(&call), out.len() as u32);
			out
		};
		let moved = |from: &AccountId| {
			vec![Movement {
				from: Some(from.clone()),
				to: Some(bob.clone()),
				token: Token::Aur,
				amount: 7,
			}]
		};
		// An inheritor controlling a recovered account spends that account's tokens.
		let inherited = RuntimeCall::Recovery(pallet_recovery::Call::control_inherited_account {
			recovered: charlie.clone().into(),
			call: Box::new(inner.clone()),
		});
		assert_eq!(walk(&alice, inherited), moved(&charlie));
		let derivative = RuntimeCall::Utility(pallet_utility::Call::as_derivative {
			index: 3,
			call: Box::new(inner.clone()),
		});
		assert_eq!(
			walk(&alice, derivative),
			moved(&pallet_utility::derivative_account_id(alice.clone(), 3))
		);
		let sudo_as = RuntimeCall::Sudo(pallet_sudo::Call::sudo_as {
			who: charlie.clone().into(),
			call: Box::new(inner.clone()),
		});
		assert_eq!(walk(&alice, sudo_as), moved(&charlie));
		let either = RuntimeCall::Utility(pallet_utility::Call::if_else {
			main: Box::new(inner.clone()),
			fallback: Box::new(proxy(&charlie, inner.clone())),
		});
		assert_eq!(walk(&alice, either), [moved(&alice), moved(&charlie)].concat());
		// Plain sudo is root: not bound by the rules.
		let sudo = RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(inner) });
		assert!(walk(&alice, sudo).is_empty());
		// Remarks and other calls move nothing.
		let remark = RuntimeCall::System(frame_system::Call::remark { remark: vec![] });
		assert!(walk(&alice, remark).is_empty());
	});
}

#[test]
fn a_shadow_request_acting_for_an_account_is_held_to_its_rules() {
	use pallet_shadow_registry::DispatchGuard;
	dev_chain().execute_with(|| {
		let (alice, bob, charlie) = (acc(Alice), acc(Bob), acc(Charlie));
		assert_eq!(
			crate::configs::WalletRulesGuard::check(&alice, &asset_transfer(AUR, &bob, 1)),
			Err(DispatchError::from(pallet_wallets::Error::<Runtime>::AurRecipientNotBankStamped))
		);
		assert_ok!(crate::configs::WalletRulesGuard::check(
			&alice,
			&asset_transfer(AUR, &charlie, 1)
		));
		assert_ok!(Wallets::set_spending_limit(
			RuntimeOrigin::signed(charlie.clone()),
			Token::Gen,
			Some(UNIT)
		));
		crate::configs::WalletRulesGuard::dispatched(&charlie, &gen_transfer(&bob, UNIT / 4));
		assert_eq!(Wallets::remaining_allowance(&charlie, Token::Gen), Some(3 * UNIT / 4));
	});
}

#[test]
fn genesis_aur_holders_may_hold_it_and_wallet_deposits_are_held() {
	for preset in [DEV_RUNTIME_PRESET, sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET] {
		ext_from_preset(preset).execute_with(|| {
			for (who, account) in pallet_assets::Account::<Runtime>::iter_prefix(AUR) {
				assert!(account.balance > 0);
				assert!(
					Wallets::can_hold_aur(&who),
					"{who} holds genesis AUR without a bank stamp"
				);
			}
		});
	}
	ext_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		let deposit: Balance = WalletDeposit::get();
		assert_eq!(Balances::total_balance(&acc(Alice)) - Balances::balance(&acc(Alice)), deposit);
	});
}
