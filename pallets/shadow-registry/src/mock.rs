//! A mock runtime: frame-system, pallet-timestamp, pallet-balances (GEN) and the shadow
//! registry, and a test pallet with a refunding call. Balances transfers need the `Transfer`
//! capability, `System::remark` needs `Custom(1)`, `Refunder::work` needs `Custom(2)`; nothing
//! else may be dispatched by a bridge request.

use crate::{self as pallet_shadow_registry, CallCapability, Capability};
use frame_support::{
	construct_runtime, derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, Hooks},
	weights::Weight,
};
use frame_system::EnsureRoot;
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;
pub type Balance = u128;

construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Balances: pallet_balances,
		ShadowRegistry: pallet_shadow_registry,
		Refunder: refunder,
	}
);

/// A test pallet whose call declares one weight and reports another (to test refunds).
#[frame_support::pallet(dev_mode)]
pub mod refunder {
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Declares `declared` ref time and reports `used`.
		#[pallet::call_index(0)]
		#[pallet::weight(Weight::from_parts(*declared, 0))]
		pub fn work(origin: OriginFor<T>, declared: u64, used: u64) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let _ = declared;
			Ok(Some(Weight::from_parts(used, 0)).into())
		}
	}
}

impl refunder::Config for Test {}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
}

#[derive_impl(pallet_timestamp::config_preludes::TestDefaultConfig)]
impl pallet_timestamp::Config for Test {}

/// The granting account.
pub const ALICE: AccountId = 1;
/// A recipient of transfers.
pub const BOB: AccountId = 2;
/// A relayer: submits requests and pays the fees.
pub const RELAYER: AccountId = 3;
/// Another granting account.
pub const CHARLIE: AccountId = 4;
/// The owner of the Web2 system.
pub const OWNER: AccountId = 10;
/// The owner of the targets.
pub const TARGET_OWNER: AccountId = 11;
/// Another owner.
pub const OTHER_OWNER: AccountId = 12;
/// An account that cannot pay any deposit.
pub const POOR: AccountId = 20;

/// What every funded account starts with.
pub const INITIAL: Balance = 10_000;
/// The mock's deposits.
pub const SYSTEM_DEPOSIT: Balance = 100;
pub const TARGET_DEPOSIT: Balance = 50;
pub const GRANT_DEPOSIT: Balance = 10;
/// Blocks per receipt range.
pub const RANGE_LENGTH: u64 = 5;
/// Blocks a receipt is kept after its range closed.
pub const RETENTION: u64 = 20;
/// Receipts per range.
pub const MAX_PER_RANGE: u32 = 8;
/// The ref time of `MaxCallWeight`.
pub const MAX_CALL_REF_TIME: u64 = 10_000_000_000;
/// Milliseconds per block.
pub const BLOCK_MS: u64 = 2_000;

parameter_types! {
	pub const SystemDeposit: Balance = SYSTEM_DEPOSIT;
	pub const TargetDeposit: Balance = TARGET_DEPOSIT;
	pub const GrantDeposit: Balance = GRANT_DEPOSIT;
	pub const MaxCallWeight: Weight = Weight::from_parts(MAX_CALL_REF_TIME, 1_000_000);
}

/// Balances transfers need `Transfer`, `System::remark` needs `Custom(1)`. The pallet's own
/// calls are deliberately mapped to `Transfer`: the pallet must refuse them anyway.
/// An account no bridge request may send GEN to (stands for the runtime's wallet rules).
pub const GUARDED: AccountId = 77;

parameter_types! {
	/// How many dispatches the guard was told about.
	pub static GuardedDispatches: u32 = 0;
}

/// Refuses transfers to [`GUARDED`]; counts successful dispatches.
pub struct MockGuard;
impl pallet_shadow_registry::DispatchGuard<AccountId, RuntimeCall> for MockGuard {
	fn check(_account: &AccountId, call: &RuntimeCall) -> sp_runtime::DispatchResult {
		match call {
			RuntimeCall::Balances(
				pallet_balances::Call::transfer_keep_alive { dest: GUARDED, .. }
				| pallet_balances::Call::transfer_allow_death { dest: GUARDED, .. },
			) => Err(sp_runtime::DispatchError::Other("guarded")),
			_ => Ok(()),
		}
	}
	fn dispatched(_account: &AccountId, _call: &RuntimeCall) {
		GuardedDispatches::mutate(|n| *n += 1);
	}
}

pub struct MockCallCapability;
impl CallCapability<RuntimeCall> for MockCallCapability {
	fn capability(call: &RuntimeCall) -> Option<Capability> {
		match call {
			RuntimeCall::Balances(
				pallet_balances::Call::transfer_keep_alive { .. }
				| pallet_balances::Call::transfer_allow_death { .. },
			) => Some(Capability::Transfer),
			RuntimeCall::System(frame_system::Call::remark { .. }) => Some(Capability::Custom(1)),
			RuntimeCall::Refunder(_) => Some(Capability::Custom(2)),
			RuntimeCall::ShadowRegistry(_) => Some(Capability::Transfer),
			_ => None,
		}
	}
}

impl pallet_shadow_registry::Config for Test {
	type RuntimeCall = RuntimeCall;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type UnixTime = Timestamp;
	type CallCapability = MockCallCapability;
	type DispatchGuard = MockGuard;
	type ForceOrigin = EnsureRoot<AccountId>;
	type SystemDeposit = SystemDeposit;
	type TargetDeposit = TargetDeposit;
	type GrantDeposit = GrantDeposit;
	type MaxCallWeight = MaxCallWeight;
	type RangeLength = ConstU64<RANGE_LENGTH>;
	type MaxReceiptsPerRange = ConstU32<MAX_PER_RANGE>;
	type ReceiptRetention = ConstU64<RETENTION>;
	type MaxPrunePerBlock = ConstU32<2>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}

/// Every named account but `POOR` starts with `INITIAL`; `POOR` with 5. Block 1, with a
/// timestamp, and a keystore (for the benchmarks).
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: [ALICE, BOB, RELAYER, CHARLIE, OWNER, TARGET_OWNER, OTHER_OWNER]
			.iter()
			.map(|who| (*who, INITIAL))
			.chain([(POOR, 5)])
			.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut t)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
	ext.execute_with(|| {
		System::set_block_number(1);
		Timestamp::set_timestamp(BLOCK_MS);
	});
	ext
}

/// Runs blocks up to `n`: block number, timestamp and the pallet's `on_initialize`.
pub fn run_to_block(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Timestamp::set_timestamp(next * BLOCK_MS);
		ShadowRegistry::on_initialize(next);
	}
}
