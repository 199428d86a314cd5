//! Configuration of every pallet in the runtime.
//!
//! Each `impl pallet_x::Config for Runtime` below says how a FRAME pallet is wired into
//! Metanode: which token it charges deposits in, who may call its privileged functions, and
//! the bounds on its storage.

mod governance;
mod mining;
mod proxy;
mod shadow;
pub mod wallets;

use crate::{
	tokens::{MICRO_UNIT, MILLI_UNIT, UNIT},
	AccountId, Aura, Balance, Balances, Block, BlockNumber, Hash, Nonce, OriginCaller, PalletInfo,
	Preimage, Runtime, RuntimeCall, RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason,
	RuntimeOrigin, RuntimeTask, SessionKeys, System, TxExtension, UncheckedExtrinsic,
	EXISTENTIAL_DEPOSIT, SESSION_PERIOD, SLOT_DURATION, VERSION,
};
use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{
		fungible::HoldConsideration, tokens::imbalance::ResolveTo, AsEnsureOriginWithArg,
		ConstBool, ConstU128, ConstU32, ConstU64, ConstU8, EqualPrivilegeOnly, LinearStoragePrice,
		VariantCountOf,
	},
	weights::{
		constants::{ParityDbWeight, WEIGHT_REF_TIME_PER_SECOND},
		IdentityFee, Weight,
	},
	PalletId,
};
use frame_system::{
	limits::{BlockLength, BlockWeights},
	EnsureRoot, EnsureSigned,
};
use pallet_transaction_payment::{ConstFeeMultiplier, FungibleAdapter, Multiplier};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::{
	generic::Era,
	traits::{AccountIdConversion, ConvertInto, One, OpaqueKeys},
	Perbill,
};
use sp_version::RuntimeVersion;

pub use governance::{
	CouncilInstance, GovernanceOrigin, TechnicalCommitteeInstance, TechnicalOrigin,
};
pub use proxy::ProxyType;
pub use shadow::WalletRulesGuard;

/// The part of a block's weight that normal (user) extrinsics may fill; the rest is kept
/// for operational extrinsics and inherents.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

parameter_types! {
	pub const BlockHashCount: BlockNumber = 2400;
	pub const Version: RuntimeVersion = VERSION;

	/// We allow for 2 seconds of compute with a 6 second average block time, scaled to our
	/// 2 second block: a third of the block time for execution.
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::with_sensible_defaults(
		Weight::from_parts(WEIGHT_REF_TIME_PER_SECOND * 2 / 3, u64::MAX),
		NORMAL_DISPATCH_RATIO,
	);
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(5 * 1024 * 1024)
		.modify_max_length_for_class(DispatchClass::Normal, |m| {
			*m = NORMAL_DISPATCH_RATIO * *m
		})
		.build();
	pub const SS58Prefix: u16 = metanode_primitives::SS58_PREFIX;
}

/// The default types come from FRAME's solochain preset; Metanode overrides only what
/// makes it Metanode.
#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = BlockHashCount;
	/// ParityDB is the node's only database backend.
	type DbWeight = ParityDbWeight;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = ConstU32<16>;
	/// New runtime code is staged and written to `:code` some blocks later, so that every
	/// node compiles it before it must run it (`pallet-upgrades`, `docs/upgrades.md`).
	type OnSetCode = crate::Upgrades;
}

/// The largest authority set of Aura, GRANDPA and IBFT. All three get their sets from the same
/// session validators, so they share one bound.
pub type MaxAuthorities = ConstU32<32>;

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = MaxAuthorities;
	/// One block per slot: a validator that authors twice in a slot equivocates.
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = MaxAuthorities;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

/// Sessions of [`SESSION_PERIOD`] blocks, the first one ending at block `SESSION_PERIOD`.
pub type Sessions = pallet_session::PeriodicSessions<ConstU32<SESSION_PERIOD>, ConstU32<0>>;

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	/// Validators are identified by their account.
	type ValidatorId = AccountId;
	/// Any account may register session keys: being a validator is decided by the session
	/// manager, not by who holds keys.
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = Sessions;
	type NextSessionRotation = Sessions;
	/// No validator membership management yet: the genesis validators stay, and only their
	/// keys can change (`session.set_keys`, effective at the next-but-one session).
	type SessionManager = ();
	type SessionHandler = <SessionKeys as OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	/// Nothing disables validators yet: no offence handler reports to the session pallet.
	type DisablingStrategy = ();
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	/// No deposit for keys: registering them costs a fee, and an account has one entry.
	type KeyDeposit = ();
}

