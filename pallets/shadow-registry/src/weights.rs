// This file is part of Metanode.
// SPDX-License-Identifier: Apache-2.0

//! Weights for `pallet_shadow_registry`
//!
//! HAND-ESTIMATED, NOT MEASURED. These numbers were written by hand from the storage accesses
//! of each call (counted below, in the shape `frame-benchmarking` generates) and conservative
//! execution-time guesses (an ed25519 verification is about 50 µs, a blake2-256 of a Merkle
//! node about 2.5 µs in Wasm). `RangeLeaves` is sized for `MaxReceiptsPerRange = 1024`.
//! `submit_request_dispatch` excludes the dispatched call, whose own weight the pallet adds.
//! Regenerate this file on reference hardware before a production launch with:
//!
//! ```text
//! metanode benchmark pallet --runtime <metanode_runtime.wasm> --genesis-builder=runtime \
//!   --pallet=pallet_shadow_registry --extrinsic='*' --steps=50 --repeat=20 \
//!   --output=pallets/shadow-registry/src/weights.rs --header=<header> --template=<template>
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

/// Weight functions needed for `pallet_shadow_registry`.
pub trait WeightInfo {
	fn register_system() -> Weight;
	fn rotate_key() -> Weight;
	fn deregister_system() -> Weight;
	fn force_deregister_system() -> Weight;
	fn register_target() -> Weight;
	fn deregister_target() -> Weight;
	fn force_deregister_target() -> Weight;
	fn grant() -> Weight;
	fn revoke_grant() -> Weight;
	fn submit_request_record() -> Weight;
	fn submit_request_dispatch() -> Weight;
	fn on_initialize_idle() -> Weight;
	fn close_range(n: u32, ) -> Weight;
	fn prune_receipts(n: u32, ) -> Weight;
}

