//! The finality proof: a quorum of commit seals for one block.
//!
//! A justification is what a node stores with a block it finalizes and serves to syncing
//! peers, and what a light client checks. Verifying it needs only the validator set of its
//! height and signature verification, not the machine, and works in `no_std` so the runtime
//! can reuse it.

use crate::{
	messages::{signing_payload, Commit},
	traits::Crypto,
	types::{Height, Round, SetId, Types, ValidatorSet},
};
use alloc::{collections::BTreeSet, vec::Vec};
use codec::{Decode, DecodeWithMemTracking, Encode};

/// Proof that `(hash, number)` was decided at `height` (in `round`) by validator set `set_id`.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking)]
#[cfg_attr(feature = "scale-info", derive(scale_info::TypeInfo))]
#[cfg_attr(feature = "scale-info", scale_info(skip_type_params(T)))]
pub struct Justification<T: Types> {
	/// The validator set that decided.
	pub set_id: SetId,
	/// The height decided.
	pub height: Height,
	/// The round in which the quorum committed.
	pub round: Round,
	/// The finalized block's hash.
	pub hash: T::Hash,
	/// The finalized block's number.
	pub number: T::Number,
	/// The commit seals: COMMIT signatures of distinct validators over the same COMMIT.
	pub seals: Vec<(T::ValidatorId, T::Signature)>,
}

impl<T: Types> Justification<T> {
	/// The COMMIT every seal signs.
	pub fn commit(&self) -> Commit<T> {
		Commit {
			height: self.height,
			round: self.round,
			hash: self.hash.clone(),
			number: self.number,
		}
	}
}

/// Why a justification is invalid. Indices point into [`Justification::seals`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JustificationError {
	/// The justification is for another validator set.
	WrongSetId {
		/// The set id of the set checked against.
		expected: SetId,
		/// The justification's set id.
		got: SetId,
	},
	/// Fewer seals than a quorum.
	TooFewSeals {
		/// Seals present.
		got: usize,
		/// The quorum.
		need: usize,
	},
	/// The signer of this seal already signed an earlier one.
	DuplicateSigner {
		/// The seal's index.
		index: usize,
	},
	/// The signer of this seal is not in the set.
	UnknownSigner {
		/// The seal's index.
		index: usize,
	},
	/// This seal does not verify against the justification's COMMIT.
	BadSeal {
		/// The seal's index.
		index: usize,
	},
}