impl pallet_ibft::Config for Runtime {
	type WeightInfo = pallet_ibft::weights::SubstrateWeight<Runtime>;
	type MaxAuthorities = MaxAuthorities;
	/// The current set and the two before it: a set keeps deciding until the block that
	/// replaces it is finalized, so reports about it can arrive after the change.
	type ReportableSets = ConstU32<3>;
	type MaxReportsPerOffender = ConstU32<16>;
	/// Reports are recorded and announced; slashing comes with staking.
	type OnOffence = ();
}

impl<C> frame_system::offchain::CreateTransactionBase<C> for Runtime
where
	RuntimeCall: From<C>,
{
	type RuntimeCall = RuntimeCall;
	type Extrinsic = UncheckedExtrinsic;
}

impl<C> frame_system::offchain::CreateTransaction<C> for Runtime
where
	RuntimeCall: From<C>,
{
	type Extension = TxExtension;

	fn create_transaction(call: RuntimeCall, extension: TxExtension) -> UncheckedExtrinsic {
		UncheckedExtrinsic::new_transaction(call, extension)
	}
}

/// Authorized transactions (such as IBFT's equivocation reports, submitted by the node) are
/// general transactions without a signer: `AuthorizeCall` gives them the authorized origin,
/// and the other extensions only check the chain they are for. Nonce and fee apply to signed
/// origins only, so they are left at zero.
impl<C> frame_system::offchain::CreateAuthorizedTransaction<C> for Runtime
where
	RuntimeCall: From<C>,
{
	fn create_extension() -> TxExtension {
		(
			frame_system::AuthorizeCall::<Runtime>::new(),
			frame_system::CheckNonZeroSender::<Runtime>::new(),
			frame_system::CheckSpecVersion::<Runtime>::new(),
			frame_system::CheckTxVersion::<Runtime>::new(),
			frame_system::CheckGenesis::<Runtime>::new(),
			frame_system::CheckEra::<Runtime>::from(Era::Immortal),
			frame_system::CheckNonce::<Runtime>::from(0),
			frame_system::CheckWeight::<Runtime>::new(),
			pallet_wallets::CheckWalletRules::<Runtime>::new(),
			pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(0),
			frame_metadata_hash_extension::CheckMetadataHash::<Runtime>::new(false),
			frame_system::WeightReclaim::<Runtime>::new(),
		)
	}
}

impl pallet_timestamp::Config for Runtime {
	/// A timestamp: milliseconds since the Unix epoch.
	type Moment = u64;
	type OnTimestampSet = Aura;
	type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = ();
}

parameter_types! {
	/// The account that receives transaction fees: the same account FRAME's treasury
	/// pallet derives from its `py/trsry` id, so the treasury finds them when it is added.
	pub TreasuryAccount: AccountId = TreasuryPalletId::get().into_account_truncating();
	pub const TreasuryPalletId: PalletId = PalletId(*b"py/trsry");
	/// The account that administers the genesis assets (NEX, FLX, AUR). Nobody holds its
	/// key: only root (later governance) can move the issuer role elsewhere.
	pub TokenAuthorityAccount: AccountId = TokenAuthorityPalletId::get().into_account_truncating();
	pub const TokenAuthorityPalletId: PalletId = PalletId(*b"mn/token");
}

impl pallet_balances::Config for Runtime {
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ();
	type ReserveIdentifier = [u8; 8];
	/// GEN, 12 decimals.
	type Balance = Balance;
	type RuntimeEvent = RuntimeEvent;
	/// GEN is never burned (ECONOMICS.md): dust of reaped accounts goes to the treasury.
	type DustRemoval = ResolveTo<TreasuryAccount, Balances>;
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
	type WeightInfo = pallet_balances::weights::SubstrateWeight<Runtime>;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type DoneSlashHandler = ();
}

parameter_types! {
	pub FeeMultiplier: Multiplier = Multiplier::one();
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	/// Fees are paid in GEN and go to the treasury: GEN is never burned (ECONOMICS.md).
	type OnChargeTransaction = FungibleAdapter<Balances, ResolveTo<TreasuryAccount, Balances>>;
	type OperationalFeeMultiplier = ConstU8<5>;
	/// One pico-GEN per picosecond of execution: a balance transfer costs about 0.0002 GEN.
	type WeightToFee = IdentityFee<Balance>;
	/// One micro-GEN per byte of the encoded transaction.
	type LengthToFee = frame_support::weights::ConstantMultiplier<Balance, ConstU128<1_000_000>>;
	type FeeMultiplierUpdate = ConstFeeMultiplier<FeeMultiplier>;
	type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
}

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	pub const AssetDeposit: Balance = 10 * UNIT;
	pub const AssetAccountDeposit: Balance = MILLI_UNIT;
	pub const ApprovalDeposit: Balance = MILLI_UNIT;
	pub const MetadataDepositBase: Balance = UNIT;
	pub const MetadataDepositPerByte: Balance = MILLI_UNIT;
}

