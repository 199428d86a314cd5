//! Wallets (`pallet-wallets`) and key recovery (`pallet-recovery`).
//!
//! The wallet rules (AUR only between bank-stamped wallets, freezes, spending limits) hold on
//! every path tokens can take:
//! - at the token level, the wallets pallet is the assets pallet's `Freezer` and freezes a
//!   frozen wallet's GEN in the balances pallet, so no pallet can move what the rules lock;
//! - at the transaction level, [`RuntimeTransferInspector`] tells the wallets pallet's
//!   `CheckWalletRules` extension every movement a signed transaction makes, walking into
//!   batches, proxies, multisigs, derivative accounts and inherited (recovered) accounts;
//! - a shadow-registry request acting for an account is checked the same way
//!   (`super::shadow`), and the economics pallet pays AUR only to accounts that may hold it.

use super::{MinerReserveAccount, RewardsPotAccount, TreasuryAccount};
use crate::{
	tokens::{AUR, FLX, NEX, UNIT},
	AccountId, Assets, Balance, Balances, BlockNumber, Runtime, RuntimeCall, RuntimeEvent,
	RuntimeFreezeReason, RuntimeHoldReason, DAYS,
};
use alloc::vec::Vec;
use frame_support::{
	parameter_types,
	traits::{
		fungible,
		fungible::HoldConsideration,
		fungibles,
		tokens::imbalance::ResolveTo,
		tokens::{Fortitude, Preservation},
		ConstU32, Contains, LinearStoragePrice,
	},
};
use pallet_wallets::{Movement, Token, TokenBalances, TransferInspector};
use sp_runtime::traits::StaticLookup;

parameter_types! {
	/// GEN held from a registered wallet.
	pub const WalletDeposit: Balance = UNIT;
	/// A spending period is a day (43,200 blocks of 2 s).
	pub const SpendingPeriod: BlockNumber = DAYS;
}

impl pallet_wallets::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = pallet_wallets::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type AdminOrigin = super::GovernanceOrigin;
	type AssetId = crate::AssetId;
	type NexAssetId = frame_support::traits::ConstU32<NEX>;
	type FlxAssetId = frame_support::traits::ConstU32<FLX>;
	type AurAssetId = frame_support::traits::ConstU32<AUR>;
	type WalletDeposit = WalletDeposit;
	type MaxLabelLen = ConstU32<64>;
	type MaxReasonLen = ConstU32<128>;
	type SpendingPeriod = SpendingPeriod;
	type Balances = RuntimeTokenBalances;
	type AurExempt = ProtocolAccounts;
	type TransferInspector = RuntimeTransferInspector;
}

/// The protocol's own accounts, which receive fee shares (AUR ones included) and which
/// nobody signs for: the treasury, the mining rewards pot and the miner reserve.
pub struct ProtocolAccounts;

impl Contains<AccountId> for ProtocolAccounts {
	fn contains(who: &AccountId) -> bool {
		*who == TreasuryAccount::get()
			|| *who == RewardsPotAccount::get()
			|| *who == MinerReserveAccount::get()
	}
}

/// Balances of the four tokens: GEN from the balances pallet, NEX, FLX and AUR from the
/// assets pallet (free plus held, what the account owns).
pub struct RuntimeTokenBalances;

impl TokenBalances<AccountId, Balance> for RuntimeTokenBalances {
	fn balance(who: &AccountId, token: Token) -> Balance {
		match asset_of(token) {
			None => <Balances as fungible::Inspect<_>>::total_balance(who),
			Some(asset) => <Assets as fungibles::Inspect<_>>::total_balance(asset, who),
		}
	}
}

/// The asset id of a token (`None` for GEN, the native token).
pub fn asset_of(token: Token) -> Option<crate::AssetId> {
	match token {
		Token::Gen => None,
		Token::Nex => Some(NEX),
		Token::Flx => Some(FLX),
		Token::Aur => Some(AUR),
	}
}

/// The token an asset id stands for (`None` for assets other than NEX, FLX and AUR, which
/// the wallet rules do not cover).
pub fn token_of_asset(asset: crate::AssetId) -> Option<Token> {
	match asset {
		NEX => Some(Token::Nex),
		FLX => Some(Token::Flx),
		AUR => Some(Token::Aur),
		_ => None,
	}
}

