//! `metanode mine` and `metanode rewards`: a proof-of-work miner and its rewards, as clients of a
//! running node (JSON-RPC over WebSocket). They need no chain spec and no database, and run
//! before (without) the Substrate runner, like `metanode key`.
//!
//! - `mine start`: joins a pool (or opens a solo one), grinds nonces on N threads with the
//!   pallet's own `work_hash`/`meets_target`, submits each share as an authorized general
//!   transaction, follows epoch changes and prints progress; stops on Ctrl-C, after
//!   `--epochs` epochs or after `--duration` seconds.
//! - `mine pools`: the open pools and the expected payout of a share in each.
//! - `mine bench`: the hash rate of this machine, per thread, and the cost of checking a share
//!   (no node needed).
//! - `rewards check` / `rewards claim`: the NEX an account can claim, and claiming it.
//!
//! See `docs/mining.md`, "Mining with the CLI".

mod miner;
pub(crate) mod tx;

use crate::rpc::mining::{parse_account, ss58};
use metanode_runtime::AccountId;
use sp_core::{sr25519, Pair};
use std::{future::Future, str::FromStr};

/// The default node address.
pub const DEFAULT_URL: &str = "ws://127.0.0.1:9944";

/// `metanode mine ...`.
#[derive(Debug, clap::Subcommand)]
pub enum MineCmd {
	/// Mine: join a pool, grind shares on N threads and submit them to a node until Ctrl-C,
	/// `--epochs` or `--duration`.
	Start(StartCmd),
	/// List the open pools, with the expected payout of one share in each.
	Pools(PoolsCmd),
	/// Measure this machine's hash rate per thread, and the cost of verifying a share. Needs no
	/// node.
	Bench(BenchCmd),
}

/// `metanode rewards ...`.
#[derive(Debug, clap::Subcommand)]
pub enum RewardsCmd {
	/// Show the NEX an account can claim from mining.
	Check(CheckCmd),
	/// Claim an account's mining rewards: a signed `Mining::claim_rewards` (pays a GEN fee).
	Claim(ClaimCmd),
}

/// Which pool to mine for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PoolChoice {
	/// The pool with the best expected payout per share (a new solo pool if none is open).
	Auto,
	/// This pool.
	Id(u32),
}

impl FromStr for PoolChoice {
	type Err = String;

	fn from_str(s: &str) -> Result<Self, String> {
		if s == "auto" {
			return Ok(PoolChoice::Auto);
		}
		s.parse()
			.map(PoolChoice::Id)
			.map_err(|_| format!("`{s}` is neither `auto` nor a pool id (a number)"))
	}
}

/// `metanode mine start`.
#[derive(Debug, Clone, clap::Args)]
pub struct StartCmd {
	/// The pool: `auto` (the best expected payout per share; a new solo pool with fee 0 if none
	/// is open) or a pool id.
	#[arg(long, default_value = "auto")]
	pub pool: PoolChoice,

	/// Mining threads.
	#[arg(long, default_value_t = 1)]
	pub threads: usize,

	/// The miner's secret URI (mnemonic, 0x seed, or a dev name such as `//Alice`): shares are
	/// credited to its account, and it signs the pool calls (which pay a GEN fee).
	#[arg(long)]
	pub account: String,

	/// The node's WebSocket address.
	#[arg(long, default_value = DEFAULT_URL)]
	pub url: String,

	/// Stop after this many epochs have closed.
	#[arg(long, conflicts_with = "duration")]
	pub epochs: Option<u32>,

	/// Stop after this many seconds.
	#[arg(long)]
	pub duration: Option<u64>,

	/// Seconds between progress lines.
	#[arg(long, default_value_t = 5)]
	pub report_every: u64,
}

/// `metanode mine pools`.
#[derive(Debug, Clone, clap::Args)]
pub struct PoolsCmd {
	/// The node's WebSocket address.
	#[arg(long, default_value = DEFAULT_URL)]
	pub url: String,

	/// Print JSON instead of a table.
	#[arg(long)]
	pub json: bool,
}

/// `metanode mine bench`.
#[derive(Debug, Clone, clap::Args)]
pub struct BenchCmd {
	/// Hashing threads.
	#[arg(long, default_value_t = 1)]
	pub threads: usize,

	/// Seconds to hash for.
	#[arg(long, default_value_t = 10)]
	pub seconds: u64,

	/// Print JSON instead of text.
	#[arg(long)]
	pub json: bool,
}

/// `metanode rewards check`.
#[derive(Debug, Clone, clap::Args)]
pub struct CheckCmd {
	/// The account: an SS58 address, `0x` and its 32 bytes in hex, or a secret URI.
	#[arg(long)]
	pub account: String,

	/// The node's WebSocket address.
	#[arg(long, default_value = DEFAULT_URL)]
	pub url: String,

	/// Print JSON instead of text.
	#[arg(long)]
	pub json: bool,
}

/// `metanode rewards claim`.
#[derive(Debug, Clone, clap::Args)]
pub struct ClaimCmd {
	/// The claimant's secret URI (mnemonic, 0x seed, or a dev name such as `//Alice`).
	#[arg(long)]
	pub account: String,

	/// The node's WebSocket address.
	#[arg(long, default_value = DEFAULT_URL)]
	pub url: String,

	/// Print JSON instead of text.
	#[arg(long)]
	pub json: bool,
}