impl pallet_assets::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Balance = Balance;
	type AssetId = metanode_primitives::AssetId;
	type AssetIdParameter = codec::Compact<metanode_primitives::AssetId>;
	type ReserveData = ();
	type Currency = Balances;
	type CreateOrigin = AsEnsureOriginWithArg<EnsureSigned<AccountId>>;
	type ForceOrigin = EnsureRoot<AccountId>;
	type AssetDeposit = AssetDeposit;
	type AssetAccountDeposit = AssetAccountDeposit;
	type MetadataDepositBase = MetadataDepositBase;
	type MetadataDepositPerByte = MetadataDepositPerByte;
	type ApprovalDeposit = ApprovalDeposit;
	type StringLimit = ConstU32<50>;
	/// The wallet rules: a frozen wallet's assets, and the AUR of any account that may not
	/// hold it, cannot leave it (`pallet-wallets`).
	type Freezer = crate::Wallets;
	type Holder = ();
	type Extra = ();
	type CallbackHandle = ();
	/// Ids of assets created by users are allocated from `NextAssetId` (set at genesis above
	/// the reserved token ids), so nobody can squat an id the protocol will need.
	type AssetIdAllocator = pallet_assets::AutoIncAssetId<Runtime>;
	type WeightInfo = pallet_assets::weights::SubstrateWeight<Runtime>;
	type RemoveItemsLimit = ConstU32<1000>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}

impl pallet_utility::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PalletsOrigin = OriginCaller;
	type WeightInfo = pallet_utility::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	// One storage item; key size is 32; value is size 4+4+16+32 bytes = 56 bytes.
	pub const DepositBase: Balance = deposit(1, 88);
	// Additional storage item size of 32 bytes.
	pub const DepositFactor: Balance = deposit(0, 32);
}

impl pallet_multisig::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type Currency = Balances;
	type DepositBase = DepositBase;
	type DepositFactor = DepositFactor;
	type MaxSignatories = ConstU32<100>;
	type WeightInfo = pallet_multisig::weights::SubstrateWeight<Runtime>;
	type BlockNumberProvider = System;
}

parameter_types! {
	// One storage item; key size 32, value size 8; .
	pub const ProxyDepositBase: Balance = deposit(1, 8);
	// Additional storage item size of 33 bytes.
	pub const ProxyDepositFactor: Balance = deposit(0, 33);
	pub const AnnouncementDepositBase: Balance = deposit(1, 8);
	pub const AnnouncementDepositFactor: Balance = deposit(0, 66);
}

impl pallet_proxy::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type Currency = Balances;
	type ProxyType = ProxyType;
	type ProxyDepositBase = ProxyDepositBase;
	type ProxyDepositFactor = ProxyDepositFactor;
	type MaxProxies = ConstU32<32>;
	type WeightInfo = pallet_proxy::weights::SubstrateWeight<Runtime>;
	type MaxPending = ConstU32<32>;
	type CallHasher = sp_runtime::traits::BlakeTwo256;
	type AnnouncementDepositBase = AnnouncementDepositBase;
	type AnnouncementDepositFactor = AnnouncementDepositFactor;
	type BlockNumberProvider = System;
}

parameter_types! {
	pub MaximumSchedulerWeight: Weight = Perbill::from_percent(80) *
		RuntimeBlockWeights::get().max_block;
}

impl pallet_scheduler::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeOrigin = RuntimeOrigin;
	type PalletsOrigin = OriginCaller;
	type RuntimeCall = RuntimeCall;
	type MaximumWeight = MaximumSchedulerWeight;
	type ScheduleOrigin = EnsureRoot<AccountId>;
	type MaxScheduledPerBlock = ConstU32<50>;
	type WeightInfo = pallet_scheduler::weights::SubstrateWeight<Runtime>;
	type OriginPrivilegeCmp = EqualPrivilegeOnly;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}

