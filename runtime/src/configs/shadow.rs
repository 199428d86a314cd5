//! The shadow registry (`pallet-shadow-registry`): which calls a Web2 system acting for an
//! account may dispatch, and the registry's deposits and retention.

use crate::{
	tokens::{MILLI_UNIT, UNIT},
	Balance, Balances, BlockNumber, Runtime, RuntimeCall, RuntimeHoldReason, Timestamp, DAYS,
	MINUTES,
};
use frame_support::{parameter_types, traits::ConstU32, weights::Weight};
use frame_system::EnsureRoot;
use pallet_shadow_registry::{CallCapability, Capability};
use pallet_wallets::TransferInspector;

/// A bridge request may dispatch only transfers of the granting account's own tokens, each
/// under its own capability; every other call (including batches, proxies and this
/// registry's own calls) is refused, so a grant can never be stretched beyond what it names.
pub struct ShadowCallCapability;

impl CallCapability<RuntimeCall> for ShadowCallCapability {
	fn capability(call: &RuntimeCall) -> Option<Capability> {
		match call {
			RuntimeCall::Balances(
				pallet_balances::Call::transfer_keep_alive { .. }
				| pallet_balances::Call::transfer_allow_death { .. },
			) => Some(Capability::Transfer),
			RuntimeCall::Assets(
				pallet_assets::Call::transfer_keep_alive { .. }
				| pallet_assets::Call::transfer { .. },
			) => Some(Capability::AssetTransfer),
			_ => None,
		}
	}
}

/// A bridge request acting for an account is held to that account's wallet rules, as its
/// own transactions are (`CheckWalletRules`): AUR recipients, freezes, spending limits.
pub struct WalletRulesGuard;

impl WalletRulesGuard {
	fn movements(
		account: &crate::AccountId,
		call: &RuntimeCall,
	) -> alloc::vec::Vec<pallet_wallets::Movement<crate::AccountId, Balance>> {
		let mut movements = alloc::vec::Vec::new();
		<super::wallets::RuntimeTransferInspector as TransferInspector<_, _, _, _>>::movements(
			account,
			call,
			&mut movements,
		);
		movements
	}
}

impl pallet_shadow_registry::DispatchGuard<crate::AccountId, RuntimeCall> for WalletRulesGuard {
	fn check(account: &crate::AccountId, call: &RuntimeCall) -> sp_runtime::DispatchResult {
		crate::Wallets::check_movements(&Self::movements(account, call))
			.map(|_| ())
			.map_err(|refusal| pallet_wallets::Error::<Runtime>::from(refusal).into())
	}

	// The calls a request may dispatch are single transfers (never nested, never "transfer
	// all"), so a success sent exactly what the call names.
	fn dispatched(account: &crate::AccountId, call: &RuntimeCall) {
		for movement in Self::movements(account, call) {
			if let Some(from) = movement.from {
				crate::Wallets::note_transfer(&from, movement.token, movement.amount);
			}
		}
	}
}

parameter_types! {
	pub const ShadowSystemDeposit: Balance = 10 * UNIT;
	pub const ShadowTargetDeposit: Balance = 5 * UNIT;
	pub const ShadowGrantDeposit: Balance = 100 * MILLI_UNIT;
	/// A dispatched call may use at most a tenth of a block.
	pub ShadowMaxCallWeight: Weight = super::RuntimeBlockWeights::get().max_block / 10;
	/// Receipts are committed to a Merkle root every minute (30 blocks).
	pub const ShadowRangeLength: BlockNumber = MINUTES;
	/// Receipts stay in storage for 30 days; their roots stay for ever.
	pub const ShadowReceiptRetention: BlockNumber = 30 * DAYS;
}

impl pallet_shadow_registry::Config for Runtime {
	type RuntimeCall = RuntimeCall;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type UnixTime = Timestamp;
	type CallCapability = ShadowCallCapability;
	type DispatchGuard = WalletRulesGuard;
	type ForceOrigin = EnsureRoot<crate::AccountId>;
	type SystemDeposit = ShadowSystemDeposit;
	type TargetDeposit = ShadowTargetDeposit;
	type GrantDeposit = ShadowGrantDeposit;
	type MaxCallWeight = ShadowMaxCallWeight;
	type RangeLength = ShadowRangeLength;
	type MaxReceiptsPerRange = ConstU32<1024>;
	type ReceiptRetention = ShadowReceiptRetention;
	type MaxPrunePerBlock = ConstU32<64>;
	type WeightInfo = pallet_shadow_registry::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ShadowBenchmarkHelper;
}

/// Benchmarks dispatch a GEN transfer of the existential deposit from the granter.
#[cfg(feature = "runtime-benchmarks")]
pub struct ShadowBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_shadow_registry::BenchmarkHelper<Runtime> for ShadowBenchmarkHelper {
	fn dispatch_call(_granter: &crate::AccountId) -> RuntimeCall {
		let dest = sp_runtime::MultiAddress::Id(crate::AccountId::new([7u8; 32]));
		RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest,
			value: crate::EXISTENTIAL_DEPOSIT,
		})
	}
}
