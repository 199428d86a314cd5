//! `metanode wallet`: a command-line wallet over the four tokens, as a client of a running node
//! (JSON-RPC over WebSocket), with keys in Polkadot.js-compatible encrypted key files.
//!
//! - `wallet create`: a new sr25519 key; its mnemonic is printed once and the key is written,
//!   encrypted with a password, to `<keystore>/<address>.json` ([`keystore`]).
//! - `wallet list`: the key files in the keystore directory.
//! - `wallet balance <account>`: GEN, NEX, FLX and AUR with symbols and decimals, and the
//!   wallet's registration, stamps, freeze and spending limits (`wallet_info`).
//! - `wallet transfer --token T --to A --amount 1.5 --from K`: checks the transfer against the
//!   wallet rules (`wallet_checkTransfer`, so a refusal says why and what is left of a limit),
//!   signs it with a key file (or a dev secret URI) and waits for it to be in a block.
//! - `wallet history <account> --format csv|json`: the account's transfers, mints, burns and
//!   fees, read from the events of every block in a range, for tax and audit export.
//!
//! The keystore directory is `--keystore-dir`, else `$METANODE_WALLET_DIR`, else
//! `~/.metanode/wallets`. The password comes from `--password-file`, else
//! `$METANODE_WALLET_PASSWORD`, else a prompt on the terminal. See `docs/wallets.md`.

pub mod keystore;

use crate::{
	mining_cli::{block_on, cli_error, tx::Chain, DEFAULT_URL},
	rpc::{
		mining::{parse_account, ss58},
		wallets::{
			format_amount, parse_amount, parse_token, token_info, CheckJson, WalletInfoJson,
		},
	},
};
use jsonrpsee::rpc_params;
use metanode_runtime::{AccountId, RuntimeCall, RuntimeEvent};
use pallet_wallets_runtime_api::Token;
use serde::Serialize;
use sp_core::{sr25519, Pair, H256};
use std::path::{Path, PathBuf};

/// `metanode wallet ...`.
#[derive(Debug, clap::Subcommand)]
pub enum WalletCmd {
	/// Create a new key: prints its mnemonic once and writes it, encrypted with a password, to
	/// the keystore directory (a Polkadot.js JSON key file).
	Create(CreateCmd),
	/// List the key files in the keystore directory.
	List(ListCmd),
	/// Show an account's GEN, NEX, FLX and AUR, and its wallet registration, stamps, freeze and
	/// spending limits.
	Balance(BalanceCmd),
	/// Send GEN, NEX, FLX or AUR: checked against the wallet rules, signed with a key file.
	Transfer(TransferCmd),
	/// Export an account's transfers, mints, burns and fees from the chain's events, as CSV or
	/// JSON.
	History(HistoryCmd),
}

/// Where the key files are and how to unlock them.
#[derive(Debug, Clone, clap::Args)]
pub struct KeystoreArgs {
	/// The keystore directory (default: $METANODE_WALLET_DIR, else ~/.metanode/wallets).
	#[arg(long, value_name = "DIR")]
	pub keystore_dir: Option<PathBuf>,
	/// A file holding the password (first line). Default: $METANODE_WALLET_PASSWORD, else a
	/// prompt on the terminal.
	#[arg(long, value_name = "FILE")]
	pub password_file: Option<PathBuf>,
}

/// `metanode wallet create`.
#[derive(Debug, Clone, clap::Args)]
pub struct CreateCmd {
	/// A name for the key (shown by `wallet list` and in Polkadot.js once imported).
	#[arg(long, default_value = "metanode wallet")]
	pub name: String,
	#[command(flatten)]
	pub keystore: KeystoreArgs,
	/// Print JSON (address, file, mnemonic) instead of text.
	#[arg(long)]
	pub json: bool,
}

/// `metanode wallet list`.
#[derive(Debug, Clone, clap::Args)]
pub struct ListCmd {
	#[command(flatten)]
	pub keystore: KeystoreArgs,
	/// Print JSON instead of text.
	#[arg(long)]
	pub json: bool,
}

