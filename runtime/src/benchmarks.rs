//! The pallets benchmarked by `metanode benchmark pallet` (built with `runtime-benchmarks`).

use crate::*;
use alloc::{string::String, vec::Vec};
use frame_benchmarking::{BenchmarkBatch, BenchmarkConfig, BenchmarkList};
use frame_support::traits::StorageInfo;

frame_benchmarking::define_benchmarks!(
	[frame_benchmarking, BaselineBench::<Runtime>]
	[frame_system, SystemBench::<Runtime>]
	[frame_system_extensions, SystemExtensionsBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_timestamp, Timestamp]
	[pallet_sudo, Sudo]
	[pallet_assets, Assets]
	[pallet_utility, Utility]
	[pallet_multisig, Multisig]
	[pallet_proxy, Proxy]
	[pallet_scheduler, Scheduler]
	[pallet_preimage, Preimage]
	[pallet_economics, Economics]
	[pallet_ibft, Ibft]
	[pallet_shadow_registry, ShadowRegistry]
	[pallet_mining, Mining]
	[pallet_wallets, Wallets]
	[pallet_recovery, Recovery]
	[pallet_upgrades, Upgrades]
	[pallet_collective, Council]
	[pallet_collective, TechnicalCommittee]
);

type BaselineBench<T> = frame_benchmarking::baseline::Pallet<T>;
type SystemBench<T> = frame_system_benchmarking::Pallet<T>;
type SystemExtensionsBench<T> = frame_system_benchmarking::extensions::Pallet<T>;

impl frame_benchmarking::baseline::Config for Runtime {}
impl frame_system_benchmarking::Config for Runtime {}

/// Lists every benchmark of the runtime and the storage info used to price its weights.
pub fn metadata(extra: bool) -> (Vec<BenchmarkList>, Vec<StorageInfo>) {
	use frame_support::traits::StorageInfoTrait;
	let mut list = Vec::<BenchmarkList>::new();
	list_benchmarks!(list, extra);
	(list, AllPalletsWithSystem::storage_info())
}

/// Runs the benchmarks selected by `config`.
pub fn dispatch(config: BenchmarkConfig) -> Result<Vec<BenchmarkBatch>, String> {
	use frame_support::traits::WhitelistedStorageKeys;
	use sp_storage::TrackedStorageKey;
	let whitelist: Vec<TrackedStorageKey> = AllPalletsWithSystem::whitelisted_storage_keys();
	let mut batches = Vec::<BenchmarkBatch>::new();
	let params = (&config, &whitelist);
	add_benchmarks!(params, batches);
	Ok(batches)
}
