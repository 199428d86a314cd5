//! A mock runtime: frame-system, pallet-balances (GEN), pallet-assets (NEX, FLX, AUR) and the
//! economics pallet.

use crate::{self as pallet_economics, EconomicParams, UNIT};
use frame_support::{
	assert_ok, construct_runtime, derive_impl, parameter_types,
	traits::{AsEnsureOriginWithArg, ConstU32, ConstU64, Hooks},
};
use frame_system::{EnsureRoot, EnsureSigned};
use sp_core::H256;
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;

construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Assets: pallet_assets,
		Economics: pallet_economics,
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

/// Asset ids, as in the Metanode runtime.
pub const NEX: u32 = 1;
pub const FLX: u32 = 2;
pub const AUR: u32 = 3;

/// Consumers.
pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
/// A consumer with nothing.
pub const DAVE: AccountId = 4;
/// Registered providers.
pub const PROVIDER: AccountId = 10;
pub const PROVIDER2: AccountId = 11;
/// Not a provider.
pub const STRANGER: AccountId = 12;
/// An AUR issuer.
pub const ISSUER: AccountId = 20;
/// Validators.
pub const VALIDATOR1: AccountId = 31;
pub const VALIDATOR2: AccountId = 32;
/// Pallet accounts.
pub const MINER_RESERVE: AccountId = 1001;
pub const REWARDS_POT: AccountId = 1002;
pub const TREASURY: AccountId = 1003;
/// Owner of the three assets.
pub const ASSET_OWNER: AccountId = 999;

/// The epoch length of the mock (blocks).
pub const EPOCH: u64 = 10;
/// GEN each account starts with.
pub const GEN_EACH: u128 = 1_000 * UNIT;
/// The largest job value of a record: a billion tokens.
pub const MAX_JOB_VALUE: u128 = 1_000_000_000 * UNIT;
/// The consumers that approved both registered providers at the start of every test.
pub const CONSUMERS: [AccountId; 4] = [ALICE, BOB, CHARLIE, DAVE];

parameter_types! {
	pub static EpochValidators: Vec<AccountId> = vec![VALIDATOR1, VALIDATOR2];
	pub static AttestationNonce: u64 = 0;
	pub const NexId: u32 = NEX;
	pub const FlxId: u32 = FLX;
	pub const AurId: u32 = AUR;
	pub const MinerReserve: AccountId = MINER_RESERVE;
	pub const RewardsPot: AccountId = REWARDS_POT;
	pub const Treasury: AccountId = TREASURY;
	pub const MaxJobValue: u128 = MAX_JOB_VALUE;
}

#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for MockBenchmarkHelper {
	fn set_validators(validators: Vec<AccountId>) {
		EpochValidators::set(validators);
	}
	fn allow_aur(_who: &AccountId) {}
}

/// An account that may not hold AUR (in the runtime: one that is not a bank-stamped wallet).
pub const AUR_OUTSIDER: AccountId = 66;

/// Every account but [`AUR_OUTSIDER`] may hold AUR.
pub struct MockAurHolders;
impl frame_support::traits::Contains<AccountId> for MockAurHolders {
	fn contains(who: &AccountId) -> bool {
		*who != AUR_OUTSIDER
	}
}

impl pallet_economics::Config for Test {
	type NativeCurrency = Balances;
	type Assets = Assets;
	type AssetId = u32;
	type NexAssetId = NexId;
	type FlxAssetId = FlxId;
	type AurAssetId = AurId;
	type AdminOrigin = EnsureRoot<AccountId>;
	type AurHolders = MockAurHolders;
	type MinerReserveAccount = MinerReserve;
	type RewardsPotAccount = RewardsPot;
	type TreasuryAccount = Treasury;
	type Validators = EpochValidators;
	type MaxValidators = ConstU32<4>;
	type MaxRecordsPerBatch = ConstU32<16>;
	type MaxRecordsPerEpoch = ConstU32<64>;
	type LeafRetentionEpochs = ConstU32<2>;
	type MaxComputeUnits = ConstU64<1_000_000>;
	type MaxStorageBytes = ConstU64<{ 1 << 40 }>;
	type MaxBandwidthBytes = ConstU64<{ 1 << 40 }>;
	type MaxExecutionTimeMs = ConstU64<86_400_000>;
	type MaxJobValue = MaxJobValue;
	type MaxApprovalsPerConsumer = ConstU32<3>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

/// The mock's parameters: ECONOMICS.md's defaults with an epoch of `EPOCH` blocks.
pub fn mock_params() -> EconomicParams {
	EconomicParams { epoch_length: EPOCH as u32, ..Default::default() }
}

/// Alice, Bob and Charlie hold 10,000 NEX and 10,000 FLX each; nobody holds AUR (it is minted
/// only by issuers). Every account starts with `GEN_EACH` GEN. The consumers (Alice, Bob,
/// Charlie, Dave) have approved `PROVIDER` and `PROVIDER2` without limits.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let gen_holders = [
		ALICE,
		BOB,
		CHARLIE,
		PROVIDER,
		PROVIDER2,
		STRANGER,
		ISSUER,
		VALIDATOR1,
		VALIDATOR2,
		TREASURY,
		ASSET_OWNER,
	];
	pallet_balances::GenesisConfig::<Test> {
		balances: gen_holders.iter().map(|who| (*who, GEN_EACH)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut t)
	.unwrap();
	let mut accounts = Vec::new();
	for who in [ALICE, BOB, CHARLIE] {
		accounts.push((NEX, who, 10_000 * UNIT));
		accounts.push((FLX, who, 10_000 * UNIT));
	}
	pallet_assets::GenesisConfig::<Test> {
		assets: vec![
			(NEX, ASSET_OWNER, true, 1),
			(FLX, ASSET_OWNER, true, 1),
			(AUR, ASSET_OWNER, true, 1),
		],
		metadata: vec![],
		accounts,
		next_asset_id: None,
		reserves: vec![],
	}
	.assimilate_storage(&mut t)
	.unwrap();
	pallet_economics::GenesisConfig::<Test> {
		params: mock_params(),
		providers: vec![PROVIDER, PROVIDER2],
		issuers: vec![ISSUER],
		collateral: vec![],
		aur_mints: vec![],
	}
	.assimilate_storage(&mut t)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| {
		EpochValidators::set(vec![VALIDATOR1, VALIDATOR2]);
		System::set_block_number(1);
		for consumer in CONSUMERS {
			approve(consumer, PROVIDER);
			approve(consumer, PROVIDER2);
		}
		System::reset_events();
	});
	ext
}

/// `consumer` approves `provider` without limits.
pub fn approve(consumer: AccountId, provider: AccountId) {
	assert_ok!(Economics::approve_provider(
		RuntimeOrigin::signed(consumer),
		provider,
		crate::SpendingLimits::UNLIMITED
	));
}

/// Runs blocks up to `n`, calling the pallet's `on_initialize` on each.
pub fn run_to_block(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Economics::on_initialize(next);
	}
}

/// Has `ISSUER` attest `amount` of collateral (under a fresh attestation hash) and mint it as
/// AUR to `who`.
pub fn fund_aur(who: AccountId, amount: u128) {
	let nonce = AttestationNonce::get() + 1;
	AttestationNonce::set(nonce);
	let attestation = H256::from_low_u64_be(0xA77E_5700_0000_0000 | nonce);
	assert_ok!(Economics::attest_collateral(RuntimeOrigin::signed(ISSUER), amount, attestation));
	assert_ok!(Economics::mint_aur(RuntimeOrigin::signed(ISSUER), who, amount));
}