type Address = <<Runtime as frame_system::Config>::Lookup as StaticLookup>::Source;

/// The account an address stands for; `None` if it does not resolve (the call then fails
/// in dispatch, moving nothing).
fn account(address: &Address) -> Option<AccountId> {
	<Runtime as frame_system::Config>::Lookup::lookup(address.clone()).ok()
}

/// What `who` could send of `token` by a "transfer all".
fn transferable(who: &AccountId, token: Token, keep_alive: bool) -> Balance {
	let preservation = if keep_alive { Preservation::Preserve } else { Preservation::Expendable };
	match asset_of(token) {
		None => <Balances as fungible::Inspect<_>>::reducible_balance(
			who,
			preservation,
			Fortitude::Polite,
		),
		Some(asset) => <Assets as fungibles::Inspect<_>>::reducible_balance(
			asset,
			who,
			preservation,
			Fortitude::Polite,
		),
	}
}

/// The account a multisig call acts as: the sorted signatories (the signer among them) and
/// the threshold, as `pallet-multisig` derives it.
fn multisig_account(signer: &AccountId, others: &[AccountId], threshold: u16) -> AccountId {
	let mut signatories = others.to_vec();
	signatories.push(signer.clone());
	signatories.sort();
	pallet_multisig::Pallet::<Runtime>::multi_account_id(&signatories, threshold)
}

/// The calls that move tokens or dispatch other calls, as the wallet rules see them.
enum Step<'a> {
	/// A token movement.
	Move(Movement<AccountId, Balance>),
	/// Nested calls dispatched as `as_account`.
	Nested(AccountId, Vec<&'a RuntimeCall>),
	/// Nothing the rules look at: root-only calls (root is not bound by the rules) and calls
	/// that move no tokens.
	Nothing,
}

/// Tells the wallets pallet which tokens a call moves, from whom, to whom, nested calls
/// included; and which events report tokens leaving an account.
pub struct RuntimeTransferInspector;

