//! Runtime API of the mining pallet.
//!
//! The node's `metanode mine` command and its RPC methods call it: `work` tells a miner what to
//! hash, `pools` lists the open pools (for `--pool auto`), `rewards` tells an account what it
//! can claim, `stats` reports the epoch, the difficulty and a hash rate estimate. The types
//! are SCALE + `TypeInfo`, and serde (camelCase) for RPC output. The work hash and the target
//! check are [`work_hash`] and [`meets_target`], pure functions a miner links directly.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;

pub use pallet_mining::{
	meets_target, pow, work_hash, Balance, EpochIndex, PoolId, PoolInfo, Seed, Stats, Target, Work,
	SEED_DOMAIN,
};

sp_api::decl_runtime_apis! {
	/// Metanode's proof-of-work mining: work, pools, rewards and statistics.
	pub trait MiningApi<AccountId, BlockNumber>
	where
		AccountId: codec::Codec,
		BlockNumber: codec::Codec,
	{
		/// The work `account` should do now: the epoch, its seed and target, the block at which
		/// it ends, and the pool the account mines for (`None`: its shares would be refused).
		fn work(account: AccountId) -> Work<BlockNumber>;
		/// The open pools, by id, with their shares in the current epoch.
		fn pools() -> Vec<PoolInfo<AccountId>>;
		/// The NEX `account` can claim: its claimable balance plus its not yet settled reward
		/// of closed epochs (all of it is paid by `claim_rewards`).
		fn rewards(account: AccountId) -> Balance;
		/// Mining statistics: epoch, shares, target, difficulty, hash rate estimate.
		fn stats() -> Stats;
	}
}
