//! The worker: one task that feeds the consensus machine with what happens (gossip, block
//! imports, finality, timers) and carries out what the machine asks for (broadcast, persist,
//! schedule a timer, finalize, report an equivocation).
//!
//! All I/O is here; the machine itself never blocks or reads a clock. Events are handled one
//! at a time, in the order they are polled, and each step's actions are executed in the order
//! the machine returned them, which is what makes "persist before broadcast" hold.

use crate::{
	aux_schema,
	chain::{validator_set_at, ClientChain, KeystoreSigner},
	gossip::{self, benefit, cost, GossipMessage, GossipValidator, GossipView, PeerReport},
	import::{finalize_with, stored_justification},
	metrics::Metrics,
	rpc::{JustificationNotification, JustificationSender, RoundStateView, SharedRoundState},
	ClientForIbft, LOG_TARGET,
};
use codec::Encode;
use futures::{future::BoxFuture, stream::FuturesUnordered, FutureExt, Stream, StreamExt};
use metanode_ibft_primitives::{
	metanode_ibft_core::{Action, BlockRef, Config, Machine},
	BlockNumber, ConsensusMessage, EquivocationProof, Height, IbftApi, IbftCrypto, IbftTypes,
	Justification, Round, VersionedJustification, VersionedMessage, IBFT_ENGINE_ID,
};
use sc_client_api::{Backend, BlockImportNotification, FinalityNotification};
use sc_network_gossip::{GossipEngine, TopicNotification};
use sc_network_types::PeerId;
use sc_transaction_pool_api::OffchainTransactionPoolFactory;
use sc_utils::mpsc::TracingUnboundedReceiver;
use sp_api::ApiExt;
use sp_core::H256;
use sp_runtime::traits::{Block as BlockT, Header as HeaderT};
use std::{
	collections::BTreeMap,
	pin::Pin,
	sync::Arc,
	task::Poll,
	time::{Duration, Instant},
};

/// At most this many imported-but-not-final blocks are remembered for the import-to-finality
/// metric.
const MAX_TRACKED_IMPORTS: usize = 4096;

type IbftMachine = Machine<IbftTypes, IbftCrypto, KeystoreSigner>;

/// One thing that happened.
enum Event<B: BlockT> {
	Gossip(TopicNotification),
	Imported(BlockImportNotification<B>),
	Finalized(FinalityNotification<B>),
	Timeout(Height, Round),
	Report(PeerReport),
	NetworkGone,
}

/// The running gadget.
pub(crate) struct Worker<B: BlockT, BE, C> {
	pub(crate) client: Arc<C>,
	pub(crate) chain: ClientChain<B, BE, C>,
	pub(crate) machine: IbftMachine,
	pub(crate) gossip: GossipEngine<B>,
	pub(crate) validator: Arc<GossipValidator>,
	pub(crate) incoming: Pin<Box<dyn Stream<Item = TopicNotification> + Send>>,
	pub(crate) reports: TracingUnboundedReceiver<PeerReport>,
	pub(crate) imports: sc_client_api::ImportNotifications<B>,
	pub(crate) finality: sc_client_api::FinalityNotifications<B>,
	pub(crate) timers: FuturesUnordered<BoxFuture<'static, (Height, Round)>>,
	pub(crate) offchain_tx_pool_factory: OffchainTransactionPoolFactory<B>,
	pub(crate) metrics: Option<Metrics>,
	pub(crate) round_state: SharedRoundState,
	pub(crate) justifications: JustificationSender,
	/// A verified justification whose block is not imported yet.
	pub(crate) pending_justification: Option<Justification>,
	/// Import times of blocks not final yet, by number, for the metrics.
	pub(crate) import_times: BTreeMap<BlockNumber, Vec<(H256, Instant)>>,
}

/// Builds the machine of the height after the last finalized block, resuming a persisted
/// safety state if it is for that height.
pub(crate) fn initial_machine<B, BE, C>(
	client: &C,
	config: Config,
	signer: KeystoreSigner,
) -> Result<IbftMachine, String>
where
	B: BlockT<Hash = H256>,
	B::Header: HeaderT<Number = BlockNumber>,
	BE: Backend<B>,
	C: ClientForIbft<B, BE>,
{
	let info = client.info();
	let finalized = BlockRef::new(info.finalized_hash, info.finalized_number);
	let height = match stored_justification::<B, BE, C>(client, info.finalized_hash) {
		Some(j) => j.height.saturating_add(1),
		// Genesis is height 0. A block final without an IBFT justification (finalized while the
		// chain ran another gadget) counts as the height of its number, which every node
		// derives alike.
		None => Height::from(info.finalized_number).saturating_add(1),
	};
	let set = validator_set_at::<B, C>(client, info.finalized_hash)?;
	let restored = aux_schema::load(client)?;
	Ok(Machine::new(config, IbftCrypto, signer, height, finalized, set, restored))
}

