//! Fakes shared by the tests: concrete types, a keyed-checksum "signature", a signer and an
//! in-memory block tree.

use crate::{
	messages::{Commit, Prepare, PreparedRef, Proposal, RoundChange, Signed, SignedPayload},
	signing_payload, Chain, Crypto, Height, Round, SetId, Signer, Types, ValidatorSet,
};
use std::collections::{BTreeMap, BTreeSet};

/// Hashes, numbers and signatures are `u64`, validators `u32`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TestTypes {}

impl Types for TestTypes {
	type Hash = u64;
	type Number = u64;
	type ValidatorId = u32;
	type Signature = u64;
}

pub const SET_ID: SetId = 1;

pub type SignedRc = Signed<TestTypes, RoundChange<TestTypes>>;

/// FNV-1a over bytes.
pub fn fnv1a(bytes: &[u8]) -> u64 {
	let mut h: u64 = 0xcbf2_9ce4_8422_2325;
	for b in bytes {
		h ^= u64::from(*b);
		h = h.wrapping_mul(0x0000_0100_0000_01b3);
	}
	h
}

/// The SplitMix64 finalizer: a cheap, well-mixing bijection on `u64`.
pub fn mix64(mut z: u64) -> u64 {
	z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
	z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
	z ^ (z >> 31)
}

/// The fake signature of `who` over `payload`: a checksum keyed by the validator id. Not
/// secure (anyone can compute it), but the tests' adversaries only sign as themselves and
/// forge by corrupting, which is what verification must catch.
pub fn fake_sign(who: u32, payload: &[u8]) -> u64 {
	mix64(fnv1a(payload) ^ mix64(u64::from(who) ^ 0x005e_ed0f_1bf7))
}

#[derive(Clone, Copy, Debug, Default)]
pub struct FakeCrypto;

impl Crypto<TestTypes> for FakeCrypto {
	fn verify(&self, signer: &u32, payload: &[u8], signature: &u64) -> bool {
		fake_sign(*signer, payload) == *signature
	}
}

/// Holds the key of one validator id.
#[derive(Clone, Copy, Debug)]
pub struct FakeSigner(pub u32);

impl Signer<TestTypes> for FakeSigner {
	fn local_id(&self, set: &ValidatorSet<u32>) -> Option<u32> {
		set.contains(&self.0).then_some(self.0)
	}
	fn sign(&self, signer: &u32, payload: &[u8]) -> Option<u64> {
		(*signer == self.0).then(|| fake_sign(*signer, payload))
	}
}

pub fn sign<M: SignedPayload>(from: u32, set_id: SetId, message: M) -> Signed<TestTypes, M> {
	let signature = fake_sign(from, &signing_payload(set_id, &message));
	Signed { set_id, message, from, signature }
}

pub fn sign_proposal(
	from: u32,
	set_id: SetId,
	height: Height,
	round: Round,
	hash: u64,
	number: u64,
) -> Signed<TestTypes, Proposal<TestTypes>> {
	sign(from, set_id, Proposal { height, round, hash, number })
}

pub fn sign_prepare(
	from: u32,
	set_id: SetId,
	height: Height,
	round: Round,
	hash: u64,
	number: u64,
) -> Signed<TestTypes, Prepare<TestTypes>> {
	sign(from, set_id, Prepare { height, round, hash, number })
}

pub fn sign_commit(
	from: u32,
	set_id: SetId,
	height: Height,
	round: Round,
	hash: u64,
	number: u64,
) -> Signed<TestTypes, Commit<TestTypes>> {
	sign(from, set_id, Commit { height, round, hash, number })
}

pub fn sign_round_change(
	from: u32,
	set_id: SetId,
	height: Height,
	round: Round,
	prepared: Option<PreparedRef<TestTypes>>,
) -> SignedRc {
	sign(from, set_id, RoundChange { height, round, prepared })
}

/// A small block tree for unit tests: genesis is hash 0, number 0.
#[derive(Clone, Debug)]
pub struct MemChain {
	/// hash -> (parent, number)
	blocks: BTreeMap<u64, (u64, u64)>,
	imported: BTreeSet<u64>,
}

impl Default for MemChain {
	fn default() -> Self {
		let mut blocks = BTreeMap::new();
		blocks.insert(0, (0, 0));
		Self { blocks, imported: [0].into_iter().collect() }
	}
}

impl MemChain {
	/// Adds (but does not import) `hash` as a child of `parent`.
	pub fn add(&mut self, hash: u64, parent: u64) -> &mut Self {
		let number = self.blocks[&parent].1 + 1;
		self.blocks.insert(hash, (parent, number));
		self
	}

	pub fn import(&mut self, hash: u64) -> &mut Self {
		assert!(self.blocks.contains_key(&hash));
		self.imported.insert(hash);
		self
	}

	/// Adds and imports.
	pub fn push(&mut self, hash: u64, parent: u64) -> &mut Self {
		self.add(hash, parent).import(hash)
	}
}

impl Chain<TestTypes> for MemChain {
	fn block_number(&self, hash: &u64) -> Option<u64> {
		self.imported.contains(hash).then(|| self.blocks[hash].1)
	}

	fn is_descendant_of(&self, block: &u64, ancestor: &u64) -> bool {
		let (Some(&(_, target)), true) = (self.blocks.get(ancestor), self.imported.contains(block))
		else {
			return false;
		};
		let mut cur = *block;
		while let Some(&(parent, number)) = self.blocks.get(&cur) {
			if number <= target {
				return false;
			}
			if parent == *ancestor {
				return true;
			}
			cur = parent;
		}
		false
	}

	fn best_descendant_of(&self, base: &u64) -> Option<(u64, u64)> {
		self.imported
			.iter()
			.filter(|h| self.is_descendant_of(h, base))
			.map(|h| (*h, self.blocks[h].1))
			.max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
	}
}
