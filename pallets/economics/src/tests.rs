//! Unit tests of the economics pallet on the mock runtime.

use crate::{
	mock::*,
	poe::{self, PoeOutcome},
	pricing, settlement, ApprovalCount, Approvals, ChargedRecord, CurrentEpoch, DeferredTreasury,
	EconomicParams, EpochLeaves, EpochTotals, Error, Event, FeeBreakdown, FeeSchedule, FeeSplit,
	FlxPolicy, IssuerInfo, Issuers, Parameters, PhiWeights, PoeParams, Providers, Service,
	Settlements, SpendingLimits, Token, TokenAmounts, UsageBatchOf, UsageRecord, UsageTotals,
	MILLI_UNIT, UNIT,
};
use frame_support::{
	assert_noop, assert_ok,
	traits::{
		fungible::Inspect as NativeInspect,
		fungibles::{Inspect, Mutate},
	},
};
use sp_core::H256;
use sp_runtime::{
	traits::{Bounded, One},
	DispatchError, DispatchResult, FixedPointNumber, FixedU128, Perbill,
};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn record(
	consumer: AccountId,
	service: Service,
	compute_units: u64,
	storage_bytes: u64,
	bandwidth_bytes: u64,
	execution_time_ms: u64,
) -> UsageRecord<AccountId> {
	UsageRecord {
		consumer,
		service,
		compute_units,
		storage_bytes,
		bandwidth_bytes,
		execution_time_ms,
		job_value: None,
	}
}

/// `record` with a job value.
fn with_job(mut record: UsageRecord<AccountId>, value: u128) -> UsageRecord<AccountId> {
	record.job_value = Some(value);
	record
}

/// A compute record of `units` compute units that ran `ms` milliseconds.
fn compute_ms(consumer: AccountId, units: u64, ms: u64) -> UsageRecord<AccountId> {
	record(consumer, Service::Compute, units, 0, 0, ms)
}

fn tx(consumer: AccountId) -> UsageRecord<AccountId> {
	record(consumer, Service::Transaction, 0, 0, 0, 0)
}

fn compute(consumer: AccountId, units: u64) -> UsageRecord<AccountId> {
	record(consumer, Service::Compute, units, 0, 0, 0)
}

fn bandwidth(consumer: AccountId, bytes: u64) -> UsageRecord<AccountId> {
	record(consumer, Service::Bandwidth, 0, 0, bytes, 0)
}

fn storage(consumer: AccountId, bytes: u64) -> UsageRecord<AccountId> {
	record(consumer, Service::Storage, 0, bytes, 0, 0)
}

fn cross_border(consumer: AccountId) -> UsageRecord<AccountId> {
	record(consumer, Service::CrossBorder, 0, 0, 0, 0)
}

fn batch(records: Vec<UsageRecord<AccountId>>) -> UsageBatchOf<Test> {
	records.try_into().expect("batch within bounds")
}

fn submit(provider: AccountId, records: Vec<UsageRecord<AccountId>>) -> DispatchResult {
	Economics::submit_usage(RuntimeOrigin::signed(provider), batch(records))
}

fn bal(asset: u32, who: AccountId) -> u128 {
	<Assets as Inspect<AccountId>>::balance(asset, &who)
}

fn issuance(asset: u32) -> u128 {
	<Assets as Inspect<AccountId>>::total_issuance(asset)
}

/// Mints `amount` of `asset` to `who` outside the pallet (test setup only).
fn give(asset: u32, who: AccountId, amount: u128) {
	assert_ok!(<Assets as Mutate<AccountId>>::mint_into(asset, &who, amount));
}

/// The `UsageCharged` events so far.
fn charged() -> Vec<(ChargedRecord<AccountId>, FeeBreakdown, H256)> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Economics(Event::UsageCharged { record, breakdown, leaf }) => {
				Some((record, breakdown, leaf))
			},
			_ => None,
		})
		.collect()
}

fn last_charged() -> (ChargedRecord<AccountId>, FeeBreakdown, H256) {
	charged().pop().expect("a record was charged")
}

/// Balances of `asset` of the consumer, the four recipients and the issuance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Snapshot {
	consumer: u128,
	reserve: u128,
	pot: u128,
	provider: u128,
	treasury: u128,
	issuance: u128,
}

fn snapshot(asset: u32, consumer: AccountId, provider: AccountId) -> Snapshot {
	Snapshot {
		consumer: bal(asset, consumer),
		reserve: bal(asset, MINER_RESERVE),
		pot: bal(asset, REWARDS_POT),
		provider: bal(asset, provider),
		treasury: bal(asset, TREASURY),
		issuance: issuance(asset),
	}
}

/// Checks that the balances moved exactly as `breakdown` says and add up to `fee`.
fn assert_moved(before: Snapshot, after: Snapshot, fee: u128, breakdown: FeeBreakdown) {
	assert_eq!(breakdown.total(), fee, "the parts add up to the fee");
	assert_eq!(before.consumer - after.consumer, fee, "the consumer paid the fee");
	assert_eq!(after.reserve - before.reserve, breakdown.miner_reserve);
	assert_eq!(after.pot - before.pot, breakdown.miners);
	assert_eq!(after.provider - before.provider, breakdown.provider);
	assert_eq!(after.treasury - before.treasury, breakdown.treasury);
	assert_eq!(
		before.issuance - after.issuance,
		breakdown.burned + breakdown.deferred,
		"only the burn and the deferred treasury share leave supply"
	);
}

/// Sum of all balances of `asset`.
fn sum_of_balances(asset: u32) -> u128 {
	pallet_assets::Account::<Test>::iter_prefix_values(asset).map(|a| a.balance).sum()
}

/// Sum of all GEN balances.
fn sum_of_gen() -> u128 {
	frame_system::Account::<Test>::iter_values().map(|a| a.data.free + a.data.reserved).sum()
}

fn close_current_epoch() {
	let start = CurrentEpoch::<Test>::get().start;
	let length = Parameters::<Test>::get().epoch_length as u64;
	run_to_block(start + length);
}

// ---------------------------------------------------------------------------------------------
// Genesis and defaults
// ---------------------------------------------------------------------------------------------

#[test]
fn defaults_match_economics_md() {
	let p = EconomicParams::default();
	assert_eq!(p.fees.transaction, UNIT / 100, "0.01 FLX a transaction");
	assert_eq!(p.fees.compute_unit, UNIT / 10, "0.1 FLX a compute unit");
	assert_eq!(p.fees.bandwidth_per_kib, MILLI_UNIT, "0.001 FLX a KiB");
	assert_eq!(p.fees.storage_per_kib, MILLI_UNIT, "0.001 NEX a KiB");
	assert_eq!(p.fees.cross_border, UNIT / 10, "0.1 AUR each");
	assert_eq!(p.fees.job_value_fee, Perbill::from_percent(1), "1% of a job's value");
	assert_eq!(p.poe.max_ms_per_compute_unit, 1_000, "a compute unit pays for a cpu second");
	assert_eq!(
		p.split,
		FeeSplit {
			miner_reserve: Perbill::from_percent(20),
			miners: Perbill::from_percent(30),
			provider: Perbill::from_percent(20),
			treasury: Perbill::from_percent(30),
		}
	);
	assert_eq!(
		p.poe.weights,
		PhiWeights {
			cpu: Perbill::from_percent(35),
			memory: Perbill::from_percent(15),
			storage: Perbill::from_percent(15),
			egress: Perbill::from_percent(15),
			receipts: Perbill::from_percent(20),
		}
	);
	assert!(p.split.is_valid() && p.poe.weights.is_valid());
	assert_eq!(p.poe.k, 1_000 * UNIT);
	assert_eq!(p.poe.a, FixedU128::one());
	assert_eq!(p.poe.nex_cap, 1_000 * UNIT);
	assert_eq!(p.poe.validator_share, Perbill::from_percent(20));
	assert_eq!(
		p.flx,
		FlxPolicy {
			mu: Perbill::from_percent(5),
			mint_cap: 5_000 * UNIT,
			burn: Perbill::from_percent(50),
		}
	);
	assert_eq!(p.epoch_length, 600);
}

#[test]
fn genesis_sets_parameters_providers_and_issuers() {
	new_test_ext().execute_with(|| {
		assert_eq!(Parameters::<Test>::get(), mock_params());
		assert!(Providers::<Test>::contains_key(PROVIDER));
		assert!(Providers::<Test>::contains_key(PROVIDER2));
		assert!(!Providers::<Test>::contains_key(STRANGER));
		assert_eq!(
			Issuers::<Test>::get(ISSUER),
			Some(IssuerInfo { active: true, collateral: 0, issued: 0 })
		);
		assert_eq!(CurrentEpoch::<Test>::get().index, 0);
		assert_ok!(Economics::do_try_state());
	});
}

#[test]
fn genesis_config_round_trips_through_json() {
	// The chain spec carries the parameters as JSON: FixedU128 and u128 must survive it.
	let config = crate::GenesisConfig::<Test> {
		params: mock_params(),
		providers: vec![PROVIDER],
		issuers: vec![ISSUER],
		collateral: vec![(ISSUER, 5 * UNIT, H256::repeat_byte(0xA0))],
		aur_mints: vec![(ISSUER, ALICE, 5 * UNIT)],
	};
	use frame_support::__private::serde_json;
	let json = serde_json::to_string(&config).unwrap();
	assert!(json.contains("\"aurMints\"") && json.contains("\"jobValueFee\""), "{json}");
	assert!(json.contains("\"maxMsPerComputeUnit\":1000"), "{json}");
	let back: crate::GenesisConfig<Test> = serde_json::from_str(&json).unwrap();
	assert_eq!(back.params, config.params);
	assert_eq!(back.providers, config.providers);
	assert_eq!(back.collateral, config.collateral);
	assert_eq!(back.aur_mints, config.aur_mints);
}

// ---------------------------------------------------------------------------------------------
// Pricing: each service exactly as the schedule says
// ---------------------------------------------------------------------------------------------

#[test]
fn transaction_costs_one_hundredth_flx() {
	new_test_ext().execute_with(|| {
		let before = bal(FLX, ALICE);
		assert_ok!(submit(PROVIDER, vec![tx(ALICE)]));
		let (rec, _, _) = last_charged();
		assert_eq!((rec.token, rec.fee), (Token::Flx, 10_000_000_000));
		assert_eq!(before - bal(FLX, ALICE), 10_000_000_000);
	});
}

#[test]
fn compute_costs_one_tenth_flx_a_unit() {
	new_test_ext().execute_with(|| {
		for (units, fee) in [(1u64, 100_000_000_000u128), (3, 300_000_000_000), (1_000, 100 * UNIT)]
		{
			let before = bal(FLX, ALICE);
			assert_ok!(submit(PROVIDER, vec![compute(ALICE, units)]));
			let (rec, _, _) = last_charged();
			assert_eq!((rec.token, rec.fee), (Token::Flx, fee), "{units} compute units");
			assert_eq!(before - bal(FLX, ALICE), fee);
		}
	});
}

#[test]
fn bandwidth_costs_one_thousandth_flx_a_kib_rounded_up() {
	new_test_ext().execute_with(|| {
		// 0.001 FLX = 10^9 units a KiB.
		for (bytes, fee) in [
			// 10^9 / 1024 = 976,562.5 -> rounded up.
			(1u64, 976_563u128),
			(512, 500_000_000),
			(1_024, 1_000_000_000),
			// 1025 * 10^9 / 1024 = 1,000,976,562.5 -> rounded up.
			(1_025, 1_000_976_563),
			(1 << 20, 1_024_000_000_000),
		] {
			let before = bal(FLX, BOB);
			assert_ok!(submit(PROVIDER, vec![bandwidth(BOB, bytes)]));
			let (rec, _, _) = last_charged();
			assert_eq!((rec.token, rec.fee), (Token::Flx, fee), "{bytes} bytes");
			assert_eq!(before - bal(FLX, BOB), fee);
		}
	});
}

#[test]
fn storage_costs_one_thousandth_nex_a_kib_rounded_up() {
	new_test_ext().execute_with(|| {
		for (bytes, fee) in [(1u64, 976_563u128), (2_048, 2_000_000_000), (3_000, 2_929_687_500)] {
			let (nex_before, flx_before) = (bal(NEX, CHARLIE), bal(FLX, CHARLIE));
			assert_ok!(submit(PROVIDER, vec![storage(CHARLIE, bytes)]));
			let (rec, _, _) = last_charged();
			assert_eq!((rec.token, rec.fee), (Token::Nex, fee), "{bytes} bytes");
			assert_eq!(nex_before - bal(NEX, CHARLIE), fee);
			assert_eq!(flx_before, bal(FLX, CHARLIE), "storage is billed in NEX only");
		}
	});
}

#[test]
fn cross_border_costs_one_tenth_aur() {
	new_test_ext().execute_with(|| {
		fund_aur(ALICE, 10 * UNIT);
		let before = bal(AUR, ALICE);
		assert_ok!(submit(PROVIDER, vec![cross_border(ALICE)]));
		let (rec, _, _) = last_charged();
		assert_eq!((rec.token, rec.fee), (Token::Aur, 100_000_000_000));
		assert_eq!(before - bal(AUR, ALICE), 100_000_000_000);
	});
}

#[test]
fn execution_time_is_never_priced_and_counts_for_poe_only_as_paid_compute() {
	new_test_ext().execute_with(|| {
		// A transaction that ran 5 s: priced as any transaction, and no cpu time for PoE.
		assert_ok!(submit(PROVIDER, vec![record(ALICE, Service::Transaction, 0, 0, 0, 5_000)]));
		assert_eq!(last_charged().0.fee, 10_000_000_000);
		assert_eq!(last_charged().0.execution_time_ms, 5_000, "the record keeps its field");
		assert_eq!(EpochTotals::<Test>::get().usage.cpu_ms, 0);
		// Nor do storage, bandwidth or cross-border records, however long they ran.
		fund_aur(ALICE, UNIT);
		assert_ok!(submit(
			PROVIDER,
			vec![
				record(ALICE, Service::Storage, 0, 10, 0, 86_400_000),
				record(ALICE, Service::Bandwidth, 0, 0, 10, 86_400_000),
				record(ALICE, Service::CrossBorder, 0, 0, 0, 86_400_000),
			]
		));
		assert_eq!(EpochTotals::<Test>::get().usage.cpu_ms, 0);
		// Compute: 2 units pay for at most 2 * 1,000 ms; 10 units for up to 10 s.
		assert_ok!(submit(PROVIDER, vec![compute_ms(ALICE, 2, 5_000)]));
		assert_eq!(last_charged().0.fee, 200_000_000_000, "priced by compute units only");
		assert_eq!(EpochTotals::<Test>::get().usage.cpu_ms, 2_000);
		assert_ok!(submit(PROVIDER, vec![compute_ms(ALICE, 10, 5_000)]));
		assert_eq!(EpochTotals::<Test>::get().usage.cpu_ms, 2_000 + 5_000);
		let usage = EpochTotals::<Test>::get().usage;
		assert_eq!((usage.memory_mb_s, usage.receipts), (12, 6));
		// The bound still applies to every service.
		assert_noop!(
			submit(PROVIDER, vec![record(ALICE, Service::Storage, 0, 10, 0, 86_400_001)]),
			Error::<Test>::ExecutionTimeOutOfBounds
		);
	});
}

