//! # Mining pallet
//!
//! Metanode's proof-of-work mining (see `ECONOMICS.md`, "Mining", and `docs/mining.md`):
//!
//! - **Seeds.** Every block folds its parent's hash into an accumulator
//!   (`acc = blake2_256(acc ‖ parent_hash)`, in `on_initialize`). When an epoch closes, the next
//!   epoch's seed is `blake2_256(SEED_DOMAIN ‖ acc ‖ next_epoch)`, so it depends on every block
//!   hash of the chain and is known to nobody before the epoch's last block is built.
//! - **Shares.** A share is a nonce with `blake2_256(seed ‖ miner ‖ nonce) <= target`
//!   ([`pow::work_hash`], [`pow::meets_target`]): one hash to verify. A share names the epoch it
//!   was mined for; shares of another epoch, repeated `(epoch, miner, nonce)` triples and hashes
//!   above the target are refused with named errors. [`Call::submit_share`] is an *authorized*
//!   call (`#[pallet::authorize]`, checked by `frame_system::AuthorizeCall`): it has no signer
//!   and pays no fee, and the same checks run before it enters the transaction pool and again in
//!   the block, so an invalid share never enters a block. [`Call::submit_share_signed`] is the
//!   same for a signed origin that pays the usual fee.
//! - **Difficulty.** At each epoch end the target is retuned toward
//!   [`MiningParams::target_shares`] shares per epoch, by at most 4x either way and never to 0
//!   ([`pow::retune_target`]).
//! - **Pools.** An operator opens a pool with a fee (a `Perbill`, at most
//!   [`Config::MaxPoolFee`]) and a name, holding [`Config::PoolDeposit`] GEN; miners join, leave
//!   and switch; a miner mines for one pool at a time and shares of a miner with no pool are
//!   refused ([`Error::NotInPool`]). Solo mining is a pool of one: open a pool with fee 0 and
//!   join it.
//! - **Payouts.** At an epoch's end the epoch's reward is the NEX balance of the rewards pot
//!   ([`Config::RewardsPot`]) not yet owed to anyone. It is split pro rata to the pools' shares;
//!   each pool's fee is credited to its operator and the rest is split pro rata to the pool's
//!   miners' shares. Everything is credited to claimable balances ([`Claimable`]) and
//!   [`Call::claim_rewards`] transfers them from the pot. Rounding remainders (dust) stay in the
//!   pot and are accounted in the epoch's [`EpochSummary`].
//!
//! ## Bounded work
//!
//! No block does unbounded work:
//! - closing an epoch touches only the pools that had shares in it, at most [`Config::MaxPools`]
//!   (a pool closed mid-epoch keeps its slot until the epoch closes);
//! - a miner's reward is settled lazily, one ledger entry ([`MinerShares`]) at a time: when the
//!   miner submits its first share of a later epoch, when it claims, or in `on_idle`, which
//!   settles the oldest closed epoch's entries in batches of at most [`Config::SettleBatch`]
//!   and only within the block's spare weight;
//! - the duplicate-share records ([`Submitted`]) of closed epochs are deleted in `on_idle`, at
//!   most [`Config::PruneBatch`] a block.
//!
//! Every miner has at most two ledger entries: the current epoch's and (until it is settled)
//! the one of the last epoch it mined in, because its first share of an epoch settles the
//! older entry first. So a claim or a share settles at most one entry of at most
//! [`Config::MaxMinerPoolsPerEpoch`] pools.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
pub mod pow;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use pow::{meets_target, work_hash, SEED_DOMAIN};
pub use types::*;
pub use weights::WeightInfo;

const LOG_TARGET: &str = "runtime::mining";