/// `metanode wallet balance`.
#[derive(Debug, Clone, clap::Args)]
pub struct BalanceCmd {
	/// The account: an address (SS58 or 0x hex) or the name of a key file.
	pub account: String,
	/// The node's WebSocket URL.
	#[arg(long, default_value = DEFAULT_URL)]
	pub url: String,
	/// The keystore directory, to find a key file by name.
	#[arg(long, value_name = "DIR")]
	pub keystore_dir: Option<PathBuf>,
	/// Print the `wallet_info` JSON instead of text.
	#[arg(long)]
	pub json: bool,
}

/// `metanode wallet transfer`.
#[derive(Debug, Clone, clap::Args)]
pub struct TransferCmd {
	/// The sender: the name or address of a key file in the keystore, or a secret URI for
	/// development accounts (such as //Alice).
	#[arg(long)]
	pub from: String,
	/// The token: GEN, NEX, FLX or AUR.
	#[arg(long)]
	pub token: String,
	/// The recipient's address (SS58 or 0x hex), or the name of a key file.
	#[arg(long)]
	pub to: String,
	/// The amount in whole tokens, such as 1.5 (12 decimals at most).
	#[arg(long)]
	pub amount: String,
	/// The node's WebSocket URL.
	#[arg(long, default_value = DEFAULT_URL)]
	pub url: String,
	#[command(flatten)]
	pub keystore: KeystoreArgs,
	/// Print JSON instead of text.
	#[arg(long)]
	pub json: bool,
}

/// The export formats of `wallet history`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
	/// Comma-separated values with a header line.
	Csv,
	/// A JSON array of entries.
	Json,
}

/// `metanode wallet history`.
#[derive(Debug, Clone, clap::Args)]
pub struct HistoryCmd {
	/// The account: an address (SS58 or 0x hex) or the name of a key file.
	pub account: String,
	/// The output format.
	#[arg(long, value_enum, default_value = "csv")]
	pub format: Format,
	/// The first block to read (default 1).
	#[arg(long, default_value_t = 1)]
	pub from: u32,
	/// The last block to read (default: the finalized head).
	#[arg(long)]
	pub to: Option<u32>,
	/// Write to this file instead of standard output.
	#[arg(short, long, value_name = "FILE")]
	pub output: Option<PathBuf>,
	/// The node's WebSocket URL.
	#[arg(long, default_value = DEFAULT_URL)]
	pub url: String,
	/// The keystore directory, to find a key file by name.
	#[arg(long, value_name = "DIR")]
	pub keystore_dir: Option<PathBuf>,
}

/// Runs `metanode wallet ...`.
pub fn run(cmd: &WalletCmd) -> sc_cli::Result<()> {
	match cmd {
		WalletCmd::Create(cmd) => create(cmd).map_err(cli_error),
		WalletCmd::List(cmd) => list(cmd).map_err(cli_error),
		WalletCmd::Balance(cmd) => block_on(balance(cmd.clone())),
		WalletCmd::Transfer(cmd) => block_on(transfer(cmd.clone())),
		WalletCmd::History(cmd) => block_on(history(cmd.clone())),
	}
}

/// The keystore directory: the flag, else `$METANODE_WALLET_DIR`, else `~/.metanode/wallets`.
fn keystore_dir(flag: &Option<PathBuf>) -> Result<PathBuf, String> {
	if let Some(dir) = flag {
		return Ok(dir.clone());
	}
	if let Some(dir) = std::env::var_os("METANODE_WALLET_DIR") {
		return Ok(dir.into());
	}
	let home = std::env::var_os("HOME").ok_or(
		"cannot find the keystore: set $HOME, $METANODE_WALLET_DIR or pass --keystore-dir",
	)?;
	Ok(Path::new(&home).join(".metanode").join("wallets"))
}

