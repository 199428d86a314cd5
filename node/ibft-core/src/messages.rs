//! The four IBFT messages, what is signed, and the wire envelope.
//!
//! Each message has a *signed part* (the small structs below, wrapped in [`Signed`]) and, for
//! PROPOSAL and ROUND-CHANGE, an unsigned *sidecar* carrying certificates. Certificates are
//! made of other validators' signed messages, so they authenticate themselves and need no
//! signature of their own (the QBFT layout: the "justification" travels next to the signed
//! message, not inside it).
//!
//! What is signed is [`signing_payload`]: the SCALE encoding of
//! `(SIGNING_CONTEXT, kind, set_id, message)`, and every message starts with its height and
//! round. So a signature cannot be replayed in another protocol (context tag), as another
//! message kind (kind byte, since PREPARE and COMMIT have the same fields), in another
//! validator set (set id), or at another height or round.
//!
//! The COMMIT signature *is* the commit seal: the payload a [`Justification`] verifier
//! rebuilds is exactly the COMMIT's signing payload, so one signature serves both the
//! message and the finality proof (Besu signs the two separately; nothing is gained by it).
//!
//! [`Justification`]: crate::Justification

use crate::{
	certificate::{PreparedCertificate, RoundChangeCertificate},
	traits::Crypto,
	types::{Height, Round, SetId, Types},
};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode};

/// The domain-separation tag at the start of every signed payload.
pub const SIGNING_CONTEXT: [u8; 16] = *b"metanode/ibft/v1";

/// The kind of a message; its byte value is part of what is signed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Encode, Decode)]
pub enum MessageKind {
	/// PROPOSAL.
	Proposal = 0,
	/// PREPARE.
	Prepare = 1,
	/// COMMIT.
	Commit = 2,
	/// ROUND-CHANGE.
	RoundChange = 3,
}

/// A message body that can be signed.
pub trait SignedPayload: Encode {
	/// Its kind, signed along with it.
	const KIND: MessageKind;
	/// The height it is for.
	fn height(&self) -> Height;
	/// The round it is for.
	fn round(&self) -> Round;
}

/// The bytes a validator signs for `message` in set `set_id`.
pub fn signing_payload<M: SignedPayload>(set_id: SetId, message: &M) -> Vec<u8> {
	(SIGNING_CONTEXT, M::KIND as u8, set_id, message).encode()
}

macro_rules! block_message {
	($(#[$doc:meta])* $name:ident, $kind:ident) => {
		$(#[$doc])*
		#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking)]
		#[cfg_attr(feature = "scale-info", derive(scale_info::TypeInfo))]
		#[cfg_attr(feature = "scale-info", scale_info(skip_type_params(T)))]
		pub struct $name<T: Types> {
			/// The height.
			pub height: Height,
			/// The round.
			pub round: Round,
			/// The block's hash.
			pub hash: T::Hash,
			/// The block's number (signed too, so a justification cannot lie about it).
			pub number: T::Number,
		}

		impl<T: Types> SignedPayload for $name<T> {
			const KIND: MessageKind = MessageKind::$kind;
			fn height(&self) -> Height {
				self.height
			}
			fn round(&self) -> Round {
				self.round
			}
		}
	};
}

block_message!(
	/// PROPOSAL(h, r, block): the proposer of `(h, r)` proposes a block to finalize.
	Proposal,
	Proposal
);
block_message!(
	/// PREPARE(h, r, block): the sender accepted the proposal of `(h, r)` for this block.
	Prepare,
	Prepare
);
block_message!(
	/// COMMIT(h, r, block): the sender is prepared on this block in `(h, r)`. Its signature is
	/// the commit seal that goes into the [`Justification`](crate::Justification).
	Commit,
	Commit
);

/// The prepared round and block a ROUND-CHANGE claims (the certificate itself travels in the
/// sidecar).
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking)]
#[cfg_attr(feature = "scale-info", derive(scale_info::TypeInfo))]
#[cfg_attr(feature = "scale-info", scale_info(skip_type_params(T)))]
pub struct PreparedRef<T: Types> {
	/// The round in which the sender became prepared; lower than the ROUND-CHANGE's round.
	pub round: Round,
	/// The prepared block's hash.
	pub hash: T::Hash,
	/// The prepared block's number.
	pub number: T::Number,
}

/// ROUND-CHANGE(h, r, prepared): the sender gave up on the rounds below `r` and reports the
/// highest round in which it became prepared, if any.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking)]
#[cfg_attr(feature = "scale-info", derive(scale_info::TypeInfo))]
#[cfg_attr(feature = "scale-info", scale_info(skip_type_params(T)))]
pub struct RoundChange<T: Types> {
	/// The height.
	pub height: Height,
	/// The round the sender moves to (never 0).
	pub round: Round,
	/// The sender's highest prepared round and block.
	pub prepared: Option<PreparedRef<T>>,
}