// ---------------------------------------------------------------------------------------------
// Burn and split: every unit accounted for
// ---------------------------------------------------------------------------------------------

#[test]
fn split_is_exact_for_every_fee_and_token() {
	let params = EconomicParams::default();
	let mut fees: Vec<u128> = (0..2_000).collect();
	fees.extend([976_563, 10_000_000_000, u64::MAX as u128, u128::MAX / 3, u128::MAX]);
	for token in [Token::Nex, Token::Flx, Token::Aur] {
		for &fee in &fees {
			let b = pricing::split(token, fee, params.flx.burn, &params.split);
			assert_eq!(b.total(), fee, "{token:?} {fee}");
			if token == Token::Flx {
				assert_eq!(b.burned, fee / 2, "half of FLX, rounded down, is burned");
			} else {
				assert_eq!(b.burned, 0, "only FLX is burned");
			}
			let rest = fee - b.burned;
			// floor(20%) and floor(30%) of `rest`, computed without overflow.
			let fifth = rest / 5;
			let three_tenths = rest / 10 * 3 + rest % 10 * 3 / 10;
			assert_eq!(b.miner_reserve, fifth);
			assert_eq!(b.miners, three_tenths);
			assert_eq!(b.provider, fifth);
			assert!(b.treasury >= three_tenths, "the treasury gets at least its 30%");
			// Four fractional parts below one each: the treasury gets at most 3 units more.
			assert!(b.treasury - three_tenths <= 3, "{token:?} {fee}: {b:?}");
		}
	}
}

#[test]
fn flx_fee_burns_half_then_splits_20_30_20_30() {
	new_test_ext().execute_with(|| {
		let before = snapshot(FLX, ALICE, PROVIDER);
		assert_ok!(submit(PROVIDER, vec![compute(ALICE, 3)]));
		let after = snapshot(FLX, ALICE, PROVIDER);
		let (rec, b, _) = last_charged();
		// 0.3 FLX: 0.15 burned; of the other 0.15: 0.03 / 0.045 / 0.03 / 0.045.
		assert_eq!(rec.fee, 300_000_000_000);
		assert_eq!(
			b,
			FeeBreakdown {
				burned: 150_000_000_000,
				miner_reserve: 30_000_000_000,
				miners: 45_000_000_000,
				provider: 30_000_000_000,
				treasury: 45_000_000_000,
				deferred: 0,
			}
		);
		assert_moved(before, after, rec.fee, b);
	});
}

#[test]
fn odd_flx_fee_remainder_goes_to_the_treasury() {
	new_test_ext().execute_with(|| {
		let before = snapshot(FLX, BOB, PROVIDER);
		assert_ok!(submit(PROVIDER, vec![bandwidth(BOB, 1)]));
		let after = snapshot(FLX, BOB, PROVIDER);
		let (rec, b, _) = last_charged();
		// fee 976,563: burn floor(976,563 / 2) = 488,281; rest 488,282:
		// 20% = 97,656.4 -> 97,656; 30% = 146,484.6 -> 146,484; 20% -> 97,656;
		// treasury 488,282 - 341,796 = 146,486 (its 30% plus 2 units of remainder).
		assert_eq!(rec.fee, 976_563);
		assert_eq!(
			b,
			FeeBreakdown {
				burned: 488_281,
				miner_reserve: 97_656,
				miners: 146_484,
				provider: 97_656,
				treasury: 146_486,
				deferred: 0,
			}
		);
		assert_moved(before, after, rec.fee, b);
	});
}

#[test]
fn nex_fee_is_split_without_burn() {
	new_test_ext().execute_with(|| {
		let before = snapshot(NEX, CHARLIE, PROVIDER2);
		assert_ok!(submit(PROVIDER2, vec![storage(CHARLIE, 2_048)]));
		let after = snapshot(NEX, CHARLIE, PROVIDER2);
		let (rec, b, _) = last_charged();
		assert_eq!(rec.fee, 2_000_000_000);
		assert_eq!(
			b,
			FeeBreakdown {
				burned: 0,
				miner_reserve: 400_000_000,
				miners: 600_000_000,
				provider: 400_000_000,
				treasury: 600_000_000,
				deferred: 0,
			}
		);
		assert_moved(before, after, rec.fee, b);
	});
}

#[test]
fn aur_share_of_a_provider_that_may_not_hold_aur_goes_to_the_treasury() {
	new_test_ext().execute_with(|| {
		fund_aur(ALICE, UNIT);
		assert_ok!(Economics::register_provider(RuntimeOrigin::root(), AUR_OUTSIDER));
		assert_ok!(Economics::approve_provider(
			RuntimeOrigin::signed(ALICE),
			AUR_OUTSIDER,
			Default::default()
		));
		let treasury_before = bal(AUR, TREASURY);
		assert_ok!(submit(AUR_OUTSIDER, vec![cross_border(ALICE)]));
		let (_, b, _) = last_charged();
		assert_eq!(b.provider, 0);
		assert_eq!(b.treasury, 50_000_000_000);
		assert_eq!(bal(AUR, AUR_OUTSIDER), 0);
		assert_eq!(bal(AUR, TREASURY) - treasury_before, 50_000_000_000);
	});
}

#[test]
fn aur_fee_is_split_without_burn() {
	new_test_ext().execute_with(|| {
		fund_aur(ALICE, UNIT);
		let before = snapshot(AUR, ALICE, PROVIDER);
		assert_ok!(submit(PROVIDER, vec![cross_border(ALICE)]));
		let after = snapshot(AUR, ALICE, PROVIDER);
		let (rec, b, _) = last_charged();
		assert_eq!(
			b,
			FeeBreakdown {
				burned: 0,
				miner_reserve: 20_000_000_000,
				miners: 30_000_000_000,
				provider: 20_000_000_000,
				treasury: 30_000_000_000,
				deferred: 0,
			}
		);
		assert_moved(before, after, rec.fee, b);
	});
}

#[test]
fn mixed_batch_charges_each_record_in_its_token() {
	new_test_ext().execute_with(|| {
		fund_aur(BOB, UNIT);
		let (flx, nex, aur) = (bal(FLX, BOB), bal(NEX, BOB), bal(AUR, BOB));
		assert_ok!(submit(
			PROVIDER,
			vec![
				tx(BOB),
				compute(BOB, 2),
				bandwidth(BOB, 2_048),
				storage(BOB, 1_024),
				cross_border(BOB)
			]
		));
		assert_eq!(flx - bal(FLX, BOB), 10_000_000_000 + 200_000_000_000 + 2_000_000_000);
		assert_eq!(nex - bal(NEX, BOB), 1_000_000_000);
		assert_eq!(aur - bal(AUR, BOB), 100_000_000_000);
		let events = charged();
		assert_eq!(events.len(), 5);
		assert_eq!(events.iter().map(|e| e.0.index).collect::<Vec<_>>(), vec![0, 1, 2, 3, 4]);
		let totals = EpochTotals::<Test>::get();
		assert_eq!(totals.records, 5);
		assert_eq!(totals.fees.flx, 212_000_000_000);
		assert_eq!(totals.burned.flx, 106_000_000_000);
		assert_eq!(totals.fees.nex, 1_000_000_000);
		assert_eq!(totals.fees.aur, 100_000_000_000);
		assert_ok!(Economics::do_try_state());
	});
}

/// Sets the minimum balance of `asset` (the runtime's is 10^6 units, one micro-token).
fn set_min_balance(asset: u32, min_balance: u128) {
	assert_ok!(Assets::force_asset_status(
		RuntimeOrigin::root(),
		asset,
		ASSET_OWNER,
		ASSET_OWNER,
		ASSET_OWNER,
		ASSET_OWNER,
		min_balance,
		true,
		false
	));
}

#[test]
fn shares_a_recipient_cannot_receive_join_the_treasury_share() {
	new_test_ext().execute_with(|| {
		// FLX's minimum balance is 10^6 units: the reserve, the pot and PROVIDER2 have no FLX
		// account, so their shares of a tiny fee (each below 10^6) cannot create one.
		set_min_balance(FLX, 1_000_000);
		give(FLX, TREASURY, UNIT);
		let before = snapshot(FLX, ALICE, PROVIDER2);
		assert_ok!(submit(PROVIDER2, vec![bandwidth(ALICE, 1)]));
		let after = snapshot(FLX, ALICE, PROVIDER2);
		let (rec, b, _) = last_charged();
		// 976,563: 488,281 burned; the 488,282 left all go to the treasury, in one transfer.
		assert_eq!(
			b,
			FeeBreakdown {
				burned: 488_281,
				miner_reserve: 0,
				miners: 0,
				provider: 0,
				treasury: 488_282,
				deferred: 0,
			}
		);
		assert_moved(before, after, rec.fee, b);
		// A share above the minimum reaches its recipient.
		let before = snapshot(FLX, ALICE, PROVIDER2);
		assert_ok!(submit(PROVIDER2, vec![compute(ALICE, 1)]));
		let after = snapshot(FLX, ALICE, PROVIDER2);
		let (rec, b, _) = last_charged();
		assert!(b.miner_reserve > 0 && b.miners > 0 && b.provider > 0 && b.deferred == 0);
		assert_moved(before, after, rec.fee, b);
		// Now that they hold FLX, even tiny shares reach them.
		let before = snapshot(FLX, ALICE, PROVIDER2);
		assert_ok!(submit(PROVIDER2, vec![bandwidth(ALICE, 1)]));
		let after = snapshot(FLX, ALICE, PROVIDER2);
		let (rec, b, _) = last_charged();
		assert_eq!(
			b,
			FeeBreakdown {
				burned: 488_281,
				miner_reserve: 97_656,
				miners: 146_484,
				provider: 97_656,
				treasury: 146_486,
				deferred: 0,
			}
		);
		assert_moved(before, after, rec.fee, b);
	});
}

#[test]
fn shares_nobody_can_receive_yet_are_owed_to_the_treasury_and_paid_at_a_close() {
	new_test_ext().execute_with(|| {
		// Nobody but the consumers holds FLX, and every share of a 1-byte record is below the
		// minimum balance: the charge still succeeds.
		set_min_balance(FLX, 1_000_000);
		let flx0 = issuance(FLX);
		let before = snapshot(FLX, ALICE, PROVIDER);
		assert_ok!(submit(PROVIDER, vec![bandwidth(ALICE, 1)]));
		let after = snapshot(FLX, ALICE, PROVIDER);
		let (rec, b, _) = last_charged();
		assert_eq!(
			b,
			FeeBreakdown {
				burned: 488_281,
				miner_reserve: 0,
				miners: 0,
				provider: 0,
				treasury: 0,
				deferred: 488_282,
			}
		);
		assert_moved(before, after, rec.fee, b);
		assert_eq!(
			DeferredTreasury::<Test>::get(),
			TokenAmounts { flx: 488_282, ..Default::default() }
		);
		// The settlement counts the fee and its burn; the deferred share is neither.
		assert_eq!(EpochTotals::<Test>::get().burned.flx, 488_281);
		assert_eq!(sum_of_balances(FLX), issuance(FLX));

		// 488,282 is still below the minimum at the close: it stays owed (the FLX mint of 5%
		// of 976,563 = 48,828 cannot create the treasury's account either).
		close_current_epoch();
		assert_eq!(DeferredTreasury::<Test>::get().flx, 488_282);
		assert_eq!(bal(FLX, TREASURY), 0);
		assert_eq!(Settlements::<Test>::get(0).unwrap().minted.flx, 0);

		// Two more: 3 * 488,282 = 1,464,846 owed, enough to create the treasury's account.
		assert_ok!(submit(PROVIDER, vec![bandwidth(BOB, 1), bandwidth(CHARLIE, 1)]));
		assert_eq!(DeferredTreasury::<Test>::get().flx, 1_464_846);
		close_current_epoch();
		System::assert_has_event(
			Event::DeferredTreasuryPaid { token: Token::Flx, amount: 1_464_846 }.into(),
		);
		assert_eq!(DeferredTreasury::<Test>::get(), TokenAmounts::default());
		// The elastic mint of epoch 1 (5% of 2 * 976,563 = 97,656) now reaches the treasury.
		assert_eq!(Settlements::<Test>::get(1).unwrap().minted.flx, 97_656);
		assert_eq!(bal(FLX, TREASURY), 1_464_846 + 97_656);
		// Every FLX unit is accounted for: 3 fees burned half, the rest paid to the treasury.
		assert_eq!(issuance(FLX), flx0 - 3 * 488_281 + 97_656);
		assert_eq!(sum_of_balances(FLX), issuance(FLX));
		assert_ok!(Economics::do_try_state());
	});
}

