//! Weights for `pallet_upgrades`
//!
//! Placeholder until `scripts/benchmark-weights.sh upgrades` regenerates this file from
//! `benchmarking.rs`.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]
#![allow(dead_code)]

use frame_support::{traits::Get, weights::{Weight, constants::ParityDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_upgrades`.
pub trait WeightInfo {
	fn propose() -> Weight;
	fn fast_track() -> Weight;
	fn cancel() -> Weight;
	fn set_enactment_delay() -> Weight;
	fn on_initialize_idle() -> Weight;
	fn on_initialize_enact() -> Weight;
}

/// Weights for `pallet_upgrades` using the Substrate node and recommended hardware.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn propose() -> Weight {
		Weight::from_parts(10_000_000, 1500)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn fast_track() -> Weight {
		Weight::from_parts(10_000_000, 1500)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	fn cancel() -> Weight {
		Weight::from_parts(10_000_000, 1500)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn set_enactment_delay() -> Weight {
		Weight::from_parts(10_000_000, 0)
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn on_initialize_idle() -> Weight {
		Weight::from_parts(3_000_000, 1500)
			.saturating_add(T::DbWeight::get().reads(1_u64))
	}
	fn on_initialize_enact() -> Weight {
		Weight::from_parts(10_000_000, 1500)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
}

// For tests.
impl WeightInfo for () {
	fn propose() -> Weight { Weight::from_parts(10_000_000, 1500) }
	fn fast_track() -> Weight { Weight::from_parts(10_000_000, 1500) }
	fn cancel() -> Weight { Weight::from_parts(10_000_000, 1500) }
	fn set_enactment_delay() -> Weight { Weight::from_parts(10_000_000, 0) }
	fn on_initialize_idle() -> Weight { Weight::from_parts(3_000_000, 1500) }
	fn on_initialize_enact() -> Weight { Weight::from_parts(10_000_000, 1500) }
}
