//! The miner: pool choice, the hashing threads, share submission, epoch tracking and progress;
//! `mine pools`, `mine bench`, `rewards check` and `rewards claim`.

use super::{
	address, format_fee, format_rate, format_units, pair_from_suri, tx::Chain, tx::ShareRefusal,
	BenchCmd, CheckCmd, ClaimCmd, PoolChoice, PoolsCmd, StartCmd,
};
use crate::rpc::mining::{PoolJson, StatsJson, WorkJson};
use codec::Encode;
use metanode_runtime::{AccountId, RuntimeCall, RuntimeEvent};
use pallet_mining_runtime_api::{meets_target, work_hash};
use sp_core::{sr25519, Pair};
use sp_runtime::{BoundedVec, Perbill};
use std::{
	collections::BTreeMap,
	hash::{BuildHasher, Hasher},
	sync::{
		atomic::{AtomicBool, AtomicU64, Ordering},
		Arc, Mutex,
	},
	time::{Duration, Instant},
};
use tokio::sync::mpsc;

/// Hashes between two looks at the shared job.
const BATCH: u64 = 4096;

/// How long to wait, after stopping, for submitted shares to reach a block.
const DRAIN: Duration = Duration::from_secs(5);

// ----------------------------------------------------------------------------------------------
// Hashing threads
// ----------------------------------------------------------------------------------------------

/// What the threads hash.
struct Job {
	generation: u64,
	epoch: u32,
	seed: [u8; 32],
	target: [u8; 32],
	start: u64,
}

/// State shared by the hashing threads and the controller.
struct Shared {
	job: Mutex<Arc<Job>>,
	generation: AtomicU64,
	stop: AtomicBool,
	hashes: AtomicU64,
	miner: Vec<u8>,
	threads: u64,
}

/// A found share.
struct Found {
	epoch: u32,
	nonce: u64,
}

impl Shared {
	fn new(miner: &AccountId, threads: usize) -> Self {
		Shared {
			job: Mutex::new(Arc::new(Job {
				generation: 0,
				epoch: 0,
				seed: [0; 32],
				target: [0; 32],
				start: 0,
			})),
			generation: AtomicU64::new(0),
			stop: AtomicBool::new(false),
			hashes: AtomicU64::new(0),
			miner: miner.encode(),
			threads: threads as u64,
		}
	}

	/// Hands the threads new work, starting from a fresh random nonce.
	fn set_job(&self, work: &WorkJson) {
		let mut job = self.job.lock().expect("no thread panics holding the job lock; qed");
		let generation = job.generation + 1;
		*job = Arc::new(Job {
			generation,
			epoch: work.epoch,
			seed: work.seed.0,
			target: work.target.0,
			start: random_u64(),
		});
		self.generation.store(generation, Ordering::Release);
	}

	fn current(&self) -> Arc<Job> {
		self.job.lock().expect("no thread panics holding the job lock; qed").clone()
	}
}

/// A random 64-bit number (the std hasher's random keys, mixed with the time).
fn random_u64() -> u64 {
	let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
	hasher.write_u128(
		std::time::SystemTime::now()
			.duration_since(std::time::UNIX_EPOCH)
			.map(|d| d.as_nanos())
			.unwrap_or_default(),
	);
	hasher.finish()
}

/// A hashing thread: nonces `start + index + k * threads` of the current job.
fn hash_loop(index: u64, shared: Arc<Shared>, found: mpsc::UnboundedSender<Found>) {
	let mut job = shared.current();
	let mut nonce = job.start.wrapping_add(index);
	while !shared.stop.load(Ordering::Relaxed) {
		if shared.generation.load(Ordering::Acquire) != job.generation {
			job = shared.current();
			nonce = job.start.wrapping_add(index);
		}
		for _ in 0..BATCH {
			let hash = work_hash(&job.seed, &shared.miner, nonce);
			if meets_target(&hash, &job.target)
				&& found.send(Found { epoch: job.epoch, nonce }).is_err()
			{
				return;
			}
			nonce = nonce.wrapping_add(shared.threads);
		}
		shared.hashes.fetch_add(BATCH, Ordering::Relaxed);
	}
}

// ----------------------------------------------------------------------------------------------
// Pools
// ----------------------------------------------------------------------------------------------