#[test]
fn tiny_nex_and_aur_shares_are_owed_to_the_treasury_too() {
	new_test_ext().execute_with(|| {
		set_min_balance(NEX, 1_000_000);
		set_min_balance(AUR, 1_000_000);
		fund_aur(ALICE, UNIT);
		// Storage of 1 byte: 976,563 NEX units, not burned; every share below 10^6.
		let nex0 = issuance(NEX);
		assert_ok!(submit(PROVIDER, vec![storage(ALICE, 1)]));
		let (_, b, _) = last_charged();
		assert_eq!((b.burned, b.treasury, b.deferred), (0, 0, 976_563));
		assert_eq!(issuance(NEX), nex0 - 976_563);
		// A cross-border fee of 976,563 AUR units: the same, in AUR.
		assert_ok!(Economics::set_fee_schedule(
			RuntimeOrigin::root(),
			FeeSchedule { cross_border: 976_563, ..Default::default() }
		));
		assert_ok!(submit(PROVIDER, vec![cross_border(ALICE)]));
		let (_, b, _) = last_charged();
		assert_eq!((b.burned, b.treasury, b.deferred), (0, 0, 976_563));
		assert_eq!(
			DeferredTreasury::<Test>::get(),
			TokenAmounts { nex: 976_563, flx: 0, aur: 976_563 }
		);
		// AUR owed to the treasury is still backed: supply + owed = issued <= collateral.
		let backing = crate::Backing::<Test>::get();
		assert_eq!(issuance(AUR) + 976_563, backing.issued);
		assert_ok!(Economics::do_try_state());
		// Once the treasury holds NEX and AUR, the close pays what it is owed.
		give(NEX, TREASURY, UNIT);
		fund_aur(TREASURY, UNIT);
		close_current_epoch();
		System::assert_has_event(
			Event::DeferredTreasuryPaid { token: Token::Nex, amount: 976_563 }.into(),
		);
		System::assert_has_event(
			Event::DeferredTreasuryPaid { token: Token::Aur, amount: 976_563 }.into(),
		);
		assert_eq!(DeferredTreasury::<Test>::get(), TokenAmounts::default());
		assert_eq!(issuance(AUR), crate::Backing::<Test>::get().issued);
		assert_ok!(Economics::do_try_state());
	});
}

// ---------------------------------------------------------------------------------------------
// Failures: a named error and no state change
// ---------------------------------------------------------------------------------------------

#[test]
fn consumer_that_cannot_pay_is_refused() {
	new_test_ext().execute_with(|| {
		// Dave holds nothing.
		assert_noop!(submit(PROVIDER, vec![tx(DAVE)]), Error::<Test>::InsufficientBalance);
		assert_noop!(submit(PROVIDER, vec![storage(DAVE, 1)]), Error::<Test>::InsufficientBalance);
		assert_noop!(
			submit(PROVIDER, vec![cross_border(DAVE)]),
			Error::<Test>::InsufficientBalance
		);
		// With exactly the fee Dave would fall below FLX's minimum balance (1): refused.
		give(FLX, DAVE, 10_000_000_000);
		assert_noop!(submit(PROVIDER, vec![tx(DAVE)]), Error::<Test>::InsufficientBalance);
		// One unit more and he pays, keeping the minimum.
		give(FLX, DAVE, 1);
		assert_ok!(submit(PROVIDER, vec![tx(DAVE)]));
		assert_eq!(bal(FLX, DAVE), 1);
	});
}

#[test]
fn batch_is_all_or_nothing() {
	new_test_ext().execute_with(|| {
		// Alice's record would be fine; Dave's fails: nothing is charged, not even Alice.
		assert_noop!(
			submit(PROVIDER, vec![tx(ALICE), compute(ALICE, 2), tx(DAVE)]),
			Error::<Test>::InsufficientBalance
		);
		// A bad field anywhere in the batch fails it before anything is charged.
		assert_noop!(
			submit(PROVIDER, vec![tx(ALICE), compute(ALICE, 0)]),
			Error::<Test>::ZeroQuantity
		);
		// Dave's balance runs out in the middle of his batch.
		give(FLX, DAVE, 25_000_000_000);
		assert_noop!(
			submit(PROVIDER, vec![tx(DAVE), tx(DAVE), tx(DAVE)]),
			Error::<Test>::InsufficientBalance
		);
	});
}

