//! Equivocation proofs: two conflicting signed messages of one validator for one slot.
//!
//! Signing two different PROPOSALs, PREPAREs or COMMITs for the same `(set, height, round)`
//! is never honest, so the two signed messages are a self-contained proof that the runtime
//! can check (with [`verify_equivocation`]) and punish. ROUND-CHANGEs are not covered: their
//! content (the prepared claim) is not something a validator can be held to after a restart,
//! and a conflicting pair cannot endanger safety on its own.

use crate::{
	messages::{Commit, MessageKind, Prepare, Proposal, Signed, SignedPayload},
	traits::Crypto,
	types::{Height, Round, SetId, Types, ValidatorSet},
};
use codec::{Decode, DecodeWithMemTracking, Encode};

/// Two messages of the same kind, signer, set, height and round with different bodies.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking)]
#[cfg_attr(feature = "scale-info", derive(scale_info::TypeInfo))]
#[cfg_attr(feature = "scale-info", scale_info(skip_type_params(T)))]
pub struct Equivocation<T: Types, M> {
	/// The message seen first.
	pub first: Signed<T, M>,
	/// The conflicting message.
	pub second: Signed<T, M>,
}

/// An equivocation of any kind.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking)]
#[cfg_attr(feature = "scale-info", derive(scale_info::TypeInfo))]
#[cfg_attr(feature = "scale-info", scale_info(skip_type_params(T)))]
pub enum EquivocationProof<T: Types> {
	/// Two PROPOSALs.
	Proposal(Equivocation<T, Proposal<T>>),
	/// Two PREPAREs.
	Prepare(Equivocation<T, Prepare<T>>),
	/// Two COMMITs.
	Commit(Equivocation<T, Commit<T>>),
}

impl<T: Types> EquivocationProof<T> {
	/// The validator that equivocated.
	pub fn offender(&self) -> &T::ValidatorId {
		match self {
			Self::Proposal(e) => &e.first.from,
			Self::Prepare(e) => &e.first.from,
			Self::Commit(e) => &e.first.from,
		}
	}

	/// The kind of the conflicting messages.
	pub fn kind(&self) -> MessageKind {
		match self {
			Self::Proposal(_) => MessageKind::Proposal,
			Self::Prepare(_) => MessageKind::Prepare,
			Self::Commit(_) => MessageKind::Commit,
		}
	}

	/// The set id, height and round of the slot.
	pub fn slot(&self) -> (SetId, Height, Round) {
		fn slot<T: Types, M: SignedPayload>(s: &Signed<T, M>) -> (SetId, Height, Round) {
			(s.set_id, s.message.height(), s.message.round())
		}
		match self {
			Self::Proposal(e) => slot(&e.first),
			Self::Prepare(e) => slot(&e.first),
			Self::Commit(e) => slot(&e.first),
		}
	}
}

/// Why an equivocation proof is invalid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EquivocationError {
	/// The two messages have different signers.
	DifferentSigners,
	/// The two messages are for different sets, heights or rounds.
	DifferentSlots,
	/// The messages are for another set than the one checked against.
	WrongSetId,
	/// The signer is not in the set.
	UnknownSigner,
	/// The two messages have the same body: no conflict.
	NotConflicting,
	/// A signature does not verify.
	BadSignature,
}

fn check<T: Types, M: SignedPayload + PartialEq, X: Crypto<T> + ?Sized>(
	set: &ValidatorSet<T::ValidatorId>,
	e: &Equivocation<T, M>,
	crypto: &X,
) -> Result<(), EquivocationError> {
	let (a, b) = (&e.first, &e.second);
	if a.from != b.from {
		return Err(EquivocationError::DifferentSigners);
	}
	if a.set_id != b.set_id
		|| a.message.height() != b.message.height()
		|| a.message.round() != b.message.round()
	{
		return Err(EquivocationError::DifferentSlots);
	}
	if a.set_id != set.set_id() {
		return Err(EquivocationError::WrongSetId);
	}
	if !set.contains(&a.from) {
		return Err(EquivocationError::UnknownSigner);
	}
	if a.message == b.message {
		return Err(EquivocationError::NotConflicting);
	}
	if !a.verify(crypto) || !b.verify(crypto) {
		return Err(EquivocationError::BadSignature);
	}
	Ok(())
}

