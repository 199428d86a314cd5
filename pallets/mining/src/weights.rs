//! Weights for `pallet_mining`
//!
//! HAND-ESTIMATED, NOT GENERATED: these numbers follow the shape of a generated weights file
//! but were estimated from the work each call does (the storage accesses listed above each
//! function, one blake2-256 hash for a share, and conservative execution-time guesses; a
//! miner's settlement and a claim assume `MaxMinerPoolsPerEpoch = 4`). Regenerate them on
//! reference hardware before production with the command below, which overwrites this file.
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
// --pallet=pallet_mining
// --extrinsic=*
// --wasm-execution=compiled
// --steps=50
// --repeat=20
// --output=pallets/mining/src/weights.rs

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]
#![allow(dead_code)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_mining`.
pub trait WeightInfo {
	fn submit_share() -> Weight;
	fn authorize_submit_share() -> Weight;
	fn submit_share_signed() -> Weight;
	fn open_pool() -> Weight;
	fn close_pool() -> Weight;
	fn join_pool() -> Weight;
	fn leave_pool() -> Weight;
	fn switch_pool() -> Weight;
	fn claim_rewards() -> Weight;
	fn set_epoch_length() -> Weight;
	fn set_target_shares() -> Weight;
	fn set_target() -> Weight;
	fn on_initialize() -> Weight;
	fn close_epoch(p: u32, ) -> Weight;
	fn settle_entry() -> Weight;
	fn prune_submitted(n: u32, ) -> Weight;
}

