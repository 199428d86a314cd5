//! The node-specific JSON-RPC methods, added to the ones `sc-service` provides (`system_*`,
//! `chain_*`, `state_*`, `author_*`, `rpc_methods`, and the `chainHead_v1`, `transaction_v1`,
//! `chainSpec_v1` and `archive_v1` methods of the new JSON-RPC spec).

#![warn(missing_docs)]

pub mod economics;
pub mod mining;
pub mod shadow;
pub mod wallets;

use std::sync::Arc;

use futures::channel::mpsc;
use jsonrpsee::RpcModule;
use metanode_runtime::{opaque::Block, AccountId, Balance, Hash, Nonce};
use sc_consensus_manual_seal::{
	rpc::{ManualSeal, ManualSealApiServer},
	EngineCommand,
};
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};

/// Full client dependencies.
pub struct FullDeps<C, P> {
	/// The client instance to use.
	pub client: Arc<C>,
	/// Transaction pool instance.
	pub pool: Arc<P>,
	/// On dev chains, the channel to the sealing task (`engine_createBlock`,
	/// `engine_finalizeBlock`).
	pub manual_seal: Option<mpsc::Sender<EngineCommand<Hash>>>,
	/// With `--finality ibft`, the running gadget and the executor of its subscriptions
	/// (`ibft_*` methods).
	pub ibft: Option<(metanode_ibft::RpcLink, sc_rpc::SubscriptionTaskExecutor)>,
}

/// Instantiate all full RPC extensions: `system_accountNextIndex`, `system_dryRun`,
/// `payment_queryInfo`, `payment_queryFeeDetails`, `economics_*`, `shadow_*`, `mining_*`, `wallet_*`, on
/// dev chains `engine_*`, and with IBFT finality `ibft_roundState`, `ibft_proveFinality` and
/// `ibft_subscribeJustifications`.
pub fn create_full<C, P>(
	deps: FullDeps<C, P>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	C: ProvideRuntimeApi<Block>,
	C: HeaderBackend<Block> + HeaderMetadata<Block, Error = BlockChainError> + 'static,
	C: sc_client_api::BlockBackend<Block> + Send + Sync + 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>,
	C::Api: pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>,
	C::Api: BlockBuilder<Block>,
	C::Api: pallet_economics_runtime_api::EconomicsApi<Block, metanode_runtime::BlockNumber>,
	C::Api: pallet_shadow_registry_runtime_api::ShadowRegistryApi<
		Block,
		AccountId,
		metanode_runtime::BlockNumber,
	>,
	C::Api: pallet_mining_runtime_api::MiningApi<Block, AccountId, metanode_runtime::BlockNumber>,
	C::Api: pallet_wallets_runtime_api::WalletsApi<
		Block,
		AccountId,
		Balance,
		metanode_runtime::BlockNumber,
	>,
	P: TransactionPool + 'static,
{
	use economics::{Economics, EconomicsApiServer};
	use mining::{Mining, MiningApiServer};
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use shadow::{Shadow, ShadowApiServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};
	use wallets::{WalletApiServer, Wallets};

	let mut module = RpcModule::new(());
	let FullDeps { client, pool, manual_seal, ibft } = deps;

	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(TransactionPayment::new(client.clone()).into_rpc())?;
	module.merge(Economics::new(client.clone()).into_rpc())?;
	module.merge(Mining::new(client.clone()).into_rpc())?;
	module.merge(Shadow::new(client.clone()).into_rpc())?;
	module.merge(Wallets::new(client.clone()).into_rpc())?;
	if let Some((link, executor)) = ibft {
		use metanode_ibft::{IbftRpc, IbftRpcApiServer};
		module.merge(IbftRpc::new(client, link, executor).into_rpc())?;
	}
	if let Some(sink) = manual_seal {
		module.merge(ManualSeal::new(sink).into_rpc())?;
	}

	Ok(module)
}

/// Decodes a non-empty, even-length string of hex digits given without `0x` (stricter than
/// `sp_core::bytes::from_hex`, which also takes odd lengths and whitespace). `None` otherwise.
pub(crate) fn decode_hex(hex: &str) -> Option<Vec<u8>> {
	if hex.is_empty() || !hex.len().is_multiple_of(2) || !hex.bytes().all(|b| b.is_ascii_hexdigit())
	{
		return None;
	}
	(0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).ok()).collect()
}
