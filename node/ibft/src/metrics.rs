//! Prometheus metrics of the gadget, on the node's metrics endpoint (`--prometheus-port`).
//!
//! | name | kind | meaning |
//! |---|---|---|
//! | `metanode_ibft_height` | gauge | the height being decided |
//! | `metanode_ibft_round` | gauge | the current round of that height |
//! | `metanode_ibft_round_changes_total` | counter | rounds entered above round 0 |
//! | `metanode_ibft_finalized_height` | gauge | the height of the last finalized block |
//! | `metanode_ibft_finality_lag_blocks` | gauge | best block number minus finalized block number |
//! | `metanode_ibft_messages_received_total` | counter | consensus messages handed to the machine |
//! | `metanode_ibft_messages_dropped_total` | counter | messages refused (by gossip checks or the machine) |
//! | `metanode_ibft_import_to_finality_seconds` | histogram | from a block's import to its finalization |

use prometheus_endpoint::{
	register, Counter, Gauge, Histogram, HistogramOpts, PrometheusError, Registry, U64,
};

/// The gadget's metrics.
#[derive(Clone)]
pub struct Metrics {
	pub(crate) height: Gauge<U64>,
	pub(crate) round: Gauge<U64>,
	pub(crate) round_changes: Counter<U64>,
	pub(crate) finalized_height: Gauge<U64>,
	pub(crate) finality_lag: Gauge<U64>,
	pub(crate) messages_received: Counter<U64>,
	pub(crate) messages_dropped: Counter<U64>,
	pub(crate) import_to_finality: Histogram,
}

impl Metrics {
	/// Registers the metrics in `registry`.
	pub fn register(registry: &Registry) -> Result<Self, PrometheusError> {
		Ok(Self {
			height: register(
				Gauge::new("metanode_ibft_height", "The IBFT height being decided")?,
				registry,
			)?,
			round: register(
				Gauge::new("metanode_ibft_round", "The current IBFT round of that height")?,
				registry,
			)?,
			round_changes: register(
				Counter::new(
					"metanode_ibft_round_changes_total",
					"IBFT rounds entered above round 0 (each is a round change)",
				)?,
				registry,
			)?,
			finalized_height: register(
				Gauge::new(
					"metanode_ibft_finalized_height",
					"The IBFT height of the last finalized block",
				)?,
				registry,
			)?,
			finality_lag: register(
				Gauge::new(
					"metanode_ibft_finality_lag_blocks",
					"Best block number minus finalized block number",
				)?,
				registry,
			)?,
			messages_received: register(
				Counter::new(
					"metanode_ibft_messages_received_total",
					"IBFT consensus messages received and handed to the state machine",
				)?,
				registry,
			)?,
			messages_dropped: register(
				Counter::new(
					"metanode_ibft_messages_dropped_total",
					"IBFT messages refused by the gossip checks or the state machine",
				)?,
				registry,
			)?,
			import_to_finality: register(
				Histogram::with_opts(
					HistogramOpts::new(
						"metanode_ibft_import_to_finality_seconds",
						"Time from a block's import to its finalization by IBFT",
					)
					.buckets(vec![
						0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0,
						30.0,
					]),
				)?,
				registry,
			)?,
		})
	}
}
