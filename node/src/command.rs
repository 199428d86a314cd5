//! Dispatches the `metanode` command line to the node service or a subcommand.

use crate::{
	chain_spec,
	cli::{Cli, Subcommand},
	finality::Finality,
	service,
};
use frame_benchmarking_cli::{BenchmarkCmd, SUBSTRATE_REFERENCE_HARDWARE};
use metanode_runtime::opaque::Block;
use sc_cli::SubstrateCli;
use sc_client_api::AuxStore;
use sc_service::PartialComponents;
use sp_runtime::traits::HashingFor;
use std::sync::Arc;

impl SubstrateCli for Cli {
	fn impl_name() -> String {
		"Metanode".into()
	}

	fn impl_version() -> String {
		env!("SUBSTRATE_CLI_IMPL_VERSION").into()
	}

	fn description() -> String {
		env!("CARGO_PKG_DESCRIPTION").into()
	}

	fn author() -> String {
		env!("CARGO_PKG_AUTHORS").into()
	}

	fn support_url() -> String {
		"https://github.com/metanode/metanode/issues".into()
	}

	fn copyright_start_year() -> i32 {
		2026
	}

	fn load_spec(&self, id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
		Ok(match id {
			"dev" => Box::new(chain_spec::development_chain_spec()?),
			"" | "local" => Box::new(chain_spec::local_chain_spec()?),
			path => {
				let path = std::path::PathBuf::from(path);
				if !path.exists() {
					return Err(format!(
						"Unknown chain `{}`: it is neither a built-in chain (`dev`, `local`) nor \
						 an existing chain spec file. Pass `--chain dev`, `--chain local` or the \
						 path of a JSON chain spec (see `chain-specs/`).",
						path.display()
					));
				}
				Box::new(
					chain_spec::ChainSpec::from_json_file(path.clone()).map_err(|e| {
						format!("Chain spec `{}` is not valid: {e}", path.display())
					})?,
				)
			},
		})
	}
}

/// The aux-storage key under which GRANDPA keeps its authority set (`sc-consensus-grandpa`'s
/// `aux_schema::AUTHORITY_SET_KEY`, which it does not export).
const GRANDPA_AUTHORITY_SET_KEY: &[u8] = b"grandpa_voters";

/// What `benchmark pallet` and `benchmark storage` say when the binary lacks benchmarks.
const NEEDS_BENCHMARKS: &str = "This metanode binary was built without benchmarking support. \
	Rebuild it with `cargo build --release -p metanode --features runtime-benchmarks`.";

/// Parses the command line and runs what it asks for.
pub fn run() -> sc_cli::Result<()> {
	let mut cli = Cli::from_args();
	if cli.run.shared_params.is_dev() {
		// The dev chain seals a block every 2 s; manual-seal reports each one at `info`, which
		// would drown the node's own output. Warnings and errors still show, and a `--log`
		// directive of the user's own comes later and wins.
		cli.run.shared_params.log.insert(0, "sc_consensus_manual_seal=warn".into());
	}

	match &cli.subcommand {
		Some(Subcommand::Key(cmd)) => cmd.run(&cli),
		Some(Subcommand::BuildSpec(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.chain_spec, config.network))
		},
		Some(Subcommand::ExportChainSpec(cmd)) => {
			let chain_spec = cli.load_spec(&cmd.chain)?;
			cmd.run(chain_spec)
		},
		Some(Subcommand::CheckBlock(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config, Finality::default())?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		},
		Some(Subcommand::ExportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } =
					service::new_partial(&config, Finality::default())?;
				Ok((cmd.run(client, config.database), task_manager))
			})
		},
		Some(Subcommand::ExportState(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } =
					service::new_partial(&config, Finality::default())?;
				Ok((cmd.run(client, config.chain_spec), task_manager))
			})
		},
		Some(Subcommand::ImportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config, Finality::default())?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		},
		Some(Subcommand::PurgeChain(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.database))
		},
		Some(Subcommand::Revert(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, backend, .. } =
					service::new_partial(&config, Finality::default())?;
				// Only a chain that ran GRANDPA has GRANDPA's authority-set bookkeeping to
				// rewind; IBFT keeps nothing about blocks that are not final.
				let aux_revert = Box::new(|client: Arc<service::FullClient>, _, blocks| {
					if client.get_aux(GRANDPA_AUTHORITY_SET_KEY)?.is_some() {
						sc_consensus_grandpa::revert(client, blocks)?;
					}
					Ok(())
				});
				Ok((cmd.run(client, backend, Some(aux_revert)), task_manager))
			})
		},
		Some(Subcommand::Benchmark(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| match cmd {
				BenchmarkCmd::Pallet(cmd) => {
					if !cfg!(feature = "runtime-benchmarks") && cmd.runtime.is_none() {
						return Err(format!(
							"{NEEDS_BENCHMARKS} Or pass `--runtime` with a Wasm runtime built \
							 with that feature."
						)
						.into());
					}
					cmd.run_with_spec::<HashingFor<Block>, ()>(Some(config.chain_spec))
				},
				BenchmarkCmd::Block(cmd) => {
					let PartialComponents { client, .. } =
						service::new_partial(&config, Finality::default())?;
					cmd.run(client)
				},
				#[cfg(feature = "runtime-benchmarks")]
				BenchmarkCmd::Storage(cmd) => {
					let PartialComponents { client, backend, .. } =
						service::new_partial(&config, Finality::default())?;
					let db = backend.expose_db();
					let storage = backend.expose_storage();
					let shared_cache = backend.expose_shared_trie_cache();
					cmd.run(config, client, db, storage, shared_cache)
				},
				#[cfg(not(feature = "runtime-benchmarks"))]
				BenchmarkCmd::Storage(_) => Err(NEEDS_BENCHMARKS.into()),
				BenchmarkCmd::Overhead(cmd) => {
					cmd.run_with_default_builder_and_spec::<Block, ()>(Some(config.chain_spec))
				},
				BenchmarkCmd::Extrinsic(_) => Err(
					"`benchmark extrinsic` is not offered by metanode; use `benchmark overhead` \
					 or `benchmark pallet`."
						.into(),
				),
				BenchmarkCmd::Machine(cmd) => {
					cmd.run(&config, SUBSTRATE_REFERENCE_HARDWARE.clone())
				},
			})
		},
		Some(Subcommand::ChainInfo(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run::<Block>(&config))
		},
		// A JSON-RPC client of a running node: no chain spec, database or logger of its own.
		Some(Subcommand::Shadow(cmd)) => {
			cmd.run().map_err(|e| sc_cli::Error::Application(e.into()))
		},
		// Mining clients of a running node (or, for `mine bench`, of nothing): no chain spec,
		// database or logger of their own.
		Some(Subcommand::Mine(cmd)) => crate::mining_cli::run_mine(cmd),
		Some(Subcommand::Rewards(cmd)) => crate::mining_cli::run_rewards(cmd),
		Some(Subcommand::Wallet(cmd)) => crate::wallet_cli::run(cmd),
		None => {
			let runner = cli.create_runner(&cli.run)?;
			let finality = cli.finality;
			runner.run_node_until_exit(|config| async move {
				service::new_full(config, finality).map_err(sc_cli::Error::Service)
			})
		},
	}
}
