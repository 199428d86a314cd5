//! The miner's connection to a node: JSON-RPC over WebSocket (`jsonrpsee`), the `mining_*`
//! methods, storage reads, and transactions built natively with the runtime's own types.
//!
//! - A share is `Mining::submit_share(miner, epoch, nonce)` as an **authorized general
//!   transaction** (extrinsic v5, no signature): the runtime's
//!   `CreateAuthorizedTransaction::create_authorized_transaction` builds it with the extension
//!   tuple the runtime itself uses for authorized calls (immortal, nonce 0, tip 0, metadata hash
//!   check disabled), and `author_submitExtrinsic` hands it to the pool.
//! - Pool calls and `claim_rewards` are **signed** transactions: the extension tuple mirrors
//!   `metanode_runtime::TxExtension` (immortal era, the account's next nonce from
//!   `system_accountNextIndex`, tip 0, metadata hash check disabled), and the signed payload is
//!   `(call, extensions, implicit)` with the implicit values spec version, transaction version,
//!   genesis hash, era block hash (the genesis: immortal) and `None` for the metadata hash.
//!   They go through `author_submitAndWatchExtrinsic` and are followed into a block, whose
//!   events tell whether the call succeeded.

use crate::rpc::mining::{ss58, PoolJson, RewardsJson, StatsJson, WorkJson};
use codec::{Decode, Encode};
use frame_system::offchain::CreateAuthorizedTransaction;
use jsonrpsee::{
	core::{
		client::{ClientT, Subscription, SubscriptionClientT},
		params::ArrayParams,
		ClientError,
	},
	rpc_params,
	types::ErrorObjectOwned,
	ws_client::{WsClient, WsClientBuilder},
};
use metanode_runtime::{
	AccountId, Address, Runtime, RuntimeCall, RuntimeError, RuntimeEvent, SignedPayload,
	TxExtension, UncheckedExtrinsic,
};
use serde::de::DeserializeOwned;
use sp_core::{sr25519, Bytes, Pair, H256};
use sp_runtime::{generic::Era, DispatchError, MultiSignature};
use std::time::Duration;

/// How long a signed transaction may take to reach a block.
const INCLUSION_TIMEOUT: Duration = Duration::from_secs(60);

/// JSON-RPC "method not found".
const METHOD_NOT_FOUND: i32 = -32601;
/// `author_*`: the pool refused the transaction as invalid.
const POOL_INVALID_TX: i32 = 1010;

/// A connection to a Metanode node.
pub struct Chain {
	client: WsClient,
	/// The node's WebSocket URL.
	pub url: String,
	/// The chain's genesis hash.
	pub genesis: H256,
	/// The node's runtime spec version.
	pub spec_version: u32,
	/// The node's runtime transaction version.
	pub tx_version: u32,
}

/// A signed transaction in a block.
pub struct Included {
	/// The block.
	pub block_hash: H256,
	/// Its number.
	pub block_number: u32,
	/// The transaction's events.
	pub events: Vec<RuntimeEvent>,
}

/// Why the pool did not take a share.
pub enum ShareRefusal {
	/// The pool refused it; the reason in words.
	Refused(String),
	/// The connection failed.
	Connection(String),
}

impl Chain {
	/// Connects to `url` and reads the genesis hash and the runtime version.
	pub async fn connect(url: &str) -> Result<Self, String> {
		let client = WsClientBuilder::default()
			.connection_timeout(Duration::from_secs(10))
			.request_timeout(Duration::from_secs(60))
			.max_concurrent_requests(4096)
			.build(url)
			.await
			.map_err(|e| {
				format!(
					"cannot reach a node at {url} ({e}): start one (e.g. `metanode --dev`) or pass \
					 --url with the WebSocket address of a running node"
				)
			})?;
		let mut chain = Chain {
			client,
			url: url.to_string(),
			genesis: H256::zero(),
			spec_version: 0,
			tx_version: 0,
		};
		chain.genesis = chain
			.call::<Option<H256>>("chain_getBlockHash", rpc_params![0u32])
			.await?
			.ok_or_else(|| format!("the node at {url} has no genesis block"))?;
		let version: serde_json::Value =
			chain.call("state_getRuntimeVersion", rpc_params![]).await?;
		let field = |name: &str| {
			version[name].as_u64().map(|v| v as u32).ok_or_else(|| {
				format!("the node at {url} sent a runtime version without `{name}`: {version}")
			})
		};
		chain.spec_version = field("specVersion")?;
		chain.tx_version = field("transactionVersion")?;
		let native = metanode_runtime::VERSION;
		if version["specName"].as_str() != Some(&*native.spec_name) {
			return Err(format!(
				"the node at {url} runs `{}`, not a Metanode chain: pass --url of a metanode node",
				version["specName"]
			));
		}
		if chain.tx_version != native.transaction_version {
			eprintln!(
				"warning: the node's runtime has transaction version {} but this binary was built \
				 for {}: its transactions may be refused; use the metanode binary that matches \
				 the chain",
				chain.tx_version, native.transaction_version
			);
		}
		Ok(chain)
	}

