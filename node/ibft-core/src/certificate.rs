//! Prepared certificates and round-change certificates, and their validation.
//!
//! They carry the protocol's safety across rounds. If some block `B` was decided in round
//! `r`, a quorum committed, so at least `f + 1` honest validators are prepared on `B` in `r`.
//! Any quorum of ROUND-CHANGEs for a later round contains at least one of them, reporting a
//! prepared round `>= r`; and (by induction) every prepared certificate of a round `>= r` is
//! for `B`. So a proposer that must re-propose the *highest* prepared block of its
//! round-change quorum can only re-propose `B`. The checks below make every link of that
//! argument verifiable by each receiver.

use crate::{
	messages::{signing_payload, Prepare, PreparedRef, RoundChange, Signed},
	traits::Crypto,
	types::{BlockRef, Height, Round, Types, ValidatorSet},
};
use alloc::{collections::BTreeSet, vec::Vec};
use codec::{Decode, DecodeWithMemTracking, Encode};

/// A quorum of PREPAREs for one block in one round: proof that the round "prepared" it.
///
/// Only `(validator, signature)` pairs are carried: every PREPARE in it has the same body
/// (`height` from the context, and `round`, `hash`, `number` from here), so the receiver
/// rebuilds it once.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking)]
#[cfg_attr(feature = "scale-info", derive(scale_info::TypeInfo))]
#[cfg_attr(feature = "scale-info", scale_info(skip_type_params(T)))]
pub struct PreparedCertificate<T: Types> {
	/// The round that prepared.
	pub round: Round,
	/// The prepared block's hash.
	pub hash: T::Hash,
	/// The prepared block's number.
	pub number: T::Number,
	/// The PREPARE signatures, one per distinct validator.
	pub prepares: Vec<(T::ValidatorId, T::Signature)>,
}

impl<T: Types> PreparedCertificate<T> {
	/// The `(round, block)` this certificate proves, as a ROUND-CHANGE claims it.
	pub fn prepared_ref(&self) -> PreparedRef<T> {
		PreparedRef { round: self.round, hash: self.hash.clone(), number: self.number }
	}

	/// Whether this certificate is for exactly what `r` claims.
	pub fn matches(&self, r: &PreparedRef<T>) -> bool {
		self.round == r.round && self.hash == r.hash && self.number == r.number
	}

	/// The common body of the PREPAREs it contains.
	pub fn prepare(&self, height: Height) -> Prepare<T> {
		Prepare { height, round: self.round, hash: self.hash.clone(), number: self.number }
	}
}

/// A quorum of ROUND-CHANGEs for one round, justifying a PROPOSAL for that round, plus the
/// prepared certificate of the highest prepared round they report (if any reports one).
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking)]
#[cfg_attr(feature = "scale-info", derive(scale_info::TypeInfo))]
#[cfg_attr(feature = "scale-info", scale_info(skip_type_params(T)))]
pub struct RoundChangeCertificate<T: Types> {
	/// The signed ROUND-CHANGEs (without their own sidecars).
	pub round_changes: Vec<Signed<T, RoundChange<T>>>,
	/// The certificate for the highest prepared round among them.
	pub prepared: Option<PreparedCertificate<T>>,
}

/// Why a certificate is invalid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CertificateError {
	/// Fewer entries than a quorum.
	TooFewEntries {
		/// Entries present.
		got: usize,
		/// The quorum.
		need: usize,
	},
	/// A validator appears twice.
	DuplicateSigner,
	/// A signer is not in the validator set.
	UnknownSigner,
	/// A signature does not verify.
	BadSignature,
	/// An entry is for another validator set.
	WrongSetId,
	/// An entry is for another height.
	WrongHeight,
	/// An entry is for another round (or a round change certificate for round 0).
	WrongRound,
	/// A ROUND-CHANGE claims a prepared round not below its own round.
	PreparedRoundNotLower,
	/// A prepared round is claimed but its certificate is missing.
	MissingPreparedCertificate,
	/// A prepared certificate is attached although nothing prepared is claimed.
	UnexpectedPreparedCertificate,
	/// The prepared certificate is not for the claimed (highest) prepared round and block.
	PreparedMismatch,
	/// Two ROUND-CHANGEs claim different blocks prepared in the same highest round, which
	/// needs more than `f` faulty validators.
	ConflictingPrepared,
}

/// Checks that `entries` are from distinct members of `set`, at least a quorum of them.
fn check_signers<'a, V: Ord + Clone + 'a>(
	set: &ValidatorSet<V>,
	entries: impl ExactSizeIterator<Item = &'a V>,
) -> Result<(), CertificateError> {
	let need = set.quorum();
	let got = entries.len();
	if got < need {
		return Err(CertificateError::TooFewEntries { got, need });
	}
	let mut seen = BTreeSet::new();
	for who in entries {
		if !set.contains(who) {
			return Err(CertificateError::UnknownSigner);
		}
		if !seen.insert(who) {
			return Err(CertificateError::DuplicateSigner);
		}
	}
	Ok(())
}

