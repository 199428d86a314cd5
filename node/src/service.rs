//! The node service: client, database, networking, authoring and finality.
//!
//! Two ways to run:
//! - a development chain (chain type `Development`, e.g. `--dev`): blocks are sealed by
//!   `sc-consensus-manual-seal` as soon as a transaction arrives and at least every block
//!   time, and each is finalized at once, so a newcomer sees finalized blocks immediately;
//! - any other chain: Aura authors a block per slot and the gadget chosen with `--finality`
//!   (IBFT by default, or GRANDPA) finalizes; see [`crate::finality`] for the seam.

use crate::{
	finality::{self, Finality, FinalityBlockImport, Gadget},
	rpc,
};
use futures::{FutureExt, StreamExt};
use metanode_runtime::{self, apis::RuntimeApi, opaque::Block, SLOT_DURATION};
use sc_client_api::{Backend, HeaderBackend};
use sc_consensus_aura::{ImportQueueParams, SlotProportion, StartAuraParams};
use sc_consensus_grandpa::SharedVoterState;
use sc_consensus_manual_seal::{EngineCommand, ManualSealParams};
use sc_service::{
	error::Error as ServiceError, ChainType, Configuration, TaskManager, WarpSyncConfig,
};
use sc_telemetry::{Telemetry, TelemetryWorker};
use sc_transaction_pool_api::{OffchainTransactionPoolFactory, TransactionPool};
use sp_consensus_aura::{sr25519::AuthorityPair as AuraPair, Slot};
use sp_runtime::traits::Block as BlockT;
use std::{sync::Arc, time::Duration};

pub(crate) type FullClient = sc_service::TFullClient<
	Block,
	RuntimeApi,
	sc_executor::WasmExecutor<sp_io::SubstrateHostFunctions>,
>;
pub(crate) type FullBackend = sc_service::TFullBackend<Block>;
pub(crate) type FullSelectChain = sc_consensus::LongestChain<FullBackend, Block>;
type FullPool = sc_transaction_pool::TransactionPoolHandle<Block, FullClient>;

/// The parts of a node shared by the node itself and the chain-maintenance subcommands.
pub type Service = sc_service::PartialComponents<
	FullClient,
	FullBackend,
	FullSelectChain,
	sc_consensus::DefaultImportQueue<Block>,
	FullPool,
	(FinalityBlockImport, Gadget, Option<Telemetry>, RuntimeExecutor),
>;

/// The Wasm executor.
pub(crate) type RuntimeExecutor = sc_executor::WasmExecutor<sp_io::SubstrateHostFunctions>;

/// A Wasm executor as `sc_service::new_wasm_executor` makes it, plus a directory under the
/// node's base path where Wasmtime keeps the runtimes it compiled. The node compiles staged
/// runtime code into it ahead of time with a second executor (`prewarm.rs`): each executor
/// locks its in-memory runtime cache while it compiles, so the client's own executor must not
/// be the one compiling while blocks are due; it then loads the compiled code from disk.
pub(crate) fn runtime_executor(config: &Configuration) -> RuntimeExecutor {
	let strategy = config
		.executor
		.default_heap_pages
		.map_or(sc_executor::DEFAULT_HEAP_ALLOC_STRATEGY, |pages| {
			sc_executor::HeapAllocStrategy::Static { extra_pages: pages as _ }
		});
	RuntimeExecutor::builder()
		.with_execution_method(config.executor.wasm_method)
		.with_onchain_heap_alloc_strategy(strategy)
		.with_offchain_heap_alloc_strategy(strategy)
		.with_max_runtime_instances(config.executor.max_runtime_instances)
		.with_runtime_cache_size(config.executor.runtime_cache_size)
		.with_cache_path(config.base_path.path().join("wasm-cache"))
		.build()
}

/// Whether `config` runs a development chain, sealed and finalized by the node itself.
pub fn is_dev_chain(config: &Configuration) -> bool {
	config.chain_spec.chain_type() == ChainType::Development
}

/// The inherent data of an Aura block: the wall-clock timestamp and the slot it falls in.
async fn aura_inherent_data(
	slot_duration: sp_consensus_aura::SlotDuration,
) -> Result<
	(sp_consensus_aura::inherents::InherentDataProvider, sp_timestamp::InherentDataProvider),
	Box<dyn std::error::Error + Send + Sync>,
> {
	let timestamp = sp_timestamp::InherentDataProvider::from_system_time();
	let slot = sp_consensus_aura::inherents::InherentDataProvider::from_timestamp_and_slot_duration(
		*timestamp,
		slot_duration,
	);
	Ok((slot, timestamp))
}