#[test]
fn unknown_provider_is_refused() {
	new_test_ext().execute_with(|| {
		assert_noop!(submit(STRANGER, vec![tx(ALICE)]), Error::<Test>::ProviderNotRegistered);
		assert_noop!(
			Economics::submit_usage(RuntimeOrigin::root(), batch(vec![tx(ALICE)])),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn empty_batch_is_refused() {
	new_test_ext().execute_with(|| {
		assert_noop!(submit(PROVIDER, vec![]), Error::<Test>::EmptyBatch);
	});
}

#[test]
fn fields_out_of_bounds_are_refused_each_with_its_error() {
	new_test_ext().execute_with(|| {
		// The mock's bounds: 10^6 compute units, 2^40 bytes, 2^40 bytes, one day of time.
		assert_noop!(
			submit(PROVIDER, vec![compute(ALICE, 1_000_001)]),
			Error::<Test>::ComputeUnitsOutOfBounds
		);
		assert_noop!(
			submit(PROVIDER, vec![storage(ALICE, (1 << 40) + 1)]),
			Error::<Test>::StorageBytesOutOfBounds
		);
		assert_noop!(
			submit(PROVIDER, vec![bandwidth(ALICE, (1 << 40) + 1)]),
			Error::<Test>::BandwidthBytesOutOfBounds
		);
		assert_noop!(
			submit(PROVIDER, vec![record(ALICE, Service::Transaction, 0, 0, 0, 86_400_001)]),
			Error::<Test>::ExecutionTimeOutOfBounds
		);
		// u64::MAX in any field is out of bounds, whatever the service.
		assert_noop!(
			submit(PROVIDER, vec![record(ALICE, Service::Transaction, u64::MAX, 0, 0, 0)]),
			Error::<Test>::ComputeUnitsOutOfBounds
		);
		// At the bound exactly, the record is accepted (if the consumer can pay).
		give(FLX, ALICE, 100_000 * UNIT);
		assert_ok!(submit(PROVIDER, vec![compute(ALICE, 1_000_000)]));
		assert_eq!(last_charged().0.fee, 100_000 * UNIT);
	});
}

#[test]
fn quantities_must_match_the_service() {
	new_test_ext().execute_with(|| {
		for bad in [
			record(ALICE, Service::Transaction, 1, 0, 0, 0),
			record(ALICE, Service::CrossBorder, 0, 1, 0, 0),
			record(ALICE, Service::Compute, 1, 0, 1, 0),
			record(ALICE, Service::Storage, 0, 1, 1, 0),
			record(ALICE, Service::Bandwidth, 1, 0, 1, 0),
		] {
			assert_noop!(submit(PROVIDER, vec![bad]), Error::<Test>::UnexpectedQuantity);
		}
		for zero in [compute(ALICE, 0), storage(ALICE, 0), bandwidth(ALICE, 0)] {
			assert_noop!(submit(PROVIDER, vec![zero]), Error::<Test>::ZeroQuantity);
		}
	});
}

#[test]
fn fee_overflow_is_refused() {
	new_test_ext().execute_with(|| {
		assert_ok!(Economics::set_fee_schedule(
			RuntimeOrigin::root(),
			FeeSchedule {
				compute_unit: u128::MAX / 2,
				storage_per_kib: u128::MAX,
				..Default::default()
			}
		));
		assert_noop!(submit(PROVIDER, vec![compute(ALICE, 3)]), Error::<Test>::FeeOverflow);
		assert_noop!(submit(PROVIDER, vec![storage(ALICE, 2_048)]), Error::<Test>::FeeOverflow);
	});
}

#[test]
fn records_beyond_the_epoch_bound_are_refused_until_the_next_epoch() {
	new_test_ext().execute_with(|| {
		// MaxRecordsPerEpoch is 64 in the mock: four full batches of 16.
		for _ in 0..4 {
			assert_ok!(submit(PROVIDER, vec![tx(ALICE); 16]));
		}
		assert_eq!(EpochTotals::<Test>::get().records, 64);
		assert_noop!(submit(PROVIDER, vec![tx(ALICE)]), Error::<Test>::EpochRecordLimitReached);
		close_current_epoch();
		assert_eq!(Settlements::<Test>::get(0).unwrap().record_count, 64);
		assert_ok!(submit(PROVIDER, vec![tx(ALICE)]));
		assert_eq!(last_charged().0.epoch, 1);
	});
}

#[test]
fn unauthorised_parameter_changes_are_refused() {
	new_test_ext().execute_with(|| {
		let alice = || RuntimeOrigin::signed(ALICE);
		let bad = DispatchError::BadOrigin;
		assert_noop!(Economics::set_fee_schedule(alice(), FeeSchedule::default()), bad);
		assert_noop!(Economics::set_fee_split(alice(), FeeSplit::default()), bad);
		assert_noop!(Economics::set_poe_params(alice(), PoeParams::default()), bad);
		assert_noop!(Economics::set_flx_policy(alice(), FlxPolicy::default()), bad);
		assert_noop!(Economics::set_epoch_length(alice(), 5), bad);
		assert_noop!(Economics::register_provider(alice(), ALICE), bad);
		assert_noop!(Economics::deregister_provider(alice(), PROVIDER), bad);
		assert_noop!(Economics::add_issuer(alice(), ALICE), bad);
		assert_noop!(Economics::remove_issuer(alice(), ISSUER), bad);
		// Not even a provider or an issuer can change parameters.
		assert_noop!(Economics::set_epoch_length(RuntimeOrigin::signed(PROVIDER), 5), bad);
		assert_noop!(Economics::add_issuer(RuntimeOrigin::signed(ISSUER), ALICE), bad);
	});
}

#[test]
fn invalid_parameters_are_refused_each_with_its_error() {
	new_test_ext().execute_with(|| {
		let root = RuntimeOrigin::root;
		let split = FeeSplit { treasury: Perbill::from_percent(31), ..Default::default() };
		assert_noop!(Economics::set_fee_split(root(), split), Error::<Test>::InvalidFeeSplit);
		let split = FeeSplit { treasury: Perbill::from_percent(29), ..Default::default() };
		assert_noop!(Economics::set_fee_split(root(), split), Error::<Test>::InvalidFeeSplit);
		let weights = PhiWeights { receipts: Perbill::from_percent(19), ..Default::default() };
		assert_noop!(
			Economics::set_poe_params(root(), PoeParams { weights, ..Default::default() }),
			Error::<Test>::InvalidPhiWeights
		);
		assert_noop!(Economics::set_epoch_length(root(), 0), Error::<Test>::InvalidEpochLength);
	});
}

#[test]
fn admin_sets_every_parameter_with_an_event() {
	new_test_ext().execute_with(|| {
		let root = RuntimeOrigin::root;
		let schedule = FeeSchedule { transaction: 7, ..Default::default() };
		assert_ok!(Economics::set_fee_schedule(root(), schedule));
		System::assert_last_event(Event::FeeScheduleSet { schedule }.into());
		let split = FeeSplit {
			miner_reserve: Perbill::from_percent(10),
			miners: Perbill::from_percent(40),
			provider: Perbill::from_percent(25),
			treasury: Perbill::from_percent(25),
		};
		assert_ok!(Economics::set_fee_split(root(), split));
		System::assert_last_event(Event::FeeSplitSet { split }.into());
		let params = PoeParams {
			k: 2_000 * UNIT,
			a: FixedU128::from_rational(3, 2),
			nex_cap: 500 * UNIT,
			validator_share: Perbill::from_percent(10),
			max_ms_per_compute_unit: 250,
			weights: PhiWeights {
				cpu: Perbill::from_percent(50),
				memory: Perbill::from_percent(10),
				storage: Perbill::from_percent(10),
				egress: Perbill::from_percent(10),
				receipts: Perbill::from_percent(20),
			},
		};
		assert_ok!(Economics::set_poe_params(root(), params));
		System::assert_last_event(Event::PoeParamsSet { params }.into());
		let policy = FlxPolicy {
			mu: Perbill::from_percent(1),
			mint_cap: 10 * UNIT,
			burn: Perbill::from_percent(40),
		};
		assert_ok!(Economics::set_flx_policy(root(), policy));
		System::assert_last_event(Event::FlxPolicySet { policy }.into());
		assert_ok!(Economics::set_epoch_length(root(), 3));
		System::assert_last_event(Event::EpochLengthSet { blocks: 3 }.into());
		assert_eq!(
			Parameters::<Test>::get(),
			EconomicParams { fees: schedule, split, poe: params, flx: policy, epoch_length: 3 }
		);
		// The new schedule, burn and split apply to the next record.
		assert_ok!(submit(PROVIDER, vec![tx(ALICE)]));
		let (rec, b, _) = last_charged();
		assert_eq!(rec.fee, 7);
		// 7 FLX units: burn floor(2.8) = 2; rest 5: 0 / 2 / 1 / treasury 2.
		assert_eq!(
			b,
			FeeBreakdown {
				burned: 2,
				miner_reserve: 0,
				miners: 2,
				provider: 1,
				treasury: 2,
				deferred: 0
			}
		);
	});
}

#[test]
fn providers_are_registered_by_the_admin_and_leave_freely() {
	new_test_ext().execute_with(|| {
		assert_ok!(Economics::register_provider(RuntimeOrigin::root(), STRANGER));
		System::assert_last_event(Event::ProviderRegistered { provider: STRANGER }.into());
		assert_noop!(
			Economics::register_provider(RuntimeOrigin::root(), STRANGER),
			Error::<Test>::ProviderAlreadyRegistered
		);
		approve(ALICE, STRANGER);
		assert_ok!(submit(STRANGER, vec![tx(ALICE)]));
		// A provider deregisters itself; another account cannot do it for it.
		assert_noop!(
			Economics::deregister_provider(RuntimeOrigin::signed(PROVIDER), STRANGER),
			DispatchError::BadOrigin
		);
		assert_ok!(Economics::deregister_provider(RuntimeOrigin::signed(STRANGER), STRANGER));
		System::assert_last_event(Event::ProviderDeregistered { provider: STRANGER }.into());
		assert_noop!(submit(STRANGER, vec![tx(ALICE)]), Error::<Test>::ProviderNotRegistered);
		// The admin deregisters anyone.
		assert_ok!(Economics::deregister_provider(RuntimeOrigin::root(), PROVIDER2));
		assert_noop!(
			Economics::deregister_provider(RuntimeOrigin::root(), PROVIDER2),
			Error::<Test>::ProviderNotRegistered
		);
	});
}

// ---------------------------------------------------------------------------------------------
// PoE: Phi, Gamma, NEX issuance
// ---------------------------------------------------------------------------------------------

fn usage(
	cpu_ms: u128,
	memory_mb_s: u128,
	storage_bytes: u128,
	egress_bytes: u128,
	receipts: u128,
) -> UsageTotals {
	UsageTotals { cpu_ms, memory_mb_s, storage_bytes, egress_bytes, receipts }
}

fn fixed(inner: u128) -> FixedU128 {
	FixedU128::from_inner(inner)
}

#[test]
fn poe_worked_examples() {
	let p = PoeParams::default();

	// Example 1: no activity. Phi = 0, Gamma = 0, nothing minted.
	assert_eq!(
		poe::evaluate(&p, &UsageTotals::default()),
		PoeOutcome { phi: fixed(0), gamma: fixed(0), nex: 0 }
	);

	// Example 2: 500 receipts. Phi = 0.20 * 500/100 = 1; Gamma = 1/2;
	// NEX = 1,000 * 0.5 * 1.0 = 500 NEX exactly.
	assert_eq!(
		poe::evaluate(&p, &usage(0, 0, 0, 0, 500)),
		PoeOutcome {
			phi: FixedU128::one(),
			gamma: FixedU128::from_rational(1, 2),
			nex: 500 * UNIT
		}
	);

	// Example 3: every input. 3,000 cpu ms, 2,000 MB-s, 2 GB-day, 20 MB egress, 100 receipts:
	// Phi = 0.35*3 + 0.15*2 + 0.15*2 + 0.15*2 + 0.20*1 = 1.05 + 0.3 + 0.3 + 0.3 + 0.2 = 2.15
	// Gamma = 2.15 / 3.15 = 0.682539682539682539|68... -> 0.682539682539682539 (rounded down)
	// NEX = 1,000 NEX * Gamma = 682.539682539682539 NEX -> 682.539682539682 NEX
	//     = 682,539,682,539,682 units (12 decimals, rounded down).
	let out = poe::evaluate(&p, &usage(3_000, 2_000, 2_000_000_000, 20_000_000, 100));
	assert_eq!(out.phi, fixed(2_150_000_000_000_000_000));
	assert_eq!(out.gamma, fixed(682_539_682_539_682_539));
	assert_eq!(out.nex, 682_539_682_539_682);

	// Example 4: one receipt. Phi = 0.20 / 100 = 0.002;
	// Gamma = 0.002 / 1.002 = 0.001996007984031936|12... -> 0.001996007984031936;
	// NEX = 1,000 * Gamma = 1.996007984031936 NEX -> 1,996,007,984,031 units.
	let out = poe::evaluate(&p, &usage(0, 0, 0, 0, 1));
	assert_eq!(out.phi, fixed(2_000_000_000_000_000));
	assert_eq!(out.gamma, fixed(1_996_007_984_031_936));
	assert_eq!(out.nex, 1_996_007_984_031);

	// Example 5: 10,000 receipts. Phi = 20; Gamma = 20/21 = 0.952380952380952380|95...;
	// NEX = 952.380952380952380 NEX -> 952,380,952,380,952 units.
	let out = poe::evaluate(&p, &usage(0, 0, 0, 0, 10_000));
	assert_eq!(out.phi, FixedU128::from_u32(20));
	assert_eq!(out.gamma, fixed(952_380_952_380_952_380));
	assert_eq!(out.nex, 952_380_952_380_952);

	// Example 6: the cap. Same usage with K = 5,000 NEX: 5,000 * 0.952... = 4,761.9 NEX,
	// capped at 1,000 NEX.
	let k5000 = PoeParams { k: 5_000 * UNIT, ..p };
	assert_eq!(poe::evaluate(&k5000, &usage(0, 0, 0, 0, 10_000)).nex, 1_000 * UNIT);

	// Example 7: A = 0.5 halves the issuance: Phi = 1, Gamma = 0.5, NEX = 1,000*0.5*0.5 = 250.
	let half = PoeParams { a: FixedU128::from_rational(1, 2), ..p };
	assert_eq!(poe::evaluate(&half, &usage(0, 0, 0, 0, 500)).nex, 250 * UNIT);

	// Example 8: the smallest inputs. 1 cpu ms, 1 MB-s, 1 byte stored, 1 byte of egress:
	// Phi = 0.35/1000 + 0.15/1000 + 0.15/10^9 + 0.15/10^7
	//     = 0.00035 + 0.00015 + 0.00000000015 + 0.000000015 = 0.000500015150000000 (exact:
	//     every divisor divides 10^18 * weight).
	let out = poe::evaluate(&p, &usage(1, 1, 1, 1, 0));
	assert_eq!(out.phi, fixed(500_015_150_000_000));
}

#[test]
fn poe_never_exceeds_the_cap_and_gamma_stays_below_one() {
	let p = PoeParams::default();
	// Saturated inputs: Phi saturates, Gamma = 1, NEX = K = the cap.
	let max = usage(u128::MAX, u128::MAX, u128::MAX, u128::MAX, u128::MAX);
	let out = poe::evaluate(&p, &max);
	assert_eq!(out.phi, FixedU128::max_value());
	assert_eq!(out.gamma, FixedU128::one());
	assert_eq!(out.nex, 1_000 * UNIT);
	// Huge A and K: still the cap.
	let wild = PoeParams { k: u128::MAX, a: FixedU128::max_value(), ..p };
	assert_eq!(poe::evaluate(&wild, &max).nex, 1_000 * UNIT);
	assert_eq!(poe::evaluate(&wild, &usage(1, 0, 0, 0, 0)).nex, 1_000 * UNIT);

	let mut rng = Rng::new(7);
	let mut last_nex = 0;
	let mut receipts = 0u128;
	for _ in 0..2_000 {
		let u = usage(
			rng.below(1 << 40) as u128,
			rng.below(1 << 40) as u128,
			rng.below(1 << 50) as u128,
			rng.below(1 << 50) as u128,
			rng.below(1 << 30) as u128,
		);
		let out = poe::evaluate(&p, &u);
		assert!(out.gamma < FixedU128::one());
		assert!(out.nex <= p.nex_cap);
		// NEX = floor(K * Gamma) for A = 1.
		assert_eq!(out.nex, out.gamma.saturating_mul_int(p.k));
		// Monotonic in activity.
		receipts += rng.below(1_000) as u128;
		let nex = poe::evaluate(&p, &usage(0, 0, 0, 0, receipts)).nex;
		assert!(nex >= last_nex);
		last_nex = nex;
	}
}

#[test]
fn epoch_mints_nex_80_to_the_pot_and_20_to_validators() {
	new_test_ext().execute_with(|| {
		let nex_before = issuance(NEX);
		// Five compute records of one unit that ran one second each (0.5 FLX in all):
		// cpu 5 * min(1,000, 1 * 1,000) = 5,000 ms; memory 5 MB-s; 5 receipts.
		// Phi = 0.35 * 5000/1000 + 0.15 * 5/1000 + 0.20 * 5/100 = 1.75 + 0.00075 + 0.01
		//     = 1.76075
		// Gamma = 1.76075 / 2.76075 = 0.637779588879833378|... -> 0.637779588879833378
		// NEX = 1,000 NEX * Gamma -> 637,779,588,879,833 units
		// validators: 20% -> floor(127,555,917,775,966.6) = 127,555,917,775,966, shared by
		// two -> 63,777,958,887,983 each;
		// pot: 637,779,588,879,833 - 127,555,917,775,966 = 510,223,671,103,867.
		assert_ok!(submit(PROVIDER, vec![compute_ms(ALICE, 1, 1_000); 5]));
		let report = Economics::poe();
		assert_eq!(report.usage.cpu_ms, 5_000);
		assert_eq!(report.phi, fixed(1_760_750_000_000_000_000));
		assert_eq!(report.gamma, fixed(637_779_588_879_833_378));
		assert_eq!(report.projected_nex, 637_779_588_879_833);

		close_current_epoch();
		assert_eq!(bal(NEX, VALIDATOR1), 63_777_958_887_983);
		assert_eq!(bal(NEX, VALIDATOR2), 63_777_958_887_983);
		assert_eq!(bal(NEX, REWARDS_POT), 510_223_671_103_867);
		assert_eq!(issuance(NEX) - nex_before, 637_779_588_879_833);
		System::assert_has_event(
			Event::NexIssued {
				epoch: 0,
				amount: 637_779_588_879_833,
				to_miners: 510_223_671_103_867,
				to_validators: 127_555_917_775_966,
				validators: 2,
			}
			.into(),
		);
		let s = Settlements::<Test>::get(0).unwrap();
		assert_eq!(s.minted.nex, 637_779_588_879_833);
		assert_eq!(s.phi, report.phi);
		assert_eq!(s.gamma, report.gamma);
		// The next epoch starts from zero.
		assert_eq!(Economics::poe().projected_nex, 0);
	});
}

#[test]
fn without_validators_all_nex_goes_to_the_pot() {
	new_test_ext().execute_with(|| {
		EpochValidators::set(vec![]);
		assert_ok!(submit(PROVIDER, vec![compute_ms(ALICE, 1, 1_000); 5]));
		close_current_epoch();
		assert_eq!(bal(NEX, REWARDS_POT), 637_779_588_879_833);
	});
}

#[test]
fn at_most_max_validators_are_paid() {
	new_test_ext().execute_with(|| {
		// Six validators, MaxValidators = 4: the first four share the 20%.
		EpochValidators::set(vec![41, 42, 43, 44, 45, 46]);
		let nex_before = issuance(NEX);
		assert_ok!(submit(PROVIDER, vec![tx(ALICE); 16]));
		close_current_epoch();
		let minted = issuance(NEX) - nex_before;
		let each = Perbill::from_percent(20).mul_floor(minted) / 4;
		for v in [41, 42, 43, 44] {
			assert_eq!(bal(NEX, v), each);
		}
		assert_eq!(bal(NEX, 45) + bal(NEX, 46), 0);
		assert_eq!(bal(NEX, REWARDS_POT), minted - 4 * each);
	});
}

#[test]
fn nex_is_minted_only_by_epoch_issuance() {
	new_test_ext().execute_with(|| {
		let nex = issuance(NEX);
		// Charging NEX fees moves NEX but mints none.
		assert_ok!(submit(PROVIDER, vec![storage(ALICE, 4_096); 3]));
		assert_eq!(issuance(NEX), nex);
		run_to_block(EPOCH - 1);
		assert_eq!(issuance(NEX), nex);
		run_to_block(EPOCH);
		let minted = Settlements::<Test>::get(0).unwrap().minted.nex;
		assert!(minted > 0);
		assert_eq!(issuance(NEX), nex + minted);
		// An epoch without activity mints nothing.
		close_current_epoch();
		assert_eq!(Settlements::<Test>::get(1).unwrap().minted.nex, 0);
		assert_eq!(issuance(NEX), nex + minted);
	});
}

// ---------------------------------------------------------------------------------------------
// FLX: elastic mint and burn
// ---------------------------------------------------------------------------------------------

#[test]
fn flx_burn_and_elastic_mint() {
	new_test_ext().execute_with(|| {
		let flx0 = issuance(FLX);
		let treasury0 = bal(FLX, TREASURY);
		// 5 transactions: 0.05 FLX billed, 0.025 FLX burned at once.
		assert_ok!(submit(PROVIDER, vec![tx(ALICE); 5]));
		assert_eq!(flx0 - issuance(FLX), 25_000_000_000);
		assert_eq!(Economics::supply().flx.burned_this_epoch, 25_000_000_000);
		let treasury_fees = bal(FLX, TREASURY) - treasury0;
		// At the epoch's end: mu = 5% of the 0.05 FLX billed = 0.0025 FLX, to the treasury.
		close_current_epoch();
		System::assert_has_event(Event::FlxMinted { epoch: 0, amount: 2_500_000_000 }.into());
		assert_eq!(bal(FLX, TREASURY) - treasury0, treasury_fees + 2_500_000_000);
		assert_eq!(issuance(FLX), flx0 - 25_000_000_000 + 2_500_000_000);
		let s = Settlements::<Test>::get(0).unwrap();
		assert_eq!(s.fees.flx, 50_000_000_000);
		assert_eq!(s.burned.flx, 25_000_000_000);
		assert_eq!(s.minted.flx, 2_500_000_000);
		// No FLX billed in epoch 1: no FLX minted.
		close_current_epoch();
		assert_eq!(Settlements::<Test>::get(1).unwrap().minted.flx, 0);
	});
}

#[test]
fn flx_elastic_mint_is_capped() {
	new_test_ext().execute_with(|| {
		// 200,000 FLX billed: 5% = 10,000 FLX, capped at 5,000 FLX.
		give(FLX, BOB, 300_000 * UNIT);
		assert_ok!(submit(PROVIDER, vec![compute(BOB, 1_000_000), compute(BOB, 1_000_000)]));
		close_current_epoch();
		assert_eq!(Settlements::<Test>::get(0).unwrap().minted.flx, 5_000 * UNIT);
		// A lower cap set by governance applies.
		assert_ok!(Economics::set_flx_policy(
			RuntimeOrigin::root(),
			FlxPolicy { mint_cap: 1_000_000_000, ..Default::default() }
		));
		assert_ok!(submit(PROVIDER, vec![tx(ALICE); 5]));
		close_current_epoch();
		assert_eq!(Settlements::<Test>::get(1).unwrap().minted.flx, 1_000_000_000);
	});
}

// ---------------------------------------------------------------------------------------------
// AUR: minted and burned only by issuers, never beyond collateral
// ---------------------------------------------------------------------------------------------

#[test]
fn aur_is_minted_only_by_issuers_within_collateral() {
	new_test_ext().execute_with(|| {
		let issuer = || RuntimeOrigin::signed(ISSUER);
		let doc = H256::repeat_byte(1);
		// Nobody mints without collateral.
		assert_noop!(
			Economics::mint_aur(issuer(), ALICE, 1),
			Error::<Test>::InsufficientCollateral
		);
		// Non-issuers can neither attest nor mint.
		assert_noop!(
			Economics::attest_collateral(RuntimeOrigin::signed(ALICE), 100 * UNIT, doc),
			Error::<Test>::NotIssuer
		);
		assert_noop!(
			Economics::mint_aur(RuntimeOrigin::signed(ALICE), ALICE, UNIT),
			Error::<Test>::NotIssuer
		);
		assert_noop!(Economics::attest_collateral(issuer(), 0, doc), Error::<Test>::ZeroAmount);

		assert_ok!(Economics::attest_collateral(issuer(), 100 * UNIT, doc));
		System::assert_last_event(
			Event::CollateralAttested {
				issuer: ISSUER,
				amount: 100 * UNIT,
				attestation: doc,
				collateral: 100 * UNIT,
			}
			.into(),
		);
		let att = crate::Attestations::<Test>::get(doc).unwrap();
		assert_eq!((att.issuer, att.amount), (ISSUER, 100 * UNIT));
		// The same attestation cannot be recorded twice.
		assert_noop!(
			Economics::attest_collateral(issuer(), 100 * UNIT, doc),
			Error::<Test>::AttestationAlreadyRecorded
		);

		assert_noop!(
			Economics::mint_aur(issuer(), AUR_OUTSIDER, UNIT),
			Error::<Test>::BeneficiaryCannotHoldAur
		);
		assert_ok!(Economics::mint_aur(issuer(), ALICE, 60 * UNIT));
		System::assert_last_event(
			Event::AurMinted { issuer: ISSUER, beneficiary: ALICE, amount: 60 * UNIT }.into(),
		);
		assert_noop!(
			Economics::mint_aur(issuer(), BOB, 40 * UNIT + 1),
			Error::<Test>::InsufficientCollateral
		);
		assert_ok!(Economics::mint_aur(issuer(), BOB, 40 * UNIT));
		assert_eq!(issuance(AUR), 100 * UNIT);
		assert_noop!(Economics::mint_aur(issuer(), BOB, 1), Error::<Test>::InsufficientCollateral);
		let supply = Economics::supply();
		assert_eq!(supply.aur.total_issuance, 100 * UNIT);
		assert_eq!(supply.aur.minted_this_epoch, 100 * UNIT);
		assert_eq!(supply.aur_backing.collateral, 100 * UNIT);
		assert_eq!(supply.aur_backing.issued, 100 * UNIT);
		assert_ok!(Economics::do_try_state());
	});
}

#[test]
fn aur_burn_frees_collateral_for_release() {
	new_test_ext().execute_with(|| {
		let issuer = || RuntimeOrigin::signed(ISSUER);
		fund_aur(ALICE, 100 * UNIT);
		// All collateral backs outstanding AUR: none can be released.
		assert_noop!(
			Economics::release_collateral(issuer(), 1, H256::repeat_byte(9)),
			Error::<Test>::CollateralInUse
		);
		// Alice redeems 30 AUR: she sends them to the issuer, who burns them.
		assert_ok!(Assets::transfer(RuntimeOrigin::signed(ALICE), AUR, ISSUER, 30 * UNIT));
		assert_noop!(Economics::burn_aur(issuer(), 0), Error::<Test>::ZeroAmount);
		assert_noop!(
			Economics::burn_aur(RuntimeOrigin::signed(ALICE), UNIT),
			Error::<Test>::NotIssuer
		);
		// The issuer keeps the minimum balance (1 unit): it cannot burn all 30.
		assert_noop!(Economics::burn_aur(issuer(), 30 * UNIT), Error::<Test>::InsufficientBalance);
		assert_ok!(Economics::burn_aur(issuer(), 30 * UNIT - 1));
		System::assert_last_event(
			Event::AurBurned { issuer: ISSUER, amount: 30 * UNIT - 1 }.into(),
		);
		assert_eq!(issuance(AUR), 70 * UNIT + 1);
		assert_eq!(Economics::supply().aur.burned_this_epoch, 30 * UNIT - 1);
		// It can burn at most what it issued.
		assert_noop!(
			Economics::burn_aur(issuer(), 70 * UNIT + 2),
			Error::<Test>::BurnExceedsIssued
		);
		// The freed collateral can be released, no more.
		assert_noop!(
			Economics::release_collateral(issuer(), 30 * UNIT, H256::repeat_byte(9)),
			Error::<Test>::CollateralInUse
		);
		assert_ok!(Economics::release_collateral(issuer(), 30 * UNIT - 1, H256::repeat_byte(9)));
		assert_eq!(
			Issuers::<Test>::get(ISSUER).unwrap(),
			IssuerInfo { active: true, collateral: 70 * UNIT + 1, issued: 70 * UNIT + 1 }
		);
		assert_noop!(
			Economics::release_collateral(issuer(), 1, H256::repeat_byte(9)),
			Error::<Test>::AttestationAlreadyRecorded
		);
		assert_ok!(Economics::do_try_state());
	});
}

#[test]
fn removed_issuer_cannot_mint_but_can_wind_down() {
	new_test_ext().execute_with(|| {
		let issuer = || RuntimeOrigin::signed(ISSUER);
		assert_ok!(Economics::attest_collateral(issuer(), 10 * UNIT, H256::repeat_byte(1)));
		assert_ok!(Economics::mint_aur(issuer(), ISSUER, 5 * UNIT));
		assert_noop!(
			Economics::add_issuer(RuntimeOrigin::root(), ISSUER),
			Error::<Test>::AlreadyIssuer
		);
		assert_ok!(Economics::remove_issuer(RuntimeOrigin::root(), ISSUER));
		System::assert_last_event(Event::IssuerRemoved { issuer: ISSUER }.into());
		assert_noop!(
			Economics::remove_issuer(RuntimeOrigin::root(), ISSUER),
			Error::<Test>::NotIssuer
		);
		assert_noop!(Economics::mint_aur(issuer(), ALICE, UNIT), Error::<Test>::NotIssuer);
		assert_noop!(
			Economics::attest_collateral(issuer(), UNIT, H256::repeat_byte(2)),
			Error::<Test>::NotIssuer
		);
		// It burns what it holds (keeping the minimum) and releases the freed collateral.
		assert_ok!(Economics::burn_aur(issuer(), 5 * UNIT - 1));
		assert_ok!(Economics::release_collateral(issuer(), 10 * UNIT - 1, H256::repeat_byte(3)));
		assert_eq!(
			Issuers::<Test>::get(ISSUER),
			Some(IssuerInfo { active: false, collateral: 1, issued: 1 })
		);
		// Re-activated by the admin, it keeps its books.
		assert_ok!(Economics::add_issuer(RuntimeOrigin::root(), ISSUER));
		System::assert_last_event(Event::IssuerAdded { issuer: ISSUER }.into());
		assert_eq!(
			Issuers::<Test>::get(ISSUER),
			Some(IssuerInfo { active: true, collateral: 1, issued: 1 })
		);
		// A new issuer with nothing is removed entirely.
		assert_ok!(Economics::add_issuer(RuntimeOrigin::root(), BOB));
		assert_ok!(Economics::remove_issuer(RuntimeOrigin::root(), BOB));
		assert_eq!(Issuers::<Test>::get(BOB), None);
		assert_ok!(Economics::do_try_state());
	});
}

// ---------------------------------------------------------------------------------------------
// GEN: never minted or burned
// ---------------------------------------------------------------------------------------------

#[test]
fn gen_total_issuance_is_unchanged_across_many_blocks() {
	new_test_ext().execute_with(|| {
		let gen = <Balances as NativeInspect<AccountId>>::total_issuance();
		let alice_gen = Balances::free_balance(ALICE);
		fund_aur(CHARLIE, 10 * UNIT);
		for block in 2..=(5 * EPOCH + 3) {
			run_to_block(block);
			assert_ok!(submit(
				PROVIDER,
				vec![tx(ALICE), compute(BOB, 1), bandwidth(ALICE, 100), storage(BOB, 10)]
			));
			if block % 3 == 0 {
				assert_ok!(submit(PROVIDER2, vec![cross_border(CHARLIE)]));
			}
			assert_eq!(<Balances as NativeInspect<AccountId>>::total_issuance(), gen);
			assert_eq!(Economics::supply().gen.total_issuance, gen);
		}
		assert_eq!(CurrentEpoch::<Test>::get().index, 5);
		assert_eq!(Balances::free_balance(ALICE), alice_gen);
		assert_eq!(sum_of_gen(), gen);
		for epoch in 0..5 {
			let s = Settlements::<Test>::get(epoch).unwrap();
			assert!(s.minted.nex > 0 && s.minted.flx > 0);
		}
	});
}

// ---------------------------------------------------------------------------------------------
// Settlement: roots, proofs, retention
// ---------------------------------------------------------------------------------------------

#[test]
fn settlement_root_and_proofs_verify_and_tampering_fails() {
	new_test_ext().execute_with(|| {
		fund_aur(ALICE, UNIT);
		assert_ok!(submit(PROVIDER, vec![tx(ALICE), compute(BOB, 2), storage(CHARLIE, 10)]));
		run_to_block(3);
		assert_ok!(submit(PROVIDER2, vec![bandwidth(ALICE, 5_000), cross_border(ALICE)]));
		assert_ok!(submit(PROVIDER, vec![tx(BOB), tx(CHARLIE)]));
		// No proof while the epoch is open.
		assert_eq!(Economics::record_proof(0, 0), None);
		assert_eq!(Economics::settlement(0), None);

		let records = charged();
		assert_eq!(records.len(), 7);
		close_current_epoch();
		System::assert_has_event(
			Event::EpochClosed {
				epoch: 0,
				root: Settlements::<Test>::get(0).unwrap().root,
				record_count: 7,
			}
			.into(),
		);
		let s = Economics::settlement(0).unwrap();
		assert_eq!((s.epoch, s.start_block, s.end_block, s.record_count), (0, 0, EPOCH, 7));
		let leaves: Vec<H256> = records.iter().map(|r| r.2).collect();
		assert_eq!(s.root, settlement::merkle_root(leaves.clone()));
		assert_eq!(
			s.fees.flx,
			records.iter().filter(|r| r.0.token == Token::Flx).map(|r| r.0.fee).sum()
		);
		// 10 bytes: 10 * 10^9 / 1024 = 9,765,625 exactly.
		assert_eq!(s.fees.nex, 9_765_625);
		assert_eq!(s.fees.aur, 100_000_000_000);

		for (record, _, leaf) in &records {
			// The event's leaf is the hash of the event's record.
			assert_eq!(settlement::record_leaf(record), *leaf);
			let proof = Economics::proof(0, record.index).unwrap();
			assert_eq!(
				(proof.leaf_index, proof.number_of_leaves, proof.leaf),
				(record.index, 7, *leaf)
			);
			assert!(crate::verify_record_proof(&s.root, leaf, &proof));

			// A tampered record does not verify.
			let mut forged = record.clone();
			forged.fee += 1;
			assert!(!crate::verify_record_proof(
				&s.root,
				&settlement::record_leaf(&forged),
				&proof
			));
			let mut forged = record.clone();
			forged.consumer = DAVE;
			assert!(!crate::verify_record_proof(
				&s.root,
				&settlement::record_leaf(&forged),
				&proof
			));
			// Nor does a tampered proof, a wrong index or a wrong root.
			let mut bad = proof.clone();
			bad.items[0].0[0] ^= 1;
			assert!(!crate::verify_record_proof(&s.root, leaf, &bad));
			let mut bad = proof.clone();
			bad.leaf_index = (bad.leaf_index + 1) % 7;
			assert!(!crate::verify_record_proof(&s.root, leaf, &bad));
			assert!(!crate::verify_record_proof(&H256::repeat_byte(7), leaf, &proof));
		}
		assert_eq!(Economics::proof(0, 7), None);
		assert_eq!(Economics::proof(1, 0), None);
	});
}

#[test]
fn leaves_are_domain_separated() {
	new_test_ext().execute_with(|| {
		assert_ok!(submit(PROVIDER, vec![tx(ALICE)]));
		let (record, _, leaf) = last_charged();
		use codec::Encode;
		let preimage = [crate::RECORD_DOMAIN, record.encode().as_slice()].concat();
		assert_eq!(leaf, H256(sp_io::hashing::blake2_256(&preimage)));
		assert_ne!(leaf, H256(sp_io::hashing::blake2_256(&record.encode())));
		assert_eq!(crate::RECORD_DOMAIN, b"metanode/economics/record/v2");
	});
}

#[test]
fn proofs_verify_for_every_tree_size_and_index() {
	for n in 1u32..=40 {
		let leaves: Vec<H256> =
			(0..n).map(|i| H256(sp_io::hashing::blake2_256(&i.to_le_bytes()))).collect();
		let root = settlement::merkle_root(leaves.clone());
		for i in 0..n {
			let proof = settlement::merkle_proof(9, &leaves, i).unwrap();
			assert!(
				settlement::verify_record_proof(&root, &leaves[i as usize], &proof),
				"n={n} i={i}"
			);
			let other = leaves[((i + 1) % n) as usize];
			if n > 1 {
				assert!(!settlement::verify_record_proof(&root, &other, &proof), "n={n} i={i}");
			}
			let mut truncated = proof.clone();
			if truncated.items.pop().is_some() {
				assert!(!settlement::verify_record_proof(&root, &leaves[i as usize], &truncated));
			}
		}
		assert!(settlement::merkle_proof(9, &leaves, n).is_none());
	}
	// The root of no leaves is zero, of one leaf the leaf itself.
	assert_eq!(settlement::merkle_root(Vec::new()), H256::zero());
	let one = H256::repeat_byte(5);
	assert_eq!(settlement::merkle_root(vec![one]), one);
}

#[test]
fn empty_epochs_commit_a_zero_root() {
	new_test_ext().execute_with(|| {
		close_current_epoch();
		let s = Settlements::<Test>::get(0).unwrap();
		assert_eq!((s.root, s.record_count), (H256::zero(), 0));
		assert_eq!(s.minted, Default::default());
		assert_eq!(Economics::proof(0, 0), None);
	});
}

#[test]
fn old_leaves_are_pruned_but_roots_are_kept() {
	new_test_ext().execute_with(|| {
		// LeafRetentionEpochs = 2 in the mock.
		for _ in 0..4 {
			assert_ok!(submit(PROVIDER, vec![tx(ALICE), tx(BOB)]));
			close_current_epoch();
		}
		// Epochs 0..=3 closed; the leaves of 2 and 3 are kept.
		for epoch in 0..4 {
			assert!(Settlements::<Test>::get(epoch).is_some(), "root of {epoch} kept");
		}
		assert!(EpochLeaves::<Test>::get(0).is_empty());
		assert!(EpochLeaves::<Test>::get(1).is_empty());
		assert_eq!(Economics::proof(1, 0), None);
		for epoch in 2..4 {
			let s = Settlements::<Test>::get(epoch).unwrap();
			let proof = Economics::proof(epoch, 1).unwrap();
			assert!(crate::verify_record_proof(&s.root, &proof.leaf, &proof));
		}
	});
}

#[test]
fn epoch_length_changes_apply_to_the_current_epoch() {
	new_test_ext().execute_with(|| {
		run_to_block(3);
		assert_ok!(Economics::set_epoch_length(RuntimeOrigin::root(), 5));
		run_to_block(4);
		assert_eq!(CurrentEpoch::<Test>::get().index, 0);
		run_to_block(5);
		assert_eq!(CurrentEpoch::<Test>::get().index, 1);
		assert_eq!(CurrentEpoch::<Test>::get().start, 5);
		run_to_block(9);
		assert_eq!(CurrentEpoch::<Test>::get().index, 1);
		run_to_block(10);
		assert_eq!(CurrentEpoch::<Test>::get().index, 2);
		// Shortened below the time already elapsed (13 - 10 > 2): it closes at the next block.
		run_to_block(13);
		assert_ok!(Economics::set_epoch_length(RuntimeOrigin::root(), 2));
		assert_eq!(CurrentEpoch::<Test>::get().index, 2);
		run_to_block(14);
		assert_eq!(CurrentEpoch::<Test>::get(), crate::EpochInfo { index: 3, start: 14 });
		assert_eq!(Settlements::<Test>::get(2).unwrap().end_block, 14);
	});
}

#[test]
fn supply_and_poe_reports() {
	new_test_ext().execute_with(|| {
		assert_ok!(submit(PROVIDER, vec![tx(ALICE), storage(BOB, 1_024)]));
		let s = Economics::supply();
		assert_eq!(s.epoch, 0);
		assert_eq!(s.gen.total_issuance, <Balances as NativeInspect<AccountId>>::total_issuance());
		assert_eq!((s.gen.minted_this_epoch, s.gen.burned_this_epoch), (0, 0));
		assert_eq!(s.nex.total_issuance, issuance(NEX));
		assert_eq!(s.flx.total_issuance, issuance(FLX));
		assert_eq!(s.flx.burned_this_epoch, 5_000_000_000);
		assert_eq!(s.nex.burned_this_epoch, 0);
		assert_eq!(s.aur.total_issuance, 0);
		let p = Economics::poe();
		assert_eq!(p.usage.receipts, 2);
		assert_eq!(p.usage.storage_bytes, 1_024);
		assert_eq!(p, {
			let out = poe::evaluate(&PoeParams::default(), &p.usage);
			crate::PoeReport {
				epoch: 0,
				usage: p.usage,
				phi: out.phi,
				gamma: out.gamma,
				projected_nex: out.nex,
			}
		});
		close_current_epoch();
		let s = Economics::supply();
		assert_eq!(s.epoch, 1);
		assert_eq!(s.flx.burned_this_epoch, 0);
	});
}

// ---------------------------------------------------------------------------------------------
// Consent: providers charge only consumers that approved them, within their limits
// ---------------------------------------------------------------------------------------------

fn limits(nex: Option<u128>, flx: Option<u128>, aur: Option<u128>) -> SpendingLimits {
	SpendingLimits { nex, flx, aur }
}

#[test]
fn a_provider_charges_only_consumers_that_approved_it() {
	new_test_ext().execute_with(|| {
		// Eve (5) holds FLX but approved nobody.
		const EVE: AccountId = 5;
		give(FLX, EVE, 100 * UNIT);
		assert_noop!(submit(PROVIDER, vec![tx(EVE)]), Error::<Test>::ProviderNotApproved);
		// One unapproved consumer fails the whole batch, wherever it is.
		assert_noop!(
			submit(PROVIDER, vec![tx(ALICE), compute(BOB, 1), tx(EVE)]),
			Error::<Test>::ProviderNotApproved
		);
		// Eve approves PROVIDER, not PROVIDER2.
		assert_ok!(Economics::approve_provider(
			RuntimeOrigin::signed(EVE),
			PROVIDER,
			SpendingLimits::UNLIMITED
		));
		System::assert_last_event(
			Event::ProviderApproved {
				consumer: EVE,
				provider: PROVIDER,
				limits: SpendingLimits::UNLIMITED,
			}
			.into(),
		);
		assert_eq!(ApprovalCount::<Test>::get(EVE), 1);
		assert_ok!(submit(PROVIDER, vec![tx(EVE)]));
		assert_noop!(submit(PROVIDER2, vec![tx(EVE)]), Error::<Test>::ProviderNotApproved);
		// Eve revokes: PROVIDER can no longer charge her.
		assert_ok!(Economics::revoke_provider(RuntimeOrigin::signed(EVE), PROVIDER));
		System::assert_last_event(
			Event::ProviderRevoked { consumer: EVE, provider: PROVIDER }.into(),
		);
		assert!(!Approvals::<Test>::contains_key(EVE, PROVIDER));
		assert!(!ApprovalCount::<Test>::contains_key(EVE), "the count is removed at zero");
		assert_noop!(submit(PROVIDER, vec![tx(EVE)]), Error::<Test>::ProviderNotApproved);
		assert_noop!(
			Economics::revoke_provider(RuntimeOrigin::signed(EVE), PROVIDER),
			Error::<Test>::NotApproved
		);
		// Approving an account that is not a provider is refused.
		assert_noop!(
			Economics::approve_provider(
				RuntimeOrigin::signed(EVE),
				STRANGER,
				SpendingLimits::UNLIMITED
			),
			Error::<Test>::ProviderNotRegistered
		);
		assert_noop!(
			Economics::approve_provider(RuntimeOrigin::root(), PROVIDER, SpendingLimits::UNLIMITED),
			DispatchError::BadOrigin
		);
		assert_ok!(Economics::do_try_state());
	});
}

#[test]
fn approvals_are_bounded_per_consumer() {
	new_test_ext().execute_with(|| {
		// MaxApprovalsPerConsumer = 3 in the mock; Alice approved PROVIDER and PROVIDER2.
		for p in [STRANGER, 13, 14] {
			assert_ok!(Economics::register_provider(RuntimeOrigin::root(), p));
		}
		approve(ALICE, STRANGER);
		assert_eq!(ApprovalCount::<Test>::get(ALICE), 3);
		assert_noop!(
			Economics::approve_provider(
				RuntimeOrigin::signed(ALICE),
				13,
				SpendingLimits::UNLIMITED
			),
			Error::<Test>::TooManyApprovals
		);
		// Changing an existing approval does not count again.
		assert_ok!(Economics::approve_provider(
			RuntimeOrigin::signed(ALICE),
			STRANGER,
			limits(None, Some(UNIT), None)
		));
		assert_eq!(ApprovalCount::<Test>::get(ALICE), 3);
		// Revoking one makes room for another.
		assert_ok!(Economics::revoke_provider(RuntimeOrigin::signed(ALICE), PROVIDER2));
		approve(ALICE, 13);
		assert_noop!(
			Economics::approve_provider(
				RuntimeOrigin::signed(ALICE),
				14,
				SpendingLimits::UNLIMITED
			),
			Error::<Test>::TooManyApprovals
		);
		// A deregistered provider's approval can still be revoked.
		assert_ok!(Economics::deregister_provider(RuntimeOrigin::root(), 13));
		assert_ok!(Economics::revoke_provider(RuntimeOrigin::signed(ALICE), 13));
		assert_eq!(ApprovalCount::<Test>::get(ALICE), 2);
		assert_ok!(Economics::do_try_state());
	});
}

#[test]
fn spending_limits_cap_what_a_provider_charges_per_epoch_and_token() {
	new_test_ext().execute_with(|| {
		// Bob lets PROVIDER charge him at most 0.25 FLX and 0.000002 NEX an epoch; AUR freely.
		let lim = limits(Some(2_000_000), Some(UNIT / 4), None);
		assert_ok!(Economics::approve_provider(RuntimeOrigin::signed(BOB), PROVIDER, lim));
		System::assert_last_event(
			Event::ProviderApproved { consumer: BOB, provider: PROVIDER, limits: lim }.into(),
		);
		// 0.2 FLX fits; another 0.1 would make 0.3 > 0.25: refused, nothing charged.
		assert_ok!(submit(PROVIDER, vec![compute(BOB, 2)]));
		assert_eq!(Approvals::<Test>::get(BOB, PROVIDER).unwrap().spent.flx, UNIT / 5);
		assert_noop!(submit(PROVIDER, vec![compute(BOB, 1)]), Error::<Test>::SpendingLimitExceeded);
		// The job-value fee counts too: 0.04 + 1% of 1 FLX = 0.05 FLX reaches exactly 0.25.
		assert_noop!(
			submit(PROVIDER, vec![with_job(tx(BOB), UNIT), tx(BOB), tx(BOB), tx(BOB), tx(BOB)]),
			Error::<Test>::SpendingLimitExceeded
		);
		assert_ok!(submit(PROVIDER, vec![with_job(tx(BOB), UNIT), tx(BOB), tx(BOB), tx(BOB)]));
		assert_eq!(Approvals::<Test>::get(BOB, PROVIDER).unwrap().spent.flx, UNIT / 4);
		// NEX has its own limit: 2,048 bytes cost 2,000,000,000 > 2,000,000.
		assert_noop!(
			submit(PROVIDER, vec![storage(BOB, 2_048)]),
			Error::<Test>::SpendingLimitExceeded
		);
		assert_ok!(submit(PROVIDER, vec![storage(BOB, 2)]));
		// AUR is not limited.
		fund_aur(BOB, 10 * UNIT);
		assert_ok!(submit(PROVIDER, vec![cross_border(BOB); 5]));
		// Another provider has its own (unlimited) approval.
		assert_ok!(submit(PROVIDER2, vec![compute(BOB, 3)]));
		// The next epoch starts from zero.
		close_current_epoch();
		assert_ok!(submit(PROVIDER, vec![compute(BOB, 2)]));
		let approval = Approvals::<Test>::get(BOB, PROVIDER).unwrap();
		assert_eq!((approval.epoch, approval.spent.flx, approval.spent.nex), (1, UNIT / 5, 0));
		// Raising the limit applies at once; what was charged this epoch still counts.
		assert_ok!(Economics::approve_provider(
			RuntimeOrigin::signed(BOB),
			PROVIDER,
			limits(None, Some(UNIT / 2), None)
		));
		assert_ok!(submit(PROVIDER, vec![compute(BOB, 3)]));
		assert_noop!(submit(PROVIDER, vec![tx(BOB)]), Error::<Test>::SpendingLimitExceeded);
		assert_ok!(Economics::do_try_state());
	});
}

// ---------------------------------------------------------------------------------------------
// The job-value fee: 1% of a job's value, rounded up, burned and split like the base fee
// ---------------------------------------------------------------------------------------------

#[test]
fn job_value_adds_one_percent_rounded_up_through_burn_and_split() {
	new_test_ext().execute_with(|| {
		// A transaction for a job worth 3 FLX: 0.01 + 0.03 = 0.04 FLX, half burned.
		let before = snapshot(FLX, ALICE, PROVIDER);
		assert_ok!(submit(PROVIDER, vec![with_job(tx(ALICE), 3 * UNIT)]));
		let after = snapshot(FLX, ALICE, PROVIDER);
		let (rec, b, _) = last_charged();
		assert_eq!(
			(rec.job_value, rec.job_fee, rec.fee),
			(Some(3 * UNIT), 30 * MILLI_UNIT, 40 * MILLI_UNIT)
		);
		assert_eq!(
			b,
			FeeBreakdown {
				burned: 20_000_000_000,
				miner_reserve: 4_000_000_000,
				miners: 6_000_000_000,
				provider: 4_000_000_000,
				treasury: 6_000_000_000,
				deferred: 0,
			}
		);
		assert_moved(before, after, rec.fee, b);
		// Rounded up: 1% of 1 unit is 1 unit; of 101 units, 2 units.
		assert_ok!(submit(PROVIDER, vec![with_job(tx(ALICE), 1)]));
		assert_eq!(last_charged().0.job_fee, 1);
		assert_eq!(last_charged().0.fee, 10_000_000_001);
		assert_ok!(submit(PROVIDER, vec![with_job(tx(ALICE), 101)]));
		assert_eq!(last_charged().0.job_fee, 2);
		// In the record's token: storage (NEX) and cross-border (AUR).
		assert_ok!(submit(PROVIDER, vec![with_job(storage(BOB, 1_024), 5 * UNIT)]));
		let (rec, b, _) = last_charged();
		assert_eq!(
			(rec.token, rec.job_fee, rec.fee),
			(Token::Nex, 50 * MILLI_UNIT, 51 * MILLI_UNIT)
		);
		assert_eq!(b.burned, 0);
		fund_aur(CHARLIE, UNIT);
		let aur = bal(AUR, CHARLIE);
		assert_ok!(submit(PROVIDER, vec![with_job(cross_border(CHARLIE), 10 * UNIT)]));
		assert_eq!(last_charged().0.fee, 200 * MILLI_UNIT);
		assert_eq!(aur - bal(AUR, CHARLIE), 200 * MILLI_UNIT);
		// Without a job value there is no job fee.
		assert_ok!(submit(PROVIDER, vec![tx(ALICE)]));
		assert_eq!((last_charged().0.job_value, last_charged().0.job_fee), (None, 0));
		// The totals count whole fees.
		let totals = EpochTotals::<Test>::get();
		assert_eq!(
			totals.fees.flx,
			40 * MILLI_UNIT + 10_000_000_001 + 10_000_000_002 + 10 * MILLI_UNIT
		);
		assert_eq!(totals.fees.nex, 51 * MILLI_UNIT);
		assert_eq!(totals.fees.aur, 200 * MILLI_UNIT);
		// A job value does not count for PoE.
		assert_eq!(totals.usage.cpu_ms, 0);
	});
}

#[test]
fn job_value_is_in_the_leaf_and_the_settlement() {
	new_test_ext().execute_with(|| {
		assert_ok!(submit(PROVIDER, vec![with_job(tx(ALICE), 7 * UNIT), tx(BOB)]));
		let records = charged();
		let (with, _, leaf) = records[0].clone();
		assert_eq!(settlement::record_leaf(&with), leaf);
		// The same record without its job value (or with another) has another leaf.
		let mut forged = with.clone();
		forged.job_value = Some(6 * UNIT);
		assert_ne!(settlement::record_leaf(&forged), leaf);
		let mut forged = with.clone();
		forged.job_fee = 0;
		forged.fee -= with.job_fee;
		assert_ne!(settlement::record_leaf(&forged), leaf);
		close_current_epoch();
		let s = Settlements::<Test>::get(0).unwrap();
		assert_eq!(s.fees.flx, 10 * MILLI_UNIT + 70 * MILLI_UNIT + 10 * MILLI_UNIT);
		assert_eq!(s.burned.flx, 45 * MILLI_UNIT);
		let proof = Economics::proof(0, 0).unwrap();
		assert!(crate::verify_record_proof(&s.root, &leaf, &proof));
		assert!(!crate::verify_record_proof(&s.root, &settlement::record_leaf(&forged), &proof));
	});
}

#[test]
fn job_values_out_of_bounds_are_refused() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			submit(PROVIDER, vec![with_job(tx(ALICE), MAX_JOB_VALUE + 1)]),
			Error::<Test>::JobValueOutOfBounds
		);
		assert_noop!(
			submit(PROVIDER, vec![with_job(tx(ALICE), u128::MAX)]),
			Error::<Test>::JobValueOutOfBounds
		);
		assert_noop!(submit(PROVIDER, vec![with_job(tx(ALICE), 0)]), Error::<Test>::ZeroJobValue);
		// At the bound: 1% of a billion tokens is 10 million, more than Alice holds.
		assert_noop!(
			submit(PROVIDER, vec![with_job(tx(ALICE), MAX_JOB_VALUE)]),
			Error::<Test>::InsufficientBalance
		);
		give(FLX, ALICE, 10_000_000 * UNIT);
		assert_ok!(submit(PROVIDER, vec![with_job(tx(ALICE), MAX_JOB_VALUE)]));
		assert_eq!(last_charged().0.job_fee, 10_000_000 * UNIT);
		// A base fee plus a job fee that do not fit in a balance.
		assert_ok!(Economics::set_fee_schedule(
			RuntimeOrigin::root(),
			FeeSchedule { transaction: u128::MAX, ..Default::default() }
		));
		assert_noop!(submit(PROVIDER, vec![with_job(tx(ALICE), 100)]), Error::<Test>::FeeOverflow);
	});
}