	/// Calls a JSON-RPC method; errors are sentences.
	pub async fn call<R: DeserializeOwned>(
		&self,
		method: &str,
		params: ArrayParams,
	) -> Result<R, String> {
		self.client.request(method, params).await.map_err(|e| self.describe(method, e))
	}

	fn describe(&self, method: &str, error: ClientError) -> String {
		let url = &self.url;
		match error {
			ClientError::Call(e) if e.code() == METHOD_NOT_FOUND => format!(
				"the node at {url} does not serve `{method}`: run a metanode node built with the \
				 mining pallet (this repository's `metanode`)"
			),
			ClientError::Call(e) => format!("`{method}` failed: {}", call_error_text(&e)),
			ClientError::RequestTimeout => format!(
				"`{method}` timed out: the node at {url} does not answer; is it overloaded?"
			),
			ClientError::RestartNeeded(_) | ClientError::Transport(_) => format!(
				"lost the connection to the node at {url} ({error}): check that it is still running"
			),
			other => format!("`{method}` failed: {other}"),
		}
	}

	/// `mining_work(account)`.
	pub async fn work(&self, account: &AccountId) -> Result<WorkJson, String> {
		self.call("mining_work", rpc_params![ss58(account)]).await
	}

	/// `mining_pools()`.
	pub async fn pools(&self) -> Result<Vec<PoolJson>, String> {
		self.call("mining_pools", rpc_params![]).await
	}

	/// `mining_stats()`.
	pub async fn stats(&self) -> Result<StatsJson, String> {
		self.call("mining_stats", rpc_params![]).await
	}

	/// `mining_rewards(account)`, as a number.
	pub async fn rewards(&self, account: &AccountId) -> Result<u128, String> {
		let r: RewardsJson = self.call("mining_rewards", rpc_params![ss58(account)]).await?;
		r.claimable
			.parse()
			.map_err(|_| format!("the node sent a claimable amount that is not a number: {r:?}"))
	}

	/// The hash of block `number` of the best chain.
	pub async fn block_hash(&self, number: u32) -> Result<Option<H256>, String> {
		self.call("chain_getBlockHash", rpc_params![number]).await
	}

	/// Reads and decodes a storage value (at the best block, or `at`).
	pub async fn storage<T: Decode>(
		&self,
		key: &[u8],
		at: Option<H256>,
	) -> Result<Option<T>, String> {
		let raw: Option<Bytes> =
			self.call("state_getStorage", rpc_params![Bytes(key.to_vec()), at]).await?;
		raw.map(|bytes| {
			T::decode(&mut &bytes[..]).map_err(|e| {
				format!(
					"cannot decode storage at {url}: {e}; the node's runtime differs from this \
					 binary's, use the metanode binary that matches the chain",
					url = self.url
				)
			})
		})
		.transpose()
	}

	/// The shares of `miner` in `epoch` that are in blocks, as of the best block (or `at`):
	/// its ledger entry `Mining::MinerShares(epoch, miner)`, summed over its pools.
	pub async fn shares_in_blocks(
		&self,
		epoch: u32,
		miner: &AccountId,
		at: Option<H256>,
	) -> Result<u32, String> {
		let key = pallet_mining::MinerShares::<Runtime>::hashed_key_for(epoch, miner);
		let entry: Option<Vec<(u32, u32)>> = self.storage(&key, at).await?;
		Ok(entry.unwrap_or_default().iter().map(|(_, shares)| shares).sum())
	}

