//! Benchmarks of `pallet-upgrades`: every call, and the hook with and without an upgrade to
//! enact.

use super::*;
use crate::Pallet as Upgrades;
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Hooks};
use frame_system::pallet_prelude::BlockNumberFor;

fn code_hash<T: frame_system::Config>() -> T::Hash {
	T::Hash::default()
}

fn pending<T: Config>() {
	let now = frame_system::Pallet::<T>::block_number();
	Pending::<T>::put(PendingUpgrade {
		code_hash: code_hash::<T>(),
		proposed_at: now,
		enact_at: now,
	});
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn propose() -> Result<(), BenchmarkError> {
		let origin =
			T::ProposeOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, code_hash::<T>());
		assert!(Pending::<T>::exists());
		Ok(())
	}

	#[benchmark]
	fn fast_track() -> Result<(), BenchmarkError> {
		let origin =
			T::FastTrackOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		pending::<T>();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, code_hash::<T>());
		#[allow(deprecated)]
		let authorized = frame_system::Pallet::<T>::authorized_upgrade().is_some();
		assert!(authorized);
		Ok(())
	}

	#[benchmark]
	fn cancel() -> Result<(), BenchmarkError> {
		let origin =
			T::CancelOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		pending::<T>();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin);
		assert!(!Pending::<T>::exists());
		Ok(())
	}

	#[benchmark]
	fn set_enactment_delay() -> Result<(), BenchmarkError> {
		let origin =
			T::ProposeOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let blocks: BlockNumberFor<T> = 100u32.into();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, blocks);
		assert_eq!(EnactmentDelay::<T>::get(), blocks);
		Ok(())
	}

	#[benchmark]
	fn on_initialize_idle() {
		let now = frame_system::Pallet::<T>::block_number();
		#[block]
		{
			Upgrades::<T>::on_initialize(now);
		}
	}

	#[benchmark]
	fn on_initialize_enact() {
		pending::<T>();
		let now = frame_system::Pallet::<T>::block_number();
		#[block]
		{
			Upgrades::<T>::on_initialize(now);
		}
		#[allow(deprecated)]
		let authorized = frame_system::Pallet::<T>::authorized_upgrade().is_some();
		assert!(authorized);
	}

	impl_benchmark_test_suite!(Upgrades, crate::mock::new_test_ext(), crate::mock::Test);
}