#[test]
fn the_job_value_fee_is_set_by_the_admin() {
	new_test_ext().execute_with(|| {
		let schedule = FeeSchedule {
			job_value_fee: Perbill::from_rational(5u32, 1_000u32),
			..Default::default()
		};
		assert_noop!(
			Economics::set_fee_schedule(RuntimeOrigin::signed(ALICE), schedule),
			DispatchError::BadOrigin
		);
		assert_ok!(Economics::set_fee_schedule(RuntimeOrigin::root(), schedule));
		System::assert_last_event(Event::FeeScheduleSet { schedule }.into());
		// 0.5% of 2 FLX = 0.01 FLX.
		assert_ok!(submit(PROVIDER, vec![with_job(tx(ALICE), 2 * UNIT)]));
		assert_eq!(last_charged().0.job_fee, 10 * MILLI_UNIT);
		// Zero: job values are recorded but cost nothing.
		let free = FeeSchedule { job_value_fee: Perbill::from_percent(0), ..Default::default() };
		assert_ok!(Economics::set_fee_schedule(RuntimeOrigin::root(), free));
		assert_ok!(submit(PROVIDER, vec![with_job(tx(ALICE), 2 * UNIT)]));
		assert_eq!((last_charged().0.job_fee, last_charged().0.fee), (0, 10 * MILLI_UNIT));
	});
}