/// The expected payout of one more share in `pool`: `(1 - fee) * reward_available /
/// (shares_this_epoch + 1)`, with the epoch's shares over all pools (the pallet splits the
/// reward pro rata to every share of the epoch, then takes the pool's fee).
fn payout_per_share(pool: &PoolJson, stats: &StatsJson) -> u128 {
	let reward: u128 = stats.reward_available.parse().unwrap_or_default();
	let after_fee = (Perbill::one() - Perbill::from_parts(pool.fee_perbill)).mul_floor(reward);
	after_fee / (u128::from(stats.shares_this_epoch) + 1)
}

/// The open pools, best first: highest payout per share, then fewest shares this epoch, then
/// fewest members, then lowest id.
fn rank_pools(pools: &[PoolJson], stats: &StatsJson) -> Vec<(PoolJson, u128)> {
	let mut ranked: Vec<_> =
		pools.iter().map(|p| (p.clone(), payout_per_share(p, stats))).collect();
	ranked.sort_by(|(a, pa), (b, pb)| {
		pb.cmp(pa)
			.then(a.fee_perbill.cmp(&b.fee_perbill))
			.then(a.shares_this_epoch.cmp(&b.shares_this_epoch))
			.then(a.members.cmp(&b.members))
			.then(a.id.cmp(&b.id))
	});
	ranked
}

fn describe_pool(p: &PoolJson) -> String {
	format!(
		"pool {} `{}` (fee {}, {} member{}, {} share{} this epoch)",
		p.id,
		p.name,
		format_fee(p.fee_perbill),
		p.members,
		if p.members == 1 { "" } else { "s" },
		p.shares_this_epoch,
		if p.shares_this_epoch == 1 { "" } else { "s" },
	)
}

/// The pool id from a `PoolOpened` event of `events`.
fn opened_pool(events: &[RuntimeEvent]) -> Option<u32> {
	events.iter().find_map(|e| match e {
		RuntimeEvent::Mining(pallet_mining::Event::PoolOpened { pool, .. }) => Some(*pool),
		_ => None,
	})
}

/// Makes sure `pair`'s account mines for the chosen pool (joining, switching, or opening a
/// solo pool for `auto` when none is open) and returns that pool.
async fn ensure_pool(
	chain: &Chain,
	pair: &sr25519::Pair,
	choice: PoolChoice,
	current: Option<u32>,
) -> Result<PoolJson, String> {
	let me: AccountId = pair.public().into();
	let pools = chain.pools().await?;
	let target = match choice {
		PoolChoice::Id(id) => pools.iter().find(|p| p.id == id).cloned().ok_or_else(|| {
			format!(
				"pool {id} is not open: list the open pools with `metanode mine pools --url {}`, \
				 or pass --pool auto",
				chain.url
			)
		})?,
		PoolChoice::Auto if pools.is_empty() => {
			let name = format!("solo {}", &address(&me)[..8]);
			println!(
				"no pool is open: opening a solo pool `{name}` (fee 0; the pool deposit is held \
				 from this account and returned when the pool closes)"
			);
			let name: BoundedVec<u8, _> = name
				.into_bytes()
				.try_into()
				.map_err(|_| "the solo pool's name is too long for the runtime".to_string())?;
			let call =
				RuntimeCall::Mining(pallet_mining::Call::open_pool { fee: Perbill::zero(), name });
			let included = chain.submit_signed(pair, call, "opening a solo pool").await?;
			let id = opened_pool(&included.events).ok_or_else(|| {
				"opening a solo pool: the block has no PoolOpened event".to_string()
			})?;
			println!("opened pool {id} in block #{}", included.block_number);
			chain.pools().await?.into_iter().find(|p| p.id == id).ok_or_else(|| {
				format!("pool {id} was opened but is not listed as open; try again")
			})?
		},
		PoolChoice::Auto => {
			let stats = chain.stats().await?;
			let ranked = rank_pools(&pools, &stats);
			let (best, best_payout) = ranked[0].clone();
			// Keep the current pool if it is as good as the best (same payout and fee): a
			// switch costs a fee.
			let keep = current.and_then(|id| {
				ranked
					.iter()
					.find(|(p, payout)| {
						p.id == id && *payout == best_payout && p.fee_perbill == best.fee_perbill
					})
					.cloned()
			});
			let (pick, payout) = keep.unwrap_or((best, best_payout));
			println!(
				"pool auto: picked {} of {} open: expected {} NEX per share now = (1 - fee) x \
				 reward available {} NEX / (epoch shares {} + 1)",
				describe_pool(&pick),
				pools.len(),
				format_units(payout),
				format_units(stats.reward_available.parse().unwrap_or_default()),
				stats.shares_this_epoch,
			);
			pick
		},
	};
	match current {
		Some(id) if id == target.id => println!("already in pool {id}"),
		Some(from) => {
			let call = RuntimeCall::Mining(pallet_mining::Call::switch_pool { pool: target.id });
			let included = chain
				.submit_signed(pair, call, &format!("switching from pool {from} to {}", target.id))
				.await?;
			println!(
				"switched from pool {from} to pool {} in block #{}",
				target.id, included.block_number
			);
		},
		None => {
			let call = RuntimeCall::Mining(pallet_mining::Call::join_pool { pool: target.id });
			let included =
				chain.submit_signed(pair, call, &format!("joining pool {}", target.id)).await?;
			println!("joined pool {} in block #{}", target.id, included.block_number);
		},
	}
	// The pool as it is now (with this miner counted).
	let now = chain.pools().await?.into_iter().find(|p| p.id == target.id);
	Ok(now.unwrap_or(target))
}

