//! `wallet_*` JSON-RPC methods: everything about a wallet, and a dry run of a transfer
//! against the wallet rules, read from the runtime's `WalletsApi` at the best block (or `at`).
//!
//! Amounts are decimal strings in the smallest unit (12 decimals for all four tokens), since
//! they exceed what JavaScript numbers hold exactly; each balance also comes formatted with
//! its symbol. Accounts are SS58 (prefix 42); an account parameter is SS58 or the `0x` hex of
//! its 32 bytes.
//!
//! | code | meaning |
//! | --- | --- |
//! | 9500 | the account parameter is neither SS58 nor 32 bytes of `0x` hex |
//! | 9501 | the runtime call failed (unknown block, a runtime without `WalletsApi`, ...) |
//! | 9502 | the token or amount parameter does not parse |

use super::mining::{parse_account, ss58};
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{ErrorObject, ErrorObjectOwned},
};
use metanode_runtime::{opaque::Block, AccountId, Balance, BlockNumber};
use pallet_wallets_runtime_api::{
	Stamp, Token, TransferRefusal, WalletInfo, WalletKind, WalletsApi as WalletsRuntimeApi,
};
use serde::{Deserialize, Serialize};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::H256;
use sp_runtime::traits::Block as BlockT;
use std::sync::Arc;

/// JSON-RPC error code: the account parameter does not parse.
pub const INVALID_ACCOUNT: i32 = 9500;
/// JSON-RPC error code: the runtime could not answer.
pub const RUNTIME_ERROR: i32 = 9501;
/// JSON-RPC error code: the token or amount parameter does not parse.
pub const INVALID_PARAMS: i32 = 9502;

/// The symbol, decimals and runtime token of each of the four tokens.
pub fn token_info(token: Token) -> metanode_primitives::tokens::TokenInfo {
	let index = match token {
		Token::Gen => 0,
		Token::Nex => 1,
		Token::Flx => 2,
		Token::Aur => 3,
	};
	metanode_primitives::tokens::TOKENS[index]
}

/// The token an asset id stands for (`None` for assets other than NEX, FLX and AUR).
pub fn token_of_asset(asset: u32) -> Option<Token> {
	match asset {
		metanode_primitives::tokens::NEX => Some(Token::Nex),
		metanode_primitives::tokens::FLX => Some(Token::Flx),
		metanode_primitives::tokens::AUR => Some(Token::Aur),
		_ => None,
	}
}

/// The token of a symbol (GEN, NEX, FLX, AUR; any case).
pub fn parse_token(symbol: &str) -> Result<Token, String> {
	match symbol.trim().to_ascii_uppercase().as_str() {
		"GEN" => Ok(Token::Gen),
		"NEX" => Ok(Token::Nex),
		"FLX" => Ok(Token::Flx),
		"AUR" => Ok(Token::Aur),
		other => Err(format!("unknown token `{other}`: use GEN, NEX, FLX or AUR")),
	}
}

/// `amount` in whole tokens with up to 12 decimals and no trailing zeros: 1500000000000 is
/// "1.5".
pub fn format_amount(amount: Balance, decimals: u8) -> String {
	let unit = 10u128.pow(decimals as u32);
	let (whole, fraction) = (amount / unit, amount % unit);
	if fraction == 0 {
		return whole.to_string();
	}
	let fraction = format!("{fraction:0width$}", width = decimals as usize);
	format!("{whole}.{}", fraction.trim_end_matches('0'))
}

/// Parses a decimal amount of whole tokens ("1.5", "0.000001", "20") into the smallest unit.
pub fn parse_amount(input: &str, decimals: u8) -> Result<Balance, String> {
	let input = input.trim();
	let bad = || {
		format!(
			"`{input}` is not an amount: give a positive decimal number of whole tokens with at \
			 most {decimals} decimals, such as 1.5"
		)
	};
	let (whole, fraction) = input.split_once('.').unwrap_or((input, ""));
	if whole.is_empty() && fraction.is_empty()
		|| !whole.bytes().all(|b| b.is_ascii_digit())
		|| !fraction.bytes().all(|b| b.is_ascii_digit())
	{
		return Err(bad());
	}
	if fraction.len() > decimals as usize {
		return Err(bad());
	}
	let unit = 10u128.pow(decimals as u32);
	let whole: u128 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| bad())? };
	let fraction: u128 = if fraction.is_empty() {
		0
	} else {
		format!("{fraction:0<width$}", width = decimals as usize).parse().map_err(|_| bad())?
	};
	let amount = whole.checked_mul(unit).and_then(|w| w.checked_add(fraction)).ok_or_else(bad)?;
	if amount == 0 {
		return Err(format!("`{input}` is zero: give a positive amount"));
	}
	Ok(amount)
}