/// The password: the file's first line, else `$METANODE_WALLET_PASSWORD`, else a prompt.
fn password(args: &KeystoreArgs, prompt: &str) -> Result<String, String> {
	if let Some(file) = &args.password_file {
		let text = std::fs::read_to_string(file).map_err(|e| {
			format!("cannot read the password file {}: {e}; check --password-file", file.display())
		})?;
		return Ok(text.lines().next().unwrap_or_default().to_string());
	}
	if let Ok(password) = std::env::var("METANODE_WALLET_PASSWORD") {
		return Ok(password);
	}
	rpassword::prompt_password(prompt).map_err(|e| {
		format!(
			"cannot read a password from the terminal ({e}): pass --password-file or set \
			 $METANODE_WALLET_PASSWORD"
		)
	})
}

/// A key file found in the keystore.
struct KeyFile {
	path: PathBuf,
	json: serde_json::Value,
	info: keystore::KeyFileInfo,
}

/// Every readable key file in `dir` (sorted by path); unreadable files are skipped with a
/// warning.
fn key_files(dir: &Path) -> Result<Vec<KeyFile>, String> {
	let entries = match std::fs::read_dir(dir) {
		Ok(entries) => entries,
		Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
		Err(e) => return Err(format!("cannot read the keystore {}: {e}", dir.display())),
	};
	let mut paths: Vec<PathBuf> = entries
		.filter_map(|e| e.ok().map(|e| e.path()))
		.filter(|p| p.extension().is_some_and(|x| x == "json"))
		.collect();
	paths.sort();
	let mut files = Vec::new();
	for path in paths {
		let parsed = std::fs::read_to_string(&path)
			.map_err(|e| e.to_string())
			.and_then(|text| serde_json::from_str(&text).map_err(|e| e.to_string()))
			.and_then(|json| {
				keystore::inspect(&json).map(|info| (json, info)).map_err(|e| e.to_string())
			});
		match parsed {
			Ok((json, info)) => files.push(KeyFile { path, json, info }),
			Err(e) => eprintln!("warning: skipping {}: {e}", path.display()),
		}
	}
	Ok(files)
}

/// The key file whose name or address is `wanted`.
fn find_key_file(dir: &Path, wanted: &str) -> Result<Option<KeyFile>, String> {
	let account = parse_account(wanted).ok();
	let mut matches: Vec<KeyFile> = key_files(dir)?
		.into_iter()
		.filter(|f| {
			f.info.name.as_deref() == Some(wanted)
				|| account
					.as_ref()
					.is_some_and(|a| parse_account(&f.info.address).ok().as_ref() == Some(a))
		})
		.collect();
	match matches.len() {
		0 => Ok(None),
		1 => Ok(matches.pop()),
		n => Err(format!(
			"{n} key files in {} are named `{wanted}`: give the address instead",
			dir.display()
		)),
	}
}

/// An account given as an address or as the name of a key file.
fn resolve_account(input: &str, dir: &Option<PathBuf>) -> Result<AccountId, String> {
	if let Ok(account) = parse_account(input) {
		return Ok(account);
	}
	let dir = keystore_dir(dir)?;
	match find_key_file(&dir, input)? {
		Some(file) => parse_account(&file.info.address),
		None => Err(format!(
			"`{input}` is neither an address (SS58 or 0x hex) nor the name of a key file in {}",
			dir.display()
		)),
	}
}

fn now_ms() -> u64 {
	std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.map(|d| d.as_millis() as u64)
		.unwrap_or_default()
}

