//! The IBFT state machine.
//!
//! # Inputs and outputs
//!
//! Every input is a method returning the [`Action`]s to carry out, *in order*:
//!
//! * [`Machine::start`] once after construction;
//! * [`Machine::on_message`] for every message received from the network;
//! * [`Machine::on_block_imported`] after blocks were imported;
//! * [`Machine::on_timeout`] when a timer scheduled by [`Action::ScheduleTimeout`] expires;
//! * [`Machine::on_finalized`] when a height is over: after the caller applied the machine's
//!   own [`Action::Finalize`], or when it imported a justification (a node that fell behind
//!   catches up by verifying justifications, not by voting). It also gives the validator set
//!   of the next height, since a set change takes effect at a finalized block.
//!
//! # Restarts
//!
//! A validator that forgets what it signed can sign a conflicting message after a restart:
//! an equivocation, and, if it forgot that it was prepared, a lost lock that can break safety
//! together with `f` Byzantine validators. So the machine emits [`Action::Persist`] with a
//! tiny [`SafetyState`] (height, round, highest prepared certificate) *before* any message it
//! signs under that state; the caller must write it durably before sending the later
//! broadcasts of the same batch. A machine restored from it starts in the round after the
//! persisted one (where it has certainly not signed anything) and keeps its lock. Without
//! it (`restored = None`) a restarted validator must be counted as one of the `f` faulty
//! ones until the height it crashed in is over.
//!
//! # When the round timer starts
//!
//! A height does not start its round-0 timer as soon as it begins: with nothing to finalize
//! yet (no block above the last finalized one), rounds would just time out and grow. The
//! timer starts when the node has a candidate block, or receives a valid message for the
//! height (someone else has started), or is restored.
//!
//! # Bounds
//!
//! Per height, with `n` validators and the window `W = past_rounds + 1 + future_rounds`
//! (default 4 + 1 + 16 = 21 rounds around the current one):
//! at most `W` PROPOSALs, `n * W` PREPAREs, `n * W` COMMITs, `n` ROUND-CHANGEs (the highest
//! per sender, each with at most one prepared certificate of at most `n` entries), one
//! pending proposal and one prepared certificate. Messages outside the window are dropped
//! (those of past rounds are useless, and a node far behind in rounds is pulled up by the
//! `f + 1` rule or a justified proposal, which are not windowed). Messages for future
//! heights (at most `future_heights` ahead, default 4) are buffered up to
//! `future_messages` in total (default 4096) and `future_messages_per_sender` per claimed
//! sender (default 64). No certificate may carry more than `max_certificate_entries`
//! entries (default 1024).

use crate::{
	certificate::{
		validate_round_change_certificate, validate_round_change_sidecar, CertificateError,
		PreparedCertificate, RoundChangeCertificate,
	},
	equivocation::{Equivocation, EquivocationProof},
	justification::Justification,
	messages::{
		signing_payload, Commit, ConsensusMessage, Prepare, Proposal, RoundChange, Signed,
		SignedPayload,
	},
	store::{FutureBuffer, Inserted, VoteStore},
	timer::RoundTimer,
	traits::{Chain, Crypto, Signer},
	types::{BlockRef, Height, Round, SetId, Types, ValidatorSet},
};
use alloc::{collections::BTreeMap, vec::Vec};
use codec::{Decode, Encode};
use core::time::Duration;

/// Tunables. The defaults suit a set of up to a few hundred validators.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
	/// The round timer.
	pub timer: RoundTimer,
	/// How many rounds below the current one PREPAREs, COMMITs and PROPOSALs are still kept
	/// (late COMMITs of an earlier round can still decide).
	pub past_rounds: Round,
	/// How many rounds above the current one PREPAREs and COMMITs are buffered.
	pub future_rounds: Round,
	/// How many heights ahead messages are buffered.
	pub future_heights: Height,
	/// At most this many future-height messages are buffered in total.
	pub future_messages: usize,
	/// At most this many future-height messages are buffered per claimed sender.
	pub future_messages_per_sender: usize,
	/// Messages whose certificates have more entries than this are refused unread.
	pub max_certificate_entries: usize,
}

