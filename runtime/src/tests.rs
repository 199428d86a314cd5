//! Runtime tests: the genesis presets, the four tokens, transfers dispatched through the
//! runtime (plain calls and full signed extrinsics through `Executive`), the session keys and
//! the IBFT authority set they give, and IBFT equivocation reports as real transactions.

use crate::{
	configs::{TokenAuthorityAccount, TreasuryAccount},
	genesis_config_presets::{self, mining_reserve_account, FIRST_USER_ASSET_ID},
	tokens::{self, AUR, FLX, NEX, UNIT},
	AccountId, Assets, Balance, Balances, Block, Executive, Grandpa, Ibft, Runtime, RuntimeCall,
	RuntimeGenesisConfig, RuntimeOrigin, Session, SessionKeys, System, TxExtension,
	UncheckedExtrinsic, SESSION_PERIOD,
};
use codec::{Decode, Encode};
use frame_support::{
	assert_noop, assert_ok,
	genesis_builder_helper::build_state,
	traits::{fungible::Inspect as _, fungibles::metadata::Inspect as _, fungibles::Inspect as _},
};
use metanode_ibft_primitives::{
	runtime_decl_for_ibft_api::IbftApi, sign, AuthorityId as IbftId, AuthorityPair as IbftPair,
	Commit, Equivocation, EquivocationProof,
};
use sp_core::{
	offchain::{testing::TestTransactionPoolExt, TransactionPoolExt},
	Pair as _, H256,
};
use sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::{
	Ed25519Keyring,
	Sr25519Keyring::{self, *},
};
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
use sp_runtime::{
	generic::{Era, SignedPayload},
	traits::Dispatchable,
	transaction_validity::{InvalidTransaction, TransactionSource},
	DispatchError, TokenError,
};

/// Merges a JSON genesis patch into a full config, as chain-spec builders do.
pub(crate) fn merge(base: &mut serde_json::Value, patch: serde_json::Value) {
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
pub(crate) fn ext_from_preset(preset: &str) -> sp_io::TestExternalities {
	let patch = genesis_config_presets::get_preset(&preset.into()).expect("preset exists");
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).unwrap();
	merge(&mut config, serde_json::from_slice(&patch).expect("the preset is JSON"));
	let json = serde_json::to_vec(&config).unwrap();
	let mut ext = sp_io::TestExternalities::default();
	ext.execute_with(|| build_state::<RuntimeGenesisConfig>(json).expect("preset builds"));
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Alice's free GEN on the dev chain: everything but the treasury's share and the deposit
/// held for her genesis wallet.
const ALICE_DEV_GEN: Balance = tokens::GEN_TOTAL_SUPPLY
	- genesis_config_presets::DEV_TREASURY_GEN
	- crate::configs::wallets::WalletDeposit::get();

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
		let charlie = acc(Charlie);
		assert_ok!(RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: charlie.clone().into(),
			value: UNIT,
		})
		.dispatch(RuntimeOrigin::signed(alice.clone())));
		assert_noop!(
			RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
				dest: bob.clone().into(),
				value: UNIT,
			})
			.dispatch(RuntimeOrigin::signed(charlie)),
			DispatchError::Token(TokenError::NotExpendable)
		);
		// A validator's account cannot be reaped at all: its session keys hold a consumer
		// reference on it, so the existential deposit is not spendable (`Frozen`).
		assert_noop!(
			RuntimeCall::Balances(pallet_balances::Call::transfer_allow_death {
				dest: bob.into(),
				value: ALICE_DEV_GEN - UNIT,
			})
			.dispatch(RuntimeOrigin::signed(alice)),
			DispatchError::Token(TokenError::Frozen)
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
pub(crate) fn signed_extrinsic(
	who: Sr25519Keyring,
	nonce: u32,
	call: RuntimeCall,
) -> UncheckedExtrinsic {
	let tx_ext: TxExtension = (
		frame_system::AuthorizeCall::<Runtime>::new(),
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckEra::<Runtime>::from(Era::Immortal),
		frame_system::CheckNonce::<Runtime>::from(nonce),
		frame_system::CheckWeight::<Runtime>::new(),
		pallet_wallets::CheckWalletRules::<Runtime>::new(),
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
		// The validators that share NEX issuance are the session validators' accounts.
		assert_eq!(
			<crate::configs::SessionValidatorAccounts as frame_support::traits::Get<_>>::get(),
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
			job_value: None,
		};
		let submit = || {
			RuntimeCall::Economics(pallet_economics::Call::submit_usage {
				records: vec![record.clone()].try_into().unwrap(),
			})
			.dispatch(RuntimeOrigin::signed(charlie.clone()))
		};
		// Until Alice approves Charlie, he cannot charge her.
		assert_noop!(submit(), pallet_economics::Error::<Runtime>::ProviderNotApproved);
		assert_ok!(RuntimeCall::Economics(pallet_economics::Call::approve_provider {
			provider: charlie.clone().into(),
			limits: pallet_economics::SpendingLimits::UNLIMITED,
		})
		.dispatch(RuntimeOrigin::signed(alice.clone())));
		let flx_before = Assets::total_issuance(FLX);
		let alice_before = asset(FLX, &alice);
		assert_ok!(submit());
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
					job_value: None,
				}]
				.try_into()
				.unwrap(),
			})
			.dispatch(RuntimeOrigin::signed(alice)),
			pallet_economics::Error::<Runtime>::ProviderNotRegistered
		);
	});
}

