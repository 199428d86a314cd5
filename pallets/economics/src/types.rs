//! The types of the economics pallet: parameters, usage records, accumulators, settlements and
//! the reports the runtime API returns.
//!
//! Every type stored on chain is `MaxEncodedLen`. The report types (`SupplyReport`,
//! `PoeReport`, `Settlement`, `RecordProof`) are SCALE + `TypeInfo` only, so the runtime API
//! and any client can decode them without serde.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{Deserialize, Serialize};
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::{FixedU128, Perbill};

/// Balance of every Metanode token, in its smallest unit (10^-12 of a whole token).
pub type Balance = u128;

/// One whole token (GEN, NEX, FLX or AUR): Metanode tokens have 12 decimals
/// (`metanode_primitives::tokens::UNIT`). Only the defaults below depend on it.
pub const UNIT: Balance = 1_000_000_000_000;
/// A thousandth of a token.
pub const MILLI_UNIT: Balance = UNIT / 1_000;

/// The four Metanode tokens.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
)]
pub enum Token {
	/// Genesis, the native token: never minted, burned or charged by this pallet.
	Gen,
	/// Nexus: work rewards, minted by the epoch's PoE issuance; storage is billed in NEX.
	Nex,
	/// Flux: operational payments; elastic supply.
	Flx,
	/// Aurum: the collateral-backed settlement rail.
	Aur,
}

/// The kind of service a usage record bills.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum Service {
	/// One transaction: a flat fee in FLX.
	Transaction,
	/// Storage of `storage_bytes`: priced per KiB, in NEX.
	Storage,
	/// `compute_units` of compute: priced per unit, in FLX.
	Compute,
	/// `bandwidth_bytes` of egress: priced per KiB, in FLX.
	Bandwidth,
	/// One cross-border settlement: a flat fee in AUR.
	CrossBorder,
}

impl Service {
	/// The token the service is billed in.
	pub fn token(&self) -> Token {
		match self {
			Service::Transaction | Service::Compute | Service::Bandwidth => Token::Flx,
			Service::Storage => Token::Nex,
			Service::CrossBorder => Token::Aur,
		}
	}
}

/// A usage record a registered provider submits for a consumer.
///
/// Only the quantity the service names is priced (`compute_units` for `Compute`,
/// `storage_bytes` for `Storage`, `bandwidth_bytes` for `Bandwidth`; `Transaction` and
/// `CrossBorder` are flat); the other two quantities must be zero. `execution_time_ms` is
/// metering data, never priced: it counts towards the PoE index (cpu time) only for `Compute`
/// records and only up to `compute_units * max_ms_per_compute_unit`, so PoE weight is always
/// paid for. `job_value`, if given, is the value of the job in the record's token: the
/// consumer also pays the fee schedule's `job_value_fee` (1%) of it, rounded up.
///
/// The consumer must have approved the provider ([`crate::Pallet::approve_provider`]).
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct UsageRecord<AccountId> {
	/// Who pays.
	pub consumer: AccountId,
	/// What is billed.
	pub service: Service,
	/// Compute units used (`Compute` only).
	pub compute_units: u64,
	/// Bytes stored (`Storage` only).
	pub storage_bytes: u64,
	/// Bytes sent (`Bandwidth` only).
	pub bandwidth_bytes: u64,
	/// Execution time in milliseconds (any service; counts for PoE only on `Compute`).
	pub execution_time_ms: u64,
	/// The job's value in the record's token, smallest units (optional): adds the job-value
	/// fee. At most `MaxJobValue`, and not zero if given.
	pub job_value: Option<Balance>,
}

