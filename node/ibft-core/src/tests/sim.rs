//! A deterministic, seeded simulation of a whole network of machines.
//!
//! Every seed draws a scenario: 4 to 30 validators, up to `f` of them Byzantine (silent, or
//! any mix of: equivocating, voting for wrong or unknown blocks, spamming future rounds and
//! heights, forging seals and certificates, hiding their lock, withholding COMMITs, and
//! proposing with a round-change quorum picked to dodge prepared blocks or ignoring them; a
//! third of the seeds are such a coordinated attack by exactly `f` validators), message
//! drops (with extra COMMIT loss in some seeds, to split decisions), delays and reordering,
//! network partitions, honest crashes and restarts, a block tree with forks that grows while
//! consensus runs, validator set id changes, and justification sync for nodes that fell
//! behind. Until `t_stable` (5 to 120 s) the network is hostile; after it no message is lost
//! and delays are short (Byzantine validators keep misbehaving). Time is virtual.
//!
//! Properties checked on every seed:
//! * safety: no two honest nodes finalize different blocks at one height, and each honest
//!   node's finalized blocks form a chain; every justification verifies;
//! * liveness: after `t_stable`, every honest node finalizes at least 5 more heights;
//! * accountability: every equivocation reported is valid and names a faulty validator; no
//!   message whose *signed* part is faulty is blamed on an honest validator; and a Byzantine
//!   validator that got conflicting messages to an honest node is caught.
//!
//! Restarts come in two flavours. Most restarted nodes recover the [`SafetyState`] they
//! persisted (what the client will keep in the database) and count as honest, with up to `f`
//! Byzantine validators besides them. Some seeds restart nodes with total amnesia (only the
//! last finalized block survives): such a node may re-sign in a round it already used, so it
//! is counted against the fault budget (`byzantine + amnesiac <= f`).
//!
//! `IBFT_SIM_SEEDS=<n>` runs `n` seeds instead of the default 3,000 (about 6 s in release
//! mode on 2 cores); `IBFT_SIM_SEED=<s>` runs one seed (to replay a failure), and
//! `IBFT_SIM_VERBOSE=1` prints each seed's scenario and statistics. A failing seed is printed
//! with its scenario; after 5 failures no further seeds are started.

use super::support::*;
use crate::{
	max_faulty, quorum, verify_equivocation, verify_justification, Action, BlockRef, Chain, Commit,
	Config, ConsensusMessage, Height, Justification, Machine, Prepare, PreparedCertificate,
	PreparedRef, Proposal, Round, RoundChange, RoundChangeCertificate, SafetyState, SetId,
	SignedPayload, ValidatorSet,
};
use std::{
	cmp::Ordering,
	collections::{BTreeMap, BinaryHeap, HashMap, VecDeque},
	sync::atomic::{AtomicUsize, Ordering as AtomicOrdering},
	time::Instant,
};

type M = Machine<TestTypes, FakeCrypto, FakeSigner>;
type Msg = ConsensusMessage<TestTypes>;
type Actions = Vec<Action<TestTypes>>;

/// How long after `t_stable` every honest node must have finalized 5 more heights (virtual
/// milliseconds). Worst case: rounds at the 30 s cap, `f` Byzantine proposers in a row.
const LIVENESS_BUDGET_MS: u64 = 1_500_000;
/// Heights every honest node must finalize after `t_stable`.
const LIVENESS_HEIGHTS: Height = 5;
/// Seeds run by default.
const DEFAULT_SEEDS: u64 = 3_000;
/// A runaway guard.
const MAX_EVENTS: u64 = 5_000_000;
/// Stop running further seeds after this many failures (a broken build fails fast).
const MAX_FAILURES: usize = 5;

// ---- PRNG ----

/// SplitMix64: tiny, fast, and good enough to drive a simulation.
struct Rng(u64);

impl Rng {
	fn next(&mut self) -> u64 {
		self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
		mix64(self.0)
	}
	/// Uniform in `0..n` (`n > 0`).
	fn below(&mut self, n: u64) -> u64 {
		self.next() % n
	}
	/// Uniform in `lo..=hi`.
	fn range(&mut self, lo: u64, hi: u64) -> u64 {
		lo + self.below(hi - lo + 1)
	}
	fn chance(&mut self, p: f64) -> bool {
		(self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
	}
	fn unit(&mut self) -> f64 {
		(self.next() >> 11) as f64 / (1u64 << 53) as f64
	}
}

// ---- block tree ----

struct Tree {
	parent: Vec<usize>,
	number: Vec<u64>,
	hash: Vec<u64>,
	index: HashMap<u64, usize>,
}

impl Tree {
	fn new() -> Self {
		let mut t = Self { parent: vec![0], number: vec![0], hash: vec![], index: HashMap::new() };
		let h = Self::hash_of(0);
		t.hash.push(h);
		t.index.insert(h, 0);
		t
	}

	fn hash_of(i: usize) -> u64 {
		mix64(i as u64 ^ 0xb10c_b10c_0000)
	}

	fn add(&mut self, parent: usize) -> usize {
		let i = self.parent.len();
		self.parent.push(parent);
		self.number.push(self.number[parent] + 1);
		let h = Self::hash_of(i);
		self.hash.push(h);
		self.index.insert(h, i);
		i
	}

	fn len(&self) -> usize {
		self.parent.len()
	}

	/// Whether `anc` is a strict ancestor of `b`.
	fn is_ancestor(&self, anc: usize, mut b: usize) -> bool {
		let target = self.number[anc];
		if self.number[b] <= target {
			return false;
		}
		while self.number[b] > target {
			b = self.parent[b];
		}
		b == anc
	}
}

/// One node's view of the tree.
struct View<'a> {
	tree: &'a Tree,
	imported: &'a [bool],
	best: usize,
}

impl View<'_> {
	fn idx(&self, hash: &u64) -> Option<usize> {
		self.tree.index.get(hash).copied().filter(|i| self.imported[*i])
	}
}