impl<B, BE, C> Worker<B, BE, C>
where
	B: BlockT<Hash = H256>,
	B::Header: HeaderT<Number = BlockNumber>,
	BE: Backend<B> + 'static,
	C: ClientForIbft<B, BE>,
{
	/// Runs until the network shuts down.
	pub(crate) async fn run(mut self) {
		let actions = self.machine.start(&self.chain);
		self.execute(actions, None);
		self.after_step();
		loop {
			let event = futures::future::poll_fn(|cx| self.poll_event(cx)).await;
			match event {
				Event::Gossip(notification) => self.on_gossip(notification),
				Event::Imported(notification) => self.on_imported(notification),
				Event::Finalized(notification) => self.on_finality_notification(notification),
				Event::Timeout(height, round) => {
					let before = self.machine.round();
					let actions = self.machine.on_timeout(&self.chain, height, round);
					self.execute(actions, None);
					if let Some(m) = &self.metrics {
						m.round_changes
							.inc_by(u64::from(self.machine.round().saturating_sub(before)));
					}
				},
				Event::Report((peer, change)) => {
					self.gossip.report(peer, change);
					if let Some(m) = &self.metrics {
						m.messages_dropped.inc();
					}
				},
				Event::NetworkGone => {
					log::info!(target: LOG_TARGET, "network gone, IBFT worker stops");
					return;
				},
			}
			self.after_step();
		}
	}

	fn poll_event(&mut self, cx: &mut std::task::Context<'_>) -> Poll<Event<B>> {
		if self.gossip.poll_unpin(cx).is_ready() {
			return Poll::Ready(Event::NetworkGone);
		}
		if let Poll::Ready(Some(report)) = self.reports.poll_next_unpin(cx) {
			return Poll::Ready(Event::Report(report));
		}
		if let Poll::Ready(Some(n)) = self.finality.poll_next_unpin(cx) {
			return Poll::Ready(Event::Finalized(n));
		}
		if let Poll::Ready(Some(n)) = self.imports.poll_next_unpin(cx) {
			return Poll::Ready(Event::Imported(n));
		}
		if let Poll::Ready(Some((height, round))) = self.timers.poll_next_unpin(cx) {
			return Poll::Ready(Event::Timeout(height, round));
		}
		match self.incoming.poll_next_unpin(cx) {
			Poll::Ready(Some(n)) => Poll::Ready(Event::Gossip(n)),
			Poll::Ready(None) => Poll::Ready(Event::NetworkGone),
			Poll::Pending => Poll::Pending,
		}
	}

	fn on_gossip(&mut self, notification: TopicNotification) {
		let Ok(message) = GossipMessage::decode_untrusted(&notification.message) else {
			// The gossip validator already refused (and reported) it.
			return;
		};
		match message {
			GossipMessage::Consensus(VersionedMessage::V1(message)) => {
				if let Some(m) = &self.metrics {
					m.messages_received.inc();
				}
				let actions = self.machine.on_message(&self.chain, message);
				self.execute(actions, notification.sender);
			},
			GossipMessage::Justification(VersionedJustification::V1(justification)) => {
				if self.finalize_from_justification(&justification) {
					if let Some(peer) = notification.sender {
						self.gossip.report(peer, benefit::USEFUL_JUSTIFICATION);
					}
				}
			},
		}
	}

	/// Finalizes with a justification learnt from a peer (if its block is imported; otherwise
	/// it is kept until it is). Whether it finalized something.
	fn finalize_from_justification(&mut self, justification: &Justification) -> bool {
		if justification.number <= self.machine.finalized().number {
			return false;
		}
		if self.client.number(justification.hash).ok().flatten().is_none() {
			let newer = self
				.pending_justification
				.as_ref()
				.is_none_or(|pending| pending.number < justification.number);
			if newer {
				self.pending_justification = Some(justification.clone());
			}
			return false;
		}
		match finalize_with::<B, BE, C>(&self.client, justification) {
			Ok(true) => {
				log::debug!(
					target: LOG_TARGET,
					"finalized #{} from a gossiped justification of height {}",
					justification.number,
					justification.height
				);
				self.advance(justification.height, justification);
				true
			},
			Ok(false) => false,
			Err(e) => {
				log::debug!(target: LOG_TARGET, "gossiped justification not used: {e}");
				false
			},
		}
	}

	fn on_imported(&mut self, notification: BlockImportNotification<B>) {
		let number = *notification.header.number();
		if number > self.machine.finalized().number && self.import_times.len() < MAX_TRACKED_IMPORTS
		{
			self.import_times.entry(number).or_default().push((notification.hash, Instant::now()));
		}
		if let Some(pending) = self.pending_justification.take() {
			if pending.hash == notification.hash {
				self.finalize_from_justification(&pending);
			} else if pending.number > self.machine.finalized().number {
				self.pending_justification = Some(pending);
			}
		}
		let actions = self.machine.on_block_imported(&self.chain);
		self.execute(actions, None);
	}

	/// The client finalized a block: by us (already handled), through an imported
	/// justification (block import, sync), or by hand. Moves the machine past it.
	fn on_finality_notification(&mut self, notification: FinalityNotification<B>) {
		let number = *notification.header.number();
		if number <= self.machine.finalized().number {
			return;
		}
		match stored_justification::<B, BE, C>(&self.client, notification.hash) {
			Some(justification) if justification.hash == notification.hash => {
				self.advance(justification.height, &justification)
			},
			_ => {
				log::warn!(
					target: LOG_TARGET,
					"block #{number} ({:?}) was finalized without an IBFT justification; \
					 counting it as height {}",
					notification.hash,
					self.machine.height()
				);
				let block = BlockRef::new(notification.hash, number);
				self.move_machine(self.machine.height(), block);
			},
		}
	}

	/// Carries out the machine's actions. `sender` is the peer that delivered the message the
	/// actions answer, if any, to be blamed for bad messages.
	fn execute(&mut self, actions: Vec<Action<IbftTypes>>, sender: Option<PeerId>) {
		let mut persisted = true;
		for action in actions {
			match action {
				Action::Persist(state) => {
					if let Err(e) = aux_schema::store(&*self.client, &state) {
						log::error!(
							target: LOG_TARGET,
							"storing the IBFT safety state failed ({e}); not voting until it works"
						);
						persisted = false;
					}
				},
				Action::Broadcast(message) if persisted => self.broadcast(message),
				Action::Broadcast(_) => {},
				Action::ScheduleTimeout { height, round, after } => {
					self.schedule(height, round, after)
				},
				Action::Finalize(justification) => self.finalize_decided(justification),
				Action::Equivocation(proof) => self.report_equivocation(proof),
				Action::BadMessage { from, reason } => {
					log::debug!(target: LOG_TARGET, "refused a message signed by {from}: {reason:?}");
					if let Some(m) = &self.metrics {
						m.messages_dropped.inc();
					}
					if let Some(peer) = sender {
						self.gossip.report(peer, cost::BAD_MESSAGE);
					}
				},
			}
		}
	}

	fn broadcast(&mut self, message: ConsensusMessage) {
		let bytes = GossipMessage::Consensus(message.into()).encode();
		self.gossip.gossip_message(gossip::topic::<B>(), bytes, false);
	}

	fn schedule(&mut self, height: Height, round: Round, after: Duration) {
		self.timers.push(futures_timer::Delay::new(after).map(move |()| (height, round)).boxed());
	}

	/// Our machine decided: finalize, tell the peers, move on. If the quorum decided on a block
	/// this node has not imported yet (its import is slow, for instance while it compiles a new
	/// runtime), the justification waits for the import: the machine moves on only once the
	/// block is final here, so that it never reads the next validator set from a block it does
	/// not have.
	fn finalize_decided(&mut self, justification: Justification) {
		let bytes = GossipMessage::Justification(justification.clone().into()).encode();
		self.gossip.gossip_message(gossip::topic::<B>(), bytes, false);
		if self.client.number(justification.hash).ok().flatten().is_none() {
			log::info!(
				target: LOG_TARGET,
				"decided #{} ({:?}) at height {} before importing it; finalizing once imported",
				justification.number,
				justification.hash,
				justification.height
			);
			let newer = self
				.pending_justification
				.as_ref()
				.is_none_or(|pending| pending.number < justification.number);
			if newer {
				self.pending_justification = Some(justification);
			}
			return;
		}
		let encoded = VersionedJustification::from(justification.clone()).encode();
		if let Err(e) =
			self.client.finalize_block(justification.hash, Some((IBFT_ENGINE_ID, encoded)), true)
		{
			// Only possible if the block became final another way in between (the justification
			// is then stored already) or the database failed; either way the machine moves on
			// and the next height retries from the client's finalized block.
			log::warn!(
				target: LOG_TARGET,
				"finalizing #{} ({:?}) failed: {e}",
				justification.number,
				justification.hash
			);
		} else {
			log::info!(
				target: LOG_TARGET,
				"✅ finalized #{} ({:?}) at height {} round {}",
				justification.number,
				justification.hash,
				justification.height,
				justification.round
			);
		}
		self.advance(justification.height, &justification);
	}

	/// `justification`'s block is final: publish it and move the machine to the next height.
	fn advance(&mut self, height: Height, justification: &Justification) {
		self.justifications
			.notify(|| Ok::<_, ()>(JustificationNotification::from(justification)))
			.ok();
		if let Some(m) = &self.metrics {
			m.finalized_height.set(height);
		}
		self.move_machine(height, BlockRef::new(justification.hash, justification.number));
	}

	fn move_machine(&mut self, height: Height, block: BlockRef<IbftTypes>) {
		self.observe_finality(block.number);
		let next_set = match validator_set_at::<B, C>(&self.client, block.hash) {
			Ok(set) => set,
			Err(e) => {
				log::error!(target: LOG_TARGET, "{e}; keeping the current validator set");
				self.machine.validator_set().clone()
			},
		};
		if next_set.set_id() != self.machine.validator_set().set_id() {
			log::info!(
				target: LOG_TARGET,
				"IBFT validator set {} ({} validators) decides from height {}",
				next_set.set_id(),
				next_set.len(),
				height.saturating_add(1)
			);
		}
		let actions = self.machine.on_finalized(&self.chain, height, block, next_set);
		self.validator.set_view(GossipView {
			height: self.machine.height(),
			set: self.machine.validator_set().clone(),
		});
		self.execute(actions, None);
	}

	fn observe_finality(&mut self, finalized: BlockNumber) {
		let later = self.import_times.split_off(&finalized.saturating_add(1));
		let done = std::mem::replace(&mut self.import_times, later);
		let Some(metrics) = &self.metrics else { return };
		let now = Instant::now();
		for (number, imports) in done {
			let canonical = self.client.hash(number).ok().flatten();
			for (hash, imported_at) in imports {
				if Some(hash) == canonical {
					metrics.import_to_finality.observe((now - imported_at).as_secs_f64());
				}
			}
		}
	}

	fn report_equivocation(&mut self, proof: EquivocationProof) {
		let best = self.client.info().best_hash;
		let mut api = self.client.runtime_api();
		api.register_extension(self.offchain_tx_pool_factory.offchain_transaction_pool(best));
		match api.submit_report_equivocation_unsigned_extrinsic(best, proof.clone()) {
			Ok(Some(())) => log::warn!(
				target: LOG_TARGET,
				"⚠️ equivocation by {} at (set, height, round) {:?} reported to the runtime",
				proof.offender(),
				proof.slot()
			),
			Ok(None) => log::warn!(
				target: LOG_TARGET,
				"equivocation by {} detected but the runtime did not take the report",
				proof.offender()
			),
			Err(e) => {
				log::warn!(target: LOG_TARGET, "submitting an equivocation report failed: {e}")
			},
		}
	}

	/// Publishes the state for RPC and metrics after every step.
	fn after_step(&mut self) {
		let state = self.machine.round_state();
		*self.round_state.write() = Some(RoundStateView::new(&state, self.machine.validator_set()));
		if let Some(m) = &self.metrics {
			m.height.set(state.height);
			m.round.set(u64::from(state.round));
			let best = self.client.info().best_number;
			m.finality_lag.set(u64::from(best.saturating_sub(state.finalized.number)));
		}
	}
}