/// The fee schedule: the price of each service, in the smallest unit of its token.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(crate = "frame_support::__private::serde", rename_all = "camelCase", deny_unknown_fields)]
pub struct FeeSchedule {
	/// FLX per transaction (default 0.01 FLX).
	pub transaction: Balance,
	/// FLX per compute unit (default 0.1 FLX).
	pub compute_unit: Balance,
	/// FLX per KiB of bandwidth (default 0.001 FLX); rounded up to the smallest unit.
	pub bandwidth_per_kib: Balance,
	/// NEX per KiB of storage (default 0.001 NEX); rounded up to the smallest unit.
	pub storage_per_kib: Balance,
	/// AUR per cross-border settlement (default 0.1 AUR).
	pub cross_border: Balance,
	/// The job-value fee: this part of a record's `job_value` is added to its fee, in the
	/// record's token, rounded up (default 1%).
	pub job_value_fee: Perbill,
}

impl Default for FeeSchedule {
	fn default() -> Self {
		Self {
			transaction: UNIT / 100,
			compute_unit: UNIT / 10,
			bandwidth_per_kib: MILLI_UNIT,
			storage_per_kib: MILLI_UNIT,
			cross_border: UNIT / 10,
			job_value_fee: Perbill::from_percent(1),
		}
	}
}

/// How a fee (after the FLX burn) is shared. The four parts must sum to exactly 100%.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(crate = "frame_support::__private::serde", rename_all = "camelCase", deny_unknown_fields)]
pub struct FeeSplit {
	/// To the miner reserve account (keyless, locked): default 20%.
	pub miner_reserve: Perbill,
	/// To the mining rewards pot: default 30%.
	pub miners: Perbill,
	/// To the provider that submitted the record: default 20%.
	pub provider: Perbill,
	/// To the treasury: default 30%. The treasury also receives every rounding remainder.
	pub treasury: Perbill,
}

impl FeeSplit {
	/// Whether the four parts sum to exactly 100%.
	pub fn is_valid(&self) -> bool {
		[self.miner_reserve, self.miners, self.provider, self.treasury]
			.iter()
			.map(|p| p.deconstruct() as u64)
			.sum::<u64>()
			== Perbill::one().deconstruct() as u64
	}
}

impl Default for FeeSplit {
	fn default() -> Self {
		Self {
			miner_reserve: Perbill::from_percent(20),
			miners: Perbill::from_percent(30),
			provider: Perbill::from_percent(20),
			treasury: Perbill::from_percent(30),
		}
	}
}

/// The weights of the five PoE inputs in Phi. They must sum to exactly 100%.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(crate = "frame_support::__private::serde", rename_all = "camelCase", deny_unknown_fields)]
pub struct PhiWeights {
	/// Weight of cpu seconds (`cpu_ms / 1000`): default 0.35.
	pub cpu: Perbill,
	/// Weight of thousands of MB-seconds of memory (`memory_mb_s / 1000`): default 0.15.
	pub memory: Perbill,
	/// Weight of GB-days of storage (`storage_gb_day`): default 0.15.
	pub storage: Perbill,
	/// Weight of tens of MB of egress (`egress_mb / 10`): default 0.15.
	pub egress: Perbill,
	/// Weight of hundreds of receipts (`receipts / 100`): default 0.20.
	pub receipts: Perbill,
}

impl PhiWeights {
	/// Whether the five weights sum to exactly 100%.
	pub fn is_valid(&self) -> bool {
		[self.cpu, self.memory, self.storage, self.egress, self.receipts]
			.iter()
			.map(|p| p.deconstruct() as u64)
			.sum::<u64>()
			== Perbill::one().deconstruct() as u64
	}
}

impl Default for PhiWeights {
	fn default() -> Self {
		Self {
			cpu: Perbill::from_percent(35),
			memory: Perbill::from_percent(15),
			storage: Perbill::from_percent(15),
			egress: Perbill::from_percent(15),
			receipts: Perbill::from_percent(20),
		}
	}
}