impl Chain<TestTypes> for View<'_> {
	fn block_number(&self, hash: &u64) -> Option<u64> {
		self.idx(hash).map(|i| self.tree.number[i])
	}

	fn is_descendant_of(&self, block: &u64, ancestor: &u64) -> bool {
		match (self.idx(block), self.tree.index.get(ancestor)) {
			(Some(b), Some(a)) => self.tree.is_ancestor(*a, b),
			_ => false,
		}
	}

	fn best_descendant_of(&self, base: &u64) -> Option<(u64, u64)> {
		let b = *self.tree.index.get(base)?;
		let pick = if self.tree.is_ancestor(b, self.best) {
			Some(self.best)
		} else {
			// The best block is on another fork: the longest imported chain through `base`.
			let mut found: Option<usize> = None;
			for i in (b + 1)..self.imported.len() {
				if self.imported[i]
					&& found.is_none_or(|f| self.tree.number[i] > self.tree.number[f])
					&& self.tree.is_ancestor(b, i)
				{
					found = Some(i);
				}
			}
			found
		};
		pick.map(|i| (self.tree.hash[i], self.tree.number[i]))
	}
}

// ---- scenario ----

#[derive(Clone, Copy, Debug, Default)]
struct Byz {
	silent: bool,
	equivocate: bool,
	wrong_hash: bool,
	future_rounds: bool,
	bad_seals: bool,
	garbage: bool,
	adversarial_proposer: bool,
	/// With `adversarial_proposer`: sometimes propose another block even when the
	/// certificate requires the prepared one (must be refused).
	ignore_lock: bool,
	lock_hiding: bool,
	/// Send COMMITs to a single node, so that decisions split and the rest must change
	/// round with their locks.
	withhold_commits: bool,
}

#[derive(Clone, Debug)]
struct Scenario {
	n: usize,
	byzantine: Vec<(usize, Byz)>,
	amnesiac: Vec<usize>,
	/// (node, crash time, restart time)
	crashes: Vec<(usize, u64, u64)>,
	drop_p: f64,
	/// Extra loss of COMMITs before `t_stable`: decisions split, and the nodes left behind
	/// must carry their locks through round changes (where the safety rules bite).
	commit_drop_p: f64,
	max_delay: u64,
	t_stable: u64,
	block_ms: u64,
	fork_p: f64,
	/// The set id changes every `set_period` heights (0: never).
	set_period: u64,
	/// Each node asks a random peer for its latest justification every `sync_ms` (a range).
	sync_ms: (u64, u64),
	/// Network partitions before `t_stable`: (from, until, side of each node).
	partitions: Vec<(u64, u64, Vec<bool>)>,
}

impl Scenario {
	fn draw(seed: u64) -> Self {
		let mut rng = Rng(seed ^ 0x5ce0_a210);
		// The first 27 seeds cover every size once; then mostly small sets, which are the
		// ones where a single fault matters most (and which are cheaper).
		let n = if seed < 27 {
			4 + seed as usize
		} else {
			match rng.below(10) {
				0..=5 => rng.range(4, 10) as usize,
				6..=8 => rng.range(11, 20) as usize,
				_ => rng.range(21, 30) as usize,
			}
		};
		let f = max_faulty(n);
		let mut order: Vec<usize> = (0..n).collect();
		for i in (1..n).rev() {
			order.swap(i, rng.below(i as u64 + 1) as usize);
		}
		// A third of the seeds are a coordinated attack on the locking rules: `f` Byzantine
		// validators that split decisions (withheld COMMITs), hide their own locks, and
		// propose with round-change quorums chosen to dodge locks, or ignoring them.
		let coordinated = rng.chance(0.33);
		let b = if coordinated {
			f
		} else if rng.chance(0.15) {
			0
		} else {
			rng.range(1, f as u64) as usize
		};
		let mut byzantine = vec![];
		for &i in &order[..b] {
			let mut z = Byz { silent: !coordinated && rng.chance(0.3), ..Byz::default() };
			if coordinated {
				z.adversarial_proposer = true;
				z.ignore_lock = true;
				z.lock_hiding = true;
				z.withhold_commits = true;
				z.equivocate = rng.chance(0.5);
			} else if !z.silent {
				z.equivocate = rng.chance(0.6);
				z.wrong_hash = rng.chance(0.5);
				z.future_rounds = rng.chance(0.5);
				z.bad_seals = rng.chance(0.5);
				z.garbage = rng.chance(0.5);
				z.adversarial_proposer = rng.chance(0.6);
				z.ignore_lock = rng.chance(0.5);
				z.lock_hiding = rng.chance(0.5);
				z.withhold_commits = rng.chance(0.5);
			}
			byzantine.push((i, z));
		}
		let honest = &order[b..];
		// Half the seeds lossy and slow, half mildly so (where many heights still finalize
		// before t_stable, which is where safety is most exercised).
		let drop_p = if rng.chance(0.5) { rng.unit() * 0.15 } else { 0.15 + rng.unit() * 0.35 };
		let commit_drop_p =
			if !coordinated && rng.chance(0.5) { 0.0 } else { 0.3 + rng.unit() * 0.6 };
		let max_delay = if rng.chance(0.5) { rng.range(20, 400) } else { rng.range(400, 3_000) };
		let t_stable = rng.range(5_000, 120_000);
		let block_ms = rng.range(300, 1_500);
		let fork_p = rng.unit() * 0.3;
		let set_period = [0, 0, 3, 8][rng.below(4) as usize];
		// Slow catch-up under attack keeps the nodes left behind at a split height longer.
		let sync_ms = if coordinated { (3_000, 15_000) } else { (1_000, 6_000) };
		let mut amnesiac = vec![];
		let mut crashes = vec![];
		let crash_at = |rng: &mut Rng| {
			let at = rng.range(0, t_stable.saturating_sub(500));
			let back = (at + rng.range(200, 10_000)).min(t_stable);
			(at, back)
		};
		if rng.chance(0.3) {
			// Total amnesia, within the fault budget.
			let a = rng.range(0, (f - b) as u64) as usize;
			for &i in &honest[..a] {
				amnesiac.push(i);
				let (at, back) = crash_at(&mut rng);
				crashes.push((i, at, back));
			}
		} else {
			// Persisted safety state: any number of honest nodes may crash, even all.
			let c = rng.range(0, honest.len() as u64) as usize;
			for &i in &honest[..c] {
				let (at, back) = crash_at(&mut rng);
				crashes.push((i, at, back));
			}
		}
		let mut partitions = vec![];
		if rng.chance(0.4) {
			for _ in 0..rng.range(1, 3) {
				let from = rng.range(0, t_stable - 1_000);
				let until = (from + rng.range(1_000, 20_000)).min(t_stable);
				let sides = (0..n).map(|_| rng.chance(0.5)).collect();
				partitions.push((from, until, sides));
			}
		}
		Self {
			n,
			byzantine,
			amnesiac,
			crashes,
			drop_p,
			commit_drop_p,
			max_delay,
			t_stable,
			block_ms,
			fork_p,
			set_period,
			sync_ms,
			partitions,
		}
	}

