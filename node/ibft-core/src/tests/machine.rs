//! Behaviour of one machine, or a few on a perfect network, driven by hand.

use super::support::*;
use crate::{
	verify_equivocation, verify_justification, Action, BadMessageReason, BlockRef, Config,
	ConsensusMessage, EquivocationProof, Justification, Machine, MessageKind, PreparedCertificate,
	PreparedRef, RoundChangeCertificate, SafetyState, ValidatorSet,
};
use core::time::Duration;
use std::collections::VecDeque;

type M = Machine<TestTypes, FakeCrypto, FakeSigner>;
type Msg = ConsensusMessage<TestTypes>;
type Actions = Vec<Action<TestTypes>>;

fn set(n: u32) -> ValidatorSet<u32> {
	ValidatorSet::new(SET_ID, (0..n).collect()).unwrap()
}

fn genesis() -> BlockRef<TestTypes> {
	BlockRef::new(0, 0)
}

fn machine(id: u32, n: u32) -> M {
	Machine::new(Config::default(), FakeCrypto, FakeSigner(id), 1, genesis(), set(n), None)
}

fn broadcasts(actions: &Actions) -> Vec<Msg> {
	actions
		.iter()
		.filter_map(|a| match a {
			Action::Broadcast(m) => Some(m.clone()),
			_ => None,
		})
		.collect()
}

fn kinds(actions: &Actions) -> Vec<MessageKind> {
	broadcasts(actions).iter().map(|m| m.kind()).collect()
}

fn finalized(actions: &Actions) -> Option<Justification<TestTypes>> {
	actions.iter().find_map(|a| match a {
		Action::Finalize(j) => Some(j.clone()),
		_ => None,
	})
}

fn bad_reasons(actions: &Actions) -> Vec<BadMessageReason> {
	actions
		.iter()
		.filter_map(|a| match a {
			Action::BadMessage { reason, .. } => Some(*reason),
			_ => None,
		})
		.collect()
}

fn equivocations(actions: &Actions) -> Vec<EquivocationProof<TestTypes>> {
	actions
		.iter()
		.filter_map(|a| match a {
			Action::Equivocation(p) => Some(p.clone()),
			_ => None,
		})
		.collect()
}

fn timeouts(actions: &Actions) -> Vec<(u64, u32, Duration)> {
	actions
		.iter()
		.filter_map(|a| match a {
			Action::ScheduleTimeout { height, round, after } => Some((*height, *round, *after)),
			_ => None,
		})
		.collect()
}

fn proposal(from: u32, height: u64, round: u32, hash: u64, number: u64) -> Msg {
	Msg::Proposal {
		proposal: sign_proposal(from, SET_ID, height, round, hash, number),
		certificate: None,
	}
}

fn prepare(from: u32, round: u32, hash: u64, number: u64) -> Msg {
	Msg::Prepare(sign_prepare(from, SET_ID, 1, round, hash, number))
}

fn commit(from: u32, round: u32, hash: u64, number: u64) -> Msg {
	Msg::Commit(sign_commit(from, SET_ID, 1, round, hash, number))
}

fn round_change(from: u32, round: u32) -> Msg {
	Msg::RoundChange {
		round_change: sign_round_change(from, SET_ID, 1, round, None),
		prepared: None,
	}
}

/// Validators on a perfect network sharing one chain; `drop` filters deliveries.
struct Cluster {
	chain: MemChain,
	nodes: Vec<M>,
	queue: VecDeque<(usize, Msg)>,
	decided: Vec<Option<Justification<TestTypes>>>,
	log: Vec<(usize, Action<TestTypes>)>,
}

impl Cluster {
	fn new(n: u32, chain: MemChain) -> Self {
		let nodes = (0..n).map(|i| machine(i, n)).collect();
		Self { chain, nodes, queue: VecDeque::new(), decided: vec![None; n as usize], log: vec![] }
	}

