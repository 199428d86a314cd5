//! Runtime tests: the genesis presets, the four tokens, and transfers dispatched through the
//! runtime (plain calls and full signed extrinsics through `Executive`).

use crate::{
	configs::{TokenAuthorityAccount, TreasuryAccount},
	genesis_config_presets::{self, mining_reserve_account, FIRST_USER_ASSET_ID},
	tokens::{self, AUR, FLX, NEX, UNIT},
	AccountId, Assets, Balance, Balances, Executive, Runtime, RuntimeCall, RuntimeGenesisConfig,
	RuntimeOrigin, System, TxExtension, UncheckedExtrinsic,
};
use codec::Encode;
use frame_support::{
	assert_noop, assert_ok,
	genesis_builder_helper::build_state,
	traits::{fungible::Inspect as _, fungibles::metadata::Inspect as _, fungibles::Inspect as _},
};
use sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::Sr25519Keyring::{self, *};
use sp_runtime::{
	generic::{Era, SignedPayload},
	traits::Dispatchable,
	DispatchError, TokenError,
};

/// Merges a JSON genesis patch into a full config, as chain-spec builders do.
fn merge(base: &mut serde_json::Value, patch: serde_json::Value) {
	match (base, patch) {
		(serde_json::Value::Object(base), serde_json::Value::Object(patch)) => {
			for (key, value) in patch {
				merge(base.entry(key).or_insert(serde_json::Value::Null), value);
			}
		},
		(base, patch) => *base = patch,
	}
}

/// Test externalities holding the genesis state of the named preset.
fn ext_from_preset(preset: &str) -> sp_io::TestExternalities {
	let patch = genesis_config_presets::get_preset(&preset.into()).expect("preset exists");
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).unwrap();
	merge(&mut config, serde_json::from_slice(&patch).expect("the preset is JSON"));
	let json = serde_json::to_vec(&config).unwrap();
	let mut ext = sp_io::TestExternalities::default();
	ext.execute_with(|| build_state::<RuntimeGenesisConfig>(json).expect("preset builds"));
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Alice's GEN on the dev chain: everything but the treasury's share.
const ALICE_DEV_GEN: Balance = tokens::GEN_TOTAL_SUPPLY - genesis_config_presets::DEV_TREASURY_GEN;

fn acc(k: Sr25519Keyring) -> AccountId {
	k.to_account_id()
}

fn asset(id: u32, who: &AccountId) -> Balance {
	Assets::balance(id, who)
}

#[test]
fn both_presets_are_listed_and_build() {
	let names = genesis_config_presets::preset_names();
	assert!(names.contains(&DEV_RUNTIME_PRESET.into()));
	assert!(names.contains(&LOCAL_TESTNET_RUNTIME_PRESET.into()));
	assert!(genesis_config_presets::get_preset(&"no-such-preset".into()).is_none());
	for preset in [DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET] {
		ext_from_preset(preset).execute_with(|| {
			assert!(!pallet_aura::Authorities::<Runtime>::get().is_empty());
			assert_eq!(
				pallet_aura::Authorities::<Runtime>::get().len(),
				pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len()
			);
		});
	}
}

#[test]
fn the_three_assets_exist_with_their_metadata() {
	ext_from_preset(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		for (id, symbol, name) in
			[(NEX, "NEX", "Nexus"), (FLX, "FLX", "Flux"), (AUR, "AUR", "Aurum")]
		{
			assert!(Assets::asset_exists(id), "asset {id} exists");
			assert_eq!(Assets::symbol(id), symbol.as_bytes().to_vec());
			assert_eq!(Assets::name(id), name.as_bytes().to_vec());
			assert_eq!(Assets::decimals(id), tokens::DECIMALS);
			let details = pallet_assets::Asset::<Runtime>::get(id).unwrap();
			assert_eq!(details.owner, TokenAuthorityAccount::get());
			assert!(details.is_sufficient);
		}
		assert_eq!(pallet_assets::NextAssetId::<Runtime>::get(), Some(FIRST_USER_ASSET_ID));
	});
}

#[test]
fn local_testnet_follows_the_economics_allocation() {
	ext_from_preset(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		// GEN: 60,000 treasury, 20,000 founders, 20,000 governance reserve: 100,000 in all.
		assert_eq!(Balances::total_issuance(), tokens::GEN_TOTAL_SUPPLY);
		assert_eq!(Balances::balance(&TreasuryAccount::get()), 60_000 * UNIT);
		assert_eq!(Balances::balance(&acc(Alice)), 20_000 * UNIT);
		assert_eq!(Balances::balance(&acc(Bob)), 20_000 * UNIT);
		// NEX: 300,000 in all.
		assert_eq!(Assets::total_issuance(NEX), 300_000 * UNIT);
		assert_eq!(asset(NEX, &mining_reserve_account()), 200_000 * UNIT);
		assert_eq!(asset(NEX, &acc(Dave)), 15_000 * UNIT);
		assert_eq!(asset(NEX, &acc(Eve)), 40_000 * UNIT);
		// FLX: 500,000 in all.
		assert_eq!(Assets::total_issuance(FLX), 500_000 * UNIT);
		assert_eq!(asset(FLX, &acc(Ferdie)), 100_000 * UNIT);
		assert_eq!(asset(FLX, &acc(Charlie)), 125_000 * UNIT);
		// AUR: nothing until collateral is attested.
		assert_eq!(Assets::total_issuance(AUR), 0);
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 4);
	});
}