impl RuntimeTransferInspector {
	fn step<'a>(signer: &AccountId, call: &'a RuntimeCall) -> Step<'a> {
		use pallet_assets::Call as A;
		use pallet_balances::Call as B;
		let transfer = |from: AccountId, to: Option<AccountId>, token: Token, amount: Balance| {
			Step::Move(Movement { from: Some(from), to, token, amount })
		};
		let asset = |id: &codec::Compact<crate::AssetId>| token_of_asset(id.0);
		match call {
			RuntimeCall::Balances(
				B::transfer_allow_death { dest, value } | B::transfer_keep_alive { dest, value },
			) => transfer(signer.clone(), account(dest), Token::Gen, *value),
			RuntimeCall::Balances(B::transfer_all { dest, keep_alive }) => transfer(
				signer.clone(),
				account(dest),
				Token::Gen,
				transferable(signer, Token::Gen, *keep_alive),
			),
			RuntimeCall::Assets(
				A::transfer { id, target, amount } | A::transfer_keep_alive { id, target, amount },
			) => match asset(id) {
				Some(token) => transfer(signer.clone(), account(target), token, *amount),
				None => Step::Nothing,
			},
			RuntimeCall::Assets(A::transfer_all { id, dest, keep_alive }) => match asset(id) {
				Some(token) => transfer(
					signer.clone(),
					account(dest),
					token,
					transferable(signer, token, *keep_alive),
				),
				None => Step::Nothing,
			},
			// The tokens leave the owner, whoever the approved delegate is.
			RuntimeCall::Assets(A::transfer_approved { id, owner, destination, amount }) => {
				match (asset(id), account(owner)) {
					(Some(token), Some(owner)) => {
						transfer(owner, account(destination), token, *amount)
					},
					_ => Step::Nothing,
				}
			},
			// The asset's admin moving someone else's tokens.
			RuntimeCall::Assets(A::force_transfer { id, source, dest, amount }) => {
				match (asset(id), account(source)) {
					(Some(token), Some(source)) => transfer(source, account(dest), token, *amount),
					_ => Step::Nothing,
				}
			},
			RuntimeCall::Assets(A::mint { id, beneficiary, amount }) => match asset(id) {
				Some(token) => Step::Move(Movement {
					from: None,
					to: account(beneficiary),
					token,
					amount: *amount,
				}),
				None => Step::Nothing,
			},
			RuntimeCall::Economics(pallet_economics::Call::mint_aur { beneficiary, amount }) => {
				Step::Move(Movement {
					from: None,
					to: account(beneficiary),
					token: Token::Aur,
					amount: *amount,
				})
			},
			RuntimeCall::Utility(
				pallet_utility::Call::batch { calls }
				| pallet_utility::Call::batch_all { calls }
				| pallet_utility::Call::force_batch { calls },
			) => Step::Nested(signer.clone(), calls.iter().collect()),
			RuntimeCall::Utility(pallet_utility::Call::as_derivative { index, call }) => {
				Step::Nested(
					pallet_utility::derivative_account_id(signer.clone(), *index),
					alloc::vec![&**call],
				)
			},
			// Both branches are checked: which one runs is only known in dispatch.
			RuntimeCall::Utility(pallet_utility::Call::if_else { main, fallback }) => {
				Step::Nested(signer.clone(), alloc::vec![&**main, &**fallback])
			},
			RuntimeCall::Proxy(
				pallet_proxy::Call::proxy { real, call, .. }
				| pallet_proxy::Call::proxy_announced { real, call, .. },
			) => match account(real) {
				Some(real) => Step::Nested(real, alloc::vec![&**call]),
				None => Step::Nothing,
			},
			RuntimeCall::Multisig(pallet_multisig::Call::as_multi {
				threshold,
				other_signatories,
				call,
				..
			}) => Step::Nested(
				multisig_account(signer, other_signatories, *threshold),
				alloc::vec![&**call],
			),
			RuntimeCall::Multisig(pallet_multisig::Call::as_multi_threshold_1 {
				other_signatories,
				call,
			}) => Step::Nested(multisig_account(signer, other_signatories, 1), alloc::vec![&**call]),
			RuntimeCall::Recovery(pallet_recovery::Call::control_inherited_account {
				recovered,
				call,
			}) => match account(recovered) {
				Some(recovered) => Step::Nested(recovered, alloc::vec![&**call]),
				None => Step::Nothing,
			},
			// Sudo acting as an account is held to that account's rules; plain sudo is root.
			RuntimeCall::Sudo(pallet_sudo::Call::sudo_as { who, call }) => match account(who) {
				Some(who) => Step::Nested(who, alloc::vec![&**call]),
				None => Step::Nothing,
			},
			_ => Step::Nothing,
		}
	}
}

impl TransferInspector<AccountId, RuntimeCall, RuntimeEvent, Balance> for RuntimeTransferInspector {
	fn movements(
		signer: &AccountId,
		call: &RuntimeCall,
		out: &mut Vec<Movement<AccountId, Balance>>,
	) {
		match Self::step(signer, call) {
			Step::Move(movement) => out.push(movement),
			Step::Nested(as_account, calls) => {
				for call in calls {
					Self::movements(&as_account, call, out);
				}
			},
			Step::Nothing => {},
		}
	}

