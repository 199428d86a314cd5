//! The `ibft_*` JSON-RPC methods.
//!
//! * `ibft_roundState()`: where consensus is (height, round, proposer, votes seen, validators).
//! * `ibft_subscribeJustifications` (notifications `ibft_justifications`, unsubscribe with
//!   `ibft_unsubscribeJustifications`): every justification this node finalizes with, whether
//!   it decided itself or imported it.
//! * `ibft_proveFinality(blockNumber)`: a justification that proves the block final. It is the
//!   one stored with the first block at or above `blockNumber` that has one (the block asked
//!   for is then its ancestor). A light client checks it against the authority set: see
//!   `docs/consensus.md`.
//!
//! Errors are JSON-RPC errors with a message: 9200 when the gadget has not started yet,
//! 9201 for a block that is not finalized, 9202 when no IBFT justification is stored for it.

use codec::Encode;
use jsonrpsee::{
	core::{async_trait, RpcResult},
	proc_macros::rpc,
	types::ErrorObjectOwned,
	PendingSubscriptionSink,
};
use metanode_ibft_primitives::{
	metanode_ibft_core::RoundState, AuthorityId, BlockNumber, IbftTypes, Justification,
	ValidatorSet, VersionedJustification, IBFT_ENGINE_ID,
};
use parking_lot::RwLock;
use sc_client_api::BlockBackend;
use sc_rpc::{
	utils::{spawn_subscription_task, BoundedVecDeque, PendingSubscription},
	SubscriptionTaskExecutor,
};
use sc_utils::notification::{NotificationSender, NotificationStream, TracingKeyStr};
use serde::Serialize;
use sp_application_crypto::ByteArray;
use sp_blockchain::HeaderBackend;
use sp_core::{Bytes, H256};
use sp_runtime::traits::{Block as BlockT, Header as HeaderT};
use std::{marker::PhantomData, sync::Arc};

/// How many blocks above the requested one `ibft_proveFinality` looks for a justification.
pub const MAX_PROOF_SCAN: BlockNumber = 4096;

/// A block by hash and number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BlockView {
	/// The hash.
	pub hash: H256,
	/// The number.
	pub number: BlockNumber,
}

/// The reply of `ibft_roundState`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RoundStateView {
	/// The height being decided.
	pub height: u64,
	/// Its current round.
	pub round: u32,
	/// The validator set id of the height.
	pub set_id: u64,
	/// The validators' IBFT keys, sorted (the proposer order).
	pub validators: Vec<Bytes>,
	/// How many matching messages decide: `ceil(2n / 3)`.
	pub quorum: usize,
	/// The proposer of the current round.
	pub proposer: Bytes,
	/// This node's IBFT key if it is a validator of the height.
	pub local: Option<Bytes>,
	/// The last finalized block.
	pub finalized: BlockView,
	/// The block proposed and accepted in this round, if any.
	pub accepted: Option<BlockView>,
	/// PREPAREs seen in this round.
	pub prepares: usize,
	/// COMMITs seen in this round.
	pub commits: usize,
	/// ROUND-CHANGEs seen for this round.
	pub round_changes: usize,
	/// The round of this node's prepared certificate (its lock), if any.
	pub locked_round: Option<u32>,
	/// Whether the round timer runs (false while there is no new block to finalize).
	pub started: bool,
	/// Whether the height is decided and its block being finalized.
	pub decided: bool,
}

fn key(id: &AuthorityId) -> Bytes {
	Bytes(id.to_raw_vec())
}

impl RoundStateView {
	/// The view of a machine snapshot.
	pub fn new(state: &RoundState<IbftTypes>, set: &ValidatorSet) -> Self {
		Self {
			height: state.height,
			round: state.round,
			set_id: state.set_id,
			validators: set.validators().iter().map(key).collect(),
			quorum: set.quorum(),
			proposer: key(&state.proposer),
			local: state.local.as_ref().map(key),
			finalized: BlockView { hash: state.finalized.hash, number: state.finalized.number },
			accepted: state.accepted.as_ref().map(|b| BlockView { hash: b.hash, number: b.number }),
			prepares: state.prepares,
			commits: state.commits,
			round_changes: state.round_changes,
			locked_round: state.locked_round,
			started: state.started,
			decided: state.decided,
		}
	}
}

/// A justification, as `ibft_subscribeJustifications` sends it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JustificationNotification {
	/// The finalized block.
	pub block_hash: H256,
	/// Its number.
	pub block_number: BlockNumber,
	/// The height that decided it.
	pub height: u64,
	/// The round it was decided in.
	pub round: u32,
	/// The deciding validator set.
	pub set_id: u64,
	/// The SCALE-encoded `VersionedJustification`.
	pub justification: Bytes,
}