fn create(cmd: &CreateCmd) -> Result<(), String> {
	let dir = keystore_dir(&cmd.keystore.keystore_dir)?;
	let password = password(&cmd.keystore, "Password for the new key: ")?;
	if password.is_empty() {
		return Err("the password is empty: the key file must be encrypted with a password".into());
	}
	let (pair, phrase, _) = sr25519::Pair::generate_with_phrase(None);
	let json =
		keystore::encrypt(&pair, &cmd.name, &password, now_ms()).map_err(|e| e.to_string())?;
	let address = ss58(&pair.public().into());
	std::fs::create_dir_all(&dir)
		.map_err(|e| format!("cannot create the keystore {}: {e}", dir.display()))?;
	let path = dir.join(format!("{address}.json"));
	write_private(&path, &serde_json::to_string_pretty(&json).map_err(|e| e.to_string())?)?;
	if cmd.json {
		let out = serde_json::json!({
			"address": address,
			"name": cmd.name,
			"file": path,
			"mnemonic": phrase.as_str(),
		});
		println!("{out}");
	} else {
		println!("Created key `{}`: {address}", cmd.name);
		println!("Key file: {}", path.display());
		println!();
		println!("Mnemonic (shown once; write it down, it restores the key anywhere):");
		println!("  {}", phrase.as_str());
	}
	Ok(())
}

/// Writes `text` to a new file readable by its owner only.
fn write_private(path: &Path, text: &str) -> Result<(), String> {
	use std::io::Write;
	let mut options = std::fs::OpenOptions::new();
	options.write(true).create_new(true);
	#[cfg(unix)]
	{
		use std::os::unix::fs::OpenOptionsExt;
		options.mode(0o600);
	}
	let mut file = options
		.open(path)
		.map_err(|e| format!("cannot write the key file {}: {e}", path.display()))?;
	file.write_all(text.as_bytes())
		.map_err(|e| format!("cannot write the key file {}: {e}", path.display()))
}

fn list(cmd: &ListCmd) -> Result<(), String> {
	let dir = keystore_dir(&cmd.keystore.keystore_dir)?;
	let files = key_files(&dir)?;
	if cmd.json {
		let out: Vec<_> = files
			.iter()
			.map(|f| {
				serde_json::json!({
					"name": f.info.name,
					"address": f.info.address,
					"created": f.info.created_ms,
					"file": f.path,
				})
			})
			.collect();
		println!("{}", serde_json::Value::Array(out));
		return Ok(());
	}
	if files.is_empty() {
		println!("No key files in {} (create one with `metanode wallet create`)", dir.display());
		return Ok(());
	}
	for f in files {
		println!("{:<24} {}", f.info.name.as_deref().unwrap_or("(unnamed)"), f.info.address);
	}
	Ok(())
}

async fn wallet_info(chain: &Chain, account: &AccountId) -> Result<WalletInfoJson, String> {
	chain.call("wallet_info", rpc_params![ss58(account)]).await
}

async fn balance(cmd: BalanceCmd) -> Result<(), String> {
	let account = resolve_account(&cmd.account, &cmd.keystore_dir)?;
	let chain = Chain::connect(&cmd.url).await?;
	let info = wallet_info(&chain, &account).await?;
	if cmd.json {
		println!("{}", serde_json::to_string_pretty(&info).map_err(|e| e.to_string())?);
		return Ok(());
	}
	println!("Account {}", info.account);
	for b in &info.balances {
		println!("  {:<4} {:>32}   ({} decimals)", b.symbol, b.formatted, b.decimals);
	}
	match (&info.kind, &info.label) {
		(Some(kind), Some(label)) => println!("Wallet: {kind}, \"{label}\""),
		_ => println!("Wallet: not registered"),
	}
	for s in &info.stamps {
		println!("  stamp {} by {} at block {}", s.stamp, s.stamper, s.at);
	}
	if let Some(f) = &info.frozen {
		println!("  FROZEN by {} at block {}: {}", f.authority, f.at, f.reason);
	}
	for l in &info.limits {
		let (limit, remaining) = (
			format_amount(l.limit.parse().unwrap_or_default(), 12),
			format_amount(l.remaining.parse().unwrap_or_default(), 12),
		);
		println!("  limit {} {limit} per period, {remaining} left", l.symbol);
	}
	Ok(())
}