/// One token balance of `wallet_info`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct BalanceJson {
	/// GEN, NEX, FLX or AUR.
	pub symbol: String,
	/// Its decimals (12).
	pub decimals: u8,
	/// The balance in the smallest unit (decimal string).
	pub amount: String,
	/// The balance in whole tokens ("1.5").
	pub formatted: String,
}

/// A stamp of `wallet_info`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct StampJson {
	/// `BankStamped` or `GovernmentStamped`.
	pub stamp: String,
	/// Who stamped (SS58).
	pub stamper: String,
	/// The evidence hash.
	pub evidence: H256,
	/// The block it was stamped in.
	pub at: BlockNumber,
}

/// The freeze of `wallet_info`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct FreezeJson {
	/// The compliance authority (SS58).
	pub authority: String,
	/// Why (UTF-8, invalid bytes replaced).
	pub reason: String,
	/// The block it was frozen in.
	pub at: BlockNumber,
}

/// A spending limit of `wallet_info`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct LimitJson {
	/// The token's symbol.
	pub symbol: String,
	/// The limit per period (smallest unit, decimal string).
	pub limit: String,
	/// What can still be sent this period (smallest unit, decimal string).
	pub remaining: String,
}

/// `wallet_info`: an account's registration, stamps, freeze, limits and balances.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct WalletInfoJson {
	/// The account (SS58).
	pub account: String,
	/// Whether it is a registered wallet.
	pub registered: bool,
	/// Its kind (`Personal`, `Business`, `Bank`, `Government`), if registered.
	pub kind: Option<String>,
	/// Its label (UTF-8, invalid bytes replaced), if registered.
	pub label: Option<String>,
	/// The GEN deposit held for it (smallest unit), if registered.
	pub deposit: Option<String>,
	/// The block it registered in, if registered.
	pub registered_at: Option<BlockNumber>,
	/// Its stamps.
	pub stamps: Vec<StampJson>,
	/// Its freeze, or `null`.
	pub frozen: Option<FreezeJson>,
	/// Its spending limits with what is left of them.
	pub limits: Vec<LimitJson>,
	/// Its balances of GEN, NEX, FLX and AUR, in that order.
	pub balances: Vec<BalanceJson>,
	/// Whether it may hold and receive AUR (a bank-stamped wallet).
	pub bank_stamped: bool,
	/// The block it was read at.
	pub block_hash: H256,
}

/// `wallet_checkTransfer`: whether the wallet rules let a transfer through.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct CheckJson {
	/// Whether the rules allow it (balances are not checked).
	pub allowed: bool,
	/// The rule that refuses it (`WalletFrozen`, `AurSenderNotBankStamped`,
	/// `AurRecipientNotBankStamped`, `SpendingLimitExceeded`), or `null`.
	pub refusal: Option<String>,
	/// The transaction-validity code a signed transaction breaking that rule is refused with
	/// (`Custom(code)`), or `null`.
	pub code: Option<u8>,
	/// What is left of the sender's limit this period (smallest unit), for
	/// `SpendingLimitExceeded`.
	pub remaining: Option<String>,
	/// A sentence for people.
	pub message: String,
}

fn kind_name(kind: WalletKind) -> &'static str {
	match kind {
		WalletKind::Personal => "Personal",
		WalletKind::Business => "Business",
		WalletKind::Bank => "Bank",
		WalletKind::Government => "Government",
	}
}

fn stamp_name(stamp: Stamp) -> &'static str {
	match stamp {
		Stamp::BankStamped => "BankStamped",
		Stamp::GovernmentStamped => "GovernmentStamped",
	}
}