/// Weights for `pallet_shadow_registry` using the Substrate node and recommended hardware.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `ShadowRegistry::Systems` (r:1 w:1)
	/// Proof: `ShadowRegistry::Systems` (`max_values`: None, `max_size`: Some(511), added: 2986, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(103), added: 2578, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::NextRegistration` (r:1 w:1)
	/// Proof: `ShadowRegistry::NextRegistration` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	fn register_system() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `180`
		//  Estimated: `4024`
		// Minimum execution time: 60_000_000 picoseconds.
		Weight::from_parts(60_000_000, 4024)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `ShadowRegistry::Systems` (r:1 w:1)
	/// Proof: `ShadowRegistry::Systems` (`max_values`: None, `max_size`: Some(511), added: 2986, mode: `MaxEncodedLen`)
	fn rotate_key() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `400`
		//  Estimated: `2986`
		// Minimum execution time: 25_000_000 picoseconds.
		Weight::from_parts(25_000_000, 2986)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `ShadowRegistry::Systems` (r:1 w:1)
	/// Proof: `ShadowRegistry::Systems` (`max_values`: None, `max_size`: Some(511), added: 2986, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(103), added: 2578, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn deregister_system() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `600`
		//  Estimated: `3976`
		// Minimum execution time: 55_000_000 picoseconds.
		Weight::from_parts(55_000_000, 3976)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `ShadowRegistry::Systems` (r:1 w:1)
	/// Proof: `ShadowRegistry::Systems` (`max_values`: None, `max_size`: Some(511), added: 2986, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(103), added: 2578, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn force_deregister_system() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `600`
		//  Estimated: `3976`
		// Minimum execution time: 55_000_000 picoseconds.
		Weight::from_parts(55_000_000, 3976)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `ShadowRegistry::Targets` (r:1 w:1)
	/// Proof: `ShadowRegistry::Targets` (`max_values`: None, `max_size`: Some(428), added: 2903, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(103), added: 2578, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn register_target() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `180`
		//  Estimated: `3976`
		// Minimum execution time: 55_000_000 picoseconds.
		Weight::from_parts(55_000_000, 3976)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `ShadowRegistry::Targets` (r:1 w:1)
	/// Proof: `ShadowRegistry::Targets` (`max_values`: None, `max_size`: Some(428), added: 2903, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(103), added: 2578, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn deregister_target() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `520`
		//  Estimated: `3976`
		// Minimum execution time: 52_000_000 picoseconds.
		Weight::from_parts(52_000_000, 3976)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `ShadowRegistry::Targets` (r:1 w:1)
	/// Proof: `ShadowRegistry::Targets` (`max_values`: None, `max_size`: Some(428), added: 2903, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(103), added: 2578, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn force_deregister_target() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `520`
		//  Estimated: `3976`
		// Minimum execution time: 52_000_000 picoseconds.
		Weight::from_parts(52_000_000, 3976)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `ShadowRegistry::Systems` (r:1 w:0)
	/// Proof: `ShadowRegistry::Systems` (`max_values`: None, `max_size`: Some(511), added: 2986, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::Grants` (r:1 w:1)
	/// Proof: `ShadowRegistry::Grants` (`max_values`: None, `max_size`: Some(237), added: 2712, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(103), added: 2578, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn grant() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `600`
		//  Estimated: `3976`
		// Minimum execution time: 60_000_000 picoseconds.
		Weight::from_parts(60_000_000, 3976)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `ShadowRegistry::Grants` (r:1 w:1)
	/// Proof: `ShadowRegistry::Grants` (`max_values`: None, `max_size`: Some(237), added: 2712, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(103), added: 2578, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn revoke_grant() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `400`
		//  Estimated: `3976`
		// Minimum execution time: 50_000_000 picoseconds.
		Weight::from_parts(50_000_000, 3976)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `ShadowRegistry::Systems` (r:1 w:0)
	/// Proof: `ShadowRegistry::Systems` (`max_values`: None, `max_size`: Some(511), added: 2986, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::Targets` (r:1 w:0)
	/// Proof: `ShadowRegistry::Targets` (`max_values`: None, `max_size`: Some(428), added: 2903, mode: `MaxEncodedLen`)
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::LastNonce` (r:1 w:1)
	/// Proof: `ShadowRegistry::LastNonce` (`max_values`: None, `max_size`: Some(88), added: 2563, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::Grants` (r:1 w:0)
	/// Proof: `ShadowRegistry::Grants` (`max_values`: None, `max_size`: Some(237), added: 2712, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::CurrentRange` (r:1 w:0)
	/// Proof: `ShadowRegistry::CurrentRange` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::NextReceiptId` (r:1 w:1)
	/// Proof: `ShadowRegistry::NextReceiptId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::RangeLeaves` (r:1 w:1)
	/// Proof: `ShadowRegistry::RangeLeaves` (`max_values`: None, `max_size`: Some(32782), added: 35257, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::SystemReceipts` (r:0 w:1)
	/// Proof: `ShadowRegistry::SystemReceipts` (`max_values`: None, `max_size`: Some(96), added: 2571, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::Receipts` (r:0 w:1)
	/// Proof: `ShadowRegistry::Receipts` (`max_values`: None, `max_size`: Some(292), added: 2767, mode: `MaxEncodedLen`)
	fn submit_request_record() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `33000`
		//  Estimated: `36247`
		// Minimum execution time: 120_000_000 picoseconds.
		Weight::from_parts(120_000_000, 36247)
			.saturating_add(T::DbWeight::get().reads(9_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `ShadowRegistry::Systems` (r:1 w:0)
	/// Proof: `ShadowRegistry::Systems` (`max_values`: None, `max_size`: Some(511), added: 2986, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::Targets` (r:1 w:0)
	/// Proof: `ShadowRegistry::Targets` (`max_values`: None, `max_size`: Some(428), added: 2903, mode: `MaxEncodedLen`)
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::LastNonce` (r:1 w:1)
	/// Proof: `ShadowRegistry::LastNonce` (`max_values`: None, `max_size`: Some(88), added: 2563, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::Grants` (r:1 w:0)
	/// Proof: `ShadowRegistry::Grants` (`max_values`: None, `max_size`: Some(237), added: 2712, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::CurrentRange` (r:1 w:0)
	/// Proof: `ShadowRegistry::CurrentRange` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::NextReceiptId` (r:1 w:1)
	/// Proof: `ShadowRegistry::NextReceiptId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::RangeLeaves` (r:1 w:1)
	/// Proof: `ShadowRegistry::RangeLeaves` (`max_values`: None, `max_size`: Some(32782), added: 35257, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::SystemReceipts` (r:0 w:1)
	/// Proof: `ShadowRegistry::SystemReceipts` (`max_values`: None, `max_size`: Some(96), added: 2571, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::Receipts` (r:0 w:1)
	/// Proof: `ShadowRegistry::Receipts` (`max_values`: None, `max_size`: Some(292), added: 2767, mode: `MaxEncodedLen`)
	fn submit_request_dispatch() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `33000`
		//  Estimated: `36247`
		// Minimum execution time: 125_000_000 picoseconds.
		Weight::from_parts(125_000_000, 36247)
			.saturating_add(T::DbWeight::get().reads(9_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `ShadowRegistry::CurrentRange` (r:1 w:0)
	/// Proof: `ShadowRegistry::CurrentRange` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::Pruning` (r:1 w:0)
	/// Proof: `ShadowRegistry::Pruning` (`max_values`: Some(1), `max_size`: Some(12), added: 507, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::RangeRoots` (r:1 w:0)
	/// Proof: `ShadowRegistry::RangeRoots` (`max_values`: None, `max_size`: Some(68), added: 2543, mode: `MaxEncodedLen`)
	fn on_initialize_idle() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `100`
		//  Estimated: `1543`
		// Minimum execution time: 6_000_000 picoseconds.
		Weight::from_parts(6_000_000, 1543)
			.saturating_add(T::DbWeight::get().reads(3_u64))
	}
	/// Storage: `ShadowRegistry::CurrentRange` (r:1 w:1)
	/// Proof: `ShadowRegistry::CurrentRange` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::RangeLeaves` (r:1 w:0)
	/// Proof: `ShadowRegistry::RangeLeaves` (`max_values`: None, `max_size`: Some(32782), added: 35257, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::RangeRoots` (r:0 w:1)
	/// Proof: `ShadowRegistry::RangeRoots` (`max_values`: None, `max_size`: Some(68), added: 2543, mode: `MaxEncodedLen`)
	/// The range of component `n` is `[0, 1024]`.
	fn close_range(n: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `120 + n * (32 ±0)`
		//  Estimated: `35257 + n * (32 ±0)`
		// Minimum execution time: 15_000_000 picoseconds.
		Weight::from_parts(15_000_000, 35257)
			// Standard Error: (not measured)
			.saturating_add(Weight::from_parts(2_500_000, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
			.saturating_add(Weight::from_parts(0, 32).saturating_mul(n.into()))
	}
	/// Storage: `ShadowRegistry::Pruning` (r:1 w:1)
	/// Proof: `ShadowRegistry::Pruning` (`max_values`: Some(1), `max_size`: Some(12), added: 507, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::RangeRoots` (r:1 w:0)
	/// Proof: `ShadowRegistry::RangeRoots` (`max_values`: None, `max_size`: Some(68), added: 2543, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::Receipts` (r:n w:n)
	/// Proof: `ShadowRegistry::Receipts` (`max_values`: None, `max_size`: Some(292), added: 2767, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::SystemReceipts` (r:0 w:n)
	/// Proof: `ShadowRegistry::SystemReceipts` (`max_values`: None, `max_size`: Some(96), added: 2571, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::RangeLeaves` (r:0 w:1)
	/// Proof: `ShadowRegistry::RangeLeaves` (`max_values`: None, `max_size`: Some(32782), added: 35257, mode: `MaxEncodedLen`)
	/// The range of component `n` is `[0, 256]`.
	fn prune_receipts(n: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `200 + n * (2767 ±0)`
		//  Estimated: `2767 + n * (2767 ±0)`
		// Minimum execution time: 20_000_000 picoseconds.
		Weight::from_parts(20_000_000, 2767)
			// Standard Error: (not measured)
			.saturating_add(Weight::from_parts(18_000_000, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(2_u64))
			.saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2767).saturating_mul(n.into()))
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	/// Storage: `ShadowRegistry::Systems` (r:1 w:1)
	/// Proof: `ShadowRegistry::Systems` (`max_values`: None, `max_size`: Some(511), added: 2986, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(103), added: 2578, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::NextRegistration` (r:1 w:1)
	/// Proof: `ShadowRegistry::NextRegistration` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	fn register_system() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `180`
		//  Estimated: `4024`
		// Minimum execution time: 60_000_000 picoseconds.
		Weight::from_parts(60_000_000, 4024)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	/// Storage: `ShadowRegistry::Systems` (r:1 w:1)
	/// Proof: `ShadowRegistry::Systems` (`max_values`: None, `max_size`: Some(511), added: 2986, mode: `MaxEncodedLen`)
	fn rotate_key() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `400`
		//  Estimated: `2986`
		// Minimum execution time: 25_000_000 picoseconds.
		Weight::from_parts(25_000_000, 2986)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Storage: `ShadowRegistry::Systems` (r:1 w:1)
	/// Proof: `ShadowRegistry::Systems` (`max_values`: None, `max_size`: Some(511), added: 2986, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(103), added: 2578, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn deregister_system() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `600`
		//  Estimated: `3976`
		// Minimum execution time: 55_000_000 picoseconds.
		Weight::from_parts(55_000_000, 3976)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	/// Storage: `ShadowRegistry::Systems` (r:1 w:1)
	/// Proof: `ShadowRegistry::Systems` (`max_values`: None, `max_size`: Some(511), added: 2986, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(103), added: 2578, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn force_deregister_system() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `600`
		//  Estimated: `3976`
		// Minimum execution time: 55_000_000 picoseconds.
		Weight::from_parts(55_000_000, 3976)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	/// Storage: `ShadowRegistry::Targets` (r:1 w:1)
	/// Proof: `ShadowRegistry::Targets` (`max_values`: None, `max_size`: Some(428), added: 2903, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(103), added: 2578, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn register_target() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `180`
		//  Estimated: `3976`
		// Minimum execution time: 55_000_000 picoseconds.
		Weight::from_parts(55_000_000, 3976)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	/// Storage: `ShadowRegistry::Targets` (r:1 w:1)
	/// Proof: `ShadowRegistry::Targets` (`max_values`: None, `max_size`: Some(428), added: 2903, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(103), added: 2578, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn deregister_target() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `520`
		//  Estimated: `3976`
		// Minimum execution time: 52_000_000 picoseconds.
		Weight::from_parts(52_000_000, 3976)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	/// Storage: `ShadowRegistry::Targets` (r:1 w:1)
	/// Proof: `ShadowRegistry::Targets` (`max_values`: None, `max_size`: Some(428), added: 2903, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(103), added: 2578, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn force_deregister_target() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `520`
		//  Estimated: `3976`
		// Minimum execution time: 52_000_000 picoseconds.
		Weight::from_parts(52_000_000, 3976)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	/// Storage: `ShadowRegistry::Systems` (r:1 w:0)
	/// Proof: `ShadowRegistry::Systems` (`max_values`: None, `max_size`: Some(511), added: 2986, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::Grants` (r:1 w:1)
	/// Proof: `ShadowRegistry::Grants` (`max_values`: None, `max_size`: Some(237), added: 2712, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(103), added: 2578, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn grant() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `600`
		//  Estimated: `3976`
		// Minimum execution time: 60_000_000 picoseconds.
		Weight::from_parts(60_000_000, 3976)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	/// Storage: `ShadowRegistry::Grants` (r:1 w:1)
	/// Proof: `ShadowRegistry::Grants` (`max_values`: None, `max_size`: Some(237), added: 2712, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(103), added: 2578, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn revoke_grant() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `400`
		//  Estimated: `3976`
		// Minimum execution time: 50_000_000 picoseconds.
		Weight::from_parts(50_000_000, 3976)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	/// Storage: `ShadowRegistry::Systems` (r:1 w:0)
	/// Proof: `ShadowRegistry::Systems` (`max_values`: None, `max_size`: Some(511), added: 2986, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::Targets` (r:1 w:0)
	/// Proof: `ShadowRegistry::Targets` (`max_values`: None, `max_size`: Some(428), added: 2903, mode: `MaxEncodedLen`)
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::LastNonce` (r:1 w:1)
	/// Proof: `ShadowRegistry::LastNonce` (`max_values`: None, `max_size`: Some(88), added: 2563, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::Grants` (r:1 w:0)
	/// Proof: `ShadowRegistry::Grants` (`max_values`: None, `max_size`: Some(237), added: 2712, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::CurrentRange` (r:1 w:0)
	/// Proof: `ShadowRegistry::CurrentRange` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::NextReceiptId` (r:1 w:1)
	/// Proof: `ShadowRegistry::NextReceiptId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::RangeLeaves` (r:1 w:1)
	/// Proof: `ShadowRegistry::RangeLeaves` (`max_values`: None, `max_size`: Some(32782), added: 35257, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::SystemReceipts` (r:0 w:1)
	/// Proof: `ShadowRegistry::SystemReceipts` (`max_values`: None, `max_size`: Some(96), added: 2571, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::Receipts` (r:0 w:1)
	/// Proof: `ShadowRegistry::Receipts` (`max_values`: None, `max_size`: Some(292), added: 2767, mode: `MaxEncodedLen`)
	fn submit_request_record() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `33000`
		//  Estimated: `36247`
		// Minimum execution time: 120_000_000 picoseconds.
		Weight::from_parts(120_000_000, 36247)
			.saturating_add(RocksDbWeight::get().reads(9_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	/// Storage: `ShadowRegistry::Systems` (r:1 w:0)
	/// Proof: `ShadowRegistry::Systems` (`max_values`: None, `max_size`: Some(511), added: 2986, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::Targets` (r:1 w:0)
	/// Proof: `ShadowRegistry::Targets` (`max_values`: None, `max_size`: Some(428), added: 2903, mode: `MaxEncodedLen`)
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::LastNonce` (r:1 w:1)
	/// Proof: `ShadowRegistry::LastNonce` (`max_values`: None, `max_size`: Some(88), added: 2563, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::Grants` (r:1 w:0)
	/// Proof: `ShadowRegistry::Grants` (`max_values`: None, `max_size`: Some(237), added: 2712, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::CurrentRange` (r:1 w:0)
	/// Proof: `ShadowRegistry::CurrentRange` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::NextReceiptId` (r:1 w:1)
	/// Proof: `ShadowRegistry::NextReceiptId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::RangeLeaves` (r:1 w:1)
	/// Proof: `ShadowRegistry::RangeLeaves` (`max_values`: None, `max_size`: Some(32782), added: 35257, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::SystemReceipts` (r:0 w:1)
	/// Proof: `ShadowRegistry::SystemReceipts` (`max_values`: None, `max_size`: Some(96), added: 2571, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::Receipts` (r:0 w:1)
	/// Proof: `ShadowRegistry::Receipts` (`max_values`: None, `max_size`: Some(292), added: 2767, mode: `MaxEncodedLen`)
	fn submit_request_dispatch() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `33000`
		//  Estimated: `36247`
		// Minimum execution time: 125_000_000 picoseconds.
		Weight::from_parts(125_000_000, 36247)
			.saturating_add(RocksDbWeight::get().reads(9_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	/// Storage: `ShadowRegistry::CurrentRange` (r:1 w:0)
	/// Proof: `ShadowRegistry::CurrentRange` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::Pruning` (r:1 w:0)
	/// Proof: `ShadowRegistry::Pruning` (`max_values`: Some(1), `max_size`: Some(12), added: 507, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::RangeRoots` (r:1 w:0)
	/// Proof: `ShadowRegistry::RangeRoots` (`max_values`: None, `max_size`: Some(68), added: 2543, mode: `MaxEncodedLen`)
	fn on_initialize_idle() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `100`
		//  Estimated: `1543`
		// Minimum execution time: 6_000_000 picoseconds.
		Weight::from_parts(6_000_000, 1543)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
	}
	/// Storage: `ShadowRegistry::CurrentRange` (r:1 w:1)
	/// Proof: `ShadowRegistry::CurrentRange` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::RangeLeaves` (r:1 w:0)
	/// Proof: `ShadowRegistry::RangeLeaves` (`max_values`: None, `max_size`: Some(32782), added: 35257, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::RangeRoots` (r:0 w:1)
	/// Proof: `ShadowRegistry::RangeRoots` (`max_values`: None, `max_size`: Some(68), added: 2543, mode: `MaxEncodedLen`)
	/// The range of component `n` is `[0, 1024]`.
	fn close_range(n: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `120 + n * (32 ±0)`
		//  Estimated: `35257 + n * (32 ±0)`
		// Minimum execution time: 15_000_000 picoseconds.
		Weight::from_parts(15_000_000, 35257)
			// Standard Error: (not measured)
			.saturating_add(Weight::from_parts(2_500_000, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
			.saturating_add(Weight::from_parts(0, 32).saturating_mul(n.into()))
	}
	/// Storage: `ShadowRegistry::Pruning` (r:1 w:1)
	/// Proof: `ShadowRegistry::Pruning` (`max_values`: Some(1), `max_size`: Some(12), added: 507, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::RangeRoots` (r:1 w:0)
	/// Proof: `ShadowRegistry::RangeRoots` (`max_values`: None, `max_size`: Some(68), added: 2543, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::Receipts` (r:n w:n)
	/// Proof: `ShadowRegistry::Receipts` (`max_values`: None, `max_size`: Some(292), added: 2767, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::SystemReceipts` (r:0 w:n)
	/// Proof: `ShadowRegistry::SystemReceipts` (`max_values`: None, `max_size`: Some(96), added: 2571, mode: `MaxEncodedLen`)
	/// Storage: `ShadowRegistry::RangeLeaves` (r:0 w:1)
	/// Proof: `ShadowRegistry::RangeLeaves` (`max_values`: None, `max_size`: Some(32782), added: 35257, mode: `MaxEncodedLen`)
	/// The range of component `n` is `[0, 256]`.
	fn prune_receipts(n: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `200 + n * (2767 ±0)`
		//  Estimated: `2767 + n * (2767 ±0)`
		// Minimum execution time: 20_000_000 picoseconds.
		Weight::from_parts(20_000_000, 2767)
			// Standard Error: (not measured)
			.saturating_add(Weight::from_parts(18_000_000, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
			.saturating_add(RocksDbWeight::get().writes((2_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2767).saturating_mul(n.into()))
	}
}