#[test]
fn genesis_aur_is_backed_and_the_economics_accounts_can_receive_every_share() {
	use genesis_config_presets::{economics_accounts, ASSET_MIN_BALANCE};
	for preset in [DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET] {
		ext_from_preset(preset).execute_with(|| {
			// The supply invariant: AUR never exceeds the recorded collateral, and every AUR
			// was minted by an issuer.
			let backing = pallet_economics::Backing::<Runtime>::get();
			let aur = Assets::total_issuance(AUR);
			assert!(aur <= backing.collateral, "{preset}: AUR supply <= collateral");
			assert_eq!(aur, backing.issued, "{preset}: every AUR is issuer-minted");
			for (_, info) in pallet_economics::Issuers::<Runtime>::iter() {
				assert!(info.issued <= info.collateral);
			}
			assert_eq!(crate::Economics::supply().aur_backing, backing);
			// The treasury, the rewards pot and the miner reserve hold every asset in
			// circulation, so no share is ever too small for them.
			for account in economics_accounts() {
				for id in [NEX, FLX, AUR] {
					if Assets::total_issuance(id) > 0 {
						assert!(asset(id, &account) >= ASSET_MIN_BALANCE, "{preset}: {id}");
					}
				}
			}
		});
	}
	ext_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		// Alice's 1,000 AUR and the three accounts' 0.000001 each are backed by her genesis
		// attestation of 1,000.000003 AUR of collateral.
		let alice = acc(Alice);
		let collateral = genesis_config_presets::DEV_ALICE_AUR + 3 * ASSET_MIN_BALANCE;
		assert_eq!(asset(AUR, &alice), genesis_config_presets::DEV_ALICE_AUR);
		assert_eq!(Assets::total_issuance(AUR), collateral);
		assert_eq!(
			pallet_economics::Issuers::<Runtime>::get(&alice),
			Some(pallet_economics::IssuerInfo { active: true, collateral, issued: collateral })
		);
		let attestation = pallet_economics::Attestations::<Runtime>::get(
			genesis_config_presets::dev_aur_attestation(),
		)
		.expect("the genesis attestation is recorded");
		assert_eq!((attestation.issuer, attestation.amount), (alice.clone(), collateral));
		// Alice redeems 10 AUR like any issuer: supply and backing fall together.
		assert_ok!(RuntimeCall::Economics(pallet_economics::Call::burn_aur { amount: 10 * UNIT })
			.dispatch(RuntimeOrigin::signed(alice.clone())));
		assert_eq!(Assets::total_issuance(AUR), collateral - 10 * UNIT);
		assert_eq!(pallet_economics::Backing::<Runtime>::get().issued, collateral - 10 * UNIT);
		// She cannot mint beyond the collateral left free.
		assert_noop!(
			RuntimeCall::Economics(pallet_economics::Call::mint_aur {
				beneficiary: alice.clone().into(),
				amount: 10 * UNIT + 1,
			})
			.dispatch(RuntimeOrigin::signed(alice.clone())),
			pallet_economics::Error::<Runtime>::InsufficientCollateral
		);
		assert!(
			Assets::total_issuance(AUR) <= pallet_economics::Backing::<Runtime>::get().collateral
		);
	});
}

