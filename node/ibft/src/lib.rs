//! Metanode's IBFT finality gadget, node side.
//!
//! The protocol itself (IBFT 2.0 / QBFT) is the pure state machine of `metanode-ibft-core`.
//! This crate connects it to a Substrate node:
//!
//! * [`gossip`]: its own notification protocol (`/<genesis>/ibft/1`) through
//!   `sc-network-gossip`, so it runs on both network backends (litep2p and libp2p); every
//!   message is checked (signer in the current set, right set id and height, valid signature)
//!   before it is kept or forwarded, and peers that send garbage lose reputation;
//! * [`chain`]: the machine's view of the block tree (the client), of the validator set (the
//!   runtime's `IbftApi` at the last finalized block) and of our key (the keystore);
//! * [`import`]: justification import, so a node that did not vote (offline, syncing, not a
//!   validator) finalizes from its peers' justifications, stores them and serves them on;
//! * [`worker`]: the task that runs the machine, finalizes through the client with the
//!   justification stored under the `IBFT` engine id, persists the safety state, gossips
//!   justifications, and submits equivocation reports to the runtime;
//! * [`rpc`]: `ibft_roundState`, `ibft_subscribeJustifications`, `ibft_proveFinality`;
//! * [`metrics`]: Prometheus metrics.
//!
//! # Wiring (see `node/src/service.rs`)
//!
//! 1. Wrap the block import of the import queue in [`IbftBlockImport`] and pass it as the
//!    queue's justification import too.
//! 2. Register the protocol with [`peers_set_config`] before building the network.
//! 3. Create the RPC link with [`rpc_link`] and give its [`RpcLink`] half to the RPC builder.
//! 4. Spawn [`run_ibft`] with the network, sync service and the other half.

#![warn(missing_docs)]

pub mod aux_schema;
pub mod chain;
pub mod gossip;
pub mod import;
pub mod metrics;
pub mod rpc;
mod worker;

pub use import::IbftBlockImport;
pub use metanode_ibft_primitives::metanode_ibft_core::{Config, RoundTimer};
pub use rpc::{IbftRpc, IbftRpcApiServer, RpcLink};

use futures::{stream::FuturesUnordered, Future, StreamExt};
use metanode_ibft_primitives::{BlockNumber, IbftApi};
use prometheus_endpoint::Registry;
use sc_client_api::{AuxStore, Backend, BlockBackend, BlockchainEvents, Finalizer};
use sc_network::{
	config::{NonReservedPeerMode, SetConfig},
	service::NotificationMetrics,
	NetworkBackend, NotificationService, ProtocolName,
};
use sc_network_gossip::GossipEngine;
use sc_transaction_pool_api::OffchainTransactionPoolFactory;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::{HeaderBackend, HeaderMetadata};
use sp_core::H256;
use sp_keystore::KeystorePtr;
use sp_runtime::traits::{Block as BlockT, Header as HeaderT};
use std::sync::Arc;

/// The log target of the gadget.
pub const LOG_TARGET: &str = "ibft";

/// The largest gossip notification: a PROPOSAL carrying a round-change certificate with
/// prepared certificates of a few hundred validators stays well below it.
pub const MAX_NOTIFICATION_SIZE: u64 = 1024 * 1024;

/// What the gadget needs of the client.
pub trait ClientForIbft<B: BlockT, BE: Backend<B>>:
	HeaderBackend<B>
	+ HeaderMetadata<B, Error = sp_blockchain::Error>
	+ BlockchainEvents<B>
	+ Finalizer<B, BE>
	+ BlockBackend<B>
	+ AuxStore
	+ ProvideRuntimeApi<B, Api: IbftApi<B>>
	+ Send
	+ Sync
	+ 'static
{
}

impl<B, BE, T> ClientForIbft<B, BE> for T
where
	B: BlockT,
	BE: Backend<B>,
	T: HeaderBackend<B>
		+ HeaderMetadata<B, Error = sp_blockchain::Error>
		+ BlockchainEvents<B>
		+ Finalizer<B, BE>
		+ BlockBackend<B>
		+ AuxStore
		+ ProvideRuntimeApi<B>
		+ Send
		+ Sync
		+ 'static,
	T::Api: IbftApi<B>,
{
}

/// The name of the IBFT notification protocol of the chain with `genesis_hash` (and fork id).
pub fn protocol_name(genesis_hash: &H256, fork_id: Option<&str>) -> ProtocolName {
	let genesis = format!("{genesis_hash:x}");
	match fork_id {
		Some(fork_id) => format!("/{genesis}/{fork_id}/ibft/1").into(),
		None => format!("/{genesis}/ibft/1").into(),
	}
}

