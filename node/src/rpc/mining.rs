//! `mining_*` JSON-RPC methods: the work a miner should do, the open pools, an account's
//! claimable NEX and the mining statistics, read from the runtime's `MiningApi` at the best
//! block (or `at`).
//!
//! Amounts (NEX) and difficulties are decimal strings in the smallest unit, since they exceed
//! what JavaScript numbers hold exactly; seeds and targets are `0x` hex (targets big-endian);
//! accounts are SS58 (prefix 42). An account parameter is SS58 or the `0x` hex of its 32 bytes.
//!
//! Errors are JSON-RPC errors with a message that says what to do, and one code each:
//!
//! | code | meaning |
//! | --- | --- |
//! | 9400 | the account parameter is neither SS58 nor 32 bytes of `0x` hex |
//! | 9401 | the runtime call failed (unknown block, a runtime without `MiningApi`, ...) |

use super::decode_hex;
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{ErrorObject, ErrorObjectOwned},
};
use metanode_runtime::{opaque::Block, AccountId, BlockNumber};
use pallet_mining_runtime_api::{MiningApi as MiningRuntimeApi, PoolInfo, Stats, Work};
use serde::{Deserialize, Serialize};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::{
	crypto::{Ss58AddressFormat, Ss58Codec},
	Bytes, H256,
};
use sp_runtime::traits::{Block as BlockT, Header as HeaderT};
use std::sync::Arc;

/// JSON-RPC error code: the account parameter does not parse.
pub const INVALID_ACCOUNT: i32 = 9400;
/// JSON-RPC error code: the runtime could not answer.
pub const RUNTIME_ERROR: i32 = 9401;

/// `mining_work`: what to hash now, and the block it was read at.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct WorkJson {
	/// The current mining epoch: submit shares with this epoch.
	pub epoch: u32,
	/// The epoch's seed (32 bytes).
	pub seed: H256,
	/// The target (32 bytes, big-endian): a share's work hash must be at most this.
	pub target: H256,
	/// The target's difficulty, about the hashes per share (decimal string).
	pub difficulty: String,
	/// The pool the account mines for, or `null` (its shares would be refused).
	pub pool: Option<u32>,
	/// The block at which the epoch closes: a share must be in a block before it.
	pub epoch_ends_at: BlockNumber,
	/// The block the work was read at.
	pub block_number: BlockNumber,
	/// Its hash.
	pub block_hash: H256,
}

/// One open pool of `mining_pools`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct PoolJson {
	/// Its id.
	pub id: u32,
	/// Its operator (SS58).
	pub operator: String,
	/// Its fee in parts per billion (`Perbill`): 100000000 is 10%.
	pub fee_perbill: u32,
	/// Its name (UTF-8, invalid bytes replaced).
	pub name: String,
	/// Its name's bytes, as stored.
	pub name_hex: Bytes,
	/// Its members.
	pub members: u32,
	/// The shares accepted for it in the current epoch.
	pub shares_this_epoch: u32,
}

/// `mining_rewards`: what an account can claim now.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct RewardsJson {
	/// The account (SS58).
	pub account: String,
	/// The NEX `claim_rewards` would pay it now (claimable plus not yet settled rewards of
	/// closed epochs), in the smallest unit (decimal string).
	pub claimable: String,
}

/// `mining_stats`: the epoch, the difficulty and the hash rate estimate.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct StatsJson {
	/// The current epoch.
	pub epoch: u32,
	/// The shares accepted in it so far.
	pub shares_this_epoch: u32,
	/// Its target (32 bytes, big-endian).
	pub target: H256,
	/// Its difficulty (decimal string).
	pub difficulty: String,
	/// The shares of the last closed epoch.
	pub shares_last_epoch: u32,
	/// The last closed epoch's hash rate, hashes per second (decimal string).
	pub hashrate_estimate: String,
	/// The share count per epoch the difficulty aims for.
	pub target_shares: u32,
	/// Blocks per epoch.
	pub epoch_length: u32,
	/// The NEX the current epoch would pay if it closed now (decimal string).
	pub reward_available: String,
	/// The block the statistics were read at.
	pub block_number: BlockNumber,
}