// ---------------------------------------------------------------------------------------------
// PoE weight is paid for: the cost of reaching the cap
// ---------------------------------------------------------------------------------------------

#[test]
fn execution_time_no_longer_inflates_poe_for_free() {
	new_test_ext().execute_with(|| {
		// The old attack: one 0.01 FLX transaction claiming a day of execution. It now counts
		// as one receipt: Phi = 0.002, 1.996007984031 NEX (it gave 999.966932312626 NEX).
		assert_ok!(submit(
			PROVIDER,
			vec![record(ALICE, Service::Transaction, 0, 0, 0, 86_400_000)]
		));
		assert_eq!(Economics::poe().phi, fixed(2_000_000_000_000_000));
		assert_eq!(Economics::poe().projected_nex, 1_996_007_984_031);
		close_current_epoch();

		// A day of cpu time now needs 86,400 compute units (8,640 FLX):
		// Phi = 0.35 * 86,400 + 0.15 * 86.4 + 0.20 * 0.01 = 30,240 + 12.96 + 0.002 = 30,252.962;
		// Gamma = 0.999966946477952210; NEX = 999.966946477952 (the cap is 1,000).
		give(FLX, ALICE, 10_000 * UNIT);
		let flx = bal(FLX, ALICE);
		assert_ok!(submit(PROVIDER, vec![compute_ms(ALICE, 86_400, 86_400_000)]));
		assert_eq!(flx - bal(FLX, ALICE), 8_640 * UNIT);
		let report = Economics::poe();
		assert_eq!(report.usage.cpu_ms, 86_400_000);
		assert_eq!(report.phi, fixed(30_252_962_000_000_000_000_000));
		assert_eq!(report.gamma, fixed(999_966_946_477_952_210));
		assert_eq!(report.projected_nex, 999_966_946_477_952);
		close_current_epoch();

		// Claiming more time than the units pay for credits only what they pay for:
		// 3 units of 9 s count 3 s. Phi = 1.05 + 0.00045 + 0.002 = 1.05245;
		// Gamma = 0.512777412360837048; NEX = 512.777412360837 for 0.3 FLX.
		assert_ok!(submit(PROVIDER, vec![compute_ms(ALICE, 3, 9_000)]));
		let report = Economics::poe();
		assert_eq!(report.usage.cpu_ms, 3_000);
		assert_eq!(report.phi, fixed(1_052_450_000_000_000_000));
		assert_eq!(report.gamma, fixed(512_777_412_360_837_048));
		assert_eq!(report.projected_nex, 512_777_412_360_837);
	});
}

