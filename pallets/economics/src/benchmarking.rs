//! Benchmarks of the economics pallet: every call and the epoch rollover.
//!
//! They expect the NEX, FLX and AUR assets to exist (created at genesis in the runtime and in
//! the mock) and use `fungibles::Mutate::mint_into` to fund accounts.

use super::*;
use crate::Pallet as Economics;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungibles, EnsureOrigin, Get, Hooks},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_core::H256;
use sp_runtime::traits::StaticLookup;

const SEED: u32 = 0;

fn mint<T: Config>(asset: T::AssetId, who: &T::AccountId, amount: Balance) {
	if asset == T::AurAssetId::get() {
		T::BenchmarkHelper::allow_aur(who);
	}
	<T::Assets as fungibles::Mutate<_>>::mint_into(asset, who, amount)
		.expect("the benchmark can mint into a fresh account");
}

fn balance<T: Config>(asset: T::AssetId, who: &T::AccountId) -> Balance {
	<T::Assets as fungibles::Inspect<_>>::balance(asset, who)
}

/// Makes sure the fee recipients already hold the asset, so no share is redirected.
fn fund_recipients<T: Config>(asset: T::AssetId, provider: &T::AccountId) {
	for who in [
		T::MinerReserveAccount::get(),
		T::RewardsPotAccount::get(),
		T::TreasuryAccount::get(),
		provider.clone(),
	] {
		mint::<T>(asset, &who, UNIT);
	}
}

fn admin<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

