//! The gossip layer: what travels on the IBFT notification protocol, and which of it a node
//! keeps, forwards or refuses.
//!
//! Two kinds of messages share one topic:
//!
//! * consensus messages (PROPOSAL, PREPARE, COMMIT, ROUND-CHANGE) of the current height, or a
//!   few heights ahead;
//! * justifications of decided heights, so that a validator that missed the COMMITs, a
//!   non-validator, or a node that just restarted finalizes without voting.
//!
//! The [`GossipValidator`] checks what it cheaply can before a message is kept and forwarded:
//! it decodes, the signer is in the current set, the signed part's set id and height are the
//! expected ones, and the signature verifies. Anything else is dropped and the peer that sent
//! it loses reputation (through [`PeerReport`]s the worker applies), so a peer cannot make the
//! network carry garbage. The consensus machine then checks the rest (proposer, rounds,
//! certificates) and reports bad messages the same way. Messages of past heights expire, so
//! the gossip store holds at most a few heights' worth; the latest justification is kept
//! until a newer one exists and is re-sent to peers that connect later.

use codec::{Decode, DecodeLimit, Encode};
use metanode_ibft_primitives::{
	metanode_ibft_core::verify_justification, Height, IbftCrypto, ValidatorSet,
	VersionedJustification, VersionedMessage, MAX_DECODE_DEPTH,
};
use parking_lot::RwLock;
use sc_network::ReputationChange;
use sc_network_gossip::{MessageIntent, ValidationResult, Validator, ValidatorContext};
use sc_network_types::PeerId;
use sc_utils::mpsc::TracingUnboundedSender;
use sp_core::H256;
use sp_runtime::traits::{Block as BlockT, Hash as HashT};
use std::sync::Arc;

/// How many heights ahead of ours consensus messages are still accepted (as the machine's
/// future buffer does); later ones are dropped without penalty, the sender is just ahead.
pub const FUTURE_HEIGHTS: Height = 4;

/// Reputation changes.
pub mod cost {
	use sc_network::ReputationChange as Rep;
	/// Bytes that do not decode as a gossip message.
	pub const UNDECODABLE: Rep = Rep::new(-(1 << 12), "IBFT: undecodable message");
	/// Signed by someone outside the current validator set.
	pub const NOT_A_VALIDATOR: Rep = Rep::new(-(1 << 12), "IBFT: signer not a validator");
	/// A signature that does not verify.
	pub const BAD_SIGNATURE: Rep = Rep::new(-(1 << 13), "IBFT: bad signature");
	/// Signed for another validator set than the one of its height.
	pub const WRONG_SET: Rep = Rep::new(-(1 << 10), "IBFT: wrong set id");
	/// A justification that does not verify.
	pub const BAD_JUSTIFICATION: Rep = Rep::new(-(1 << 14), "IBFT: bad justification");
	/// A message the consensus machine refused (wrong proposer, bad certificate, ...).
	pub const BAD_MESSAGE: Rep = Rep::new(-(1 << 10), "IBFT: invalid consensus message");
}

/// Reputation gains.
pub mod benefit {
	use sc_network::ReputationChange as Rep;
	/// A justification that finalized something for us.
	pub const USEFUL_JUSTIFICATION: Rep = Rep::new(1 << 8, "IBFT: useful justification");
}

/// The gossip wire format: a versioned consensus message or justification, in one envelope so
/// that one notification protocol carries both.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub enum GossipMessage {
	/// A consensus message.
	#[codec(index = 0)]
	Consensus(VersionedMessage),
	/// The justification of a decided height.
	#[codec(index = 1)]
	Justification(VersionedJustification),
}

impl GossipMessage {
	/// Decodes untrusted bytes: bounded nesting, every byte consumed.
	pub fn decode_untrusted(mut bytes: &[u8]) -> Result<Self, codec::Error> {
		Self::decode_all_with_depth_limit(MAX_DECODE_DEPTH, &mut bytes)
	}
}

/// The single gossip topic of the protocol.
pub fn topic<B: BlockT>() -> B::Hash {
	<<B::Header as sp_runtime::traits::Header>::Hashing as HashT>::hash(b"metanode/ibft/all")
}

/// What the validator needs to know of the local consensus state: the height being decided
/// and its validator set. The worker updates it whenever the height changes.
#[derive(Clone, Debug)]
pub struct GossipView {
	/// The height being decided.
	pub height: Height,
	/// Its validator set.
	pub set: ValidatorSet,
}

/// A reputation change the validator asks the worker to apply (the validator has no network
/// handle of its own).
pub type PeerReport = (PeerId, ReputationChange);

/// The gossip validator. See the [module docs](self).
pub struct GossipValidator {
	view: RwLock<GossipView>,
	reports: TracingUnboundedSender<PeerReport>,
}