#[test]
fn development_gives_alice_all_four_tokens() {
	ext_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		let alice = acc(Alice);
		assert_eq!(Balances::balance(&alice), ALICE_DEV_GEN);
		assert_eq!(Balances::total_issuance(), tokens::GEN_TOTAL_SUPPLY);
		assert!(Balances::balance(&TreasuryAccount::get()) >= crate::EXISTENTIAL_DEPOSIT);
		assert!(asset(NEX, &alice) > 0);
		assert!(asset(FLX, &alice) > 0);
		assert!(asset(AUR, &alice) > 0);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(alice));
	});
}

#[test]
fn gen_transfer_moves_exactly_the_amount() {
	ext_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		let (alice, bob) = (acc(Alice), acc(Bob));
		let call = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: bob.clone().into(),
			value: 5 * UNIT,
		});
		assert_ok!(call.dispatch(RuntimeOrigin::signed(alice.clone())));
		assert_eq!(Balances::balance(&bob), 5 * UNIT);
		assert_eq!(Balances::balance(&alice), ALICE_DEV_GEN - 5 * UNIT);
	});
}

#[test]
fn bad_gen_transfers_fail_with_named_errors_and_change_nothing() {
	ext_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		let (alice, bob) = (acc(Alice), acc(Bob));
		// Bob has nothing to send.
		assert_noop!(
			RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
				dest: alice.clone().into(),
				value: UNIT,
			})
			.dispatch(RuntimeOrigin::signed(bob.clone())),
			DispatchError::Token(TokenError::FundsUnavailable)
		);
		// Below the existential deposit for a new account.
		assert_noop!(
			RuntimeCall::Balances(pallet_balances::Call::transfer_allow_death {
				dest: bob.clone().into(),
				value: 1,
			})
			.dispatch(RuntimeOrigin::signed(alice.clone())),
			DispatchError::Token(TokenError::BelowMinimum)
		);
		// `keep_alive` refuses to reap the sender.
		assert_noop!(
			RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
				dest: bob.into(),
				value: ALICE_DEV_GEN,
			})
			.dispatch(RuntimeOrigin::signed(alice)),
			DispatchError::Token(TokenError::NotExpendable)
		);
	});
}

#[test]
fn flx_transfer_works_and_bad_ones_fail_cleanly() {
	ext_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		let (alice, bob) = (acc(Alice), acc(Bob));
		let before = asset(FLX, &alice);
		assert_ok!(RuntimeCall::Assets(pallet_assets::Call::transfer {
			id: FLX.into(),
			target: bob.clone().into(),
			amount: 7 * UNIT,
		})
		.dispatch(RuntimeOrigin::signed(alice.clone())));
		assert_eq!(asset(FLX, &bob), 7 * UNIT);
		assert_eq!(asset(FLX, &alice), before - 7 * UNIT);

		// More than Bob holds.
		assert_noop!(
			RuntimeCall::Assets(pallet_assets::Call::transfer {
				id: FLX.into(),
				target: alice.clone().into(),
				amount: 8 * UNIT,
			})
			.dispatch(RuntimeOrigin::signed(bob.clone())),
			pallet_assets::Error::<Runtime>::BalanceLow
		);
		// An asset that does not exist.
		assert_noop!(
			RuntimeCall::Assets(pallet_assets::Call::transfer {
				id: 77u32.into(),
				target: alice.clone().into(),
				amount: 1,
			})
			.dispatch(RuntimeOrigin::signed(bob.clone())),
			pallet_assets::Error::<Runtime>::Unknown
		);
		// Nobody but the token authority may mint NEX, FLX or AUR.
		assert_noop!(
			RuntimeCall::Assets(pallet_assets::Call::mint {
				id: NEX.into(),
				beneficiary: alice.clone().into(),
				amount: UNIT,
			})
			.dispatch(RuntimeOrigin::signed(alice)),
			pallet_assets::Error::<Runtime>::NoPermission
		);
	});
}

#[test]
fn user_assets_cannot_take_protocol_ids() {
	ext_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		let alice = acc(Alice);
		assert_noop!(
			RuntimeCall::Assets(pallet_assets::Call::create {
				id: 4u32.into(),
				admin: alice.clone().into(),
				min_balance: 1,
			})
			.dispatch(RuntimeOrigin::signed(alice.clone())),
			pallet_assets::Error::<Runtime>::BadAssetId
		);
		assert_ok!(RuntimeCall::Assets(pallet_assets::Call::create {
			id: FIRST_USER_ASSET_ID.into(),
			admin: alice.clone().into(),
			min_balance: 1,
		})
		.dispatch(RuntimeOrigin::signed(alice)));
	});
}