	fn partitioned(&self, now: u64, a: usize, b: usize) -> bool {
		self.partitions
			.iter()
			.any(|(from, until, side)| (*from..*until).contains(&now) && side[a] != side[b])
	}
}

// ---- simulation ----

enum Ev {
	Deliver { to: usize, msg: Msg },
	Timer { node: usize, epoch: u64, height: Height, round: Round },
	Produce,
	Arrive { node: usize, block: usize },
	Crash { node: usize },
	Restart { node: usize },
	Sync { node: usize },
	Justify { node: usize, justification: Justification<TestTypes> },
	ByzTick { node: usize },
}

struct Item {
	time: u64,
	seq: u64,
	ev: Ev,
}

impl PartialEq for Item {
	fn eq(&self, other: &Self) -> bool {
		(self.time, self.seq) == (other.time, other.seq)
	}
}
impl Eq for Item {}
impl PartialOrd for Item {
	fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
		Some(self.cmp(other))
	}
}
impl Ord for Item {
	/// Reversed, so that `BinaryHeap` pops the earliest event (FIFO among equal times).
	fn cmp(&self, other: &Self) -> Ordering {
		(other.time, other.seq).cmp(&(self.time, self.seq))
	}
}

struct Node {
	id: u32,
	byz: Option<Byz>,
	amnesiac: bool,
	machine: Option<M>,
	epoch: u64,
	imported: Vec<bool>,
	best: usize,
	orphans: Vec<usize>,
	/// Durable: the last finalized height and block, its justification, the safety state.
	final_height: Height,
	final_block: usize,
	justification: Option<Justification<TestTypes>>,
	safety: Option<SafetyState<TestTypes>>,
}

#[derive(Default, Debug, Clone)]
struct Stats {
	end_ms: u64,
	decisions: u64,
	synced: u64,
	heights: u64,
	max_round: Round,
	equivocations: u64,
	twins_seen_by_honest: u64,
	bad_messages: u64,
	events: u64,
	restarts: u64,
	adversarial_proposals: u64,
	lock_ignored: u64,
}

struct Sim {
	sc: Scenario,
	rng: Rng,
	now: u64,
	seq: u64,
	queue: BinaryHeap<Item>,
	tree: Tree,
	nodes: Vec<Node>,
	ids: Vec<u32>,
	index_of: HashMap<u32, usize>,
	/// Byzantine or amnesiac: may be blamed.
	faulty: Vec<bool>,
	stable: bool,
	target: Height,
	/// Honest decisions: height -> block.
	decided: BTreeMap<Height, usize>,
	/// The newest block finalized by anyone honest (the block producer builds on it).
	global_final: usize,
	rc_pool: BTreeMap<(Height, Round), Vec<(u32, Msg)>>,
	stats: Stats,
	fail: Option<String>,
}

impl Sim {
	fn new(seed: u64) -> Self {
		let sc = Scenario::draw(seed);
		let mut rng = Rng(seed);
		// Distinct random ids, so the proposer order differs from the node order.
		let mut ids: Vec<u32> = vec![];
		while ids.len() < sc.n {
			let id = rng.below(1_000_000) as u32;
			if !ids.contains(&id) {
				ids.push(id);
			}
		}
		let index_of = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
		let mut faulty = vec![false; sc.n];
		let nodes = (0..sc.n)
			.map(|i| {
				let byz = sc.byzantine.iter().find(|(j, _)| *j == i).map(|(_, b)| *b);
				let amnesiac = sc.amnesiac.contains(&i);
				faulty[i] = byz.is_some() || amnesiac;
				Node {
					id: ids[i],
					byz,
					amnesiac,
					machine: None,
					epoch: 0,
					imported: vec![true],
					best: 0,
					orphans: vec![],
					final_height: 0,
					final_block: 0,
					justification: None,
					safety: None,
				}
			})
			.collect();
		Self {
			sc,
			rng,
			now: 0,
			seq: 0,
			queue: BinaryHeap::new(),
			tree: Tree::new(),
			nodes,
			ids,
			index_of,
			faulty,
			stable: false,
			target: 0,
			decided: BTreeMap::new(),
			global_final: 0,
			rc_pool: BTreeMap::new(),
			stats: Stats::default(),
			fail: None,
		}
	}

	fn set_for(&self, height: Height) -> ValidatorSet<u32> {
		let set_id: SetId = height.checked_div(self.sc.set_period).unwrap_or(0);
		ValidatorSet::new(set_id, self.ids.clone()).expect("distinct ids")
	}

	fn at(&mut self, delay: u64, ev: Ev) {
		self.seq += 1;
		self.queue.push(Item { time: self.now + delay, seq: self.seq, ev });
	}

	fn fail(&mut self, why: String) {
		if self.fail.is_none() {
			self.fail = Some(format!("t = {} ms: {why}", self.now));
		}
	}

	fn is_honest(&self, i: usize) -> bool {
		self.nodes[i].byz.is_none()
	}

