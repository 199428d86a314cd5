//! Weights for `pallet_ibft`
//!
//! HAND-ESTIMATED, NOT GENERATED: these numbers follow the shape of a generated weights file
//! but were estimated from the work each call does (two ed25519 verifications through the
//! host, decoding and sorting the authority set, three storage reads, one write). Regenerate
//! them on reference hardware before production with the command below, which overwrites
//! this file.
//!
//! DATE: hand-estimated, STEPS: `-`, REPEAT: `-`
//! WORST CASE MAP SIZE: `1000000`
//! HOSTNAME: `-`, CPU: `-`
//! WASM-EXECUTION: `Compiled`, CHAIN: `Some("dev")`, DB CACHE: `1024`

// Executed Command (to regenerate):
// ./target/production/metanode
// benchmark
// pallet
// --chain=dev
// --pallet=pallet_ibft
// --extrinsic=*
// --wasm-execution=compiled
// --steps=50
// --repeat=20
// --output=pallets/ibft/src/weights.rs

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]
#![allow(dead_code)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_ibft`.
pub trait WeightInfo {
	fn report_equivocation_unsigned(a: u32, ) -> Weight;
	fn authorize_report_equivocation_unsigned(a: u32, ) -> Weight;
}

/// Weights for `pallet_ibft` using the Substrate node and recommended hardware.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Ibft::CurrentSetId` (r:1 w:0)
	/// Proof: `Ibft::CurrentSetId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Ibft::AuthoritySets` (r:1 w:0)
	/// Proof: `Ibft::AuthoritySets` (`max_values`: None, `max_size`: Some(3218), added: 5693, mode: `MaxEncodedLen`)
	/// Storage: `Ibft::Reports` (r:1 w:1)
	/// Proof: `Ibft::Reports` (`max_values`: None, `max_size`: Some(257), added: 2732, mode: `MaxEncodedLen`)
	/// The range of component `a` is `[1, 100]`.
	fn report_equivocation_unsigned(a: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `190 + a * (32 ±0)`
		//  Estimated: `4190 + a * (32 ±0)`
		// Minimum execution time: 118_000_000 picoseconds.
		Weight::from_parts(118_000_000, 4190)
			// Standard Error: 20_000
			.saturating_add(Weight::from_parts(150_000, 0).saturating_mul(a.into()))
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
			.saturating_add(Weight::from_parts(0, 32).saturating_mul(a.into()))
	}
	/// Storage: `Ibft::CurrentSetId` (r:1 w:0)
	/// Proof: `Ibft::CurrentSetId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Ibft::AuthoritySets` (r:1 w:0)
	/// Proof: `Ibft::AuthoritySets` (`max_values`: None, `max_size`: Some(3218), added: 5693, mode: `MaxEncodedLen`)
	/// Storage: `Ibft::Reports` (r:1 w:0)
	/// Proof: `Ibft::Reports` (`max_values`: None, `max_size`: Some(257), added: 2732, mode: `MaxEncodedLen`)
	/// The range of component `a` is `[1, 100]`.
	fn authorize_report_equivocation_unsigned(a: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `190 + a * (32 ±0)`
		//  Estimated: `4190 + a * (32 ±0)`
		// Minimum execution time: 108_000_000 picoseconds.
		Weight::from_parts(108_000_000, 4190)
			// Standard Error: 20_000
			.saturating_add(Weight::from_parts(150_000, 0).saturating_mul(a.into()))
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(Weight::from_parts(0, 32).saturating_mul(a.into()))
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	/// Storage: `Ibft::CurrentSetId` (r:1 w:0)
	/// Proof: `Ibft::CurrentSetId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Ibft::AuthoritySets` (r:1 w:0)
	/// Proof: `Ibft::AuthoritySets` (`max_values`: None, `max_size`: Some(3218), added: 5693, mode: `MaxEncodedLen`)
	/// Storage: `Ibft::Reports` (r:1 w:1)
	/// Proof: `Ibft::Reports` (`max_values`: None, `max_size`: Some(257), added: 2732, mode: `MaxEncodedLen`)
	/// The range of component `a` is `[1, 100]`.
	fn report_equivocation_unsigned(a: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `190 + a * (32 ±0)`
		//  Estimated: `4190 + a * (32 ±0)`
		// Minimum execution time: 118_000_000 picoseconds.
		Weight::from_parts(118_000_000, 4190)
			// Standard Error: 20_000
			.saturating_add(Weight::from_parts(150_000, 0).saturating_mul(a.into()))
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
			.saturating_add(Weight::from_parts(0, 32).saturating_mul(a.into()))
	}
	/// Storage: `Ibft::CurrentSetId` (r:1 w:0)
	/// Proof: `Ibft::CurrentSetId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Ibft::AuthoritySets` (r:1 w:0)
	/// Proof: `Ibft::AuthoritySets` (`max_values`: None, `max_size`: Some(3218), added: 5693, mode: `MaxEncodedLen`)
	/// Storage: `Ibft::Reports` (r:1 w:0)
	/// Proof: `Ibft::Reports` (`max_values`: None, `max_size`: Some(257), added: 2732, mode: `MaxEncodedLen`)
	/// The range of component `a` is `[1, 100]`.
	fn authorize_report_equivocation_unsigned(a: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `190 + a * (32 ±0)`
		//  Estimated: `4190 + a * (32 ±0)`
		// Minimum execution time: 108_000_000 picoseconds.
		Weight::from_parts(108_000_000, 4190)
			// Standard Error: 20_000
			.saturating_add(Weight::from_parts(150_000, 0).saturating_mul(a.into()))
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(Weight::from_parts(0, 32).saturating_mul(a.into()))
	}
}