impl<T: Types> SignedPayload for RoundChange<T> {
	const KIND: MessageKind = MessageKind::RoundChange;
	fn height(&self) -> Height {
		self.height
	}
	fn round(&self) -> Round {
		self.round
	}
}

/// A message body signed by `from` in validator set `set_id`.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking)]
#[cfg_attr(feature = "scale-info", derive(scale_info::TypeInfo))]
#[cfg_attr(feature = "scale-info", scale_info(skip_type_params(T)))]
pub struct Signed<T: Types, M> {
	/// The validator set the signer signed for.
	pub set_id: SetId,
	/// The signed body.
	pub message: M,
	/// The signer.
	pub from: T::ValidatorId,
	/// `from`'s signature over [`signing_payload`]`(set_id, message)`.
	pub signature: T::Signature,
}

impl<T: Types, M: SignedPayload> Signed<T, M> {
	/// The bytes the signature is over.
	pub fn payload(&self) -> Vec<u8> {
		signing_payload(self.set_id, &self.message)
	}

	/// Whether the signature is valid (says nothing about membership or content).
	pub fn verify<X: Crypto<T> + ?Sized>(&self, crypto: &X) -> bool {
		crypto.verify(&self.from, &self.payload(), &self.signature)
	}
}

/// A message on the wire: a signed part plus, for PROPOSAL and ROUND-CHANGE, its certificate.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking)]
#[cfg_attr(feature = "scale-info", derive(scale_info::TypeInfo))]
#[cfg_attr(feature = "scale-info", scale_info(skip_type_params(T)))]
pub enum ConsensusMessage<T: Types> {
	/// A PROPOSAL; `certificate` is required for rounds above 0 and forbidden in round 0.
	Proposal {
		/// The signed proposal.
		proposal: Signed<T, Proposal<T>>,
		/// The round-change certificate justifying a proposal for a round above 0.
		certificate: Option<RoundChangeCertificate<T>>,
	},
	/// A PREPARE.
	Prepare(Signed<T, Prepare<T>>),
	/// A COMMIT (its signature is the commit seal).
	Commit(Signed<T, Commit<T>>),
	/// A ROUND-CHANGE; `prepared` must be present exactly when the signed part claims a
	/// prepared round, and must prove it.
	RoundChange {
		/// The signed round change.
		round_change: Signed<T, RoundChange<T>>,
		/// The certificate for the claimed prepared round.
		prepared: Option<PreparedCertificate<T>>,
	},
}

impl<T: Types> ConsensusMessage<T> {
	/// The message kind.
	pub fn kind(&self) -> MessageKind {
		match self {
			Self::Proposal { .. } => MessageKind::Proposal,
			Self::Prepare(_) => MessageKind::Prepare,
			Self::Commit(_) => MessageKind::Commit,
			Self::RoundChange { .. } => MessageKind::RoundChange,
		}
	}

	/// The claimed signer (unauthenticated until the signature is checked).
	pub fn from(&self) -> &T::ValidatorId {
		match self {
			Self::Proposal { proposal, .. } => &proposal.from,
			Self::Prepare(s) => &s.from,
			Self::Commit(s) => &s.from,
			Self::RoundChange { round_change, .. } => &round_change.from,
		}
	}

	/// The set id of the signed part.
	pub fn set_id(&self) -> SetId {
		match self {
			Self::Proposal { proposal, .. } => proposal.set_id,
			Self::Prepare(s) => s.set_id,
			Self::Commit(s) => s.set_id,
			Self::RoundChange { round_change, .. } => round_change.set_id,
		}
	}

	/// The height of the signed part.
	pub fn height(&self) -> Height {
		match self {
			Self::Proposal { proposal, .. } => proposal.message.height,
			Self::Prepare(s) => s.message.height,
			Self::Commit(s) => s.message.height,
			Self::RoundChange { round_change, .. } => round_change.message.height,
		}
	}

	/// The round of the signed part.
	pub fn round(&self) -> Round {
		match self {
			Self::Proposal { proposal, .. } => proposal.message.round,
			Self::Prepare(s) => s.message.round,
			Self::Commit(s) => s.message.round,
			Self::RoundChange { round_change, .. } => round_change.message.round,
		}
	}

	/// Whether the signed part's signature is valid.
	pub fn verify_signature<X: Crypto<T> + ?Sized>(&self, crypto: &X) -> bool {
		match self {
			Self::Proposal { proposal, .. } => proposal.verify(crypto),
			Self::Prepare(s) => s.verify(crypto),
			Self::Commit(s) => s.verify(crypto),
			Self::RoundChange { round_change, .. } => round_change.verify(crypto),
		}
	}

	/// The largest number of entries in any list the sidecar carries, to refuse oversized
	/// messages before doing any work on them.
	pub fn max_entries(&self) -> usize {
		match self {
			Self::Proposal { certificate: Some(c), .. } => {
				c.round_changes.len().max(c.prepared.as_ref().map_or(0, |p| p.prepares.len()))
			},
			Self::RoundChange { prepared: Some(p), .. } => p.prepares.len(),
			_ => 0,
		}
	}
}