impl Default for Config {
	fn default() -> Self {
		Self {
			timer: RoundTimer::default(),
			past_rounds: 4,
			future_rounds: 16,
			future_heights: 4,
			future_messages: 4096,
			future_messages_per_sender: 64,
			max_certificate_entries: 1024,
		}
	}
}

/// What a validator must remember across a restart to stay safe (see the module docs).
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub struct SafetyState<T: Types> {
	/// The height.
	pub height: Height,
	/// The highest round entered at that height; nothing was signed in a higher one.
	pub round: Round,
	/// The highest prepared certificate (the lock).
	pub prepared: Option<PreparedCertificate<T>>,
}

/// Why a message was refused. The client lowers the reputation of the peer that delivered it;
/// [`BadMessageReason::signer_at_fault`] says whether the signer can be blamed too.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadMessageReason {
	/// The claimed sender is not in the validator set.
	NotAValidator,
	/// The signature does not verify.
	BadSignature,
	/// A certificate is larger than any valid one can be.
	Oversized,
	/// Signed for another validator set at this height.
	WrongSetId,
	/// A PROPOSAL signed by a validator that is not the proposer of its round.
	NotProposer,
	/// A PROPOSAL for a block that is not above and descending from the last finalized block,
	/// or whose number is wrong.
	InvalidBlock,
	/// A ROUND-CHANGE for round 0, or claiming a prepared round not below its own.
	InvalidRound,
	/// A PROPOSAL for a round above 0 without a round-change certificate.
	MissingCertificate,
	/// A PROPOSAL for round 0 with a round-change certificate.
	UnexpectedCertificate,
	/// A PROPOSAL whose round-change certificate is invalid.
	ProposalCertificate(CertificateError),
	/// A PROPOSAL for another block than the highest prepared one its certificate requires.
	ProposalIgnoresPrepared,
	/// A ROUND-CHANGE whose prepared certificate is missing, unexpected or invalid.
	PreparedCertificate(CertificateError),
}

impl BadMessageReason {
	/// Whether the *signed* part is at fault, so the signer (not just whoever relayed the
	/// message) misbehaved. Certificates are unsigned sidecars that anyone can swap, and an
	/// invalid signature proves nothing about the claimed signer.
	pub fn signer_at_fault(&self) -> bool {
		matches!(
			self,
			Self::WrongSetId | Self::NotProposer | Self::InvalidBlock | Self::InvalidRound
		)
	}
}

/// What the caller must do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action<T: Types> {
	/// Send this message to all validators (the machine already processed it itself).
	Broadcast(ConsensusMessage<T>),
	/// Durably store this state before sending any later broadcast of the same batch.
	Persist(SafetyState<T>),
	/// Call [`Machine::on_timeout`] with `(height, round)` after `after`. Earlier timers
	/// need not be cancelled: the machine ignores stale ones.
	ScheduleTimeout {
		/// The height the timer is for.
		height: Height,
		/// The round the timer is for.
		round: Round,
		/// The delay.
		after: Duration,
	},
	/// Finalize this block with this justification, then call [`Machine::on_finalized`].
	Finalize(Justification<T>),
	/// A validator equivocated; report the proof to the runtime.
	Equivocation(EquivocationProof<T>),
	/// A message was refused.
	BadMessage {
		/// The claimed signer.
		from: T::ValidatorId,
		/// Why.
		reason: BadMessageReason,
	},
}