impl WalletInfoJson {
	/// From the runtime's answer for `account` at `block_hash`.
	pub fn new(
		account: &AccountId,
		info: WalletInfo<AccountId, Balance, BlockNumber>,
		block_hash: H256,
	) -> Self {
		let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
		let bank_stamped = info.stamps.iter().any(|(s, _)| *s == Stamp::BankStamped);
		WalletInfoJson {
			account: ss58(account),
			registered: info.wallet.is_some(),
			kind: info.wallet.as_ref().map(|w| kind_name(w.kind).to_string()),
			label: info.wallet.as_ref().map(|w| text(&w.label)),
			deposit: info.wallet.as_ref().map(|w| w.deposit.to_string()),
			registered_at: info.wallet.as_ref().map(|w| w.registered_at),
			stamps: info
				.stamps
				.iter()
				.map(|(stamp, record)| StampJson {
					stamp: stamp_name(*stamp).into(),
					stamper: ss58(&record.stamper),
					evidence: record.evidence,
					at: record.at,
				})
				.collect(),
			frozen: info.freeze.as_ref().map(|f| FreezeJson {
				authority: ss58(&f.authority),
				reason: text(&f.reason),
				at: f.at,
			}),
			limits: info
				.limits
				.iter()
				.map(|l| LimitJson {
					symbol: token_info(l.token).symbol.into(),
					limit: l.limit.to_string(),
					remaining: l.remaining.to_string(),
				})
				.collect(),
			balances: info
				.balances
				.iter()
				.map(|(token, amount)| {
					let t = token_info(*token);
					BalanceJson {
						symbol: t.symbol.into(),
						decimals: t.decimals,
						amount: amount.to_string(),
						formatted: format_amount(*amount, t.decimals),
					}
				})
				.collect(),
			bank_stamped,
			block_hash,
		}
	}
}

impl CheckJson {
	/// From the runtime's verdict on a transfer of `token`.
	pub fn new(verdict: Result<(), TransferRefusal<Balance>>) -> Self {
		match verdict {
			Ok(()) => CheckJson {
				allowed: true,
				refusal: None,
				code: None,
				remaining: None,
				message: "the wallet rules allow this transfer".into(),
			},
			Err(refusal) => {
				let code = refusal.code();
				let name = TransferRefusal::<Balance>::name_of_code(code).unwrap_or("Unknown");
				let (remaining, message) = match refusal {
					TransferRefusal::WalletFrozen => (
						None,
						"the sender is a frozen wallet: it cannot send any token until a \
						 compliance authority thaws it"
							.to_string(),
					),
					TransferRefusal::AurSenderNotBankStamped => (
						None,
						"AUR can only be sent by a bank-stamped wallet: register the sender \
						 (wallets.register) and have a stamper bank-stamp it"
							.to_string(),
					),
					TransferRefusal::AurRecipientNotBankStamped => (
						None,
						"AUR can only be sent to a bank-stamped wallet: the recipient must \
						 register (wallets.register) and be bank-stamped by a stamper"
							.to_string(),
					),
					TransferRefusal::SpendingLimitExceeded { token, remaining } => {
						let t = token_info(token);
						(
							Some(remaining.to_string()),
							format!(
								"the sender's spending limit allows only {} {} more this \
								 period",
								format_amount(remaining, t.decimals),
								t.symbol
							),
						)
					},
				};
				CheckJson {
					allowed: false,
					refusal: Some(name.into()),
					code: Some(code),
					remaining,
					message,
				}
			},
		}
	}
}

/// The `wallet_*` methods.
#[rpc(server)]
pub trait WalletApi<BlockHash> {
	/// Everything about `account` (SS58 or `0x` hex): registration, stamps, freeze, spending
	/// limits with what is left, and its GEN, NEX, FLX and AUR balances.
	#[method(name = "wallet_info")]
	fn info(&self, account: String, at: Option<BlockHash>) -> RpcResult<WalletInfoJson>;