	fn apply(&mut self, i: usize, actions: Actions) {
		for a in actions {
			match &a {
				Action::Broadcast(m) => self.queue.push_back((i, m.clone())),
				Action::Finalize(j) => self.decided[i] = Some(j.clone()),
				_ => {},
			}
			self.log.push((i, a));
		}
	}

	fn start(&mut self) {
		for i in 0..self.nodes.len() {
			let a = self.nodes[i].start(&self.chain);
			self.apply(i, a);
		}
	}

	fn run(&mut self, drop: impl Fn(usize, usize, &Msg) -> bool) {
		while let Some((from, m)) = self.queue.pop_front() {
			for to in 0..self.nodes.len() {
				if to == from || drop(from, to, &m) {
					continue;
				}
				let a = self.nodes[to].on_message(&self.chain, m.clone());
				self.apply(to, a);
			}
		}
	}

	fn timeout_all(&mut self) {
		for i in 0..self.nodes.len() {
			let (h, r) = (self.nodes[i].height(), self.nodes[i].round());
			let a = self.nodes[i].on_timeout(&self.chain, h, r);
			self.apply(i, a);
		}
	}
}

#[test]
fn single_validator_finalizes_alone() {
	let mut chain = MemChain::default();
	chain.push(1, 0).push(2, 1);
	let mut m = machine(0, 1);
	let a = m.start(&chain);
	assert_eq!(kinds(&a), vec![MessageKind::Proposal, MessageKind::Prepare, MessageKind::Commit]);
	let j = finalized(&a).expect("decides alone");
	assert_eq!((j.height, j.round, j.hash, j.number), (1, 0, 2, 2));
	assert_eq!(verify_justification(&set(1), &j, &FakeCrypto), Ok(()));
	// Persist comes before the first signed message.
	let first_persist = a.iter().position(|a| matches!(a, Action::Persist(_))).unwrap();
	let first_broadcast = a.iter().position(|a| matches!(a, Action::Broadcast(_))).unwrap();
	assert!(first_persist < first_broadcast);
	assert!(m.is_decided());
	// Nothing more happens at a decided height.
	assert!(m.on_timeout(&chain, 1, 0).is_empty());
	// The next height finalizes the next block.
	chain.push(3, 2);
	let a = m.on_finalized(&chain, 1, BlockRef::new(2, 2), set(1));
	let j = finalized(&a).expect("decides height 2");
	assert_eq!((j.height, j.hash, j.number), (2, 3, 3));
}

#[test]
fn four_validators_finalize_the_proposers_best_block() {
	let mut chain = MemChain::default();
	chain.push(1, 0).push(2, 1).push(3, 2);
	let mut c = Cluster::new(4, chain);
	c.start();
	c.run(|_, _, _| false);
	for (i, d) in c.decided.iter().enumerate() {
		let j = d.as_ref().unwrap_or_else(|| panic!("node {i} did not decide"));
		// Several blocks at once: the best block 3 is finalized at height 1.
		assert_eq!((j.height, j.round, j.hash, j.number), (1, 0, 3, 3));
		assert_eq!(verify_justification(&set(4), j, &FakeCrypto), Ok(()));
	}
	// The proposer of (1, 0) is validator 1 and only it proposed.
	let proposers: Vec<usize> = c
		.log
		.iter()
		.filter(|(_, a)| matches!(a, Action::Broadcast(m) if m.kind() == MessageKind::Proposal))
		.map(|(i, _)| *i)
		.collect();
	assert_eq!(proposers, vec![1]);
	let state = c.nodes[0].round_state();
	assert!(state.decided && state.height == 1 && state.proposer == 1);
}