	// ---- network ----

	fn send(&mut self, from: usize, to: usize, msg: Msg) {
		if !self.stable
			&& (self.rng.chance(self.sc.drop_p)
				|| self.sc.partitioned(self.now, from, to)
				|| (matches!(msg, Msg::Commit(_)) && self.rng.chance(self.sc.commit_drop_p)))
		{
			return;
		}
		let delay =
			if self.stable { self.rng.range(1, 100) } else { self.rng.range(1, self.sc.max_delay) };
		self.at(delay, Ev::Deliver { to, msg });
	}

	fn broadcast(&mut self, from: usize, msg: &Msg) {
		for to in 0..self.sc.n {
			if to != from {
				self.send(from, to, msg.clone());
			}
		}
	}

	/// Sends `a` to some, `b` to others and both to the rest.
	fn send_split(&mut self, from: usize, a: Msg, b: Msg) {
		for to in 0..self.sc.n {
			if to == from {
				continue;
			}
			match self.rng.below(5) {
				0 | 1 => self.send(from, to, a.clone()),
				2 | 3 => self.send(from, to, b.clone()),
				_ => {
					self.send(from, to, a.clone());
					self.send(from, to, b.clone());
					if !self.faulty[to] {
						self.stats.twins_seen_by_honest += 1;
					}
				},
			}
		}
	}

	// ---- machine plumbing ----

	fn with_machine(&mut self, i: usize, f: impl FnOnce(&mut M, &View) -> Actions) -> Actions {
		let Node { machine, imported, best, .. } = &mut self.nodes[i];
		let view = View { tree: &self.tree, imported, best: *best };
		machine.as_mut().map(|m| f(m, &view)).unwrap_or_default()
	}

	fn start_machine(&mut self, i: usize) {
		let node = &self.nodes[i];
		let height = node.final_height + 1;
		let finalized =
			BlockRef::new(self.tree.hash[node.final_block], self.tree.number[node.final_block]);
		let restored = if node.amnesiac { None } else { node.safety.clone() };
		let m = Machine::new(
			Config::default(),
			FakeCrypto,
			FakeSigner(node.id),
			height,
			finalized,
			self.set_for(height),
			restored,
		);
		self.nodes[i].machine = Some(m);
		let actions = self.with_machine(i, |m, v| m.start(v));
		self.apply(i, actions);
	}

	fn apply(&mut self, i: usize, actions: Actions) {
		let mut work: VecDeque<Action<TestTypes>> = actions.into();
		while let Some(a) = work.pop_front() {
			match a {
				Action::Broadcast(msg) => {
					if let Msg::RoundChange { round_change, .. } = &msg {
						let key = (round_change.message.height, round_change.message.round);
						let pool = self.rc_pool.entry(key).or_default();
						if !pool.iter().any(|(v, _)| *v == round_change.from) {
							pool.push((round_change.from, msg.clone()));
						}
						if key.0 > 3 {
							self.rc_pool = self.rc_pool.split_off(&(key.0 - 3, 0));
						}
					}
					if let Some(m) = &self.nodes[i].machine {
						self.stats.max_round = self.stats.max_round.max(m.round());
					}
					match self.nodes[i].byz {
						Some(b) => self.byz_send(i, b, msg),
						None => self.broadcast(i, &msg),
					}
				},
				Action::Persist(state) => {
					if !self.nodes[i].amnesiac {
						self.nodes[i].safety = Some(state);
					}
				},
				Action::ScheduleTimeout { height, round, after } => {
					let epoch = self.nodes[i].epoch;
					self.at(after.as_millis() as u64, Ev::Timer { node: i, epoch, height, round });
				},
				Action::Finalize(j) => {
					self.stats.decisions += 1;
					if !self.finalize(i, &j) {
						return;
					}
					let next = self.set_for(j.height + 1);
					let more = self.with_machine(i, |m, v| {
						m.on_finalized(v, j.height, BlockRef::new(j.hash, j.number), next)
					});
					work.extend(more);
				},
				Action::Equivocation(proof) => {
					self.stats.equivocations += 1;
					let (_, height, _) = proof.slot();
					if let Err(e) = verify_equivocation(&self.set_for(height), &proof, &FakeCrypto)
					{
						self.fail(format!("node {i} reported an invalid equivocation: {e:?}"));
					}
					let offender = self.index_of[proof.offender()];
					if !self.faulty[offender] {
						self.fail(format!("honest node {offender} accused of equivocation"));
					}
				},
				Action::BadMessage { from, reason } => {
					self.stats.bad_messages += 1;
					let blamed = self.index_of.get(&from).copied();
					if reason.signer_at_fault() && blamed.is_some_and(|b| !self.faulty[b]) {
						self.fail(format!("node {i} blamed honest {from} for {reason:?}"));
					}
				},
			}
		}
	}

	/// Records a finalization at node `i` and checks safety. False on a violation.
	fn finalize(&mut self, i: usize, j: &Justification<TestTypes>) -> bool {
		if let Err(e) = verify_justification(&self.set_for(j.height), j, &FakeCrypto) {
			self.fail(format!("node {i} produced an invalid justification: {e:?}"));
			return false;
		}
		let Some(&block) = self.tree.index.get(&j.hash) else {
			self.fail(format!("node {i} finalized unknown block {:#x}", j.hash));
			return false;
		};
		let node = &self.nodes[i];
		if j.height <= node.final_height {
			self.fail(format!("node {i} finalized height {} twice", j.height));
			return false;
		}
		if !self.tree.is_ancestor(node.final_block, block) {
			self.fail(format!(
				"node {i} finalized block #{} at height {}, not descending from its last finalized #{}",
				block, j.height, node.final_block
			));
			return false;
		}
		if self.is_honest(i) {
			match self.decided.get(&j.height) {
				Some(&other) if other != block => {
					self.fail(format!(
						"SAFETY: height {} finalized as block #{other} and as block #{block} (node {i})",
						j.height
					));
					return false;
				},
				Some(_) => {},
				None => {
					self.decided.insert(j.height, block);
					self.stats.heights = self.stats.heights.max(j.height);
					if self.tree.number[block] > self.tree.number[self.global_final] {
						self.global_final = block;
					}
				},
			}
		}
		let node = &mut self.nodes[i];
		node.final_height = j.height;
		node.final_block = block;
		node.justification = Some(j.clone());
		true
	}