/// The PoE issuance rule: `NEX = min(nex_cap, K * Gamma(Phi) * A)`.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(crate = "frame_support::__private::serde", rename_all = "camelCase", deny_unknown_fields)]
pub struct PoeParams {
	/// The weights of Phi's inputs.
	pub weights: PhiWeights,
	/// K, in the smallest NEX unit: default 1,000 NEX.
	pub k: Balance,
	/// A, the activity multiplier: default 1.0.
	pub a: FixedU128,
	/// The most NEX one epoch may mint: default 1,000 NEX.
	pub nex_cap: Balance,
	/// The part of the epoch's NEX shared equally by the epoch's validators (default 20%); the
	/// rest goes to the mining rewards pot.
	pub validator_share: Perbill,
	/// The most execution time (ms) one compute unit credits to Phi's cpu input (default
	/// 1,000 ms): a `Compute` record counts `min(execution_time_ms, compute_units * this)`,
	/// other services count none. Applies to records charged after it is set.
	pub max_ms_per_compute_unit: u64,
}

impl Default for PoeParams {
	fn default() -> Self {
		Self {
			weights: PhiWeights::default(),
			k: 1_000 * UNIT,
			a: FixedU128::from_u32(1),
			nex_cap: 1_000 * UNIT,
			validator_share: Perbill::from_percent(20),
			max_ms_per_compute_unit: 1_000,
		}
	}
}

/// The FLX supply policy.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(crate = "frame_support::__private::serde", rename_all = "camelCase", deny_unknown_fields)]
pub struct FlxPolicy {
	/// mu: FLX minted at the end of an epoch, as a part of the FLX billed in it (default 5%).
	pub mu: Perbill,
	/// The most FLX one epoch may mint (default 5,000 FLX).
	pub mint_cap: Balance,
	/// The part of every FLX fee that is burned before the split (default 50%).
	pub burn: Perbill,
}

impl Default for FlxPolicy {
	fn default() -> Self {
		Self {
			mu: Perbill::from_percent(5),
			mint_cap: 5_000 * UNIT,
			burn: Perbill::from_percent(50),
		}
	}
}

/// Every parameter of the economy. Governance changes them with the `set_*` calls.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(crate = "frame_support::__private::serde", rename_all = "camelCase", deny_unknown_fields)]
pub struct EconomicParams {
	/// The price of each service.
	pub fees: FeeSchedule,
	/// How fees are shared.
	pub split: FeeSplit,
	/// The PoE issuance of NEX.
	pub poe: PoeParams,
	/// The FLX elastic mint and burn.
	pub flx: FlxPolicy,
	/// The length of an epoch, in blocks (default 600; at least 1).
	pub epoch_length: u32,
}

impl Default for EconomicParams {
	fn default() -> Self {
		Self {
			fees: FeeSchedule::default(),
			split: FeeSplit::default(),
			poe: PoeParams::default(),
			flx: FlxPolicy::default(),
			epoch_length: 600,
		}
	}
}

/// Per-token amounts of the three assets (GEN is never billed, minted or burned).
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Debug,
)]
pub struct TokenAmounts {
	/// NEX, smallest units.
	pub nex: Balance,
	/// FLX, smallest units.
	pub flx: Balance,
	/// AUR, smallest units.
	pub aur: Balance,
}

impl TokenAmounts {
	/// The amount of `token` (always zero for GEN).
	pub fn get(&self, token: Token) -> Balance {
		match token {
			Token::Gen => 0,
			Token::Nex => self.nex,
			Token::Flx => self.flx,
			Token::Aur => self.aur,
		}
	}

	/// Adds `amount` of `token`, saturating. Adding GEN does nothing.
	pub fn add(&mut self, token: Token, amount: Balance) {
		match token {
			Token::Gen => {},
			Token::Nex => self.nex = self.nex.saturating_add(amount),
			Token::Flx => self.flx = self.flx.saturating_add(amount),
			Token::Aur => self.aur = self.aur.saturating_add(amount),
		}
	}
}