/// The outcome of checking one message against the view.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
	/// Keep and forward.
	Keep,
	/// Hand to the consensus machine, but neither keep nor forward.
	Process,
	/// Drop, without blaming the sender (e.g. a message of a past height).
	Ignore,
	/// Drop and lower the sender's reputation.
	Refuse(ReputationChange),
}

impl GossipValidator {
	/// A validator for `view`, sending reputation changes to `reports`.
	pub fn new(view: GossipView, reports: TracingUnboundedSender<PeerReport>) -> Self {
		Self { view: RwLock::new(view), reports }
	}

	/// Moves the view to a new height and set.
	pub fn set_view(&self, view: GossipView) {
		*self.view.write() = view;
	}

	/// The current view.
	pub fn view(&self) -> GossipView {
		self.view.read().clone()
	}

	/// Checks one message against the current view.
	pub fn check(&self, message: &GossipMessage) -> Verdict {
		let view = self.view.read();
		match message {
			GossipMessage::Consensus(VersionedMessage::V1(message)) => {
				let height = message.height();
				if height < view.height || height > view.height.saturating_add(FUTURE_HEIGHTS) {
					return Verdict::Ignore;
				}
				if height > view.height {
					// Peers that decided before us already work on the next heights. The
					// machine buffers these and checks them once it gets there (the set may
					// change in between), so they are delivered but, unchecked, not forwarded.
					return Verdict::Process;
				}
				if message.set_id() != view.set.set_id() {
					return Verdict::Refuse(cost::WRONG_SET);
				}
				if !view.set.contains(message.from()) {
					return Verdict::Refuse(cost::NOT_A_VALIDATOR);
				}
				if !message.verify_signature(&IbftCrypto) {
					return Verdict::Refuse(cost::BAD_SIGNATURE);
				}
				Verdict::Keep
			},
			GossipMessage::Justification(VersionedJustification::V1(justification)) => {
				if justification.height < view.height {
					return Verdict::Ignore;
				}
				if justification.set_id != view.set.set_id() {
					// Decided by a later set we do not know yet: sync brings it.
					return Verdict::Ignore;
				}
				match verify_justification(&view.set, justification, &IbftCrypto) {
					Ok(()) => Verdict::Keep,
					Err(_) => Verdict::Refuse(cost::BAD_JUSTIFICATION),
				}
			},
		}
	}

	/// Whether a stored message is of no use any more: consensus messages of past heights,
	/// and justifications older than the latest decided height.
	fn expired(view: &GossipView, data: &[u8]) -> bool {
		match GossipMessage::decode_untrusted(data) {
			Ok(GossipMessage::Consensus(VersionedMessage::V1(message))) => {
				message.height() < view.height
			},
			Ok(GossipMessage::Justification(VersionedJustification::V1(justification))) => {
				justification.height.saturating_add(1) < view.height
			},
			Err(_) => true,
		}
	}

	fn report(&self, who: &PeerId, change: ReputationChange) {
		let _ = self.reports.unbounded_send((*who, change));
	}
}

impl<B: BlockT<Hash = H256>> Validator<B> for GossipValidator {
	fn validate(
		&self,
		_context: &mut dyn ValidatorContext<B>,
		sender: &PeerId,
		data: &[u8],
	) -> ValidationResult<B::Hash> {
		let message = match GossipMessage::decode_untrusted(data) {
			Ok(message) => message,
			Err(_) => {
				self.report(sender, cost::UNDECODABLE);
				return ValidationResult::Discard;
			},
		};
		match self.check(&message) {
			Verdict::Keep => ValidationResult::ProcessAndKeep(topic::<B>()),
			Verdict::Process => ValidationResult::ProcessAndDiscard(topic::<B>()),
			Verdict::Ignore => ValidationResult::Discard,
			Verdict::Refuse(change) => {
				self.report(sender, change);
				ValidationResult::Discard
			},
		}
	}

	fn message_expired<'a>(&'a self) -> Box<dyn FnMut(B::Hash, &[u8]) -> bool + 'a> {
		let view = self.view.read().clone();
		Box::new(move |_topic, data| Self::expired(&view, data))
	}

	fn message_allowed<'a>(
		&'a self,
	) -> Box<dyn FnMut(&PeerId, MessageIntent, &B::Hash, &[u8]) -> bool + 'a> {
		let view = self.view.read().clone();
		Box::new(move |_who, _intent, _topic, data| !Self::expired(&view, data))
	}
}

/// Shared handle to the validator, as the gossip engine wants it.
pub type SharedValidator = Arc<GossipValidator>;

#[cfg(test)]
mod tests {
	use super::*;
	use metanode_ibft_primitives::SetId;
	use metanode_ibft_primitives::{
		sign, AuthorityPair, Commit, ConsensusMessage, Justification, Prepare,
	};
	use sp_application_crypto::Pair;