	// ---- blocks ----

	fn produce(&mut self) {
		let gf = self.global_final;
		// The longest chain through the last finalized block (Aura builds on the best block,
		// which always contains the finalized one).
		let mut tip = gf;
		for i in gf + 1..self.tree.len() {
			if self.tree.number[i] > self.tree.number[tip] && self.tree.is_ancestor(gf, i) {
				tip = i;
			}
		}
		let parent =
			if tip != gf && self.rng.chance(self.sc.fork_p) { self.tree.parent[tip] } else { tip };
		let block = self.tree.add(parent);
		for i in 0..self.sc.n {
			self.nodes[i].imported.push(false);
			let delay = if self.stable {
				self.rng.range(5, 150)
			} else {
				self.rng.range(5, self.sc.max_delay.max(50))
			};
			self.at(delay, Ev::Arrive { node: i, block });
		}
		let jitter = self.sc.block_ms / 5;
		let next = self.rng.range(self.sc.block_ms - jitter, self.sc.block_ms + jitter);
		self.at(next, Ev::Produce);
	}

	fn arrive(&mut self, i: usize, block: usize) {
		let node = &mut self.nodes[i];
		node.orphans.push(block);
		let mut progress = false;
		loop {
			let ready = node.orphans.iter().position(|b| node.imported[self.tree.parent[*b]]);
			let Some(pos) = ready else { break };
			let b = node.orphans.swap_remove(pos);
			node.imported[b] = true;
			progress = true;
			let (nb, nbest) = (self.tree.number[b], self.tree.number[node.best]);
			if nb > nbest || (nb == nbest && b < node.best) {
				node.best = b;
			}
		}
		if progress {
			let actions = self.with_machine(i, |m, v| m.on_block_imported(v));
			self.apply(i, actions);
		}
	}

	// ---- Byzantine behaviour ----

	fn sign_as<P: SignedPayload>(
		&self,
		i: usize,
		set_id: SetId,
		p: P,
	) -> crate::Signed<TestTypes, P> {
		sign(self.ids[i], set_id, p)
	}

	/// Some other block to vote for: usually a recent real block above `i`'s finalized
	/// block, sometimes a real block *off* the finalized chain (an abandoned fork), or a hash
	/// nobody has.
	fn alt_block(&mut self, i: usize, not: u64) -> (u64, u64) {
		self.other_block(i, not, 0.25)
	}

	/// Like [`Self::alt_block`], with the chance of an unknown hash given.
	fn other_block(&mut self, i: usize, not: u64, unknown_p: f64) -> (u64, u64) {
		let (fh, fnum) = match &self.nodes[i].machine {
			Some(m) => (m.finalized().hash, m.finalized().number),
			None => (self.tree.hash[0], 0),
		};
		if self.rng.chance(unknown_p) {
			return (self.rng.next() | 1, fnum + 1);
		}
		let fi = self.tree.index[&fh];
		let len = self.tree.len();
		let off_chain = self.rng.chance(0.2);
		for _ in 0..16 {
			let b = self.rng.range(len.saturating_sub(24) as u64, len as u64 - 1) as usize;
			let on_chain = self.tree.is_ancestor(fi, b);
			if self.tree.hash[b] != not
				&& on_chain != off_chain
				&& (on_chain || self.tree.number[b] > fnum)
			{
				return (self.tree.hash[b], self.tree.number[b]);
			}
		}
		(self.rng.next() | 1, fnum + 1)
	}

	/// What a Byzantine node does with a message its (honest) machine wants to send.
	fn byz_send(&mut self, i: usize, b: Byz, msg: Msg) {
		if b.silent {
			return;
		}
		match msg {
			Msg::Proposal { proposal, certificate } => {
				let p = proposal.message.clone();
				let set_id = proposal.set_id;
				if b.adversarial_proposer && p.round > 0 {
					let ignore_lock = b.ignore_lock && self.rng.chance(0.5);
					if let Some(m) =
						self.adversarial_proposal(i, set_id, p.height, p.round, ignore_lock)
					{
						return self.broadcast(i, &m);
					}
				}
				if b.equivocate && self.rng.chance(0.7) {
					let (hash, number) = self.alt_block(i, p.hash);
					let twin = self.sign_as(i, set_id, Proposal { hash, number, ..p });
					let first = Msg::Proposal { proposal, certificate: certificate.clone() };
					let second = Msg::Proposal { proposal: twin, certificate };
					return self.send_split(i, first, second);
				}
				self.broadcast(i, &Msg::Proposal { proposal, certificate });
			},
			Msg::Prepare(s) => {
				let mut s = s;
				if b.wrong_hash && self.rng.chance(0.3) {
					let (hash, number) = self.alt_block(i, s.message.hash);
					s = self.sign_as(i, s.set_id, Prepare { hash, number, ..s.message });
				}
				if b.equivocate && self.rng.chance(0.5) {
					let (hash, number) = self.alt_block(i, s.message.hash);
					let twin =
						self.sign_as(i, s.set_id, Prepare { hash, number, ..s.message.clone() });
					return self.send_split(i, Msg::Prepare(s), Msg::Prepare(twin));
				}
				self.broadcast(i, &Msg::Prepare(s));
			},
			Msg::Commit(s) => {
				let mut s = s;
				if b.wrong_hash && self.rng.chance(0.3) {
					let (hash, number) = self.alt_block(i, s.message.hash);
					s = self.sign_as(i, s.set_id, Commit { hash, number, ..s.message });
				}
				if b.bad_seals && self.rng.chance(0.3) {
					s.signature ^= 0xdead;
				}
				if b.equivocate && self.rng.chance(0.5) {
					let (hash, number) = self.alt_block(i, s.message.hash);
					let twin =
						self.sign_as(i, s.set_id, Commit { hash, number, ..s.message.clone() });
					return self.send_split(i, Msg::Commit(s), Msg::Commit(twin));
				}
				if b.withhold_commits && self.rng.chance(0.7) {
					let to = self.rng.below(self.sc.n as u64) as usize;
					if to != i {
						self.send(i, to, Msg::Commit(s));
					}
					return;
				}
				self.broadcast(i, &Msg::Commit(s));
			},
			Msg::RoundChange { round_change, prepared } => {
				let mut out = Msg::RoundChange { round_change, prepared };
				if let Msg::RoundChange { round_change, prepared } = &out {
					if b.lock_hiding && prepared.is_some() && self.rng.chance(0.7) {
						// Claim never to have prepared: a valid message, and a lie.
						let rc = RoundChange { prepared: None, ..round_change.message.clone() };
						let signed = self.sign_as(i, round_change.set_id, rc);
						out = Msg::RoundChange { round_change: signed, prepared: None };
					} else if b.garbage && self.rng.chance(0.3) {
						out =
							self.forged_round_change(i, round_change.set_id, &round_change.message);
					}
				}
				self.broadcast(i, &out);
			},
		}
	}