/// Builds the client, database, transaction pool and import queue, with the block import of
/// the `finality` gadget.
pub fn new_partial(config: &Configuration, finality: Finality) -> Result<Service, ServiceError> {
	let telemetry = config
		.telemetry_endpoints
		.clone()
		.filter(|x| !x.is_empty())
		.map(|endpoints| -> Result<_, sc_telemetry::Error> {
			let worker = TelemetryWorker::new(16)?;
			let telemetry = worker.handle().new_telemetry(endpoints);
			Ok((worker, telemetry))
		})
		.transpose()?;

	let executor = runtime_executor(config);
	let (client, backend, keystore_container, task_manager) =
		sc_service::new_full_parts::<Block, RuntimeApi, _>(
			config,
			telemetry.as_ref().map(|(_, telemetry)| telemetry.handle()),
			executor,
			Vec::new(),
		)?;
	// A second executor over the same compiled-code directory, for `prewarm.rs`.
	let executor = runtime_executor(config);
	let client = Arc::new(client);

	let telemetry = telemetry.map(|(worker, telemetry)| {
		task_manager.spawn_handle().spawn("telemetry", None, worker.run());
		telemetry
	});

	let select_chain = sc_consensus::LongestChain::new(backend.clone());

	let transaction_pool = Arc::from(
		sc_transaction_pool::Builder::new(
			task_manager.spawn_essential_handle(),
			client.clone(),
			config.role.is_authority().into(),
		)
		.with_options(config.transaction_pool.clone())
		.with_prometheus(config.prometheus_registry())
		.build(),
	);

	// Seam point 1: the finality gadget's block import, used by the import queue and by Aura.
	let (block_import, gadget) = finality::block_import(
		finality,
		client.clone(),
		select_chain.clone(),
		telemetry.as_ref().map(|x| x.handle()),
	)?;

	let import_queue = if is_dev_chain(config) {
		sc_consensus_manual_seal::import_queue(
			Box::new(client.clone()),
			&task_manager.spawn_essential_handle(),
			config.prometheus_registry(),
		)
	} else {
		let slot_duration = sc_consensus_aura::slot_duration(&*client)?;
		sc_consensus_aura::import_queue::<AuraPair, _, _, _, _, _>(ImportQueueParams {
			block_import: block_import.clone(),
			justification_import: Some(Box::new(block_import.clone())),
			client: client.clone(),
			create_inherent_data_providers: move |_, ()| aura_inherent_data(slot_duration),
			spawner: &task_manager.spawn_essential_handle(),
			registry: config.prometheus_registry(),
			check_for_equivocation: Default::default(),
			telemetry: telemetry.as_ref().map(|x| x.handle()),
			compatibility_mode: Default::default(),
		})
		.map_err::<ServiceError, _>(Into::into)?
	};

	Ok(sc_service::PartialComponents {
		client,
		backend,
		task_manager,
		import_queue,
		keystore_container,
		select_chain,
		transaction_pool,
		other: (block_import, gadget, telemetry, executor),
	})
}

/// Builds and starts a full node with the network backend the configuration asks for and the
/// `finality` gadget.
pub fn new_full(config: Configuration, finality: Finality) -> Result<TaskManager, ServiceError> {
	match config.network.network_backend {
		sc_network::config::NetworkBackendType::Libp2p => new_full_with::<
			sc_network::NetworkWorker<Block, <Block as BlockT>::Hash>,
		>(config, finality),
		sc_network::config::NetworkBackendType::Litep2p => {
			new_full_with::<sc_network::Litep2pNetworkBackend>(config, finality)
		},
	}
}

/// A gadget whose network protocol is registered, waiting for the network to start it.
enum RegisteredGadget {
	Grandpa {
		link: finality::GrandpaLinkHalf,
		protocol_name: sc_network::ProtocolName,
		notification_service: Box<dyn sc_network::NotificationService>,
	},
	Ibft {
		protocol_name: sc_network::ProtocolName,
		notification_service: Box<dyn sc_network::NotificationService>,
		publisher: metanode_ibft::RpcPublisher,
	},
	/// The dev chain: the sealing task finalizes.
	None,
}

