//! The types of the mining pallet: parameters, the epoch, pools, the per-epoch share ledger and
//! the reports the runtime API returns.
//!
//! Every type stored on chain is `MaxEncodedLen`. The report types ([`Work`], [`PoolInfo`],
//! [`Stats`]) and the parameters also derive serde (camelCase), so RPC layers and the CLI miner
//! can print and parse them.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{Deserialize, Serialize};
use scale_info::TypeInfo;
use sp_runtime::Perbill;

/// Balance of NEX (and of GEN, for the pool deposit), in the smallest unit.
pub type Balance = u128;

/// A pool's id: assigned from a counter when the pool opens, never reused.
pub type PoolId = u32;

/// A mining epoch's index (epoch 0 starts at genesis).
pub type EpochIndex = u32;

/// A 256-bit target, big-endian: a share's work hash must be at most this.
pub type Target = [u8; 32];

/// An epoch's 32-byte seed: the first input of every work hash of the epoch.
pub type Seed = [u8; 32];

/// The default difficulty at genesis: about 65,536 hashes per share.
pub const DEFAULT_INITIAL_DIFFICULTY: u64 = 1 << 16;

/// The parameters root can change.
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
pub struct MiningParams {
	/// Blocks per mining epoch (at least 1). Default 600 (20 minutes at 2 s per block).
	pub epoch_length: u32,
	/// The number of shares per epoch the difficulty retune aims for (at least 1, at most
	/// `MaxSharesPerEpoch`). Default 600.
	pub target_shares: u32,
}

impl Default for MiningParams {
	fn default() -> Self {
		Self { epoch_length: 600, target_shares: 600 }
	}
}

/// The current epoch.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct EpochInfo<BlockNumber> {
	/// Its index.
	pub index: EpochIndex,
	/// The block it started in (its first block; genesis for epoch 0).
	pub start: BlockNumber,
	/// Its seed.
	pub seed: Seed,
	/// Its target.
	pub target: Target,
	/// The shares accepted in it so far.
	pub shares: u32,
}

impl<BlockNumber: Default> Default for EpochInfo<BlockNumber> {
	fn default() -> Self {
		Self {
			index: 0,
			start: Default::default(),
			seed: [0u8; 32],
			target: crate::pow::target_from_difficulty(DEFAULT_INITIAL_DIFFICULTY as u128),
			shares: 0,
		}
	}
}

/// What a closed epoch produced, and how far its payout is settled.
///
/// Once `unsettled_pools` is 0 the epoch is settled and
/// `operator_fees + miner_rewards + dust == reward` (the pallet checks it in `try_state`).
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct EpochSummary<BlockNumber> {
	/// Its first block.
	pub start: BlockNumber,
	/// The block that closed it (the next epoch's first block).
	pub end: BlockNumber,
	/// Its seed.
	pub seed: Seed,
	/// Its target.
	pub target: Target,
	/// The shares accepted in it.
	pub shares: u32,
	/// The pools that had shares in it.
	pub pools: u32,
	/// The NEX allocated to it: the rewards pot's unowed balance when it closed (0 if it had no
	/// shares: the balance then waits for the next epoch).
	pub reward: Balance,
	/// The pool fees credited to the operators (at the close).
	pub operator_fees: Balance,
	/// The NEX credited to miners, summed over the pools whose miners are all settled.
	pub miner_rewards: Balance,
	/// The rounding remainders so far: at the close, the pool-level remainder; then each pool's
	/// miner-level remainder when its last miner is settled. Dust stays in the pot and becomes
	/// part of a later epoch's reward.
	pub dust: Balance,
	/// The pools whose miners are not all settled yet.
	pub unsettled_pools: u32,
}

impl<BlockNumber> EpochSummary<BlockNumber> {
	/// Whether every share of the epoch has been settled (its payout is final).
	pub fn is_settled(&self) -> bool {
		self.unsettled_pools == 0
	}
}