	/// Subscribes to new best heads; yields their numbers.
	pub async fn subscribe_heads(&self) -> Result<Subscription<serde_json::Value>, String> {
		self.client
			.subscribe("chain_subscribeNewHeads", rpc_params![], "chain_unsubscribeNewHeads")
			.await
			.map_err(|e| self.describe("chain_subscribeNewHeads", e))
	}

	/// Submits a share of `miner` as an authorized general transaction. Returns its hash.
	pub async fn submit_share(
		&self,
		miner: &AccountId,
		epoch: u32,
		nonce: u64,
	) -> Result<H256, ShareRefusal> {
		let xt = share_extrinsic(miner.clone(), epoch, nonce);
		match self
			.client
			.request::<H256, _>("author_submitExtrinsic", rpc_params![Bytes(xt.encode())])
			.await
		{
			Ok(hash) => Ok(hash),
			Err(ClientError::Call(e)) => Err(ShareRefusal::Refused(share_refusal_reason(&e))),
			Err(e) => Err(ShareRefusal::Connection(self.describe("author_submitExtrinsic", e))),
		}
	}

	/// Signs `call` with `pair`, submits it and waits until it is in a block. `what` names the
	/// action in errors. Fails if the pool refuses it, it leaves the pool without being
	/// included, or it is included but fails (the error is decoded from its events).
	pub async fn submit_signed(
		&self,
		pair: &sr25519::Pair,
		call: RuntimeCall,
		what: &str,
	) -> Result<Included, String> {
		let who: AccountId = pair.public().into();
		let nonce: u32 = self.call("system_accountNextIndex", rpc_params![ss58(&who)]).await?;
		let xt =
			signed_extrinsic(pair, call, nonce, self.genesis, self.spec_version, self.tx_version);
		let encoded = xt.encode();
		let mut sub: Subscription<serde_json::Value> = self
			.client
			.subscribe(
				"author_submitAndWatchExtrinsic",
				rpc_params![Bytes(encoded.clone())],
				"author_unwatchExtrinsic",
			)
			.await
			.map_err(|e| match e {
				ClientError::Call(e) => refused_signed(&e, what, &who),
				other => self.describe("author_submitAndWatchExtrinsic", other),
			})?;

		let deadline = tokio::time::Instant::now() + INCLUSION_TIMEOUT;
		let block_hash = loop {
			let status = match tokio::time::timeout_at(deadline, sub.next()).await {
				Err(_) => {
					return Err(format!(
						"{what}: not in a block after {} s; check the node (`system_health`) and \
						 try again",
						INCLUSION_TIMEOUT.as_secs()
					))
				},
				Ok(None) => {
					return Err(format!(
						"{what}: the node closed the transaction's subscription; check the node \
						 and try again"
					))
				},
				Ok(Some(Err(e))) => return Err(format!("{what}: unreadable status: {e}")),
				Ok(Some(Ok(status))) => status,
			};
			if let Some(hash) = status.get("inBlock").or_else(|| status.get("finalized")) {
				break serde_json::from_value::<H256>(hash.clone())
					.map_err(|e| format!("{what}: bad block hash in status {status}: {e}"))?;
			}
			let word = status
				.as_str()
				.map(str::to_string)
				.or_else(|| status.as_object().and_then(|o| o.keys().next().cloned()));
			match word.as_deref() {
				Some("future" | "ready" | "broadcast" | "retracted") => continue,
				Some(other) => {
					return Err(format!(
						"{what}: the transaction left the pool without being included ({other}); \
						 try again"
					))
				},
				None => continue,
			}
		};
		let _ = sub.unsubscribe().await;

		let block: serde_json::Value = self.call("chain_getBlock", rpc_params![block_hash]).await?;
		let block_number = block["block"]["header"]["number"]
			.as_str()
			.and_then(|n| u32::from_str_radix(n.trim_start_matches("0x"), 16).ok())
			.unwrap_or_default();
		let extrinsics: Vec<Bytes> =
			serde_json::from_value(block["block"]["extrinsics"].clone()).unwrap_or_default();
		let index = extrinsics.iter().position(|x| x.0 == encoded).ok_or_else(|| {
			format!("{what}: the transaction is not in block {block_hash:?} that the node reported")
		})? as u32;
		let key = frame_support::storage::storage_prefix(b"System", b"Events");
		let records: Vec<frame_system::EventRecord<RuntimeEvent, H256>> =
			self.storage(&key, Some(block_hash)).await?.unwrap_or_default();
		let events: Vec<RuntimeEvent> = records
			.into_iter()
			.filter(|r| r.phase == frame_system::Phase::ApplyExtrinsic(index))
			.map(|r| r.event)
			.collect();
		for event in &events {
			if let RuntimeEvent::System(frame_system::Event::ExtrinsicFailed {
				dispatch_error,
				..
			}) = event
			{
				return Err(format!("{what} failed: {}", describe_dispatch_error(dispatch_error)));
			}
		}
		Ok(Included { block_hash, block_number, events })
	}
}