/// Signs `call` as `who` with the runtime's transaction extensions.
fn signed_extrinsic(who: Sr25519Keyring, nonce: u32, call: RuntimeCall) -> UncheckedExtrinsic {
	let tx_ext: TxExtension = (
		frame_system::AuthorizeCall::<Runtime>::new(),
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckEra::<Runtime>::from(Era::Immortal),
		frame_system::CheckNonce::<Runtime>::from(nonce),
		frame_system::CheckWeight::<Runtime>::new(),
		pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(0),
		frame_metadata_hash_extension::CheckMetadataHash::<Runtime>::new(false),
		frame_system::WeightReclaim::<Runtime>::new(),
	);
	let payload = SignedPayload::new(call.clone(), tx_ext.clone()).expect("valid payload");
	let signature = payload.using_encoded(|bytes| who.sign(bytes));
	UncheckedExtrinsic::new_signed(call, who.to_account_id().into(), signature.into(), tx_ext)
}

#[test]
fn signed_transfer_through_executive_pays_fees_to_the_treasury() {
	ext_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		let (alice, bob) = (acc(Alice), acc(Bob));
		let treasury_before = Balances::balance(&TreasuryAccount::get());
		let call = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: bob.clone().into(),
			value: 3 * UNIT,
		});
		let xt = signed_extrinsic(Alice, 0, call);
		let fee = pallet_transaction_payment::Pallet::<Runtime>::query_info(
			xt.clone(),
			xt.encoded_size() as u32,
		)
		.partial_fee;
		assert!(fee > 0);
		assert_ok!(Executive::apply_extrinsic(xt).expect("valid transaction"));
		assert_eq!(Balances::balance(&bob), 3 * UNIT);
		// The fee charged is at most the estimate (unused weight is refunded) and
		// lands in the treasury: GEN is never burned.
		let paid = ALICE_DEV_GEN - 3 * UNIT - Balances::balance(&alice);
		assert!(paid > 0 && paid <= fee);
		assert_eq!(Balances::balance(&TreasuryAccount::get()), treasury_before + paid);
		assert_eq!(Balances::total_issuance(), tokens::GEN_TOTAL_SUPPLY);
		assert_eq!(System::account_nonce(&alice), 1);
	});
}

#[test]
fn a_replayed_or_badly_signed_extrinsic_is_refused() {
	ext_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		let call = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: acc(Bob).into(),
			value: UNIT,
		});
		let xt = signed_extrinsic(Alice, 0, call.clone());
		assert_ok!(Executive::apply_extrinsic(xt.clone()).unwrap());
		// Same nonce again: stale.
		assert!(Executive::apply_extrinsic(xt).is_err());
		// Signed by Bob but claiming to be Alice.
		let mut forged = signed_extrinsic(Bob, 1, call);
		if let sp_runtime::generic::Preamble::Signed(ref mut address, _, _) = forged.preamble {
			*address = acc(Alice).into();
		}
		assert!(Executive::apply_extrinsic(forged).is_err());
		assert_eq!(Balances::balance(&acc(Bob)), UNIT);
	});
}

#[test]
fn economics_is_wired_to_the_runtime_tokens_and_validators() {
	ext_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		// The validators that share NEX issuance are the Aura authorities' accounts.
		assert_eq!(
			<crate::configs::AuraValidatorAccounts as frame_support::traits::Get<_>>::get(),
			vec![acc(Alice)]
		);
		let (alice, charlie) = (acc(Alice), acc(Charlie));
		assert_ok!(RuntimeCall::Economics(pallet_economics::Call::register_provider {
			provider: charlie.clone().into(),
		})
		.dispatch(RuntimeOrigin::root()));
		let record = pallet_economics::UsageRecord {
			consumer: alice.clone(),
			service: pallet_economics::Service::Transaction,
			compute_units: 0,
			storage_bytes: 0,
			bandwidth_bytes: 0,
			execution_time_ms: 5,
		};
		let flx_before = Assets::total_issuance(FLX);
		let alice_before = asset(FLX, &alice);
		assert_ok!(RuntimeCall::Economics(pallet_economics::Call::submit_usage {
			records: vec![record].try_into().unwrap(),
		})
		.dispatch(RuntimeOrigin::signed(charlie.clone())));
		// A transaction costs 0.01 FLX; half of it is burned, the rest split.
		let fee = UNIT / 100;
		assert_eq!(asset(FLX, &alice), alice_before - fee);
		assert_eq!(Assets::total_issuance(FLX), flx_before - fee / 2);
		// GEN is untouched by the meter.
		assert_eq!(Balances::total_issuance(), tokens::GEN_TOTAL_SUPPLY);
		// An unregistered provider is refused, and nothing changes.
		assert_noop!(
			RuntimeCall::Economics(pallet_economics::Call::submit_usage {
				records: vec![pallet_economics::UsageRecord {
					consumer: alice.clone(),
					service: pallet_economics::Service::Transaction,
					compute_units: 0,
					storage_bytes: 0,
					bandwidth_bytes: 0,
					execution_time_ms: 0,
				}]
				.try_into()
				.unwrap(),
			})
			.dispatch(RuntimeOrigin::signed(alice)),
			pallet_economics::Error::<Runtime>::ProviderNotRegistered
		);
	});
}
