//! Settlement commitments: record leaves, the epoch's Merkle root, inclusion proofs and their
//! verification. Pure functions, usable off-chain (with `std`) as well as in the runtime.
//!
//! The tree is `binary-merkle-tree`'s (the one BEEFY and the Ethereum bridges use):
//! - a leaf is `blake2_256(b"metanode/economics/record/v2" ++ SCALE(ChargedRecord))`
//!   ([`record_leaf`]); leaves are in the order the records were charged;
//! - an inner node is `blake2_256(left ++ right)`; an odd last node is promoted unhashed to the
//!   next level; the root of a single leaf is that leaf; the root of no leaves is zero;
//! - a proof lists the sibling hashes from the leaf upward, and verification needs the leaf
//!   index and the number of leaves ([`verify_record_proof`]).
//!
//! A client checks a record: take the `ChargedRecord` from the `UsageCharged` event, compute
//! its leaf, fetch the proof (`economics_proof(epoch, index)`) and the root
//! (`economics_settlement(epoch)`), and call `verify_record_proof(root, leaf, proof)`.

use crate::types::{ChargedRecord, RecordProof};
use alloc::vec::Vec;
use binary_merkle_tree::{merkle_proof_raw, merkle_root_raw, verify_proof, Leaf};
use codec::Encode;
use sp_core::H256;
use sp_runtime::traits::BlakeTwo256;

/// Domain separator of record leaves: a leaf can never be mistaken for another hash of the
/// chain, and a new record format gets a new version (v2: `ChargedRecord` with `job_value`
/// and `job_fee`).
pub const RECORD_DOMAIN: &[u8] = b"metanode/economics/record/v2";

/// The leaf of a charged record: `blake2_256(RECORD_DOMAIN ++ SCALE(record))`.
pub fn record_leaf<AccountId: Encode>(record: &ChargedRecord<AccountId>) -> H256 {
	let mut preimage = Vec::with_capacity(RECORD_DOMAIN.len() + record.size_hint());
	preimage.extend_from_slice(RECORD_DOMAIN);
	record.encode_to(&mut preimage);
	H256(sp_io::hashing::blake2_256(&preimage))
}

/// The Merkle root of `leaves` (zero for none).
pub fn merkle_root<I: IntoIterator<Item = H256>>(leaves: I) -> H256 {
	merkle_root_raw::<BlakeTwo256, _>(leaves)
}

/// The inclusion proof of leaf `index` of `leaves`, or `None` if there is no such leaf.
pub fn merkle_proof(epoch: u32, leaves: &[H256], index: u32) -> Option<RecordProof> {
	if index as usize >= leaves.len() {
		return None;
	}
	let proof = merkle_proof_raw::<BlakeTwo256, _>(leaves.iter().copied(), index);
	Some(RecordProof {
		epoch,
		leaf_index: proof.leaf_index,
		number_of_leaves: proof.number_of_leaves,
		leaf: proof.leaf,
		items: proof.proof,
	})
}

/// Whether `proof` shows that `leaf` is in the tree whose root is `root`.
///
/// `leaf` is the one the verifier computed ([`record_leaf`]) and `root` the one it trusts
/// (the settlement's): the `leaf` field of the proof is not used.
pub fn verify_record_proof(root: &H256, leaf: &H256, proof: &RecordProof) -> bool {
	verify_proof::<BlakeTwo256, _, _>(
		root,
		proof.items.iter().copied(),
		proof.number_of_leaves,
		proof.leaf_index,
		Leaf::Hash(*leaf),
	)
}
