//! Request hashing, receipt leaves, range Merkle roots, receipt proofs and their verification.
//! Pure functions, usable off-chain (with `std`) as well as in the runtime.
//!
//! The tree is `binary-merkle-tree`'s (as in the economics pallet's settlements):
//! - a leaf is `blake2_256(b"metanode/shadow/receipt/v1" ++ SCALE(ShadowReceipt))`
//!   ([`receipt_leaf`]); leaves are in receipt id order;
//! - an inner node is `blake2_256(left ++ right)`; an odd last node is promoted unhashed to the
//!   next level; the root of a single leaf is that leaf;
//! - a proof lists the sibling hashes from the leaf upward; verification needs the leaf index
//!   and the number of leaves ([`verify_receipt_proof`]).

use crate::types::{ReceiptProof, RequestPayload, ShadowReceipt, SystemSignature};
use alloc::vec::Vec;
use binary_merkle_tree::{merkle_proof_raw, merkle_root_raw, verify_proof, Leaf};
use codec::Encode;
use sp_core::H256;
use sp_runtime::traits::BlakeTwo256;

/// Domain separator of receipt leaves.
pub const RECEIPT_DOMAIN: &[u8] = b"metanode/shadow/receipt/v1";

/// Domain separator of request commitments.
pub const COMMITMENT_DOMAIN: &[u8] = b"metanode/shadow/commitment/v1";

/// The message a Web2 system signs: `SCALE(payload)`.
pub fn signing_message<AccountId: Encode, Hash: Encode>(
	payload: &RequestPayload<AccountId, Hash>,
) -> Vec<u8> {
	payload.encode()
}

/// The request id: `blake2_256(SCALE(payload))`.
pub fn request_id<AccountId: Encode, Hash: Encode>(
	payload: &RequestPayload<AccountId, Hash>,
) -> H256 {
	H256(sp_io::hashing::blake2_256(&payload.encode()))
}

/// The request commitment:
/// `blake2_256(COMMITMENT_DOMAIN ++ SCALE(payload) ++ signature)`.
pub fn request_commitment<AccountId: Encode, Hash: Encode>(
	payload: &RequestPayload<AccountId, Hash>,
	signature: &SystemSignature,
) -> H256 {
	let mut preimage = Vec::with_capacity(COMMITMENT_DOMAIN.len() + payload.size_hint() + 64);
	preimage.extend_from_slice(COMMITMENT_DOMAIN);
	payload.encode_to(&mut preimage);
	preimage.extend_from_slice(signature.as_ref());
	H256(sp_io::hashing::blake2_256(&preimage))
}

/// The leaf of a receipt: `blake2_256(RECEIPT_DOMAIN ++ SCALE(receipt))`.
pub fn receipt_leaf<AccountId: Encode, BlockNumber: Encode>(
	receipt: &ShadowReceipt<AccountId, BlockNumber>,
) -> H256 {
	let mut preimage = Vec::with_capacity(RECEIPT_DOMAIN.len() + receipt.size_hint());
	preimage.extend_from_slice(RECEIPT_DOMAIN);
	receipt.encode_to(&mut preimage);
	H256(sp_io::hashing::blake2_256(&preimage))
}

/// The Merkle root of `leaves` (zero for none).
pub fn merkle_root<I: IntoIterator<Item = H256>>(leaves: I) -> H256 {
	merkle_root_raw::<BlakeTwo256, _>(leaves)
}

/// The proof of `receipt`, leaf `leaf_index` of `leaves` (range `range`), or `None` if there
/// is no such leaf or it is not the receipt's.
pub fn receipt_proof<AccountId: Encode, BlockNumber: Encode>(
	receipt: ShadowReceipt<AccountId, BlockNumber>,
	leaves: &[H256],
	leaf_index: u32,
) -> Option<ReceiptProof<AccountId, BlockNumber>> {
	if leaves.get(leaf_index as usize) != Some(&receipt_leaf(&receipt)) {
		return None;
	}
	let proof = merkle_proof_raw::<BlakeTwo256, _>(leaves.iter().copied(), leaf_index);
	Some(ReceiptProof {
		range: receipt.range,
		receipt,
		leaf_index: proof.leaf_index,
		number_of_leaves: proof.number_of_leaves,
		items: proof.proof,
	})
}

/// Whether `proof` shows that its receipt is committed by `root`, the root of range
/// `proof.range` (take it from the chain: runtime API `receipt_root(range)`).
///
/// The leaf is recomputed from `proof.receipt`, so any change to the receipt, the path, the
/// index or the range makes it fail.
pub fn verify_receipt_proof<AccountId: Encode, BlockNumber: Encode>(
	root: &H256,
	proof: &ReceiptProof<AccountId, BlockNumber>,
) -> bool {
	if proof.receipt.range != proof.range || proof.leaf_index >= proof.number_of_leaves {
		return false;
	}
	verify_proof::<BlakeTwo256, _, _>(
		root,
		proof.items.iter().copied(),
		proof.number_of_leaves,
		proof.leaf_index,
		Leaf::Hash(receipt_leaf(&proof.receipt)),
	)
}