#[test]
fn a_tiny_usage_fee_is_charged_and_reaches_the_treasury() {
	use genesis_config_presets::ASSET_MIN_BALANCE;
	ext_from_preset(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		// Eve (no FLX of her own) becomes a provider; Charlie approves her. A 1-byte bandwidth
		// record costs 976,563 units: every share is below FLX's minimum balance (10^6).
		let (charlie, eve) = (acc(Charlie), acc(Eve));
		assert_ok!(RuntimeCall::Economics(pallet_economics::Call::register_provider {
			provider: eve.clone().into(),
		})
		.dispatch(RuntimeOrigin::root()));
		assert_ok!(RuntimeCall::Economics(pallet_economics::Call::approve_provider {
			provider: eve.clone().into(),
			limits: pallet_economics::SpendingLimits::UNLIMITED,
		})
		.dispatch(RuntimeOrigin::signed(charlie.clone())));
		let treasury = TreasuryAccount::get();
		let (charlie_before, treasury_before) = (asset(FLX, &charlie), asset(FLX, &treasury));
		let issuance_before = Assets::total_issuance(FLX);
		assert_ok!(RuntimeCall::Economics(pallet_economics::Call::submit_usage {
			records: vec![pallet_economics::UsageRecord {
				consumer: charlie.clone(),
				service: pallet_economics::Service::Bandwidth,
				compute_units: 0,
				storage_bytes: 0,
				bandwidth_bytes: 1,
				execution_time_ms: 0,
				job_value: None,
			}]
			.try_into()
			.unwrap(),
		})
		.dispatch(RuntimeOrigin::signed(eve.clone())));
		const { assert!(976_563 / 2 < ASSET_MIN_BALANCE) };
		assert_eq!(charlie_before - asset(FLX, &charlie), 976_563);
		assert_eq!(Assets::total_issuance(FLX), issuance_before - 488_281);
		// The reserve and the pot already hold FLX and take their shares; Eve holds none, so
		// her 97,656 join the treasury's 146,486.
		assert_eq!(asset(FLX, &eve), 0);
		assert_eq!(asset(FLX, &treasury) - treasury_before, 146_486 + 97_656);
		assert_eq!(pallet_economics::DeferredTreasury::<Runtime>::get(), Default::default());
	});
}

// ---------------------------------------------------------------------------------------
// Sessions and IBFT
// ---------------------------------------------------------------------------------------

/// The validators of each preset, as (account keyring, ed25519 keyring) of the same seed.
const DEV_VALIDATORS: &[(Sr25519Keyring, Ed25519Keyring)] = &[(Alice, Ed25519Keyring::Alice)];
const LOCAL_VALIDATORS: &[(Sr25519Keyring, Ed25519Keyring)] = &[
	(Alice, Ed25519Keyring::Alice),
	(Bob, Ed25519Keyring::Bob),
	(Charlie, Ed25519Keyring::Charlie),
	(Dave, Ed25519Keyring::Dave),
];

/// The sorted IBFT keys of `validators`: their ed25519 keys.
fn ibft_keys(validators: &[(Sr25519Keyring, Ed25519Keyring)]) -> Vec<IbftId> {
	let mut keys: Vec<IbftId> = validators.iter().map(|(_, ed)| ed.public().into()).collect();
	keys.sort();
	keys
}