// ----------------------------------------------------------------------------------------------
// `mine start`
// ----------------------------------------------------------------------------------------------

/// Share counts.
#[derive(Default)]
struct Tally {
	/// Shares the pool took, per epoch.
	submitted: BTreeMap<u32, u32>,
	/// Shares of closed epochs that are in blocks.
	accepted: u64,
	/// Shares of closed epochs the pool took but no block included before the epoch closed.
	dropped: u64,
	/// Shares the pool refused, by reason.
	refused: BTreeMap<String, u64>,
	/// Shares found too late for their epoch (not submitted).
	late: u64,
	/// Submissions still waiting for the node's answer.
	in_flight: u64,
}

impl Tally {
	fn refused_total(&self) -> u64 {
		self.refused.values().sum()
	}
}

/// The controller's view of the chain.
struct Miner {
	chain: Arc<Chain>,
	pair: sr25519::Pair,
	me: AccountId,
	cmd: StartCmd,
	shared: Arc<Shared>,
	tally: Arc<Mutex<Tally>>,
	work: WorkJson,
	pool: PoolJson,
	best: u32,
	epochs_closed: u32,
	started: Instant,
	last_report: (Instant, u64),
}

impl Miner {
	fn tally(&self) -> std::sync::MutexGuard<'_, Tally> {
		self.tally.lock().expect("no task panics holding the tally lock; qed")
	}

	/// Whether a share of the current epoch can still reach a block: it must be in a block
	/// before `epoch_ends_at`, and the next block is `best + 1`.
	fn open_for_shares(&self) -> bool {
		self.best.saturating_add(1) < self.work.epoch_ends_at
	}

	/// A new best block.
	async fn on_head(&mut self, number: u32) -> Result<(), String> {
		self.best = self.best.max(number);
		if self.best >= self.work.epoch_ends_at {
			self.refresh().await?;
		}
		Ok(())
	}

	/// Reads the work again; handles an epoch change and a lost pool.
	async fn refresh(&mut self) -> Result<(), String> {
		let work = self.chain.work(&self.me).await?;
		self.best = self.best.max(work.block_number);
		if work.epoch != self.work.epoch {
			let old = std::mem::replace(&mut self.work, work.clone());
			self.close_epoch(&old).await;
			self.epochs_closed += work.epoch.saturating_sub(old.epoch);
			self.shared.set_job(&work);
		} else {
			self.work = work.clone();
		}
		if work.pool.is_none() {
			match self.cmd.pool {
				PoolChoice::Id(id) => {
					return Err(format!(
						"pool {id} is no longer open for this account (closed?): pick another \
						 with `metanode mine pools` and --pool, or use --pool auto"
					))
				},
				PoolChoice::Auto => {
					println!("the pool {} is no longer open: choosing again", self.pool.id);
					self.pool =
						ensure_pool(&self.chain, &self.pair, PoolChoice::Auto, None).await?;
					self.work = self.chain.work(&self.me).await?;
					self.shared.set_job(&self.work);
				},
			}
		}
		Ok(())
	}

	/// Counts the shares of closed epoch `old` that made it into its blocks.
	async fn close_epoch(&mut self, old: &WorkJson) {
		let submitted = self.tally().submitted.remove(&old.epoch).unwrap_or(0);
		let last_block = old.epoch_ends_at.saturating_sub(1);
		let included = match self.chain.block_hash(last_block).await {
			Ok(Some(hash)) => self.chain.shares_in_blocks(old.epoch, &self.me, Some(hash)).await,
			Ok(None) => Err(format!("block #{last_block} is unknown")),
			Err(e) => Err(e),
		};
		let included = match included {
			Ok(n) => n,
			Err(e) => {
				eprintln!("warning: cannot count the shares of epoch {}: {e}", old.epoch);
				submitted
			},
		};
		let mut tally = self.tally();
		tally.accepted += u64::from(included);
		tally.dropped += u64::from(submitted.saturating_sub(included));
		let dropped = submitted.saturating_sub(included);
		drop(tally);
		println!(
			"epoch {} closed at block #{}: {included} share{} of this miner in blocks{}",
			old.epoch,
			old.epoch_ends_at,
			if included == 1 { "" } else { "s" },
			if dropped > 0 { format!(", {dropped} not included in time") } else { String::new() },
		);
	}

	/// A share found by a thread.
	fn on_found(&mut self, found: Found) {
		if found.epoch != self.work.epoch || !self.open_for_shares() {
			self.tally().late += 1;
			return;
		}
		self.tally().in_flight += 1;
		let chain = self.chain.clone();
		let tally = self.tally.clone();
		let me = self.me.clone();
		tokio::spawn(async move {
			let result = chain.submit_share(&me, found.epoch, found.nonce).await;
			let mut tally = tally.lock().expect("no task panics holding the tally lock; qed");
			tally.in_flight -= 1;
			match result {
				Ok(_) => *tally.submitted.entry(found.epoch).or_default() += 1,
				Err(ShareRefusal::Refused(reason)) => {
					*tally.refused.entry(reason).or_default() += 1
				},
				Err(ShareRefusal::Connection(e)) => {
					*tally.refused.entry(format!("not sent: {e}")).or_default() += 1
				},
			}
		});
	}

	/// This miner's shares of the current epoch in blocks, and the epoch's statistics.
	async fn current_epoch(&self) -> Result<(u32, StatsJson), String> {
		let mine = self.chain.shares_in_blocks(self.work.epoch, &self.me, None).await?;
		let stats = self.chain.stats().await?;
		Ok((mine, stats))
	}

	/// Prints a progress line.
	async fn report(&mut self) -> Result<(), String> {
		let now = Instant::now();
		let hashes = self.shared.hashes.load(Ordering::Relaxed);
		let (then, before) = self.last_report;
		let rate = (hashes - before) as f64 / now.duration_since(then).as_secs_f64().max(1e-3);
		self.last_report = (now, hashes);

		let (mine, stats) = self.current_epoch().await?;
		let claimable = self.chain.rewards(&self.me).await?;
		let reward: u128 = stats.reward_available.parse().unwrap_or_default();
		let estimate = if stats.epoch == self.work.epoch && stats.shares_this_epoch > 0 {
			let pool_part =
				(Perbill::one() - Perbill::from_parts(self.pool.fee_perbill)).mul_floor(reward);
			pallet_mining::mul_div(pool_part, mine, stats.shares_this_epoch)
		} else {
			0
		};
		let tally = self.tally();
		let submitted_now = tally.submitted.get(&self.work.epoch).copied().unwrap_or(0);
		let pending = u64::from(submitted_now.saturating_sub(mine)) + tally.in_flight;
		println!(
			"epoch {} (block #{}, ends at #{}) | {} | shares: {} accepted, {} pending, {} \
			 rejected, {} late | est. reward this epoch {} NEX | claimable {} NEX",
			self.work.epoch,
			self.best,
			self.work.epoch_ends_at,
			format_rate(rate),
			tally.accepted + u64::from(mine),
			pending,
			tally.refused_total() + tally.dropped,
			tally.late,
			format_units(estimate),
			format_units(claimable),
		);
		Ok(())
	}
}