/// A mining pool.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct Pool<AccountId, Name> {
	/// Who opened it: receives the fee and can close it.
	pub operator: AccountId,
	/// The share of the pool's reward paid to the operator (fixed when the pool opens).
	pub fee: Perbill,
	/// Its name (UTF-8 by convention; not checked).
	pub name: Name,
	/// The miners currently in it.
	pub members: u32,
	/// The GEN held from the operator while the pool is open.
	pub deposit: Balance,
	/// The epoch it opened in.
	pub opened_in: EpochIndex,
	/// Closed by its operator (or root) during an epoch in which it has shares: it takes no new
	/// members or shares, and is removed when the epoch closes (after its fee is paid).
	pub closing: bool,
}

/// A miner's pointers.
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
	Default,
)]
pub struct MinerInfo {
	/// The pool it mines for. A pool that is closing or gone counts as none.
	pub pool: Option<PoolId>,
	/// The last epoch it submitted a share in: its only share ledger entry that may still be
	/// unsettled once that epoch is closed.
	pub last_share_epoch: Option<EpochIndex>,
}

/// A pool's shares in one epoch and, once the epoch is closed, its miners' reward.
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
	Default,
)]
pub struct PoolEpoch {
	/// The shares accepted for the pool in the epoch.
	pub shares: u32,
	/// The miners' ledger entries that name this pool and are not settled yet.
	pub miners: u32,
	/// Set at the close: the pool's reward minus the operator's fee, to split among its miners.
	pub miners_reward: Balance,
	/// Credited to the pool's miners so far.
	pub paid: Balance,
}

/// The work a miner should do now (runtime API `work`).
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	Clone,
	PartialEq,
	Eq,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(crate = "frame_support::__private::serde", rename_all = "camelCase")]
pub struct Work<BlockNumber> {
	/// The current epoch's seed.
	pub seed: Seed,
	/// The current target: a share's work hash must be at most this (big-endian).
	pub target: Target,
	/// The current epoch: submit shares with this epoch.
	pub epoch: EpochIndex,
	/// The pool the account mines for, if any (shares of an account with no pool are refused).
	pub pool: Option<PoolId>,
	/// The block at which the epoch closes (shares for it are refused from that block on).
	pub epoch_ends_at: BlockNumber,
}

/// An open pool (runtime API `pools`).
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	Clone,
	PartialEq,
	Eq,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(crate = "frame_support::__private::serde", rename_all = "camelCase")]
pub struct PoolInfo<AccountId> {
	/// Its id.
	pub id: PoolId,
	/// Its operator.
	pub operator: AccountId,
	/// Its fee.
	pub fee: Perbill,
	/// Its name.
	pub name: Vec<u8>,
	/// Its members.
	pub members: u32,
	/// The shares accepted for it in the current epoch.
	pub shares_this_epoch: u32,
}

/// Mining statistics (runtime API `stats`).
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	Clone,
	PartialEq,
	Eq,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(crate = "frame_support::__private::serde", rename_all = "camelCase")]
pub struct Stats {
	/// The current epoch.
	pub epoch: EpochIndex,
	/// The shares accepted in it so far.
	pub shares_this_epoch: u32,
	/// Its target.
	pub target: Target,
	/// Its difficulty: `floor((2^256 - 1) / target)`, about the hashes per share.
	pub difficulty: u128,
	/// The shares accepted in the last closed epoch (0 before the first close).
	pub shares_last_epoch: u32,
	/// The hash rate of the last closed epoch, in hashes per second: its shares times its
	/// difficulty over its duration (blocks times the block time). 0 before the first close.
	pub hashrate_estimate: u128,
	/// The share count the difficulty retune aims for.
	pub target_shares: u32,
	/// Blocks per epoch.
	pub epoch_length: u32,
	/// The NEX the current epoch would pay if it closed now: the rewards pot's balance not yet
	/// owed to anyone.
	pub reward_available: Balance,
}