/// Checks a prepared certificate for `height` in `set`: a quorum of distinct members, each
/// with a valid PREPARE signature for the certificate's round and block.
pub fn validate_prepared_certificate<T: Types, X: Crypto<T> + ?Sized>(
	set: &ValidatorSet<T::ValidatorId>,
	height: Height,
	cert: &PreparedCertificate<T>,
	crypto: &X,
) -> Result<(), CertificateError> {
	check_signers(set, cert.prepares.iter().map(|(v, _)| v))?;
	let payload = signing_payload(set.set_id(), &cert.prepare(height));
	if cert.prepares.iter().all(|(v, s)| crypto.verify(v, &payload, s)) {
		Ok(())
	} else {
		Err(CertificateError::BadSignature)
	}
}

/// Checks the sidecar of a ROUND-CHANGE message: a prepared certificate must be present
/// exactly when a prepared round is claimed, below the message's round, and prove it.
pub(crate) fn validate_round_change_sidecar<T: Types, X: Crypto<T> + ?Sized>(
	set: &ValidatorSet<T::ValidatorId>,
	round_change: &RoundChange<T>,
	sidecar: Option<&PreparedCertificate<T>>,
	crypto: &X,
) -> Result<(), CertificateError> {
	match (&round_change.prepared, sidecar) {
		(None, None) => Ok(()),
		(None, Some(_)) => Err(CertificateError::UnexpectedPreparedCertificate),
		(Some(_), None) => Err(CertificateError::MissingPreparedCertificate),
		(Some(claim), Some(cert)) => {
			if claim.round >= round_change.round {
				return Err(CertificateError::PreparedRoundNotLower);
			}
			if !cert.matches(claim) {
				return Err(CertificateError::PreparedMismatch);
			}
			validate_prepared_certificate(set, round_change.height, cert, crypto)
		},
	}
}

