//! Unit tests of the economics pallet on the mock runtime.

use crate::{
	mock::*,
	poe::{self, PoeOutcome},
	pricing, settlement, ChargedRecord, CurrentEpoch, EconomicParams, EpochLeaves, EpochTotals,
	Error, Event, FeeBreakdown, FeeSchedule, FeeSplit, FlxPolicy, IssuerInfo, Issuers, Parameters,
	PhiWeights, PoeParams, Providers, Service, Settlements, Token, UsageBatchOf, UsageRecord,
	UsageTotals, MILLI_UNIT, UNIT,
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
	}
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
	assert_eq!(before.issuance - after.issuance, breakdown.burned, "only the burn leaves supply");
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
	};
	use frame_support::__private::serde_json;
	let json = serde_json::to_string(&config).unwrap();
	let back: crate::GenesisConfig<Test> = serde_json::from_str(&json).unwrap();
	assert_eq!(back.params, config.params);
	assert_eq!(back.providers, config.providers);
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
fn execution_time_is_metered_not_priced() {
	new_test_ext().execute_with(|| {
		assert_ok!(submit(PROVIDER, vec![record(ALICE, Service::Transaction, 0, 0, 0, 5_000)]));
		assert_eq!(last_charged().0.fee, 10_000_000_000);
		assert_eq!(EpochTotals::<Test>::get().usage.cpu_ms, 5_000);
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
			}
		);
		assert_moved(before, after, rec.fee, b);
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

#[test]
fn share_a_recipient_cannot_receive_goes_to_the_treasury() {
	new_test_ext().execute_with(|| {
		// Raise FLX's minimum balance to 1 micro-FLX (the runtime's): the reserve, the pot and
		// PROVIDER2 have no FLX account, so their shares of a tiny fee cannot create one.
		assert_ok!(Assets::force_asset_status(
			RuntimeOrigin::root(),
			FLX,
			ASSET_OWNER,
			ASSET_OWNER,
			ASSET_OWNER,
			ASSET_OWNER,
			1_000_000,
			true,
			false
		));
		// Nor can the treasury: the record fails and changes nothing.
		assert_noop!(submit(PROVIDER2, vec![bandwidth(ALICE, 1)]), Error::<Test>::CannotCredit);
		// Once the treasury holds FLX, it takes every share that cannot be delivered.
		give(FLX, TREASURY, UNIT);
		let before = snapshot(FLX, ALICE, PROVIDER2);
		assert_ok!(submit(PROVIDER2, vec![bandwidth(ALICE, 1)]));
		let after = snapshot(FLX, ALICE, PROVIDER2);
		let (rec, b, _) = last_charged();
		assert_eq!(
			b,
			FeeBreakdown {
				burned: 488_281,
				miner_reserve: 0,
				miners: 0,
				provider: 0,
				treasury: 488_282,
			}
		);
		assert_moved(before, after, rec.fee, b);
		// A share above the minimum reaches its recipient.
		let before = snapshot(FLX, ALICE, PROVIDER2);
		assert_ok!(submit(PROVIDER2, vec![compute(ALICE, 1)]));
		let after = snapshot(FLX, ALICE, PROVIDER2);
		let (rec, b, _) = last_charged();
		assert!(b.miner_reserve > 0 && b.miners > 0 && b.provider > 0);
		assert_moved(before, after, rec.fee, b);
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
			FeeBreakdown { burned: 2, miner_reserve: 0, miners: 2, provider: 1, treasury: 2 }
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
		// Five transactions of one second each:
		// Phi = 0.35 * 5000/1000 + 0.20 * 5/100 = 1.75 + 0.01 = 1.76
		// Gamma = 1.76 / 2.76 = 0.637681159420289855|07... -> 0.637681159420289855
		// NEX = 1,000 NEX * Gamma -> 637,681,159,420,289 units
		// validators: 20% -> floor(127,536,231,884,057.8) = 127,536,231,884,057, shared by
		// two -> 63,768,115,942,028 each (the odd unit stays with the pot);
		// pot: 637,681,159,420,289 - 127,536,231,884,056 = 510,144,927,536,233.
		assert_ok!(submit(PROVIDER, vec![record(ALICE, Service::Transaction, 0, 0, 0, 1_000); 5]));
		let report = Economics::poe();
		assert_eq!(report.phi, fixed(1_760_000_000_000_000_000));
		assert_eq!(report.gamma, fixed(637_681_159_420_289_855));
		assert_eq!(report.projected_nex, 637_681_159_420_289);

		close_current_epoch();
		assert_eq!(bal(NEX, VALIDATOR1), 63_768_115_942_028);
		assert_eq!(bal(NEX, VALIDATOR2), 63_768_115_942_028);
		assert_eq!(bal(NEX, REWARDS_POT), 510_144_927_536_233);
		assert_eq!(issuance(NEX) - nex_before, 637_681_159_420_289);
		System::assert_has_event(
			Event::NexIssued {
				epoch: 0,
				amount: 637_681_159_420_289,
				to_miners: 510_144_927_536_233,
				to_validators: 127_536_231_884_056,
				validators: 2,
			}
			.into(),
		);
		let s = Settlements::<Test>::get(0).unwrap();
		assert_eq!(s.minted.nex, 637_681_159_420_289);
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
		assert_ok!(submit(PROVIDER, vec![record(ALICE, Service::Transaction, 0, 0, 0, 1_000); 5]));
		close_current_epoch();
		assert_eq!(bal(NEX, REWARDS_POT), 637_681_159_420_289);
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
		give(AUR, ISSUER, 200 * UNIT);
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
		assert_eq!(crate::RECORD_DOMAIN, b"metanode/economics/record/v1");
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
		_ => 1 + rng.below(typical),
	}
}

fn random_record(rng: &mut Rng) -> UsageRecord<AccountId> {
	// Dave holds nothing: his records always fail.
	let consumer = rng.pick(&[ALICE, BOB, CHARLIE, ALICE, BOB, CHARLIE, DAVE]);
	let time = if rng.below(50) == 0 { 86_400_001 } else { rng.below(10_000) };
	match rng.below(5) {
		0 => record(consumer, Service::Transaction, 0, 0, 0, time),
		1 => record(consumer, Service::Compute, quantity(rng, 1_000_000, 2_000), 0, 0, time),
		2 => record(consumer, Service::Storage, 0, quantity(rng, 1 << 40, 5_000_000), 0, time),
		3 => record(consumer, Service::Bandwidth, 0, 0, quantity(rng, 1 << 40, 5_000_000), time),
		_ => record(consumer, Service::CrossBorder, 0, 0, 0, time),
	}
}

fn check_invariants(gen: u128) {
	for asset in [NEX, FLX, AUR] {
		assert_eq!(sum_of_balances(asset), issuance(asset), "asset {asset}: balances = issuance");
	}
	assert_eq!(<Balances as NativeInspect<AccountId>>::total_issuance(), gen, "GEN constant");
	assert_eq!(sum_of_gen(), gen, "GEN balances = GEN issuance");
	let backing = crate::Backing::<Test>::get();
	assert_eq!(backing.issued, issuance(AUR), "every AUR is issuer-minted");
	assert!(backing.issued <= backing.collateral, "AUR fully backed");
	assert_ok!(Economics::do_try_state());
}

#[test]
fn random_usage_keeps_supply_invariants() {
	for seed in 1..=4u64 {
		new_test_ext().execute_with(|| {
			let mut rng = Rng::new(seed);
			let gen = <Balances as NativeInspect<AccountId>>::total_issuance();
			let (nex0, flx0) = (issuance(NEX), issuance(FLX));
			for who in [ALICE, BOB, CHARLIE] {
				fund_aur(who, 5 * UNIT);
			}
			let (mut ok, mut failed) = (0u32, 0u32);
			for _ in 0..300 {
				match rng.below(12) {
					0..=7 => {
						let provider = rng.pick(&[PROVIDER, PROVIDER, PROVIDER2, STRANGER]);
						let n = 1 + rng.below(4);
						let records = (0..n).map(|_| random_record(&mut rng)).collect::<Vec<_>>();
						let root = sp_io::storage::root(sp_runtime::StateVersion::V1);
						match submit(provider, records) {
							Ok(()) => ok += 1,
							Err(_) => {
								failed += 1;
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
						1 + rng.below(10 * UNIT as u64) as u128,
					),
					9 => {
						// Redeem: a holder sends AUR to the issuer, who burns it.
						let holder = rng.pick(&[ALICE, BOB, CHARLIE]);
						let amount = bal(AUR, holder).min(rng.below(5 * UNIT as u64) as u128);
						if amount > 1
							&& Assets::transfer(RuntimeOrigin::signed(holder), AUR, ISSUER, amount)
								.is_ok()
						{
							let burnable = (bal(AUR, ISSUER) - 1)
								.min(Issuers::<Test>::get(ISSUER).unwrap().issued);
							if burnable > 0 {
								assert_ok!(Economics::burn_aur(
									RuntimeOrigin::signed(ISSUER),
									burnable
								));
							}
						}
					},
					_ => run_to_block(System::block_number() + 1 + rng.below(4)),
				}
				check_invariants(gen);
			}
			close_current_epoch();
			check_invariants(gen);
			assert!(ok > 60 && failed > 30, "seed {seed}: {ok} ok, {failed} failed");

			// Supply changes are exactly the recorded mints and burns.
			let closed = CurrentEpoch::<Test>::get().index;
			let (mut nex_minted, mut flx_minted, mut flx_burned) = (0, 0, 0);
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
			}
			assert_eq!(issuance(NEX), nex0 + nex_minted);
			assert_eq!(issuance(FLX), flx0 + flx_minted - flx_burned);
		});
	}
}