/// Verifies an equivocation proof against the validator set of its slot.
pub fn verify_equivocation<T: Types, X: Crypto<T> + ?Sized>(
	set: &ValidatorSet<T::ValidatorId>,
	proof: &EquivocationProof<T>,
	crypto: &X,
) -> Result<(), EquivocationError> {
	match proof {
		EquivocationProof::Proposal(e) => check(set, e, crypto),
		EquivocationProof::Prepare(e) => check(set, e, crypto),
		EquivocationProof::Commit(e) => check(set, e, crypto),
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::tests::support::*;
	use alloc::vec;

	#[test]
	fn verifies_real_equivocations_only() {
		let set = ValidatorSet::new(SET_ID, vec![0u32, 1, 2, 3]).unwrap();
		let c = &FakeCrypto;
		let prepare = |from, round, hash| sign_prepare(from, SET_ID, 4, round, hash, hash);
		let good = EquivocationProof::Prepare(Equivocation {
			first: prepare(1, 2, 10),
			second: prepare(1, 2, 11),
		});
		assert_eq!(verify_equivocation(&set, &good, c), Ok(()));
		assert_eq!(good.offender(), &1);
		assert_eq!(good.slot(), (SET_ID, 4, 2));
		assert_eq!(good.kind(), MessageKind::Prepare);
		let commits = EquivocationProof::Commit(Equivocation {
			first: sign_commit(2, SET_ID, 4, 0, 10, 10),
			second: sign_commit(2, SET_ID, 4, 0, 11, 11),
		});
		assert_eq!(verify_equivocation(&set, &commits, c), Ok(()));
		let proposals = EquivocationProof::Proposal(Equivocation {
			first: sign_proposal(0, SET_ID, 4, 0, 10, 10),
			second: sign_proposal(0, SET_ID, 4, 0, 10, 11),
		});
		assert_eq!(verify_equivocation(&set, &proposals, c), Ok(()));

		let same = EquivocationProof::Prepare(Equivocation {
			first: prepare(1, 2, 10),
			second: prepare(1, 2, 10),
		});
		assert_eq!(verify_equivocation(&set, &same, c), Err(EquivocationError::NotConflicting));
		let two_signers = EquivocationProof::Prepare(Equivocation {
			first: prepare(1, 2, 10),
			second: prepare(2, 2, 11),
		});
		assert_eq!(
			verify_equivocation(&set, &two_signers, c),
			Err(EquivocationError::DifferentSigners)
		);
		let two_rounds = EquivocationProof::Prepare(Equivocation {
			first: prepare(1, 2, 10),
			second: prepare(1, 3, 11),
		});
		assert_eq!(
			verify_equivocation(&set, &two_rounds, c),
			Err(EquivocationError::DifferentSlots)
		);
		let mut forged = prepare(1, 2, 11);
		forged.signature ^= 1;
		let bad =
			EquivocationProof::Prepare(Equivocation { first: prepare(1, 2, 10), second: forged });
		assert_eq!(verify_equivocation(&set, &bad, c), Err(EquivocationError::BadSignature));
		let other_set = ValidatorSet::new(SET_ID + 1, vec![0u32, 1, 2, 3]).unwrap();
		assert_eq!(verify_equivocation(&other_set, &good, c), Err(EquivocationError::WrongSetId));
		let small = ValidatorSet::new(SET_ID, vec![0u32, 2, 3]).unwrap();
		assert_eq!(verify_equivocation(&small, &good, c), Err(EquivocationError::UnknownSigner));
	}
}