#[test]
fn presets_give_every_consensus_the_validators_session_keys() {
	for (preset, validators) in
		[(DEV_RUNTIME_PRESET, DEV_VALIDATORS), (LOCAL_TESTNET_RUNTIME_PRESET, LOCAL_VALIDATORS)]
	{
		ext_from_preset(preset).execute_with(|| {
			// IBFT: the sorted ed25519 keys, set 0, through the runtime API as the node asks.
			assert_eq!(Ibft::authorities(), ibft_keys(validators), "{preset}");
			assert_eq!(<Runtime as IbftApi<Block>>::authorities(), ibft_keys(validators));
			assert_eq!(<Runtime as IbftApi<Block>>::current_set_id(), 0);
			// Aura and GRANDPA, in the validators' order.
			let aura: Vec<sp_consensus_aura::sr25519::AuthorityId> =
				validators.iter().map(|(sr, _)| sr.public().into()).collect();
			assert_eq!(pallet_aura::Authorities::<Runtime>::get().into_inner(), aura);
			let grandpa: Vec<(sp_consensus_grandpa::AuthorityId, u64)> =
				validators.iter().map(|(_, ed)| (ed.public().into(), 1)).collect();
			assert_eq!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities(), grandpa);
			// The session validators are the accounts.
			let accounts: Vec<AccountId> = validators.iter().map(|(sr, _)| acc(*sr)).collect();
			assert_eq!(pallet_session::Validators::<Runtime>::get(), accounts);
			assert_eq!(Session::current_index(), 0);
		});
	}
}

#[test]
fn the_runtime_offers_the_ibft_and_session_keys_apis() {
	use sp_api::RuntimeApiInfo;
	let offers = |id: [u8; 8], version: u32| {
		crate::VERSION.apis.iter().any(|(api, v)| *api == id && *v == version)
	};
	let ibft = <dyn metanode_ibft_primitives::IbftApi<Block>>::ID;
	assert!(offers(ibft, <dyn metanode_ibft_primitives::IbftApi<Block>>::VERSION));
	let session_keys = <dyn sp_session::SessionKeys<Block>>::ID;
	assert!(offers(session_keys, <dyn sp_session::SessionKeys<Block>>::VERSION));
}

#[test]
fn alice_has_the_keys_her_node_derives_from_its_seed() {
	let mut ext = ext_from_preset(LOCAL_TESTNET_RUNTIME_PRESET);
	ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
	ext.execute_with(|| {
		let keys = pallet_session::NextKeys::<Runtime>::get(acc(Alice)).expect("Alice has keys");
		assert_eq!(keys.aura, Sr25519Keyring::Alice.public().into());
		assert_eq!(keys.grandpa, Ed25519Keyring::Alice.public().into());
		assert_eq!(keys.ibft, Ed25519Keyring::Alice.public().into());
		assert_eq!(keys.ibft, IbftPair::from_string("//Alice", None).unwrap().public());

		// `metanode --alice` fills its keystore through the `SessionKeys` runtime API with
		// the seed `//Alice`: it must produce the very keys of the preset.
		let generated = SessionKeys::generate(b"owner", Some(b"//Alice".to_vec()));
		assert_eq!(generated.keys, keys);
		let raw = SessionKeys::decode_into_raw_public_keys(&generated.keys.encode())
			.expect("the keys decode");
		let key_types: Vec<_> = raw.iter().map(|(_, id)| id.0).collect();
		assert_eq!(key_types, vec![*b"aura", *b"gran", *b"ibft"]);
	});
}

#[test]
fn sessions_last_the_session_period() {
	use frame_support::traits::EstimateNextSessionRotation;
	use pallet_session::ShouldEndSession;
	assert_eq!(SESSION_PERIOD, 600);
	assert!(!crate::configs::Sessions::should_end_session(SESSION_PERIOD - 1));
	assert!(crate::configs::Sessions::should_end_session(SESSION_PERIOD));
	assert!(crate::configs::Sessions::should_end_session(2 * SESSION_PERIOD));
	assert_eq!(crate::configs::Sessions::estimate_next_session_rotation(1).0, Some(SESSION_PERIOD));
}