/// Verifies `justification` against the validator set of its height: right set id, at least
/// a quorum of seals, from distinct members of the set, each a valid signature over the
/// same COMMIT payload. Any bad seal fails the whole justification (a valid one never needs
/// to carry a bad seal, and rejecting keeps stored justifications clean).
pub fn verify_justification<T: Types, X: Crypto<T> + ?Sized>(
	set: &ValidatorSet<T::ValidatorId>,
	justification: &Justification<T>,
	crypto: &X,
) -> Result<(), JustificationError> {
	if justification.set_id != set.set_id() {
		return Err(JustificationError::WrongSetId {
			expected: set.set_id(),
			got: justification.set_id,
		});
	}
	let need = set.quorum();
	let got = justification.seals.len();
	if got < need {
		return Err(JustificationError::TooFewSeals { got, need });
	}
	let mut seen = BTreeSet::new();
	for (index, (who, _)) in justification.seals.iter().enumerate() {
		if !set.contains(who) {
			return Err(JustificationError::UnknownSigner { index });
		}
		if !seen.insert(who) {
			return Err(JustificationError::DuplicateSigner { index });
		}
	}
	let payload = signing_payload(justification.set_id, &justification.commit());
	for (index, (who, seal)) in justification.seals.iter().enumerate() {
		if !crypto.verify(who, &payload, seal) {
			return Err(JustificationError::BadSeal { index });
		}
	}
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::tests::support::*;
	use alloc::vec;

	fn set(n: u32) -> ValidatorSet<u32> {
		ValidatorSet::new(SET_ID, (0..n).collect()).unwrap()
	}

	fn justification(signers: &[u32]) -> Justification<TestTypes> {
		let mut j = Justification {
			set_id: SET_ID,
			height: 3,
			round: 1,
			hash: 77,
			number: 12,
			seals: vec![],
		};
		let payload = signing_payload(SET_ID, &j.commit());
		j.seals = signers.iter().map(|v| (*v, fake_sign(*v, &payload))).collect();
		j
	}

	#[test]
	fn good() {
		let c = &FakeCrypto;
		assert_eq!(verify_justification(&set(4), &justification(&[0, 1, 2]), c), Ok(()));
		assert_eq!(verify_justification(&set(4), &justification(&[3, 1, 2, 0]), c), Ok(()));
		assert_eq!(verify_justification(&set(1), &justification(&[0]), c), Ok(()));
		let seven: Vec<u32> = (0..7).collect();
		assert_eq!(verify_justification(&set(10), &justification(&seven), c), Ok(()));
		// Round trip through SCALE.
		let j = justification(&[0, 1, 2]);
		let decoded = Justification::<TestTypes>::decode(&mut &j.encode()[..]).unwrap();
		assert_eq!(decoded, j);
		// Seals built by the machine (COMMIT signatures) verify as commit seals.
		let commit = sign_commit(2, SET_ID, 3, 1, 77, 12);
		assert_eq!(commit.signature, j.seals[2].1);
	}

	#[test]
	fn too_few_seals() {
		let c = &FakeCrypto;
		assert_eq!(
			verify_justification(&set(4), &justification(&[0, 1]), c),
			Err(JustificationError::TooFewSeals { got: 2, need: 3 })
		);
		assert_eq!(
			verify_justification(&set(10), &justification(&[0, 1, 2, 3, 4, 5]), c),
			Err(JustificationError::TooFewSeals { got: 6, need: 7 })
		);
		assert_eq!(
			verify_justification(&set(4), &justification(&[]), c),
			Err(JustificationError::TooFewSeals { got: 0, need: 3 })
		);
	}

	#[test]
	fn duplicate_signer() {
		assert_eq!(
			verify_justification(&set(4), &justification(&[0, 1, 1]), &FakeCrypto),
			Err(JustificationError::DuplicateSigner { index: 2 })
		);
	}

	#[test]
	fn outsider() {
		assert_eq!(
			verify_justification(&set(4), &justification(&[0, 1, 4]), &FakeCrypto),
			Err(JustificationError::UnknownSigner { index: 2 })
		);
	}

	#[test]
	fn bad_seal() {
		let c = &FakeCrypto;
		let mut j = justification(&[0, 1, 2]);
		j.seals[1].1 ^= 1;
		assert_eq!(
			verify_justification(&set(4), &j, c),
			Err(JustificationError::BadSeal { index: 1 })
		);
		// Tampering with any signed field invalidates every seal.
		for tamper in 0..4 {
			let mut j = justification(&[0, 1, 2]);
			match tamper {
				0 => j.hash = 78,
				1 => j.number = 13,
				2 => j.round = 0,
				_ => j.height = 4,
			}
			assert_eq!(
				verify_justification(&set(4), &j, c),
				Err(JustificationError::BadSeal { index: 0 })
			);
		}
		// A PREPARE signature is not a commit seal (the kind byte differs).
		let mut j = justification(&[0, 1, 2]);
		j.seals[0].1 = sign_prepare(0, SET_ID, 3, 1, 77, 12).signature;
		assert_eq!(
			verify_justification(&set(4), &j, c),
			Err(JustificationError::BadSeal { index: 0 })
		);
	}

	#[test]
	fn wrong_set_id() {
		let other = ValidatorSet::new(SET_ID + 1, vec![0u32, 1, 2, 3]).unwrap();
		assert_eq!(
			verify_justification(&other, &justification(&[0, 1, 2]), &FakeCrypto),
			Err(JustificationError::WrongSetId { expected: SET_ID + 1, got: SET_ID })
		);
		// Relabelling the justification's set id breaks the seals.
		let mut j = justification(&[0, 1, 2]);
		j.set_id = SET_ID + 1;
		assert_eq!(
			verify_justification(&other, &j, &FakeCrypto),
			Err(JustificationError::BadSeal { index: 0 })
		);
	}
}
