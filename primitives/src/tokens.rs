//! The four Metanode tokens.
//!
//! GEN is the native token (`pallet-balances`); NEX, FLX and AUR are fungible assets with
//! fixed ids in `pallet-assets`, created at genesis. All four use 12 decimals.

use crate::{AssetId, Balance};

/// Number of decimals of every Metanode token.
pub const DECIMALS: u8 = 12;

/// One whole token (GEN, NEX, FLX or AUR) in its smallest unit.
pub const UNIT: Balance = 1_000_000_000_000;
/// A thousandth of a token.
pub const MILLI_UNIT: Balance = UNIT / 1_000;
/// A millionth of a token.
pub const MICRO_UNIT: Balance = UNIT / 1_000_000;

/// Asset id of NEX (Nexus): work and community rewards.
pub const NEX: AssetId = 1;
/// Asset id of FLX (Flux): operational payments.
pub const FLX: AssetId = 2;
/// Asset id of AUR (Aurum): the gold-backed settlement rail.
pub const AUR: AssetId = 3;

/// Symbol of the native token, as published in the chain properties.
pub const NATIVE_SYMBOL: &str = "GEN";

/// Name, symbol and decimals of a token, as wallets show them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TokenInfo {
	/// `None` for the native token, the asset id otherwise.
	pub asset_id: Option<AssetId>,
	pub symbol: &'static str,
	pub name: &'static str,
	pub decimals: u8,
}

/// GEN, NEX, FLX and AUR, in that order.
pub const TOKENS: [TokenInfo; 4] = [
	TokenInfo { asset_id: None, symbol: NATIVE_SYMBOL, name: "Genesis", decimals: DECIMALS },
	TokenInfo { asset_id: Some(NEX), symbol: "NEX", name: "Nexus", decimals: DECIMALS },
	TokenInfo { asset_id: Some(FLX), symbol: "FLX", name: "Flux", decimals: DECIMALS },
	TokenInfo { asset_id: Some(AUR), symbol: "AUR", name: "Aurum", decimals: DECIMALS },
];

/// The metadata of the fungible assets (NEX, FLX, AUR).
pub fn asset_tokens() -> impl Iterator<Item = (AssetId, TokenInfo)> {
	TOKENS.iter().filter_map(|t| t.asset_id.map(|id| (id, *t)))
}

/// Looks a token up by its symbol, ignoring case.
pub fn token_by_symbol(symbol: &str) -> Option<TokenInfo> {
	TOKENS.iter().copied().find(|t| t.symbol.eq_ignore_ascii_case(symbol))
}

/// Total GEN supply, fixed at genesis (ECONOMICS.md): 100,000 GEN.
pub const GEN_TOTAL_SUPPLY: Balance = 100_000 * UNIT;

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn asset_ids_are_distinct_and_fixed() {
		let ids: Vec<_> = asset_tokens().map(|(id, _)| id).collect();
		assert_eq!(ids, vec![1, 2, 3]);
	}

	#[test]
	fn symbols_resolve_case_insensitively() {
		assert_eq!(token_by_symbol("flx").and_then(|t| t.asset_id), Some(FLX));
		assert_eq!(token_by_symbol("GEN").and_then(|t| t.asset_id), None);
		assert!(token_by_symbol("XYZ").is_none());
	}
}
