//! `economics_*` JSON-RPC methods: the token supply, the PoE index, epoch settlements and
//! record proofs, read from the runtime's `EconomicsApi` at the best block (or `at`).
//!
//! Amounts are decimal strings in the smallest unit (10^-12 of a token), since they exceed
//! what JavaScript numbers hold exactly; fixed-point values (Phi, Gamma) are decimal strings.

use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{ErrorObject, ErrorObjectOwned},
};
use metanode_runtime::{opaque::Block, BlockNumber};
use pallet_economics_runtime_api::{
	EconomicsApi as EconomicsRuntimeApi, PoeReport, RecordProof, Settlement, SupplyReport,
	TokenAmounts, TokenSupply,
};
use serde::Serialize;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::H256;
use sp_runtime::{traits::Block as BlockT, FixedPointNumber, FixedU128};
use std::sync::Arc;

/// Supply of one token.
#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenSupplyJson {
	total_issuance: String,
	minted_this_epoch: String,
	burned_this_epoch: String,
}

/// `economics_supply`: the four tokens and AUR's collateral backing.
#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SupplyJson {
	epoch: u32,
	gen: TokenSupplyJson,
	nex: TokenSupplyJson,
	flx: TokenSupplyJson,
	aur: TokenSupplyJson,
	aur_collateral: String,
	aur_issued: String,
}

/// `economics_poe`: the current epoch's usage, PoE index and projected NEX issuance.
#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PoeJson {
	epoch: u32,
	cpu_ms: String,
	memory_mb_s: String,
	storage_bytes: String,
	egress_bytes: String,
	receipts: String,
	phi: String,
	gamma: String,
	projected_nex: String,
}

/// Amounts of NEX, FLX and AUR.
#[derive(Clone, Serialize)]
pub struct TokenAmountsJson {
	nex: String,
	flx: String,
	aur: String,
}

/// `economics_settlement`: the commitment stored at the end of an epoch.
#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SettlementJson {
	epoch: u32,
	start_block: BlockNumber,
	end_block: BlockNumber,
	root: H256,
	record_count: u32,
	fees: TokenAmountsJson,
	minted: TokenAmountsJson,
	burned: TokenAmountsJson,
}

/// `economics_proof`: a record's Merkle inclusion proof against its settlement root.
#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProofJson {
	epoch: u32,
	leaf_index: u32,
	number_of_leaves: u32,
	leaf: H256,
	items: Vec<H256>,
}

fn supply_json(s: TokenSupply) -> TokenSupplyJson {
	TokenSupplyJson {
		total_issuance: s.total_issuance.to_string(),
		minted_this_epoch: s.minted_this_epoch.to_string(),
		burned_this_epoch: s.burned_this_epoch.to_string(),
	}
}

fn amounts_json(a: TokenAmounts) -> TokenAmountsJson {
	TokenAmountsJson { nex: a.nex.to_string(), flx: a.flx.to_string(), aur: a.aur.to_string() }
}

/// A `FixedU128` as an exact decimal string, e.g. `"0.5"`.
fn fixed_to_decimal(value: FixedU128) -> String {
	let inner = value.into_inner();
	let accuracy = FixedU128::DIV;
	let fraction = format!("{:018}", inner % accuracy);
	let fraction = fraction.trim_end_matches('0');
	if fraction.is_empty() {
		(inner / accuracy).to_string()
	} else {
		format!("{}.{}", inner / accuracy, fraction)
	}
}

impl From<SupplyReport> for SupplyJson {
	fn from(r: SupplyReport) -> Self {
		SupplyJson {
			epoch: r.epoch,
			gen: supply_json(r.gen),
			nex: supply_json(r.nex),
			flx: supply_json(r.flx),
			aur: supply_json(r.aur),
			aur_collateral: r.aur_backing.collateral.to_string(),
			aur_issued: r.aur_backing.issued.to_string(),
		}
	}
}

impl From<PoeReport> for PoeJson {
	fn from(r: PoeReport) -> Self {
		PoeJson {
			epoch: r.epoch,
			cpu_ms: r.usage.cpu_ms.to_string(),
			memory_mb_s: r.usage.memory_mb_s.to_string(),
			storage_bytes: r.usage.storage_bytes.to_string(),
			egress_bytes: r.usage.egress_bytes.to_string(),
			receipts: r.usage.receipts.to_string(),
			phi: fixed_to_decimal(r.phi),
			gamma: fixed_to_decimal(r.gamma),
			projected_nex: r.projected_nex.to_string(),
		}
	}
}