/// `metanode mine start`.
pub async fn start(cmd: StartCmd) -> Result<(), String> {
	if cmd.threads == 0 {
		return Err("--threads must be at least 1".into());
	}
	if cmd.epochs == Some(0) || cmd.duration == Some(0) {
		return Err("--epochs and --duration must be at least 1".into());
	}
	let pair = pair_from_suri(&cmd.account)?;
	let me: AccountId = pair.public().into();
	let chain = Arc::new(Chain::connect(&cmd.url).await?);
	println!(
		"miner {} on {} (runtime spec {}), {} thread{}",
		address(&me),
		cmd.url,
		chain.spec_version,
		cmd.threads,
		if cmd.threads == 1 { "" } else { "s" }
	);

	let work = chain.work(&me).await?;
	let pool = ensure_pool(&chain, &pair, cmd.pool, work.pool).await?;
	let work = chain.work(&me).await?;
	if work.pool != Some(pool.id) {
		return Err(format!(
			"this account is not in pool {} after joining it: check the pool with `metanode mine \
			 pools` and try again",
			pool.id
		));
	}
	println!(
		"mining for {} | epoch {} ends at block #{} | difficulty {}",
		describe_pool(&pool),
		work.epoch,
		work.epoch_ends_at,
		work.difficulty
	);

	let shared = Arc::new(Shared::new(&me, cmd.threads));
	shared.set_job(&work);
	let (found_tx, mut found_rx) = mpsc::unbounded_channel();
	let threads: Vec<_> = (0..cmd.threads as u64)
		.map(|index| {
			let shared = shared.clone();
			let found = found_tx.clone();
			std::thread::Builder::new()
				.name(format!("miner-{index}"))
				.spawn(move || hash_loop(index, shared, found))
				.map_err(|e| format!("cannot start a mining thread: {e}"))
		})
		.collect::<Result<_, _>>()?;
	drop(found_tx);

	let mut heads = chain.subscribe_heads().await?;
	let started = Instant::now();
	let mut miner = Miner {
		chain: chain.clone(),
		pair,
		me,
		cmd: cmd.clone(),
		shared: shared.clone(),
		tally: Arc::default(),
		best: work.block_number,
		work,
		pool,
		epochs_closed: 0,
		started,
		last_report: (started, 0),
	};

	let mut ticker = tokio::time::interval(Duration::from_secs(cmd.report_every.max(1)));
	ticker.tick().await;
	let deadline = cmd.duration.map(|s| tokio::time::Instant::now() + Duration::from_secs(s));
	let stop_signal = stop_signal();
	tokio::pin!(stop_signal);

	let outcome: Result<&str, String> = loop {
		tokio::select! {
			reason = &mut stop_signal => break Ok(reason),
			_ = async { tokio::time::sleep_until(deadline.expect("guarded; qed")).await },
				if deadline.is_some() => break Ok("--duration reached"),
			head = heads.next() => match head {
				Some(Ok(header)) => {
					let number = header["number"]
						.as_str()
						.and_then(|n| u32::from_str_radix(n.trim_start_matches("0x"), 16).ok());
					if let Some(number) = number {
						if let Err(e) = miner.on_head(number).await {
							break Err(e);
						}
					}
					if cmd.epochs.is_some_and(|n| miner.epochs_closed >= n) {
						break Ok("--epochs reached");
					}
				},
				_ => break Err(format!(
					"lost the connection to the node at {}: check that it is still running",
					cmd.url
				)),
			},
			Some(found) = found_rx.recv() => miner.on_found(found),
			_ = ticker.tick() => {
				if let Err(e) = miner.report().await {
					break Err(e);
				}
			},
		}
	};

	shared.stop.store(true, Ordering::Relaxed);
	for thread in threads {
		let _ = thread.join();
	}
	let reason = outcome?;
	println!("stopping: {reason}");

	// Let the shares already in the pool reach a block.
	let drain_until = Instant::now() + DRAIN;
	while Instant::now() < drain_until {
		if miner.refresh().await.is_err() {
			break;
		}
		let in_flight = miner.tally().in_flight;
		let submitted = miner.tally().submitted.get(&miner.work.epoch).copied().unwrap_or(0);
		let mine = chain.shares_in_blocks(miner.work.epoch, &miner.me, None).await.unwrap_or(0);
		if in_flight == 0 && mine >= submitted {
			break;
		}
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
	let hashes = shared.hashes.load(Ordering::Relaxed);
	let elapsed = miner.started.elapsed().as_secs_f64().max(1e-3);
	let mine = chain.shares_in_blocks(miner.work.epoch, &miner.me, None).await.unwrap_or(0);
	let claimable = chain.rewards(&miner.me).await?;
	let tally = miner.tally();
	println!(
		"done after {:.0} s and {} closed epoch{}: {} hashes ({}), shares: {} accepted, {} \
		 rejected, {} late",
		elapsed,
		miner.epochs_closed,
		if miner.epochs_closed == 1 { "" } else { "s" },
		hashes,
		format_rate(hashes as f64 / elapsed),
		tally.accepted + u64::from(mine),
		tally.refused_total() + tally.dropped,
		tally.late,
	);
	for (reason, count) in &tally.refused {
		println!("  refused by the pool: {count} x {reason}");
	}
	println!(
		"claimable now: {} NEX ({claimable}); claim it with `metanode rewards claim --account \
		 <secret> --url {}`",
		format_units(claimable),
		cmd.url
	);
	Ok(())
}

/// Resolves on Ctrl-C (and SIGTERM on Unix) with what was received.
async fn stop_signal() -> &'static str {
	#[cfg(unix)]
	{
		use tokio::signal::unix::{signal, SignalKind};
		match signal(SignalKind::terminate()) {
			Ok(mut term) => tokio::select! {
				_ = tokio::signal::ctrl_c() => "Ctrl-C",
				_ = term.recv() => "SIGTERM",
			},
			Err(_) => {
				let _ = tokio::signal::ctrl_c().await;
				"Ctrl-C"
			},
		}
	}
	#[cfg(not(unix))]
	{
		let _ = tokio::signal::ctrl_c().await;
		"Ctrl-C"
	}
}

