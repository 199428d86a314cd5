//! Bounded message storage for one height: votes by round and sender (with equivocation
//! detection), and the buffer of messages for future heights.

use crate::{
	messages::{Commit, ConsensusMessage, Prepare, Proposal, Signed, SignedPayload},
	types::{Height, Round, Types},
};
use alloc::{collections::BTreeMap, vec::Vec};

/// A message about one block, stored one per sender and round.
pub(crate) trait Vote<T: Types>: SignedPayload + PartialEq + Clone {
	fn hash(&self) -> &T::Hash;
	fn number(&self) -> T::Number;
	fn is_for(&self, hash: &T::Hash, number: T::Number) -> bool {
		self.hash() == hash && self.number() == number
	}
}

macro_rules! impl_vote {
	($($name:ident),*) => {$(
		impl<T: Types> Vote<T> for $name<T> {
			fn hash(&self) -> &T::Hash {
				&self.hash
			}
			fn number(&self) -> T::Number {
				self.number
			}
		}
	)*};
}
impl_vote!(Proposal, Prepare, Commit);

/// What inserting a vote found.
pub(crate) enum Inserted<T: Types, M> {
	/// First vote of this sender in this round.
	New,
	/// The same body again (a gossip duplicate or a re-sent message): nothing to do.
	Duplicate,
	/// A different body than the stored one: an equivocation, reported once per slot. The
	/// stored (first) message is returned to build the proof; the new one is not stored.
	Conflict(Signed<T, M>),
	/// Another conflicting body after the equivocation was already reported.
	AlreadyReported,
}

struct Entry<T: Types, M> {
	signed: Signed<T, M>,
	reported: bool,
}

/// Votes of one kind for one height: at most one per (round, sender), the first one seen.
///
/// Bounded by the caller: it only inserts rounds within a window around its current round
/// and prunes the rounds that fall out of it, so the store holds at most
/// `n * (past_rounds + 1 + future_rounds)` votes.
pub(crate) struct VoteStore<T: Types, M> {
	rounds: BTreeMap<Round, BTreeMap<T::ValidatorId, Entry<T, M>>>,
}

impl<T: Types, M: Vote<T>> VoteStore<T, M> {
	pub(crate) fn new() -> Self {
		Self { rounds: BTreeMap::new() }
	}

	pub(crate) fn insert(&mut self, signed: Signed<T, M>) -> Inserted<T, M> {
		let votes = self.rounds.entry(signed.message.round()).or_default();
		match votes.get_mut(&signed.from) {
			None => {
				votes.insert(signed.from.clone(), Entry { signed, reported: false });
				Inserted::New
			},
			Some(e) if e.signed.message == signed.message => Inserted::Duplicate,
			Some(e) if e.reported => Inserted::AlreadyReported,
			Some(e) => {
				e.reported = true;
				Inserted::Conflict(e.signed.clone())
			},
		}
	}

	/// The `(signer, signature)` pairs of the votes for `(round, hash, number)`, sorted by
	/// signer.
	pub(crate) fn matching(
		&self,
		round: Round,
		hash: &T::Hash,
		number: T::Number,
	) -> Vec<(T::ValidatorId, T::Signature)> {
		self.rounds
			.get(&round)
			.map(|votes| {
				votes
					.values()
					.filter(|e| e.signed.message.is_for(hash, number))
					.map(|e| (e.signed.from.clone(), e.signed.signature.clone()))
					.collect()
			})
			.unwrap_or_default()
	}

	pub(crate) fn count_matching(&self, round: Round, hash: &T::Hash, number: T::Number) -> usize {
		self.rounds.get(&round).map_or(0, |votes| {
			votes.values().filter(|e| e.signed.message.is_for(hash, number)).count()
		})
	}

	pub(crate) fn count(&self, round: Round) -> usize {
		self.rounds.get(&round).map_or(0, |votes| votes.len())
	}

	pub(crate) fn prune_below(&mut self, round: Round) {
		self.rounds = self.rounds.split_off(&round);
	}

	pub(crate) fn clear(&mut self) {
		self.rounds.clear();
	}
}

/// Messages for heights above the current one, kept until the machine gets there.
///
/// Bounded by a total count and a count per claimed sender (the caller refuses messages too
/// far ahead). Messages are stored as received; they are fully checked when replayed.
pub(crate) struct FutureBuffer<T: Types> {
	by_height: BTreeMap<Height, Vec<ConsensusMessage<T>>>,
	per_sender: BTreeMap<T::ValidatorId, usize>,
	total: usize,
}

impl<T: Types> FutureBuffer<T> {
	pub(crate) fn new() -> Self {
		Self { by_height: BTreeMap::new(), per_sender: BTreeMap::new(), total: 0 }
	}

	/// Stores `msg` unless a bound is reached; returns whether it was stored.
	pub(crate) fn push(
		&mut self,
		msg: ConsensusMessage<T>,
		max_total: usize,
		max_per_sender: usize,
	) -> bool {
		if self.total >= max_total {
			return false;
		}
		let count = self.per_sender.entry(msg.from().clone()).or_insert(0);
		if *count >= max_per_sender {
			return false;
		}
		*count += 1;
		self.total += 1;
		self.by_height.entry(msg.height()).or_default().push(msg);
		true
	}

	/// Removes every message for heights up to `height` and returns those for `height`.
	pub(crate) fn take(&mut self, height: Height) -> Vec<ConsensusMessage<T>> {
		let keep = self.by_height.split_off(&(height.saturating_add(1)));
		let old = core::mem::replace(&mut self.by_height, keep);
		let mut out = Vec::new();
		for (h, msgs) in old {
			for m in &msgs {
				if let Some(c) = self.per_sender.get_mut(m.from()) {
					*c = c.saturating_sub(1);
					if *c == 0 {
						self.per_sender.remove(m.from());
					}
				}
				self.total = self.total.saturating_sub(1);
			}
			if h == height {
				out = msgs;
			}
		}
		out
	}

	pub(crate) fn len(&self) -> usize {
		self.total
	}
}