/// `a * b / c`, rounded down (0 if `c` is 0). Never overflows: the result is at most `a` when
/// `b <= c`, and saturates otherwise.
pub fn mul_div(a: Balance, b: u32, c: u32) -> Balance {
	if c == 0 {
		return 0;
	}
	sp_runtime::helpers_128bit::multiply_by_rational_with_rounding(
		a,
		b.into(),
		c.into(),
		sp_runtime::Rounding::Down,
	)
	.unwrap_or(Balance::MAX)
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use codec::Encode;
	use frame_support::{
		dispatch::{DispatchResultWithPostInfo, Pays, PostDispatchInfo},
		pallet_prelude::*,
		traits::{
			fungible::{self, MutateHold},
			fungibles,
			tokens::{DepositConsequence, Fortitude, Precision, Preservation, Provenance},
		},
	};
	use frame_system::{ensure_authorized, pallet_prelude::*};
	use sp_runtime::{
		traits::{SaturatedConversion, Saturating},
		transaction_validity::TransactionPriority,
		DispatchError, ModuleError, Perbill,
	};

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	/// A pool's name.
	pub type PoolNameOf<T> = BoundedVec<u8, <T as Config>::MaxPoolNameLen>;

	/// A stored pool.
	pub type PoolOf<T> = Pool<<T as frame_system::Config>::AccountId, PoolNameOf<T>>;

	/// A miner's shares in one epoch, per pool (more than one pool if it switched mid-epoch).
	pub type MinerEntryOf<T> = BoundedVec<(PoolId, u32), <T as Config>::MaxMinerPoolsPerEpoch>;

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The operator's deposit for an open pool.
		#[codec(index = 0)]
		PoolDeposit,
	}

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// GEN, the native token: the pool deposit is held in it.
		type Currency: fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ fungible::Mutate<Self::AccountId>
			+ fungible::Inspect<Self::AccountId, Balance = Balance>;

		/// The runtime's hold reasons.
		type RuntimeHoldReason: From<HoldReason>;

		/// The assets pallet holding NEX.
		type Assets: fungibles::Inspect<Self::AccountId, AssetId = Self::AssetId, Balance = Balance>
			+ fungibles::Mutate<Self::AccountId>;

		/// The asset id type of [`Config::Assets`].
		type AssetId: Member + Parameter + Copy + MaxEncodedLen;

		/// The asset id of NEX.
		#[pallet::constant]
		type NexAssetId: Get<Self::AssetId>;

		/// The mining rewards pot: rewards are paid from its NEX (in the runtime,
		/// `pallet-economics`' rewards pot, which receives 80% of each epoch's NEX issuance).
		type RewardsPot: Get<Self::AccountId>;

		/// Who changes parameters and can close any pool (root in the runtime).
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The GEN held from an operator for each open pool (0 for none).
		#[pallet::constant]
		type PoolDeposit: Get<Balance>;

		/// The highest pool fee.
		#[pallet::constant]
		type MaxPoolFee: Get<Perbill>;

		/// The longest pool name, in bytes.
		#[pallet::constant]
		type MaxPoolNameLen: Get<u32>;

		/// The most pools (open or closing). Bounds the work of an epoch's close.
		#[pallet::constant]
		type MaxPools: Get<u32>;

		/// The most members of one pool.
		#[pallet::constant]
		type MaxPoolMembers: Get<u32>;

		/// The most pools one miner can mine for within one epoch (each switch to a new pool
		/// after mining for the old one uses one more). Bounds the work of settling a miner.
		#[pallet::constant]
		type MaxMinerPoolsPerEpoch: Get<u32>;

		/// The most shares accepted in one epoch; later ones are refused with
		/// [`Error::EpochShareLimit`]. Bounds an epoch's storage if the hash rate jumps.
		#[pallet::constant]
		type MaxSharesPerEpoch: Get<u32>;

		/// The transaction priority of a share in the pool.
		#[pallet::constant]
		type SharePriority: Get<TransactionPriority>;

		/// The block time, in milliseconds (for the hash rate estimate).
		#[pallet::constant]
		type MillisecsPerBlock: Get<u64>;

		/// How many closed epochs' summaries are kept once settled (at least 1).
		#[pallet::constant]
		type EpochHistory: Get<u32>;

		/// The most ledger entries `on_idle` settles in one block.
		#[pallet::constant]
		type SettleBatch: Get<u32>;

		/// The most duplicate-share records `on_idle` deletes in one block.
		#[pallet::constant]
		type PruneBatch: Get<u32>;

		/// Weights of the calls and hooks.
		type WeightInfo: WeightInfo;
	}

	/// The parameters.
	#[pallet::storage]
	pub type Params<T> = StorageValue<_, MiningParams, ValueQuery>;

	/// The current epoch: index, first block, seed, target and shares so far.
	#[pallet::storage]
	pub type CurrentEpoch<T: Config> = StorageValue<_, EpochInfo<BlockNumberFor<T>>, ValueQuery>;

	/// The seed accumulator: every block hash folded in.
	#[pallet::storage]
	pub type Accumulator<T> = StorageValue<_, [u8; 32], ValueQuery>;

	/// The summaries of closed epochs: kept while unsettled, then for `EpochHistory` epochs.
	#[pallet::storage]
	pub type Epochs<T: Config> =
		StorageMap<_, Twox64Concat, EpochIndex, EpochSummary<BlockNumberFor<T>>>;

	/// Open (and closing) pools.
	#[pallet::storage]
	pub type Pools<T: Config> = StorageMap<_, Twox64Concat, PoolId, PoolOf<T>>;

	/// The number of entries in [`Pools`].
	#[pallet::storage]
	pub type PoolCount<T> = StorageValue<_, u32, ValueQuery>;

	/// The id of the next pool.
	#[pallet::storage]
	pub type NextPoolId<T> = StorageValue<_, PoolId, ValueQuery>;

	/// Miners: their pool and the last epoch they mined in.
	#[pallet::storage]
	pub type Miners<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, MinerInfo>;

	/// The accepted shares of the current epoch (and of closed epochs until `on_idle` prunes
	/// them): `(epoch, (miner, nonce))`. Only the current epoch's are checked.
	#[pallet::storage]
	pub type Submitted<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		EpochIndex,
		Blake2_128Concat,
		(T::AccountId, u64),
		(),
		OptionQuery,
	>;

	/// The share ledger: a miner's shares in an epoch, per pool. Removed when settled.
	#[pallet::storage]
	pub type MinerShares<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		EpochIndex,
		Blake2_128Concat,
		T::AccountId,
		MinerEntryOf<T>,
		OptionQuery,
	>;

	/// A pool's shares in an epoch; once the epoch is closed, its miners' reward and what was
	/// paid of it. Removed when the pool's last miner entry of the epoch is settled.
	#[pallet::storage]
	pub type EpochPools<T: Config> =
		StorageDoubleMap<_, Twox64Concat, EpochIndex, Twox64Concat, PoolId, PoolEpoch, OptionQuery>;

	/// The NEX each account can claim now.
	#[pallet::storage]
	pub type Claimable<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, Balance, ValueQuery>;

	/// The NEX of the pot owed to someone: every claimable balance plus the miners' rewards of
	/// closed epochs not settled yet.
	#[pallet::storage]
	pub type TotalOwed<T> = StorageValue<_, Balance, ValueQuery>;

	/// The oldest epoch that may still have unsettled ledger entries.
	#[pallet::storage]
	pub type SettleCursor<T> = StorageValue<_, EpochIndex, ValueQuery>;

	/// The oldest epoch that may still have [`Submitted`] records.
	#[pallet::storage]
	pub type PruneCursor<T> = StorageValue<_, EpochIndex, ValueQuery>;

	#[pallet::genesis_config]
	pub struct GenesisConfig<T: Config> {
		/// The parameters.
		pub params: MiningParams,
		/// The difficulty of epoch 0 (hashes per share, at least 1): its target is
		/// `floor((2^256 - 1) / initial_difficulty)`.
		pub initial_difficulty: u64,
		#[serde(skip)]
		#[doc(hidden)]
		pub _config: core::marker::PhantomData<T>,
	}

	impl<T: Config> Default for GenesisConfig<T> {
		fn default() -> Self {
			Self {
				params: MiningParams::default(),
				initial_difficulty: DEFAULT_INITIAL_DIFFICULTY,
				_config: Default::default(),
			}
		}
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			assert!(self.params.epoch_length >= 1, "mining: the epoch length must be >= 1");
			assert!(self.params.target_shares >= 1, "mining: the target shares must be >= 1");
			assert!(
				self.params.target_shares <= T::MaxSharesPerEpoch::get(),
				"mining: the target shares must be <= MaxSharesPerEpoch"
			);
			assert!(self.initial_difficulty >= 1, "mining: the initial difficulty must be >= 1");
			Params::<T>::put(self.params);
			let acc = [0u8; 32];
			Accumulator::<T>::put(acc);
			CurrentEpoch::<T>::put(EpochInfo {
				index: 0,
				start: frame_system::Pallet::<T>::block_number(),
				seed: pow::epoch_seed(&acc, 0),
				target: pow::target_from_difficulty(self.initial_difficulty.into()),
				shares: 0,
			});
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A pool was opened.
		PoolOpened {
			pool: PoolId,
			operator: T::AccountId,
			fee: Perbill,
			name: PoolNameOf<T>,
			deposit: Balance,
		},
		/// A pool was closed: its members are pool-less and its deposit was released. If it had
		/// shares in the current epoch (`deferred`), it is removed when the epoch closes.
		PoolClosed { pool: PoolId, operator: T::AccountId, members: u32, deferred: bool },
		/// A pool closed during an epoch was removed at the epoch's close.
		PoolRemoved { pool: PoolId },
		/// A miner joined a pool.
		MinerJoined { miner: T::AccountId, pool: PoolId },
		/// A miner left its pool.
		MinerLeft { miner: T::AccountId, pool: PoolId },
		/// A miner switched pools.
		MinerSwitched { miner: T::AccountId, from: PoolId, to: PoolId },
		/// A share was accepted.
		ShareAccepted { epoch: EpochIndex, miner: T::AccountId, pool: PoolId, nonce: u64 },
		/// At an epoch's close: a pool's reward and the fee credited to its operator.
		PoolRewarded { epoch: EpochIndex, pool: PoolId, shares: u32, reward: Balance, fee: Balance },
		/// An epoch closed: its shares, reward, the operators' fees and the pool-level dust.
		EpochClosed {
			epoch: EpochIndex,
			shares: u32,
			pools: u32,
			reward: Balance,
			operator_fees: Balance,
			dust: Balance,
		},
		/// A new epoch started.
		NewEpoch {
			epoch: EpochIndex,
			seed: Seed,
			target: Target,
			difficulty: u128,
			ends_at: BlockNumberFor<T>,
		},
		/// A miner's shares of a closed epoch were settled into its claimable balance.
		MinerSettled { epoch: EpochIndex, miner: T::AccountId, reward: Balance },
		/// Every share of an epoch is settled: `operator_fees + miner_rewards + dust == reward`.
		EpochSettled {
			epoch: EpochIndex,
			reward: Balance,
			operator_fees: Balance,
			miner_rewards: Balance,
			dust: Balance,
		},
		/// NEX was paid from the rewards pot.
		RewardsClaimed { who: T::AccountId, amount: Balance },
		/// The epoch length changed (the current epoch ends `blocks` after its start).
		EpochLengthSet { blocks: u32 },
		/// The target share count changed (used at the next retune).
		TargetSharesSet { shares: u32 },
		/// The current epoch's target was set by root.
		TargetSet { target: Target },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The share is for an epoch that is already closed.
		StaleEpoch,
		/// The share is for an epoch that has not started.
		FutureEpoch,
		/// The miner is in no open pool.
		NotInPool,
		/// This share (epoch, miner, nonce) was already accepted.
		DuplicateShare,
		/// The share's work hash is above the target.
		AboveTarget,
		/// The epoch already has `MaxSharesPerEpoch` shares.
		EpochShareLimit,
		/// The miner already mined for `MaxMinerPoolsPerEpoch` pools this epoch.
		TooManyPoolsThisEpoch,
		/// No open pool has this id.
		UnknownPool,
		/// The miner is already in this (or another) pool; use `switch_pool`.
		AlreadyInPool,
		/// The pool has `MaxPoolMembers` members.
		PoolFull,
		/// There are `MaxPools` pools.
		TooManyPools,
		/// The fee is above `MaxPoolFee`.
		FeeTooHigh,
		/// A pool needs a name.
		EmptyPoolName,
		/// Only the operator (or root) can close a pool with members.
		NotPoolOperator,
		/// Someone else can close an empty pool only once it had no shares in the current epoch
		/// and a whole epoch has passed since it opened.
		PoolNotIdle,
		/// Nothing to claim.
		NothingToClaim,
		/// The rewards pot holds less NEX than owed (it was drained by something else).
		InsufficientPot,
		/// The claimant cannot receive the NEX (below the asset's minimum balance for a new
		/// account, or blocked).
		CannotReceive,
		/// The epoch length must be at least one block.
		InvalidEpochLength,
		/// The target share count must be between 1 and `MaxSharesPerEpoch`.
		InvalidTargetShares,
		/// The target must not be zero.
		ZeroTarget,
		/// An arithmetic overflow.
		Overflow,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			let parent = frame_system::Pallet::<T>::parent_hash();
			Accumulator::<T>::mutate(|acc| *acc = pow::absorb(acc, parent.as_ref()));
			let epoch = CurrentEpoch::<T>::get();
			let length = Params::<T>::get().epoch_length;
			if now >= epoch.start.saturating_add(length.into()) {
				T::WeightInfo::on_initialize().saturating_add(Self::close_epoch(now))
			} else {
				T::WeightInfo::on_initialize()
			}
		}

		fn on_idle(_now: BlockNumberFor<T>, remaining: Weight) -> Weight {
			Self::idle(remaining)
		}

		fn integrity_test() {
			assert!(T::MaxPools::get() > 0, "MaxPools must be > 0");
			assert!(T::MaxPoolMembers::get() > 0, "MaxPoolMembers must be > 0");
			assert!(T::MaxMinerPoolsPerEpoch::get() > 0, "MaxMinerPoolsPerEpoch must be > 0");
			assert!(T::MaxSharesPerEpoch::get() > 0, "MaxSharesPerEpoch must be > 0");
			assert!(T::EpochHistory::get() > 0, "EpochHistory must be > 0");
			assert!(T::SettleBatch::get() > 0, "SettleBatch must be > 0");
			assert!(T::PruneBatch::get() > 0, "PruneBatch must be > 0");
			assert!(T::MillisecsPerBlock::get() > 0, "MillisecsPerBlock must be > 0");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Submit a share of `miner` for `epoch`: a nonce whose work hash is at most the
		/// epoch's target.
		///
		/// An authorized call: no signer, no fee. `frame_system::AuthorizeCall` runs the share
		/// checks before the transaction enters the pool and again in the block, so only a
		/// valid, new share of the current epoch by a miner in an open pool is ever included;
		/// the pool deduplicates by `(epoch, miner, nonce)`. Anyone may relay a share: the work
		/// hash commits to the miner, so the credit always goes to it.
		#[pallet::call_index(0)]
		#[pallet::weight(
			T::WeightInfo::submit_share().saturating_add(T::WeightInfo::settle_entry())
		)]
		#[pallet::authorize(|source, miner, epoch, nonce| {
			Pallet::<T>::authorize_share(source, miner, *epoch, *nonce)
		})]
		#[pallet::weight_of_authorize(T::WeightInfo::authorize_submit_share())]
		pub fn submit_share(
			origin: OriginFor<T>,
			miner: T::AccountId,
			epoch: EpochIndex,
			nonce: u64,
		) -> DispatchResultWithPostInfo {
			ensure_authorized(origin)?;
			let settled = Self::do_submit(&miner, epoch, nonce)?;
			let mut weight = T::WeightInfo::submit_share();
			if settled {
				weight.saturating_accrue(T::WeightInfo::settle_entry());
			}
			Ok(PostDispatchInfo { actual_weight: Some(weight), pays_fee: Pays::No })
		}

		/// Submit a share of the caller for `epoch`, as a signed transaction paying the usual
		/// fee. Same checks as [`Call::submit_share`].
		#[pallet::call_index(1)]
		#[pallet::weight(
			T::WeightInfo::submit_share_signed().saturating_add(T::WeightInfo::settle_entry())
		)]
		pub fn submit_share_signed(
			origin: OriginFor<T>,
			epoch: EpochIndex,
			nonce: u64,
		) -> DispatchResultWithPostInfo {
			let miner = ensure_signed(origin)?;
			let settled = Self::do_submit(&miner, epoch, nonce)?;
			let mut weight = T::WeightInfo::submit_share_signed();
			if settled {
				weight.saturating_accrue(T::WeightInfo::settle_entry());
			}
			Ok(PostDispatchInfo { actual_weight: Some(weight), pays_fee: Pays::Yes })
		}

		/// Open a pool with `fee` (at most `MaxPoolFee`) and a non-empty `name`, holding
		/// `PoolDeposit` GEN from the caller, who becomes its operator. The fee is fixed for the
		/// pool's life. The operator is not made a member: to mine in it, join it.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::open_pool())]
		pub fn open_pool(
			origin: OriginFor<T>,
			fee: Perbill,
			name: PoolNameOf<T>,
		) -> DispatchResult {
			let operator = ensure_signed(origin)?;
			ensure!(!name.is_empty(), Error::<T>::EmptyPoolName);
			ensure!(fee <= T::MaxPoolFee::get(), Error::<T>::FeeTooHigh);
			let count = PoolCount::<T>::get();
			ensure!(count < T::MaxPools::get(), Error::<T>::TooManyPools);
			let pool = NextPoolId::<T>::get();
			let next = pool.checked_add(1).ok_or(Error::<T>::Overflow)?;
			let deposit = T::PoolDeposit::get();
			if deposit > 0 {
				T::Currency::hold(&HoldReason::PoolDeposit.into(), &operator, deposit)?;
			}
			Pools::<T>::insert(
				pool,
				Pool {
					operator: operator.clone(),
					fee,
					name: name.clone(),
					members: 0,
					deposit,
					opened_in: CurrentEpoch::<T>::get().index,
					closing: false,
				},
			);
			PoolCount::<T>::put(count.saturating_add(1));
			NextPoolId::<T>::put(next);
			Self::deposit_event(Event::PoolOpened { pool, operator, fee, name, deposit });
			Ok(())
		}

		/// Close a pool and release its operator's deposit. Its members become pool-less.
		///
		/// The operator and the admin origin can close it at any time. Anyone else can close it
		/// only when it has no members, no shares in the current epoch, and a whole epoch has
		/// passed since it opened (this frees the slots of abandoned pools).
		///
		/// A pool with shares in the current epoch keeps its slot until the epoch closes, so its
		/// operator is still paid its fee for them; it takes no new members or shares.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::close_pool())]
		pub fn close_pool(origin: OriginFor<T>, pool: PoolId) -> DispatchResult {
			let caller = match T::AdminOrigin::try_origin(origin) {
				Ok(_) => None,
				Err(origin) => Some(ensure_signed(origin)?),
			};
			let mut info =
				Pools::<T>::get(pool).filter(|p| !p.closing).ok_or(Error::<T>::UnknownPool)?;
			let current = CurrentEpoch::<T>::get().index;
			let has_shares = EpochPools::<T>::contains_key(current, pool);
			if let Some(who) = &caller {
				if *who != info.operator {
					ensure!(info.members == 0, Error::<T>::NotPoolOperator);
					ensure!(
						!has_shares && info.opened_in.saturating_add(1) < current,
						Error::<T>::PoolNotIdle
					);
				}
			}
			if info.deposit > 0 {
				T::Currency::release(
					&HoldReason::PoolDeposit.into(),
					&info.operator,
					info.deposit,
					Precision::BestEffort,
				)?;
			}
			let members = info.members;
			if has_shares {
				info.closing = true;
				info.members = 0;
				info.deposit = 0;
				Pools::<T>::insert(pool, &info);
			} else {
				Pools::<T>::remove(pool);
				PoolCount::<T>::mutate(|c| *c = c.saturating_sub(1));
			}
			Self::deposit_event(Event::PoolClosed {
				pool,
				operator: info.operator,
				members,
				deferred: has_shares,
			});
			Ok(())
		}

		/// Join an open pool (the caller must be in no open pool).
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::join_pool())]
		pub fn join_pool(origin: OriginFor<T>, pool: PoolId) -> DispatchResult {
			let miner = ensure_signed(origin)?;
			ensure!(Self::active_pool(&miner).is_none(), Error::<T>::AlreadyInPool);
			Self::enter(&miner, pool)?;
			Self::deposit_event(Event::MinerJoined { miner, pool });
			Ok(())
		}

		/// Leave the caller's pool. Its shares so far stay credited to the pool.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::leave_pool())]
		pub fn leave_pool(origin: OriginFor<T>) -> DispatchResult {
			let miner = ensure_signed(origin)?;
			let pool = Self::active_pool(&miner).ok_or(Error::<T>::NotInPool)?;
			Pools::<T>::mutate(pool, |p| {
				if let Some(p) = p {
					p.members = p.members.saturating_sub(1);
				}
			});
			Miners::<T>::mutate_exists(&miner, |maybe| {
				if let Some(info) = maybe {
					info.pool = None;
				}
			});
			Self::cleanup_miner(&miner);
			Self::deposit_event(Event::MinerLeft { miner, pool });
			Ok(())
		}

		/// Move from the caller's pool to another open pool. Shares so far stay credited to the
		/// old pool; later ones go to the new one.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::switch_pool())]
		pub fn switch_pool(origin: OriginFor<T>, pool: PoolId) -> DispatchResult {
			let miner = ensure_signed(origin)?;
			let from = Self::active_pool(&miner).ok_or(Error::<T>::NotInPool)?;
			ensure!(from != pool, Error::<T>::AlreadyInPool);
			Self::enter(&miner, pool)?;
			Pools::<T>::mutate(from, |p| {
				if let Some(p) = p {
					p.members = p.members.saturating_sub(1);
				}
			});
			Self::deposit_event(Event::MinerSwitched { miner, from, to: pool });
			Ok(())
		}

		/// Settle the caller's shares of closed epochs and transfer everything it can claim
		/// from the rewards pot (which keeps NEX's minimum balance).
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::claim_rewards())]
		pub fn claim_rewards(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::settle_miner(&who);
			let amount = Claimable::<T>::get(&who);
			ensure!(amount > 0, Error::<T>::NothingToClaim);
			let nex = T::NexAssetId::get();
			let pot = T::RewardsPot::get();
			ensure!(Self::pot_spendable() >= amount, Error::<T>::InsufficientPot);
			ensure!(
				<T::Assets as fungibles::Inspect<_>>::can_deposit(
					nex,
					&who,
					amount,
					Provenance::Extant
				) == DepositConsequence::Success,
				Error::<T>::CannotReceive
			);
			<T::Assets as fungibles::Mutate<_>>::transfer(
				nex,
				&pot,
				&who,
				amount,
				Preservation::Preserve,
			)?;
			Claimable::<T>::remove(&who);
			TotalOwed::<T>::mutate(|owed| *owed = owed.saturating_sub(amount));
			Self::cleanup_miner(&who);
			Self::deposit_event(Event::RewardsClaimed { who, amount });
			Ok(())
		}

		/// Set the epoch length in blocks, at least 1 (admin origin). The current epoch ends
		/// `blocks` after its start (at the next block if that is already past).
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::set_epoch_length())]
		pub fn set_epoch_length(origin: OriginFor<T>, blocks: u32) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			ensure!(blocks >= 1, Error::<T>::InvalidEpochLength);
			Params::<T>::mutate(|p| p.epoch_length = blocks);
			Self::deposit_event(Event::EpochLengthSet { blocks });
			Ok(())
		}

		/// Set the share count per epoch the difficulty aims for, between 1 and
		/// `MaxSharesPerEpoch` (admin origin). Applies at the next retune.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::set_target_shares())]
		pub fn set_target_shares(origin: OriginFor<T>, shares: u32) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			ensure!(
				shares >= 1 && shares <= T::MaxSharesPerEpoch::get(),
				Error::<T>::InvalidTargetShares
			);
			Params::<T>::mutate(|p| p.target_shares = shares);
			Self::deposit_event(Event::TargetSharesSet { shares });
			Ok(())
		}

		/// Set the current epoch's target, not zero (admin origin): for recovering from a
		/// collapse of the hash rate faster than the 4x-per-epoch retune allows. Shares already
		/// accepted stay accepted.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::set_target())]
		pub fn set_target(origin: OriginFor<T>, target: Target) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			ensure!(target != [0u8; 32], Error::<T>::ZeroTarget);
			CurrentEpoch::<T>::mutate(|e| e.target = target);
			Self::deposit_event(Event::TargetSet { target });
			Ok(())
		}
	}

	/// What a valid share is credited to.
	#[derive(Clone, Copy, PartialEq, Eq, Debug)]
	pub struct CheckedShare {
		/// The miner's pool.
		pub pool: PoolId,
		/// The share's work hash.
		pub hash: [u8; 32],
	}

	impl<T: Config> Pallet<T> {
		/// The pool `miner` mines for, if it is open.
		pub fn active_pool(miner: &T::AccountId) -> Option<PoolId> {
			let pool = Miners::<T>::get(miner)?.pool?;
			Pools::<T>::get(pool).filter(|p| !p.closing).map(|_| pool)
		}

		/// Checks a share without changing any state: the epoch, the miner's pool, the epoch's
		/// share limit, duplicates, the miner's pools this epoch, then (the one hash) the work.
		pub fn check_share(
			miner: &T::AccountId,
			epoch: EpochIndex,
			nonce: u64,
		) -> Result<CheckedShare, Error<T>> {
			let info = CurrentEpoch::<T>::get();
			ensure!(epoch >= info.index, Error::<T>::StaleEpoch);
			ensure!(epoch == info.index, Error::<T>::FutureEpoch);
			let pool = Self::active_pool(miner).ok_or(Error::<T>::NotInPool)?;
			ensure!(info.shares < T::MaxSharesPerEpoch::get(), Error::<T>::EpochShareLimit);
			ensure!(
				!Submitted::<T>::contains_key(epoch, (miner, nonce)),
				Error::<T>::DuplicateShare
			);
			if let Some(entry) = MinerShares::<T>::get(epoch, miner) {
				ensure!(
					entry.iter().any(|(p, _)| *p == pool) || !entry.is_full(),
					Error::<T>::TooManyPoolsThisEpoch
				);
			}
			let hash = work_hash(&info.seed, &miner.encode(), nonce);
			ensure!(meets_target(&hash, &info.target), Error::<T>::AboveTarget);
			Ok(CheckedShare { pool, hash })
		}

		/// Checks and records a share. Returns whether an older ledger entry of the miner was
		/// settled on the way.
		fn do_submit(
			miner: &T::AccountId,
			epoch: EpochIndex,
			nonce: u64,
		) -> Result<bool, DispatchError> {
			let CheckedShare { pool, .. } = Self::check_share(miner, epoch, nonce)?;
			let mut info = Miners::<T>::get(miner).unwrap_or_default();
			let mut settled = false;
			if let Some(last) = info.last_share_epoch.filter(|last| *last < epoch) {
				settled = Self::settle_entry(last, miner);
			}
			info.last_share_epoch = Some(epoch);
			Miners::<T>::insert(miner, info);
			Submitted::<T>::insert(epoch, (miner, nonce), ());
			let new_entry = MinerShares::<T>::try_mutate(epoch, miner, |maybe| {
				let entry = maybe.get_or_insert_with(Default::default);
				if let Some((_, shares)) = entry.iter_mut().find(|(p, _)| *p == pool) {
					*shares = shares.saturating_add(1);
					Ok(false)
				} else {
					entry.try_push((pool, 1)).map_err(|_| Error::<T>::TooManyPoolsThisEpoch)?;
					Ok::<_, Error<T>>(true)
				}
			})?;
			EpochPools::<T>::mutate(epoch, pool, |maybe| {
				let record = maybe.get_or_insert_with(Default::default);
				record.shares = record.shares.saturating_add(1);
				if new_entry {
					record.miners = record.miners.saturating_add(1);
				}
			});
			CurrentEpoch::<T>::mutate(|e| e.shares = e.shares.saturating_add(1));
			Self::deposit_event(Event::ShareAccepted { epoch, miner: miner.clone(), pool, nonce });
			Ok(settled)
		}

		/// The authorization of [`Call::submit_share`], run by `frame_system::AuthorizeCall`
		/// in the pool and in blocks: the share checks, then a validity that provides
		/// `(epoch, miner, nonce)` (so the pool keeps one copy) and lives until the epoch ends.
		pub fn authorize_share(
			_source: TransactionSource,
			miner: &T::AccountId,
			epoch: EpochIndex,
			nonce: u64,
		) -> TransactionValidityWithRefund {
			Self::check_share(miner, epoch, nonce).map_err(Self::invalid_transaction)?;
			let now = frame_system::Pallet::<T>::block_number();
			let left: u64 = Self::epoch_ends_at().saturating_sub(now).saturated_into();
			let validity = ValidTransaction::with_tag_prefix("MetanodeMiningShare")
				.priority(T::SharePriority::get())
				.and_provides((epoch, miner, nonce))
				.longevity(left.max(1))
				.propagate(true)
				.into();
			Ok((validity, Weight::zero()))
		}

		/// How a refused share looks to the transaction pool: a closed epoch or a duplicate is
		/// `Stale`, a hash above the target is `BadProof`, and every other error is `Custom`
		/// with the error's index in [`Error`].
		fn invalid_transaction(error: Error<T>) -> TransactionValidityError {
			let invalid = match error {
				Error::<T>::StaleEpoch | Error::<T>::DuplicateShare => InvalidTransaction::Stale,
				Error::<T>::AboveTarget => InvalidTransaction::BadProof,
				other => match DispatchError::from(other) {
					DispatchError::Module(ModuleError { error, .. }) => {
						InvalidTransaction::Custom(error[0])
					},
					_ => InvalidTransaction::Call,
				},
			};
			invalid.into()
		}

		/// Puts `miner` in open pool `pool` (membership bound and the miner's pools this epoch
		/// checked). Does not touch its old pool.
		fn enter(miner: &T::AccountId, pool: PoolId) -> DispatchResult {
			let mut info =
				Pools::<T>::get(pool).filter(|p| !p.closing).ok_or(Error::<T>::UnknownPool)?;
			ensure!(info.members < T::MaxPoolMembers::get(), Error::<T>::PoolFull);
			let current = CurrentEpoch::<T>::get().index;
			if let Some(entry) = MinerShares::<T>::get(current, miner) {
				ensure!(
					entry.iter().any(|(p, _)| *p == pool) || !entry.is_full(),
					Error::<T>::TooManyPoolsThisEpoch
				);
			}
			info.members = info.members.saturating_add(1);
			Pools::<T>::insert(pool, info);
			Miners::<T>::mutate(miner, |maybe| {
				maybe.get_or_insert_with(Default::default).pool = Some(pool);
			});
			Ok(())
		}

		/// Removes the record of a miner with no pool and nothing left to settle.
		fn cleanup_miner(miner: &T::AccountId) {
			Miners::<T>::mutate_exists(miner, |maybe| {
				if let Some(info) = maybe {
					let unsettled = info
						.last_share_epoch
						.is_some_and(|e| MinerShares::<T>::contains_key(e, miner));
					if info.pool.is_none() && !unsettled {
						*maybe = None;
					}
				}
			});
		}

		/// The block at which the current epoch closes.
		pub fn epoch_ends_at() -> BlockNumberFor<T> {
			let info = CurrentEpoch::<T>::get();
			info.start.saturating_add(Params::<T>::get().epoch_length.into())
		}

		/// What the rewards pot can pay, keeping NEX's minimum balance.
		fn pot_spendable() -> Balance {
			<T::Assets as fungibles::Inspect<_>>::reducible_balance(
				T::NexAssetId::get(),
				&T::RewardsPot::get(),
				Preservation::Preserve,
				Fortitude::Polite,
			)
		}

		/// The pot's NEX not owed to anyone: what the current epoch would pay if it closed now.
		pub fn reward_available() -> Balance {
			Self::pot_spendable().saturating_sub(TotalOwed::<T>::get())
		}

		/// Closes the current epoch at block `now`: allocates its reward to its pools (the fee to
		/// each operator), stores its summary, retunes the target and starts the next epoch with
		/// a new seed. Touches only the pools with shares in the epoch (at most `MaxPools`).
		pub(crate) fn close_epoch(now: BlockNumberFor<T>) -> Weight {
			let info = CurrentEpoch::<T>::get();
			let params = Params::<T>::get();
			let epoch = info.index;
			let shares = info.shares;
			let reward = if shares > 0 { Self::reward_available() } else { 0 };

			let records: Vec<(PoolId, PoolEpoch)> = EpochPools::<T>::iter_prefix(epoch).collect();
			let pools = records.len() as u32;
			let mut allocated: Balance = 0;
			let mut operator_fees: Balance = 0;
			for (id, mut record) in records {
				let pool_reward = mul_div(reward, record.shares, shares);
				let fee = match Pools::<T>::get(id) {
					Some(pool) => {
						let fee = pool.fee.mul_floor(pool_reward);
						if fee > 0 {
							Claimable::<T>::mutate(&pool.operator, |c| *c = c.saturating_add(fee));
						}
						if pool.closing {
							Pools::<T>::remove(id);
							PoolCount::<T>::mutate(|c| *c = c.saturating_sub(1));
							Self::deposit_event(Event::PoolRemoved { pool: id });
						}
						fee
					},
					// Cannot happen (a pool with shares keeps its slot until the close); its
					// miners then share the whole pool reward.
					None => {
						log::warn!(target: LOG_TARGET, "pool {id} with shares in {epoch} is gone");
						0
					},
				};
				record.miners_reward = pool_reward.saturating_sub(fee);
				EpochPools::<T>::insert(epoch, id, record);
				allocated = allocated.saturating_add(pool_reward);
				operator_fees = operator_fees.saturating_add(fee);
				Self::deposit_event(Event::PoolRewarded {
					epoch,
					pool: id,
					shares: record.shares,
					reward: pool_reward,
					fee,
				});
			}
			TotalOwed::<T>::mutate(|owed| *owed = owed.saturating_add(allocated));
			let dust = reward.saturating_sub(allocated);
			let summary = EpochSummary {
				start: info.start,
				end: now,
				seed: info.seed,
				target: info.target,
				shares,
				pools,
				reward,
				operator_fees,
				miner_rewards: 0,
				dust,
				unsettled_pools: pools,
			};
			Self::deposit_event(Event::EpochClosed {
				epoch,
				shares,
				pools,
				reward,
				operator_fees,
				dust,
			});
			if summary.is_settled() {
				Self::deposit_event(Event::EpochSettled {
					epoch,
					reward,
					operator_fees,
					miner_rewards: 0,
					dust,
				});
			}
			Epochs::<T>::insert(epoch, summary);

			let next = epoch.saturating_add(1);
			let seed = pow::epoch_seed(&Accumulator::<T>::get(), next);
			let target = pow::retune_target(&info.target, shares, params.target_shares);
			CurrentEpoch::<T>::put(EpochInfo { index: next, start: now, seed, target, shares: 0 });
			Self::deposit_event(Event::NewEpoch {
				epoch: next,
				seed,
				target,
				difficulty: pow::difficulty(&target),
				ends_at: now.saturating_add(params.epoch_length.into()),
			});

			// Keep the summaries of the last `EpochHistory` closed epochs (and unsettled ones).
			if let Some(old) = next.checked_sub(T::EpochHistory::get().saturating_add(1)) {
				if Epochs::<T>::get(old).is_some_and(|s| s.is_settled()) {
					Epochs::<T>::remove(old);
				}
			}
			T::WeightInfo::close_epoch(pools)
		}

		/// Settles `miner`'s ledger entry of closed epoch `epoch` into its claimable balance.
		/// Returns whether there was one. At most `MaxMinerPoolsPerEpoch` pools are touched;
		/// a pool whose last miner is settled releases its miner-level dust, and an epoch whose
		/// last pool is settled emits [`Event::EpochSettled`].
		pub(crate) fn settle_entry(epoch: EpochIndex, miner: &T::AccountId) -> bool {
			let Some(entry) = MinerShares::<T>::take(epoch, miner) else { return false };
			let mut total: Balance = 0;
			for (pool, shares) in entry {
				let finished = EpochPools::<T>::mutate_exists(epoch, pool, |maybe| {
					let Some(record) = maybe.as_mut() else {
						log::warn!(target: LOG_TARGET, "no record of pool {pool} in epoch {epoch}");
						return None;
					};
					let reward = mul_div(record.miners_reward, shares, record.shares);
					record.paid = record.paid.saturating_add(reward);
					record.miners = record.miners.saturating_sub(1);
					total = total.saturating_add(reward);
					if record.miners == 0 {
						let done = *record;
						*maybe = None;
						Some(done)
					} else {
						None
					}
				});
				if let Some(record) = finished {
					Self::finish_pool(epoch, &record);
				}
			}
			if total > 0 {
				Claimable::<T>::mutate(miner, |c| *c = c.saturating_add(total));
			}
			Self::deposit_event(Event::MinerSettled { epoch, miner: miner.clone(), reward: total });
			true
		}

		/// Books a pool whose miners of `epoch` are all settled: its miner-level dust goes back
		/// to the pot's unowed balance and into the epoch's summary.
		fn finish_pool(epoch: EpochIndex, record: &PoolEpoch) {
			let dust = record.miners_reward.saturating_sub(record.paid);
			TotalOwed::<T>::mutate(|owed| *owed = owed.saturating_sub(dust));
			let current = CurrentEpoch::<T>::get().index;
			Epochs::<T>::mutate_exists(epoch, |maybe| {
				let Some(summary) = maybe else { return };
				summary.miner_rewards = summary.miner_rewards.saturating_add(record.paid);
				summary.dust = summary.dust.saturating_add(dust);
				summary.unsettled_pools = summary.unsettled_pools.saturating_sub(1);
				if summary.is_settled() {
					Self::deposit_event(Event::EpochSettled {
						epoch,
						reward: summary.reward,
						operator_fees: summary.operator_fees,
						miner_rewards: summary.miner_rewards,
						dust: summary.dust,
					});
					if epoch.saturating_add(T::EpochHistory::get()) < current {
						*maybe = None;
					}
				}
			});
		}

		/// Settles `miner`'s entry of its last epoch, if that epoch is closed.
		fn settle_miner(miner: &T::AccountId) -> bool {
			let current = CurrentEpoch::<T>::get().index;
			match Miners::<T>::get(miner).and_then(|m| m.last_share_epoch) {
				Some(last) if last < current => Self::settle_entry(last, miner),
				_ => false,
			}
		}

		/// `on_idle`: settles ledger entries of the oldest closed epochs, then prunes
		/// duplicate-share records of closed epochs, each in bounded batches within
		/// `remaining`.
		pub(crate) fn idle(remaining: Weight) -> Weight {
			let db = T::DbWeight::get();
			let mut used = db.reads_writes(3, 2);
			if remaining.any_lt(used) {
				return Weight::zero();
			}
			let current = CurrentEpoch::<T>::get().index;

			// Settle.
			let per_entry = T::WeightInfo::settle_entry().saturating_add(db.reads(1));
			let mut budget = T::SettleBatch::get();
			let mut cursor = SettleCursor::<T>::get();
			while cursor < current && budget > 0 {
				let mut fit = 0u32;
				let mut planned = used.saturating_add(db.reads(1));
				while fit < budget && planned.saturating_add(per_entry).all_lte(remaining) {
					planned.saturating_accrue(per_entry);
					fit += 1;
				}
				if fit == 0 {
					break;
				}
				used.saturating_accrue(db.reads(1));
				let miners: Vec<T::AccountId> =
					MinerShares::<T>::iter_key_prefix(cursor).take(fit as usize).collect();
				if miners.is_empty() {
					cursor = cursor.saturating_add(1);
					continue;
				}
				for miner in miners {
					Self::settle_entry(cursor, &miner);
					used.saturating_accrue(per_entry);
					budget -= 1;
				}
			}
			SettleCursor::<T>::put(cursor);

			// Prune.
			let mut cursor = PruneCursor::<T>::get();
			let base = T::WeightInfo::prune_submitted(0);
			let step = T::WeightInfo::prune_submitted(1).saturating_sub(base);
			while cursor < current {
				let spare = remaining.saturating_sub(used);
				if !spare.all_gte(base) {
					break;
				}
				let spare = spare.saturating_sub(base);
				let mut limit = T::PruneBatch::get();
				if step.ref_time() > 0 {
					limit = limit.min((spare.ref_time() / step.ref_time()) as u32);
				}
				if step.proof_size() > 0 {
					limit = limit.min((spare.proof_size() / step.proof_size()) as u32);
				}
				if limit == 0 {
					break;
				}
				let result = Submitted::<T>::clear_prefix(cursor, limit, None);
				used.saturating_accrue(T::WeightInfo::prune_submitted(result.loops));
				if result.maybe_cursor.is_some() {
					// One call per prefix and block: the rest waits for the next block.
					break;
				}
				cursor = cursor.saturating_add(1);
			}
			PruneCursor::<T>::put(cursor);
			used
		}

		/// The work `account` should do now (runtime API `work`).
		pub fn work(account: &T::AccountId) -> Work<BlockNumberFor<T>> {
			let info = CurrentEpoch::<T>::get();
			Work {
				seed: info.seed,
				target: info.target,
				epoch: info.index,
				pool: Self::active_pool(account),
				epoch_ends_at: Self::epoch_ends_at(),
			}
		}

		/// The open pools, by id (runtime API `pools`).
		pub fn pools() -> Vec<PoolInfo<T::AccountId>> {
			let current = CurrentEpoch::<T>::get().index;
			let mut pools: Vec<_> = Pools::<T>::iter()
				.filter(|(_, p)| !p.closing)
				.map(|(id, p)| PoolInfo {
					id,
					operator: p.operator,
					fee: p.fee,
					name: p.name.into_inner(),
					members: p.members,
					shares_this_epoch: EpochPools::<T>::get(current, id)
						.map(|r| r.shares)
						.unwrap_or(0),
				})
				.collect();
			pools.sort_by_key(|p| p.id);
			pools
		}

		/// What `account` can claim: its claimable balance plus its unsettled reward of closed
		/// epochs (runtime API `rewards`).
		pub fn rewards(account: &T::AccountId) -> Balance {
			Claimable::<T>::get(account).saturating_add(Self::unsettled_reward(account))
		}

		/// `account`'s reward of its unsettled entry of a closed epoch (0 if none).
		pub fn unsettled_reward(account: &T::AccountId) -> Balance {
			let current = CurrentEpoch::<T>::get().index;
			let Some(last) = Miners::<T>::get(account).and_then(|m| m.last_share_epoch) else {
				return 0;
			};
			if last >= current {
				return 0;
			}
			MinerShares::<T>::get(last, account)
				.map(|entry| {
					entry.iter().fold(0, |sum: Balance, (pool, shares)| {
						let reward = EpochPools::<T>::get(last, pool)
							.map(|r| mul_div(r.miners_reward, *shares, r.shares))
							.unwrap_or(0);
						sum.saturating_add(reward)
					})
				})
				.unwrap_or(0)
		}

		/// Mining statistics (runtime API `stats`).
		pub fn stats() -> Stats {
			let info = CurrentEpoch::<T>::get();
			let params = Params::<T>::get();
			let last = info.index.checked_sub(1).and_then(Epochs::<T>::get);
			let (shares_last_epoch, hashrate_estimate) = match last {
				Some(summary) => {
					let blocks: u64 = summary.end.saturating_sub(summary.start).saturated_into();
					let millis = blocks.saturating_mul(T::MillisecsPerBlock::get());
					let rate =
						pow::hashrate(summary.shares, pow::difficulty(&summary.target), millis);
					(summary.shares, rate)
				},
				None => (0, 0),
			};
			Stats {
				epoch: info.index,
				shares_this_epoch: info.shares,
				target: info.target,
				difficulty: pow::difficulty(&info.target),
				shares_last_epoch,
				hashrate_estimate,
				target_shares: params.target_shares,
				epoch_length: params.epoch_length,
				reward_available: Self::reward_available(),
			}
		}

		/// Checks the pallet's invariants.
		#[cfg(any(feature = "try-runtime", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			let info = CurrentEpoch::<T>::get();
			ensure!(info.target != [0u8; 32], "the target is zero");
			let params = Params::<T>::get();
			ensure!(params.epoch_length >= 1, "invalid epoch length");
			ensure!(params.target_shares >= 1, "invalid target shares");

			// Pools and members.
			let pools: Vec<(PoolId, PoolOf<T>)> = Pools::<T>::iter().collect();
			ensure!(pools.len() as u32 == PoolCount::<T>::get(), "the pool count is wrong");
			ensure!(pools.len() as u32 <= T::MaxPools::get(), "too many pools");
			for (id, pool) in &pools {
				ensure!(*id < NextPoolId::<T>::get(), "a pool id was not assigned");
				ensure!(pool.members <= T::MaxPoolMembers::get(), "too many members");
				let members = Miners::<T>::iter_values().filter(|m| m.pool == Some(*id)).count();
				if !pool.closing {
					ensure!(members as u32 == pool.members, "a pool's member count is wrong");
				} else {
					ensure!(pool.members == 0, "a closing pool has members");
					ensure!(
						EpochPools::<T>::contains_key(info.index, id),
						"a closing pool has no shares this epoch"
					);
				}
			}

			// The current epoch's shares.
			let mut shares = 0u32;
			for (pool, record) in EpochPools::<T>::iter_prefix(info.index) {
				ensure!(Pools::<T>::contains_key(pool), "shares of a pool that is gone");
				shares = shares.saturating_add(record.shares);
			}
			ensure!(shares == info.shares, "the epoch's share count is wrong");

			// What is owed.
			let mut owed: Balance = Claimable::<T>::iter_values().sum();
			for (epoch, _, record) in EpochPools::<T>::iter() {
				if epoch < info.index {
					ensure!(record.paid <= record.miners_reward, "a pool paid out too much");
					owed = owed.saturating_add(record.miners_reward - record.paid);
				}
			}
			ensure!(owed == TotalOwed::<T>::get(), "TotalOwed disagrees with the ledger");

			// Settled epochs add up.
			for (_, summary) in Epochs::<T>::iter() {
				if summary.is_settled() {
					ensure!(
						summary
							.operator_fees
							.saturating_add(summary.miner_rewards)
							.saturating_add(summary.dust)
							== summary.reward,
						"a settled epoch does not add up"
					);
				}
			}
			Ok(())
		}
	}
}
