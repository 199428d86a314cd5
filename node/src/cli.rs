//! Command-line interface of `metanode`.

use crate::finality::Finality;
use sc_cli::RunCmd;

/// The `metanode` command line.
#[derive(Debug, clap::Parser)]
#[command(
	propagate_version = true,
	args_conflicts_with_subcommands = true,
	subcommand_negates_reqs = true
)]
pub struct Cli {
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	#[clap(flatten)]
	pub run: RunCmd,

	/// The finality gadget of a non-dev chain: `ibft` (IBFT 2.0 / QBFT, the default) or
	/// `grandpa`. Every validator of a chain must run the same one. The dev chain finalizes
	/// each block as it seals it and ignores this flag.
	#[arg(long, value_enum, default_value_t = Finality::Ibft)]
	pub finality: Finality,
}

/// Subcommands of `metanode`; with none, the node runs.
#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Key management cli utilities
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Build a chain specification.
	/// DEPRECATED: `build-spec` is deprecated in favour of `export-chain-spec`.
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Export the chain specification.
	ExportChainSpec(sc_cli::ExportChainSpecCmd),

	/// Validate blocks.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a given block into a chain spec.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Remove the whole chain.
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Revert the chain to a previous state.
	Revert(sc_cli::RevertCmd),

	/// Sub-commands concerned with benchmarking: `pallet` (needs a runtime built with
	/// `--features runtime-benchmarks`), `overhead`, `storage`, `machine`, `block`, `extrinsic`.
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),

	/// Db meta columns information.
	ChainInfo(sc_cli::ChainInfoCmd),

	/// The shadow registry (Web2-Web3 bridge): `export` the shadow receipts of a Web2 system
	/// from a running node as CSV or JSON.
	#[command(subcommand)]
	Shadow(crate::shadow_cli::ShadowCmd),

	/// Proof-of-work mining against a running node: `start` mines for a pool, `pools` lists the
	/// pools, `bench` measures this machine's hash rate (no node needed).
	#[command(subcommand)]
	Mine(crate::mining_cli::MineCmd),

	/// Mining rewards: `check` shows an account's claimable NEX, `claim` claims it.
	#[command(subcommand)]
	Rewards(crate::mining_cli::RewardsCmd),

	/// A wallet over GEN, NEX, FLX and AUR against a running node: `create` a key (encrypted
	/// Polkadot.js key file), `list` keys, show a `balance`, `transfer`, export the `history`.
	#[command(subcommand)]
	Wallet(crate::wallet_cli::WalletCmd),
}
