//! A mock runtime: frame-system, pallet-balances (GEN, for pool deposits), pallet-assets (NEX,
//! asset id 1, created at genesis) and the mining pallet. Transactions carry the
//! `AuthorizeCall` extension, as in the Metanode runtime, so tests can run shares through the
//! transaction pipeline.

use crate::{self as pallet_mining, MiningParams, Target};
use core::cell::RefCell;
use frame_support::{
	derive_impl, parameter_types,
	traits::{AsEnsureOriginWithArg, ConstU32, ConstU64, Hooks},
	weights::Weight,
};
use frame_system::{EnsureRoot, EnsureSigned};
use sp_core::H256;
use sp_runtime::{generic, testing::UintAuthorityId, traits::BlakeTwo256, BuildStorage, Perbill};

pub type AccountId = u64;

/// The transaction extensions: only the one that authorizes calls.
pub type TxExtension = (frame_system::AuthorizeCall<Test>,);
pub type Header = generic::Header<u64, BlakeTwo256>;
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<u64, RuntimeCall, UintAuthorityId, TxExtension>;
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Assets: pallet_assets,
		Mining: pallet_mining,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u128>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = u128;
	type AccountStore = System;
}

#[derive_impl(pallet_assets::config_preludes::TestDefaultConfig)]
impl pallet_assets::Config for Test {
	type Balance = u128;
	type Currency = Balances;
	type CreateOrigin = AsEnsureOriginWithArg<EnsureSigned<AccountId>>;
	type ForceOrigin = EnsureRoot<AccountId>;
	type Freezer = ();
	type Holder = ();
}

/// NEX's asset id, as in the Metanode runtime.
pub const NEX: u32 = 1;
/// NEX's minimum balance in the mock.
pub const NEX_MIN: u128 = 1;

/// Miners (they hold GEN, no NEX).
pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
pub const DAVE: AccountId = 4;
pub const EVE: AccountId = 5;
/// Pool operators.
pub const OP1: AccountId = 11;
pub const OP2: AccountId = 12;
/// An account with no GEN.
pub const POOR: AccountId = 20;
/// The rewards pot.
pub const POT: AccountId = 1000;
/// Owner of the NEX asset.
pub const ASSET_OWNER: AccountId = 999;

/// GEN each funded account starts with.
pub const GEN_EACH: u128 = 1_000_000;
/// The pool deposit.
pub const DEPOSIT: u128 = 100;
/// The epoch length of the mock (blocks).
pub const EPOCH: u64 = 10;
/// The target share count of the mock.
pub const TARGET_SHARES: u32 = 20;
/// The largest pool fee.
pub const MAX_FEE: Perbill = Perbill::from_percent(50);
/// The mock's block time.
pub const BLOCK_MILLIS: u64 = 2_000;

parameter_types! {
	pub const NexId: u32 = NEX;
	pub const Pot: AccountId = POT;
	pub const PoolDeposit: u128 = DEPOSIT;
	pub const MaxPoolFee: Perbill = MAX_FEE;
	pub const MaxPools: u32 = 8;
	pub const MaxPoolMembers: u32 = 4;
	pub const MaxMinerPoolsPerEpoch: u32 = 3;
	pub const MaxSharesPerEpoch: u32 = 1_000;
	pub const SharePriority: u64 = 1_000;
}

impl pallet_mining::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Assets = Assets;
	type AssetId = u32;
	type NexAssetId = NexId;
	type RewardsPot = Pot;
	type AdminOrigin = EnsureRoot<AccountId>;
	type PoolDeposit = PoolDeposit;
	type MaxPoolFee = MaxPoolFee;
	type MaxPoolNameLen = ConstU32<16>;
	type MaxPools = MaxPools;
	type MaxPoolMembers = MaxPoolMembers;
	type MaxMinerPoolsPerEpoch = MaxMinerPoolsPerEpoch;
	type MaxSharesPerEpoch = MaxSharesPerEpoch;
	type SharePriority = SharePriority;
	type MillisecsPerBlock = ConstU64<BLOCK_MILLIS>;
	type EpochHistory = ConstU32<3>;
	type SettleBatch = ConstU32<2>;
	type PruneBatch = ConstU32<3>;
	type WeightInfo = ();
}

thread_local! {
	/// Mixed into the mock's block hashes, so two chains can have different hashes.
	static HASH_SALT: RefCell<u8> = const { RefCell::new(0) };
}

/// Makes the mock's block hashes depend on `salt` from now on.
pub fn set_hash_salt(salt: u8) {
	HASH_SALT.with(|s| *s.borrow_mut() = salt);
}

/// The mock's hash of block `n`.
pub fn block_hash(n: u64) -> H256 {
	let salt = HASH_SALT.with(|s| *s.borrow());
	let mut bytes = [salt; 32];
	bytes[..8].copy_from_slice(&n.to_le_bytes());
	H256(sp_io::hashing::blake2_256(&bytes))
}

/// The target that every hash meets.
pub const EASIEST: Target = [0xff; 32];

/// `EPOCH`-block epochs, `TARGET_SHARES` target shares, the easiest target (every nonce is a
/// share). The pot holds `pot` NEX; miners, operators and the asset owner hold `GEN_EACH` GEN.
pub fn new_test_ext_with_pot(pot: u128) -> sp_io::TestExternalities {
	set_hash_salt(0);
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let funded = [ALICE, BOB, CHARLIE, DAVE, EVE, OP1, OP2, ASSET_OWNER];
	pallet_balances::GenesisConfig::<Test> {
		balances: funded.iter().map(|who| (*who, GEN_EACH)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut t)
	.unwrap();
	let accounts = if pot > 0 { vec![(NEX, POT, pot)] } else { vec![] };
	pallet_assets::GenesisConfig::<Test> {
		assets: vec![(NEX, ASSET_OWNER, true, NEX_MIN)],
		metadata: vec![],
		accounts,
		next_asset_id: None,
		reserves: vec![],
	}
	.assimilate_storage(&mut t)
	.unwrap();
	pallet_mining::GenesisConfig::<Test> {
		params: MiningParams { epoch_length: EPOCH as u32, target_shares: TARGET_SHARES },
		initial_difficulty: 1,
		_config: Default::default(),
	}
	.assimilate_storage(&mut t)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// As [`new_test_ext_with_pot`], with 1,000,001 NEX units in the pot: 1,000,000 to distribute
/// (the pot keeps the minimum balance of 1).
pub fn new_test_ext() -> sp_io::TestExternalities {
	new_test_ext_with_pot(1_000_000 + NEX_MIN)
}

/// Runs blocks up to `n`: each block is initialized with the mock's hash of its parent, then
/// the pallet's `on_initialize` runs. No `on_idle`, so settlement happens only when a test
/// asks for it (see [`idle`]).
pub fn run_to_block(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::initialize(&next, &block_hash(next - 1), &Default::default());
		Mining::on_initialize(next);
	}
}

/// Runs to the first block of the next epoch.
pub fn next_epoch() {
	run_to_block(crate::Pallet::<Test>::epoch_ends_at());
}

/// Runs the pallet's `on_idle` with `weight` to spare; returns the weight it used.
pub fn idle(weight: Weight) -> Weight {
	Mining::on_idle(System::block_number(), weight)
}

/// Runs `on_idle` with a whole block's weight.
pub fn idle_max() -> Weight {
	idle(Weight::from_parts(2_000_000_000_000, 10 * 1024 * 1024))
}
