//! `shadow_*` JSON-RPC methods: the shadow registry's receipts, their range commitments and
//! inclusion proofs, read from the runtime's `ShadowRegistryApi` at the best block (or `at`).
//!
//! Receipts, commitments and proofs are the pallet's own types in their serde form (camelCase
//! fields, hashes as `0x` hex, accounts as SS58, ids as arrays of bytes), so a Rust client
//! deserializes them straight into `pallet_shadow_registry_runtime_api::{ShadowReceipt,
//! RangeCommitment, ReceiptProof}` and checks a proof with `verify_receipt_proof`.
//!
//! Errors are JSON-RPC errors with a message that says what to do, and one code each:
//!
//! | code | meaning |
//! | --- | --- |
//! | 9300 | the runtime call failed (unknown block, runtime without the API, ...) |
//! | 9301 | no receipt with this id is stored: it does not exist yet or was pruned |
//! | 9302 | the receipt's range is still open: its root is not committed yet |
//! | 9303 | a parameter is invalid (system id, block range) |
//! | 9304 | the runtime has the receipt and its range root but no valid proof of it |

use super::decode_hex;
use codec::Encode;
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{ErrorObject, ErrorObjectOwned},
};
use metanode_runtime::{opaque::Block, AccountId, BlockNumber};
use pallet_shadow_registry::{is_valid_id, MAX_ID_LEN};
use pallet_shadow_registry_runtime_api::{
	receipt_leaf, verify_receipt_proof, RangeCommitment, ReceiptProof, ShadowReceipt,
	ShadowRegistryApi as ShadowRuntimeApi,
};
use serde::{Deserialize, Serialize};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::{Bytes, H256};
use sp_runtime::traits::Block as BlockT;
use std::sync::Arc;

/// A shadow receipt of the Metanode runtime.
pub type Receipt = ShadowReceipt<AccountId, BlockNumber>;

/// The result of `shadow_proveReceipt`: everything an off-chain verifier needs.
///
/// `proof` deserializes into the pallet's `ReceiptProof`; `verify_receipt_proof(&root.root,
/// &proof)` then checks it. Without the Rust crate: the leaf is
/// `blake2_256(b"metanode/shadow/receipt/v1" ++ encodedReceipt)`, and the path is hashed as in
/// `binary-merkle-tree` (see `docs/shadow-registry.md`, "RPC and CLI").
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReceiptProofJson {
	/// The receipt (the same as `proof.receipt`).
	pub receipt: Receipt,
	/// The inclusion proof: the receipt, its range, leaf index, number of leaves and the
	/// sibling hashes from the leaf upward.
	pub proof: ReceiptProof<AccountId, BlockNumber>,
	/// The commitment of the receipt's range: the root the proof leads to. Kept on chain
	/// forever (`shadow_receiptRoot(range)`), so the proof can be checked again later.
	pub root: RangeCommitment<BlockNumber>,
	/// The receipt's leaf: `blake2_256(b"metanode/shadow/receipt/v1" ++ encodedReceipt)`.
	pub leaf: H256,
	/// The SCALE encoding of the receipt, as hashed into the leaf.
	pub encoded_receipt: Bytes,
}