#[test]
fn the_cpu_credit_per_compute_unit_is_set_by_the_admin() {
	new_test_ext().execute_with(|| {
		let params = PoeParams { max_ms_per_compute_unit: 100, ..Default::default() };
		assert_ok!(Economics::set_poe_params(RuntimeOrigin::root(), params));
		System::assert_last_event(Event::PoeParamsSet { params }.into());
		// It applies to records charged from now on: 3 units credit at most 300 ms.
		assert_ok!(submit(PROVIDER, vec![compute_ms(ALICE, 3, 9_000)]));
		assert_eq!(EpochTotals::<Test>::get().usage.cpu_ms, 300);
		// Zero: execution time never counts.
		let params = PoeParams { max_ms_per_compute_unit: 0, ..Default::default() };
		assert_ok!(Economics::set_poe_params(RuntimeOrigin::root(), params));
		assert_ok!(submit(PROVIDER, vec![compute_ms(ALICE, 3, 9_000)]));
		assert_eq!(EpochTotals::<Test>::get().usage.cpu_ms, 300);
		// The pure rule, for every service.
		for (rec, max, credited) in [
			(compute_ms(ALICE, 3, 9_000), 1_000, 3_000),
			(compute_ms(ALICE, 3, 2_500), 1_000, 2_500),
			(compute_ms(ALICE, 1_000_000, 86_400_000), u64::MAX, 86_400_000),
			(compute_ms(ALICE, u64::MAX, u64::MAX), u64::MAX, u64::MAX as u128),
			(record(ALICE, Service::Transaction, 0, 0, 0, 1_000), 1_000, 0),
			(record(ALICE, Service::Storage, 0, 1, 0, 1_000), 1_000, 0),
			(record(ALICE, Service::Bandwidth, 0, 0, 1, 1_000), 1_000, 0),
			(record(ALICE, Service::CrossBorder, 0, 0, 0, 1_000), 1_000, 0),
		] {
			assert_eq!(UsageTotals::credited_cpu_ms(&rec, max), credited, "{rec:?}");
		}
	});
}

// ---------------------------------------------------------------------------------------------
// Genesis AUR: minted by issuers against recorded collateral
// ---------------------------------------------------------------------------------------------

fn ext_with_genesis_aur(
	collateral: Vec<(AccountId, u128, H256)>,
	aur_mints: Vec<(AccountId, AccountId, u128)>,
) -> sp_io::TestExternalities {
	use sp_runtime::BuildStorage;
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_assets::GenesisConfig::<Test> {
		assets: vec![
			(NEX, ASSET_OWNER, true, 1),
			(FLX, ASSET_OWNER, true, 1),
			(AUR, ASSET_OWNER, true, 1),
		],
		metadata: vec![],
		accounts: vec![],
		next_asset_id: None,
		reserves: vec![],
	}
	.assimilate_storage(&mut t)
	.unwrap();
	crate::GenesisConfig::<Test> {
		params: mock_params(),
		providers: vec![],
		issuers: vec![ISSUER],
		collateral,
		aur_mints,
	}
	.assimilate_storage(&mut t)
	.unwrap();
	t.into()
}

#[test]
fn genesis_aur_is_backed_by_recorded_collateral() {
	let doc = H256::repeat_byte(0xA0);
	ext_with_genesis_aur(
		vec![(ISSUER, 1_000 * UNIT + 2, doc)],
		vec![(ISSUER, ALICE, 1_000 * UNIT), (ISSUER, TREASURY, 1), (ISSUER, REWARDS_POT, 1)],
	)
	.execute_with(|| {
		assert_eq!(bal(AUR, ALICE), 1_000 * UNIT);
		assert_eq!(bal(AUR, TREASURY), 1);
		assert_eq!(issuance(AUR), 1_000 * UNIT + 2);
		assert_eq!(
			Issuers::<Test>::get(ISSUER),
			Some(IssuerInfo {
				active: true,
				collateral: 1_000 * UNIT + 2,
				issued: 1_000 * UNIT + 2
			})
		);
		let backing = crate::Backing::<Test>::get();
		assert_eq!((backing.collateral, backing.issued), (1_000 * UNIT + 2, 1_000 * UNIT + 2));
		let att = crate::Attestations::<Test>::get(doc).unwrap();
		assert_eq!(
			(att.issuer, att.kind, att.amount, att.block),
			(ISSUER, crate::AttestationKind::Deposit, 1_000 * UNIT + 2, 0)
		);
		// Genesis allocations are not counted as minted in epoch 0.
		assert_eq!(Economics::supply().aur.minted_this_epoch, 0);
		assert_eq!(Economics::supply().aur_backing, backing);
		assert_ok!(Economics::do_try_state());
		// The genesis hash cannot be reused.
		assert_noop!(
			Economics::attest_collateral(RuntimeOrigin::signed(ISSUER), UNIT, doc),
			Error::<Test>::AttestationAlreadyRecorded
		);
	});
}

#[test]
#[should_panic(expected = "genesis AUR exceeds the issuer's genesis collateral")]
fn genesis_aur_beyond_collateral_is_refused() {
	ext_with_genesis_aur(
		vec![(ISSUER, 1_000 * UNIT, H256::repeat_byte(0xA0))],
		vec![(ISSUER, ALICE, 1_000 * UNIT + 1)],
	);
}

#[test]
#[should_panic(expected = "genesis collateral needs an issuer listed in `issuers`")]
fn genesis_collateral_needs_an_issuer() {
	ext_with_genesis_aur(vec![(ALICE, UNIT, H256::repeat_byte(0xA0))], vec![]);
}

// ---------------------------------------------------------------------------------------------
// The worked example of docs/economics.md, to the last unit
// ---------------------------------------------------------------------------------------------