/// A snapshot of the machine for RPC and metrics.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoundState<T: Types> {
	/// The current height.
	pub height: Height,
	/// The current round.
	pub round: Round,
	/// The validator set id of the height.
	pub set_id: SetId,
	/// The number of validators.
	pub validators: usize,
	/// The proposer of the current round.
	pub proposer: T::ValidatorId,
	/// Our validator id in this set, if any.
	pub local: Option<T::ValidatorId>,
	/// The last finalized block.
	pub finalized: BlockRef<T>,
	/// The block of the proposal accepted in this round.
	pub accepted: Option<BlockRef<T>>,
	/// PREPAREs seen in this round.
	pub prepares: usize,
	/// COMMITs seen in this round.
	pub commits: usize,
	/// ROUND-CHANGEs seen for this round.
	pub round_changes: usize,
	/// The round of our prepared certificate, if any.
	pub locked_round: Option<Round>,
	/// Whether the round timer runs (false while waiting for something to finalize).
	pub started: bool,
	/// Whether this height is decided (waiting for [`Machine::on_finalized`]).
	pub decided: bool,
	/// Messages buffered for future heights.
	pub buffered: usize,
}

type Out<T> = Vec<Action<T>>;
type StoredRoundChange<T> = (Signed<T, RoundChange<T>>, Option<PreparedCertificate<T>>);

/// The IBFT 2.0 / QBFT state machine of one node. See the [module docs](self).
pub struct Machine<T: Types, X, S> {
	config: Config,
	crypto: X,
	signer: S,

	height: Height,
	set: ValidatorSet<T::ValidatorId>,
	local: Option<T::ValidatorId>,
	finalized: BlockRef<T>,

	round: Round,
	started: bool,
	decided: bool,
	/// The highest prepared certificate of this height (the lock).
	locked: Option<PreparedCertificate<T>>,
	/// The persisted round to resume after, until the height starts.
	restored_round: Option<Round>,

	// Current round.
	accepted: Option<BlockRef<T>>,
	/// A valid proposal of this round whose block is not imported yet.
	pending: Option<Proposal<T>>,
	proposed: bool,
	committed: bool,

	proposals: VoteStore<T, Proposal<T>>,
	prepares: VoteStore<T, Prepare<T>>,
	commits: VoteStore<T, Commit<T>>,
	/// The highest-round ROUND-CHANGE of each sender, with its checked prepared certificate.
	round_changes: BTreeMap<T::ValidatorId, StoredRoundChange<T>>,
	future: FutureBuffer<T>,
}

