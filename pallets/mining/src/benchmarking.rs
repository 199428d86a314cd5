//! Benchmarks of the mining pallet: every call, the share's authorization (run by
//! `frame_system::AuthorizeCall` in the pool and in blocks), the per-block hook, the epoch
//! rollover, the settlement of one ledger entry and the pruning of duplicate-share records.
//!
//! They expect the NEX asset to exist (created at genesis in the runtime and in the mock), fund
//! accounts with `fungible::Mutate::set_balance` (GEN) and `fungibles::Mutate::mint_into` (NEX),
//! and set the easiest target so that every nonce is a share.

use super::*;
use crate::Pallet as Mining;
use alloc::vec;
use frame_benchmarking::v2::*;
use frame_support::{
	pallet_prelude::TransactionSource,
	traits::{fungible, fungibles, Authorize, EnsureOrigin, Get, Hooks},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_runtime::Perbill;

const SEED: u32 = 0;

fn fund<T: Config>(who: &T::AccountId) {
	let amount = T::PoolDeposit::get().saturating_mul(10).saturating_add(1_000_000_000_000_000);
	<T::Currency as fungible::Mutate<_>>::set_balance(who, amount);
}

fn fund_pot<T: Config>() {
	<T::Assets as fungibles::Mutate<_>>::mint_into(
		T::NexAssetId::get(),
		&T::RewardsPot::get(),
		1_000_000_000_000_000_000,
	)
	.expect("the benchmark can mint NEX into the pot");
}

fn nex<T: Config>(who: &T::AccountId) -> Balance {
	<T::Assets as fungibles::Inspect<_>>::balance(T::NexAssetId::get(), who)
}

fn admin<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

/// Every nonce is a share; epochs do not end on their own during the benchmark.
fn easiest<T: Config>() {
	CurrentEpoch::<T>::mutate(|e| e.target = [0xff; 32]);
	Params::<T>::mutate(|p| p.epoch_length = 1_000_000);
}

/// The longest name.
fn name<T: Config>() -> PoolNameOf<T> {
	BoundedVec::try_from(vec![b'p'; T::MaxPoolNameLen::get().max(1) as usize])
		.expect("the name fits; qed")
}

/// Opens a pool operated by a fresh funded account `index`.
fn open<T: Config>(index: u32) -> Result<PoolId, BenchmarkError> {
	let operator: T::AccountId = account("operator", index, SEED);
	fund::<T>(&operator);
	Mining::<T>::open_pool(
		RawOrigin::Signed(operator).into(),
		Perbill::from_percent(1),
		name::<T>(),
	)
	.map_err(|_| BenchmarkError::Stop("cannot open a pool"))?;
	Ok(NextPoolId::<T>::get() - 1)
}

fn join<T: Config>(miner: &T::AccountId, pool: PoolId) -> Result<(), BenchmarkError> {
	Mining::<T>::join_pool(RawOrigin::Signed(miner.clone()).into(), pool)
		.map_err(|_| BenchmarkError::Stop("cannot join the pool"))
}

fn share<T: Config>(miner: &T::AccountId, nonce: u64) -> Result<(), BenchmarkError> {
	let epoch = CurrentEpoch::<T>::get().index;
	Mining::<T>::submit_share_signed(RawOrigin::Signed(miner.clone()).into(), epoch, nonce)
		.map(|_| ())
		.map_err(|_| BenchmarkError::Stop("the share must be valid"))
}

/// A miner with one share in each of `MaxMinerPoolsPerEpoch` pools (it is the only miner of
/// each), in an epoch that is then closed with a funded pot: settling it finishes every pool
/// and the epoch. Returns the miner and the closed epoch.
fn unsettled_miner<T: Config>() -> Result<(T::AccountId, EpochIndex), BenchmarkError> {
	easiest::<T>();
	fund_pot::<T>();
	let miner: T::AccountId = account("miner", 0, SEED);
	let pools = T::MaxMinerPoolsPerEpoch::get();
	for i in 0..pools {
		let pool = open::<T>(i)?;
		if i == 0 {
			join::<T>(&miner, pool)?;
		} else {
			Mining::<T>::switch_pool(RawOrigin::Signed(miner.clone()).into(), pool)
				.map_err(|_| BenchmarkError::Stop("cannot switch"))?;
		}
		share::<T>(&miner, u64::from(i))?;
	}
	let epoch = CurrentEpoch::<T>::get().index;
	Mining::<T>::close_epoch(frame_system::Pallet::<T>::block_number());
	Ok((miner, epoch))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn submit_share() -> Result<(), BenchmarkError> {
		easiest::<T>();
		let pool = open::<T>(0)?;
		let miner: T::AccountId = account("miner", 0, SEED);
		join::<T>(&miner, pool)?;
		let epoch = CurrentEpoch::<T>::get().index;

		#[extrinsic_call]
		_(RawOrigin::Authorized, miner.clone(), epoch, 7u64);

		assert!(Submitted::<T>::contains_key(epoch, (&miner, 7u64)));
		Ok(())
	}

	#[benchmark]
	fn authorize_submit_share() -> Result<(), BenchmarkError> {
		easiest::<T>();
		let pool = open::<T>(0)?;
		let miner: T::AccountId = account("miner", 0, SEED);
		join::<T>(&miner, pool)?;
		// A share already in the ledger, so its entry is read in full.
		share::<T>(&miner, 1)?;
		let epoch = CurrentEpoch::<T>::get().index;
		let call = Call::<T>::submit_share { miner, epoch, nonce: 7 };

		#[block]
		{
			call.authorize(TransactionSource::External)
				.ok_or(BenchmarkError::Stop("the call must be authorized"))?
				.map_err(|_| BenchmarkError::Stop("the share must be valid"))?;
		}

		Ok(())
	}

	#[benchmark]
	fn submit_share_signed() -> Result<(), BenchmarkError> {
		easiest::<T>();
		let pool = open::<T>(0)?;
		let miner: T::AccountId = account("miner", 0, SEED);
		join::<T>(&miner, pool)?;
		let epoch = CurrentEpoch::<T>::get().index;

		#[extrinsic_call]
		_(RawOrigin::Signed(miner.clone()), epoch, 7u64);

		assert!(Submitted::<T>::contains_key(epoch, (&miner, 7u64)));
		Ok(())
	}

	#[benchmark]
	fn open_pool() -> Result<(), BenchmarkError> {
		let operator: T::AccountId = account("operator", 0, SEED);
		fund::<T>(&operator);
		let id = NextPoolId::<T>::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(operator), T::MaxPoolFee::get(), name::<T>());

		assert!(Pools::<T>::contains_key(id));
		Ok(())
	}

	/// The operator closes a pool with members and shares this epoch (kept until the close).
	#[benchmark]
	fn close_pool() -> Result<(), BenchmarkError> {
		easiest::<T>();
		let pool = open::<T>(0)?;
		let operator: T::AccountId = account("operator", 0, SEED);
		let miner: T::AccountId = account("miner", 0, SEED);
		join::<T>(&miner, pool)?;
		share::<T>(&miner, 1)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(operator), pool);

		assert!(Pools::<T>::get(pool).is_some_and(|p| p.closing));
		Ok(())
	}

	#[benchmark]
	fn join_pool() -> Result<(), BenchmarkError> {
		easiest::<T>();
		let first = open::<T>(0)?;
		let pool = open::<T>(1)?;
		let miner: T::AccountId = account("miner", 0, SEED);
		// The miner has a ledger entry this epoch (for another pool) and left.
		join::<T>(&miner, first)?;
		share::<T>(&miner, 1)?;
		Mining::<T>::leave_pool(RawOrigin::Signed(miner.clone()).into())
			.map_err(|_| BenchmarkError::Stop("cannot leave"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(miner.clone()), pool);

		assert_eq!(Mining::<T>::active_pool(&miner), Some(pool));
		Ok(())
	}

	#[benchmark]
	fn leave_pool() -> Result<(), BenchmarkError> {
		let pool = open::<T>(0)?;
		let miner: T::AccountId = account("miner", 0, SEED);
		join::<T>(&miner, pool)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(miner.clone()));

		assert_eq!(Mining::<T>::active_pool(&miner), None);
		Ok(())
	}

	#[benchmark]
	fn switch_pool() -> Result<(), BenchmarkError> {
		easiest::<T>();
		let from = open::<T>(0)?;
		let to = open::<T>(1)?;
		let miner: T::AccountId = account("miner", 0, SEED);
		join::<T>(&miner, from)?;
		share::<T>(&miner, 1)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(miner.clone()), to);

		assert_eq!(Mining::<T>::active_pool(&miner), Some(to));
		Ok(())
	}

	/// The claim settles an entry of `MaxMinerPoolsPerEpoch` pools first, then pays a fresh
	/// NEX account.
	#[benchmark]
	fn claim_rewards() -> Result<(), BenchmarkError> {
		let (miner, _) = unsettled_miner::<T>()?;

		#[extrinsic_call]
		_(RawOrigin::Signed(miner.clone()));

		assert!(nex::<T>(&miner) > 0);
		Ok(())
	}

	#[benchmark]
	fn set_epoch_length() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 77u32);

		assert_eq!(Params::<T>::get().epoch_length, 77);
		Ok(())
	}

	#[benchmark]
	fn set_target_shares() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 1u32);

		assert_eq!(Params::<T>::get().target_shares, 1);
		Ok(())
	}

	#[benchmark]
	fn set_target() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, [0x0f; 32]);

		assert_eq!(CurrentEpoch::<T>::get().target, [0x0f; 32]);
		Ok(())
	}

	/// A block that does not close the epoch.
	#[benchmark]
	fn on_initialize() -> Result<(), BenchmarkError> {
		easiest::<T>();
		let now: BlockNumberFor<T> = CurrentEpoch::<T>::get().start + 1u32.into();
		let before = Accumulator::<T>::get();

		#[block]
		{
			Mining::<T>::on_initialize(now);
		}

		assert_ne!(Accumulator::<T>::get(), before);
		Ok(())
	}

	/// An epoch with shares in `p` pools, each closed during the epoch (so removed now).
	#[benchmark]
	fn close_epoch(p: Linear<0, { T::MaxPools::get() }>) -> Result<(), BenchmarkError> {
		easiest::<T>();
		fund_pot::<T>();
		for i in 0..p {
			let pool = open::<T>(i)?;
			let miner: T::AccountId = account("miner", i, SEED);
			join::<T>(&miner, pool)?;
			share::<T>(&miner, 1)?;
			let operator: T::AccountId = account("operator", i, SEED);
			Mining::<T>::close_pool(RawOrigin::Signed(operator).into(), pool)
				.map_err(|_| BenchmarkError::Stop("cannot close"))?;
		}
		let epoch = CurrentEpoch::<T>::get().index;
		let now = frame_system::Pallet::<T>::block_number();

		#[block]
		{
			Mining::<T>::close_epoch(now);
		}

		assert_eq!(CurrentEpoch::<T>::get().index, epoch + 1);
		assert_eq!(Epochs::<T>::get(epoch).map(|s| s.pools), Some(p));
		Ok(())
	}

	/// One ledger entry of `MaxMinerPoolsPerEpoch` pools, each finished by it, and the epoch
	/// settled by it.
	#[benchmark]
	fn settle_entry() -> Result<(), BenchmarkError> {
		let (miner, epoch) = unsettled_miner::<T>()?;

		#[block]
		{
			Mining::<T>::settle_entry(epoch, &miner);
		}

		assert!(Claimable::<T>::get(&miner) > 0);
		assert!(Epochs::<T>::get(epoch).is_none_or(|s| s.is_settled()));
		Ok(())
	}

	/// Deleting `n` duplicate-share records of a closed epoch.
	#[benchmark]
	fn prune_submitted(n: Linear<0, 1_000>) -> Result<(), BenchmarkError> {
		let epoch = CurrentEpoch::<T>::get().index;
		let miner: T::AccountId = account("miner", 0, SEED);
		for nonce in 0..u64::from(n) {
			Submitted::<T>::insert(epoch, (&miner, nonce), ());
		}
		CurrentEpoch::<T>::mutate(|e| e.index += 1);

		#[block]
		{
			let _ = Submitted::<T>::clear_prefix(epoch, n, None);
		}

		assert_eq!(Submitted::<T>::iter_prefix(epoch).count(), 0);
		Ok(())
	}

	impl_benchmark_test_suite!(Mining, crate::mock::new_test_ext(), crate::mock::Test);
}