/// The network's metered usage in an epoch: the inputs of Phi.
///
/// How usage records map onto Phi's inputs:
/// - `cpu_ms`: the sum, over charged `Compute` records, of
///   `min(execution_time_ms, compute_units * max_ms_per_compute_unit)` (the execution time a
///   record's priced compute units pay for; other services credit none);
/// - `memory_mb_s`: the sum of `compute_units` of `Compute` records (one compute unit is one
///   MB-second of memory);
/// - `storage_bytes`: the sum of `storage_bytes` of `Storage` records, each record being one
///   day of storage (`storage_gb_day = storage_bytes / 10^9`);
/// - `egress_bytes`: the sum of `bandwidth_bytes` of `Bandwidth` records
///   (`egress_mb = egress_bytes / 10^6`);
/// - `receipts`: the number of charged records.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Debug,
)]
pub struct UsageTotals {
	/// Milliseconds of execution credited to PoE (paid for by compute units).
	pub cpu_ms: u128,
	/// MB-seconds of memory (compute units).
	pub memory_mb_s: u128,
	/// Bytes stored for a day.
	pub storage_bytes: u128,
	/// Bytes of egress.
	pub egress_bytes: u128,
	/// Charged records.
	pub receipts: u128,
}

impl UsageTotals {
	/// The execution time (ms) `record` credits to Phi's cpu input: for `Compute` records
	/// `min(execution_time_ms, compute_units * max_ms_per_compute_unit)`, otherwise 0.
	pub fn credited_cpu_ms<AccountId>(
		record: &UsageRecord<AccountId>,
		max_ms_per_compute_unit: u64,
	) -> u128 {
		match record.service {
			Service::Compute => u128::from(record.execution_time_ms).min(
				u128::from(record.compute_units).saturating_mul(max_ms_per_compute_unit.into()),
			),
			_ => 0,
		}
	}

	/// Adds a charged record's usage (see [`Self::credited_cpu_ms`] for the cpu input).
	pub fn add<AccountId>(
		&mut self,
		record: &UsageRecord<AccountId>,
		max_ms_per_compute_unit: u64,
	) {
		self.cpu_ms =
			self.cpu_ms.saturating_add(Self::credited_cpu_ms(record, max_ms_per_compute_unit));
		match record.service {
			Service::Compute => {
				self.memory_mb_s = self.memory_mb_s.saturating_add(record.compute_units.into())
			},
			Service::Storage => {
				self.storage_bytes = self.storage_bytes.saturating_add(record.storage_bytes.into())
			},
			Service::Bandwidth => {
				self.egress_bytes = self.egress_bytes.saturating_add(record.bandwidth_bytes.into())
			},
			Service::Transaction | Service::CrossBorder => {},
		}
		self.receipts = self.receipts.saturating_add(1);
	}
}

/// What the current epoch has accumulated so far.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Debug,
)]
pub struct EpochAccumulator {
	/// Charged records (also the number of Merkle leaves of the epoch).
	pub records: u32,
	/// Metered usage (Phi's inputs).
	pub usage: UsageTotals,
	/// Fees billed, per token (before burn and split).
	pub fees: TokenAmounts,
	/// Minted, per token: AUR by issuers during the epoch; NEX and FLX at the epoch's end.
	pub minted: TokenAmounts,
	/// Burned, per token: FLX fees and AUR redemptions.
	pub burned: TokenAmounts,
}

/// The current epoch.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Debug,
)]
pub struct EpochInfo<BlockNumber> {
	/// Index of the epoch, from 0 at genesis.
	pub index: u32,
	/// The block the epoch started at; it ends at the first block at or after
	/// `start + epoch_length`, whose `on_initialize` closes it.
	pub start: BlockNumber,
}

