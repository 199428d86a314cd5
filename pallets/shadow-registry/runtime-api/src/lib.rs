//! Runtime API of the shadow registry pallet.
//!
//! The node's RPC methods `shadow_receipts`, `shadow_receipt`, `shadow_proveReceipt` (and a
//! `shadow_receiptRoot` if wanted) and the `metanode shadow export` command call it. Its types
//! are SCALE + `TypeInfo`, and serde under `std` (camelCase fields; `H256` as `0x` hex).
//! Receipt proofs are checked with [`pallet_shadow_registry::verify_receipt_proof`] against
//! the root `receipt_root(proof.range)` returns; that works off-chain too, and keeps working
//! after the receipt itself is pruned.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;

pub use pallet_shadow_registry::{
	receipt_leaf, request_commitment, request_id, signing_message, verify_receipt_proof,
	BridgeRequest, Capability, Compliance, RangeCommitment, ReceiptProof, RequestOutcome,
	RequestParams, RequestPayload, ShadowReceipt, SystemId, TargetId, COMMITMENT_DOMAIN,
	RECEIPT_DOMAIN, REQUEST_DOMAIN,
};

sp_api::decl_runtime_apis! {
	/// Metanode's shadow registry: receipts of bridge requests, their range roots and proofs.
	pub trait ShadowRegistryApi<AccountId, BlockNumber>
	where
		AccountId: codec::Codec,
		BlockNumber: codec::Codec,
	{
		/// The stored receipts of `system_id` processed in blocks `from_block..=to_block`, in
		/// (block, receipt id) order: at most `MaxReceiptsPerRange` of them and only whole
		/// blocks. If the list may be cut short, ask again from the last receipt's block + 1.
		/// Pruned receipts are not listed.
		fn receipts(
			system_id: Vec<u8>,
			from_block: BlockNumber,
			to_block: BlockNumber,
		) -> Vec<ShadowReceipt<AccountId, BlockNumber>>;

		/// The receipt `id`, while it is stored.
		fn receipt(id: u64) -> Option<ShadowReceipt<AccountId, BlockNumber>>;

		/// The inclusion proof of receipt `id`, once its range is committed and while the
		/// receipt is stored. Keep it: it verifies against the range's root forever.
		fn prove_receipt(id: u64) -> Option<ReceiptProof<AccountId, BlockNumber>>;

		/// The commitment (Merkle root) of range `range`, if it is closed; kept forever.
		fn receipt_root(range: u32) -> Option<RangeCommitment<BlockNumber>>;
	}
}