parameter_types! {
	pub const PreimageBaseDeposit: Balance = deposit(2, 64);
	pub const PreimageByteDeposit: Balance = deposit(0, 1);
	pub const PreimageHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Preimage(pallet_preimage::HoldReason::Preimage);
}

impl pallet_preimage::Config for Runtime {
	type WeightInfo = pallet_preimage::weights::SubstrateWeight<Runtime>;
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type ManagerOrigin = EnsureRoot<AccountId>;
	type Consideration = HoldConsideration<
		AccountId,
		Balances,
		PreimageHoldReason,
		LinearStoragePrice<PreimageBaseDeposit, PreimageByteDeposit, Balance>,
	>;
}

/// The GEN deposit for keeping `items` storage items of `bytes` bytes in total.
pub const fn deposit(items: u32, bytes: u32) -> Balance {
	items as Balance * 20 * MILLI_UNIT + (bytes as Balance) * 10 * MICRO_UNIT
}

parameter_types! {
	/// Where the miners' share of fees and of NEX issuance waits for the mining pallet.
	pub RewardsPotAccount: AccountId = PalletId(*b"mn/rwpot").into_account_truncating();
	/// The locked miner reserve (ECONOMICS.md's 20% of every fee).
	pub MinerReserveAccount: AccountId = crate::genesis_config_presets::mining_reserve_account();
}

/// Lets the economics benchmarks choose the validators: they become the session's.
#[cfg(feature = "runtime-benchmarks")]
pub struct SessionValidatorsBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_economics::BenchmarkHelper<AccountId> for SessionValidatorsBenchmarkHelper {
	fn set_validators(validators: alloc::vec::Vec<AccountId>) {
		pallet_session::Validators::<Runtime>::put(validators);
	}

	/// A bank stamp is what lets an account hold AUR (`pallet-wallets`).
	fn allow_aur(who: &AccountId) {
		pallet_wallets::Stamps::<Runtime>::insert(
			who,
			pallet_wallets::Stamp::BankStamped,
			pallet_wallets::StampRecord {
				stamper: who.clone(),
				evidence: Default::default(),
				at: 0,
			},
		);
	}
}

/// The accounts of the epoch's validators: the current session's validators, which are
/// accounts (not keys, so rotating session keys does not change who is paid). Until the IBFT
/// gadget reports who signed finality, they share the validators' NEX equally.
pub struct SessionValidatorAccounts;
impl frame_support::traits::Get<alloc::vec::Vec<AccountId>> for SessionValidatorAccounts {
	fn get() -> alloc::vec::Vec<AccountId> {
		pallet_session::Validators::<Runtime>::get()
	}
}

impl pallet_economics::Config for Runtime {
	type NativeCurrency = Balances;
	type Assets = crate::Assets;
	type AssetId = metanode_primitives::AssetId;
	type NexAssetId = ConstU32<{ metanode_primitives::tokens::NEX }>;
	type FlxAssetId = ConstU32<{ metanode_primitives::tokens::FLX }>;
	type AurAssetId = ConstU32<{ metanode_primitives::tokens::AUR }>;
	/// Root, or two thirds of the Council.
	type AdminOrigin = GovernanceOrigin;
	type AurHolders = pallet_wallets::AurHolders<Runtime>;
	type MinerReserveAccount = MinerReserveAccount;
	type RewardsPotAccount = RewardsPotAccount;
	type TreasuryAccount = TreasuryAccount;
	type Validators = SessionValidatorAccounts;
	type MaxValidators = ConstU32<32>;
	type MaxRecordsPerBatch = ConstU32<64>;
	type MaxRecordsPerEpoch = ConstU32<10_000>;
	/// A day of closed epochs (600 blocks of 2 s each) keeps its leaves for proofs.
	type LeafRetentionEpochs = ConstU32<72>;
	type MaxComputeUnits = ConstU64<1_000_000_000>;
	type MaxStorageBytes = ConstU64<{ 1 << 40 }>;
	type MaxBandwidthBytes = ConstU64<{ 1 << 40 }>;
	/// One day of execution time per record.
	type MaxExecutionTimeMs = ConstU64<86_400_000>;
	/// A job value of at most a billion tokens per record (its 1% fee always fits).
	type MaxJobValue = ConstU128<{ 1_000_000_000 * UNIT }>;
	/// A consumer approves at most 32 providers at once.
	type MaxApprovalsPerConsumer = ConstU32<32>;
	type WeightInfo = pallet_economics::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = SessionValidatorsBenchmarkHelper;
}