/// An account as SS58 (prefix 42, the Metanode format).
pub fn ss58(account: &AccountId) -> String {
	account.to_ss58check_with_version(Ss58AddressFormat::custom(metanode_primitives::SS58_PREFIX))
}

/// Parses an account given as SS58 (any prefix) or as the `0x` hex of its 32 bytes.
pub fn parse_account(input: &str) -> Result<AccountId, String> {
	let input = input.trim();
	if let Some(hex) = input.strip_prefix("0x") {
		let bytes = decode_hex(hex).ok_or_else(|| {
			format!("`{input}` is not valid hex: give an SS58 address or 0x and 64 hex digits")
		})?;
		let raw: [u8; 32] = bytes.try_into().map_err(|b: Vec<u8>| {
			format!(
				"`{input}` has {} bytes, an account id has 32: give an SS58 address or 0x and 64 \
				 hex digits",
				b.len()
			)
		})?;
		return Ok(AccountId::new(raw));
	}
	AccountId::from_ss58check_with_version(input).map(|(account, _)| account).map_err(|e| {
		format!("`{input}` is not an account ({e:?}): give an SS58 address or 0x and 64 hex digits")
	})
}

impl WorkJson {
	/// From the runtime's report at block `number`, `hash`.
	pub fn new(work: Work<BlockNumber>, number: BlockNumber, hash: H256) -> Self {
		WorkJson {
			epoch: work.epoch,
			seed: H256(work.seed),
			target: H256(work.target),
			difficulty: pallet_mining_runtime_api::pow::difficulty(&work.target).to_string(),
			pool: work.pool,
			epoch_ends_at: work.epoch_ends_at,
			block_number: number,
			block_hash: hash,
		}
	}
}

impl From<PoolInfo<AccountId>> for PoolJson {
	fn from(p: PoolInfo<AccountId>) -> Self {
		PoolJson {
			id: p.id,
			operator: ss58(&p.operator),
			fee_perbill: p.fee.deconstruct(),
			name: String::from_utf8_lossy(&p.name).into_owned(),
			name_hex: Bytes(p.name),
			members: p.members,
			shares_this_epoch: p.shares_this_epoch,
		}
	}
}

impl StatsJson {
	/// From the runtime's report at block `number`.
	pub fn new(s: Stats, number: BlockNumber) -> Self {
		StatsJson {
			epoch: s.epoch,
			shares_this_epoch: s.shares_this_epoch,
			target: H256(s.target),
			difficulty: s.difficulty.to_string(),
			shares_last_epoch: s.shares_last_epoch,
			hashrate_estimate: s.hashrate_estimate.to_string(),
			target_shares: s.target_shares,
			epoch_length: s.epoch_length,
			reward_available: s.reward_available.to_string(),
			block_number: number,
		}
	}
}

/// The `mining_*` methods.
#[rpc(server)]
pub trait MiningApi<BlockHash> {
	/// The work `account` (SS58 or `0x` hex) should do now: epoch, seed, target, difficulty,
	/// its pool (`null`: join one first) and the block at which the epoch ends.
	#[method(name = "mining_work")]
	fn work(&self, account: String, at: Option<BlockHash>) -> RpcResult<WorkJson>;

	/// The open pools, by id, with their fee, members and shares in the current epoch.
	#[method(name = "mining_pools")]
	fn pools(&self, at: Option<BlockHash>) -> RpcResult<Vec<PoolJson>>;

	/// The NEX `account` (SS58 or `0x` hex) can claim now with `mining.claimRewards`.
	#[method(name = "mining_rewards")]
	fn rewards(&self, account: String, at: Option<BlockHash>) -> RpcResult<RewardsJson>;

	/// The mining statistics: epoch, shares, target, difficulty, hash rate estimate and the
	/// NEX the epoch would pay.
	#[method(name = "mining_stats")]
	fn stats(&self, at: Option<BlockHash>) -> RpcResult<StatsJson>;
}

/// Serves [`MiningApiServer`] from a client.
pub struct Mining<C> {
	client: Arc<C>,
}