#[test]
fn f_plus_one_round_changes_skip_to_the_lowest_of_them() {
	let mut chain = MemChain::default();
	chain.push(1, 0);
	// n = 4, f = 1: one higher round change is not enough, two are.
	let mut m = machine(0, 4);
	m.start(&chain);
	let a = m.on_message(&chain, round_change(1, 7));
	assert!(a.is_empty(), "{a:?}");
	assert_eq!(m.round(), 0);
	let a = m.on_message(&chain, round_change(2, 5));
	assert_eq!(m.round(), 5, "jumps to min(7, 5)");
	let sent = broadcasts(&a);
	assert!(
		matches!(&sent[..], [Msg::RoundChange { round_change, .. }] if round_change.message.round == 5)
	);
	assert_eq!(timeouts(&a), vec![(1, 5, Duration::from_secs(30))]);

	// n = 7, f = 2: three higher ones needed; target is the third highest.
	let mut m = machine(0, 7);
	m.start(&chain);
	m.on_message(&chain, round_change(1, 9));
	m.on_message(&chain, round_change(2, 3));
	assert_eq!(m.round(), 0);
	// Round changes for the current round or lower do not count.
	let mut low = machine(0, 7);
	low.start(&chain);
	low.on_timeout(&chain, 1, 0);
	low.on_message(&chain, round_change(1, 1));
	low.on_message(&chain, round_change(2, 1));
	low.on_message(&chain, round_change(3, 1));
	assert_eq!(low.round(), 1);
	// A fourth sender with a higher round: sorted [9, 6, 3] -> 3; then with 5: [9, 6, 5, 3] -> 5.
	m.on_message(&chain, round_change(3, 6));
	assert_eq!(m.round(), 3);
	let mut m2 = machine(0, 7);
	m2.start(&chain);
	for (v, r) in [(1, 9), (2, 3), (4, 5)] {
		m2.on_message(&chain, round_change(v, r));
	}
	assert_eq!(m2.round(), 3);
	m2.on_message(&chain, round_change(3, 6));
	assert_eq!(m2.round(), 5);
	// A sender only counts once, with its highest round.
	let mut m3 = machine(0, 4);
	m3.start(&chain);
	m3.on_message(&chain, round_change(1, 2));
	m3.on_message(&chain, round_change(1, 3));
	assert_eq!(m3.round(), 0);
}

#[test]
fn equivocations_are_detected_once_with_a_valid_proof() {
	let mut chain = MemChain::default();
	chain.push(1, 0).push(2, 0).push(3, 0);
	let mut m = machine(0, 4);
	m.start(&chain);
	// Two PREPAREs.
	assert!(equivocations(&m.on_message(&chain, prepare(2, 0, 1, 1))).is_empty());
	assert!(m.on_message(&chain, prepare(2, 0, 1, 1)).is_empty(), "a duplicate is not one");
	let e = equivocations(&m.on_message(&chain, prepare(2, 0, 2, 1)));
	assert_eq!(e.len(), 1);
	assert_eq!(e[0].offender(), &2);
	assert_eq!(e[0].kind(), MessageKind::Prepare);
	assert_eq!(verify_equivocation(&set(4), &e[0], &FakeCrypto), Ok(()));
	assert!(equivocations(&m.on_message(&chain, prepare(2, 0, 3, 3))).is_empty(), "reported once");
	// The same validator in another round is fine.
	assert!(equivocations(&m.on_message(&chain, prepare(2, 1, 3, 1))).is_empty());
	// Two COMMITs.
	m.on_message(&chain, commit(3, 0, 1, 1));
	let e = equivocations(&m.on_message(&chain, commit(3, 0, 2, 2)));
	assert_eq!(e.len(), 1);
	assert_eq!(e[0].kind(), MessageKind::Commit);
	assert_eq!(verify_equivocation(&set(4), &e[0], &FakeCrypto), Ok(()));
	// Two PROPOSALs by the proposer of (1, 0), validator 1: only the first is prepared.
	let a = m.on_message(&chain, proposal(1, 1, 0, 1, 1));
	assert_eq!(kinds(&a), vec![MessageKind::Prepare]);
	let a = m.on_message(&chain, proposal(1, 1, 0, 2, 1));
	let e = equivocations(&a);
	assert_eq!(e.len(), 1);
	assert_eq!(e[0].kind(), MessageKind::Proposal);
	assert_eq!(verify_equivocation(&set(4), &e[0], &FakeCrypto), Ok(()));
	assert!(kinds(&a).is_empty(), "no second prepare");
}