impl From<&Justification> for JustificationNotification {
	fn from(j: &Justification) -> Self {
		Self {
			block_hash: j.hash,
			block_number: j.number,
			height: j.height,
			round: j.round,
			set_id: j.set_id,
			justification: Bytes(VersionedJustification::from(j.clone()).encode()),
		}
	}
}

/// The reply of `ibft_proveFinality`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FinalityProof {
	/// The block the justification finalizes (the requested block or a descendant of it).
	pub block_hash: H256,
	/// Its number.
	pub block_number: BlockNumber,
	/// The SCALE-encoded `VersionedJustification`.
	pub justification: Bytes,
}

/// The tracing key of the justification notification channels.
#[derive(Clone)]
pub struct JustificationsTracingKey;

impl TracingKeyStr for JustificationsTracingKey {
	const TRACING_KEY: &'static str = "mpsc_ibft_justification_notification_stream";
}

/// Where RPC subscribers get justifications from.
pub type JustificationStream =
	NotificationStream<JustificationNotification, JustificationsTracingKey>;
/// How the worker publishes justifications.
pub type JustificationSender = NotificationSender<JustificationNotification>;

/// The latest round state, published by the worker.
pub type SharedRoundState = Arc<RwLock<Option<RoundStateView>>>;

/// What the RPC reads from the running gadget.
#[derive(Clone)]
pub struct RpcLink {
	/// The latest round state.
	pub round_state: SharedRoundState,
	/// Justifications as they are finalized.
	pub justifications: JustificationStream,
}

/// The `ibft_*` methods.
#[rpc(server)]
pub trait IbftRpcApi {
	/// The consensus state: height, round, proposer, votes seen and validators.
	#[method(name = "ibft_roundState")]
	fn round_state(&self) -> RpcResult<RoundStateView>;

	/// A justification proving block `block_number` final; see the module docs.
	#[method(name = "ibft_proveFinality", blocking)]
	fn prove_finality(&self, block_number: BlockNumber) -> RpcResult<FinalityProof>;

	/// Every justification this node finalizes with, as it happens.
	#[subscription(
		name = "ibft_subscribeJustifications" => "ibft_justifications",
		unsubscribe = "ibft_unsubscribeJustifications",
		item = JustificationNotification,
	)]
	fn subscribe_justifications(&self);
}

/// The implementation of [`IbftRpcApiServer`].
pub struct IbftRpc<B, C> {
	client: Arc<C>,
	link: RpcLink,
	executor: SubscriptionTaskExecutor,
	_marker: PhantomData<B>,
}

impl<B, C> IbftRpc<B, C> {
	/// The RPC of the gadget behind `link`.
	pub fn new(client: Arc<C>, link: RpcLink, executor: SubscriptionTaskExecutor) -> Self {
		Self { client, link, executor, _marker: PhantomData }
	}
}

fn error(code: i32, message: String) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(code, message, None::<()>)
}

#[async_trait]
impl<B, C> IbftRpcApiServer for IbftRpc<B, C>
where
	B: BlockT<Hash = H256>,
	B::Header: HeaderT<Number = BlockNumber>,
	C: HeaderBackend<B> + BlockBackend<B> + Send + Sync + 'static,
{
	fn round_state(&self) -> RpcResult<RoundStateView> {
		self.link.round_state.read().clone().ok_or_else(|| {
			error(9200, "the IBFT gadget has not started yet; retry in a moment".into())
		})
	}

	fn prove_finality(&self, block_number: BlockNumber) -> RpcResult<FinalityProof> {
		let info = self.client.info();
		if block_number > info.finalized_number {
			return Err(error(
				9201,
				format!(
					"block #{block_number} is not finalized (the finalized head is #{})",
					info.finalized_number
				),
			));
		}
		let last = info.finalized_number.min(block_number.saturating_add(MAX_PROOF_SCAN));
		for number in block_number..=last {
			let Some(hash) = self.client.hash(number).map_err(|e| error(9202, e.to_string()))?
			else {
				continue;
			};
			let justifications =
				self.client.justifications(hash).map_err(|e| error(9202, e.to_string()))?;
			if let Some(bytes) = justifications.as_ref().and_then(|j| j.get(IBFT_ENGINE_ID)) {
				return Ok(FinalityProof {
					block_hash: hash,
					block_number: number,
					justification: Bytes(bytes.clone()),
				});
			}
		}
		Err(error(
			9202,
			format!(
				"no IBFT justification is stored for blocks #{block_number} to #{last} (they \
				 were finalized before IBFT ran on this chain)"
			),
		))
	}

	fn subscribe_justifications(&self, pending: PendingSubscriptionSink) {
		let stream = self.link.justifications.subscribe(100_000);
		let piped =
			PendingSubscription::from(pending).pipe_from_stream(stream, BoundedVecDeque::default());
		spawn_subscription_task(&self.executor, piped);
	}
}