/// The authorized general transaction of a share, exactly as the runtime's
/// `CreateAuthorizedTransaction` builds it.
pub fn share_extrinsic(miner: AccountId, epoch: u32, nonce: u64) -> UncheckedExtrinsic {
	let call = RuntimeCall::Mining(pallet_mining::Call::submit_share { miner, epoch, nonce });
	<Runtime as CreateAuthorizedTransaction<RuntimeCall>>::create_authorized_transaction(call)
}

/// The extensions of a signed transaction: `metanode_runtime::TxExtension`, immortal, with
/// `nonce`, tip 0 and the metadata hash check disabled.
pub fn signed_extensions(nonce: u32) -> TxExtension {
	(
		frame_system::AuthorizeCall::<Runtime>::new(),
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckEra::<Runtime>::from(Era::Immortal),
		frame_system::CheckNonce::<Runtime>::from(nonce),
		frame_system::CheckWeight::<Runtime>::new(),
		pallet_wallets::CheckWalletRules::<Runtime>::new(),
		pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(0),
		frame_metadata_hash_extension::CheckMetadataHash::<Runtime>::new(false),
		frame_system::WeightReclaim::<Runtime>::new(),
	)
}

/// A signed transaction of `call` by `pair` with `nonce`, for the chain with `genesis` and the
/// given runtime versions (the implicit part of the signed payload).
pub fn signed_extrinsic(
	pair: &sr25519::Pair,
	call: RuntimeCall,
	nonce: u32,
	genesis: H256,
	spec_version: u32,
	tx_version: u32,
) -> UncheckedExtrinsic {
	let extensions = signed_extensions(nonce);
	// The extensions' implicit values, in the tuple's order: AuthorizeCall, CheckNonZeroSender,
	// CheckSpecVersion, CheckTxVersion, CheckGenesis, CheckEra (immortal: the genesis hash),
	// CheckNonce, CheckWeight, CheckWalletRules, ChargeTransactionPayment, CheckMetadataHash
	// (disabled: None), WeightReclaim.
	let implicit =
		((), (), spec_version, tx_version, genesis, genesis, (), (), (), (), None::<[u8; 32]>, ());
	let payload = SignedPayload::from_raw(call.clone(), extensions.clone(), implicit);
	let signature = payload.using_encoded(|bytes| pair.sign(bytes));
	let signer: AccountId = pair.public().into();
	UncheckedExtrinsic::new_signed(
		call,
		Address::Id(signer),
		MultiSignature::Sr25519(signature),
		extensions,
	)
}

/// The message and data of a JSON-RPC error.
fn call_error_text(e: &ErrorObjectOwned) -> String {
	match e.data() {
		Some(data) => format!("{} ({})", e.message(), data.get().trim_matches('"')),
		None => e.message().to_string(),
	}
}

/// Why the pool refused a share, in words. The pallet maps `StaleEpoch` and `DuplicateShare`
/// to `Stale`, `AboveTarget` to `BadProof` and every other error to `Custom(index)`.
pub fn share_refusal_reason(e: &ErrorObjectOwned) -> String {
	let data = e.data().map(|d| d.get().trim_matches('"').to_string()).unwrap_or_default();
	if e.code() == POOL_INVALID_TX {
		if data.contains("outdated") {
			return "stale (epoch closed, or a duplicate)".into();
		}
		if data.contains("bad signature") {
			return "above the target".into();
		}
		if let Some(index) =
			data.strip_prefix("Custom error: ").and_then(|i| i.trim().parse::<u8>().ok())
		{
			return match pallet_mining::Error::<Runtime>::decode(&mut &[index][..]) {
				Ok(error) => error.as_str().to_string(),
				Err(_) => format!("custom error {index}"),
			};
		}
	}
	if data.is_empty() {
		e.message().to_string()
	} else {
		format!("{}: {data}", e.message())
	}
}