#[test]
fn proposal_for_a_missing_block_waits_for_its_import() {
	let mut chain = MemChain::default();
	chain.push(1, 0).add(2, 1);
	let mut m = machine(0, 4);
	m.start(&chain);
	let a = m.on_message(&chain, proposal(1, 1, 0, 2, 2));
	assert!(kinds(&a).is_empty(), "block 2 is not imported");
	assert!(bad_reasons(&a).is_empty());
	assert!(kinds(&m.on_block_imported(&chain)).is_empty());
	chain.import(2);
	let a = m.on_block_imported(&chain);
	assert_eq!(kinds(&a), vec![MessageKind::Prepare]);
	assert_eq!(m.round_state().accepted, Some(BlockRef::new(2, 2)));
}

#[test]
fn proposal_off_the_finalized_chain_is_refused() {
	let mut chain = MemChain::default();
	// 0 <- 1 <- 2 and a fork 0 <- 10 <- 11; block 1 is finalized at height 1.
	chain.push(1, 0).push(2, 1).push(10, 0).push(11, 10);
	let mut m = Machine::new(
		Config::default(),
		FakeCrypto,
		FakeSigner(0),
		2,
		BlockRef::new(1, 1),
		set(4),
		None,
	);
	m.start(&chain);
	// The proposer of (2, 0) is validator 2.
	let a = m.on_message(&chain, proposal(2, 2, 0, 11, 2));
	assert_eq!(bad_reasons(&a), vec![BadMessageReason::InvalidBlock]);
	assert!(BadMessageReason::InvalidBlock.signer_at_fault());
	// The finalized block itself is not above the finalized block.
	let mut m = Machine::new(
		Config::default(),
		FakeCrypto,
		FakeSigner(0),
		2,
		BlockRef::new(1, 1),
		set(4),
		None,
	);
	let a = m.on_message(&chain, proposal(2, 2, 0, 1, 1));
	assert_eq!(bad_reasons(&a), vec![BadMessageReason::InvalidBlock]);
	// A wrong number for a known block.
	let mut m = Machine::new(
		Config::default(),
		FakeCrypto,
		FakeSigner(0),
		2,
		BlockRef::new(1, 1),
		set(4),
		None,
	);
	let a = m.on_message(&chain, proposal(2, 2, 0, 2, 5));
	assert_eq!(bad_reasons(&a), vec![BadMessageReason::InvalidBlock]);
	// The proposer signed two proposals for (2, 0): the right one now is an equivocation.
	let a = m.on_message(&chain, proposal(2, 2, 0, 2, 2));
	assert_eq!(equivocations(&a).len(), 1);
	assert!(kinds(&a).is_empty());
	// On its own, the right one is prepared.
	let mut m = Machine::new(
		Config::default(),
		FakeCrypto,
		FakeSigner(0),
		2,
		BlockRef::new(1, 1),
		set(4),
		None,
	);
	let a = m.on_message(&chain, proposal(2, 2, 0, 2, 2));
	assert_eq!(kinds(&a), vec![MessageKind::Prepare]);
}