fn new_full_with<N: sc_network::NetworkBackend<Block, <Block as BlockT>::Hash>>(
	config: Configuration,
	finality: Finality,
) -> Result<TaskManager, ServiceError> {
	let sc_service::PartialComponents {
		client,
		backend,
		mut task_manager,
		import_queue,
		keystore_container,
		select_chain,
		transaction_pool,
		other: (block_import, gadget, mut telemetry, executor),
	} = new_partial(&config, finality)?;

	// Compile staged runtime code before the chain runs it (`prewarm.rs`).
	task_manager.spawn_handle().spawn(
		"runtime-prewarm",
		None,
		crate::prewarm::run(client.clone(), executor),
	);

	let dev_chain = is_dev_chain(&config);
	let mut net_config = sc_network::config::FullNetworkConfiguration::<
		Block,
		<Block as BlockT>::Hash,
		N,
	>::new(&config.network, config.prometheus_registry().cloned());
	let metrics = N::register_notification_metrics(config.prometheus_registry());
	let peer_store_handle = net_config.peer_store_handle();

	// Seam point 2: the gadget's network protocol. Warp sync needs GRANDPA's proofs, so an
	// IBFT node syncs in full (and verifies every justification on the way).
	let genesis_hash = client.info().genesis_hash;
	let mut ibft_rpc = None;
	let mut warp_sync_config = None;
	let registered = match gadget {
		_ if dev_chain => RegisteredGadget::None,
		Gadget::Grandpa(link) => {
			let protocol_name =
				sc_consensus_grandpa::protocol_standard_name(&genesis_hash, &config.chain_spec);
			let (protocol_config, notification_service) =
				sc_consensus_grandpa::grandpa_peers_set_config::<_, N>(
					protocol_name.clone(),
					metrics.clone(),
					peer_store_handle,
				);
			net_config.add_notification_protocol(protocol_config);
			let warp_sync = Arc::new(sc_consensus_grandpa::warp_proof::NetworkProvider::new(
				backend.clone(),
				link.shared_authority_set().clone(),
				Vec::default(),
			));
			warp_sync_config = Some(WarpSyncConfig::WithProvider(warp_sync));
			RegisteredGadget::Grandpa { link: *link, protocol_name, notification_service }
		},
		Gadget::Ibft => {
			let protocol_name =
				metanode_ibft::protocol_name(&genesis_hash, config.chain_spec.fork_id());
			let (protocol_config, notification_service) = metanode_ibft::peers_set_config::<_, N>(
				protocol_name.clone(),
				metrics.clone(),
				peer_store_handle,
			);
			net_config.add_notification_protocol(protocol_config);
			let (publisher, link) = metanode_ibft::rpc_link();
			ibft_rpc = Some(link);
			RegisteredGadget::Ibft { protocol_name, notification_service, publisher }
		},
	};

	let (network, system_rpc_tx, tx_handler_controller, sync_service, _bitswap) =
		sc_service::build_network(sc_service::BuildNetworkParams {
			config: &config,
			net_config,
			client: client.clone(),
			transaction_pool: transaction_pool.clone(),
			spawn_handle: task_manager.spawn_handle(),
			spawn_essential_handle: task_manager.spawn_essential_handle(),
			import_queue,
			block_announce_validator_builder: None,
			warp_sync_config,
			block_relay: None,
			metrics,
			gap_sync_body_policy: None,
		})?;

	if config.offchain_worker.enabled {
		let offchain_workers =
			sc_offchain::OffchainWorkers::new(sc_offchain::OffchainWorkerOptions {
				runtime_api_provider: client.clone(),
				is_validator: config.role.is_authority(),
				keystore: Some(keystore_container.keystore()),
				offchain_db: backend.offchain_storage(),
				transaction_pool: Some(OffchainTransactionPoolFactory::new(
					transaction_pool.clone(),
				)),
				network_provider: Arc::new(network.clone()),
				enable_http_requests: true,
				custom_extensions: |_| vec![],
			})?;
		task_manager.spawn_handle().spawn(
			"offchain-workers-runner",
			"offchain-worker",
			offchain_workers.run(client.clone(), task_manager.spawn_handle()).boxed(),
		);
	}

	let role = config.role;
	let force_authoring = config.force_authoring;
	let backoff_authoring_blocks: Option<()> = None;
	let name = config.network.node_name.clone();
	let config_disable_grandpa = config.disable_grandpa;
	let prometheus_registry = config.prometheus_registry().cloned();

	// The dev chain's sealing task also listens to `engine_createBlock` and
	// `engine_finalizeBlock` over RPC.
	let (manual_seal_sink, manual_seal_stream) = futures::channel::mpsc::channel(64);

	let rpc_extensions_builder = {
		let client = client.clone();
		let pool = transaction_pool.clone();
		let manual_seal = dev_chain.then(|| manual_seal_sink.clone());

		Box::new(move |subscription_executor| {
			let deps = rpc::FullDeps {
				client: client.clone(),
				pool: pool.clone(),
				manual_seal: manual_seal.clone(),
				ibft: ibft_rpc.clone().map(|link| (link, subscription_executor)),
			};
			rpc::create_full(deps).map_err(Into::into)
		})
	};

	let _rpc_handlers = sc_service::spawn_tasks(sc_service::SpawnTasksParams {
		network: Arc::new(network.clone()),
		client: client.clone(),
		keystore: keystore_container.keystore(),
		task_manager: &mut task_manager,
		transaction_pool: transaction_pool.clone(),
		rpc_builder: rpc_extensions_builder,
		backend,
		system_rpc_tx,
		tx_handler_controller,
		sync_service: sync_service.clone(),
		config,
		telemetry: telemetry.as_mut(),
		tracing_execute_block: None,
	})?;

	if dev_chain {
		start_dev_sealing(
			&task_manager,
			client,
			transaction_pool,
			select_chain,
			prometheus_registry.as_ref(),
			telemetry.as_ref(),
			manual_seal_stream,
		)?;
		return Ok(task_manager);
	}

	if role.is_authority() {
		let proposer_factory = sc_basic_authorship::ProposerFactory::new(
			task_manager.spawn_handle(),
			client.clone(),
			transaction_pool.clone(),
			prometheus_registry.as_ref(),
			telemetry.as_ref().map(|x| x.handle()),
		);

		let slot_duration = sc_consensus_aura::slot_duration(&*client)?;

		let aura = sc_consensus_aura::start_aura::<AuraPair, _, _, _, _, _, _, _, _, _, _>(
			StartAuraParams {
				slot_duration,
				client: client.clone(),
				select_chain,
				block_import,
				proposer_factory,
				create_inherent_data_providers: move |_, ()| aura_inherent_data(slot_duration),
				force_authoring,
				backoff_authoring_blocks,
				keystore: keystore_container.keystore(),
				sync_oracle: sync_service.clone(),
				justification_sync_link: sync_service.clone(),
				block_proposal_slot_portion: SlotProportion::new(2f32 / 3f32),
				max_block_proposal_slot_portion: None,
				telemetry: telemetry.as_ref().map(|x| x.handle()),
				compatibility_mode: Default::default(),
			},
		)?;

		// The AURA authoring task is considered essential, i.e. if it fails we take down the
		// service with it.
		task_manager.spawn_essential_handle().spawn_blocking("aura", Some("block-authoring"), aura);
	}

	// Seam point 3: start the gadget.
	match registered {
		RegisteredGadget::Grandpa { link, protocol_name, notification_service } => {
			if config_disable_grandpa {
				log::warn!("GRANDPA is disabled (--no-grandpa): blocks will not be finalized");
				return Ok(task_manager);
			}
			// If this node isn't an authority, don't sign GRANDPA messages.
			let keystore =
				if role.is_authority() { Some(keystore_container.keystore()) } else { None };

			let grandpa_config = sc_consensus_grandpa::Config {
				// Gossip about twice per block.
				gossip_duration: Duration::from_millis(SLOT_DURATION / 3),
				justification_generation_period: finality::GRANDPA_JUSTIFICATION_PERIOD,
				name: Some(name),
				observer_enabled: false,
				keystore,
				local_role: role,
				telemetry: telemetry.as_ref().map(|x| x.handle()),
				protocol_name,
			};

			// NOTE: non-authorities could run the GRANDPA observer protocol, but the full voter
			// gives better guarantees of block and vote data availability.
			let grandpa_params = sc_consensus_grandpa::GrandpaParams {
				config: grandpa_config,
				link,
				network,
				sync: Arc::new(sync_service),
				notification_service,
				voting_rule: sc_consensus_grandpa::VotingRulesBuilder::default().build(),
				prometheus_registry,
				shared_voter_state: SharedVoterState::empty(),
				telemetry: telemetry.as_ref().map(|x| x.handle()),
				offchain_tx_pool_factory: OffchainTransactionPoolFactory::new(transaction_pool),
			};

			// The voter task is essential: if it fails, the node stops.
			task_manager.spawn_essential_handle().spawn_blocking(
				"grandpa-voter",
				None,
				sc_consensus_grandpa::run_grandpa_voter(grandpa_params)?,
			);
		},
		RegisteredGadget::Ibft { protocol_name, notification_service, publisher } => {
			let keystore = role.is_authority().then(|| keystore_container.keystore());
			let ibft = metanode_ibft::run_ibft(metanode_ibft::IbftParams {
				client,
				keystore,
				network,
				sync: sync_service,
				notification_service,
				protocol_name,
				config: metanode_ibft::Config::default(),
				prometheus_registry,
				offchain_tx_pool_factory: OffchainTransactionPoolFactory::new(transaction_pool),
				rpc: publisher,
			})
			.map_err(|e| ServiceError::Other(format!("IBFT cannot start: {e}")))?;
			// The gadget task is essential: if it fails, the node stops.
			task_manager.spawn_essential_handle().spawn_blocking("ibft", None, ibft);
		},
		RegisteredGadget::None => {},
	}

	Ok(task_manager)
}

