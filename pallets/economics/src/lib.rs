//! # Economics pallet
//!
//! Metanode's four-token economy (see `ECONOMICS.md`):
//!
//! - **Token policy.** GEN (native, [`Config::NativeCurrency`]) is only read: this pallet never
//!   mints, burns, moves or charges it. NEX is minted only by the epoch's PoE issuance. FLX is
//!   minted only by the elastic rule at the end of an epoch (`mu` of the FLX billed in it, at
//!   most `mint_cap`) and a part (`burn`, 50%) of every FLX fee is burned. AUR is minted and
//!   burned only by authorised issuers against collateral they attested (issuer, amount,
//!   attestation hash); an issuer never has more AUR outstanding than collateral (100%
//!   backing). NEX, FLX and AUR are `fungibles` of [`Config::Assets`] (the assets pallet).
//! - **Billing meter.** Providers registered by [`Config::AdminOrigin`] submit bounded batches
//!   of [`UsageRecord`]s ([`Pallet::submit_usage`]) for consumers that approved them
//!   ([`Pallet::approve_provider`], optionally with per-epoch spending limits). Each record is
//!   validated, priced by the [`FeeSchedule`] (the service's price plus, where the record gives
//!   a job value, the job-value fee of 1% of it, rounded up) and charged at once from the
//!   consumer in its token: for FLX the burn is taken first, then the rest is split between the
//!   miner reserve, the mining rewards pot, the provider and the treasury ([`FeeSplit`]);
//!   rounding remainders go to the treasury. A batch is all-or-nothing: any bad record fails
//!   the call with a named error and changes nothing.
//! - **PoE.** The epoch's metered usage feeds Phi, `Gamma = Phi / (1 + Phi)` and the NEX
//!   issuance `min(cap, K * Gamma * A)` ([`poe`]); at the epoch's end the validator share
//!   (20%) is minted equally to [`Config::Validators`] and the rest to the mining rewards pot.
//!   Execution time counts towards Phi only as far as it is paid for: only on `Compute`
//!   records, at most `max_ms_per_compute_unit` (default 1,000 ms) per compute unit.
//! - **Settlement.** Every charged record's leaf (domain-separated blake2-256,
//!   [`settlement::record_leaf`]) is appended to the epoch's leaves; when the epoch closes
//!   (in `on_initialize`, every `epoch_length` blocks) a [`Settlement`] with the Merkle root,
//!   the record count and the per-token fee, mint and burn totals is stored forever. Leaves are
//!   kept for [`Config::LeafRetentionEpochs`] closed epochs so nodes can serve inclusion proofs
//!   ([`Pallet::record_proof`]); [`settlement::verify_record_proof`] checks them off-chain.
//!
//! Every parameter (fee schedule, fee split, Phi weights, K, A, caps, validator share, mu,
//! burn, epoch length) and the sets of providers and issuers are changed by
//! [`Config::AdminOrigin`] (root in the runtime) through calls that emit events.
//!
//! ## Accounts
//!
//! - miner reserve ([`Config::MinerReserveAccount`]): a keyless account (derived from a
//!   `PalletId` in the runtime); nothing in this pallet moves funds out of it, so its share
//!   is locked until governance or a mining pallet releases it;
//! - mining rewards pot ([`Config::RewardsPotAccount`]): keyless; receives the miners' share of
//!   fees and 80% of the NEX issuance; the mining pallet pays miners from it;
//! - treasury ([`Config::TreasuryAccount`]): receives its share of fees, the rounding
//!   remainders and the FLX elastic mint. FRAME's treasury pallet spends it (root only).
//!
//! A share that its recipient cannot receive (a fresh account below the asset's minimum
//! balance, or a blocked account) is added to the treasury's share, and the treasury's share
//! is paid in one transfer. If the treasury cannot receive that either (it holds none of the
//! asset and the amount is below the minimum balance), the amount is still taken from the
//! consumer, by burning it, and owed to the treasury in [`DeferredTreasury`]: each epoch's
//! close mints what is owed to the treasury as soon as it can receive it (the accumulated
//! amount reaches the minimum balance, or the treasury got an account). A valid charge
//! therefore never fails because of a tiny share. The runtime's genesis gives the treasury,
//! the rewards pot and the miner reserve the minimum balance of each asset, so on its chains
//! the deferral is a last resort.
//!
//! ## Providers and consent
//!
//! Registration is permissioned: the admin origin registers and deregisters providers; a
//! provider may also deregister itself. No deposit is taken (a GEN deposit would require this
//! pallet to hold GEN, and GEN stays untouched here). A provider charges only consumers that
//! approved it ([`Pallet::approve_provider`], at most [`Config::MaxApprovalsPerConsumer`]
//! providers per consumer), within the approval's per-epoch spending limits; the consumer
//! revokes the approval at any time ([`Pallet::revoke_provider`]).
//!
//! ## AUR at genesis
//!
//! Genesis AUR is minted by this pallet's genesis config, never by the assets pallet's: the
//! config records the issuers' collateral attestations (`collateral`) and the AUR they mint
//! against it (`aur_mints`), so AUR's supply never exceeds the recorded collateral.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
pub mod poe;
pub mod pricing;
pub mod settlement;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use settlement::{record_leaf, verify_record_proof, RECORD_DOMAIN};
pub use types::*;
pub use weights::WeightInfo;

const LOG_TARGET: &str = "runtime::economics";

/// Lets benchmarks set up what the runtime normally provides.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Makes `validators` the accounts [`Config::Validators`] returns.
	fn set_validators(validators: alloc::vec::Vec<AccountId>);
	/// Makes `who` one of [`Config::AurHolders`].
	fn allow_aur(who: &AccountId);
}