/// The commitment stored when an epoch closes. Kept forever.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct Settlement<BlockNumber> {
	/// Index of the epoch.
	pub epoch: u32,
	/// First block of the epoch.
	pub start_block: BlockNumber,
	/// The block whose `on_initialize` closed the epoch (the first block of the next one).
	pub end_block: BlockNumber,
	/// Root of the binary Merkle tree of the epoch's record leaves (zero if no records).
	pub root: H256,
	/// Number of charged records (leaves).
	pub record_count: u32,
	/// Fees billed, per token.
	pub fees: TokenAmounts,
	/// Minted in the epoch, per token (NEX: PoE issuance; FLX: elastic mint; AUR: issuers).
	pub minted: TokenAmounts,
	/// Burned in the epoch, per token.
	pub burned: TokenAmounts,
	/// The epoch's metered usage.
	pub usage: UsageTotals,
	/// Phi of the epoch.
	pub phi: FixedU128,
	/// Gamma of the epoch.
	pub gamma: FixedU128,
}

/// A collateral issuer of AUR.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Debug,
)]
pub struct IssuerInfo {
	/// Whether the issuer may attest collateral and mint. A removed issuer keeps its record
	/// (until it holds no collateral) so it can still burn AUR and release collateral.
	pub active: bool,
	/// Collateral attested and not released, in AUR units (1 AUR is backed by 1 unit).
	pub collateral: Balance,
	/// AUR minted by the issuer and not burned. Always `issued <= collateral`.
	pub issued: Balance,
}

/// Whether an attestation adds or releases collateral.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum AttestationKind {
	/// Collateral deposited with the issuer.
	Deposit,
	/// Collateral released by the issuer.
	Release,
}

/// A recorded collateral attestation, keyed by its hash.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct Attestation<AccountId, BlockNumber> {
	/// The issuer that made it.
	pub issuer: AccountId,
	/// Deposit or release.
	pub kind: AttestationKind,
	/// The collateral amount, in AUR units.
	pub amount: Balance,
	/// The block it was recorded in.
	pub block: BlockNumber,
}

/// The totals of AUR backing over all issuers.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Debug,
)]
pub struct AurBacking {
	/// Collateral attested and not released.
	pub collateral: Balance,
	/// AUR issued against it and not burned.
	pub issued: Balance,
}

/// A registered service provider.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct ProviderInfo<BlockNumber> {
	/// When it was registered.
	pub registered_at: BlockNumber,
}

/// What a consumer lets one provider charge it per epoch, per token (`None`: no limit).
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Debug,
)]
pub struct SpendingLimits {
	/// The most NEX the provider may charge in one epoch (smallest units).
	pub nex: Option<Balance>,
	/// The most FLX the provider may charge in one epoch (smallest units).
	pub flx: Option<Balance>,
	/// The most AUR the provider may charge in one epoch (smallest units).
	pub aur: Option<Balance>,
}

impl SpendingLimits {
	/// No limit on any token.
	pub const UNLIMITED: Self = Self { nex: None, flx: None, aur: None };

	/// The limit on `token` (`None`: no limit; GEN is never charged).
	pub fn get(&self, token: Token) -> Option<Balance> {
		match token {
			Token::Gen => None,
			Token::Nex => self.nex,
			Token::Flx => self.flx,
			Token::Aur => self.aur,
		}
	}
}

/// A consumer's approval of a provider: the provider may charge the consumer, within
/// `limits` per epoch.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Debug,
)]
pub struct Approval {
	/// The per-epoch limits.
	pub limits: SpendingLimits,
	/// The epoch `spent` counts.
	pub epoch: u32,
	/// What the provider charged the consumer in `epoch`, per token (whole fees, job-value fee
	/// included).
	pub spent: TokenAmounts,
}

