//! Runtime API of the wallets pallet.
//!
//! The node's `wallet_info` and `wallet_checkTransfer` RPC methods and the `metanode wallet`
//! command call it: [`WalletsApi::wallet_info`] reports an account's registration, stamps,
//! freeze, spending limits and balances of the four tokens; [`WalletsApi::check_transfer`]
//! runs a transfer against the wallet rules without sending it, so a client can tell a user
//! why a transfer would be refused (and, for a spending limit, what is left) before signing.

#![cfg_attr(not(feature = "std"), no_std)]

pub use pallet_wallets::{
	FreezeRecord, LimitInfo, Stamp, StampRecord, Token, TransferRefusal, Wallet, WalletInfo,
	WalletKind, REFUSAL_CODE_BASE,
};

sp_api::decl_runtime_apis! {
	/// Metanode's wallets: registration, stamps, freezes, limits and balances.
	pub trait WalletsApi<AccountId, Balance, BlockNumber>
	where
		AccountId: codec::Codec,
		Balance: codec::Codec,
		BlockNumber: codec::Codec,
	{
		/// Everything known about `who` (an unregistered account reports only balances).
		fn wallet_info(who: AccountId) -> WalletInfo<AccountId, Balance, BlockNumber>;
		/// Whether `from` may send `amount` of `token` to `to` now, by the wallet rules
		/// (balances are not checked): `Err` says which rule refuses it.
		fn check_transfer(
			from: AccountId,
			to: AccountId,
			token: Token,
			amount: Balance,
		) -> Result<(), TransferRefusal<Balance>>;
	}
}