/// The slot and timestamp of the next dev block: the current wall-clock slot, or the slot
/// after the parent's if several blocks are sealed within one block time (the chain's
/// clock then runs ahead until wall-clock time catches up). Timestamps are slot-aligned so
/// they satisfy both Aura (one block per slot) and the timestamp pallet's minimum period.
fn next_dev_slot(parent_slot: Option<Slot>, now_millis: u64) -> (Slot, u64) {
	let wall_clock_slot = now_millis / SLOT_DURATION;
	let slot = match parent_slot {
		Some(parent) => wall_clock_slot.max(*parent + 1),
		None => wall_clock_slot,
	};
	(Slot::from(slot), slot * SLOT_DURATION)
}

/// Starts the dev chain's sealing task: a block is sealed (and finalized at once) whenever a
/// transaction enters the pool, every block time even if the pool is empty, and on
/// `engine_createBlock`.
fn start_dev_sealing(
	task_manager: &TaskManager,
	client: Arc<FullClient>,
	transaction_pool: Arc<FullPool>,
	select_chain: FullSelectChain,
	prometheus_registry: Option<&prometheus_endpoint::Registry>,
	telemetry: Option<&Telemetry>,
	rpc_commands: futures::channel::mpsc::Receiver<EngineCommand<<Block as BlockT>::Hash>>,
) -> Result<(), ServiceError> {
	let proposer = sc_basic_authorship::ProposerFactory::new(
		task_manager.spawn_handle(),
		client.clone(),
		transaction_pool.clone(),
		prometheus_registry,
		telemetry.map(|x| x.handle()),
	);

	let seal = |create_empty| EngineCommand::SealNewBlock {
		create_empty,
		finalize: true,
		parent_hash: None,
		sender: None,
	};
	let on_transaction = transaction_pool.import_notification_stream().map(move |_| seal(false));
	let every_block_time = futures::stream::unfold((), |()| async {
		tokio::time::sleep(Duration::from_millis(SLOT_DURATION)).await;
		Some(((), ()))
	})
	.map(move |()| seal(true))
	.boxed();
	let commands_stream = futures::stream::select(
		futures::stream::select(on_transaction, every_block_time),
		rpc_commands,
	);

	let slot_client = client.clone();
	let params = ManualSealParams {
		block_import: client.clone(),
		env: proposer,
		client: client.clone(),
		pool: transaction_pool,
		commands_stream,
		select_chain,
		consensus_data_provider: Some(Box::new(
			sc_consensus_manual_seal::consensus::aura::AuraConsensusDataProvider::new(
				client.clone(),
			),
		)),
		create_inherent_data_providers: move |parent_hash, ()| {
			let client = slot_client.clone();
			async move {
				let parent = client
					.header(parent_hash)?
					.ok_or_else(|| format!("parent header {parent_hash:?} not found"))?;
				let parent_slot = sc_consensus_aura::find_pre_digest::<
					Block,
					sp_consensus_aura::sr25519::AuthoritySignature,
				>(&parent)
				.ok();
				let now = sp_timestamp::Timestamp::current().as_millis();
				let (_slot, timestamp) = next_dev_slot(parent_slot, now);
				Ok(sp_timestamp::InherentDataProvider::new(timestamp.into()))
			}
		},
	};

	task_manager.spawn_essential_handle().spawn_blocking(
		"manual-seal",
		Some("block-authoring"),
		sc_consensus_manual_seal::run_manual_seal(params),
	);
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn dev_slots_follow_the_wall_clock_when_idle() {
		let (slot, ts) = next_dev_slot(Some(Slot::from(10)), 100 * SLOT_DURATION + 7);
		assert_eq!(*slot, 100);
		assert_eq!(ts, 100 * SLOT_DURATION);
	}

	#[test]
	fn dev_slots_never_repeat_within_one_block_time() {
		let (slot, ts) = next_dev_slot(Some(Slot::from(100)), 100 * SLOT_DURATION + 5);
		assert_eq!(*slot, 101);
		assert_eq!(ts, 101 * SLOT_DURATION);
		let (first, _) = next_dev_slot(None, 42 * SLOT_DURATION + 1);
		assert_eq!(*first, 42);
	}
}