#[test]
fn rotated_keys_become_the_authorities_at_the_next_but_one_session() {
	use frame_support::traits::{OnFinalize, OnInitialize};
	let mut ext = ext_from_preset(DEV_RUNTIME_PRESET);
	ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
	ext.execute_with(|| {
		let alice = acc(Alice);
		let generated = SessionKeys::generate(&alice.encode(), None);
		let new_keys = generated.keys.clone();
		assert_ok!(RuntimeCall::Session(pallet_session::Call::set_keys {
			keys: new_keys.clone(),
			proof: generated.proof.encode(),
		})
		.dispatch(RuntimeOrigin::signed(alice.clone())));
		// Someone else's keys, or keys without Alice's proof, are refused.
		let other = SessionKeys::generate(&acc(Bob).encode(), None);
		assert_noop!(
			RuntimeCall::Session(pallet_session::Call::set_keys {
				keys: other.keys,
				proof: other.proof.encode(),
			})
			.dispatch(RuntimeOrigin::signed(alice.clone())),
			pallet_session::Error::<Runtime>::InvalidProof
		);

		let start_session = |index: u32| {
			let block = index * SESSION_PERIOD;
			System::set_block_number(block);
			Session::on_initialize(block);
			Grandpa::on_finalize(block);
			assert_eq!(Session::current_index(), index);
		};
		// Session 1: the new keys are only queued.
		start_session(1);
		assert_eq!(Ibft::authorities(), ibft_keys(DEV_VALIDATORS));
		assert_eq!(Ibft::current_set_id(), 0);
		// Session 2: they are the keys of Aura, GRANDPA and IBFT.
		start_session(2);
		assert_eq!(Ibft::authorities(), vec![new_keys.ibft.clone()]);
		assert_eq!(Ibft::current_set_id(), 1);
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().into_inner(), vec![new_keys.aura]);
		assert_eq!(Grandpa::grandpa_authorities(), vec![(new_keys.grandpa, 1)]);
		System::assert_has_event(
			pallet_ibft::Event::NewAuthoritySet { set_id: 1, authorities: vec![new_keys.ibft] }
				.into(),
		);
		// The validator, and so who shares the validators' NEX, is still Alice's account.
		assert_eq!(
			<crate::configs::SessionValidatorAccounts as frame_support::traits::Get<_>>::get(),
			vec![alice]
		);
	});
}

/// Alice signed COMMITs for two different blocks at height 5, round 0 of set 0.
fn alice_commit_equivocation() -> EquivocationProof {
	let pair = IbftPair::from_string("//Alice", None).unwrap();
	let commit = |block: u8| Commit {
		height: 5,
		round: 0,
		hash: H256::repeat_byte(block),
		number: u32::from(block),
	};
	EquivocationProof::Commit(Equivocation {
		first: sign(&pair, 0, commit(1)),
		second: sign(&pair, 0, commit(2)),
	})
}

fn ibft_events() -> Vec<pallet_ibft::Event<Runtime>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			crate::RuntimeEvent::Ibft(event) => Some(event),
			_ => None,
		})
		.collect()
}