/// Checks a round-change certificate justifying a proposal for `(height, round)`, `round > 0`.
///
/// Returns the block the proposal *must* be for: the highest prepared block among the
/// ROUND-CHANGEs, or `None` if none of them reports a prepared round (the proposer is then
/// free to propose any valid block).
pub fn validate_round_change_certificate<T: Types, X: Crypto<T> + ?Sized>(
	set: &ValidatorSet<T::ValidatorId>,
	height: Height,
	round: Round,
	cert: &RoundChangeCertificate<T>,
	crypto: &X,
) -> Result<Option<BlockRef<T>>, CertificateError> {
	if round == 0 {
		return Err(CertificateError::WrongRound);
	}
	check_signers(set, cert.round_changes.iter().map(|s| &s.from))?;
	let mut highest: Option<&PreparedRef<T>> = None;
	for rc in &cert.round_changes {
		let m = &rc.message;
		if rc.set_id != set.set_id() {
			return Err(CertificateError::WrongSetId);
		}
		if m.height != height {
			return Err(CertificateError::WrongHeight);
		}
		if m.round != round {
			return Err(CertificateError::WrongRound);
		}
		if let Some(p) = &m.prepared {
			if p.round >= round {
				return Err(CertificateError::PreparedRoundNotLower);
			}
			highest = match highest {
				Some(h) if h.round > p.round => Some(h),
				Some(h) if h.round == p.round => {
					if h.hash != p.hash || h.number != p.number {
						return Err(CertificateError::ConflictingPrepared);
					}
					Some(h)
				},
				_ => Some(p),
			};
		}
	}
	// Signatures last: they are the expensive part.
	if !cert.round_changes.iter().all(|rc| rc.verify(crypto)) {
		return Err(CertificateError::BadSignature);
	}
	match (highest, &cert.prepared) {
		(None, None) => Ok(None),
		(None, Some(_)) => Err(CertificateError::UnexpectedPreparedCertificate),
		(Some(_), None) => Err(CertificateError::MissingPreparedCertificate),
		(Some(h), Some(p)) => {
			if !p.matches(h) {
				return Err(CertificateError::PreparedMismatch);
			}
			validate_prepared_certificate(set, height, p, crypto)?;
			Ok(Some(BlockRef::new(p.hash.clone(), p.number)))
		},
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::tests::support::*;
	use alloc::vec;

	const H: Height = 5;

	fn set4() -> ValidatorSet<u32> {
		ValidatorSet::new(SET_ID, vec![0, 1, 2, 3]).unwrap()
	}

	fn prepared(round: Round, hash: u64, signers: &[u32]) -> PreparedCertificate<TestTypes> {
		PreparedCertificate {
			round,
			hash,
			number: hash,
			prepares: signers
				.iter()
				.map(|v| (*v, sign_prepare(*v, SET_ID, H, round, hash, hash).signature))
				.collect(),
		}
	}

	fn rc(from: u32, round: Round, prepared: Option<(Round, u64)>) -> SignedRc {
		sign_round_change(
			from,
			SET_ID,
			H,
			round,
			prepared.map(|(r, h)| PreparedRef { round: r, hash: h, number: h }),
		)
	}

	#[test]
	fn prepared_certificate_good_and_bad() {
		let set = set4();
		let c = &FakeCrypto;
		assert_eq!(validate_prepared_certificate(&set, H, &prepared(1, 9, &[0, 1, 2]), c), Ok(()));
		assert_eq!(
			validate_prepared_certificate(&set, H, &prepared(1, 9, &[0, 1, 2, 3]), c),
			Ok(())
		);
		assert_eq!(
			validate_prepared_certificate(&set, H, &prepared(1, 9, &[0, 1]), c),
			Err(CertificateError::TooFewEntries { got: 2, need: 3 })
		);
		assert_eq!(
			validate_prepared_certificate(&set, H, &prepared(1, 9, &[0, 1, 1]), c),
			Err(CertificateError::DuplicateSigner)
		);
		assert_eq!(
			validate_prepared_certificate(&set, H, &prepared(1, 9, &[0, 1, 7]), c),
			Err(CertificateError::UnknownSigner)
		);
		let mut bad = prepared(1, 9, &[0, 1, 2]);
		bad.prepares[2].1 ^= 1;
		assert_eq!(
			validate_prepared_certificate(&set, H, &bad, c),
			Err(CertificateError::BadSignature)
		);
		// Signatures for another round, block or height do not carry over.
		let mut moved = prepared(1, 9, &[0, 1, 2]);
		moved.round = 2;
		assert_eq!(
			validate_prepared_certificate(&set, H, &moved, c),
			Err(CertificateError::BadSignature)
		);
		let mut moved = prepared(1, 9, &[0, 1, 2]);
		moved.hash = 10;
		assert_eq!(
			validate_prepared_certificate(&set, H, &moved, c),
			Err(CertificateError::BadSignature)
		);
		assert_eq!(
			validate_prepared_certificate(&set, H + 1, &prepared(1, 9, &[0, 1, 2]), c),
			Err(CertificateError::BadSignature)
		);
		// Nor to another set id.
		let other = ValidatorSet::new(SET_ID + 1, vec![0, 1, 2, 3]).unwrap();
		assert_eq!(
			validate_prepared_certificate(&other, H, &prepared(1, 9, &[0, 1, 2]), c),
			Err(CertificateError::BadSignature)
		);
	}

	#[test]
	fn round_change_certificate_without_prepared() {
		let set = set4();
		let c = &FakeCrypto;
		let cert = RoundChangeCertificate {
			round_changes: vec![rc(0, 3, None), rc(1, 3, None), rc(3, 3, None)],
			prepared: None,
		};
		assert_eq!(validate_round_change_certificate(&set, H, 3, &cert, c), Ok(None));
		// For round 0 no certificate is ever valid.
		assert_eq!(
			validate_round_change_certificate(&set, H, 0, &cert, c),
			Err(CertificateError::WrongRound)
		);
		// For another round or height.
		assert_eq!(
			validate_round_change_certificate(&set, H, 4, &cert, c),
			Err(CertificateError::WrongRound)
		);
		assert_eq!(
			validate_round_change_certificate(&set, H + 1, 3, &cert, c),
			Err(CertificateError::WrongHeight)
		);
		// Too few, duplicate, outsider, bad signature, wrong set id.
		let mut few = cert.clone();
		few.round_changes.pop();
		assert_eq!(
			validate_round_change_certificate(&set, H, 3, &few, c),
			Err(CertificateError::TooFewEntries { got: 2, need: 3 })
		);
		let mut dup = cert.clone();
		dup.round_changes[2] = rc(1, 3, None);
		assert_eq!(
			validate_round_change_certificate(&set, H, 3, &dup, c),
			Err(CertificateError::DuplicateSigner)
		);
		let mut outsider = cert.clone();
		outsider.round_changes[2] = rc(9, 3, None);
		assert_eq!(
			validate_round_change_certificate(&set, H, 3, &outsider, c),
			Err(CertificateError::UnknownSigner)
		);
		let mut bad = cert.clone();
		bad.round_changes[1].signature ^= 1;
		assert_eq!(
			validate_round_change_certificate(&set, H, 3, &bad, c),
			Err(CertificateError::BadSignature)
		);
		let mut wrong_set = cert.clone();
		wrong_set.round_changes[0] = sign_round_change(0, SET_ID + 1, H, 3, None);
		assert_eq!(
			validate_round_change_certificate(&set, H, 3, &wrong_set, c),
			Err(CertificateError::WrongSetId)
		);
		// A prepared certificate nobody asked for.
		let mut extra = cert.clone();
		extra.prepared = Some(prepared(1, 9, &[0, 1, 2]));
		assert_eq!(
			validate_round_change_certificate(&set, H, 3, &extra, c),
			Err(CertificateError::UnexpectedPreparedCertificate)
		);
	}

	#[test]
	fn round_change_certificate_with_prepared() {
		let set = set4();
		let c = &FakeCrypto;
		// Highest prepared round among the round changes is 2, for block 8.
		let cert = RoundChangeCertificate {
			round_changes: vec![rc(0, 3, Some((1, 9))), rc(1, 3, Some((2, 8))), rc(2, 3, None)],
			prepared: Some(prepared(2, 8, &[1, 2, 3])),
		};
		assert_eq!(
			validate_round_change_certificate(&set, H, 3, &cert, c),
			Ok(Some(BlockRef::new(8, 8)))
		);
		// The certificate of a lower prepared round does not do.
		let mut lower = cert.clone();
		lower.prepared = Some(prepared(1, 9, &[0, 1, 2]));
		assert_eq!(
			validate_round_change_certificate(&set, H, 3, &lower, c),
			Err(CertificateError::PreparedMismatch)
		);
		// Missing.
		let mut missing = cert.clone();
		missing.prepared = None;
		assert_eq!(
			validate_round_change_certificate(&set, H, 3, &missing, c),
			Err(CertificateError::MissingPreparedCertificate)
		);
		// Not a quorum of prepares.
		let mut weak = cert.clone();
		weak.prepared = Some(prepared(2, 8, &[1, 2]));
		assert_eq!(
			validate_round_change_certificate(&set, H, 3, &weak, c),
			Err(CertificateError::TooFewEntries { got: 2, need: 3 })
		);
		// A forged prepare signature.
		let mut forged = cert.clone();
		if let Some(p) = forged.prepared.as_mut() {
			p.prepares[0].1 ^= 1;
		}
		assert_eq!(
			validate_round_change_certificate(&set, H, 3, &forged, c),
			Err(CertificateError::BadSignature)
		);
		// Two different blocks claimed prepared in the same highest round.
		let conflicting = RoundChangeCertificate {
			round_changes: vec![rc(0, 3, Some((2, 9))), rc(1, 3, Some((2, 8))), rc(2, 3, None)],
			prepared: Some(prepared(2, 8, &[1, 2, 3])),
		};
		assert_eq!(
			validate_round_change_certificate(&set, H, 3, &conflicting, c),
			Err(CertificateError::ConflictingPrepared)
		);
		// A prepared round not below the round change's round.
		let not_lower = RoundChangeCertificate {
			round_changes: vec![rc(0, 3, Some((3, 9))), rc(1, 3, None), rc(2, 3, None)],
			prepared: Some(prepared(3, 9, &[1, 2, 3])),
		};
		assert_eq!(
			validate_round_change_certificate(&set, H, 3, &not_lower, c),
			Err(CertificateError::PreparedRoundNotLower)
		);
	}

	#[test]
	fn round_change_sidecar() {
		let set = set4();
		let c = &FakeCrypto;
		let plain = rc(0, 2, None).message;
		let claims = rc(0, 2, Some((1, 9))).message;
		let good = prepared(1, 9, &[0, 1, 2]);
		assert_eq!(validate_round_change_sidecar(&set, &plain, None, c), Ok(()));
		assert_eq!(validate_round_change_sidecar(&set, &claims, Some(&good), c), Ok(()));
		assert_eq!(
			validate_round_change_sidecar(&set, &plain, Some(&good), c),
			Err(CertificateError::UnexpectedPreparedCertificate)
		);
		assert_eq!(
			validate_round_change_sidecar(&set, &claims, None, c),
			Err(CertificateError::MissingPreparedCertificate)
		);
		assert_eq!(
			validate_round_change_sidecar(&set, &claims, Some(&prepared(1, 8, &[0, 1, 2])), c),
			Err(CertificateError::PreparedMismatch)
		);
		let same_round = rc(0, 1, Some((1, 9))).message;
		assert_eq!(
			validate_round_change_sidecar(&set, &same_round, Some(&good), c),
			Err(CertificateError::PreparedRoundNotLower)
		);
	}
}