/// The signing key of `--from`: a key file (by name or address) unlocked with the password,
/// else a secret URI.
fn signer(cmd: &TransferCmd) -> Result<sr25519::Pair, String> {
	let dir = keystore_dir(&cmd.keystore.keystore_dir)?;
	if let Some(file) = find_key_file(&dir, &cmd.from)? {
		let label = file.info.name.clone().unwrap_or_else(|| file.info.address.clone());
		let password = password(&cmd.keystore, &format!("Password of `{label}`: "))?;
		return keystore::decrypt(&file.json, &password).map_err(|e| e.to_string());
	}
	if parse_account(&cmd.from).is_ok() {
		return Err(format!(
			"no key file for {} in {}: import its key there, or pass --from with a key name",
			cmd.from,
			dir.display()
		));
	}
	sr25519::Pair::from_string(&cmd.from, None).map_err(|_| {
		format!(
			"--from `{}` is neither a key file in {} (name or address) nor a secret URI such as \
			 //Alice",
			cmd.from,
			dir.display()
		)
	})
}

/// The call that sends `amount` of `token` to `to`, keeping the sender alive.
fn transfer_call(token: Token, to: AccountId, amount: u128) -> RuntimeCall {
	match crate::rpc::wallets::token_info(token).asset_id {
		None => RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: to.into(),
			value: amount,
		}),
		Some(id) => RuntimeCall::Assets(pallet_assets::Call::transfer_keep_alive {
			id: id.into(),
			target: to.into(),
			amount,
		}),
	}
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TransferJson {
	from: String,
	to: String,
	token: String,
	amount: String,
	formatted: String,
	block_number: u32,
	block_hash: H256,
}

async fn transfer(cmd: TransferCmd) -> Result<(), String> {
	let token = parse_token(&cmd.token)?;
	let info = token_info(token);
	let amount = parse_amount(&cmd.amount, info.decimals).map_err(|e| format!("--amount: {e}"))?;
	let to =
		resolve_account(&cmd.to, &cmd.keystore.keystore_dir).map_err(|e| format!("--to: {e}"))?;
	let pair = signer(&cmd)?;
	let from: AccountId = pair.public().into();
	let chain = Chain::connect(&cmd.url).await?;
	let check: CheckJson = chain
		.call(
			"wallet_checkTransfer",
			rpc_params![ss58(&from), ss58(&to), info.symbol, cmd.amount.trim()],
		)
		.await?;
	if !check.allowed {
		return Err(format!(
			"the wallet rules refuse this transfer ({}): {}",
			check.refusal.unwrap_or_default(),
			check.message
		));
	}
	let what = format!("transfer of {} {}", format_amount(amount, info.decimals), info.symbol);
	let included =
		chain.submit_signed(&pair, transfer_call(token, to.clone(), amount), &what).await?;
	let out = TransferJson {
		from: ss58(&from),
		to: ss58(&to),
		token: info.symbol.into(),
		amount: amount.to_string(),
		formatted: format_amount(amount, info.decimals),
		block_number: included.block_number,
		block_hash: included.block_hash,
	};
	if cmd.json {
		println!("{}", serde_json::to_string(&out).map_err(|e| e.to_string())?);
	} else {
		println!(
			"Sent {} {} from {} to {} in block #{} ({:?})",
			out.formatted, out.token, out.from, out.to, out.block_number, out.block_hash
		);
	}
	Ok(())
}

/// One line of `wallet history`.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntry {
	/// The block number.
	pub block: u32,
	/// The block's timestamp (milliseconds since the Unix epoch).
	pub timestamp: u64,
	/// The index of the extrinsic in the block, if the event came from one.
	pub extrinsic: Option<u32>,
	/// `transfer`, `mint`, `burn` or `fee`.
	pub kind: &'static str,
	/// GEN, NEX, FLX or AUR.
	pub token: &'static str,
	/// `in` or `out`, seen from the account.
	pub direction: &'static str,
	/// The amount in the smallest unit (decimal string).
	pub amount: String,
	/// The amount in whole tokens.
	pub formatted: String,
	/// The other side of a transfer (SS58), if any.
	pub counterparty: Option<String>,
	/// The block's hash.
	pub block_hash: H256,
}