/// Weights for `pallet_mining` using the Substrate node and recommended hardware.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Mining::CurrentEpoch` (r:1 w:1)
	/// Storage: `Mining::Miners` (r:1 w:1)
	/// Storage: `Mining::Pools` (r:1 w:0)
	/// Storage: `Mining::Submitted` (r:1 w:1)
	/// Storage: `Mining::MinerShares` (r:1 w:1)
	/// Storage: `Mining::EpochPools` (r:1 w:1)
	fn submit_share() -> Weight {
		// Proof Size summary in bytes (estimated):
		//  Estimated: `3600`
		Weight::from_parts(45_000_000, 3600)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `Mining::CurrentEpoch` (r:1 w:0)
	/// Storage: `Mining::Params` (r:1 w:0)
	/// Storage: `Mining::Miners` (r:1 w:0)
	/// Storage: `Mining::Pools` (r:1 w:0)
	/// Storage: `Mining::Submitted` (r:1 w:0)
	/// Storage: `Mining::MinerShares` (r:1 w:0)
	fn authorize_submit_share() -> Weight {
		// Proof Size summary in bytes (estimated):
		//  Estimated: `3600`
		Weight::from_parts(35_000_000, 3600)
			.saturating_add(T::DbWeight::get().reads(6_u64))
	}
	/// Storage: `Mining::CurrentEpoch` (r:1 w:1)
	/// Storage: `Mining::Miners` (r:1 w:1)
	/// Storage: `Mining::Pools` (r:1 w:0)
	/// Storage: `Mining::Submitted` (r:1 w:1)
	/// Storage: `Mining::MinerShares` (r:1 w:1)
	/// Storage: `Mining::EpochPools` (r:1 w:1)
	fn submit_share_signed() -> Weight {
		// Proof Size summary in bytes (estimated):
		//  Estimated: `3600`
		Weight::from_parts(45_000_000, 3600)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `Mining::PoolCount` (r:1 w:1)
	/// Storage: `Mining::NextPoolId` (r:1 w:1)
	/// Storage: `Mining::CurrentEpoch` (r:1 w:0)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Storage: `System::Account` (r:1 w:1)
	/// Storage: `Mining::Pools` (r:0 w:1)
	fn open_pool() -> Weight {
		// Proof Size summary in bytes (estimated):
		//  Estimated: `4800`
		Weight::from_parts(60_000_000, 4800)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `Mining::Pools` (r:1 w:1)
	/// Storage: `Mining::CurrentEpoch` (r:1 w:0)
	/// Storage: `Mining::EpochPools` (r:1 w:0)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Storage: `System::Account` (r:1 w:1)
	/// Storage: `Mining::PoolCount` (r:0 w:1)
	fn close_pool() -> Weight {
		// Proof Size summary in bytes (estimated):
		//  Estimated: `4800`
		Weight::from_parts(60_000_000, 4800)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `Mining::Miners` (r:1 w:1)
	/// Storage: `Mining::Pools` (r:2 w:1)
	/// Storage: `Mining::CurrentEpoch` (r:1 w:0)
	/// Storage: `Mining::MinerShares` (r:1 w:0)
	fn join_pool() -> Weight {
		// Proof Size summary in bytes (estimated):
		//  Estimated: `3600`
		Weight::from_parts(35_000_000, 3600)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Mining::Miners` (r:2 w:1)
	/// Storage: `Mining::Pools` (r:1 w:1)
	/// Storage: `Mining::MinerShares` (r:1 w:0)
	fn leave_pool() -> Weight {
		// Proof Size summary in bytes (estimated):
		//  Estimated: `3600`
		Weight::from_parts(30_000_000, 3600)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Mining::Miners` (r:1 w:1)
	/// Storage: `Mining::Pools` (r:3 w:2)
	/// Storage: `Mining::CurrentEpoch` (r:1 w:0)
	/// Storage: `Mining::MinerShares` (r:1 w:0)
	fn switch_pool() -> Weight {
		// Proof Size summary in bytes (estimated):
		//  Estimated: `3600`
		Weight::from_parts(40_000_000, 3600)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `Mining::Miners` (r:2 w:1)
	/// Storage: `Mining::CurrentEpoch` (r:2 w:0)
	/// Storage: `Mining::MinerShares` (r:1 w:1)
	/// Storage: `Mining::EpochPools` (r:4 w:4)
	/// Storage: `Mining::Epochs` (r:1 w:1)
	/// Storage: `Mining::TotalOwed` (r:1 w:1)
	/// Storage: `Mining::Claimable` (r:1 w:1)
	/// Storage: `Assets::Asset` (r:1 w:1)
	/// Storage: `Assets::Account` (r:2 w:2)
	/// Storage: `System::Account` (r:1 w:1)
	fn claim_rewards() -> Weight {
		// Proof Size summary in bytes (estimated):
		//  Estimated: `6200`
		Weight::from_parts(160_000_000, 6200)
			.saturating_add(T::DbWeight::get().reads(16_u64))
			.saturating_add(T::DbWeight::get().writes(13_u64))
	}
	/// Storage: `Mining::Params` (r:1 w:1)
	fn set_epoch_length() -> Weight {
		// Proof Size summary in bytes (estimated):
		//  Estimated: `1500`
		Weight::from_parts(12_000_000, 1500)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Mining::Params` (r:1 w:1)
	fn set_target_shares() -> Weight {
		// Proof Size summary in bytes (estimated):
		//  Estimated: `1500`
		Weight::from_parts(12_000_000, 1500)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Mining::CurrentEpoch` (r:1 w:1)
	fn set_target() -> Weight {
		// Proof Size summary in bytes (estimated):
		//  Estimated: `1600`
		Weight::from_parts(12_000_000, 1600)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `System::ParentHash` (r:1 w:0)
	/// Storage: `Mining::Accumulator` (r:1 w:1)
	/// Storage: `Mining::CurrentEpoch` (r:1 w:0)
	/// Storage: `Mining::Params` (r:1 w:0)
	fn on_initialize() -> Weight {
		// Proof Size summary in bytes (estimated):
		//  Estimated: `1600`
		Weight::from_parts(10_000_000, 1600)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Mining::CurrentEpoch` (r:1 w:1)
	/// Storage: `Mining::Params` (r:1 w:0)
	/// Storage: `Mining::Accumulator` (r:1 w:0)
	/// Storage: `Mining::TotalOwed` (r:1 w:1)
	/// Storage: `Assets::Asset` (r:1 w:0)
	/// Storage: `Assets::Account` (r:1 w:0)
	/// Storage: `Mining::Epochs` (r:2 w:2)
	/// Storage: `Mining::EpochPools` (r:p w:p)
	/// Storage: `Mining::Pools` (r:p w:p)
	/// Storage: `Mining::Claimable` (r:p w:p)
	/// Storage: `Mining::PoolCount` (r:0 w:1)
	/// The range of component `p` is `[0, 64]`.
	fn close_epoch(p: u32, ) -> Weight {
		// Proof Size summary in bytes (estimated):
		//  Estimated: `4000` + p * (2600)
		Weight::from_parts(80_000_000, 4000)
			.saturating_add(Weight::from_parts(25_000_000, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(8_u64))
			.saturating_add(T::DbWeight::get().reads((3_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(5_u64))
			.saturating_add(T::DbWeight::get().writes((3_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 2600).saturating_mul(p.into()))
	}
	/// Storage: `Mining::MinerShares` (r:1 w:1)
	/// Storage: `Mining::EpochPools` (r:4 w:4)
	/// Storage: `Mining::TotalOwed` (r:1 w:1)
	/// Storage: `Mining::CurrentEpoch` (r:1 w:0)
	/// Storage: `Mining::Epochs` (r:1 w:1)
	/// Storage: `Mining::Claimable` (r:1 w:1)
	fn settle_entry() -> Weight {
		// Proof Size summary in bytes (estimated):
		//  Estimated: `4400`
		Weight::from_parts(90_000_000, 4400)
			.saturating_add(T::DbWeight::get().reads(10_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	/// Storage: `Mining::Submitted` (r:0 w:n)
	/// The range of component `n` is `[0, 1000]`.
	fn prune_submitted(n: u32, ) -> Weight {
		// Proof Size summary in bytes (estimated):
		//  Estimated: `0` + n * (0)
		Weight::from_parts(6_000_000, 0)
			.saturating_add(Weight::from_parts(4_000_000, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(n.into())))
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	/// Storage: `Mining::CurrentEpoch` (r:1 w:1)
	/// Storage: `Mining::Miners` (r:1 w:1)
	/// Storage: `Mining::Pools` (r:1 w:0)
	/// Storage: `Mining::Submitted` (r:1 w:1)
	/// Storage: `Mining::MinerShares` (r:1 w:1)
	/// Storage: `Mining::EpochPools` (r:1 w:1)
	fn submit_share() -> Weight {
		// Proof Size summary in bytes (estimated):
		//  Estimated: `3600`
		Weight::from_parts(45_000_000, 3600)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	/// Storage: `Mining::CurrentEpoch` (r:1 w:0)
	/// Storage: `Mining::Params` (r:1 w:0)
	/// Storage: `Mining::Miners` (r:1 w:0)
	/// Storage: `Mining::Pools` (r:1 w:0)
	/// Storage: `Mining::Submitted` (r:1 w:0)
	/// Storage: `Mining::MinerShares` (r:1 w:0)
	fn authorize_submit_share() -> Weight {
		// Proof Size summary in bytes (estimated):
		//  Estimated: `3600`
		Weight::from_parts(35_000_000, 3600)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
	}
	/// Storage: `Mining::CurrentEpoch` (r:1 w:1)
	/// Storage: `Mining::Miners` (r:1 w:1)
	/// Storage: `Mining::Pools` (r:1 w:0)
	/// Storage: `Mining::Submitted` (r:1 w:1)
	/// Storage: `Mining::MinerShares` (r:1 w:1)
	/// Storage: `Mining::EpochPools` (r:1 w:1)
	fn submit_share_signed() -> Weight {
		// Proof Size summary in bytes (estimated):
		//  Estimated: `3600`
		Weight::from_parts(45_000_000, 3600)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	/// Storage: `Mining::PoolCount` (r:1 w:1)
	/// Storage: `Mining::NextPoolId` (r:1 w:1)
	/// Storage: `Mining::CurrentEpoch` (r:1 w:0)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Storage: `System::Account` (r:1 w:1)
	/// Storage: `Mining::Pools` (r:0 w:1)
	fn open_pool() -> Weight {
		// Proof Size summary in bytes (estimated):
		//  Estimated: `4800`
		Weight::from_parts(60_000_000, 4800)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	/// Storage: `Mining::Pools` (r:1 w:1)
	/// Storage: `Mining::CurrentEpoch` (r:1 w:0)
	/// Storage: `Mining::EpochPools` (r:1 w:0)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Storage: `System::Account` (r:1 w:1)
	/// Storage: `Mining::PoolCount` (r:0 w:1)
	fn close_pool() -> Weight {
		// Proof Size summary in bytes (estimated):
		//  Estimated: `4800`
		Weight::from_parts(60_000_000, 4800)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	/// Storage: `Mining::Miners` (r:1 w:1)
	/// Storage: `Mining::Pools` (r:2 w:1)
	/// Storage: `Mining::CurrentEpoch` (r:1 w:0)
	/// Storage: `Mining::MinerShares` (r:1 w:0)
	fn join_pool() -> Weight {
		// Proof Size summary in bytes (estimated):
		//  Estimated: `3600`
		Weight::from_parts(35_000_000, 3600)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	/// Storage: `Mining::Miners` (r:2 w:1)
	/// Storage: `Mining::Pools` (r:1 w:1)
	/// Storage: `Mining::MinerShares` (r:1 w:0)
	fn leave_pool() -> Weight {
		// Proof Size summary in bytes (estimated):
		//  Estimated: `3600`
		Weight::from_parts(30_000_000, 3600)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	/// Storage: `Mining::Miners` (r:1 w:1)
	/// Storage: `Mining::Pools` (r:3 w:2)
	/// Storage: `Mining::CurrentEpoch` (r:1 w:0)
	/// Storage: `Mining::MinerShares` (r:1 w:0)
	fn switch_pool() -> Weight {
		// Proof Size summary in bytes (estimated):
		//  Estimated: `3600`
		Weight::from_parts(40_000_000, 3600)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	/// Storage: `Mining::Miners` (r:2 w:1)
	/// Storage: `Mining::CurrentEpoch` (r:2 w:0)
	/// Storage: `Mining::MinerShares` (r:1 w:1)
	/// Storage: `Mining::EpochPools` (r:4 w:4)
	/// Storage: `Mining::Epochs` (r:1 w:1)
	/// Storage: `Mining::TotalOwed` (r:1 w:1)
	/// Storage: `Mining::Claimable` (r:1 w:1)
	/// Storage: `Assets::Asset` (r:1 w:1)
	/// Storage: `Assets::Account` (r:2 w:2)
	/// Storage: `System::Account` (r:1 w:1)
	fn claim_rewards() -> Weight {
		// Proof Size summary in bytes (estimated):
		//  Estimated: `6200`
		Weight::from_parts(160_000_000, 6200)
			.saturating_add(RocksDbWeight::get().reads(16_u64))
			.saturating_add(RocksDbWeight::get().writes(13_u64))
	}
	/// Storage: `Mining::Params` (r:1 w:1)
	fn set_epoch_length() -> Weight {
		// Proof Size summary in bytes (estimated):
		//  Estimated: `1500`
		Weight::from_parts(12_000_000, 1500)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Storage: `Mining::Params` (r:1 w:1)
	fn set_target_shares() -> Weight {
		// Proof Size summary in bytes (estimated):
		//  Estimated: `1500`
		Weight::from_parts(12_000_000, 1500)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Storage: `Mining::CurrentEpoch` (r:1 w:1)
	fn set_target() -> Weight {
		// Proof Size summary in bytes (estimated):
		//  Estimated: `1600`
		Weight::from_parts(12_000_000, 1600)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Storage: `System::ParentHash` (r:1 w:0)
	/// Storage: `Mining::Accumulator` (r:1 w:1)
	/// Storage: `Mining::CurrentEpoch` (r:1 w:0)
	/// Storage: `Mining::Params` (r:1 w:0)
	fn on_initialize() -> Weight {
		// Proof Size summary in bytes (estimated):
		//  Estimated: `1600`
		Weight::from_parts(10_000_000, 1600)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Storage: `Mining::CurrentEpoch` (r:1 w:1)
	/// Storage: `Mining::Params` (r:1 w:0)
	/// Storage: `Mining::Accumulator` (r:1 w:0)
	/// Storage: `Mining::TotalOwed` (r:1 w:1)
	/// Storage: `Assets::Asset` (r:1 w:0)
	/// Storage: `Assets::Account` (r:1 w:0)
	/// Storage: `Mining::Epochs` (r:2 w:2)
	/// Storage: `Mining::EpochPools` (r:p w:p)
	/// Storage: `Mining::Pools` (r:p w:p)
	/// Storage: `Mining::Claimable` (r:p w:p)
	/// Storage: `Mining::PoolCount` (r:0 w:1)
	/// The range of component `p` is `[0, 64]`.
	fn close_epoch(p: u32, ) -> Weight {
		// Proof Size summary in bytes (estimated):
		//  Estimated: `4000` + p * (2600)
		Weight::from_parts(80_000_000, 4000)
			.saturating_add(Weight::from_parts(25_000_000, 0).saturating_mul(p.into()))
			.saturating_add(RocksDbWeight::get().reads(8_u64))
			.saturating_add(RocksDbWeight::get().reads((3_u64).saturating_mul(p.into())))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
			.saturating_add(RocksDbWeight::get().writes((3_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 2600).saturating_mul(p.into()))
	}
	/// Storage: `Mining::MinerShares` (r:1 w:1)
	/// Storage: `Mining::EpochPools` (r:4 w:4)
	/// Storage: `Mining::TotalOwed` (r:1 w:1)
	/// Storage: `Mining::CurrentEpoch` (r:1 w:0)
	/// Storage: `Mining::Epochs` (r:1 w:1)
	/// Storage: `Mining::Claimable` (r:1 w:1)
	fn settle_entry() -> Weight {
		// Proof Size summary in bytes (estimated):
		//  Estimated: `4400`
		Weight::from_parts(90_000_000, 4400)
			.saturating_add(RocksDbWeight::get().reads(10_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	/// Storage: `Mining::Submitted` (r:0 w:n)
	/// The range of component `n` is `[0, 1000]`.
	fn prune_submitted(n: u32, ) -> Weight {
		// Proof Size summary in bytes (estimated):
		//  Estimated: `0` + n * (0)
		Weight::from_parts(6_000_000, 0)
			.saturating_add(Weight::from_parts(4_000_000, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(n.into())))
	}
}