/// A charged usage record, as committed in the epoch's Merkle tree.
///
/// Its leaf is `blake2_256(b"metanode/economics/record/v2" ++ SCALE(record))`
/// (see [`crate::settlement::record_leaf`]). The `UsageCharged` event carries it in full, so
/// anyone can recompute the leaf and check it against the epoch's settlement root.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct ChargedRecord<AccountId> {
	/// The epoch the record was charged in.
	pub epoch: u32,
	/// Its index among the epoch's records (the leaf index).
	pub index: u32,
	/// The provider that submitted it.
	pub provider: AccountId,
	/// The consumer that paid.
	pub consumer: AccountId,
	/// The service billed.
	pub service: Service,
	/// As submitted.
	pub compute_units: u64,
	/// As submitted.
	pub storage_bytes: u64,
	/// As submitted.
	pub bandwidth_bytes: u64,
	/// As submitted.
	pub execution_time_ms: u64,
	/// As submitted.
	pub job_value: Option<Balance>,
	/// The token charged.
	pub token: Token,
	/// The whole fee charged (the schedule's price plus `job_fee`), in the smallest unit of
	/// `token`. The fee breakdown's parts sum to it.
	pub fee: Balance,
	/// The job-value fee included in `fee`: `ceil(job_value_fee * job_value)`, 0 without a job
	/// value.
	pub job_fee: Balance,
}

/// Where a fee went. The six parts always sum to the fee.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Debug,
)]
pub struct FeeBreakdown {
	/// Burned (FLX only).
	pub burned: Balance,
	/// To the miner reserve.
	pub miner_reserve: Balance,
	/// To the mining rewards pot.
	pub miners: Balance,
	/// To the provider.
	pub provider: Balance,
	/// To the treasury (its share, the rounding remainder, and any share a recipient could
	/// not receive).
	pub treasury: Balance,
	/// Owed to the treasury, which could not receive it yet (it holds none of the asset and
	/// the amount is below the asset's minimum balance): taken from the consumer now, kept in
	/// `DeferredTreasury` and paid to the treasury when an epoch closes (see the pallet docs).
	pub deferred: Balance,
}

impl FeeBreakdown {
	/// The sum of the parts.
	pub fn total(&self) -> Balance {
		self.burned
			.saturating_add(self.miner_reserve)
			.saturating_add(self.miners)
			.saturating_add(self.provider)
			.saturating_add(self.treasury)
			.saturating_add(self.deferred)
	}
}

/// The supply of one token.
#[derive(Encode, Decode, TypeInfo, Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct TokenSupply {
	/// Total issuance now.
	pub total_issuance: Balance,
	/// Minted in the current epoch so far.
	pub minted_this_epoch: Balance,
	/// Burned in the current epoch so far.
	pub burned_this_epoch: Balance,
}

/// The supply of the four tokens (runtime API `supply`).
#[derive(Encode, Decode, TypeInfo, Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct SupplyReport {
	/// The current epoch.
	pub epoch: u32,
	/// GEN (never minted or burned: both always zero).
	pub gen: TokenSupply,
	/// NEX.
	pub nex: TokenSupply,
	/// FLX.
	pub flx: TokenSupply,
	/// AUR.
	pub aur: TokenSupply,
	/// AUR collateral and issuance over all issuers.
	pub aur_backing: AurBacking,
}

/// The PoE index of the current epoch so far (runtime API `poe`).
#[derive(Encode, Decode, TypeInfo, Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct PoeReport {
	/// The current epoch.
	pub epoch: u32,
	/// Metered usage so far.
	pub usage: UsageTotals,
	/// Phi of that usage.
	pub phi: FixedU128,
	/// Gamma(Phi).
	pub gamma: FixedU128,
	/// The NEX the epoch would mint if it closed now.
	pub projected_nex: Balance,
}

/// An inclusion proof of one record leaf in an epoch's settlement tree (runtime API `proof`).
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct RecordProof {
	/// The epoch.
	pub epoch: u32,
	/// The leaf's index.
	pub leaf_index: u32,
	/// The number of leaves of the tree.
	pub number_of_leaves: u32,
	/// The leaf the proof is for (informational: verification takes the leaf the verifier
	/// computed from the record).
	pub leaf: H256,
	/// The sibling hashes from the leaf up to (not including) the root.
	pub items: Vec<H256>,
}