	fn pairs(n: usize) -> Vec<AuthorityPair> {
		(0..n).map(|i| AuthorityPair::from_seed(&[i as u8 + 1; 32])).collect()
	}

	fn validator(pairs: &[AuthorityPair], height: Height) -> GossipValidator {
		let set = ValidatorSet::new(0, pairs.iter().map(|p| p.public()).collect()).unwrap();
		let (tx, _rx) = sc_utils::mpsc::tracing_unbounded("test", 100);
		GossipValidator::new(GossipView { height, set }, tx)
	}

	fn prepare(pair: &AuthorityPair, set_id: SetId, height: Height) -> GossipMessage {
		let body = Prepare { height, round: 0, hash: H256::repeat_byte(7), number: 3 };
		GossipMessage::Consensus(ConsensusMessage::Prepare(sign(pair, set_id, body)).into())
	}

	fn justification(signers: &[AuthorityPair], height: Height) -> Justification {
		let commit = Commit { height, round: 0, hash: H256::repeat_byte(7), number: 3 };
		let seals = signers
			.iter()
			.map(|p| {
				let s = sign(p, 0, commit.clone());
				(s.from, s.signature)
			})
			.collect();
		Justification { set_id: 0, height, round: 0, hash: commit.hash, number: 3, seals }
	}

	#[test]
	fn keeps_a_valid_message_of_the_current_height() {
		let keys = pairs(4);
		let v = validator(&keys, 5);
		assert_eq!(v.check(&prepare(&keys[0], 0, 5)), Verdict::Keep);
	}

	#[test]
	fn refuses_strangers_forged_signatures_and_wrong_sets() {
		let keys = pairs(4);
		let v = validator(&keys, 5);
		let stranger = AuthorityPair::from_seed(&[99; 32]);
		assert_eq!(v.check(&prepare(&stranger, 0, 5)), Verdict::Refuse(cost::NOT_A_VALIDATOR));
		assert_eq!(v.check(&prepare(&keys[0], 1, 5)), Verdict::Refuse(cost::WRONG_SET));

		let GossipMessage::Consensus(VersionedMessage::V1(ConsensusMessage::Prepare(mut forged))) =
			prepare(&keys[0], 0, 5)
		else {
			unreachable!()
		};
		forged.message.hash = H256::repeat_byte(8);
		let forged = GossipMessage::Consensus(ConsensusMessage::Prepare(forged).into());
		assert_eq!(v.check(&forged), Verdict::Refuse(cost::BAD_SIGNATURE));
	}

	#[test]
	fn ignores_past_and_far_future_heights_without_blame() {
		let keys = pairs(4);
		let v = validator(&keys, 5);
		assert_eq!(v.check(&prepare(&keys[0], 0, 4)), Verdict::Ignore);
		assert_eq!(v.check(&prepare(&keys[0], 0, 6)), Verdict::Process);
		assert_eq!(v.check(&prepare(&keys[0], 0, 5 + FUTURE_HEIGHTS + 1)), Verdict::Ignore);
	}

	#[test]
	fn justifications_are_verified_before_they_are_forwarded() {
		let keys = pairs(4);
		let v = validator(&keys, 5);
		let good = justification(&keys[..3], 7);
		assert_eq!(v.check(&GossipMessage::Justification(good.clone().into())), Verdict::Keep);

		let short = justification(&keys[..2], 7);
		assert_eq!(
			v.check(&GossipMessage::Justification(short.into())),
			Verdict::Refuse(cost::BAD_JUSTIFICATION)
		);
		let mut tampered = good.clone();
		tampered.number = 4;
		assert_eq!(
			v.check(&GossipMessage::Justification(tampered.into())),
			Verdict::Refuse(cost::BAD_JUSTIFICATION)
		);
		// Already past: dropped quietly.
		assert_eq!(
			v.check(&GossipMessage::Justification(justification(&keys[..3], 4).into())),
			Verdict::Ignore
		);
	}

	#[test]
	fn past_heights_expire_but_the_latest_justification_stays() {
		let keys = pairs(4);
		let view = validator(&keys, 5).view();
		assert!(GossipValidator::expired(&view, &prepare(&keys[0], 0, 4).encode()));
		assert!(!GossipValidator::expired(&view, &prepare(&keys[0], 0, 5).encode()));
		let latest = GossipMessage::Justification(justification(&keys[..3], 4).into());
		assert!(!GossipValidator::expired(&view, &latest.encode()));
		let older = GossipMessage::Justification(justification(&keys[..3], 3).into());
		assert!(GossipValidator::expired(&view, &older.encode()));
		assert!(GossipValidator::expired(&view, b"garbage"));
	}
}