	/// A ROUND-CHANGE claiming a prepared block with a certificate signed only by Byzantine
	/// validators (fewer than a quorum): must be refused.
	fn forged_round_change(&mut self, i: usize, set_id: SetId, rc: &RoundChange<TestTypes>) -> Msg {
		let (hash, number) = self.alt_block(i, 0);
		let round = rc.round.saturating_sub(1);
		let prepares = self
			.sc
			.byzantine
			.iter()
			.map(|(j, _)| {
				let p = Prepare::<TestTypes> { height: rc.height, round, hash, number };
				(self.ids[*j], self.sign_as(*j, set_id, p).signature)
			})
			.collect();
		let claim = PreparedRef { round, hash, number };
		let signed = self.sign_as(
			i,
			set_id,
			RoundChange { height: rc.height, round: rc.round, prepared: Some(claim) },
		);
		let cert = PreparedCertificate { round, hash, number, prepares };
		Msg::RoundChange { round_change: signed, prepared: Some(cert) }
	}

	/// A *valid* proposal built to dodge locks: the round-change quorum is picked from every
	/// round change sent for this round (the adversary sees the whole network), preferring
	/// those that report no prepared block, and if none is left a different block than the
	/// honest choice is proposed. Safety must survive this. With `ignore_lock`, another block
	/// is proposed even if the certificate requires the prepared one: an invalid proposal.
	/// The other adversarial validators vote for it at once.
	fn adversarial_proposal(
		&mut self,
		i: usize,
		set_id: SetId,
		h: Height,
		r: Round,
		ignore_lock: bool,
	) -> Option<Msg> {
		let pool = self.rc_pool.get(&(h, r))?;
		let mut rcs: Vec<(Option<Round>, Msg)> = pool
			.iter()
			.filter_map(|(_, m)| match m {
				Msg::RoundChange { round_change, .. } if round_change.set_id == set_id => {
					Some((round_change.message.prepared.as_ref().map(|p| p.round), m.clone()))
				},
				_ => None,
			})
			.collect();
		let q = quorum(self.sc.n);
		if rcs.len() < q {
			return None;
		}
		rcs.sort_by_key(|(p, _)| p.map_or(0, |r| r as u64 + 1));
		rcs.truncate(q);
		let mut round_changes = vec![];
		let mut highest: Option<PreparedCertificate<TestTypes>> = None;
		for (_, m) in rcs {
			if let Msg::RoundChange { round_change, prepared } = m {
				if let Some(c) = prepared {
					if highest.as_ref().is_none_or(|h| c.round > h.round) {
						highest = Some(c);
					}
				}
				round_changes.push(round_change);
			}
		}
		self.stats.adversarial_proposals += 1;
		if highest.is_some() && ignore_lock {
			self.stats.lock_ignored += 1;
		}
		let (hash, number) = match &highest {
			Some(c) if !ignore_lock => (c.hash, c.number),
			Some(c) => self.other_block(i, c.hash, 0.0),
			None => {
				let best = self.nodes[i].best;
				self.other_block(i, self.tree.hash[best], 0.0)
			},
		};
		let proposal = self.sign_as(i, set_id, Proposal { height: h, round: r, hash, number });
		let certificate = Some(RoundChangeCertificate { round_changes, prepared: highest });
		// The colluding validators back it with their PREPAREs and COMMITs right away.
		let colluders: Vec<usize> = self
			.sc
			.byzantine
			.iter()
			.filter(|(_, b)| b.adversarial_proposer)
			.map(|(j, _)| *j)
			.collect();
		for j in colluders {
			let p = Prepare { height: h, round: r, hash, number };
			let c = Commit { height: h, round: r, hash, number };
			let (p, c) = (self.sign_as(j, set_id, p), self.sign_as(j, set_id, c));
			self.broadcast(j, &Msg::Prepare(p));
			self.broadcast(j, &Msg::Commit(c));
		}
		Some(Msg::Proposal { proposal, certificate })
	}