#[test]
fn bad_messages_are_reported() {
	let mut chain = MemChain::default();
	chain.push(1, 0);
	let mut m = machine(0, 4);
	m.start(&chain);
	let check = |m: &mut M, msg: Msg, want: BadMessageReason| {
		let a = m.on_message(&chain, msg);
		assert_eq!(bad_reasons(&a), vec![want]);
		assert!(kinds(&a).is_empty());
	};
	// An outsider.
	check(
		&mut m,
		Msg::Prepare(sign_prepare(9, SET_ID, 1, 0, 1, 1)),
		BadMessageReason::NotAValidator,
	);
	// A forged signature.
	let mut forged = sign_prepare(2, SET_ID, 1, 0, 1, 1);
	forged.signature ^= 1;
	check(&mut m, Msg::Prepare(forged), BadMessageReason::BadSignature);
	// Another set id at this height.
	check(
		&mut m,
		Msg::Prepare(sign_prepare(2, SET_ID + 1, 1, 0, 1, 1)),
		BadMessageReason::WrongSetId,
	);
	// A proposal by someone who is not the proposer of (1, 0).
	check(&mut m, proposal(2, 1, 0, 1, 1), BadMessageReason::NotProposer);
	// A round-1 proposal (proposer 2) without certificate.
	check(&mut m, proposal(2, 1, 1, 1, 1), BadMessageReason::MissingCertificate);
	// A round-0 proposal with one.
	let cert = RoundChangeCertificate { round_changes: vec![], prepared: None };
	check(
		&mut m,
		Msg::Proposal {
			proposal: sign_proposal(1, SET_ID, 1, 0, 1, 1),
			certificate: Some(cert.clone()),
		},
		BadMessageReason::UnexpectedCertificate,
	);
	// A round-1 proposal with an empty certificate.
	let a = m.on_message(
		&chain,
		Msg::Proposal { proposal: sign_proposal(2, SET_ID, 1, 1, 1, 1), certificate: Some(cert) },
	);
	assert!(matches!(bad_reasons(&a)[..], [BadMessageReason::ProposalCertificate(_)]));
	// A round change for round 0, and one claiming a prepared round not below its own.
	check(&mut m, round_change(1, 0), BadMessageReason::InvalidRound);
	let claim = Some(PreparedRef { round: 2, hash: 1, number: 1 });
	check(
		&mut m,
		Msg::RoundChange {
			round_change: sign_round_change(1, SET_ID, 1, 2, claim.clone()),
			prepared: None,
		},
		BadMessageReason::InvalidRound,
	);
	// A round change claiming a prepared round without its certificate.
	let claim = Some(PreparedRef { round: 0, hash: 1, number: 1 });
	let a = m.on_message(
		&chain,
		Msg::RoundChange {
			round_change: sign_round_change(1, SET_ID, 1, 2, claim),
			prepared: None,
		},
	);
	assert!(matches!(bad_reasons(&a)[..], [BadMessageReason::PreparedCertificate(_)]));
	// None of that moved the machine.
	assert_eq!((m.height(), m.round()), (1, 0));
	// Late messages (older height) are silently ignored, not reported.
	let mut m2 = Machine::new(
		Config::default(),
		FakeCrypto,
		FakeSigner(0),
		3,
		BlockRef::new(1, 1),
		set(4),
		None,
	);
	assert!(m2.on_message(&chain, prepare(1, 0, 1, 1)).is_empty());
}

#[test]
fn prepared_block_survives_round_change_and_is_reproposed() {
	let mut chain = MemChain::default();
	chain.push(1, 0).push(2, 1);
	let mut c = Cluster::new(4, chain);
	c.start();
	// Round 0: everyone prepares block 2 but all COMMITs are lost.
	c.run(|_, _, m| m.kind() == MessageKind::Commit);
	assert!(c.decided.iter().all(|d| d.is_none()));
	for n in &c.nodes {
		assert_eq!(n.round_state().locked_round, Some(0));
	}
	// A new best block appears; the next proposer must still re-propose the locked block 2.
	c.chain.push(3, 2);
	c.timeout_all();
	let rcs: Vec<_> = c
		.queue
		.iter()
		.filter_map(|(_, m)| match m {
			Msg::RoundChange { round_change, prepared } => Some((round_change, prepared)),
			_ => None,
		})
		.collect();
	assert_eq!(rcs.len(), 4);
	for (rc, prepared) in rcs {
		assert_eq!(rc.message.round, 1);
		assert_eq!(rc.message.prepared, Some(PreparedRef { round: 0, hash: 2, number: 2 }));
		assert!(prepared.is_some());
	}
	c.run(|_, _, _| false);
	let proposal_1 = c
		.log
		.iter()
		.find_map(|(_, a)| match a {
			Action::Broadcast(Msg::Proposal { proposal, certificate })
				if proposal.message.round == 1 =>
			{
				Some((proposal.clone(), certificate.clone()))
			},
			_ => None,
		})
		.expect("round 1 proposal");
	assert_eq!(proposal_1.0.from, 2, "proposer of (1, 1)");
	assert_eq!(proposal_1.0.message.hash, 2, "re-proposes the prepared block, not the best");
	let cert = proposal_1.1.expect("round change certificate");
	assert!(cert.round_changes.len() >= 3);
	assert_eq!(cert.prepared.as_ref().map(|p| (p.round, p.hash)), Some((0, 2)));
	for d in &c.decided {
		let j = d.as_ref().expect("decided in round 1");
		assert_eq!((j.round, j.hash), (1, 2));
	}
}