/// The `shadow_*` methods.
#[rpc(server)]
pub trait ShadowApi<BlockHash> {
	/// The stored receipts of a Web2 system in blocks `from..=to`, in (block, id) order.
	///
	/// `systemId` is the id as text (`acme-crm`) or as `0x` hex. At most
	/// `MaxReceiptsPerRange` receipts are returned, and never part of a block: to page, ask
	/// again from the last receipt's block + 1 until the list is empty. Pruned receipts are
	/// not listed.
	#[method(name = "shadow_receipts")]
	fn receipts(
		&self,
		#[argument(rename = "systemId")] system_id: String,
		from: BlockNumber,
		to: BlockNumber,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<Receipt>>;

	/// The receipt `id`, or `null` if it is not stored (not created yet, or pruned).
	#[method(name = "shadow_receipt")]
	fn receipt(&self, id: u64, at: Option<BlockHash>) -> RpcResult<Option<Receipt>>;

	/// The inclusion proof of receipt `id` with its range's commitment. An error (with its
	/// own code) if the receipt is not stored or its range is not closed yet.
	#[method(name = "shadow_proveReceipt")]
	fn prove_receipt(&self, id: u64, at: Option<BlockHash>) -> RpcResult<ReceiptProofJson>;

	/// The commitment (Merkle root) of range `range`, or `null` if it is not closed yet.
	/// Commitments are never pruned.
	#[method(name = "shadow_receiptRoot")]
	fn receipt_root(
		&self,
		range: u32,
		at: Option<BlockHash>,
	) -> RpcResult<Option<RangeCommitment<BlockNumber>>>;
}

/// Serves [`ShadowApiServer`] from a client.
pub struct Shadow<C> {
	client: Arc<C>,
}

impl<C> Shadow<C> {
	/// Creates the RPC handler.
	pub fn new(client: Arc<C>) -> Self {
		Self { client }
	}
}

/// JSON-RPC error code of a runtime API call that failed.
pub const RUNTIME_ERROR: i32 = 9300;
/// JSON-RPC error code of a receipt id that is not stored (not created yet, or pruned).
pub const UNKNOWN_RECEIPT: i32 = 9301;
/// JSON-RPC error code of a receipt whose range is not committed yet.
pub const RANGE_OPEN: i32 = 9302;
/// JSON-RPC error code of an invalid parameter.
pub const INVALID_PARAMS: i32 = 9303;
/// JSON-RPC error code of a proof the runtime cannot give although it has the receipt and
/// the root (inconsistent state; should not happen).
pub const PROOF_UNAVAILABLE: i32 = 9304;

fn runtime_error(err: impl std::fmt::Display) -> ErrorObjectOwned {
	ErrorObject::owned(
		RUNTIME_ERROR,
		format!(
			"the runtime could not answer: {err}. Check that the block exists and that its \
			 runtime has the shadow registry"
		),
		None::<()>,
	)
}

fn invalid_params(message: String) -> ErrorObjectOwned {
	ErrorObject::owned(INVALID_PARAMS, message, None::<()>)
}

/// Parses a system (or target) id given as text (`acme-crm`) or as `0x` hex (`0x61636d65`).
///
/// A string that starts with `0x` and is followed by an even number of hex digits is read as
/// hex; anything else is the id's own bytes. The id must be 1 to 63 bytes of printable ASCII.
pub fn parse_system_id(text: &str) -> Result<Vec<u8>, String> {
	let bytes = match text.strip_prefix("0x").and_then(decode_hex) {
		Some(bytes) => bytes,
		None => text.as_bytes().to_vec(),
	};
	if bytes.len() > MAX_ID_LEN as usize || !is_valid_id(&bytes) {
		return Err(format!(
			"system id {text:?} is not valid: give 1 to {MAX_ID_LEN} printable ASCII characters \
			 without spaces (e.g. acme-crm), or their bytes as 0x hex"
		));
	}
	Ok(bytes)
}

impl<C> ShadowApiServer<<Block as BlockT>::Hash> for Shadow<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: ShadowRuntimeApi<Block, AccountId, BlockNumber>,
{
	fn receipts(
		&self,
		system_id: String,
		from: BlockNumber,
		to: BlockNumber,
		at: Option<<Block as BlockT>::Hash>,
	) -> RpcResult<Vec<Receipt>> {
		let system_id = parse_system_id(&system_id).map_err(invalid_params)?;
		if from > to {
			return Err(invalid_params(format!(
				"the block range is empty: from ({from}) is after to ({to}); pass from <= to"
			)));
		}
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		self.client.runtime_api().receipts(at, system_id, from, to).map_err(runtime_error)
	}

	fn receipt(&self, id: u64, at: Option<<Block as BlockT>::Hash>) -> RpcResult<Option<Receipt>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		self.client.runtime_api().receipt(at, id).map_err(runtime_error)
	}