	/// Unprompted misbehaviour, a few times a second.
	fn byz_tick(&mut self, i: usize) {
		let Some(b) = self.nodes[i].byz else { return };
		if b.silent {
			return;
		}
		let next = self.rng.range(200, 800);
		self.at(next, Ev::ByzTick { node: i });
		let Some(m) = &self.nodes[i].machine else { return };
		let (h, r, set_id) = (m.height(), m.round(), m.validator_set().set_id());
		let me = self.ids[i];
		let mut msgs = vec![];
		if b.future_rounds {
			let fr = r + self.rng.range(1, 40) as Round;
			let rc = self.sign_as(i, set_id, RoundChange { height: h, round: fr, prepared: None });
			msgs.push(Msg::RoundChange { round_change: rc, prepared: None });
			let (hash, number) = self.alt_block(i, 0);
			let pr = r + self.rng.range(1, 4) as Round;
			msgs.push(Msg::Prepare(self.sign_as(
				i,
				set_id,
				Prepare { height: h, round: pr, hash, number },
			)));
			let p = Proposal { height: h, round: fr, hash, number };
			msgs.push(Msg::Proposal { proposal: self.sign_as(i, set_id, p), certificate: None });
		}
		if b.equivocate {
			// Two conflicting COMMITs for the current round, to everyone.
			let (h1, n1) = self.alt_block(i, 0);
			let (h2, n2) = self.alt_block(i, h1);
			if h1 != h2 {
				let c1 =
					self.sign_as(i, set_id, Commit { height: h, round: r, hash: h1, number: n1 });
				let c2 =
					self.sign_as(i, set_id, Commit { height: h, round: r, hash: h2, number: n2 });
				msgs.push(Msg::Commit(c1));
				msgs.push(Msg::Commit(c2));
				self.stats.twins_seen_by_honest += 1;
			}
		}
		if b.garbage {
			let (hash, number) = self.alt_block(i, 0);
			match self.rng.below(6) {
				0 => {
					let p = Prepare { height: h, round: r, hash, number };
					msgs.push(Msg::Prepare(self.sign_as(i, set_id + 1, p)));
				},
				1 => {
					let fh = h + self.rng.range(1, 6);
					let c = Commit { height: fh, round: 0, hash, number };
					msgs.push(Msg::Commit(self.sign_as(i, set_id, c)));
				},
				2 => {
					let p = Proposal { height: h, round: r, hash, number };
					msgs.push(Msg::Proposal {
						proposal: self.sign_as(i, set_id, p),
						certificate: None,
					});
				},
				3 => {
					// Spoofing an honest validator: the signature cannot verify.
					let victim = self.ids[self.rng.below(self.sc.n as u64) as usize];
					let p = Prepare { height: h, round: r, hash, number };
					let mut s = self.sign_as(i, set_id, p);
					s.from = victim;
					if victim != me {
						msgs.push(Msg::Prepare(s));
					}
				},
				4 => {
					let rc = RoundChange { height: h, round: 0, prepared: None };
					msgs.push(Msg::RoundChange {
						round_change: self.sign_as(i, set_id, rc),
						prepared: None,
					});
				},
				_ => {
					let mut c =
						self.sign_as(i, set_id, Commit { height: h, round: r, hash, number });
					c.signature = self.rng.next();
					msgs.push(Msg::Commit(c));
				},
			}
		}
		for m in msgs {
			self.broadcast(i, &m);
		}
	}

	// ---- main loop ----

	fn honest_final_heights(&self) -> impl Iterator<Item = Height> + '_ {
		self.nodes.iter().filter(|n| n.byz.is_none()).map(|n| n.final_height)
	}

	fn handle(&mut self, ev: Ev) {
		match ev {
			Ev::Deliver { to, msg } => {
				let actions = self.with_machine(to, |m, v| m.on_message(v, msg));
				self.apply(to, actions);
			},
			Ev::Timer { node, epoch, height, round } => {
				if self.nodes[node].epoch == epoch {
					let actions = self.with_machine(node, |m, v| m.on_timeout(v, height, round));
					self.apply(node, actions);
				}
			},
			Ev::Produce => self.produce(),
			Ev::Arrive { node, block } => self.arrive(node, block),
			Ev::Crash { node } => {
				self.nodes[node].machine = None;
				self.nodes[node].epoch += 1;
			},
			Ev::Restart { node } => {
				self.stats.restarts += 1;
				self.start_machine(node);
			},
			Ev::Sync { node } => {
				let next = self.rng.range(self.sc.sync_ms.0, self.sc.sync_ms.1);
				self.at(next, Ev::Sync { node });
				let peer = self.rng.below(self.sc.n as u64) as usize;
				let behind = self.nodes[node].final_height;
				if peer != node && self.nodes[peer].machine.is_some() {
					if let Some(j) = self.nodes[peer].justification.clone() {
						if j.height > behind {
							self.send_justification(peer, node, j);
						}
					}
				}
			},
			Ev::Justify { node, justification: j } => {
				let Some(m) = &self.nodes[node].machine else { return };
				if j.height < m.height() {
					return;
				}
				// What the client does with an imported justification: verify it against
				// the set of its height, finalize, then tell the machine.
				if let Err(e) = verify_justification(&self.set_for(j.height), &j, &FakeCrypto) {
					return self.fail(format!("synced justification does not verify: {e:?}"));
				}
				self.stats.synced += 1;
				if !self.finalize(node, &j) {
					return;
				}
				let next = self.set_for(j.height + 1);
				let actions = self.with_machine(node, |m, v| {
					m.on_finalized(v, j.height, BlockRef::new(j.hash, j.number), next)
				});
				self.apply(node, actions);
			},
			Ev::ByzTick { node } => self.byz_tick(node),
		}
	}

	fn send_justification(
		&mut self,
		from: usize,
		node: usize,
		justification: Justification<TestTypes>,
	) {
		if !self.stable
			&& (self.rng.chance(self.sc.drop_p) || self.sc.partitioned(self.now, from, node))
		{
			return;
		}
		let delay =
			if self.stable { self.rng.range(5, 200) } else { self.rng.range(5, self.sc.max_delay) };
		self.at(delay, Ev::Justify { node, justification });
	}

	fn run(mut self) -> Result<Stats, String> {
		for i in 0..self.sc.n {
			self.start_machine(i);
			let first_sync = self.rng.range(500, 2_000);
			self.at(first_sync, Ev::Sync { node: i });
			if self.nodes[i].byz.is_some() {
				let t = self.rng.range(100, 800);
				self.at(t, Ev::ByzTick { node: i });
			}
		}
		for (node, at, back) in self.sc.crashes.clone() {
			self.at(at, Ev::Crash { node });
			self.at(back, Ev::Restart { node });
		}
		let first_block = self.sc.block_ms;
		self.at(first_block, Ev::Produce);
		while let Some(item) = self.queue.pop() {
			self.now = item.time;
			self.stats.events += 1;
			if !self.stable && self.now >= self.sc.t_stable {
				self.stable = true;
				self.target = self.honest_final_heights().max().unwrap_or(0) + LIVENESS_HEIGHTS;
			}
			self.handle(item.ev);
			if let Some(why) = self.fail.take() {
				return Err(why);
			}
			if self.stable && self.honest_final_heights().all(|h| h >= self.target) {
				self.stats.end_ms = self.now;
				return Ok(self.stats);
			}
			if self.now > self.sc.t_stable + LIVENESS_BUDGET_MS || self.stats.events > MAX_EVENTS {
				let heights: Vec<Height> = self.nodes.iter().map(|n| n.final_height).collect();
				let rounds: Vec<String> = self
					.nodes
					.iter()
					.map(|n| match &n.machine {
						Some(m) => format!("{}/{}", m.height(), m.round()),
						None => "down".into(),
					})
					.collect();
				return Err(format!(
					"LIVENESS: t = {} ms, honest nodes did not all reach height {} \
					 (finalized heights {heights:?}, height/round {rounds:?}, events {})",
					self.now, self.target, self.stats.events
				));
			}
		}
		Err("event queue ran dry".into())
	}
}