#[test]
fn proposal_must_follow_the_highest_prepared_block() {
	let mut chain = MemChain::default();
	chain.push(1, 0).push(2, 1).push(3, 1);
	let mut m = machine(0, 4);
	m.start(&chain);
	let prepares: Vec<(u32, u64)> =
		[1u32, 2, 3].iter().map(|v| (*v, sign_prepare(*v, SET_ID, 1, 0, 2, 2).signature)).collect();
	let prepared = PreparedCertificate { round: 0, hash: 2, number: 2, prepares };
	let claim = Some(prepared.prepared_ref());
	let cert = RoundChangeCertificate {
		round_changes: vec![
			sign_round_change(1, SET_ID, 1, 1, claim),
			sign_round_change(2, SET_ID, 1, 1, None),
			sign_round_change(3, SET_ID, 1, 1, None),
		],
		prepared: Some(prepared),
	};
	// Proposer of (1, 1) is 2. Block 3 ignores the prepared block 2.
	let a = m.on_message(
		&chain,
		Msg::Proposal {
			proposal: sign_proposal(2, SET_ID, 1, 1, 3, 2),
			certificate: Some(cert.clone()),
		},
	);
	assert_eq!(bad_reasons(&a), vec![BadMessageReason::ProposalIgnoresPrepared]);
	assert_eq!(m.round(), 0);
	// Block 2 is accepted, and the justified proposal pulls us into round 1.
	let a = m.on_message(
		&chain,
		Msg::Proposal { proposal: sign_proposal(2, SET_ID, 1, 1, 2, 2), certificate: Some(cert) },
	);
	assert_eq!(m.round(), 1);
	assert_eq!(kinds(&a), vec![MessageKind::Prepare]);
	assert_eq!(timeouts(&a), vec![(1, 1, Duration::from_secs(2))]);
}

#[test]
fn timers_double_and_stale_ones_are_ignored() {
	let mut chain = MemChain::default();
	chain.push(1, 0);
	let mut m = machine(0, 4);
	let a = m.start(&chain);
	assert_eq!(timeouts(&a), vec![(1, 0, Duration::from_secs(1))]);
	let a = m.on_timeout(&chain, 1, 0);
	assert_eq!(timeouts(&a), vec![(1, 1, Duration::from_secs(2))]);
	assert_eq!(kinds(&a), vec![MessageKind::RoundChange]);
	assert!(m.on_timeout(&chain, 1, 0).is_empty(), "stale round");
	assert!(m.on_timeout(&chain, 2, 1).is_empty(), "other height");
	for r in 1..8 {
		let a = m.on_timeout(&chain, 1, r);
		let expected = Duration::from_secs(30).min(Duration::from_secs(1 << (r + 1)));
		assert_eq!(timeouts(&a), vec![(1, r + 1, expected)]);
	}
	// A custom timer.
	let config = Config {
		timer: crate::RoundTimer::new(Duration::from_millis(100), Duration::from_millis(500)),
		..Config::default()
	};
	let mut m = Machine::new(config, FakeCrypto, FakeSigner(0), 1, genesis(), set(4), None);
	let a = m.start(&chain);
	assert_eq!(timeouts(&a), vec![(1, 0, Duration::from_millis(100))]);
}