#[cfg(feature = "runtime-benchmarks")]
impl<AccountId> BenchmarkHelper<AccountId> for () {
	fn set_validators(_validators: alloc::vec::Vec<AccountId>) {}
	fn allow_aur(_who: &AccountId) {}
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use crate::pricing::{RecordBounds, RecordError};
	use alloc::vec::Vec;
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible, fungibles,
			tokens::{DepositConsequence, Fortitude, Precision, Preservation, Provenance},
			Contains,
		},
	};
	use frame_system::pallet_prelude::*;
	use sp_core::H256;
	use sp_runtime::traits::{Saturating, StaticLookup};

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	/// An account as a call parameter (an address in Polkadot.js).
	pub type AccountIdLookupOf<T> = <<T as frame_system::Config>::Lookup as StaticLookup>::Source;

	/// A batch of usage records.
	pub type UsageBatchOf<T> = BoundedVec<
		UsageRecord<<T as frame_system::Config>::AccountId>,
		<T as Config>::MaxRecordsPerBatch,
	>;

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// GEN, the native token. Only read (for `supply`): never minted, burned or moved.
		type NativeCurrency: fungible::Inspect<Self::AccountId, Balance = Balance>;

		/// The assets pallet holding NEX, FLX and AUR.
		type Assets: fungibles::Inspect<Self::AccountId, AssetId = Self::AssetId, Balance = Balance>
			+ fungibles::Mutate<Self::AccountId>;

		/// The asset id type of [`Config::Assets`].
		type AssetId: Member + Parameter + Copy + MaxEncodedLen;

		/// The asset id of NEX.
		#[pallet::constant]
		type NexAssetId: Get<Self::AssetId>;

		/// The asset id of FLX.
		#[pallet::constant]
		type FlxAssetId: Get<Self::AssetId>;

		/// The asset id of AUR.
		#[pallet::constant]
		type AurAssetId: Get<Self::AssetId>;

		/// Who changes parameters and registers providers and issuers (root in the runtime).
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The accounts that may hold AUR (in the runtime: bank-stamped wallets and the
		/// protocol's accounts). AUR is minted only to them, and an AUR fee share whose
		/// recipient may not hold it goes to the treasury instead.
		type AurHolders: Contains<Self::AccountId>;

		/// The locked miner reserve: receives the `miner_reserve` share of fees.
		type MinerReserveAccount: Get<Self::AccountId>;

		/// The mining rewards pot: receives the `miners` share of fees and the miners' NEX.
		type RewardsPotAccount: Get<Self::AccountId>;

		/// The treasury: its share of fees, rounding remainders, the FLX elastic mint.
		type TreasuryAccount: Get<Self::AccountId>;

		/// The validators of the epoch, read when it closes (in the runtime: the Aura
		/// authorities as accounts, until the IBFT finality signers are available). At most
		/// [`Config::MaxValidators`] of them are paid; the rest are ignored.
		type Validators: Get<Vec<Self::AccountId>>;

		/// The most validators paid at an epoch's end (bounds `on_initialize`).
		#[pallet::constant]
		type MaxValidators: Get<u32>;

		/// The most records in one `submit_usage` call.
		#[pallet::constant]
		type MaxRecordsPerBatch: Get<u32>;

		/// The most records (Merkle leaves) in one epoch; more are refused with
		/// [`Error::EpochRecordLimitReached`] until the next epoch. Bounds the epoch's leaf
		/// storage (`32 * MaxRecordsPerEpoch` bytes) and the root computation at its end.
		#[pallet::constant]
		type MaxRecordsPerEpoch: Get<u32>;

		/// For how many closed epochs the record leaves are kept to serve proofs (at least 1).
		/// Settlement roots are kept forever.
		#[pallet::constant]
		type LeafRetentionEpochs: Get<u32>;

		/// The largest `compute_units` of a record.
		#[pallet::constant]
		type MaxComputeUnits: Get<u64>;

		/// The largest `storage_bytes` of a record.
		#[pallet::constant]
		type MaxStorageBytes: Get<u64>;

		/// The largest `bandwidth_bytes` of a record.
		#[pallet::constant]
		type MaxBandwidthBytes: Get<u64>;

		/// The largest `execution_time_ms` of a record.
		#[pallet::constant]
		type MaxExecutionTimeMs: Get<u64>;

		/// The largest `job_value` of a record (smallest units of its token). Bounds the
		/// job-value fee so that a record's fee never overflows.
		#[pallet::constant]
		type MaxJobValue: Get<Balance>;

		/// The most providers one consumer may approve at once.
		#[pallet::constant]
		type MaxApprovalsPerConsumer: Get<u32>;

		/// Weights of the calls and of the epoch rollover.
		type WeightInfo: WeightInfo;

		/// Sets up benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: crate::BenchmarkHelper<Self::AccountId>;
	}

	/// Every parameter of the economy.
	#[pallet::storage]
	pub type Parameters<T> = StorageValue<_, EconomicParams, ValueQuery>;

	/// Registered service providers.
	#[pallet::storage]
	pub type Providers<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, ProviderInfo<BlockNumberFor<T>>>;

	/// AUR issuers and their collateral.
	#[pallet::storage]
	pub type Issuers<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, IssuerInfo>;

	/// Collateral attestations, by attestation hash (each hash is used once).
	#[pallet::storage]
	pub type Attestations<T: Config> =
		StorageMap<_, Blake2_128Concat, H256, Attestation<T::AccountId, BlockNumberFor<T>>>;

	/// AUR collateral and issuance over all issuers.
	#[pallet::storage]
	pub type Backing<T> = StorageValue<_, AurBacking, ValueQuery>;

	/// The current epoch.
	#[pallet::storage]
	pub type CurrentEpoch<T: Config> = StorageValue<_, EpochInfo<BlockNumberFor<T>>, ValueQuery>;

	/// What the current epoch has accumulated.
	#[pallet::storage]
	pub type EpochTotals<T> = StorageValue<_, EpochAccumulator, ValueQuery>;

	/// The record leaves of the current epoch and of the last `LeafRetentionEpochs` closed ones.
	#[pallet::storage]
	pub type EpochLeaves<T: Config> =
		StorageMap<_, Twox64Concat, u32, BoundedVec<H256, T::MaxRecordsPerEpoch>, ValueQuery>;

	/// The settlement commitment of every closed epoch.
	#[pallet::storage]
	pub type Settlements<T: Config> =
		StorageMap<_, Twox64Concat, u32, Settlement<BlockNumberFor<T>>>;

	/// Consent: `Approvals[consumer][provider]` lets `provider` charge `consumer`, within the
	/// approval's per-epoch limits.
	#[pallet::storage]
	pub type Approvals<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		T::AccountId,
		Approval,
	>;

	/// How many providers each consumer approved (at most `MaxApprovalsPerConsumer`).
	#[pallet::storage]
	pub type ApprovalCount<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// Amounts owed to the treasury, per token: shares the treasury could not receive when
	/// they were charged (below the asset's minimum balance on a missing account). They were
	/// taken from the consumers by burning and are minted to the treasury when an epoch
	/// closes, as soon as it can receive them.
	#[pallet::storage]
	pub type DeferredTreasury<T> = StorageValue<_, TokenAmounts, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The parameters (ECONOMICS.md's defaults if left out).
		pub params: EconomicParams,
		/// Registered providers.
		pub providers: Vec<T::AccountId>,
		/// Active AUR issuers (with no collateral unless `collateral` gives some).
		pub issuers: Vec<T::AccountId>,
		/// Collateral attested at genesis: `(issuer, amount, attestation hash)`, recorded as a
		/// deposit attestation at block 0. The issuer must be in `issuers`; each hash once.
		pub collateral: Vec<(T::AccountId, Balance, H256)>,
		/// AUR minted at genesis: `(issuer, beneficiary, amount)`, within the issuer's genesis
		/// collateral. Genesis AUR must come from here (not from the assets pallet's genesis),
		/// so that every AUR is backed.
		pub aur_mints: Vec<(T::AccountId, T::AccountId, Balance)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			assert!(self.params.split.is_valid(), "economics: the fee split must sum to 100%");
			assert!(
				self.params.poe.weights.is_valid(),
				"economics: the Phi weights must sum to 100%"
			);
			assert!(self.params.epoch_length >= 1, "economics: the epoch length must be >= 1");
			Parameters::<T>::put(self.params);
			let now = frame_system::Pallet::<T>::block_number();
			for provider in &self.providers {
				Providers::<T>::insert(provider, ProviderInfo { registered_at: now });
			}
			for issuer in &self.issuers {
				Issuers::<T>::insert(issuer, IssuerInfo { active: true, ..Default::default() });
			}
			for (issuer, amount, attestation) in &self.collateral {
				assert!(*amount > 0, "economics: genesis collateral must not be zero");
				assert!(
					!Attestations::<T>::contains_key(attestation),
					"economics: a genesis attestation hash is used twice"
				);
				Issuers::<T>::mutate(issuer, |maybe| {
					let info = maybe.as_mut().expect(
						"economics: genesis collateral needs an issuer listed in `issuers`",
					);
					info.collateral =
						info.collateral.checked_add(*amount).expect("genesis collateral overflows");
				});
				Backing::<T>::mutate(|b| {
					b.collateral =
						b.collateral.checked_add(*amount).expect("genesis collateral overflows")
				});
				Pallet::<T>::record_attestation(
					issuer,
					AttestationKind::Deposit,
					*amount,
					*attestation,
				);
			}
			for (issuer, beneficiary, amount) in &self.aur_mints {
				assert!(*amount > 0, "economics: a genesis AUR mint must not be zero");
				Issuers::<T>::mutate(issuer, |maybe| {
					let info =
						maybe.as_mut().expect("economics: genesis AUR is minted by an issuer");
					let issued = info.issued.saturating_add(*amount);
					assert!(
						issued <= info.collateral,
						"economics: genesis AUR exceeds the issuer's genesis collateral"
					);
					info.issued = issued;
				});
				<T::Assets as fungibles::Mutate<_>>::mint_into(
					T::AurAssetId::get(),
					beneficiary,
					*amount,
				)
				.expect("economics: genesis AUR can be minted (the asset exists)");
				Backing::<T>::mutate(|b| b.issued = b.issued.saturating_add(*amount));
			}
			CurrentEpoch::<T>::put(EpochInfo { index: 0, start: now });
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A usage record was charged: the record as committed, where its fee went, and its
		/// leaf in the epoch's settlement tree.
		UsageCharged { record: ChargedRecord<T::AccountId>, breakdown: FeeBreakdown, leaf: H256 },
		/// A provider was registered.
		ProviderRegistered { provider: T::AccountId },
		/// A provider was deregistered.
		ProviderDeregistered { provider: T::AccountId },
		/// A consumer approved a provider (or changed its limits): the provider may charge it,
		/// within `limits` per epoch.
		ProviderApproved { consumer: T::AccountId, provider: T::AccountId, limits: SpendingLimits },
		/// A consumer revoked its approval of a provider.
		ProviderRevoked { consumer: T::AccountId, provider: T::AccountId },
		/// The fee schedule changed.
		FeeScheduleSet { schedule: FeeSchedule },
		/// The fee split changed.
		FeeSplitSet { split: FeeSplit },
		/// The PoE parameters changed (they apply from the end of the current epoch).
		PoeParamsSet { params: PoeParams },
		/// The FLX policy changed.
		FlxPolicySet { policy: FlxPolicy },
		/// The epoch length changed (the current epoch ends `blocks` after its start).
		EpochLengthSet { blocks: u32 },
		/// An AUR issuer was added (or re-activated).
		IssuerAdded { issuer: T::AccountId },
		/// An AUR issuer was removed: it can no longer attest or mint, only burn and release.
		IssuerRemoved { issuer: T::AccountId },
		/// An issuer attested collateral.
		CollateralAttested {
			issuer: T::AccountId,
			amount: Balance,
			attestation: H256,
			collateral: Balance,
		},
		/// An issuer released collateral.
		CollateralReleased {
			issuer: T::AccountId,
			amount: Balance,
			attestation: H256,
			collateral: Balance,
		},
		/// An issuer minted AUR against its collateral.
		AurMinted { issuer: T::AccountId, beneficiary: T::AccountId, amount: Balance },
		/// An issuer burned AUR it held.
		AurBurned { issuer: T::AccountId, amount: Balance },
		/// The epoch's NEX was minted: `to_miners` to the rewards pot, `to_validators` shared
		/// equally by `validators` validators.
		NexIssued {
			epoch: u32,
			amount: Balance,
			to_miners: Balance,
			to_validators: Balance,
			validators: u32,
		},
		/// The epoch's elastic FLX was minted to the treasury.
		FlxMinted { epoch: u32, amount: Balance },
		/// Shares owed to the treasury (`DeferredTreasury`) were minted to it.
		DeferredTreasuryPaid { token: Token, amount: Balance },
		/// An epoch closed and its settlement was stored.
		EpochClosed { epoch: u32, root: H256, record_count: u32 },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// AUR may only be minted to an account that may hold it (a bank-stamped wallet).
		BeneficiaryCannotHoldAur,
		/// The batch has no records.
		EmptyBatch,
		/// The caller is not a registered provider.
		ProviderNotRegistered,
		/// The account is already a registered provider.
		ProviderAlreadyRegistered,
		/// The consumer cannot pay the fee (keeping its minimum balance).
		InsufficientBalance,
		/// `compute_units` is above `MaxComputeUnits`.
		ComputeUnitsOutOfBounds,
		/// `storage_bytes` is above `MaxStorageBytes`.
		StorageBytesOutOfBounds,
		/// `bandwidth_bytes` is above `MaxBandwidthBytes`.
		BandwidthBytesOutOfBounds,
		/// `execution_time_ms` is above `MaxExecutionTimeMs`.
		ExecutionTimeOutOfBounds,
		/// A quantity the record's service does not price is not zero.
		UnexpectedQuantity,
		/// The quantity the record's service prices is zero.
		ZeroQuantity,
		/// The fee does not fit in a balance.
		FeeOverflow,
		/// The epoch already holds `MaxRecordsPerEpoch` records; retry in the next epoch.
		EpochRecordLimitReached,
		/// The fee split does not sum to 100%.
		InvalidFeeSplit,
		/// The Phi weights do not sum to 100%.
		InvalidPhiWeights,
		/// The epoch length must be at least one block.
		InvalidEpochLength,
		/// The caller is not an (active) AUR issuer.
		NotIssuer,
		/// The account is already an active AUR issuer.
		AlreadyIssuer,
		/// The amount must not be zero.
		ZeroAmount,
		/// This attestation hash was already recorded.
		AttestationAlreadyRecorded,
		/// Minting this much would exceed the issuer's collateral (100% backing).
		InsufficientCollateral,
		/// Releasing this much would leave the issuer's AUR under-collateralised.
		CollateralInUse,
		/// The issuer cannot burn more AUR than it has outstanding.
		BurnExceedsIssued,
		/// An arithmetic overflow.
		Overflow,
		/// A record's consumer has not approved the submitting provider.
		ProviderNotApproved,
		/// The consumer already approved `MaxApprovalsPerConsumer` providers.
		TooManyApprovals,
		/// The consumer has not approved this provider.
		NotApproved,
		/// The fee would take what the provider charged the consumer this epoch above the
		/// approval's limit for the token.
		SpendingLimitExceeded,
		/// `job_value` is above `MaxJobValue`.
		JobValueOutOfBounds,
		/// `job_value` is given but zero (leave it out instead).
		ZeroJobValue,
	}

	impl<T> From<RecordError> for Error<T> {
		fn from(e: RecordError) -> Self {
			match e {
				RecordError::ComputeUnitsOutOfBounds => Error::<T>::ComputeUnitsOutOfBounds,
				RecordError::StorageBytesOutOfBounds => Error::<T>::StorageBytesOutOfBounds,
				RecordError::BandwidthBytesOutOfBounds => Error::<T>::BandwidthBytesOutOfBounds,
				RecordError::ExecutionTimeOutOfBounds => Error::<T>::ExecutionTimeOutOfBounds,
				RecordError::JobValueOutOfBounds => Error::<T>::JobValueOutOfBounds,
				RecordError::ZeroJobValue => Error::<T>::ZeroJobValue,
				RecordError::UnexpectedQuantity => Error::<T>::UnexpectedQuantity,
				RecordError::ZeroQuantity => Error::<T>::ZeroQuantity,
				RecordError::FeeOverflow => Error::<T>::FeeOverflow,
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			let epoch = CurrentEpoch::<T>::get();
			let length = Parameters::<T>::get().epoch_length;
			if now >= epoch.start.saturating_add(length.into()) {
				Self::close_epoch(now)
			} else {
				T::WeightInfo::on_initialize_idle()
			}
		}

		fn integrity_test() {
			assert!(T::MaxRecordsPerBatch::get() > 0, "MaxRecordsPerBatch must be > 0");
			assert!(T::MaxRecordsPerEpoch::get() > 0, "MaxRecordsPerEpoch must be > 0");
			assert!(T::LeafRetentionEpochs::get() > 0, "LeafRetentionEpochs must be > 0");
			assert!(T::MaxApprovalsPerConsumer::get() > 0, "MaxApprovalsPerConsumer must be > 0");
			assert!(
				T::MaxRecordsPerBatch::get() <= T::MaxRecordsPerEpoch::get(),
				"a batch must fit in an epoch"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Charge a batch of usage records (the caller must be a registered provider, and
		/// every record's consumer must have approved it with `approve_provider`).
		///
		/// Each record is priced by the fee schedule (plus the job-value fee, 1% of
		/// `job_value` rounded up, if the record gives one) and charged at once from its
		/// consumer in the service's token (FLX: transaction, compute, bandwidth; NEX: storage;
		/// AUR: cross-border), within the approval's per-epoch limit; for FLX the burn is taken
		/// first, then the rest is split between the miner reserve, the miners' pot, the
		/// provider and the treasury. Execution time counts for PoE only on `Compute` records,
		/// up to `max_ms_per_compute_unit` per compute unit. The batch is all-or-nothing.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::submit_usage(records.len() as u32))]
		pub fn submit_usage(origin: OriginFor<T>, records: UsageBatchOf<T>) -> DispatchResult {
			let provider = ensure_signed(origin)?;
			ensure!(Providers::<T>::contains_key(&provider), Error::<T>::ProviderNotRegistered);
			ensure!(!records.is_empty(), Error::<T>::EmptyBatch);
			let bounds = Self::record_bounds();
			for record in records.iter() {
				ensure!(
					Approvals::<T>::contains_key(&record.consumer, &provider),
					Error::<T>::ProviderNotApproved
				);
				pricing::validate(record, &bounds).map_err(Error::<T>::from)?;
			}
			let params = Parameters::<T>::get();
			let epoch = CurrentEpoch::<T>::get().index;
			let mut totals = EpochTotals::<T>::get();
			for record in records.into_iter() {
				Self::charge(&provider, record, &params, epoch, &mut totals)?;
			}
			EpochTotals::<T>::put(totals);
			Ok(())
		}

		/// Register a service provider (admin origin).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::register_provider())]
		pub fn register_provider(
			origin: OriginFor<T>,
			provider: AccountIdLookupOf<T>,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			let provider = T::Lookup::lookup(provider)?;
			ensure!(
				!Providers::<T>::contains_key(&provider),
				Error::<T>::ProviderAlreadyRegistered
			);
			let registered_at = frame_system::Pallet::<T>::block_number();
			Providers::<T>::insert(&provider, ProviderInfo { registered_at });
			Self::deposit_event(Event::ProviderRegistered { provider });
			Ok(())
		}

		/// Deregister a service provider (admin origin, or the provider itself).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::deregister_provider())]
		pub fn deregister_provider(
			origin: OriginFor<T>,
			provider: AccountIdLookupOf<T>,
		) -> DispatchResult {
			let provider = T::Lookup::lookup(provider)?;
			if let Err(origin) = T::AdminOrigin::try_origin(origin) {
				let who = ensure_signed(origin)?;
				ensure!(who == provider, DispatchError::BadOrigin);
			}
			ensure!(Providers::<T>::contains_key(&provider), Error::<T>::ProviderNotRegistered);
			Providers::<T>::remove(&provider);
			Self::deposit_event(Event::ProviderDeregistered { provider });
			Ok(())
		}

		/// Set the fee schedule (admin origin). Applies to records charged from now on.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::set_fee_schedule())]
		pub fn set_fee_schedule(origin: OriginFor<T>, schedule: FeeSchedule) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Parameters::<T>::mutate(|p| p.fees = schedule);
			Self::deposit_event(Event::FeeScheduleSet { schedule });
			Ok(())
		}

		/// Set the fee split (admin origin). The four parts must sum to exactly 100%.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::set_fee_split())]
		pub fn set_fee_split(origin: OriginFor<T>, split: FeeSplit) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			ensure!(split.is_valid(), Error::<T>::InvalidFeeSplit);
			Parameters::<T>::mutate(|p| p.split = split);
			Self::deposit_event(Event::FeeSplitSet { split });
			Ok(())
		}

		/// Set the PoE parameters: Phi weights (summing to exactly 100%), K, A, the NEX cap and
		/// the validators' share (admin origin). They apply when the current epoch closes.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::set_poe_params())]
		pub fn set_poe_params(origin: OriginFor<T>, params: PoeParams) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			ensure!(params.weights.is_valid(), Error::<T>::InvalidPhiWeights);
			Parameters::<T>::mutate(|p| p.poe = params);
			Self::deposit_event(Event::PoeParamsSet { params });
			Ok(())
		}

		/// Set the FLX policy: mu, the per-epoch mint cap and the burn ratio (admin origin).
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::set_flx_policy())]
		pub fn set_flx_policy(origin: OriginFor<T>, policy: FlxPolicy) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Parameters::<T>::mutate(|p| p.flx = policy);
			Self::deposit_event(Event::FlxPolicySet { policy });
			Ok(())
		}

		/// Set the epoch length in blocks, at least 1 (admin origin). The current epoch ends
		/// `blocks` after its start (at the next block if that is already past).
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::set_epoch_length())]
		pub fn set_epoch_length(origin: OriginFor<T>, blocks: u32) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			ensure!(blocks >= 1, Error::<T>::InvalidEpochLength);
			Parameters::<T>::mutate(|p| p.epoch_length = blocks);
			Self::deposit_event(Event::EpochLengthSet { blocks });
			Ok(())
		}

		/// Authorise an AUR issuer, or re-activate a removed one (admin origin).
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::add_issuer())]
		pub fn add_issuer(origin: OriginFor<T>, issuer: AccountIdLookupOf<T>) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			let issuer = T::Lookup::lookup(issuer)?;
			Issuers::<T>::try_mutate(&issuer, |maybe| -> DispatchResult {
				let info = maybe.get_or_insert_with(Default::default);
				ensure!(!info.active, Error::<T>::AlreadyIssuer);
				info.active = true;
				Ok(())
			})?;
			Self::deposit_event(Event::IssuerAdded { issuer });
			Ok(())
		}

		/// Revoke an AUR issuer (admin origin). It can no longer attest collateral or mint;
		/// it can still burn AUR and release the collateral freed by burning.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::remove_issuer())]
		pub fn remove_issuer(origin: OriginFor<T>, issuer: AccountIdLookupOf<T>) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			let issuer = T::Lookup::lookup(issuer)?;
			Issuers::<T>::try_mutate_exists(&issuer, |maybe| -> DispatchResult {
				let info = maybe.as_mut().filter(|i| i.active).ok_or(Error::<T>::NotIssuer)?;
				info.active = false;
				if info.collateral == 0 && info.issued == 0 {
					*maybe = None;
				}
				Ok(())
			})?;
			Self::deposit_event(Event::IssuerRemoved { issuer });
			Ok(())
		}

		/// Record a collateral attestation (an active issuer): `amount` of collateral, in AUR
		/// units, attested by the document whose hash is `attestation` (each hash once).
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::attest_collateral())]
		pub fn attest_collateral(
			origin: OriginFor<T>,
			amount: Balance,
			attestation: H256,
		) -> DispatchResult {
			let issuer = ensure_signed(origin)?;
			ensure!(amount > 0, Error::<T>::ZeroAmount);
			ensure!(
				!Attestations::<T>::contains_key(attestation),
				Error::<T>::AttestationAlreadyRecorded
			);
			let collateral = Issuers::<T>::try_mutate(&issuer, |maybe| {
				let info = maybe.as_mut().filter(|i| i.active).ok_or(Error::<T>::NotIssuer)?;
				info.collateral =
					info.collateral.checked_add(amount).ok_or(Error::<T>::Overflow)?;
				Ok::<_, Error<T>>(info.collateral)
			})?;
			Backing::<T>::try_mutate(|b| {
				b.collateral = b.collateral.checked_add(amount).ok_or(Error::<T>::Overflow)?;
				Ok::<_, Error<T>>(())
			})?;
			Self::record_attestation(&issuer, AttestationKind::Deposit, amount, attestation);
			Self::deposit_event(Event::CollateralAttested {
				issuer,
				amount,
				attestation,
				collateral,
			});
			Ok(())
		}

		/// Release collateral (an issuer, active or removed), attested by `attestation`. The
		/// collateral left must still cover the issuer's outstanding AUR.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::release_collateral())]
		pub fn release_collateral(
			origin: OriginFor<T>,
			amount: Balance,
			attestation: H256,
		) -> DispatchResult {
			let issuer = ensure_signed(origin)?;
			ensure!(amount > 0, Error::<T>::ZeroAmount);
			ensure!(
				!Attestations::<T>::contains_key(attestation),
				Error::<T>::AttestationAlreadyRecorded
			);
			let collateral = Issuers::<T>::try_mutate_exists(&issuer, |maybe| {
				let info = maybe.as_mut().ok_or(Error::<T>::NotIssuer)?;
				ensure!(
					amount <= info.collateral.saturating_sub(info.issued),
					Error::<T>::CollateralInUse
				);
				info.collateral -= amount;
				let collateral = info.collateral;
				if !info.active && info.collateral == 0 && info.issued == 0 {
					*maybe = None;
				}
				Ok::<_, Error<T>>(collateral)
			})?;
			Backing::<T>::mutate(|b| b.collateral = b.collateral.saturating_sub(amount));
			Self::record_attestation(&issuer, AttestationKind::Release, amount, attestation);
			Self::deposit_event(Event::CollateralReleased {
				issuer,
				amount,
				attestation,
				collateral,
			});
			Ok(())
		}

		/// Mint AUR to `beneficiary` (an active issuer), within its unused collateral.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::mint_aur())]
		pub fn mint_aur(
			origin: OriginFor<T>,
			beneficiary: AccountIdLookupOf<T>,
			amount: Balance,
		) -> DispatchResult {
			let issuer = ensure_signed(origin)?;
			let beneficiary = T::Lookup::lookup(beneficiary)?;
			ensure!(amount > 0, Error::<T>::ZeroAmount);
			ensure!(T::AurHolders::contains(&beneficiary), Error::<T>::BeneficiaryCannotHoldAur);
			Issuers::<T>::try_mutate(&issuer, |maybe| {
				let info = maybe.as_mut().filter(|i| i.active).ok_or(Error::<T>::NotIssuer)?;
				let issued = info.issued.checked_add(amount).ok_or(Error::<T>::Overflow)?;
				ensure!(issued <= info.collateral, Error::<T>::InsufficientCollateral);
				info.issued = issued;
				Ok::<_, Error<T>>(())
			})?;
			<T::Assets as fungibles::Mutate<_>>::mint_into(
				T::AurAssetId::get(),
				&beneficiary,
				amount,
			)?;
			Backing::<T>::mutate(|b| b.issued = b.issued.saturating_add(amount));
			EpochTotals::<T>::mutate(|t| t.minted.add(Token::Aur, amount));
			Self::deposit_event(Event::AurMinted { issuer, beneficiary, amount });
			Ok(())
		}

		/// Burn AUR the issuer holds (an issuer, active or removed), at most its outstanding
		/// issuance; frees as much of its collateral. The issuer keeps the asset's minimum
		/// balance.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::burn_aur())]
		pub fn burn_aur(origin: OriginFor<T>, amount: Balance) -> DispatchResult {
			let issuer = ensure_signed(origin)?;
			ensure!(amount > 0, Error::<T>::ZeroAmount);
			Issuers::<T>::try_mutate(&issuer, |maybe| {
				let info = maybe.as_mut().ok_or(Error::<T>::NotIssuer)?;
				ensure!(amount <= info.issued, Error::<T>::BurnExceedsIssued);
				info.issued -= amount;
				Ok::<_, Error<T>>(())
			})?;
			let aur = T::AurAssetId::get();
			ensure!(Self::spendable(aur, &issuer) >= amount, Error::<T>::InsufficientBalance);
			<T::Assets as fungibles::Mutate<_>>::burn_from(
				aur,
				&issuer,
				amount,
				Preservation::Preserve,
				Precision::Exact,
				Fortitude::Polite,
			)?;
			Backing::<T>::mutate(|b| b.issued = b.issued.saturating_sub(amount));
			EpochTotals::<T>::mutate(|t| t.burned.add(Token::Aur, amount));
			Self::deposit_event(Event::AurBurned { issuer, amount });
			Ok(())
		}

		/// Approve `provider` (a registered provider) to charge the caller (the consumer), at
		/// most `limits` per epoch and token (`None`: no limit). Approving an approved provider
		/// again replaces its limits (what it charged this epoch still counts). A consumer
		/// approves at most `MaxApprovalsPerConsumer` providers.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::approve_provider())]
		pub fn approve_provider(
			origin: OriginFor<T>,
			provider: AccountIdLookupOf<T>,
			limits: SpendingLimits,
		) -> DispatchResult {
			let consumer = ensure_signed(origin)?;
			let provider = T::Lookup::lookup(provider)?;
			ensure!(Providers::<T>::contains_key(&provider), Error::<T>::ProviderNotRegistered);
			Approvals::<T>::try_mutate(&consumer, &provider, |maybe| -> DispatchResult {
				match maybe {
					Some(approval) => approval.limits = limits,
					None => {
						ApprovalCount::<T>::try_mutate(&consumer, |count| -> DispatchResult {
							ensure!(
								*count < T::MaxApprovalsPerConsumer::get(),
								Error::<T>::TooManyApprovals
							);
							*count += 1;
							Ok(())
						})?;
						*maybe = Some(Approval {
							limits,
							epoch: CurrentEpoch::<T>::get().index,
							spent: Default::default(),
						});
					},
				}
				Ok(())
			})?;
			Self::deposit_event(Event::ProviderApproved { consumer, provider, limits });
			Ok(())
		}

		/// Revoke the caller's approval of `provider`: it can no longer charge the caller.
		/// Works whether or not the provider is still registered.
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::revoke_provider())]
		pub fn revoke_provider(
			origin: OriginFor<T>,
			provider: AccountIdLookupOf<T>,
		) -> DispatchResult {
			let consumer = ensure_signed(origin)?;
			let provider = T::Lookup::lookup(provider)?;
			ensure!(Approvals::<T>::contains_key(&consumer, &provider), Error::<T>::NotApproved);
			Approvals::<T>::remove(&consumer, &provider);
			ApprovalCount::<T>::mutate_exists(&consumer, |count| {
				*count = count.map(|c| c.saturating_sub(1)).filter(|c| *c > 0);
			});
			Self::deposit_event(Event::ProviderRevoked { consumer, provider });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// The per-record bounds of the runtime.
		pub fn record_bounds() -> RecordBounds {
			RecordBounds {
				max_compute_units: T::MaxComputeUnits::get(),
				max_storage_bytes: T::MaxStorageBytes::get(),
				max_bandwidth_bytes: T::MaxBandwidthBytes::get(),
				max_execution_time_ms: T::MaxExecutionTimeMs::get(),
				max_job_value: T::MaxJobValue::get(),
			}
		}

		/// The asset id of `token` (`None` for GEN).
		pub fn asset_id(token: Token) -> Option<T::AssetId> {
			match token {
				Token::Gen => None,
				Token::Nex => Some(T::NexAssetId::get()),
				Token::Flx => Some(T::FlxAssetId::get()),
				Token::Aur => Some(T::AurAssetId::get()),
			}
		}

		/// What `who` can spend of `asset` while keeping the asset's minimum balance.
		fn spendable(asset: T::AssetId, who: &T::AccountId) -> Balance {
			<T::Assets as fungibles::Inspect<_>>::reducible_balance(
				asset,
				who,
				Preservation::Preserve,
				Fortitude::Polite,
			)
		}

		fn can_receive(asset: T::AssetId, who: &T::AccountId, amount: Balance) -> bool {
			if asset == T::AurAssetId::get() && !T::AurHolders::contains(who) {
				return false;
			}
			<T::Assets as fungibles::Inspect<_>>::can_deposit(
				asset,
				who,
				amount,
				Provenance::Extant,
			) == DepositConsequence::Success
		}

		/// Charges one validated record: consent and limit, fee, burn, split, leaf,
		/// accumulators, event.
		fn charge(
			provider: &T::AccountId,
			record: UsageRecord<T::AccountId>,
			params: &EconomicParams,
			epoch: u32,
			totals: &mut EpochAccumulator,
		) -> DispatchResult {
			let price = pricing::price(&params.fees, &record).map_err(Error::<T>::from)?;
			let (token, fee) = (price.token, price.fee);
			let index = totals.records;
			ensure!(index < T::MaxRecordsPerEpoch::get(), Error::<T>::EpochRecordLimitReached);
			// Services bill NEX, FLX or AUR, never GEN: the lookup cannot fail.
			let asset = Self::asset_id(token).ok_or(Error::<T>::FeeOverflow)?;
			let consumer = &record.consumer;
			Self::spend_allowance(consumer, provider, epoch, token, fee)?;
			ensure!(Self::spendable(asset, consumer) >= fee, Error::<T>::InsufficientBalance);

			let mut breakdown = pricing::split(token, fee, params.flx.burn, &params.split);
			Self::burn(asset, consumer, breakdown.burned)?;
			// Shares a recipient cannot receive join the treasury's share.
			let mut to_treasury = breakdown.treasury;
			for (to, share) in [
				(T::MinerReserveAccount::get(), &mut breakdown.miner_reserve),
				(T::RewardsPotAccount::get(), &mut breakdown.miners),
				(provider.clone(), &mut breakdown.provider),
			] {
				if *share == 0 {
					continue;
				}
				if Self::can_receive(asset, &to, *share) {
					Self::transfer(asset, consumer, &to, *share)?;
				} else {
					to_treasury = to_treasury.saturating_add(*share);
					*share = 0;
				}
			}
			let treasury = T::TreasuryAccount::get();
			if to_treasury == 0 || Self::can_receive(asset, &treasury, to_treasury) {
				Self::transfer(asset, consumer, &treasury, to_treasury)?;
				breakdown.treasury = to_treasury;
			} else {
				// The treasury cannot receive it yet: take it now, owe it to the treasury.
				Self::burn(asset, consumer, to_treasury)?;
				DeferredTreasury::<T>::mutate(|d| d.add(token, to_treasury));
				breakdown.treasury = 0;
				breakdown.deferred = to_treasury;
			}
			debug_assert_eq!(breakdown.total(), fee, "the split adds up to the fee; qed");

			totals.usage.add(&record, params.poe.max_ms_per_compute_unit);
			let charged = ChargedRecord {
				epoch,
				index,
				provider: provider.clone(),
				consumer: record.consumer,
				service: record.service,
				compute_units: record.compute_units,
				storage_bytes: record.storage_bytes,
				bandwidth_bytes: record.bandwidth_bytes,
				execution_time_ms: record.execution_time_ms,
				job_value: record.job_value,
				token,
				fee,
				job_fee: price.job_fee,
			};
			let leaf = settlement::record_leaf(&charged);
			EpochLeaves::<T>::try_append(epoch, leaf)
				.map_err(|_| Error::<T>::EpochRecordLimitReached)?;

			totals.records = index.saturating_add(1);
			totals.fees.add(token, fee);
			totals.burned.add(token, breakdown.burned);
			Self::deposit_event(Event::UsageCharged { record: charged, breakdown, leaf });
			Ok(())
		}

		/// Checks that `consumer` approved `provider` and that `fee` of `token` fits in the
		/// approval's limit for `epoch`, and counts it as spent.
		fn spend_allowance(
			consumer: &T::AccountId,
			provider: &T::AccountId,
			epoch: u32,
			token: Token,
			fee: Balance,
		) -> DispatchResult {
			Approvals::<T>::try_mutate(consumer, provider, |maybe| {
				let approval = maybe.as_mut().ok_or(Error::<T>::ProviderNotApproved)?;
				if approval.epoch != epoch {
					approval.epoch = epoch;
					approval.spent = Default::default();
				}
				let spent = approval.spent.get(token).saturating_add(fee);
				if let Some(limit) = approval.limits.get(token) {
					ensure!(spent <= limit, Error::<T>::SpendingLimitExceeded);
				}
				approval.spent.add(token, fee);
				Ok(())
			})
		}

		/// Moves `amount` of `asset` from `from` to `to`, keeping `from`'s minimum balance.
		fn transfer(
			asset: T::AssetId,
			from: &T::AccountId,
			to: &T::AccountId,
			amount: Balance,
		) -> DispatchResult {
			if amount > 0 {
				<T::Assets as fungibles::Mutate<_>>::transfer(
					asset,
					from,
					to,
					amount,
					Preservation::Preserve,
				)?;
			}
			Ok(())
		}

		/// Burns exactly `amount` of `asset` from `from`, keeping its minimum balance.
		fn burn(asset: T::AssetId, from: &T::AccountId, amount: Balance) -> DispatchResult {
			if amount > 0 {
				<T::Assets as fungibles::Mutate<_>>::burn_from(
					asset,
					from,
					amount,
					Preservation::Preserve,
					Precision::Exact,
					Fortitude::Polite,
				)?;
			}
			Ok(())
		}

		/// Mints to the treasury what it is owed (`DeferredTreasury`), token by token, as far
		/// as it can receive it now; the rest stays owed.
		fn pay_deferred_treasury() {
			let owed = DeferredTreasury::<T>::get();
			if owed == TokenAmounts::default() {
				return;
			}
			let treasury = T::TreasuryAccount::get();
			let mut left = TokenAmounts::default();
			for token in [Token::Nex, Token::Flx, Token::Aur] {
				let amount = owed.get(token);
				let Some(asset) = Self::asset_id(token) else { continue };
				if amount == 0 {
					continue;
				}
				if Self::try_mint(asset, &treasury, amount) {
					Self::deposit_event(Event::DeferredTreasuryPaid { token, amount });
				} else {
					left.add(token, amount);
				}
			}
			DeferredTreasury::<T>::put(left);
		}

		fn record_attestation(
			issuer: &T::AccountId,
			kind: AttestationKind,
			amount: Balance,
			attestation: H256,
		) {
			Attestations::<T>::insert(
				attestation,
				Attestation {
					issuer: issuer.clone(),
					kind,
					amount,
					block: frame_system::Pallet::<T>::block_number(),
				},
			);
		}

		/// Mints `amount` of `asset` to `to`; `false` (and nothing minted) if it cannot.
		fn try_mint(asset: T::AssetId, to: &T::AccountId, amount: Balance) -> bool {
			if amount == 0 {
				return true;
			}
			match <T::Assets as fungibles::Mutate<_>>::mint_into(asset, to, amount) {
				Ok(_) => true,
				Err(e) => {
					log::warn!(target: LOG_TARGET, "could not mint {amount} to {to:?}: {e:?}");
					false
				},
			}
		}

		/// Closes the current epoch at block `now`: mints the epoch's NEX and FLX, stores the
		/// settlement, prunes old leaves and starts the next epoch.
		pub(crate) fn close_epoch(now: BlockNumberFor<T>) -> Weight {
			let info = CurrentEpoch::<T>::get();
			let params = Parameters::<T>::get();
			let mut totals = EpochTotals::<T>::take();
			let leaves = EpochLeaves::<T>::get(info.index);
			let record_count = leaves.len() as u32;
			let root = settlement::merkle_root(leaves);

			// NEX: the PoE issuance, `validator_share` equally to the validators (the
			// remainder of the division and any share a validator cannot receive go to the
			// rewards pot), the rest to the rewards pot.
			let outcome = poe::evaluate(&params.poe, &totals.usage);
			let nex = T::NexAssetId::get();
			let validators: Vec<T::AccountId> =
				T::Validators::get().into_iter().take(T::MaxValidators::get() as usize).collect();
			let validator_count = validators.len() as u32;
			let mut to_validators: Balance = 0;
			if validator_count > 0 {
				let each = params.poe.validator_share.mul_floor(outcome.nex)
					/ Balance::from(validator_count);
				for validator in &validators {
					if each > 0 && Self::try_mint(nex, validator, each) {
						to_validators = to_validators.saturating_add(each);
					}
				}
			}
			let mut to_miners = outcome.nex.saturating_sub(to_validators);
			if !Self::try_mint(nex, &T::RewardsPotAccount::get(), to_miners) {
				to_miners = 0;
			}
			let nex_minted = to_validators.saturating_add(to_miners);
			totals.minted.add(Token::Nex, nex_minted);
			Self::deposit_event(Event::NexIssued {
				epoch: info.index,
				amount: nex_minted,
				to_miners,
				to_validators,
				validators: validator_count,
			});

			// What the treasury is owed from shares it could not receive when charged.
			Self::pay_deferred_treasury();

			// FLX: `mu` of the FLX billed in the epoch, capped, to the treasury.
			let flx_mint = params.flx.mu.mul_floor(totals.fees.flx).min(params.flx.mint_cap);
			if flx_mint > 0
				&& Self::try_mint(T::FlxAssetId::get(), &T::TreasuryAccount::get(), flx_mint)
			{
				totals.minted.add(Token::Flx, flx_mint);
				Self::deposit_event(Event::FlxMinted { epoch: info.index, amount: flx_mint });
			}

			Settlements::<T>::insert(
				info.index,
				Settlement {
					epoch: info.index,
					start_block: info.start,
					end_block: now,
					root,
					record_count,
					fees: totals.fees,
					minted: totals.minted,
					burned: totals.burned,
					usage: totals.usage,
					phi: outcome.phi,
					gamma: outcome.gamma,
				},
			);
			// Keep the leaves of the last `LeafRetentionEpochs` closed epochs.
			if let Some(expired) = info.index.checked_sub(T::LeafRetentionEpochs::get()) {
				EpochLeaves::<T>::remove(expired);
			}
			CurrentEpoch::<T>::put(EpochInfo { index: info.index.saturating_add(1), start: now });
			Self::deposit_event(Event::EpochClosed { epoch: info.index, root, record_count });
			T::WeightInfo::close_epoch(record_count, validator_count)
		}

		/// The mining rewards pot account.
		pub fn rewards_pot_account() -> T::AccountId {
			T::RewardsPotAccount::get()
		}

		/// The miner reserve account.
		pub fn miner_reserve_account() -> T::AccountId {
			T::MinerReserveAccount::get()
		}

		/// The treasury account.
		pub fn treasury_account() -> T::AccountId {
			T::TreasuryAccount::get()
		}

		/// The supply of the four tokens: total issuance, minted and burned this epoch.
		pub fn supply() -> SupplyReport {
			let totals = EpochTotals::<T>::get();
			let asset = |token: Token| {
				let id = Self::asset_id(token).expect("assets have ids; qed");
				TokenSupply {
					total_issuance: <T::Assets as fungibles::Inspect<_>>::total_issuance(id),
					minted_this_epoch: totals.minted.get(token),
					burned_this_epoch: totals.burned.get(token),
				}
			};
			SupplyReport {
				epoch: CurrentEpoch::<T>::get().index,
				gen: TokenSupply {
					total_issuance: <T::NativeCurrency as fungible::Inspect<_>>::total_issuance(),
					minted_this_epoch: 0,
					burned_this_epoch: 0,
				},
				nex: asset(Token::Nex),
				flx: asset(Token::Flx),
				aur: asset(Token::Aur),
				aur_backing: Backing::<T>::get(),
			}
		}

		/// The PoE index of the current epoch so far and the NEX it would mint now.
		pub fn poe() -> PoeReport {
			let usage = EpochTotals::<T>::get().usage;
			let outcome = poe::evaluate(&Parameters::<T>::get().poe, &usage);
			PoeReport {
				epoch: CurrentEpoch::<T>::get().index,
				usage,
				phi: outcome.phi,
				gamma: outcome.gamma,
				projected_nex: outcome.nex,
			}
		}

		/// The settlement of a closed epoch.
		pub fn settlement(epoch: u32) -> Option<Settlement<BlockNumberFor<T>>> {
			Settlements::<T>::get(epoch)
		}

		/// The inclusion proof of record `index` of a closed epoch whose leaves are still kept.
		pub fn record_proof(epoch: u32, index: u32) -> Option<RecordProof> {
			let settlement = Settlements::<T>::get(epoch)?;
			let leaves = EpochLeaves::<T>::get(epoch);
			if leaves.len() as u32 != settlement.record_count {
				return None;
			}
			settlement::merkle_proof(epoch, &leaves, index)
		}

		/// Alias of [`Self::record_proof`], the name the runtime API uses.
		pub fn proof(epoch: u32, index: u32) -> Option<RecordProof> {
			Self::record_proof(epoch, index)
		}

		/// Checks the pallet's invariants.
		#[cfg(any(feature = "try-runtime", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			let epoch = CurrentEpoch::<T>::get();
			let totals = EpochTotals::<T>::get();
			ensure!(
				EpochLeaves::<T>::decode_len(epoch.index).unwrap_or(0) == totals.records as usize,
				"the epoch's leaves and record count disagree"
			);
			let params = Parameters::<T>::get();
			ensure!(params.split.is_valid(), "invalid fee split");
			ensure!(params.poe.weights.is_valid(), "invalid Phi weights");
			ensure!(params.epoch_length >= 1, "invalid epoch length");
			let (mut collateral, mut issued) = (0u128, 0u128);
			for (_, info) in Issuers::<T>::iter() {
				ensure!(info.issued <= info.collateral, "an issuer's AUR is under-collateralised");
				collateral = collateral.saturating_add(info.collateral);
				issued = issued.saturating_add(info.issued);
			}
			let backing = Backing::<T>::get();
			ensure!(
				backing.collateral == collateral && backing.issued == issued,
				"the AUR backing totals disagree with the issuers"
			);
			// Every AUR in existence (and every AUR owed to the treasury) is backed.
			let aur = <T::Assets as fungibles::Inspect<_>>::total_issuance(T::AurAssetId::get());
			ensure!(
				aur.saturating_add(DeferredTreasury::<T>::get().aur) <= backing.collateral,
				"AUR supply exceeds the recorded collateral"
			);
			let mut counts = alloc::collections::BTreeMap::<T::AccountId, u32>::new();
			for (consumer, _, _) in Approvals::<T>::iter() {
				*counts.entry(consumer).or_default() += 1;
			}
			for (consumer, count) in ApprovalCount::<T>::iter() {
				ensure!(
					counts.remove(&consumer) == Some(count),
					"a consumer's approval count disagrees with its approvals"
				);
				ensure!(
					count <= T::MaxApprovalsPerConsumer::get(),
					"a consumer has too many approvals"
				);
			}
			ensure!(counts.is_empty(), "approvals without an approval count");
			Ok(())
		}
	}
}