/// What an event means for `account`: `(kind, token, direction, amount, counterparty)`.
fn entry_of(
	event: &RuntimeEvent,
	account: &AccountId,
) -> Option<(&'static str, Token, &'static str, u128, Option<AccountId>)> {
	use pallet_assets::Event as A;
	let asset_token = |id: &u32| crate::rpc::wallets::token_of_asset(*id);
	let transfer = |token, from: &AccountId, to: &AccountId, amount: u128| {
		if from == account {
			Some(("transfer", token, "out", amount, Some(to.clone())))
		} else if to == account {
			Some(("transfer", token, "in", amount, Some(from.clone())))
		} else {
			None
		}
	};
	match event {
		RuntimeEvent::Balances(pallet_balances::Event::Transfer { from, to, amount }) => {
			transfer(Token::Gen, from, to, *amount)
		},
		RuntimeEvent::Assets(A::Transferred { asset_id, from, to, amount }) => {
			transfer(asset_token(asset_id)?, from, to, *amount)
		},
		RuntimeEvent::Assets(A::TransferredApproved {
			asset_id,
			owner,
			destination,
			amount,
			..
		}) => transfer(asset_token(asset_id)?, owner, destination, *amount),
		RuntimeEvent::Assets(A::Issued { asset_id, owner, amount }) if owner == account => {
			Some(("mint", asset_token(asset_id)?, "in", *amount, None))
		},
		RuntimeEvent::Assets(A::Burned { asset_id, owner, balance }) if owner == account => {
			Some(("burn", asset_token(asset_id)?, "out", *balance, None))
		},
		RuntimeEvent::TransactionPayment(
			pallet_transaction_payment::Event::TransactionFeePaid { who, actual_fee, tip },
		) if who == account => Some(("fee", Token::Gen, "out", actual_fee + tip, None)),
		_ => None,
	}
}

async fn history(cmd: HistoryCmd) -> Result<(), String> {
	let account = resolve_account(&cmd.account, &cmd.keystore_dir)?;
	let chain = Chain::connect(&cmd.url).await?;
	let to = match cmd.to {
		Some(to) => to,
		None => {
			let head: H256 = chain.call("chain_getFinalizedHead", rpc_params![]).await?;
			let header: serde_json::Value =
				chain.call("chain_getHeader", rpc_params![head]).await?;
			header["number"]
				.as_str()
				.and_then(|n| u32::from_str_radix(n.trim_start_matches("0x"), 16).ok())
				.ok_or("the node sent a header without a number")?
		},
	};
	if cmd.from > to {
		return Err(format!(
			"--from {} is after --to {to}: give a range with from <= to",
			cmd.from
		));
	}
	let events_key = frame_support::storage::storage_prefix(b"System", b"Events");
	let now_key = frame_support::storage::storage_prefix(b"Timestamp", b"Now");
	let mut entries = Vec::new();
	for number in cmd.from..=to {
		let Some(hash) = chain.block_hash(number).await? else {
			return Err(format!(
				"block #{number} is not on the node's chain: pass --to at most its head"
			));
		};
		let records: Vec<frame_system::EventRecord<RuntimeEvent, H256>> =
			chain.storage(&events_key, Some(hash)).await?.unwrap_or_default();
		let mut timestamp = None;
		for record in records {
			let Some((kind, token, direction, amount, counterparty)) =
				entry_of(&record.event, &account)
			else {
				continue;
			};
			let timestamp = match timestamp {
				Some(t) => t,
				None => *timestamp
					.insert(chain.storage::<u64>(&now_key, Some(hash)).await?.unwrap_or_default()),
			};
			let info = token_info(token);
			entries.push(HistoryEntry {
				block: number,
				timestamp,
				extrinsic: match record.phase {
					frame_system::Phase::ApplyExtrinsic(i) => Some(i),
					_ => None,
				},
				kind,
				token: info.symbol,
				direction,
				amount: amount.to_string(),
				formatted: format_amount(amount, info.decimals),
				counterparty: counterparty.as_ref().map(ss58),
				block_hash: hash,
			});
		}
	}
	let text = match cmd.format {
		Format::Json => serde_json::to_string_pretty(&entries).map_err(|e| e.to_string())?,
		Format::Csv => to_csv(&entries),
	};
	match &cmd.output {
		Some(path) => std::fs::write(path, text + "\n")
			.map_err(|e| format!("cannot write {}: {e}", path.display()))?,
		None => println!("{text}"),
	}
	eprintln!("{} entries for {} in blocks #{}..=#{to}", entries.len(), ss58(&account), cmd.from);
	Ok(())
}

