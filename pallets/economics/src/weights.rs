// This file is part of Metanode.
// SPDX-License-Identifier: Apache-2.0

//! Weights for `pallet_economics`
//!
//! HAND-ESTIMATED, NOT MEASURED. These numbers were written by hand from the storage accesses
//! of each call (counted below, in the shape `frame-benchmarking` generates) and conservative
//! execution-time guesses. Regenerate this file on reference hardware before a production
//! launch with:
//!
//! ```text
//! metanode benchmark pallet --runtime <metanode_runtime.wasm> --genesis-builder=runtime \
//!   --pallet=pallet_economics --extrinsic='*' --steps=50 --repeat=20 \
//!   --output=pallets/economics/src/weights.rs --header=<header> --template=<template>
//! ```
//!
//! DATE: (not measured), STEPS: -, REPEAT: -
//! WORST CASE MAP SIZE: `1000000`

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]
#![allow(dead_code)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_economics`.
pub trait WeightInfo {
	fn submit_usage(n: u32, ) -> Weight;
	fn register_provider() -> Weight;
	fn deregister_provider() -> Weight;
	fn set_fee_schedule() -> Weight;
	fn set_fee_split() -> Weight;
	fn set_poe_params() -> Weight;
	fn set_flx_policy() -> Weight;
	fn set_epoch_length() -> Weight;
	fn add_issuer() -> Weight;
	fn remove_issuer() -> Weight;
	fn attest_collateral() -> Weight;
	fn release_collateral() -> Weight;
	fn mint_aur() -> Weight;
	fn burn_aur() -> Weight;
	fn approve_provider() -> Weight;
	fn revoke_provider() -> Weight;
	fn on_initialize_idle() -> Weight;
	fn close_epoch(n: u32, v: u32, ) -> Weight;
}

