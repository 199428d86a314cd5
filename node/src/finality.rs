//! The finality seam: which gadget finalizes blocks on a non-dev chain, chosen at launch with
//! `--finality`.
//!
//! A gadget plugs in at three points, marked `Seam point` in `service.rs`:
//! 1. [`block_import`] (here): the block import that Aura and the import queue use, where the
//!    gadget can track state and import justifications;
//! 2. its network protocol, registered before the network starts;
//! 3. its task, started once the network runs.
//!
//! Adding a gadget means one more variant in [`Finality`], [`FinalityBlockImport`] and
//! [`Gadget`] here, and one more arm at seam points 2 and 3. Both gadgets run against the same runtime, which keeps the authority sets of
//! both (`pallet-grandpa` and `pallet-ibft`, fed by the same session keys).

use crate::service::{FullBackend, FullClient, FullSelectChain};
use metanode_runtime::opaque::Block;
use sc_consensus::{
	BlockCheckParams, BlockImport, BlockImportParams, ImportResult, JustificationImport,
};
use sp_consensus::Error as ConsensusError;
use sp_runtime::{traits::NumberFor, Justification};
use std::sync::Arc;

type Hash = <Block as sp_runtime::traits::Block>::Hash;

/// The finality gadget of a non-dev chain (`--finality`). The dev chain finalizes every block
/// as it seals it and ignores the choice.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Finality {
	/// IBFT 2.0 / QBFT: one block final per height, within a few network round trips.
	#[default]
	Ibft,
	/// GRANDPA: Substrate's chain-finality gadget.
	Grandpa,
}

/// GRANDPA's block import.
pub type GrandpaBlockImport =
	sc_consensus_grandpa::GrandpaBlockImport<FullBackend, Block, FullClient, FullSelectChain>;
/// GRANDPA's link from its block import to its voter.
pub type GrandpaLinkHalf = sc_consensus_grandpa::LinkHalf<Block, FullClient, FullSelectChain>;
/// IBFT's block import: justification import around the client.
pub type IbftBlockImport =
	metanode_ibft::IbftBlockImport<Block, FullBackend, FullClient, Arc<FullClient>>;

/// The minimum period of blocks on which GRANDPA justifications are imported and generated.
pub const GRANDPA_JUSTIFICATION_PERIOD: u32 = 512;

/// The block import of the chosen gadget.
#[derive(Clone)]
pub enum FinalityBlockImport {
	/// GRANDPA (boxed: it is much larger than the IBFT one).
	Grandpa(Box<GrandpaBlockImport>),
	/// IBFT.
	Ibft(IbftBlockImport),
}

/// What the block import hands on to the gadget's task.
pub enum Gadget {
	/// GRANDPA's voter needs the link from its block import (boxed: it is large).
	Grandpa(Box<GrandpaLinkHalf>),
	/// IBFT reads everything from the client.
	Ibft,
}

/// Builds the block import of `finality`.
pub fn block_import(
	finality: Finality,
	client: Arc<FullClient>,
	select_chain: FullSelectChain,
	telemetry: Option<sc_telemetry::TelemetryHandle>,
) -> Result<(FinalityBlockImport, Gadget), sc_service::Error> {
	Ok(match finality {
		Finality::Grandpa => {
			let (import, link) = sc_consensus_grandpa::block_import(
				client.clone(),
				GRANDPA_JUSTIFICATION_PERIOD,
				&client,
				select_chain,
				telemetry,
			)?;
			(FinalityBlockImport::Grandpa(Box::new(import)), Gadget::Grandpa(Box::new(link)))
		},
		Finality::Ibft => {
			(FinalityBlockImport::Ibft(IbftBlockImport::new(client.clone(), client)), Gadget::Ibft)
		},
	})
}

#[async_trait::async_trait]
impl BlockImport<Block> for FinalityBlockImport {
	type Error = ConsensusError;

	async fn check_block(
		&self,
		block: BlockCheckParams<Block>,
	) -> Result<ImportResult, Self::Error> {
		match self {
			Self::Grandpa(inner) => inner.check_block(block).await,
			Self::Ibft(inner) => inner.check_block(block).await,
		}
	}

	async fn import_block(
		&self,
		block: BlockImportParams<Block>,
	) -> Result<ImportResult, Self::Error> {
		match self {
			Self::Grandpa(inner) => inner.import_block(block).await,
			Self::Ibft(inner) => inner.import_block(block).await,
		}
	}
}

#[async_trait::async_trait]
impl JustificationImport<Block> for FinalityBlockImport {
	type Error = ConsensusError;

	async fn on_start(&mut self) -> Vec<(Hash, NumberFor<Block>)> {
		match self {
			Self::Grandpa(inner) => inner.on_start().await,
			Self::Ibft(inner) => inner.on_start().await,
		}
	}

	async fn import_justification(
		&mut self,
		hash: Hash,
		number: NumberFor<Block>,
		justification: Justification,
	) -> Result<(), Self::Error> {
		match self {
			Self::Grandpa(inner) => inner.import_justification(hash, number, justification).await,
			Self::Ibft(inner) => inner.import_justification(hash, number, justification).await,
		}
	}
}