#[test]
fn the_worked_example_of_the_docs() {
	new_test_ext().execute_with(|| {
		// The docs' `local` chain: Bob (here PROVIDER) is the provider; Alice, Bob, Charlie and
		// Dave are the validators; Charlie and Dave approved Bob (done by the mock's genesis).
		EpochValidators::set(vec![ALICE, PROVIDER, CHARLIE, DAVE]);
		give(FLX, DAVE, 100 * UNIT);
		let accounts = [CHARLIE, DAVE, PROVIDER, ALICE, MINER_RESERVE, REWARDS_POT, TREASURY];
		let flx_before: Vec<u128> = accounts.iter().map(|a| bal(FLX, *a)).collect();
		let nex_before: Vec<u128> = accounts.iter().map(|a| bal(NEX, *a)).collect();
		let (flx0, nex0) = (issuance(FLX), issuance(NEX));

		assert_ok!(submit(
			PROVIDER,
			vec![
				record(CHARLIE, Service::Transaction, 0, 0, 0, 200),
				with_job(compute_ms(CHARLIE, 250, 4_000), 100 * UNIT),
				record(DAVE, Service::Bandwidth, 0, 0, 15_000_001, 600),
				record(CHARLIE, Service::Storage, 0, 200_000_000, 0, 150),
			]
		));
		let records = charged();
		let b = |burned, miner_reserve, miners, provider, treasury| FeeBreakdown {
			burned,
			miner_reserve,
			miners,
			provider,
			treasury,
			deferred: 0,
		};
		let expected = [
			(
				Token::Flx,
				10_000_000_000,
				0,
				b(5_000_000_000, 1_000_000_000, 1_500_000_000, 1_000_000_000, 1_500_000_000),
			),
			(
				Token::Flx,
				26_000_000_000_000,
				1_000_000_000_000,
				b(
					13_000_000_000_000,
					2_600_000_000_000,
					3_900_000_000_000,
					2_600_000_000_000,
					3_900_000_000_000,
				),
			),
			(
				Token::Flx,
				14_648_438_476_563,
				0,
				b(
					7_324_219_238_281,
					1_464_843_847_656,
					2_197_265_771_484,
					1_464_843_847_656,
					2_197_265_771_486,
				),
			),
			(
				Token::Nex,
				195_312_500_000_000,
				0,
				b(
					0,
					39_062_500_000_000,
					58_593_750_000_000,
					39_062_500_000_000,
					58_593_750_000_000,
				),
			),
		];
		assert_eq!(records.len(), 4);
		for ((rec, breakdown, _), (token, fee, job_fee, split)) in records.iter().zip(expected) {
			assert_eq!((rec.token, rec.fee, rec.job_fee, *breakdown), (token, fee, job_fee, split));
		}
		let totals = EpochTotals::<Test>::get();
		assert_eq!(
			totals.fees,
			TokenAmounts { nex: 195_312_500_000_000, flx: 40_658_438_476_563, aur: 0 }
		);
		assert_eq!(totals.burned.flx, 20_329_219_238_281);
		// Only the compute record's time counts: 4,000 ms (paid for by 250 compute units).
		assert_eq!(
			totals.usage,
			UsageTotals {
				cpu_ms: 4_000,
				memory_mb_s: 250,
				storage_bytes: 200_000_000,
				egress_bytes: 15_000_001,
				receipts: 4,
			}
		);
		let report = Economics::poe();
		assert_eq!(report.phi, fixed(1_700_500_015_000_000_000));
		assert_eq!(report.gamma, fixed(629_698_206_093_140_865));
		assert_eq!(report.projected_nex, 629_698_206_093_140);

		close_current_epoch();
		System::assert_has_event(
			Event::NexIssued {
				epoch: 0,
				amount: 629_698_206_093_140,
				to_miners: 503_758_564_874_512,
				to_validators: 125_939_641_218_628,
				validators: 4,
			}
			.into(),
		);
		System::assert_has_event(Event::FlxMinted { epoch: 0, amount: 2_032_921_923_828 }.into());
		let s = Settlements::<Test>::get(0).unwrap();
		assert_eq!(
			s.minted,
			TokenAmounts { nex: 629_698_206_093_140, flx: 2_032_921_923_828, aur: 0 }
		);
		assert_eq!(s.burned, TokenAmounts { nex: 0, flx: 20_329_219_238_281, aur: 0 });
		assert_eq!((s.record_count, s.phi, s.gamma), (4, report.phi, report.gamma));

		// Net change per account: Charlie, Dave, Bob, Alice, reserve, pot, treasury.
		let validator = 31_484_910_304_657i128;
		let flx_delta: [i128; 7] = [
			-26_010_000_000_000,
			-14_648_438_476_563,
			4_065_843_847_656,
			0,
			4_065_843_847_656,
			6_098_765_771_484,
			6_098_765_771_486 + 2_032_921_923_828,
		];
		let nex_delta: [i128; 7] = [
			-195_312_500_000_000 + validator,
			validator,
			39_062_500_000_000 + validator,
			validator,
			39_062_500_000_000,
			58_593_750_000_000 + 503_758_564_874_512,
			58_593_750_000_000,
		];
		for (i, who) in accounts.iter().enumerate() {
			assert_eq!(
				bal(FLX, *who) as i128 - flx_before[i] as i128,
				flx_delta[i],
				"FLX of {who}"
			);
			assert_eq!(
				bal(NEX, *who) as i128 - nex_before[i] as i128,
				nex_delta[i],
				"NEX of {who}"
			);
		}
		assert_eq!(issuance(FLX) as i128 - flx0 as i128, -18_296_297_314_453);
		assert_eq!(issuance(NEX) - nex0, 629_698_206_093_140);
		// The proof of Dave's record (index 2) is [l3, H(l0 ++ l1)].
		let leaves: Vec<H256> = records.iter().map(|r| r.2).collect();
		let proof = Economics::proof(0, 2).unwrap();
		assert_eq!(
			proof.items,
			vec![leaves[3], H256(sp_io::hashing::blake2_256(&[leaves[0].0, leaves[1].0].concat()))]
		);
		assert!(crate::verify_record_proof(&s.root, &leaves[2], &proof));
	});
}

// ---------------------------------------------------------------------------------------------
// Randomised: supply invariants hold under any usage sequence
// ---------------------------------------------------------------------------------------------

/// xorshift64*: a tiny deterministic PRNG.
struct Rng(u64);

impl Rng {
	fn new(seed: u64) -> Self {
		Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
	}
	fn next(&mut self) -> u64 {
		let mut x = self.0;
		x ^= x >> 12;
		x ^= x << 25;
		x ^= x >> 27;
		self.0 = x;
		x.wrapping_mul(0x2545_F491_4F6C_DD1D)
	}
	fn below(&mut self, n: u64) -> u64 {
		self.next() % n
	}
	fn pick<T: Copy>(&mut self, items: &[T]) -> T {
		items[self.below(items.len() as u64) as usize]
	}
}

/// A quantity: mostly `1..=typical`, now and then zero or just out of bounds.
fn quantity(rng: &mut Rng, max: u64, typical: u64) -> u64 {
	match rng.below(40) {
		0 => 0,
		1 => max + 1,
		2..=5 => 1 + rng.below(3),
		_ => 1 + rng.below(typical),
	}
}

fn random_record(rng: &mut Rng) -> UsageRecord<AccountId> {
	// Dave holds nothing: his records always fail.
	let consumer = rng.pick(&[ALICE, BOB, CHARLIE, ALICE, BOB, CHARLIE, DAVE]);
	let time = if rng.below(50) == 0 { 86_400_001 } else { rng.below(10_000) };
	let mut record = match rng.below(5) {
		0 => record(consumer, Service::Transaction, 0, 0, 0, time),
		1 => record(consumer, Service::Compute, quantity(rng, 1_000_000, 20), 0, 0, time),
		2 => record(consumer, Service::Storage, 0, quantity(rng, 1 << 40, 5_000_000), 0, time),
		3 => record(consumer, Service::Bandwidth, 0, 0, quantity(rng, 1 << 40, 5_000_000), time),
		_ => record(consumer, Service::CrossBorder, 0, 0, 0, time),
	};
	// A job value now and then: mostly small, rarely zero or above the bound.
	record.job_value = match rng.below(60) {
		0 => Some(0),
		1 => Some(MAX_JOB_VALUE + 1),
		2..=20 => Some(1 + rng.below(20 * UNIT as u64) as u128),
		_ => None,
	};
	record
}

fn random_limits(rng: &mut Rng) -> SpendingLimits {
	let mut limit = || match rng.below(3) {
		0 => Some(rng.below(5 * UNIT as u64) as u128),
		_ => None,
	};
	SpendingLimits { nex: limit(), flx: limit(), aur: limit() }
}

fn check_invariants(gen: u128) {
	let deferred = DeferredTreasury::<Test>::get();
	for asset in [NEX, FLX, AUR] {
		assert_eq!(sum_of_balances(asset), issuance(asset), "asset {asset}: balances = issuance");
	}
	assert_eq!(<Balances as NativeInspect<AccountId>>::total_issuance(), gen, "GEN constant");
	assert_eq!(sum_of_gen(), gen, "GEN balances = GEN issuance");
	let backing = crate::Backing::<Test>::get();
	assert_eq!(
		backing.issued,
		issuance(AUR) + deferred.aur,
		"every AUR (held or owed to the treasury) is issuer-minted"
	);
	assert!(backing.issued <= backing.collateral, "AUR fully backed");
	assert!(issuance(AUR) <= backing.collateral, "AUR supply <= collateral");
	assert_ok!(Economics::do_try_state());
}

/// Runs `op`; if it fails, checks that it changed nothing.
fn atomic(op: impl FnOnce() -> DispatchResult) -> bool {
	let root = sp_io::storage::root(sp_runtime::StateVersion::V1);
	match op() {
		Ok(()) => true,
		Err(_) => {
			assert_eq!(
				root,
				sp_io::storage::root(sp_runtime::StateVersion::V1),
				"a failed call changes nothing"
			);
			false
		},
	}
}

#[test]
fn random_usage_keeps_supply_invariants() {
	for seed in 1..=6u64 {
		new_test_ext().execute_with(|| {
			let mut rng = Rng::new(seed);
			// Half the seeds use the runtime's minimum balance (10^6) for the three assets, so
			// tiny shares join the treasury's or are owed to it.
			let min_balance = if seed % 2 == 0 { 1_000_000 } else { 1 };
			for asset in [NEX, FLX, AUR] {
				set_min_balance(asset, min_balance);
			}
			let gen = <Balances as NativeInspect<AccountId>>::total_issuance();
			let (nex0, flx0) = (issuance(NEX), issuance(FLX));
			for who in [ALICE, BOB, CHARLIE] {
				fund_aur(who, 5 * UNIT);
			}
			if min_balance > 1 {
				// Tiny records while nobody but the consumers holds NEX or FLX: their shares
				// are owed to the treasury.
				assert_ok!(submit(PROVIDER2, vec![bandwidth(ALICE, 1), storage(BOB, 2)]));
			}
			let (mut ok, mut failed) = (0u32, 0u32);
			let mut errors = std::collections::BTreeMap::new();
			for _ in 0..400 {
				match rng.below(13) {
					0..=7 => {
						let provider =
							rng.pick(&[PROVIDER, PROVIDER, PROVIDER2, PROVIDER2, STRANGER]);
						let n = 1 + rng.below(3);
						let records = (0..n).map(|_| random_record(&mut rng)).collect::<Vec<_>>();
						let root = sp_io::storage::root(sp_runtime::StateVersion::V1);
						match submit(provider, records) {
							Ok(()) => ok += 1,
							Err(e) => {
								failed += 1;
								*errors.entry(format!("{e:?}")).or_insert(0u32) += 1;
								assert_eq!(
									root,
									sp_io::storage::root(sp_runtime::StateVersion::V1),
									"a failed batch changes nothing"
								);
							},
						}
					},
					8 => fund_aur(
						rng.pick(&[ALICE, BOB, CHARLIE]),
						min_balance + rng.below(10 * UNIT as u64) as u128,
					),
					9 => {
						// Redeem: a holder sends AUR to the issuer, who burns it.
						let holder = rng.pick(&[ALICE, BOB, CHARLIE]);
						let amount = bal(AUR, holder).min(rng.below(5 * UNIT as u64) as u128);
						if amount > 1
							&& Assets::transfer(RuntimeOrigin::signed(holder), AUR, ISSUER, amount)
								.is_ok()
						{
							let burnable = bal(AUR, ISSUER)
								.saturating_sub(min_balance)
								.min(Issuers::<Test>::get(ISSUER).unwrap().issued);
							if burnable > 0 {
								assert_ok!(Economics::burn_aur(
									RuntimeOrigin::signed(ISSUER),
									burnable
								));
							}
						}
					},
					10 => {
						// A consumer approves (with random limits) or revokes a provider.
						let consumer = rng.pick(&[ALICE, BOB, CHARLIE, DAVE]);
						let provider =
							rng.pick(&[PROVIDER, PROVIDER2, PROVIDER, PROVIDER2, STRANGER]);
						let origin = RuntimeOrigin::signed(consumer);
						if rng.below(6) == 0 {
							atomic(|| Economics::revoke_provider(origin, provider));
						} else {
							let limits = random_limits(&mut rng);
							atomic(|| Economics::approve_provider(origin, provider, limits));
						}
					},
					_ => run_to_block(System::block_number() + 1 + rng.below(4)),
				}
				check_invariants(gen);
			}
			close_current_epoch();
			check_invariants(gen);
			let all = charged();
			let deferred = all.iter().filter(|r| r.1.deferred > 0).count();
			let redirected = all
				.iter()
				.filter(|r| r.1.deferred == 0 && (r.1.miner_reserve == 0 || r.1.provider == 0))
				.count();
			println!(
				"seed {seed}: {ok} ok, {failed} failed, {deferred} deferred, {redirected} \
				 redirected, {errors:?}"
			);
			assert!(min_balance == 1 || deferred > 0, "seed {seed}: the deferral was exercised");
			assert!(ok > 60 && failed > 30, "seed {seed}: {ok} ok, {failed} failed");
			for expected in ["ProviderNotApproved", "SpendingLimitExceeded", "JobValue"] {
				assert!(
					errors.keys().any(|e| e.contains(expected)),
					"seed {seed}: no {expected} in {errors:?}"
				);
			}

			// Supply changes are exactly the recorded mints and burns, up to what is still
			// owed to the treasury.
			let closed = CurrentEpoch::<Test>::get().index;
			let (mut nex_minted, mut flx_minted, mut flx_burned) = (0, 0, 0);
			let params = Parameters::<Test>::get();
			for epoch in 0..closed {
				let s = Settlements::<Test>::get(epoch).unwrap();
				nex_minted += s.minted.nex;
				flx_minted += s.minted.flx;
				flx_burned += s.burned.flx;
				assert_eq!(s.burned.nex, 0, "NEX is never burned");
				assert!(s.minted.nex <= 1_000 * UNIT && s.minted.flx <= 5_000 * UNIT);
				// The settlement's totals are the sums over its records.
				let records: Vec<_> =
					charged().into_iter().filter(|r| r.0.epoch == epoch).collect();
				assert_eq!(s.record_count as usize, records.len());
				for token in [Token::Nex, Token::Flx, Token::Aur] {
					let fees: u128 =
						records.iter().filter(|r| r.0.token == token).map(|r| r.0.fee).sum();
					assert_eq!(s.fees.get(token), fees, "{token:?} fees of epoch {epoch}");
				}
				let burned: u128 = records.iter().map(|r| r.1.burned).sum();
				assert_eq!(s.burned.flx, burned);
				assert_eq!(
					s.root,
					settlement::merkle_root(records.iter().map(|r| r.2).collect::<Vec<_>>())
				);
				// The Phi rule: cpu time only from compute records, paid for by their units.
				let cpu: u128 = records
					.iter()
					.filter(|r| r.0.service == Service::Compute)
					.map(|r| {
						u128::from(r.0.execution_time_ms).min(u128::from(r.0.compute_units) * 1_000)
					})
					.sum();
				assert_eq!(s.usage.cpu_ms, cpu, "credited cpu of epoch {epoch}");
				assert_eq!(s.usage.receipts, records.len() as u128);
				// Every fee is the schedule's price plus 1% of the job value, rounded up.
				for (rec, breakdown, _) in &records {
					let job_fee = rec.job_value.map_or(0, |v| v.div_ceil(100));
					assert_eq!(rec.job_fee, job_fee, "{rec:?}");
					let mut plain = record(
						rec.consumer,
						rec.service,
						rec.compute_units,
						rec.storage_bytes,
						rec.bandwidth_bytes,
						rec.execution_time_ms,
					);
					plain.job_value = None;
					let base = pricing::price(&params.fees, &plain).unwrap().fee;
					assert_eq!(rec.fee, base + job_fee, "{rec:?}");
					assert_eq!(breakdown.total(), rec.fee);
				}
			}
			let deferred = DeferredTreasury::<Test>::get();
			assert_eq!(issuance(NEX) + deferred.nex, nex0 + nex_minted);
			assert_eq!(issuance(FLX) + deferred.flx, flx0 + flx_minted - flx_burned);
		});
	}
}