/// Weights for `pallet_economics` using the Substrate node and recommended hardware.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Economics::Providers` (r:1 w:0)
	/// Proof: `Economics::Providers` (`max_values`: None, `max_size`: Some(68), added: 2543, mode: `MaxEncodedLen`)
	/// Storage: `Economics::Parameters` (r:1 w:0)
	/// Proof: `Economics::Parameters` (`max_values`: Some(1), `max_size`: Some(216), added: 711, mode: `MaxEncodedLen`)
	/// Storage: `Economics::CurrentEpoch` (r:1 w:0)
	/// Proof: `Economics::CurrentEpoch` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Economics::EpochTotals` (r:1 w:1)
	/// Proof: `Economics::EpochTotals` (`max_values`: Some(1), `max_size`: Some(212), added: 707, mode: `MaxEncodedLen`)
	/// Storage: `Assets::Asset` (r:5 w:1 per record)
	/// Proof: `Assets::Asset` (`max_values`: None, `max_size`: Some(210), added: 2685, mode: `MaxEncodedLen`)
	/// Storage: `Assets::Account` (r:5 w:5 per record)
	/// Proof: `Assets::Account` (`max_values`: None, `max_size`: Some(134), added: 2609, mode: `MaxEncodedLen`)
	/// Storage: `Economics::EpochLeaves` (r:1 w:1 per record)
	/// Proof: `Economics::EpochLeaves` (`max_values`: None, `max_size`: Some(320014), added: 322489, mode: `MaxEncodedLen`)
	/// Storage: `Economics::Approvals` (r:1 w:1 per record)
	/// Proof: `Economics::Approvals` (`max_values`: None, `max_size`: Some(222), added: 2697, mode: `MaxEncodedLen`)
	/// Storage: `Economics::DeferredTreasury` (r:1 w:1 per record, worst case)
	/// Proof: `Economics::DeferredTreasury` (`max_values`: Some(1), `max_size`: Some(48), added: 543, mode: `MaxEncodedLen`)
	/// The range of component `n` is `[1, 64]`.
	fn submit_usage(n: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `700 + n * (10 ±0)`
		//  Estimated: `323479 + n * (15742 ±0)`
		// Minimum execution time: 40_000_000 picoseconds.
		Weight::from_parts(40_000_000, 323479)
			// Standard Error: (not measured)
			.saturating_add(Weight::from_parts(165_000_000, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().reads((13_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(1_u64))
			.saturating_add(T::DbWeight::get().writes((9_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 15742).saturating_mul(n.into()))
	}
	/// Storage: `Economics::Providers` (r:1 w:1)
	/// Proof: `Economics::Providers` (`max_values`: None, `max_size`: Some(68), added: 2543, mode: `MaxEncodedLen`)
	fn register_provider() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `100`
		//  Estimated: `3533`
		// Minimum execution time: 15_000_000 picoseconds.
		Weight::from_parts(15_000_000, 3533)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Economics::Providers` (r:1 w:1)
	/// Proof: `Economics::Providers` (`max_values`: None, `max_size`: Some(68), added: 2543, mode: `MaxEncodedLen`)
	fn deregister_provider() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `150`
		//  Estimated: `3533`
		// Minimum execution time: 15_000_000 picoseconds.
		Weight::from_parts(15_000_000, 3533)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Economics::Parameters` (r:1 w:1)
	/// Proof: `Economics::Parameters` (`max_values`: Some(1), `max_size`: Some(216), added: 711, mode: `MaxEncodedLen`)
	fn set_fee_schedule() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `250`
		//  Estimated: `1701`
		// Minimum execution time: 12_000_000 picoseconds.
		Weight::from_parts(12_000_000, 1701)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Economics::Parameters` (r:1 w:1)
	/// Proof: `Economics::Parameters` (`max_values`: Some(1), `max_size`: Some(216), added: 711, mode: `MaxEncodedLen`)
	fn set_fee_split() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `250`
		//  Estimated: `1701`
		// Minimum execution time: 12_000_000 picoseconds.
		Weight::from_parts(12_000_000, 1701)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Economics::Parameters` (r:1 w:1)
	/// Proof: `Economics::Parameters` (`max_values`: Some(1), `max_size`: Some(216), added: 711, mode: `MaxEncodedLen`)
	fn set_poe_params() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `250`
		//  Estimated: `1701`
		// Minimum execution time: 12_000_000 picoseconds.
		Weight::from_parts(12_000_000, 1701)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Economics::Parameters` (r:1 w:1)
	/// Proof: `Economics::Parameters` (`max_values`: Some(1), `max_size`: Some(216), added: 711, mode: `MaxEncodedLen`)
	fn set_flx_policy() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `250`
		//  Estimated: `1701`
		// Minimum execution time: 12_000_000 picoseconds.
		Weight::from_parts(12_000_000, 1701)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Economics::Parameters` (r:1 w:1)
	/// Proof: `Economics::Parameters` (`max_values`: Some(1), `max_size`: Some(216), added: 711, mode: `MaxEncodedLen`)
	fn set_epoch_length() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `250`
		//  Estimated: `1701`
		// Minimum execution time: 12_000_000 picoseconds.
		Weight::from_parts(12_000_000, 1701)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Economics::Issuers` (r:1 w:1)
	/// Proof: `Economics::Issuers` (`max_values`: None, `max_size`: Some(81), added: 2556, mode: `MaxEncodedLen`)
	fn add_issuer() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `100`
		//  Estimated: `3546`
		// Minimum execution time: 15_000_000 picoseconds.
		Weight::from_parts(15_000_000, 3546)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Economics::Issuers` (r:1 w:1)
	/// Proof: `Economics::Issuers` (`max_values`: None, `max_size`: Some(81), added: 2556, mode: `MaxEncodedLen`)
	fn remove_issuer() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `150`
		//  Estimated: `3546`
		// Minimum execution time: 15_000_000 picoseconds.
		Weight::from_parts(15_000_000, 3546)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Economics::Issuers` (r:1 w:1)
	/// Proof: `Economics::Issuers` (`max_values`: None, `max_size`: Some(81), added: 2556, mode: `MaxEncodedLen`)
	/// Storage: `Economics::Attestations` (r:1 w:1)
	/// Proof: `Economics::Attestations` (`max_values`: None, `max_size`: Some(113), added: 2588, mode: `MaxEncodedLen`)
	/// Storage: `Economics::Backing` (r:1 w:1)
	/// Proof: `Economics::Backing` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	fn attest_collateral() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `200`
		//  Estimated: `3578`
		// Minimum execution time: 25_000_000 picoseconds.
		Weight::from_parts(25_000_000, 3578)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `Economics::Issuers` (r:1 w:1)
	/// Proof: `Economics::Issuers` (`max_values`: None, `max_size`: Some(81), added: 2556, mode: `MaxEncodedLen`)
	/// Storage: `Economics::Attestations` (r:1 w:1)
	/// Proof: `Economics::Attestations` (`max_values`: None, `max_size`: Some(113), added: 2588, mode: `MaxEncodedLen`)
	/// Storage: `Economics::Backing` (r:1 w:1)
	/// Proof: `Economics::Backing` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	fn release_collateral() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `250`
		//  Estimated: `3578`
		// Minimum execution time: 25_000_000 picoseconds.
		Weight::from_parts(25_000_000, 3578)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `Economics::Issuers` (r:1 w:1)
	/// Proof: `Economics::Issuers` (`max_values`: None, `max_size`: Some(81), added: 2556, mode: `MaxEncodedLen`)
	/// Storage: `Assets::Asset` (r:1 w:1)
	/// Proof: `Assets::Asset` (`max_values`: None, `max_size`: Some(210), added: 2685, mode: `MaxEncodedLen`)
	/// Storage: `Assets::Account` (r:1 w:1)
	/// Proof: `Assets::Account` (`max_values`: None, `max_size`: Some(134), added: 2609, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Economics::Backing` (r:1 w:1)
	/// Storage: `Economics::EpochTotals` (r:1 w:1)
	fn mint_aur() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `500`
		//  Estimated: `3675`
		// Minimum execution time: 50_000_000 picoseconds.
		Weight::from_parts(50_000_000, 3675)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
	/// Storage: `Economics::Issuers` (r:1 w:1)
	/// Proof: `Economics::Issuers` (`max_values`: None, `max_size`: Some(81), added: 2556, mode: `MaxEncodedLen`)
	/// Storage: `Assets::Asset` (r:1 w:1)
	/// Proof: `Assets::Asset` (`max_values`: None, `max_size`: Some(210), added: 2685, mode: `MaxEncodedLen`)
	/// Storage: `Assets::Account` (r:1 w:1)
	/// Proof: `Assets::Account` (`max_values`: None, `max_size`: Some(134), added: 2609, mode: `MaxEncodedLen`)
	/// Storage: `Economics::Backing` (r:1 w:1)
	/// Storage: `Economics::EpochTotals` (r:1 w:1)
	fn burn_aur() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `500`
		//  Estimated: `3675`
		// Minimum execution time: 45_000_000 picoseconds.
		Weight::from_parts(45_000_000, 3675)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `Economics::Providers` (r:1 w:0)
	/// Proof: `Economics::Providers` (`max_values`: None, `max_size`: Some(68), added: 2543, mode: `MaxEncodedLen`)
	/// Storage: `Economics::Approvals` (r:1 w:1)
	/// Proof: `Economics::Approvals` (`max_values`: None, `max_size`: Some(222), added: 2697, mode: `MaxEncodedLen`)
	/// Storage: `Economics::ApprovalCount` (r:1 w:1)
	/// Proof: `Economics::ApprovalCount` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
	/// Storage: `Economics::CurrentEpoch` (r:1 w:0)
	/// Proof: `Economics::CurrentEpoch` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	fn approve_provider() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `300`
		//  Estimated: `3687`
		// Minimum execution time: 25_000_000 picoseconds.
		Weight::from_parts(25_000_000, 3687)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Economics::Approvals` (r:1 w:1)
	/// Proof: `Economics::Approvals` (`max_values`: None, `max_size`: Some(222), added: 2697, mode: `MaxEncodedLen`)
	/// Storage: `Economics::ApprovalCount` (r:1 w:1)
	/// Proof: `Economics::ApprovalCount` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
	fn revoke_provider() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `350`
		//  Estimated: `3687`
		// Minimum execution time: 22_000_000 picoseconds.
		Weight::from_parts(22_000_000, 3687)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Economics::CurrentEpoch` (r:1 w:0)
	/// Proof: `Economics::CurrentEpoch` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Economics::Parameters` (r:1 w:0)
	/// Proof: `Economics::Parameters` (`max_values`: Some(1), `max_size`: Some(216), added: 711, mode: `MaxEncodedLen`)
	fn on_initialize_idle() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `250`
		//  Estimated: `1701`
		// Minimum execution time: 4_000_000 picoseconds.
		Weight::from_parts(4_000_000, 1701)
			.saturating_add(T::DbWeight::get().reads(2_u64))
	}
	/// Storage: `Economics::CurrentEpoch` (r:1 w:1)
	/// Storage: `Economics::Parameters` (r:1 w:0)
	/// Storage: `Economics::EpochTotals` (r:1 w:1)
	/// Storage: `Economics::EpochLeaves` (r:1 w:1)
	/// Proof: `Economics::EpochLeaves` (`max_values`: None, `max_size`: Some(320014), added: 322489, mode: `MaxEncodedLen`)
	/// Storage: `Economics::Settlements` (r:0 w:1)
	/// Storage: `Economics::DeferredTreasury` (r:1 w:1)
	/// Storage: `Assets::Asset` (r:5 w:5)
	/// Storage: `Assets::Account` (r:5 w:5)
	/// Storage: `Assets::Account` (r:1 w:1 per validator)
	/// Storage: `System::Account` (r:1 w:1 per validator)
	/// The range of component `n` is `[0, 10000]`.
	/// The range of component `v` is `[0, 32]`.
	fn close_epoch(n: u32, v: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `700 + n * (32 ±0)`
		//  Estimated: `338000 + v * (2609 ±0)`
		// Minimum execution time: 110_000_000 picoseconds.
		Weight::from_parts(110_000_000, 338000)
			// Standard Error: (not measured)
			.saturating_add(Weight::from_parts(4_000_000, 0).saturating_mul(n.into()))
			// Standard Error: (not measured)
			.saturating_add(Weight::from_parts(45_000_000, 0).saturating_mul(v.into()))
			.saturating_add(T::DbWeight::get().reads(15_u64))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(v.into())))
			.saturating_add(T::DbWeight::get().writes(16_u64))
			.saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(v.into())))
			.saturating_add(Weight::from_parts(0, 2609).saturating_mul(v.into()))
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	fn submit_usage(n: u32, ) -> Weight {
		Weight::from_parts(40_000_000, 323479)
			.saturating_add(Weight::from_parts(165_000_000, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().reads((13_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
			.saturating_add(RocksDbWeight::get().writes((9_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 15742).saturating_mul(n.into()))
	}
	fn register_provider() -> Weight {
		Weight::from_parts(15_000_000, 3533)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn deregister_provider() -> Weight {
		Weight::from_parts(15_000_000, 3533)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn set_fee_schedule() -> Weight {
		Weight::from_parts(12_000_000, 1701)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn set_fee_split() -> Weight {
		Weight::from_parts(12_000_000, 1701)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn set_poe_params() -> Weight {
		Weight::from_parts(12_000_000, 1701)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn set_flx_policy() -> Weight {
		Weight::from_parts(12_000_000, 1701)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn set_epoch_length() -> Weight {
		Weight::from_parts(12_000_000, 1701)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn add_issuer() -> Weight {
		Weight::from_parts(15_000_000, 3546)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn remove_issuer() -> Weight {
		Weight::from_parts(15_000_000, 3546)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn attest_collateral() -> Weight {
		Weight::from_parts(25_000_000, 3578)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn release_collateral() -> Weight {
		Weight::from_parts(25_000_000, 3578)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn mint_aur() -> Weight {
		Weight::from_parts(50_000_000, 3675)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
	}
	fn burn_aur() -> Weight {
		Weight::from_parts(45_000_000, 3675)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn approve_provider() -> Weight {
		Weight::from_parts(25_000_000, 3687)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn revoke_provider() -> Weight {
		Weight::from_parts(22_000_000, 3687)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn on_initialize_idle() -> Weight {
		Weight::from_parts(4_000_000, 1701)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
	}
	fn close_epoch(n: u32, v: u32, ) -> Weight {
		Weight::from_parts(110_000_000, 338000)
			.saturating_add(Weight::from_parts(4_000_000, 0).saturating_mul(n.into()))
			.saturating_add(Weight::from_parts(45_000_000, 0).saturating_mul(v.into()))
			.saturating_add(RocksDbWeight::get().reads(15_u64))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(v.into())))
			.saturating_add(RocksDbWeight::get().writes(16_u64))
			.saturating_add(RocksDbWeight::get().writes((2_u64).saturating_mul(v.into())))
			.saturating_add(Weight::from_parts(0, 2609).saturating_mul(v.into()))
	}
}
