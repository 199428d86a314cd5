//! Governance: a Council and a Technical Committee, two instances of `pallet-collective`.
//!
//! Members of a collective propose motions (any runtime call), vote on them, and once a
//! motion reaches its threshold anyone may close it: the call is then dispatched with the
//! collective's origin (`pallet_collective::RawOrigin::Members(yes, total)`). Root (sudo
//! today) sets the members and may disapprove or kill motions.
//!
//! The collective origins are used by [`GovernanceOrigin`]: root, or at least two thirds of
//! the Council. It administers the economics pallet.

use super::RuntimeBlockWeights;
use crate::{
	AccountId, BlockNumber, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin, DAYS, HOURS,
};
use frame_support::{
	parameter_types,
	traits::{ConstU32, EitherOfDiverse},
	weights::Weight,
};
use frame_system::EnsureRoot;
use sp_runtime::Perbill;

/// The Council's instance of `pallet-collective`.
pub type CouncilInstance = pallet_collective::Instance1;
/// The Technical Committee's instance of `pallet-collective`.
pub type TechnicalCommitteeInstance = pallet_collective::Instance2;

/// Root, or a motion of at least two thirds of the Council.
pub type GovernanceOrigin = EitherOfDiverse<
	EnsureRoot<AccountId>,
	pallet_collective::EnsureProportionAtLeast<AccountId, CouncilInstance, 2, 3>,
>;

/// Root, or a motion of at least two thirds of the Technical Committee.
pub type TechnicalOrigin = EitherOfDiverse<
	EnsureRoot<AccountId>,
	pallet_collective::EnsureProportionAtLeast<AccountId, TechnicalCommitteeInstance, 2, 3>,
>;

/// Runtime upgrades: the Council proposes (the upgrade is authorized after the enactment
/// delay), the Technical Committee may fast-track what the Council proposed, either may
/// cancel it. Root may do all of it, and may also `system.set_code` directly.
impl pallet_upgrades::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ProposeOrigin = GovernanceOrigin;
	type FastTrackOrigin = TechnicalOrigin;
	type CancelOrigin = EitherOfDiverse<GovernanceOrigin, TechnicalOrigin>;
	/// Accepted code runs 11 blocks (22 s) after the block that accepted it: every node
	/// compiles it in the background meanwhile (`node/src/prewarm.rs`).
	type CodeApplicationDelay = CodeApplicationDelay;
	/// As large as a block may be.
	type MaxCodeSize = ConstU32<{ 5 * 1024 * 1024 }>;
	type WeightInfo = pallet_upgrades::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// Blocks between accepting new runtime code and writing it to `:code`.
	pub const CodeApplicationDelay: BlockNumber = 10;
}

parameter_types! {
	/// A Council motion stays open for a day (43,200 blocks of 2 s).
	pub const CouncilMotionDuration: BlockNumber = DAYS;
	/// A Technical Committee motion stays open for three hours (5,400 blocks of 2 s).
	pub const TechnicalMotionDuration: BlockNumber = 3 * HOURS;
	pub const MaxProposals: u32 = 100;
	pub const MaxMembers: u32 = 100;
	/// A motion's call may use at most half a block.
	pub MaxProposalWeight: Weight = Perbill::from_percent(50) * RuntimeBlockWeights::get().max_block;
}

impl pallet_collective::Config<CouncilInstance> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = CouncilMotionDuration;
	type MaxProposals = MaxProposals;
	type MaxMembers = MaxMembers;
	/// Members who did not vote when a motion is closed vote as the prime member did
	/// (or no, without a prime).
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = pallet_collective::weights::SubstrateWeight<Runtime>;
	type SetMembersOrigin = EnsureRoot<AccountId>;
	type MaxProposalWeight = MaxProposalWeight;
	type DisapproveOrigin = EnsureRoot<AccountId>;
	type KillOrigin = EnsureRoot<AccountId>;
	/// No deposit for proposing: only members may propose.
	type Consideration = ();
}

impl pallet_collective::Config<TechnicalCommitteeInstance> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = TechnicalMotionDuration;
	type MaxProposals = MaxProposals;
	type MaxMembers = MaxMembers;
	/// Absent members vote as the prime did if more than half of the members voted;
	/// otherwise they vote no.
	type DefaultVote = pallet_collective::MoreThanMajorityThenPrimeDefaultVote;
	type WeightInfo = pallet_collective::weights::SubstrateWeight<Runtime>;
	type SetMembersOrigin = EnsureRoot<AccountId>;
	type MaxProposalWeight = MaxProposalWeight;
	type DisapproveOrigin = EnsureRoot<AccountId>;
	type KillOrigin = EnsureRoot<AccountId>;
	type Consideration = ();
}