fn run_seed(seed: u64) -> Result<(Scenario, Stats), String> {
	let sim = Sim::new(seed);
	let sc = sim.sc.clone();
	let stats = sim.run().map_err(|e| format!("seed {seed}: {e}\n  scenario: {sc:?}"))?;
	if std::env::var("IBFT_SIM_VERBOSE").is_ok() {
		println!(
			"seed {seed}: n {} byz {} t_stable {} block_ms {} drop {:.2} delay {} -> {stats:?}",
			sc.n,
			sc.byzantine.len(),
			sc.t_stable,
			sc.block_ms,
			sc.drop_p,
			sc.max_delay
		);
	}
	// A Byzantine validator that got two conflicting signed messages to an honest node
	// often enough must have been caught at least once.
	let equivocators = sc.byzantine.iter().any(|(_, b)| b.equivocate && !b.silent);
	if equivocators && stats.twins_seen_by_honest >= 20 && stats.equivocations == 0 {
		return Err(format!(
			"seed {seed}: {} conflicting pairs reached honest nodes, none was reported\n  \
			 scenario: {sc:?}",
			stats.twins_seen_by_honest
		));
	}
	Ok((sc, stats))
}

fn env_u64(name: &str) -> Option<u64> {
	std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

#[test]
fn simulated_networks_are_safe_and_live() {
	let seeds: Vec<u64> = match env_u64("IBFT_SIM_SEED") {
		Some(s) => vec![s],
		None => (0..env_u64("IBFT_SIM_SEEDS").unwrap_or(DEFAULT_SEEDS)).collect(),
	};
	let started = Instant::now();
	let failed = AtomicUsize::new(0);
	let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, 8);
	let results: Vec<Result<(Scenario, Stats), String>> = std::thread::scope(|s| {
		let handles: Vec<_> = (0..threads)
			.map(|t| {
				let mine: Vec<u64> = seeds.iter().copied().skip(t).step_by(threads).collect();
				let failed = &failed;
				s.spawn(move || {
					mine.into_iter()
						.take_while(|_| failed.load(AtomicOrdering::Relaxed) < MAX_FAILURES)
						.map(|seed| {
							let r = run_seed(seed);
							if r.is_err() {
								failed.fetch_add(1, AtomicOrdering::Relaxed);
							}
							r
						})
						.collect::<Vec<_>>()
				})
			})
			.collect();
		handles.into_iter().flat_map(|h| h.join().expect("simulation thread")).collect()
	});
	let failures: Vec<&String> = results.iter().filter_map(|r| r.as_ref().err()).collect();
	let ok: Vec<&(Scenario, Stats)> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
	let sum = |f: fn(&Stats) -> u64| ok.iter().map(|(_, s)| f(s)).sum::<u64>();
	println!(
		"IBFT simulation: {} seeds run of {} ({} failed) in {:.1?} on {threads} threads; sizes 4..=30 \
		 ({} with Byzantine validators, {} with amnesiac restarts, {} with crashes); \
		 {} heights, {} decisions, {} justification syncs, {} restarts, max round {}, \
		 {} equivocations reported, {} bad messages reported, {} events, \
		 {} adversarial proposals ({} ignoring a lock)",
		results.len(),
		seeds.len(),
		failures.len(),
		started.elapsed(),
		ok.iter().filter(|(sc, _)| !sc.byzantine.is_empty()).count(),
		ok.iter().filter(|(sc, _)| !sc.amnesiac.is_empty()).count(),
		ok.iter().filter(|(sc, _)| !sc.crashes.is_empty()).count(),
		sum(|s| s.heights),
		sum(|s| s.decisions),
		sum(|s| s.synced),
		sum(|s| s.restarts),
		ok.iter().map(|(_, s)| s.max_round).max().unwrap_or(0),
		sum(|s| s.equivocations),
		sum(|s| s.bad_messages),
		sum(|s| s.events),
		sum(|s| s.adversarial_proposals),
		sum(|s| s.lock_ignored),
	);
	if !failures.is_empty() {
		for f in failures.iter().take(10) {
			eprintln!("{f}");
		}
		let first = failures[0].split(':').next().unwrap_or("");
		panic!(
			"{} of {} seeds failed; replay one with IBFT_SIM_SEED=<seed> (first: {first})",
			failures.len(),
			seeds.len()
		);
	}
}

#[test]
fn simulation_is_deterministic() {
	let a = run_seed(12_345).map(|(_, s)| (s.events, s.decisions, s.heights));
	let b = run_seed(12_345).map(|(_, s)| (s.events, s.decisions, s.heights));
	assert_eq!(a, b);
}