// ----------------------------------------------------------------------------------------------
// `mine pools`, `rewards check`, `rewards claim`
// ----------------------------------------------------------------------------------------------

/// `metanode mine pools`.
pub async fn list_pools(cmd: PoolsCmd) -> Result<(), String> {
	let chain = Chain::connect(&cmd.url).await?;
	let pools = chain.pools().await?;
	let stats = chain.stats().await?;
	let ranked = rank_pools(&pools, &stats);
	if cmd.json {
		let list: Vec<_> = ranked
			.iter()
			.map(|(p, payout)| {
				let mut value = serde_json::to_value(p).unwrap_or_default();
				value["payoutPerShare"] = payout.to_string().into();
				value
			})
			.collect();
		let out = serde_json::json!({ "stats": stats, "pools": list });
		println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
		return Ok(());
	}
	println!(
		"epoch {} | {} share{} so far (target {} per epoch of {} blocks) | difficulty {} | \
		 reward available {} NEX",
		stats.epoch,
		stats.shares_this_epoch,
		if stats.shares_this_epoch == 1 { "" } else { "s" },
		stats.target_shares,
		stats.epoch_length,
		stats.difficulty,
		format_units(stats.reward_available.parse().unwrap_or_default()),
	);
	if pools.is_empty() {
		println!(
			"no pool is open. `metanode mine start --pool auto` opens a solo pool (fee 0) and \
			 joins it; or open one with the signed call `mining.openPool(fee, name)`"
		);
		return Ok(());
	}
	println!(
		"{:>5}  {:<24} {:>10} {:>8} {:>13} {:>22}  operator",
		"id", "name", "fee", "members", "epoch shares", "NEX per share (est.)"
	);
	for (p, payout) in &ranked {
		println!(
			"{:>5}  {:<24} {:>10} {:>8} {:>13} {:>22}  {}",
			p.id,
			p.name,
			format_fee(p.fee_perbill),
			p.members,
			p.shares_this_epoch,
			format_units(*payout),
			p.operator
		);
	}
	println!(
		"(best first; `--pool auto` picks the first: the payout of one more share is (1 - fee) x \
		 reward available / (epoch shares + 1))"
	);
	Ok(())
}