/// The network configuration of the IBFT protocol, to add to the node's network
/// configuration before the network is built, and the handle the gadget talks through.
///
/// Like GRANDPA's, the set accepts no peers of its own: the gossip engine adds every peer
/// the block sync connects to, so consensus messages reach whoever we sync with.
pub fn peers_set_config<B: BlockT, N: NetworkBackend<B, <B as BlockT>::Hash>>(
	protocol_name: ProtocolName,
	metrics: NotificationMetrics,
	peer_store_handle: Arc<dyn sc_network::peer_store::PeerStoreProvider>,
) -> (N::NotificationProtocolConfig, Box<dyn NotificationService>) {
	N::notification_config(
		protocol_name,
		Vec::new(),
		MAX_NOTIFICATION_SIZE,
		None,
		SetConfig {
			in_peers: 0,
			out_peers: 0,
			reserved_nodes: Vec::new(),
			non_reserved_mode: NonReservedPeerMode::Deny,
		},
		metrics,
		peer_store_handle,
	)
}

/// The worker's half of the RPC link: where it publishes.
pub struct RpcPublisher {
	round_state: rpc::SharedRoundState,
	justifications: rpc::JustificationSender,
}

/// A linked pair: the worker publishes through the [`RpcPublisher`], the RPC reads the
/// [`RpcLink`]. Create it before the RPC server so both can be handed out.
pub fn rpc_link() -> (RpcPublisher, RpcLink) {
	let round_state = rpc::SharedRoundState::default();
	let (justifications, stream) = rpc::JustificationStream::channel();
	(
		RpcPublisher { round_state: round_state.clone(), justifications },
		RpcLink { round_state, justifications: stream },
	)
}

/// Everything [`run_ibft`] needs.
pub struct IbftParams<B: BlockT, C, N, S> {
	/// The client.
	pub client: Arc<C>,
	/// The keystore holding our IBFT session key; `None` on a node that is not a validator.
	pub keystore: Option<KeystorePtr>,
	/// The network.
	pub network: N,
	/// The sync service.
	pub sync: S,
	/// The protocol handle from [`peers_set_config`].
	pub notification_service: Box<dyn NotificationService>,
	/// The protocol name given to [`peers_set_config`].
	pub protocol_name: ProtocolName,
	/// The machine's tunables (round timer).
	pub config: Config,
	/// Where to register the metrics.
	pub prometheus_registry: Option<Registry>,
	/// Lets the worker submit equivocation reports.
	pub offchain_tx_pool_factory: OffchainTransactionPoolFactory<B>,
	/// Where to publish for the RPC.
	pub rpc: RpcPublisher,
}

/// The gadget's task: run it on an essential task. Fails at once if the runtime has no IBFT
/// authority set, or the persisted safety state cannot be read.
pub fn run_ibft<B, BE, C, N, S>(
	params: IbftParams<B, C, N, S>,
) -> Result<impl Future<Output = ()> + Send, String>
where
	B: BlockT<Hash = H256>,
	B::Header: HeaderT<Number = BlockNumber>,
	BE: Backend<B> + 'static,
	C: ClientForIbft<B, BE>,
	N: sc_network_gossip::Network<B> + Send + Clone + 'static,
	S: sc_network_gossip::Syncing<B> + Send + Clone + 'static,
{
	let IbftParams {
		client,
		keystore,
		network,
		sync,
		notification_service,
		protocol_name,
		config,
		prometheus_registry,
		offchain_tx_pool_factory,
		rpc,
	} = params;

	let signer = chain::KeystoreSigner::new(keystore);
	let machine = worker::initial_machine::<B, BE, C>(&client, config, signer)?;
	log::info!(
		target: LOG_TARGET,
		"IBFT starts at height {} above #{} with {} validators (set {}){}",
		machine.height(),
		machine.finalized().number,
		machine.validator_set().len(),
		machine.validator_set().set_id(),
		if machine.round_state().local.is_some() { ", voting" } else { ", observing" },
	);

	let (reports_tx, reports) = sc_utils::mpsc::tracing_unbounded("mpsc_ibft_peer_reports", 10_000);
	let validator = Arc::new(gossip::GossipValidator::new(
		gossip::GossipView { height: machine.height(), set: machine.validator_set().clone() },
		reports_tx,
	));
	let mut gossip = GossipEngine::new(
		network,
		sync,
		notification_service,
		protocol_name,
		validator.clone(),
		prometheus_registry.as_ref(),
	);
	let incoming = gossip.messages_for(gossip::topic::<B>()).boxed();
	let metrics = match prometheus_registry.as_ref().map(metrics::Metrics::register) {
		Some(Ok(metrics)) => Some(metrics),
		Some(Err(e)) => {
			log::warn!(target: LOG_TARGET, "IBFT metrics not registered: {e}");
			None
		},
		None => None,
	};

	let worker = worker::Worker {
		chain: chain::ClientChain::new(client.clone()),
		imports: client.import_notification_stream(),
		finality: client.finality_notification_stream(),
		client,
		machine,
		gossip,
		validator,
		incoming,
		reports,
		timers: FuturesUnordered::new(),
		offchain_tx_pool_factory,
		metrics,
		round_state: rpc.round_state,
		justifications: rpc.justifications,
		pending_justification: None,
		import_times: Default::default(),
	};
	Ok(worker.run())
}