#[test]
fn an_equivocation_report_is_a_transaction_applied_once() {
	let mut ext = ext_from_preset(LOCAL_TESTNET_RUNTIME_PRESET);
	let (pool, pool_state) = TestTransactionPoolExt::new();
	ext.register_extension(TransactionPoolExt::new(pool));
	ext.execute_with(|| {
		let proof = alice_commit_equivocation();
		// The node submits the report through the runtime API, into its own pool.
		assert_eq!(
			<Runtime as IbftApi<Block>>::submit_report_equivocation_unsigned_extrinsic(
				proof.clone()
			),
			Some(())
		);
		let submitted = pool_state.read().transactions.clone();
		assert_eq!(submitted.len(), 1);
		let xt = UncheckedExtrinsic::decode(&mut &submitted[0][..]).expect("an extrinsic");
		assert!(matches!(xt.preamble, sp_runtime::generic::Preamble::General(..)));

		// Valid from the local node, refused from the network.
		assert_ok!(Executive::validate_transaction(
			TransactionSource::Local,
			xt.clone(),
			System::parent_hash()
		));
		assert_eq!(
			Executive::validate_transaction(
				TransactionSource::External,
				xt.clone(),
				System::parent_hash()
			),
			Err(InvalidTransaction::Call.into())
		);

		// Applied in a block: recorded and announced, free of charge for everybody.
		let issuance = Balances::total_issuance();
		let alice_gen = Balances::balance(&acc(Alice));
		assert_ok!(Executive::apply_extrinsic(xt.clone()).expect("a valid transaction"));
		let alice_ibft: IbftId = Ed25519Keyring::Alice.public().into();
		assert_eq!(
			ibft_events(),
			vec![pallet_ibft::Event::EquivocationReported {
				offender: alice_ibft.clone(),
				set_id: 0,
				height: 5,
				round: 0,
			}]
		);
		assert!(Ibft::is_reported(&alice_ibft, 0, 5, 0));
		assert_eq!(Balances::total_issuance(), issuance);
		assert_eq!(Balances::balance(&acc(Alice)), alice_gen);

		// The same report again is stale, from the pool and in a block.
		assert_eq!(Executive::apply_extrinsic(xt), Err(InvalidTransaction::Stale.into()));
		let again = <Runtime as frame_system::offchain::CreateAuthorizedTransaction<
			pallet_ibft::Call<Runtime>,
		>>::create_authorized_transaction(
			pallet_ibft::Call::report_equivocation_unsigned { equivocation_proof: Box::new(proof) }
				.into(),
		);
		assert_eq!(
			Executive::validate_transaction(TransactionSource::Local, again, System::parent_hash()),
			Err(InvalidTransaction::Stale.into())
		);
		assert_eq!(ibft_events().len(), 1);
	});
}

/// Governance: a collective motion, proposed by `proposer` with `threshold` and voted aye by
/// `ayes` (proposing is not voting), then closed by `closer`. Returns the motion's hash.
fn pass_motion<I: 'static>(
	proposer: Sr25519Keyring,
	ayes: &[Sr25519Keyring],
	closer: Sr25519Keyring,
	threshold: u32,
	call: RuntimeCall,
) -> H256
where
	Runtime: pallet_collective::Config<I, Proposal = RuntimeCall>,
{
	use frame_support::dispatch::GetDispatchInfo as _;
	use sp_runtime::traits::Hash as _;
	let length_bound = call.encoded_size() as u32;
	let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&call);
	let index = pallet_collective::ProposalCount::<Runtime, I>::get();
	assert_ok!(pallet_collective::Pallet::<Runtime, I>::propose(
		RuntimeOrigin::signed(acc(proposer)),
		threshold,
		Box::new(call.clone()),
		length_bound,
	));
	for aye in ayes {
		assert_ok!(pallet_collective::Pallet::<Runtime, I>::vote(
			RuntimeOrigin::signed(acc(*aye)),
			hash,
			index,
			true,
		));
	}
	let weight = call.get_dispatch_info().call_weight;
	assert_ok!(pallet_collective::Pallet::<Runtime, I>::close(
		RuntimeOrigin::signed(acc(closer)),
		hash,
		index,
		weight,
		length_bound,
	));
	hash
}

/// The `Executed` result of the collective motion `hash`, from the events.
fn motion_result<I: 'static>(hash: H256) -> Option<sp_runtime::DispatchResult>
where
	Runtime: pallet_collective::Config<I>,
	crate::RuntimeEvent: TryInto<pallet_collective::Event<Runtime, I>>,
{
	System::events().into_iter().find_map(|record| match record.event.try_into().ok()? {
		pallet_collective::Event::<Runtime, I>::Executed { proposal_hash, result }
			if proposal_hash == hash =>
		{
			Some(result)
		},
		_ => None,
	})
}