/// `metanode rewards check`.
pub async fn check_rewards(cmd: CheckCmd) -> Result<(), String> {
	let account = super::account_from_input(&cmd.account)?;
	let chain = Chain::connect(&cmd.url).await?;
	let claimable = chain.rewards(&account).await?;
	let work = chain.work(&account).await?;
	if cmd.json {
		let out = serde_json::json!({
			"account": address(&account),
			"claimable": claimable.to_string(),
			"pool": work.pool,
			"epoch": work.epoch,
		});
		println!("{out}");
		return Ok(());
	}
	println!(
		"{}: {} NEX claimable ({claimable} units){}",
		address(&account),
		format_units(claimable),
		match work.pool {
			Some(pool) => format!(", mining for pool {pool} in epoch {}", work.epoch),
			None => ", in no pool".into(),
		}
	);
	Ok(())
}

/// `metanode rewards claim`.
pub async fn claim_rewards(cmd: ClaimCmd) -> Result<(), String> {
	let pair = pair_from_suri(&cmd.account)?;
	let me: AccountId = pair.public().into();
	let chain = Chain::connect(&cmd.url).await?;
	let claimable = chain.rewards(&me).await?;
	if claimable == 0 {
		return Err(format!(
			"{} has no mining rewards to claim: mine (`metanode mine start`) and wait until an \
			 epoch with your shares closes",
			address(&me)
		));
	}
	let call = RuntimeCall::Mining(pallet_mining::Call::claim_rewards {});
	let included = chain.submit_signed(&pair, call, "claiming the rewards").await?;
	let amount = included
		.events
		.iter()
		.find_map(|e| match e {
			RuntimeEvent::Mining(pallet_mining::Event::RewardsClaimed { who, amount })
				if *who == me =>
			{
				Some(*amount)
			},
			_ => None,
		})
		.ok_or_else(|| {
			format!(
				"the claim is in block {:?} but has no RewardsClaimed event; check the account",
				included.block_hash
			)
		})?;
	if cmd.json {
		let out = serde_json::json!({
			"account": address(&me),
			"amount": amount.to_string(),
			"blockNumber": included.block_number,
			"blockHash": included.block_hash,
		});
		println!("{out}");
	} else {
		println!(
			"claimed {} NEX ({amount} units) for {} in block #{} ({:?})",
			format_units(amount),
			address(&me),
			included.block_number,
			included.block_hash
		);
	}
	Ok(())
}