	/// Whether the wallet rules let `from` send `amount` (whole tokens, such as "1.5") of
	/// `token` (GEN, NEX, FLX, AUR) to `to`, and if not, which rule refuses it and why.
	/// Balances are not checked.
	#[method(name = "wallet_checkTransfer")]
	fn check_transfer(
		&self,
		from: String,
		to: String,
		token: String,
		amount: String,
		at: Option<BlockHash>,
	) -> RpcResult<CheckJson>;
}

/// Serves [`WalletApiServer`] from a client.
pub struct Wallets<C> {
	client: Arc<C>,
}

impl<C> Wallets<C> {
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
			 runtime has the wallets pallet"
		),
		None::<()>,
	)
}

fn error(code: i32, message: String) -> ErrorObjectOwned {
	ErrorObject::owned(code, message, None::<()>)
}

impl<C> WalletApiServer<<Block as BlockT>::Hash> for Wallets<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: WalletsRuntimeApi<Block, AccountId, Balance, BlockNumber>,
{
	fn info(
		&self,
		account: String,
		at: Option<<Block as BlockT>::Hash>,
	) -> RpcResult<WalletInfoJson> {
		let account = parse_account(&account).map_err(|e| error(INVALID_ACCOUNT, e))?;
		let hash = at.unwrap_or_else(|| self.client.info().best_hash);
		let info =
			self.client.runtime_api().wallet_info(hash, account.clone()).map_err(runtime_error)?;
		Ok(WalletInfoJson::new(&account, info, hash))
	}

	fn check_transfer(
		&self,
		from: String,
		to: String,
		token: String,
		amount: String,
		at: Option<<Block as BlockT>::Hash>,
	) -> RpcResult<CheckJson> {
		let from = parse_account(&from).map_err(|e| error(INVALID_ACCOUNT, e))?;
		let to = parse_account(&to).map_err(|e| error(INVALID_ACCOUNT, e))?;
		let token = parse_token(&token).map_err(|e| error(INVALID_PARAMS, e))?;
		let amount = parse_amount(&amount, token_info(token).decimals)
			.map_err(|e| error(INVALID_PARAMS, e))?;
		let hash = at.unwrap_or_else(|| self.client.info().best_hash);
		let verdict = self
			.client
			.runtime_api()
			.check_transfer(hash, from, to, token, amount)
			.map_err(runtime_error)?;
		Ok(CheckJson::new(verdict))
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn amounts_format_and_parse_with_twelve_decimals() {
		assert_eq!(format_amount(1_500_000_000_000, 12), "1.5");
		assert_eq!(format_amount(1, 12), "0.000000000001");
		assert_eq!(format_amount(20_000_000_000_000, 12), "20");
		assert_eq!(parse_amount("1.5", 12), Ok(1_500_000_000_000));
		assert_eq!(parse_amount("0.000000000001", 12), Ok(1));
		assert_eq!(parse_amount(".5", 12), Ok(500_000_000_000));
		assert_eq!(parse_amount("20", 12), Ok(20_000_000_000_000));
		for bad in ["", ".", "1.2.3", "-1", "1e3", "abc", "0.0000000000001", "1,5"] {
			assert!(parse_amount(bad, 12).is_err(), "{bad}");
		}
		assert!(parse_amount("0", 12).unwrap_err().contains("zero"));
		assert!(parse_amount("340282366920938463463374607431768211455", 12).is_err());
	}

	#[test]
	fn tokens_parse_by_symbol() {
		assert_eq!(parse_token("aur"), Ok(Token::Aur));
		assert_eq!(parse_token(" GEN "), Ok(Token::Gen));
		assert!(parse_token("DOT").unwrap_err().contains("GEN, NEX, FLX or AUR"));
	}

	#[test]
	fn a_limit_refusal_says_what_is_left() {
		let check = CheckJson::new(Err(TransferRefusal::SpendingLimitExceeded {
			token: Token::Nex,
			remaining: 2_500_000_000_000,
		}));
		assert!(!check.allowed);
		assert_eq!(check.refusal.as_deref(), Some("SpendingLimitExceeded"));
		assert_eq!(check.code, Some(103));
		assert_eq!(check.remaining.as_deref(), Some("2500000000000"));
		assert!(check.message.contains("2.5 NEX"));
	}
}