impl<C> Mining<C> {
	/// Creates the RPC handler.
	pub fn new(client: Arc<C>) -> Self {
		Self { client }
	}
}

fn runtime_error(err: impl std::fmt::Display) -> ErrorObjectOwned {
	ErrorObject::owned(
		RUNTIME_ERROR,
		format!(
			"the runtime could not answer: {err}. Check that the block exists and that its \
			 runtime has the mining pallet"
		),
		None::<()>,
	)
}

fn account_error(message: String) -> ErrorObjectOwned {
	ErrorObject::owned(INVALID_ACCOUNT, message, None::<()>)
}

impl<C> Mining<C>
where
	C: HeaderBackend<Block>,
{
	/// The block to read at and its number.
	fn block(&self, at: Option<H256>) -> RpcResult<(H256, BlockNumber)> {
		match at {
			None => {
				let info = self.client.info();
				Ok((info.best_hash, info.best_number))
			},
			Some(hash) => {
				let header = self.client.header(hash).map_err(runtime_error)?.ok_or_else(|| {
					runtime_error(format!("block {hash:?} is unknown to this node"))
				})?;
				Ok((hash, *header.number()))
			},
		}
	}
}

impl<C> MiningApiServer<<Block as BlockT>::Hash> for Mining<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: MiningRuntimeApi<Block, AccountId, BlockNumber>,
{
	fn work(&self, account: String, at: Option<<Block as BlockT>::Hash>) -> RpcResult<WorkJson> {
		let account = parse_account(&account).map_err(account_error)?;
		let (hash, number) = self.block(at)?;
		let work = self.client.runtime_api().work(hash, account).map_err(runtime_error)?;
		Ok(WorkJson::new(work, number, hash))
	}

	fn pools(&self, at: Option<<Block as BlockT>::Hash>) -> RpcResult<Vec<PoolJson>> {
		let (hash, _) = self.block(at)?;
		let pools = self.client.runtime_api().pools(hash).map_err(runtime_error)?;
		Ok(pools.into_iter().map(Into::into).collect())
	}

	fn rewards(
		&self,
		account: String,
		at: Option<<Block as BlockT>::Hash>,
	) -> RpcResult<RewardsJson> {
		let account = parse_account(&account).map_err(account_error)?;
		let (hash, _) = self.block(at)?;
		let amount =
			self.client.runtime_api().rewards(hash, account.clone()).map_err(runtime_error)?;
		Ok(RewardsJson { account: ss58(&account), claimable: amount.to_string() })
	}

	fn stats(&self, at: Option<<Block as BlockT>::Hash>) -> RpcResult<StatsJson> {
		let (hash, number) = self.block(at)?;
		let stats = self.client.runtime_api().stats(hash).map_err(runtime_error)?;
		Ok(StatsJson::new(stats, number))
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn accounts_parse_as_ss58_or_hex() {
		let account = AccountId::new([7; 32]);
		assert_eq!(parse_account(&ss58(&account)).unwrap(), account);
		let hex = format!("0x{}", "07".repeat(32));
		assert_eq!(parse_account(&hex).unwrap(), account);
		assert!(parse_account("0x0707").unwrap_err().contains("32"));
		assert!(parse_account("0xzz").is_err());
		assert!(parse_account("alice").unwrap_err().contains("SS58"));
	}

	#[test]
	fn json_is_camel_case_with_decimal_strings() {
		let stats = Stats {
			epoch: 3,
			shares_this_epoch: 4,
			target: [0xff; 32],
			difficulty: u128::MAX,
			shares_last_epoch: 5,
			hashrate_estimate: 6,
			target_shares: 20,
			epoch_length: 10,
			reward_available: 1_000_000_000_000_000,
		};
		let value = serde_json::to_value(StatsJson::new(stats, 9)).unwrap();
		assert_eq!(value["rewardAvailable"], "1000000000000000");
		assert_eq!(value["difficulty"], u128::MAX.to_string());
		assert_eq!(value["target"], format!("0x{}", "ff".repeat(32)));
		assert_eq!(value["blockNumber"], 9);
	}
}