// ----------------------------------------------------------------------------------------------
// `mine bench`
// ----------------------------------------------------------------------------------------------

/// `metanode mine bench`: hashes per second per thread, and the cost of one share check.
pub fn bench(cmd: &BenchCmd) -> Result<(), String> {
	if cmd.threads == 0 || cmd.seconds == 0 {
		return Err("--threads and --seconds must be at least 1".into());
	}
	let seed: [u8; 32] = sp_io::hashing::blake2_256(&random_u64().to_le_bytes());
	let account = AccountId::new([0x42; 32]);
	let miner = account.encode();
	// A target no hash meets: every nonce is hashed and compared, as when mining.
	let target = [0u8; 32];
	let stop = Arc::new(AtomicBool::new(false));
	let threads: Vec<_> = (0..cmd.threads as u64)
		.map(|index| {
			let stop = stop.clone();
			let miner = miner.clone();
			std::thread::spawn(move || {
				let started = Instant::now();
				let mut nonce = index << 48;
				let mut hashes = 0u64;
				let mut found = 0u64;
				while !stop.load(Ordering::Relaxed) {
					for _ in 0..BATCH {
						let hash = work_hash(&seed, &miner, nonce);
						found += u64::from(meets_target(&hash, &target));
						nonce = nonce.wrapping_add(1);
					}
					hashes += BATCH;
				}
				std::hint::black_box(found);
				(hashes, started.elapsed().as_secs_f64())
			})
		})
		.collect();
	std::thread::sleep(Duration::from_secs(cmd.seconds));
	stop.store(true, Ordering::Relaxed);
	let per_thread: Vec<(u64, f64)> =
		threads.into_iter().map(|t| t.join().unwrap_or((0, 1.0))).collect();
	let rates: Vec<f64> = per_thread.iter().map(|(h, s)| *h as f64 / s.max(1e-3)).collect();
	let total: f64 = rates.iter().sum();

	// The check the runtime does per share: encode the account, one work hash, one comparison.
	let verify_iterations = 1_000_000u64;
	let started = Instant::now();
	let mut met = 0u64;
	for nonce in 0..verify_iterations {
		let hash = work_hash(&seed, &std::hint::black_box(&account).encode(), nonce);
		met += u64::from(meets_target(&hash, std::hint::black_box(&target)));
	}
	std::hint::black_box(met);
	let verify_ns = started.elapsed().as_nanos() as f64 / verify_iterations as f64;

	type Weights = pallet_mining::weights::SubstrateWeight<metanode_runtime::Runtime>;
	let authorize = <Weights as pallet_mining::WeightInfo>::authorize_submit_share();
	let submit = <Weights as pallet_mining::WeightInfo>::submit_share();

	if cmd.json {
		let out = serde_json::json!({
			"threads": cmd.threads,
			"seconds": cmd.seconds,
			"hashesPerSecondPerThread": rates.iter().map(|r| r.round() as u64).collect::<Vec<_>>(),
			"hashesPerSecond": total.round() as u64,
			"hashesPerSecondPerThreadMean": (total / cmd.threads as f64).round() as u64,
			"verifyNanoseconds": (verify_ns * 10.0).round() / 10.0,
			"weights": {
				"authorizeSubmitShare": { "refTime": authorize.ref_time(), "proofSize": authorize.proof_size() },
				"submitShare": { "refTime": submit.ref_time(), "proofSize": submit.proof_size() },
			},
		});
		println!("{out}");
		return Ok(());
	}
	println!(
		"work_hash = blake2_256(seed 32 B ‖ account 32 B ‖ nonce 8 B), then meets_target; {} \
		 thread{} for {} s",
		cmd.threads,
		if cmd.threads == 1 { "" } else { "s" },
		cmd.seconds
	);
	for (i, ((hashes, _), rate)) in per_thread.iter().zip(&rates).enumerate() {
		println!("  thread {i}: {} ({hashes} hashes)", format_rate(*rate));
	}
	println!(
		"total: {} ({:.0} H/s), {} per thread",
		format_rate(total),
		total,
		format_rate(total / cmd.threads as f64)
	);
	println!(
		"share check natively (account encoding + work_hash + meets_target, one thread): {:.1} ns",
		verify_ns
	);
	println!(
		"runtime weights (pallet_mining::weights, incl. DB reads/writes): authorize_submit_share \
		 {} ps ref time, submit_share {} ps",
		authorize.ref_time(),
		submit.ref_time()
	);
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_core::H256;

	fn pool(id: u32, fee_percent: u32, shares: u32) -> PoolJson {
		PoolJson {
			id,
			operator: String::new(),
			fee_perbill: fee_percent * 10_000_000,
			name: format!("p{id}"),
			name_hex: sp_core::Bytes(Vec::new()),
			members: 1,
			shares_this_epoch: shares,
		}
	}

	fn stats(reward: u128, shares: u32) -> StatsJson {
		StatsJson {
			epoch: 0,
			shares_this_epoch: shares,
			target: H256::zero(),
			difficulty: "1".into(),
			shares_last_epoch: 0,
			hashrate_estimate: "0".into(),
			target_shares: 20,
			epoch_length: 10,
			reward_available: reward.to_string(),
			block_number: 0,
		}
	}

	#[test]
	fn auto_prefers_the_lowest_fee_then_the_quietest_pool() {
		let s = stats(1_000_000, 9);
		let ranked = rank_pools(&[pool(0, 10, 1), pool(1, 0, 8), pool(2, 0, 0)], &s);
		let ids: Vec<_> = ranked.iter().map(|(p, _)| p.id).collect();
		assert_eq!(ids, vec![2, 1, 0]);
		assert_eq!(ranked[0].1, 100_000);
		assert_eq!(ranked[2].1, 90_000);
	}

	#[test]
	fn threads_find_shares_that_the_pallet_accepts() {
		let account = AccountId::new([9; 32]);
		let shared = Arc::new(Shared::new(&account, 2));
		let work = WorkJson {
			epoch: 4,
			seed: H256::repeat_byte(1),
			target: H256(pallet_mining_runtime_api::pow::target_from_difficulty(16)),
			difficulty: "16".into(),
			pool: Some(0),
			epoch_ends_at: 100,
			block_number: 1,
			block_hash: H256::zero(),
		};
		shared.set_job(&work);
		let (tx, mut rx) = mpsc::unbounded_channel();
		let handles: Vec<_> = (0..2)
			.map(|i| {
				let (shared, tx) = (shared.clone(), tx.clone());
				std::thread::spawn(move || hash_loop(i, shared, tx))
			})
			.collect();
		let mut shares = Vec::new();
		while shares.len() < 10 {
			shares.push(rx.blocking_recv().unwrap());
		}
		shared.stop.store(true, Ordering::Relaxed);
		drop(rx);
		for h in handles {
			h.join().unwrap();
		}
		for share in shares {
			assert_eq!(share.epoch, 4);
			let hash = work_hash(&work.seed.0, &account.encode(), share.nonce);
			assert!(meets_target(&hash, &work.target.0));
		}
	}
}
