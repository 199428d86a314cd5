//! What the caller provides: signature verification, signing, and a view of the chain.
//!
//! These are deliberately tiny (compare go-ibft's `Backend` or Serai's `Network`): each
//! method is a question the protocol needs answered, nothing about how the answer is found.

use crate::types::{Types, ValidatorSet};

/// Signature verification. Payloads are the SCALE bytes built by
/// [`signing_payload`](crate::signing_payload), which already carry the domain separation
/// (context tag, message kind, set id, height, round), so an implementation just verifies
/// raw bytes.
pub trait Crypto<T: Types> {
	/// Whether `signature` is `signer`'s signature over `payload`.
	fn verify(&self, signer: &T::ValidatorId, payload: &[u8], signature: &T::Signature) -> bool;
}

/// Signing of our own messages (the keystore, in the node).
pub trait Signer<T: Types> {
	/// Which validator of `set`, if any, we hold the key of. `None` makes the machine a
	/// passive observer for that height: it follows the protocol and finalizes from the
	/// COMMITs it sees, but never sends anything.
	fn local_id(&self, set: &ValidatorSet<T::ValidatorId>) -> Option<T::ValidatorId>;

	/// Sign `payload` as `signer`. `None` if the key is not available any more; the
	/// message is then simply not sent.
	fn sign(&self, signer: &T::ValidatorId, payload: &[u8]) -> Option<T::Signature>;
}

/// The local view of the block tree.
///
/// "Descends" is always strict: a block does not descend from itself.
pub trait Chain<T: Types> {
	/// The number of `hash` if the block is imported, `None` if not (yet).
	fn block_number(&self, hash: &T::Hash) -> Option<T::Number>;

	/// Whether the imported block `block` strictly descends from `ancestor`.
	fn is_descendant_of(&self, block: &T::Hash, ancestor: &T::Hash) -> bool;

	/// The block this node would propose on top of `base` (the last finalized block): its
	/// best imported block strictly descending from `base`, or `None` if there is none yet.
	fn best_descendant_of(&self, base: &T::Hash) -> Option<(T::Hash, T::Number)>;
}

impl<T: Types, C: Crypto<T> + ?Sized> Crypto<T> for &C {
	fn verify(&self, signer: &T::ValidatorId, payload: &[u8], signature: &T::Signature) -> bool {
		(**self).verify(signer, payload, signature)
	}
}

impl<T: Types, C: Chain<T> + ?Sized> Chain<T> for &C {
	fn block_number(&self, hash: &T::Hash) -> Option<T::Number> {
		(**self).block_number(hash)
	}
	fn is_descendant_of(&self, block: &T::Hash, ancestor: &T::Hash) -> bool {
		(**self).is_descendant_of(block, ancestor)
	}
	fn best_descendant_of(&self, base: &T::Hash) -> Option<(T::Hash, T::Number)> {
		(**self).best_descendant_of(base)
	}
}