#[test]
fn idle_until_there_is_something_to_finalize() {
	let mut chain = MemChain::default();
	// Validator 1 is the proposer of (1, 0).
	let mut m = machine(1, 4);
	let a = m.start(&chain);
	assert!(a.is_empty(), "no block above genesis: no timer, no proposal");
	assert!(!m.round_state().started);
	chain.push(1, 0);
	let a = m.on_block_imported(&chain);
	assert_eq!(timeouts(&a).len(), 1);
	assert_eq!(kinds(&a), vec![MessageKind::Proposal, MessageKind::Prepare]);
	// A node without a block starts its timer on the first valid message of the height.
	let empty = MemChain::default();
	let mut other = machine(0, 4);
	assert!(other.start(&empty).is_empty());
	let a = other.on_message(&empty, round_change(3, 1));
	assert_eq!(timeouts(&a), vec![(1, 0, Duration::from_secs(1))]);
}

#[test]
fn restored_node_resumes_after_its_persisted_round_with_its_lock() {
	let mut chain = MemChain::default();
	chain.push(1, 0).push(2, 1);
	let prepares: Vec<(u32, u64)> =
		[0u32, 1, 2].iter().map(|v| (*v, sign_prepare(*v, SET_ID, 1, 2, 2, 2).signature)).collect();
	let lock = PreparedCertificate { round: 2, hash: 2, number: 2, prepares };
	let state = SafetyState { height: 1, round: 3, prepared: Some(lock.clone()) };
	let mut m = Machine::new(
		Config::default(),
		FakeCrypto,
		FakeSigner(0),
		1,
		genesis(),
		set(4),
		Some(state.clone()),
	);
	let a = m.start(&chain);
	assert_eq!(m.round(), 4);
	assert_eq!(timeouts(&a), vec![(1, 4, Duration::from_secs(16))]);
	match &broadcasts(&a)[..] {
		[Msg::RoundChange { round_change, prepared }] => {
			assert_eq!(round_change.message.round, 4);
			assert_eq!(round_change.message.prepared, Some(lock.prepared_ref()));
			assert_eq!(prepared.as_ref(), Some(&lock));
		},
		other => panic!("{other:?}"),
	}
	assert!(a.iter().any(|a| matches!(a, Action::Persist(s) if s.round == 4)));
	// Even a proposal for round 0 does not make it sign in a round it may have used.
	let a = m.on_message(&chain, proposal(1, 1, 0, 2, 2));
	assert!(kinds(&a).is_empty());
	// A state for another height is ignored.
	let mut m = Machine::new(
		Config::default(),
		FakeCrypto,
		FakeSigner(0),
		2,
		BlockRef::new(1, 1),
		set(4),
		Some(state),
	);
	m.start(&chain);
	assert_eq!(m.round(), 0);
	assert_eq!(m.round_state().locked_round, None);
}

#[test]
fn future_height_messages_are_buffered_and_replayed() {
	let mut chain = MemChain::default();
	chain.push(1, 0).push(2, 1);
	let mut m = machine(0, 4);
	m.start(&chain);
	// Height 2 decides block 2: three COMMITs arrive while we are still at height 1.
	for v in 1..4 {
		let a = m.on_message(&chain, Msg::Commit(sign_commit(v, SET_ID, 2, 0, 2, 2)));
		assert!(a.is_empty());
	}
	assert_eq!(m.round_state().buffered, 3);
	// Too far ahead: dropped.
	m.on_message(&chain, Msg::Commit(sign_commit(1, SET_ID, 99, 0, 2, 2)));
	assert_eq!(m.round_state().buffered, 3);
	// A forged one with the current set id is refused right away.
	let mut forged = sign_commit(1, SET_ID, 2, 0, 2, 2);
	forged.signature ^= 1;
	let a = m.on_message(&chain, Msg::Commit(forged));
	assert_eq!(bad_reasons(&a), vec![BadMessageReason::BadSignature]);
	// Height 1 is finalized elsewhere (justification imported): height 2 decides at once.
	let a = m.on_finalized(&chain, 1, BlockRef::new(1, 1), set(4));
	let j = finalized(&a).expect("replayed commits decide");
	assert_eq!((j.height, j.hash), (2, 2));
	assert_eq!(m.round_state().buffered, 0);
}

