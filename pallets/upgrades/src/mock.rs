//! A mock runtime: frame-system and the upgrades pallet. Root proposes and cancels; account
//! 1 stands for the Council (`ProposeOrigin`), account 2 for the Technical Committee
//! (`FastTrackOrigin`).

use crate as pallet_upgrades;
use frame_support::{construct_runtime, derive_impl, traits::EitherOfDiverse};
use frame_system::{EnsureRoot, EnsureSignedBy};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

construct_runtime!(
	pub enum Test {
		System: frame_system,
		Upgrades: pallet_upgrades,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type OnSetCode = Upgrades;
}

/// The account standing for a Council motion.
pub const COUNCIL: u64 = 1;
/// The account standing for a Technical Committee motion.
pub const TECH: u64 = 2;
/// Neither.
pub const STRANGER: u64 = 3;
/// The enactment delay of the mock.
pub const DELAY: u64 = 10;
/// The code application delay of the mock.
pub const CODE_DELAY: u64 = 3;

frame_support::ord_parameter_types! {
	pub const Council: u64 = COUNCIL;
	pub const Tech: u64 = TECH;
}

impl pallet_upgrades::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type ProposeOrigin = EitherOfDiverse<EnsureRoot<u64>, EnsureSignedBy<Council, u64>>;
	type FastTrackOrigin = EitherOfDiverse<EnsureRoot<u64>, EnsureSignedBy<Tech, u64>>;
	type CancelOrigin = EitherOfDiverse<
		EnsureRoot<u64>,
		EitherOfDiverse<EnsureSignedBy<Council, u64>, EnsureSignedBy<Tech, u64>>,
	>;
	type CodeApplicationDelay = frame_support::traits::ConstU64<CODE_DELAY>;
	type MaxCodeSize = frame_support::traits::ConstU32<1024>;
	type WeightInfo = ();
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_upgrades::GenesisConfig::<Test> { enactment_delay: DELAY }
		.assimilate_storage(&mut t)
		.unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| System::set_block_number(1));
	ext
}