	fn prove_receipt(
		&self,
		id: u64,
		at: Option<<Block as BlockT>::Hash>,
	) -> RpcResult<ReceiptProofJson> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let api = self.client.runtime_api();
		let Some(proof) = api.prove_receipt(at, id).map_err(runtime_error)? else {
			// Say why there is no proof: no receipt, or a range that is still open.
			let Some(receipt) = api.receipt(at, id).map_err(runtime_error)? else {
				return Err(ErrorObject::owned(
					UNKNOWN_RECEIPT,
					format!(
						"receipt {id} is not stored: it does not exist yet, or it was pruned \
						 after the retention period (its range root stays: \
						 shadow_receiptRoot). Check the id against the RequestProcessed event"
					),
					Some(serde_json::json!({ "receiptId": id })),
				));
			};
			let range = receipt.range;
			return Err(match api.receipt_root(at, range).map_err(runtime_error)? {
				None => ErrorObject::owned(
					RANGE_OPEN,
					format!(
						"receipt {id} is in range {range}, which is still open: its Merkle root \
						 is committed when the range closes (every RangeLength blocks). Ask \
						 again after that"
					),
					Some(serde_json::json!({
						"receiptId": id,
						"range": range,
						"block": receipt.block,
					})),
				),
				Some(_) => ErrorObject::owned(
					PROOF_UNAVAILABLE,
					format!(
						"receipt {id} and the root of its range {range} are stored, but the \
						 runtime gave no proof of it (its range's leaves are missing)"
					),
					Some(serde_json::json!({ "receiptId": id, "range": range })),
				),
			});
		};
		let root = api
			.receipt_root(at, proof.range)
			.map_err(runtime_error)?
			.filter(|root| verify_receipt_proof(&root.root, &proof))
			.ok_or_else(|| {
				ErrorObject::owned(
					PROOF_UNAVAILABLE,
					format!(
						"the runtime's proof of receipt {id} does not verify against the root \
						 of its range {}",
						proof.range
					),
					Some(serde_json::json!({ "receiptId": id, "range": proof.range })),
				)
			})?;
		Ok(ReceiptProofJson {
			receipt: proof.receipt.clone(),
			leaf: receipt_leaf(&proof.receipt),
			encoded_receipt: Bytes(proof.receipt.encode()),
			proof,
			root,
		})
	}

	fn receipt_root(
		&self,
		range: u32,
		at: Option<<Block as BlockT>::Hash>,
	) -> RpcResult<Option<RangeCommitment<BlockNumber>>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		self.client.runtime_api().receipt_root(at, range).map_err(runtime_error)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use pallet_shadow_registry_runtime_api::{Compliance, RequestOutcome};
	use sp_core::crypto::Ss58Codec;

	#[test]
	fn system_ids_parse_as_text_or_hex() {
		assert_eq!(parse_system_id("acme-crm").unwrap(), b"acme-crm".to_vec());
		assert_eq!(parse_system_id("0x61636d65").unwrap(), b"acme".to_vec());
		assert_eq!(parse_system_id("0X61").unwrap(), b"0X61".to_vec());
		// Not hex (odd length, non-hex digits): the text itself.
		assert_eq!(parse_system_id("0xabc").unwrap(), b"0xabc".to_vec());
		assert_eq!(parse_system_id("0xzz").unwrap(), b"0xzz".to_vec());
		assert_eq!(parse_system_id("0x").unwrap(), b"0x".to_vec());
		let long = "a".repeat(64);
		for bad in ["", "acme crm", "é", "0x00", "0x20", long.as_str()] {
			let err = parse_system_id(bad).unwrap_err();
			assert!(err.contains("printable ASCII"), "{bad:?}: {err}");
		}
		assert!(parse_system_id(&"a".repeat(63)).is_ok());
	}

	fn receipt() -> Receipt {
		ShadowReceipt {
			receipt_id: 7,
			request_id: H256::repeat_byte(1),
			commitment: H256::repeat_byte(2),
			system_id: b"acme-crm".to_vec().try_into().unwrap(),
			nonce: 3,
			account: AccountId::new([5; 32]),
			target: b"crm.contacts".to_vec().try_into().unwrap(),
			outcome: RequestOutcome::Recorded,
			block: 12,
			timestamp: 1_700_000_000_000,
			compliance: Compliance {
				gdpr: true,
				hipaa: false,
				pci: false,
				retention_days: 30,
				jurisdiction: *b"DE",
			},
			range: 0,
		}
	}

	#[test]
	fn proofs_serialize_in_camel_case_and_round_trip() {
		let receipt = receipt();
		let proof = ReceiptProof {
			receipt: receipt.clone(),
			range: 0,
			leaf_index: 0,
			number_of_leaves: 1,
			items: vec![],
		};
		let root = RangeCommitment {
			range: 0,
			start_block: 0,
			end_block: 30,
			first_receipt: 7,
			count: 1,
			root: receipt_leaf(&receipt),
		};
		assert!(verify_receipt_proof(&root.root, &proof));
		let json = ReceiptProofJson {
			receipt: receipt.clone(),
			leaf: receipt_leaf(&receipt),
			encoded_receipt: Bytes(receipt.encode()),
			proof,
			root,
		};
		let value = serde_json::to_value(&json).unwrap();
		assert_eq!(value["receipt"]["receiptId"], 7);
		assert_eq!(value["receipt"]["account"], AccountId::new([5; 32]).to_ss58check());
		assert_eq!(value["proof"]["leafIndex"], 0);
		assert_eq!(value["proof"]["numberOfLeaves"], 1);
		assert_eq!(value["root"]["firstReceipt"], 7);
		assert!(value["leaf"].as_str().unwrap().starts_with("0x"));
		assert_eq!(
			value["encodedReceipt"].as_str().unwrap(),
			format!("0x{}", hex(&receipt.encode()))
		);
		let back: ReceiptProofJson = serde_json::from_value(value).unwrap();
		assert!(verify_receipt_proof(&back.root.root, &back.proof));
		assert_eq!(back.receipt, receipt);
	}

	fn hex(bytes: &[u8]) -> String {
		bytes.iter().map(|b| format!("{b:02x}")).collect()
	}
}