/// The message for a signed transaction the pool refused.
fn refused_signed(e: &ErrorObjectOwned, what: &str, who: &AccountId) -> String {
	let text = call_error_text(e);
	if let Some(name) = text
		.split("Custom error: ")
		.nth(1)
		.and_then(|rest| rest.trim_end_matches(')').trim().parse::<u8>().ok())
		.and_then(pallet_wallets::TransferRefusal::<u128>::name_of_code)
	{
		return format!(
			"{what}: refused by the wallet rules ({name}); `metanode wallet balance` shows the 			 sender's stamps, freeze and limits"
		);
	}
	if text.contains("Inability to pay some fees") {
		return format!(
			"{what}: account {} cannot pay the transaction fee: send it some GEN first (e.g. \
			 `balances.transferKeepAlive` from a funded account)",
			ss58(who)
		);
	}
	format!("{what}: the node refused the transaction: {text}")
}

/// A dispatch error with the pallet's error name where the runtime knows it.
pub fn describe_dispatch_error(error: &DispatchError) -> String {
	let hint = |name: &str| match name {
		"NothingToClaim" => ": nothing to claim yet; mine and wait until the epoch closes",
		"UnknownPool" => ": the pool is not open; list the open pools with `metanode mine pools`",
		"PoolFull" => ": the pool is full; pick another with --pool",
		"TooManyPoolsThisEpoch" => {
			": this account already mined for too many pools this epoch; wait for the next epoch"
		},
		"AlreadyInPool" => ": already in that pool",
		"TooManyPools" => ": no pool slot is free; join an existing pool with --pool <id>",
		"CannotReceive" => ": the account cannot receive NEX",
		_ => "",
	};
	match RuntimeError::from_dispatch_error(*error) {
		Some(RuntimeError::Mining(e)) => format!("Mining.{}{}", e.as_str(), hint(e.as_str())),
		Some(other) => format!("{other:?}"),
		None => match error {
			DispatchError::Token(sp_runtime::TokenError::FundsUnavailable) => {
				"not enough free GEN (FundsUnavailable): send the account more GEN".into()
			},
			other => format!("{other:?}"),
		},
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_share_is_a_general_transaction_with_the_authorized_extensions() {
		let miner = AccountId::new([1; 32]);
		let xt = share_extrinsic(miner.clone(), 3, 42);
		assert!(matches!(xt.preamble, sp_runtime::generic::Preamble::General(..)));
		assert_eq!(
			xt.function,
			RuntimeCall::Mining(pallet_mining::Call::submit_share { miner, epoch: 3, nonce: 42 })
		);
		let again = UncheckedExtrinsic::decode(&mut &xt.encode()[..]).unwrap();
		assert_eq!(again.encode(), xt.encode());
	}

	#[test]
	fn a_signed_transaction_verifies_against_the_runtime_implicit_values() {
		let pair = sr25519::Pair::from_string("//Alice", None).unwrap();
		let genesis = H256::repeat_byte(7);
		let call = RuntimeCall::Mining(pallet_mining::Call::claim_rewards {});
		let xt = signed_extrinsic(&pair, call, 5, genesis, 100, 1);
		// Check the signature the way the runtime does: against the payload with the implicit
		// values the extensions compute.
		let sp_runtime::generic::Preamble::Signed(_, signature, extensions) = &xt.preamble else {
			panic!("not signed")
		};
		let implicit =
			((), (), 100u32, 1u32, genesis, genesis, (), (), (), (), None::<[u8; 32]>, ());
		let payload = SignedPayload::from_raw(xt.function.clone(), extensions.clone(), implicit);
		let ok = payload.using_encoded(|bytes| {
			sp_runtime::traits::Verify::verify(signature, bytes, &AccountId::from(pair.public()))
		});
		assert!(ok);
	}
}