/// The entries as CSV with a header line. No field can hold a comma or a quote.
pub fn to_csv(entries: &[HistoryEntry]) -> String {
	let mut out = String::from(
		"block,timestamp,extrinsic,kind,token,direction,amount,formatted,counterparty,block_hash",
	);
	for e in entries {
		out.push('\n');
		out.push_str(&format!(
			"{},{},{},{},{},{},{},{},{},{:?}",
			e.block,
			e.timestamp,
			e.extrinsic.map(|i| i.to_string()).unwrap_or_default(),
			e.kind,
			e.token,
			e.direction,
			e.amount,
			e.formatted,
			e.counterparty.clone().unwrap_or_default(),
			e.block_hash
		));
	}
	out
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn events_become_history_entries_from_the_account_side() {
		let (me, other) = (AccountId::new([1; 32]), AccountId::new([2; 32]));
		let out = RuntimeEvent::Assets(pallet_assets::Event::Transferred {
			asset_id: metanode_runtime::tokens::NEX,
			from: me.clone(),
			to: other.clone(),
			amount: 5,
		});
		assert_eq!(
			entry_of(&out, &me),
			Some(("transfer", Token::Nex, "out", 5, Some(other.clone())))
		);
		assert_eq!(
			entry_of(&out, &other),
			Some(("transfer", Token::Nex, "in", 5, Some(me.clone())))
		);
		assert_eq!(entry_of(&out, &AccountId::new([3; 32])), None);
		let user_asset = RuntimeEvent::Assets(pallet_assets::Event::Transferred {
			asset_id: 1_000,
			from: me.clone(),
			to: other.clone(),
			amount: 5,
		});
		assert_eq!(entry_of(&user_asset, &me), None);
		let fee = RuntimeEvent::TransactionPayment(
			pallet_transaction_payment::Event::TransactionFeePaid {
				who: me.clone(),
				actual_fee: 7,
				tip: 1,
			},
		);
		assert_eq!(entry_of(&fee, &me), Some(("fee", Token::Gen, "out", 8, None)));
	}

	#[test]
	fn csv_has_a_header_and_one_line_per_entry() {
		let entry = HistoryEntry {
			block: 3,
			timestamp: 1_700_000_000_000,
			extrinsic: Some(1),
			kind: "transfer",
			token: "GEN",
			direction: "in",
			amount: "1500000000000".into(),
			formatted: "1.5".into(),
			counterparty: Some("5Grw".into()),
			block_hash: H256::zero(),
		};
		let csv = to_csv(&[entry]);
		let lines: Vec<&str> = csv.lines().collect();
		assert_eq!(lines.len(), 2);
		assert_eq!(lines[0].split(',').count(), lines[1].split(',').count());
		assert!(lines[1].starts_with("3,1700000000000,1,transfer,GEN,in,1500000000000,1.5,5Grw,0x"));
	}

	#[test]
	fn transfers_use_the_keep_alive_call_of_their_token() {
		let to = AccountId::new([9; 32]);
		assert!(matches!(
			transfer_call(Token::Gen, to.clone(), 1),
			RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive { value: 1, .. })
		));
		assert!(matches!(
			transfer_call(Token::Aur, to, 1),
			RuntimeCall::Assets(pallet_assets::Call::transfer_keep_alive { amount: 1, .. })
		));
	}
}