fn new_issuer<T: Config>(collateral: Balance, issued: Balance) -> T::AccountId {
	let issuer: T::AccountId = account("issuer", 0, SEED);
	Issuers::<T>::insert(&issuer, IssuerInfo { active: true, collateral, issued });
	Backing::<T>::put(AurBacking { collateral, issued });
	issuer
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// `n` compute records with a job value (FLX: the burn and four transfers each) for one
	/// consumer whose approval has spending limits (checked and updated for each record).
	#[benchmark]
	fn submit_usage(n: Linear<1, { T::MaxRecordsPerBatch::get() }>) -> Result<(), BenchmarkError> {
		let provider: T::AccountId = account("provider", 0, SEED);
		let consumer: T::AccountId = account("consumer", 0, SEED);
		Providers::<T>::insert(&provider, ProviderInfo { registered_at: 0u32.into() });
		let limit = Some(Balance::MAX / 2);
		Approvals::<T>::insert(
			&consumer,
			&provider,
			Approval {
				limits: SpendingLimits { nex: limit, flx: limit, aur: limit },
				..Default::default()
			},
		);
		ApprovalCount::<T>::insert(&consumer, 1);
		let flx = T::FlxAssetId::get();
		fund_recipients::<T>(flx, &provider);
		mint::<T>(flx, &consumer, 1_000_000 * UNIT);
		let records: Vec<_> = (0..n)
			.map(|_| UsageRecord {
				consumer: consumer.clone(),
				service: Service::Compute,
				compute_units: 10,
				storage_bytes: 0,
				bandwidth_bytes: 0,
				execution_time_ms: 100,
				job_value: Some(100 * UNIT),
			})
			.collect();
		let records: UsageBatchOf<T> =
			BoundedVec::try_from(records).map_err(|_| BenchmarkError::Weightless)?;
		let before = balance::<T>(flx, &consumer);

		#[extrinsic_call]
		_(RawOrigin::Signed(provider.clone()), records);

		assert_eq!(EpochTotals::<T>::get().records, n);
		assert!(balance::<T>(flx, &consumer) < before);
		assert!(Approvals::<T>::get(&consumer, &provider).is_some_and(|a| a.spent.flx > 0));
		Ok(())
	}

	/// A new approval, with limits, by a consumer one approval short of the bound.
	#[benchmark]
	fn approve_provider() -> Result<(), BenchmarkError> {
		let provider: T::AccountId = account("provider", 0, SEED);
		let consumer: T::AccountId = account("consumer", 0, SEED);
		Providers::<T>::insert(&provider, ProviderInfo { registered_at: 0u32.into() });
		ApprovalCount::<T>::insert(&consumer, T::MaxApprovalsPerConsumer::get() - 1);
		let lookup = T::Lookup::unlookup(provider.clone());
		let limits = SpendingLimits { nex: Some(UNIT), flx: Some(UNIT), aur: Some(UNIT) };

		#[extrinsic_call]
		_(RawOrigin::Signed(consumer.clone()), lookup, limits);

		assert_eq!(Approvals::<T>::get(&consumer, &provider).map(|a| a.limits), Some(limits));
		assert_eq!(ApprovalCount::<T>::get(&consumer), T::MaxApprovalsPerConsumer::get());
		Ok(())
	}

	#[benchmark]
	fn revoke_provider() -> Result<(), BenchmarkError> {
		let provider: T::AccountId = account("provider", 0, SEED);
		let consumer: T::AccountId = account("consumer", 0, SEED);
		Approvals::<T>::insert(&consumer, &provider, Approval::default());
		ApprovalCount::<T>::insert(&consumer, 2);
		let lookup = T::Lookup::unlookup(provider.clone());

		#[extrinsic_call]
		_(RawOrigin::Signed(consumer.clone()), lookup);

		assert!(!Approvals::<T>::contains_key(&consumer, &provider));
		assert_eq!(ApprovalCount::<T>::get(&consumer), 1);
		Ok(())
	}

	#[benchmark]
	fn register_provider() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		let provider: T::AccountId = account("provider", 0, SEED);
		let lookup = T::Lookup::unlookup(provider.clone());

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, lookup);

		assert!(Providers::<T>::contains_key(&provider));
		Ok(())
	}

	#[benchmark]
	fn deregister_provider() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		let provider: T::AccountId = account("provider", 0, SEED);
		Providers::<T>::insert(&provider, ProviderInfo { registered_at: 0u32.into() });
		let lookup = T::Lookup::unlookup(provider.clone());

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, lookup);

		assert!(!Providers::<T>::contains_key(&provider));
		Ok(())
	}

	#[benchmark]
	fn set_fee_schedule() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		let schedule = FeeSchedule { transaction: 1, ..Default::default() };

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, schedule);

		assert_eq!(Parameters::<T>::get().fees, schedule);
		Ok(())
	}

	#[benchmark]
	fn set_fee_split() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		let split = FeeSplit::default();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, split);

		assert_eq!(Parameters::<T>::get().split, split);
		Ok(())
	}

	#[benchmark]
	fn set_poe_params() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		let params = PoeParams { k: 2 * UNIT, ..Default::default() };

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, params);

		assert_eq!(Parameters::<T>::get().poe, params);
		Ok(())
	}

	#[benchmark]
	fn set_flx_policy() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		let policy = FlxPolicy { mint_cap: 1, ..Default::default() };

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, policy);

		assert_eq!(Parameters::<T>::get().flx, policy);
		Ok(())
	}

	#[benchmark]
	fn set_epoch_length() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 1_200);

		assert_eq!(Parameters::<T>::get().epoch_length, 1_200);
		Ok(())
	}

	#[benchmark]
	fn add_issuer() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		let issuer: T::AccountId = account("issuer", 0, SEED);
		let lookup = T::Lookup::unlookup(issuer.clone());

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, lookup);

		assert!(Issuers::<T>::get(&issuer).is_some_and(|i| i.active));
		Ok(())
	}

	#[benchmark]
	fn remove_issuer() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		let issuer = new_issuer::<T>(10 * UNIT, UNIT);
		let lookup = T::Lookup::unlookup(issuer.clone());

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, lookup);

		assert!(Issuers::<T>::get(&issuer).is_some_and(|i| !i.active));
		Ok(())
	}

	#[benchmark]
	fn attest_collateral() -> Result<(), BenchmarkError> {
		let issuer = new_issuer::<T>(0, 0);
		let attestation = H256::repeat_byte(1);

		#[extrinsic_call]
		_(RawOrigin::Signed(issuer.clone()), 100 * UNIT, attestation);

		assert_eq!(Issuers::<T>::get(&issuer).map(|i| i.collateral), Some(100 * UNIT));
		Ok(())
	}

	#[benchmark]
	fn release_collateral() -> Result<(), BenchmarkError> {
		let issuer = new_issuer::<T>(100 * UNIT, 50 * UNIT);
		let attestation = H256::repeat_byte(2);

		#[extrinsic_call]
		_(RawOrigin::Signed(issuer.clone()), 50 * UNIT, attestation);

		assert_eq!(Issuers::<T>::get(&issuer).map(|i| i.collateral), Some(50 * UNIT));
		Ok(())
	}

	#[benchmark]
	fn mint_aur() -> Result<(), BenchmarkError> {
		let issuer = new_issuer::<T>(100 * UNIT, 0);
		let beneficiary: T::AccountId = account("beneficiary", 0, SEED);
		T::BenchmarkHelper::allow_aur(&beneficiary);
		let lookup = T::Lookup::unlookup(beneficiary.clone());

		#[extrinsic_call]
		_(RawOrigin::Signed(issuer), lookup, 100 * UNIT);

		assert_eq!(balance::<T>(T::AurAssetId::get(), &beneficiary), 100 * UNIT);
		Ok(())
	}

	#[benchmark]
	fn burn_aur() -> Result<(), BenchmarkError> {
		let issuer = new_issuer::<T>(100 * UNIT, 100 * UNIT);
		let aur = T::AurAssetId::get();
		mint::<T>(aur, &issuer, 100 * UNIT);

		#[extrinsic_call]
		_(RawOrigin::Signed(issuer.clone()), 50 * UNIT);

		assert_eq!(balance::<T>(aur, &issuer), 50 * UNIT);
		Ok(())
	}

	/// `on_initialize` in the middle of an epoch.
	#[benchmark]
	fn on_initialize_idle() {
		CurrentEpoch::<T>::put(EpochInfo { index: 0, start: 1u32.into() });
		let now: BlockNumberFor<T> = 2u32.into();

		#[block]
		{
			Economics::<T>::on_initialize(now);
		}

		assert_eq!(CurrentEpoch::<T>::get().index, 0);
	}

	/// `on_initialize` closing an epoch of `n` records with `v` validators: the Merkle root of
	/// `n` leaves, the NEX mint to `v` fresh validator accounts and the pot, the payment of
	/// deferred treasury shares in all three tokens, the FLX mint, the settlement, the pruning
	/// of expired leaves.
	#[benchmark]
	fn close_epoch(
		n: Linear<0, { T::MaxRecordsPerEpoch::get() }>,
		v: Linear<0, { T::MaxValidators::get() }>,
	) {
		let validators: Vec<T::AccountId> = (0..v).map(|i| account("validator", i, SEED)).collect();
		T::BenchmarkHelper::set_validators(validators.clone());
		let flx = T::FlxAssetId::get();
		mint::<T>(flx, &T::TreasuryAccount::get(), UNIT);
		// An epoch past its retention window, whose leaves are pruned.
		let index = T::LeafRetentionEpochs::get();
		let old: BoundedVec<H256, T::MaxRecordsPerEpoch> =
			BoundedVec::try_from(Vec::from([H256::repeat_byte(3)])).expect("bound >= 1; qed");
		EpochLeaves::<T>::insert(0, old);
		let leaves: Vec<H256> =
			(0..n).map(|i| H256(sp_io::hashing::blake2_256(&i.to_le_bytes()))).collect();
		let leaves: BoundedVec<H256, T::MaxRecordsPerEpoch> =
			BoundedVec::try_from(leaves).expect("n <= MaxRecordsPerEpoch; qed");
		EpochLeaves::<T>::insert(index, leaves);
		EpochTotals::<T>::put(EpochAccumulator {
			records: n,
			usage: UsageTotals {
				cpu_ms: 1_000_000,
				memory_mb_s: 1_000,
				storage_bytes: 1_000_000_000,
				egress_bytes: 10_000_000,
				receipts: n.max(1).into(),
			},
			fees: TokenAmounts { nex: UNIT, flx: 100 * UNIT, aur: UNIT },
			..Default::default()
		});
		// Shares owed to the treasury in every token, paid at the close.
		DeferredTreasury::<T>::put(TokenAmounts { nex: UNIT, flx: UNIT, aur: UNIT });
		CurrentEpoch::<T>::put(EpochInfo { index, start: 1u32.into() });
		let length = Parameters::<T>::get().epoch_length;
		let now: BlockNumberFor<T> = BlockNumberFor::<T>::from(1u32 + length);

		#[block]
		{
			Economics::<T>::on_initialize(now);
		}

		let settlement = Settlements::<T>::get(index).expect("the epoch closed");
		assert_eq!(settlement.record_count, n);
		assert!(settlement.minted.nex > 0);
		assert!(EpochLeaves::<T>::get(0).is_empty());
		assert_eq!(DeferredTreasury::<T>::get(), TokenAmounts::default());
		for validator in &validators {
			assert!(balance::<T>(T::NexAssetId::get(), validator) > 0);
		}
	}

	impl_benchmark_test_suite!(Economics, crate::mock::new_test_ext(), crate::mock::Test);
}