#[test]
fn presets_seat_the_council_and_the_technical_committee() {
	use crate::{configs::CouncilInstance, configs::TechnicalCommitteeInstance};
	let council = |preset| {
		ext_from_preset(preset).execute_with(|| {
			(
				pallet_collective::Members::<Runtime, CouncilInstance>::get(),
				pallet_collective::Members::<Runtime, TechnicalCommitteeInstance>::get(),
			)
		})
	};
	// The pallet keeps its members sorted.
	let sorted = |keys: &[Sr25519Keyring]| {
		let mut accounts = keys.iter().map(|k| acc(*k)).collect::<Vec<_>>();
		accounts.sort();
		accounts
	};
	assert_eq!(
		council(DEV_RUNTIME_PRESET),
		(sorted(&[Alice, Bob, Charlie]), sorted(&[Alice, Bob]))
	);
	assert_eq!(
		council(LOCAL_TESTNET_RUNTIME_PRESET),
		(sorted(&[Alice, Bob, Charlie, Dave]), sorted(&[Alice, Bob]))
	);
}

#[test]
fn a_two_thirds_council_motion_administers_economics() {
	use crate::configs::CouncilInstance;
	ext_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		let dave = acc(Dave);
		let register = RuntimeCall::Economics(pallet_economics::Call::register_provider {
			provider: dave.clone().into(),
		});
		// A council member alone is not the economics admin.
		assert_noop!(
			register.clone().dispatch(RuntimeOrigin::signed(acc(Alice))),
			DispatchError::BadOrigin
		);
		// Alice proposes, Alice and Bob vote aye (2 of 3), and Charlie closes.
		let hash = pass_motion::<CouncilInstance>(Alice, &[Alice, Bob], Charlie, 2, register);
		assert_eq!(motion_result::<CouncilInstance>(hash), Some(Ok(())));
		assert!(pallet_economics::Providers::<Runtime>::contains_key(&dave));
		// Nothing is left open.
		assert!(pallet_collective::Proposals::<Runtime, CouncilInstance>::get().is_empty());
	});
}

#[test]
fn less_than_two_thirds_of_the_council_is_not_the_economics_admin() {
	use crate::configs::CouncilInstance;
	use sp_runtime::traits::Hash as _;
	ext_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		let dave = acc(Dave);
		let register = RuntimeCall::Economics(pallet_economics::Call::register_provider {
			provider: dave.clone().into(),
		});
		// A threshold of 1 executes at once with `Members(1, 3)`: below two thirds.
		let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&register);
		assert_ok!(crate::Council::propose(
			RuntimeOrigin::signed(acc(Alice)),
			1,
			Box::new(register.clone()),
			register.encoded_size() as u32,
		));
		assert_eq!(motion_result::<CouncilInstance>(hash), Some(Err(DispatchError::BadOrigin)));
		assert!(!pallet_economics::Providers::<Runtime>::contains_key(&dave));
		// Only members may propose.
		assert_noop!(
			crate::Council::propose(
				RuntimeOrigin::signed(dave),
				2,
				Box::new(register.clone()),
				register.encoded_size() as u32,
			),
			pallet_collective::Error::<Runtime, CouncilInstance>::NotMember
		);
		// Root remains the admin too.
		assert_ok!(register.dispatch(RuntimeOrigin::root()));
		assert!(pallet_economics::Providers::<Runtime>::contains_key(acc(Dave)));
	});
}

#[test]
fn a_unanimous_technical_committee_motion_executes() {
	use crate::configs::TechnicalCommitteeInstance;
	ext_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		let remark = RuntimeCall::System(frame_system::Call::remark { remark: b"tc".to_vec() });
		let hash =
			pass_motion::<TechnicalCommitteeInstance>(Alice, &[Alice, Bob], Alice, 2, remark);
		assert_eq!(motion_result::<TechnicalCommitteeInstance>(hash), Some(Ok(())));
		// The committee is not the economics admin.
		let register = RuntimeCall::Economics(pallet_economics::Call::register_provider {
			provider: acc(Dave).into(),
		});
		let hash =
			pass_motion::<TechnicalCommitteeInstance>(Alice, &[Alice, Bob], Bob, 2, register);
		assert_eq!(
			motion_result::<TechnicalCommitteeInstance>(hash),
			Some(Err(DispatchError::BadOrigin))
		);
	});
}