/// Runs `metanode mine ...`.
pub fn run_mine(cmd: &MineCmd) -> sc_cli::Result<()> {
	match cmd {
		MineCmd::Start(cmd) => block_on(miner::start(cmd.clone())),
		MineCmd::Pools(cmd) => block_on(miner::list_pools(cmd.clone())),
		MineCmd::Bench(cmd) => miner::bench(cmd).map_err(cli_error),
	}
}

/// Runs `metanode rewards ...`.
pub fn run_rewards(cmd: &RewardsCmd) -> sc_cli::Result<()> {
	match cmd {
		RewardsCmd::Check(cmd) => block_on(miner::check_rewards(cmd.clone())),
		RewardsCmd::Claim(cmd) => block_on(miner::claim_rewards(cmd.clone())),
	}
}

/// Runs `future` on a fresh Tokio runtime.
pub(crate) fn block_on(future: impl Future<Output = Result<(), String>>) -> sc_cli::Result<()> {
	let runtime = tokio::runtime::Builder::new_multi_thread()
		.worker_threads(2)
		.enable_all()
		.build()
		.map_err(|e| cli_error(format!("cannot start the async runtime: {e}")))?;
	let result = runtime.block_on(future);
	runtime.shutdown_timeout(std::time::Duration::from_secs(1));
	result.map_err(cli_error)
}

/// A one-line error; `main` prints it as `Error: ...` and exits with 1.
pub(crate) fn cli_error(message: String) -> sc_cli::Error {
	sc_cli::Error::Application(message.into())
}

/// The key pair of a secret URI.
pub fn pair_from_suri(suri: &str) -> Result<sr25519::Pair, String> {
	if parse_account(suri).is_ok() {
		return Err(
			"--account is an address, but this needs the account's secret: pass its secret URI \
			 (mnemonic, 0x seed, or a dev name such as //Alice)"
				.into(),
		);
	}
	sr25519::Pair::from_string(suri, None).map_err(|e| {
		format!(
			"--account is not a valid secret URI ({e:?}): pass a 12/24-word mnemonic, a 0x seed, \
			 or a dev name such as //Alice"
		)
	})
}

/// An account given as an address (SS58, `0x` hex) or a secret URI.
pub fn account_from_input(input: &str) -> Result<AccountId, String> {
	if let Ok(account) = parse_account(input) {
		return Ok(account);
	}
	sr25519::Pair::from_string(input, None).map(|pair| pair.public().into()).map_err(|_| {
		"--account is neither an address (SS58 or 0x hex) nor a secret URI (mnemonic, 0x seed, \
		 //Name): check it"
			.to_string()
	})
}

/// An amount in the smallest unit as tokens (12 decimals), exact, trailing zeros trimmed.
pub fn format_units(amount: u128) -> String {
	const UNIT: u128 = 1_000_000_000_000;
	let fraction = format!("{:012}", amount % UNIT);
	let fraction = fraction.trim_end_matches('0');
	if fraction.is_empty() {
		(amount / UNIT).to_string()
	} else {
		format!("{}.{}", amount / UNIT, fraction)
	}
}

/// A `Perbill` fee (parts per billion) as a percentage, trailing zeros trimmed.
pub fn format_fee(perbill: u32) -> String {
	let fraction = format!("{:07}", perbill % 10_000_000);
	let fraction = fraction.trim_end_matches('0');
	if fraction.is_empty() {
		format!("{}%", perbill / 10_000_000)
	} else {
		format!("{}.{}%", perbill / 10_000_000, fraction)
	}
}

/// A hash rate with a unit.
pub fn format_rate(hashes_per_second: f64) -> String {
	let units = [("H/s", 1.0), ("kH/s", 1e3), ("MH/s", 1e6), ("GH/s", 1e9)];
	let (unit, scale) = units
		.iter()
		.rev()
		.find(|(_, scale)| hashes_per_second >= *scale)
		.copied()
		.unwrap_or(units[0]);
	format!("{:.2} {unit}", hashes_per_second / scale)
}

/// The account's SS58 address (re-exported for the submodules).
fn address(account: &AccountId) -> String {
	ss58(account)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn amounts_and_fees_print_exactly() {
		assert_eq!(format_units(1_000 * 1_000_000_000_000), "1000");
		assert_eq!(format_units(1_500_000_000_000), "1.5");
		assert_eq!(format_units(1), "0.000000000001");
		assert_eq!(format_fee(0), "0%");
		assert_eq!(format_fee(100_000_000), "10%");
		assert_eq!(format_fee(12_345_678), "1.2345678%");
		assert_eq!(format_rate(2_500_000.0), "2.50 MH/s");
		assert_eq!(format_rate(12.0), "12.00 H/s");
	}

	#[test]
	fn pool_choices_parse() {
		assert_eq!("auto".parse::<PoolChoice>().unwrap(), PoolChoice::Auto);
		assert_eq!("7".parse::<PoolChoice>().unwrap(), PoolChoice::Id(7));
		assert!("best".parse::<PoolChoice>().is_err());
	}

	#[test]
	fn secrets_and_addresses_are_told_apart() {
		let alice = pair_from_suri("//Alice").unwrap();
		let account: AccountId = alice.public().into();
		assert_eq!(account_from_input("//Alice").unwrap(), account);
		assert_eq!(account_from_input(&address(&account)).unwrap(), account);
		assert!(pair_from_suri(&address(&account)).err().unwrap().contains("secret"));
		assert!(pair_from_suri("not a suri at all").is_err());
	}
}