	fn count(call: &RuntimeCall) -> u32 {
		// The accounts do not matter for counting: any account will do, and no storage is
		// read (a "transfer all" reads a balance, but counts as one movement either way).
		fn walk(call: &RuntimeCall) -> u32 {
			use pallet_assets::Call as A;
			use pallet_balances::Call as B;
			match call {
				RuntimeCall::Balances(
					B::transfer_allow_death { .. }
					| B::transfer_keep_alive { .. }
					| B::transfer_all { .. },
				)
				| RuntimeCall::Assets(
					A::transfer { .. }
					| A::transfer_keep_alive { .. }
					| A::transfer_all { .. }
					| A::transfer_approved { .. }
					| A::force_transfer { .. }
					| A::mint { .. },
				)
				| RuntimeCall::Economics(pallet_economics::Call::mint_aur { .. }) => 1,
				RuntimeCall::Utility(
					pallet_utility::Call::batch { calls }
					| pallet_utility::Call::batch_all { calls }
					| pallet_utility::Call::force_batch { calls },
				) => calls.iter().map(walk).sum(),
				RuntimeCall::Utility(pallet_utility::Call::if_else { main, fallback }) => {
					walk(main).saturating_add(walk(fallback))
				},
				RuntimeCall::Utility(pallet_utility::Call::as_derivative { call, .. })
				| RuntimeCall::Proxy(
					pallet_proxy::Call::proxy { call, .. }
					| pallet_proxy::Call::proxy_announced { call, .. },
				)
				| RuntimeCall::Multisig(
					pallet_multisig::Call::as_multi { call, .. }
					| pallet_multisig::Call::as_multi_threshold_1 { call, .. },
				)
				| RuntimeCall::Recovery(pallet_recovery::Call::control_inherited_account {
					call,
					..
				})
				| RuntimeCall::Sudo(pallet_sudo::Call::sudo_as { call, .. }) => walk(call),
				_ => 0,
			}
		}
		walk(call)
	}

	fn debit(event: &RuntimeEvent) -> Option<(AccountId, Token, Balance)> {
		match event {
			RuntimeEvent::Balances(pallet_balances::Event::Transfer { from, amount, .. }) => {
				Some((from.clone(), Token::Gen, *amount))
			},
			RuntimeEvent::Assets(pallet_assets::Event::Transferred {
				asset_id,
				from,
				amount,
				..
			}) => token_of_asset(*asset_id).map(|token| (from.clone(), token, *amount)),
			RuntimeEvent::Assets(pallet_assets::Event::TransferredApproved {
				asset_id,
				owner,
				amount,
				..
			}) => token_of_asset(*asset_id).map(|token| (owner.clone(), token, *amount)),
			_ => None,
		}
	}
}

parameter_types! {
	pub const RecoveryFriendGroupsHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Recovery(pallet_recovery::HoldReason::FriendGroupsStorage);
	pub const RecoveryAttemptHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Recovery(pallet_recovery::HoldReason::AttemptStorage);
	pub const RecoveryInheritorHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Recovery(pallet_recovery::HoldReason::InheritorStorage);
	/// Storage the recovery pallet keeps is paid for like preimages: per item and per byte.
	pub const RecoveryBaseDeposit: Balance = super::deposit(1, 64);
	pub const RecoveryByteDeposit: Balance = super::deposit(0, 1);
	/// Opening a recovery attempt risks 10 GEN: slashed to the treasury if the attempt is
	/// abusive (GEN is never burned), returned otherwise.
	pub const RecoverySecurityDeposit: Balance = 10 * UNIT;
}

/// The storage price of the recovery pallet's records.
type RecoveryPrice = LinearStoragePrice<RecoveryBaseDeposit, RecoveryByteDeposit, Balance>;

/// Key loss: an account sets friend groups, each with an inheritor and a delay; if its key
/// is lost, a friend opens an attempt, enough friends approve, and after the delay the
/// inheritor controls the account (`control_inherited_account`, held to the lost account's
/// wallet rules like any other call made for it).
impl pallet_recovery::Config for Runtime {
	type RuntimeCall = RuntimeCall;
	type RuntimeHoldReason = RuntimeHoldReason;
	type BlockNumberProvider = crate::System;
	type Currency = Balances;
	type FriendGroupsConsideration =
		HoldConsideration<AccountId, Balances, RecoveryFriendGroupsHoldReason, RecoveryPrice>;
	type AttemptConsideration =
		HoldConsideration<AccountId, Balances, RecoveryAttemptHoldReason, RecoveryPrice>;
	type InheritorConsideration =
		HoldConsideration<AccountId, Balances, RecoveryInheritorHoldReason, RecoveryPrice>;
	type SecurityDeposit = RecoverySecurityDeposit;
	type Slash = ResolveTo<TreasuryAccount, Balances>;
	/// Never lower this: stored configurations would no longer decode.
	type MaxFriendsPerConfig = ConstU32<16>;
	type WeightInfo = pallet_recovery::weights::SubstrateWeight<Runtime>;
}