impl From<Settlement<BlockNumber>> for SettlementJson {
	fn from(s: Settlement<BlockNumber>) -> Self {
		SettlementJson {
			epoch: s.epoch,
			start_block: s.start_block,
			end_block: s.end_block,
			root: s.root,
			record_count: s.record_count,
			fees: amounts_json(s.fees),
			minted: amounts_json(s.minted),
			burned: amounts_json(s.burned),
		}
	}
}

impl From<RecordProof> for ProofJson {
	fn from(p: RecordProof) -> Self {
		ProofJson {
			epoch: p.epoch,
			leaf_index: p.leaf_index,
			number_of_leaves: p.number_of_leaves,
			leaf: p.leaf,
			items: p.items,
		}
	}
}

/// The `economics_*` methods.
#[rpc(server)]
pub trait EconomicsApi<BlockHash> {
	/// Supply of GEN, NEX, FLX and AUR: total issuance, minted and burned this epoch.
	#[method(name = "economics_supply")]
	fn supply(&self, at: Option<BlockHash>) -> RpcResult<SupplyJson>;

	/// The current epoch's metered usage, Phi, Gamma and the NEX it would mint now.
	#[method(name = "economics_poe")]
	fn poe(&self, at: Option<BlockHash>) -> RpcResult<PoeJson>;

	/// The settlement commitment of a closed epoch, or `null` if it is not closed yet.
	#[method(name = "economics_settlement")]
	fn settlement(&self, epoch: u32, at: Option<BlockHash>) -> RpcResult<Option<SettlementJson>>;

	/// The inclusion proof of record `index` of a closed epoch, or `null` if there is no such
	/// record or its leaves were pruned (the root stays in the settlement).
	#[method(name = "economics_proof")]
	fn proof(&self, epoch: u32, index: u32, at: Option<BlockHash>) -> RpcResult<Option<ProofJson>>;
}

/// Serves [`EconomicsApiServer`] from a client.
pub struct Economics<C> {
	client: Arc<C>,
}

impl<C> Economics<C> {
	/// Creates the RPC handler.
	pub fn new(client: Arc<C>) -> Self {
		Self { client }
	}
}

/// JSON-RPC error code of a runtime API call that failed.
const RUNTIME_ERROR: i32 = 9100;

fn runtime_error(err: impl std::fmt::Display) -> ErrorObjectOwned {
	ErrorObject::owned(RUNTIME_ERROR, format!("the runtime could not answer: {err}"), None::<()>)
}

impl<C> EconomicsApiServer<<Block as BlockT>::Hash> for Economics<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: EconomicsRuntimeApi<Block, BlockNumber>,
{
	fn supply(&self, at: Option<<Block as BlockT>::Hash>) -> RpcResult<SupplyJson> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		Ok(self.client.runtime_api().supply(at).map_err(runtime_error)?.into())
	}

	fn poe(&self, at: Option<<Block as BlockT>::Hash>) -> RpcResult<PoeJson> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		Ok(self.client.runtime_api().poe(at).map_err(runtime_error)?.into())
	}

	fn settlement(
		&self,
		epoch: u32,
		at: Option<<Block as BlockT>::Hash>,
	) -> RpcResult<Option<SettlementJson>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		Ok(self.client.runtime_api().settlement(at, epoch).map_err(runtime_error)?.map(Into::into))
	}

	fn proof(
		&self,
		epoch: u32,
		index: u32,
		at: Option<<Block as BlockT>::Hash>,
	) -> RpcResult<Option<ProofJson>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		Ok(self
			.client
			.runtime_api()
			.proof(at, epoch, index)
			.map_err(runtime_error)?
			.map(Into::into))
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn fixed_point_values_print_exactly() {
		assert_eq!(fixed_to_decimal(FixedU128::from_rational(1, 2)), "0.5");
		assert_eq!(fixed_to_decimal(FixedU128::from_u32(3)), "3");
		assert_eq!(fixed_to_decimal(FixedU128::from_inner(1)), "0.000000000000000001");
	}
}