impl<T, X, S> Machine<T, X, S>
where
	T: Types,
	X: Crypto<T>,
	S: Signer<T>,
{
	/// A machine deciding `height`, whose last finalized block is `finalized` (decided at
	/// `height - 1`; genesis is height 0), with the validator set of `height`.
	///
	/// `restored` is the last [`SafetyState`] the node persisted, if any; it is used only if
	/// it is for `height`. Call [`Machine::start`] next.
	pub fn new(
		config: Config,
		crypto: X,
		signer: S,
		height: Height,
		finalized: BlockRef<T>,
		set: ValidatorSet<T::ValidatorId>,
		restored: Option<SafetyState<T>>,
	) -> Self {
		let local = signer.local_id(&set);
		let (restored_round, locked) = match restored {
			Some(s) if s.height == height => (Some(s.round), s.prepared),
			_ => (None, None),
		};
		Self {
			config,
			crypto,
			signer,
			height,
			set,
			local,
			finalized,
			round: 0,
			started: false,
			decided: false,
			locked,
			restored_round,
			accepted: None,
			pending: None,
			proposed: false,
			committed: false,
			proposals: VoteStore::new(),
			prepares: VoteStore::new(),
			commits: VoteStore::new(),
			round_changes: BTreeMap::new(),
			future: FutureBuffer::new(),
		}
	}

	/// Starts the height: proposes and starts the round timer if there is something to
	/// finalize (or the machine was restored).
	pub fn start<C: Chain<T> + ?Sized>(&mut self, chain: &C) -> Vec<Action<T>> {
		let mut out = Vec::new();
		if self.restored_round.is_some() || self.candidate(chain).is_some() {
			self.ensure_started(chain, &mut out);
		}
		self.replay_future(chain, &mut out);
		out
	}

	/// Handles a message from the network.
	pub fn on_message<C: Chain<T> + ?Sized>(
		&mut self,
		chain: &C,
		message: ConsensusMessage<T>,
	) -> Vec<Action<T>> {
		let mut out = Vec::new();
		self.handle_message(chain, message, &mut out);
		out
	}

	/// Call after one or more blocks were imported: a pending proposal may now be checked,
	/// and the proposer may now have a block to propose.
	pub fn on_block_imported<C: Chain<T> + ?Sized>(&mut self, chain: &C) -> Vec<Action<T>> {
		let mut out = Vec::new();
		if self.decided {
			return out;
		}
		if !self.started && (self.restored_round.is_some() || self.candidate(chain).is_some()) {
			self.ensure_started(chain, &mut out);
		}
		if let Some(p) = self.pending.clone() {
			if chain.block_number(&p.hash).is_some() {
				self.pending = None;
				self.consider_proposal(chain, p, &mut out);
			}
		}
		self.try_propose(chain, &mut out);
		out
	}

	/// The timer for `(height, round)` expired: if still in that round, move to the next one
	/// and ask for a round change.
	pub fn on_timeout<C: Chain<T> + ?Sized>(
		&mut self,
		chain: &C,
		height: Height,
		round: Round,
	) -> Vec<Action<T>> {
		let mut out = Vec::new();
		if height != self.height || round != self.round || !self.started || self.decided {
			return out;
		}
		self.enter_round(chain, round.saturating_add(1), true, &mut out);
		self.try_round_skip(chain, &mut out);
		out
	}

	/// Height `height` finalized `block` (by this machine or through an imported, verified
	/// justification): move to `height + 1`, whose validator set is `next_set`. Stale calls
	/// (`height` below the current height) are ignored.
	pub fn on_finalized<C: Chain<T> + ?Sized>(
		&mut self,
		chain: &C,
		height: Height,
		block: BlockRef<T>,
		next_set: ValidatorSet<T::ValidatorId>,
	) -> Vec<Action<T>> {
		let mut out = Vec::new();
		if height < self.height {
			return out;
		}
		self.local = self.signer.local_id(&next_set);
		self.height = height.saturating_add(1);
		self.finalized = block;
		self.set = next_set;
		self.round = 0;
		self.started = false;
		self.decided = false;
		self.locked = None;
		self.restored_round = None;
		self.accepted = None;
		self.pending = None;
		self.proposed = false;
		self.committed = false;
		self.proposals.clear();
		self.prepares.clear();
		self.commits.clear();
		self.round_changes.clear();
		if self.candidate(chain).is_some() {
			self.ensure_started(chain, &mut out);
		}
		self.replay_future(chain, &mut out);
		out
	}

	/// The current height.
	pub fn height(&self) -> Height {
		self.height
	}

	/// The current round.
	pub fn round(&self) -> Round {
		self.round
	}

	/// The validator set of the current height.
	pub fn validator_set(&self) -> &ValidatorSet<T::ValidatorId> {
		&self.set
	}

	/// The last finalized block.
	pub fn finalized(&self) -> &BlockRef<T> {
		&self.finalized
	}

	/// Whether the current height is decided (waiting for [`Machine::on_finalized`]).
	pub fn is_decided(&self) -> bool {
		self.decided
	}

	/// A snapshot for RPC and metrics.
	pub fn round_state(&self) -> RoundState<T> {
		RoundState {
			height: self.height,
			round: self.round,
			set_id: self.set.set_id(),
			validators: self.set.len(),
			proposer: self.set.proposer(self.height, self.round).clone(),
			local: self.local.clone(),
			finalized: self.finalized.clone(),
			accepted: self.accepted.clone(),
			prepares: self.prepares.count(self.round),
			commits: self.commits.count(self.round),
			round_changes: self
				.round_changes
				.values()
				.filter(|(s, _)| s.message.round == self.round)
				.count(),
			locked_round: self.locked.as_ref().map(|c| c.round),
			started: self.started,
			decided: self.decided,
			buffered: self.future.len(),
		}
	}

	// ---- message intake ----

	fn handle_message<C: Chain<T> + ?Sized>(
		&mut self,
		chain: &C,
		msg: ConsensusMessage<T>,
		out: &mut Out<T>,
	) {
		let height = msg.height();
		// Late messages are normal (slow peers, gossip); they are not misbehaviour.
		if height < self.height || msg.set_id() < self.set.set_id() {
			return;
		}
		if height > self.height {
			self.buffer_future(msg, out);
			return;
		}
		let from = msg.from().clone();
		if !self.set.contains(&from) {
			return bad(out, from, BadMessageReason::NotAValidator);
		}
		if msg.max_entries() > self.config.max_certificate_entries {
			return bad(out, from, BadMessageReason::Oversized);
		}
		if !msg.verify_signature(&self.crypto) {
			return bad(out, from, BadMessageReason::BadSignature);
		}
		// One height has exactly one set, so another set id at this height is never honest.
		if msg.set_id() != self.set.set_id() {
			return bad(out, from, BadMessageReason::WrongSetId);
		}
		if self.decided {
			return;
		}
		// Someone is working on this height: take part, timer included.
		self.ensure_started(chain, out);
		match msg {
			ConsensusMessage::Proposal { proposal, certificate } => {
				self.handle_proposal(chain, proposal, certificate, out)
			},
			ConsensusMessage::Prepare(signed) => self.handle_prepare(signed, out),
			ConsensusMessage::Commit(signed) => self.handle_commit(signed, out),
			ConsensusMessage::RoundChange { round_change, prepared } => {
				self.handle_round_change(chain, round_change, prepared, out)
			},
		}
	}

	fn buffer_future(&mut self, msg: ConsensusMessage<T>, out: &mut Out<T>) {
		if msg.height() > self.height.saturating_add(self.config.future_heights)
			|| msg.max_entries() > self.config.max_certificate_entries
		{
			return;
		}
		// With the same set id the set is the same, so we can already check the sender and
		// signature, keeping spoofed messages out of the buffer. With a new set id (a set
		// change ahead of us) we cannot: such messages are checked when replayed.
		if msg.set_id() == self.set.set_id() {
			let from = msg.from().clone();
			if !self.set.contains(&from) {
				return bad(out, from, BadMessageReason::NotAValidator);
			}
			if !msg.verify_signature(&self.crypto) {
				return bad(out, from, BadMessageReason::BadSignature);
			}
		}
		self.future.push(msg, self.config.future_messages, self.config.future_messages_per_sender);
	}

	fn replay_future<C: Chain<T> + ?Sized>(&mut self, chain: &C, out: &mut Out<T>) {
		for msg in self.future.take(self.height) {
			self.handle_message(chain, msg, out);
		}
	}

	fn handle_proposal<C: Chain<T> + ?Sized>(
		&mut self,
		chain: &C,
		proposal: Signed<T, Proposal<T>>,
		certificate: Option<RoundChangeCertificate<T>>,
		out: &mut Out<T>,
	) {
		let round = proposal.message.round;
		if self.set.proposer(self.height, round) != &proposal.from {
			return bad(out, proposal.from, BadMessageReason::NotProposer);
		}
		if round.saturating_add(self.config.past_rounds) < self.round {
			return;
		}
		if round < self.round {
			// Too late to act on, but still worth comparing for equivocation.
			self.store_proposal(&proposal, out);
			return;
		}
		// A proposal we may act on: check its justification.
		if round == 0 {
			if certificate.is_some() {
				return bad(out, proposal.from, BadMessageReason::UnexpectedCertificate);
			}
		} else {
			let Some(cert) = &certificate else {
				return bad(out, proposal.from, BadMessageReason::MissingCertificate);
			};
			match validate_round_change_certificate(
				&self.set,
				self.height,
				round,
				cert,
				&self.crypto,
			) {
				Err(e) => return bad(out, proposal.from, BadMessageReason::ProposalCertificate(e)),
				Ok(Some(required))
					if required.hash != proposal.message.hash
						|| required.number != proposal.message.number =>
				{
					return bad(out, proposal.from, BadMessageReason::ProposalIgnoresPrepared)
				},
				Ok(_) => {},
			}
		}
		// A justified proposal for a later round proves a quorum moved there: follow it.
		if round > self.round {
			self.enter_round(chain, round, false, out);
		}
		if self.store_proposal(&proposal, out) {
			self.consider_proposal(chain, proposal.message, out);
		}
	}

	/// Stores a proposal for equivocation detection; false if it conflicts with an earlier
	/// one of the same round (reported, and then neither is acted on twice).
	fn store_proposal(&mut self, proposal: &Signed<T, Proposal<T>>, out: &mut Out<T>) -> bool {
		match self.proposals.insert(proposal.clone()) {
			Inserted::New | Inserted::Duplicate => true,
			Inserted::Conflict(first) => {
				out.push(Action::Equivocation(EquivocationProof::Proposal(Equivocation {
					first,
					second: proposal.clone(),
				})));
				false
			},
			Inserted::AlreadyReported => false,
		}
	}

	/// Accepts a checked proposal of the current round if its block is valid here; keeps it
	/// pending if the block is not imported yet.
	fn consider_proposal<C: Chain<T> + ?Sized>(
		&mut self,
		chain: &C,
		p: Proposal<T>,
		out: &mut Out<T>,
	) {
		if p.round != self.round || self.accepted.is_some() || self.decided {
			return;
		}
		match chain.block_number(&p.hash) {
			None => {
				self.pending = Some(p);
				return;
			},
			Some(number) if number != p.number => {
				let from = self.set.proposer(self.height, p.round).clone();
				return bad(out, from, BadMessageReason::InvalidBlock);
			},
			Some(_) => {},
		}
		if p.number <= self.finalized.number
			|| !chain.is_descendant_of(&p.hash, &self.finalized.hash)
		{
			let from = self.set.proposer(self.height, p.round).clone();
			return bad(out, from, BadMessageReason::InvalidBlock);
		}
		self.pending = None;
		self.accepted = Some(BlockRef::new(p.hash.clone(), p.number));
		let prepare =
			Prepare { height: self.height, round: self.round, hash: p.hash, number: p.number };
		if let Some(signed) = self.sign(prepare) {
			out.push(Action::Broadcast(ConsensusMessage::Prepare(signed.clone())));
			self.handle_prepare(signed, out);
		}
		self.check_prepared(out);
	}

	fn handle_prepare(&mut self, signed: Signed<T, Prepare<T>>, out: &mut Out<T>) {
		let round = signed.message.round;
		if !self.in_window(round) {
			return;
		}
		match self.prepares.insert(signed.clone()) {
			Inserted::New => {},
			Inserted::Duplicate | Inserted::AlreadyReported => return,
			Inserted::Conflict(first) => {
				out.push(Action::Equivocation(EquivocationProof::Prepare(Equivocation {
					first,
					second: signed,
				})));
				return;
			},
		}
		if round == self.round {
			self.check_prepared(out);
		}
	}

	/// With the proposal of this round accepted and a quorum of PREPAREs for it: lock on it
	/// and COMMIT.
	fn check_prepared(&mut self, out: &mut Out<T>) {
		if self.committed || self.decided {
			return;
		}
		let Some(block) = self.accepted.clone() else { return };
		if self.prepares.count_matching(self.round, &block.hash, block.number) < self.set.quorum() {
			return;
		}
		let prepares = self.prepares.matching(self.round, &block.hash, block.number);
		self.committed = true;
		self.locked = Some(PreparedCertificate {
			round: self.round,
			hash: block.hash.clone(),
			number: block.number,
			prepares,
		});
		self.persist(out);
		let commit = Commit {
			height: self.height,
			round: self.round,
			hash: block.hash,
			number: block.number,
		};
		if let Some(signed) = self.sign(commit) {
			out.push(Action::Broadcast(ConsensusMessage::Commit(signed.clone())));
			self.handle_commit(signed, out);
		}
	}

	fn handle_commit(&mut self, signed: Signed<T, Commit<T>>, out: &mut Out<T>) {
		let round = signed.message.round;
		if !self.in_window(round) {
			return;
		}
		match self.commits.insert(signed.clone()) {
			Inserted::New => {},
			Inserted::Duplicate | Inserted::AlreadyReported => return,
			Inserted::Conflict(first) => {
				out.push(Action::Equivocation(EquivocationProof::Commit(Equivocation {
					first,
					second: signed,
				})));
				return;
			},
		}
		let Commit { hash, number, .. } = signed.message;
		self.check_decided(round, &hash, number, out);
	}

	/// A quorum of COMMITs for one block in any round decides it, whatever our own round.
	fn check_decided(&mut self, round: Round, hash: &T::Hash, number: T::Number, out: &mut Out<T>) {
		if self.decided {
			return;
		}
		if self.commits.count_matching(round, hash, number) < self.set.quorum() {
			return;
		}
		self.decided = true;
		out.push(Action::Finalize(Justification {
			set_id: self.set.set_id(),
			height: self.height,
			round,
			hash: hash.clone(),
			number,
			seals: self.commits.matching(round, hash, number),
		}));
	}

	fn handle_round_change<C: Chain<T> + ?Sized>(
		&mut self,
		chain: &C,
		rc: Signed<T, RoundChange<T>>,
		sidecar: Option<PreparedCertificate<T>>,
		out: &mut Out<T>,
	) {
		let m = &rc.message;
		if m.round == 0 || m.prepared.as_ref().is_some_and(|p| p.round >= m.round) {
			return bad(out, rc.from, BadMessageReason::InvalidRound);
		}
		// Only the highest round of each sender matters (for the f + 1 rule, and it is the
		// round the sender is in for the quorum rule).
		if self.round_changes.get(&rc.from).is_some_and(|(old, _)| old.message.round >= m.round) {
			return;
		}
		if let Err(e) = validate_round_change_sidecar(&self.set, m, sidecar.as_ref(), &self.crypto)
		{
			return bad(out, rc.from, BadMessageReason::PreparedCertificate(e));
		}
		self.round_changes.insert(rc.from.clone(), (rc, sidecar));
		self.try_round_skip(chain, out);
		self.try_propose(chain, out);
	}

	// ---- rounds ----

	/// The QBFT round-skip rule: if `f + 1` validators are in higher rounds, at least one
	/// honest validator is, so move up. The target is the highest round that `f + 1` of them
	/// have reached (the lowest round of the `f + 1` highest senders).
	fn try_round_skip<C: Chain<T> + ?Sized>(&mut self, chain: &C, out: &mut Out<T>) {
		if self.decided {
			return;
		}
		let f = self.set.max_faulty();
		let mut higher: Vec<Round> = self
			.round_changes
			.values()
			.map(|(s, _)| s.message.round)
			.filter(|r| *r > self.round)
			.collect();
		if higher.len() <= f {
			return;
		}
		higher.sort_unstable_by(|a, b| b.cmp(a));
		let target = higher[f];
		self.enter_round(chain, target, true, out);
	}

	fn ensure_started<C: Chain<T> + ?Sized>(&mut self, chain: &C, out: &mut Out<T>) {
		if self.started || self.decided {
			return;
		}
		if let Some(r) = self.restored_round {
			self.enter_round(chain, r.saturating_add(1), true, out);
			return;
		}
		self.started = true;
		self.persist(out);
		self.schedule_timeout(out);
		self.try_propose(chain, out);
	}

	fn enter_round<C: Chain<T> + ?Sized>(
		&mut self,
		chain: &C,
		round: Round,
		send_round_change: bool,
		out: &mut Out<T>,
	) {
		// After a restore, never re-enter a round we may have signed in before the crash.
		let round = match self.restored_round.take() {
			Some(r) => round.max(r.saturating_add(1)),
			None => round,
		};
		if self.started && round <= self.round {
			return;
		}
		self.round = round;
		self.started = true;
		self.accepted = None;
		self.pending = None;
		self.proposed = false;
		self.committed = false;
		let keep = round.saturating_sub(self.config.past_rounds);
		self.proposals.prune_below(keep);
		self.prepares.prune_below(keep);
		self.commits.prune_below(keep);
		self.persist(out);
		self.schedule_timeout(out);
		if send_round_change {
			self.send_round_change(out);
		}
		self.try_propose(chain, out);
	}

	fn send_round_change(&mut self, out: &mut Out<T>) {
		let rc = RoundChange {
			height: self.height,
			round: self.round,
			prepared: self.locked.as_ref().map(|c| c.prepared_ref()),
		};
		let Some(signed) = self.sign(rc) else { return };
		let sidecar = self.locked.clone();
		out.push(Action::Broadcast(ConsensusMessage::RoundChange {
			round_change: signed.clone(),
			prepared: sidecar.clone(),
		}));
		self.round_changes.insert(signed.from.clone(), (signed, sidecar));
	}

	/// Proposes if we are the proposer of this round and can: in round 0 our best block; in
	/// a later round, once we hold a quorum of ROUND-CHANGEs for it, the highest prepared
	/// block among them, or our best block if none is prepared.
	fn try_propose<C: Chain<T> + ?Sized>(&mut self, chain: &C, out: &mut Out<T>) {
		if self.decided || !self.started || self.proposed {
			return;
		}
		let Some(local) = &self.local else { return };
		if self.set.proposer(self.height, self.round) != local {
			return;
		}
		let (block, certificate) = if self.round == 0 {
			let Some(block) = self.candidate(chain) else { return };
			(block, None)
		} else {
			let rcs: Vec<&StoredRoundChange<T>> = self
				.round_changes
				.values()
				.filter(|(s, _)| s.message.round == self.round)
				.collect();
			if rcs.len() < self.set.quorum() {
				return;
			}
			let highest =
				rcs.iter().filter_map(|(_, c)| c.as_ref()).max_by_key(|c| c.round).cloned();
			let block = match &highest {
				Some(c) => BlockRef::new(c.hash.clone(), c.number),
				None => {
					let Some(block) = self.candidate(chain) else { return };
					block
				},
			};
			let round_changes = rcs.iter().map(|(s, _)| s.clone()).collect();
			(block, Some(RoundChangeCertificate { round_changes, prepared: highest }))
		};
		self.proposed = true;
		let proposal = Proposal {
			height: self.height,
			round: self.round,
			hash: block.hash,
			number: block.number,
		};
		let Some(signed) = self.sign(proposal) else { return };
		out.push(Action::Broadcast(ConsensusMessage::Proposal {
			proposal: signed.clone(),
			certificate,
		}));
		if self.store_proposal(&signed, out) {
			self.consider_proposal(chain, signed.message, out);
		}
	}

	// ---- helpers ----

	/// The block we would propose: our best block above the last finalized one.
	fn candidate<C: Chain<T> + ?Sized>(&self, chain: &C) -> Option<BlockRef<T>> {
		chain
			.best_descendant_of(&self.finalized.hash)
			.filter(|(_, number)| *number > self.finalized.number)
			.map(|(hash, number)| BlockRef::new(hash, number))
	}

	fn in_window(&self, round: Round) -> bool {
		round.saturating_add(self.config.past_rounds) >= self.round
			&& round <= self.round.saturating_add(self.config.future_rounds)
	}

	fn sign<M: SignedPayload>(&self, message: M) -> Option<Signed<T, M>> {
		let local = self.local.as_ref()?;
		let payload = signing_payload(self.set.set_id(), &message);
		let signature = self.signer.sign(local, &payload)?;
		Some(Signed { set_id: self.set.set_id(), message, from: local.clone(), signature })
	}

	fn persist(&self, out: &mut Out<T>) {
		if self.local.is_some() {
			out.push(Action::Persist(SafetyState {
				height: self.height,
				round: self.round,
				prepared: self.locked.clone(),
			}));
		}
	}

	fn schedule_timeout(&self, out: &mut Out<T>) {
		out.push(Action::ScheduleTimeout {
			height: self.height,
			round: self.round,
			after: self.config.timer.timeout(self.round),
		});
	}
}

fn bad<T: Types>(out: &mut Out<T>, from: T::ValidatorId, reason: BadMessageReason) {
	out.push(Action::BadMessage { from, reason });
}
