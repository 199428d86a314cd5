//! Mining (`pallet-mining`): pools, shares and NEX rewards paid from the economics pallet's
//! rewards pot.

use super::RewardsPotAccount;
use crate::{
	tokens::UNIT, Assets, Balance, Balances, Runtime, RuntimeHoldReason, MILLI_SECS_PER_BLOCK,
};
use frame_support::{
	parameter_types,
	traits::{ConstU32, ConstU64},
};
use frame_system::EnsureRoot;
use sp_runtime::{transaction_validity::TransactionPriority, Perbill};

parameter_types! {
	/// Bonded by a pool's operator while the pool is open, returned when it closes.
	pub const MiningPoolDeposit: Balance = UNIT;
	/// No pool may take more than a fifth of its miners' rewards.
	pub const MiningMaxPoolFee: Perbill = Perbill::from_percent(20);
	/// Shares compete with user transactions at the lowest priority.
	pub const MiningSharePriority: TransactionPriority = 0;
}

impl pallet_mining::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Assets = Assets;
	type AssetId = metanode_primitives::AssetId;
	type NexAssetId = ConstU32<{ metanode_primitives::tokens::NEX }>;
	type RewardsPot = RewardsPotAccount;
	type AdminOrigin = EnsureRoot<crate::AccountId>;
	type PoolDeposit = MiningPoolDeposit;
	type MaxPoolFee = MiningMaxPoolFee;
	type MaxPoolNameLen = ConstU32<32>;
	type MaxPools = ConstU32<64>;
	type MaxPoolMembers = ConstU32<1024>;
	type MaxMinerPoolsPerEpoch = ConstU32<4>;
	type MaxSharesPerEpoch = ConstU32<10_000>;
	type SharePriority = MiningSharePriority;
	type MillisecsPerBlock = ConstU64<MILLI_SECS_PER_BLOCK>;
	type EpochHistory = ConstU32<72>;
	type SettleBatch = ConstU32<64>;
	type PruneBatch = ConstU32<256>;
	type WeightInfo = pallet_mining::weights::SubstrateWeight<Runtime>;
}