#[test]
fn future_buffer_is_bounded_per_sender() {
	let chain = MemChain::default();
	let config = Config { future_messages_per_sender: 5, future_messages: 8, ..Config::default() };
	let mut m = Machine::new(config, FakeCrypto, FakeSigner(0), 1, genesis(), set(4), None);
	for r in 0..20 {
		m.on_message(&chain, Msg::Prepare(sign_prepare(1, SET_ID, 2, r, 5, 5)));
	}
	assert_eq!(m.round_state().buffered, 5);
	for r in 0..20 {
		m.on_message(&chain, Msg::Prepare(sign_prepare(2, SET_ID, 2, r, 5, 5)));
	}
	assert_eq!(m.round_state().buffered, 8);
}

#[test]
fn observer_finalizes_from_commits_without_sending() {
	let mut chain = MemChain::default();
	chain.push(1, 0);
	let mut m =
		Machine::new(Config::default(), FakeCrypto, FakeSigner(99), 1, genesis(), set(4), None);
	let a = m.start(&chain);
	assert!(broadcasts(&a).is_empty());
	assert!(!a.iter().any(|a| matches!(a, Action::Persist(_))));
	let a = m.on_message(&chain, proposal(1, 1, 0, 1, 1));
	assert!(broadcasts(&a).is_empty());
	let mut last = vec![];
	for v in 0..3 {
		last = m.on_message(&chain, commit(v, 0, 1, 1));
	}
	let j = finalized(&last).expect("observer decides");
	assert_eq!(verify_justification(&set(4), &j, &FakeCrypto), Ok(()));
}

#[test]
fn commits_of_an_earlier_round_still_decide() {
	let mut chain = MemChain::default();
	chain.push(1, 0);
	let mut m = machine(0, 4);
	m.start(&chain);
	m.on_timeout(&chain, 1, 0);
	m.on_timeout(&chain, 1, 1);
	assert_eq!(m.round(), 2);
	m.on_message(&chain, commit(1, 0, 1, 1));
	m.on_message(&chain, commit(2, 0, 1, 1));
	let a = m.on_message(&chain, commit(3, 0, 1, 1));
	let j = finalized(&a).expect("round 0 quorum decides in round 2");
	assert_eq!(j.round, 0);
}

#[test]
fn set_change_at_a_finalized_block() {
	let mut chain = MemChain::default();
	chain.push(1, 0).push(2, 1);
	let mut m = machine(0, 4);
	m.start(&chain);
	// From height 2 on, set 2 = {0, 1, 2, 3, 4}.
	let next = ValidatorSet::new(SET_ID + 1, (0..5).collect()).unwrap();
	m.on_finalized(&chain, 1, BlockRef::new(1, 1), next.clone());
	assert_eq!(m.validator_set(), &next);
	// Old set id: late, silently dropped. Unknown future set id at this height: refused.
	assert!(m.on_message(&chain, Msg::Prepare(sign_prepare(1, SET_ID, 2, 0, 2, 2))).is_empty());
	let a = m.on_message(&chain, Msg::Prepare(sign_prepare(1, SET_ID + 2, 2, 0, 2, 2)));
	assert_eq!(bad_reasons(&a), vec![BadMessageReason::WrongSetId]);
	// The new member counts towards the new quorum of 4.
	let mut last = vec![];
	for v in [1, 2, 4, 3] {
		last = m.on_message(&chain, Msg::Commit(sign_commit(v, SET_ID + 1, 2, 0, 2, 2)));
	}
	let j = finalized(&last).expect("decides with the new set");
	assert_eq!(j.set_id, SET_ID + 1);
	assert_eq!(j.seals.len(), 4);
	assert_eq!(verify_justification(&next, &j, &FakeCrypto), Ok(()));
	assert!(verify_justification(&set(4), &j, &FakeCrypto).is_err());
}
