//! Justification import: how a node that did not vote (it was offline, is syncing, or is not
//! a validator) finalizes from the IBFT justifications its peers serve.
//!
//! [`IbftBlockImport`] wraps the block import of the chain (the client, under Aura's import
//! queue). A block that arrives with an IBFT justification is imported without it, then the
//! justification is checked against the validator set of the last finalized block and, if
//! valid, the block is finalized with it, so the node stores it and serves it in turn to peers
//! that sync from it. A bad justification never stops the import of a valid block; it is
//! dropped and the peer is reported (`bad_justification`). Justifications requested on their
//! own (`JustificationImport`) take the same path.

use crate::{chain::validator_set_at, ClientForIbft, LOG_TARGET};
use codec::Encode;
use metanode_ibft_primitives::{
	find_scheduled_change, metanode_ibft_core::verify_justification, BlockNumber, IbftCrypto,
	Justification, VersionedJustification, IBFT_ENGINE_ID,
};
use sc_client_api::Backend;
use sc_consensus::{
	BlockCheckParams, BlockImport, BlockImportParams, ImportResult, JustificationImport,
};
use sp_consensus::Error as ConsensusError;
use sp_core::H256;
use sp_runtime::{
	traits::{Block as BlockT, Header as HeaderT},
	Justification as EncodedJustificationWithId,
};
use std::{fmt, marker::PhantomData, sync::Arc};

/// Why a justification was not used.
#[derive(Debug, PartialEq, Eq)]
pub enum JustificationImportError {
	/// The bytes are not a versioned IBFT justification.
	Undecodable(String),
	/// It is for another block than the one it came with.
	WrongBlock {
		/// The block it came with.
		expected: (H256, BlockNumber),
		/// The block it names.
		got: (H256, BlockNumber),
	},
	/// The validator set could not be read.
	NoValidatorSet(String),
	/// It does not verify against the set of the last finalized block.
	Invalid(String),
	/// The client refused to finalize the block.
	Finalization(String),
}

impl fmt::Display for JustificationImportError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			Self::Undecodable(e) => write!(f, "not an IBFT justification: {e}"),
			Self::WrongBlock { expected, got } => write!(
				f,
				"justification is for block #{} ({:?}), not for #{} ({:?})",
				got.1, got.0, expected.1, expected.0
			),
			Self::NoValidatorSet(e) => write!(f, "no validator set to check against: {e}"),
			Self::Invalid(e) => write!(f, "invalid justification: {e}"),
			Self::Finalization(e) => write!(f, "finalization failed: {e}"),
		}
	}
}

impl std::error::Error for JustificationImportError {}

/// Decodes stored or received justification bytes.
pub fn decode_justification(bytes: &[u8]) -> Result<Justification, JustificationImportError> {
	VersionedJustification::decode_untrusted(bytes)
		.map(VersionedJustification::into_justification)
		.map_err(|e| JustificationImportError::Undecodable(e.to_string()))
}

/// The IBFT justification stored with `hash`, if any.
pub fn stored_justification<B, BE, C>(client: &C, hash: H256) -> Option<Justification>
where
	B: BlockT<Hash = H256>,
	BE: Backend<B>,
	C: ClientForIbft<B, BE>,
{
	let justifications = client.justifications(hash).ok().flatten()?;
	decode_justification(justifications.get(IBFT_ENGINE_ID)?).ok()
}

/// Checks `bytes` as the justification of block `(hash, number)` against the validator set of
/// the last finalized block and, if it holds, finalizes the block with it. A block at or
/// below the last finalized one is left alone (`Ok(false)`); `Ok(true)` means it was finalized.
pub fn import_justification<B, BE, C>(
	client: &C,
	hash: H256,
	number: BlockNumber,
	bytes: &[u8],
) -> Result<bool, JustificationImportError>
where
	B: BlockT<Hash = H256>,
	B::Header: HeaderT<Number = BlockNumber>,
	BE: Backend<B>,
	C: ClientForIbft<B, BE>,
{
	let justification = decode_justification(bytes)?;
	if justification.hash != hash || justification.number != number {
		return Err(JustificationImportError::WrongBlock {
			expected: (hash, number),
			got: (justification.hash, justification.number),
		});
	}
	finalize_with(client, &justification)
}

/// Verifies `justification` against the set of the last finalized block and finalizes its
/// block with it. `Ok(false)` if the block is already final.
pub fn finalize_with<B, BE, C>(
	client: &C,
	justification: &Justification,
) -> Result<bool, JustificationImportError>
where
	B: BlockT<Hash = H256>,
	B::Header: HeaderT<Number = BlockNumber>,
	BE: Backend<B>,
	C: ClientForIbft<B, BE>,
{
	let info = client.info();
	if justification.number <= info.finalized_number {
		return Ok(false);
	}
	let set = validator_set_at::<B, C>(client, info.finalized_hash)
		.map_err(JustificationImportError::NoValidatorSet)?;
	verify_justification(&set, justification, &IbftCrypto)
		.map_err(|e| JustificationImportError::Invalid(format!("{e:?}")))?;
	let encoded = VersionedJustification::from(justification.clone()).encode();
	client
		.finalize_block(justification.hash, Some((IBFT_ENGINE_ID, encoded)), true)
		.map_err(|e| JustificationImportError::Finalization(e.to_string()))?;
	Ok(true)
}

/// The block import of a node running IBFT. See the [module docs](self).
pub struct IbftBlockImport<B, BE, C, I> {
	inner: I,
	client: Arc<C>,
	_marker: PhantomData<(B, BE)>,
}

impl<B, BE, C, I: Clone> Clone for IbftBlockImport<B, BE, C, I> {
	fn clone(&self) -> Self {
		Self { inner: self.inner.clone(), client: self.client.clone(), _marker: PhantomData }
	}
}

impl<B, BE, C, I> IbftBlockImport<B, BE, C, I> {
	/// Wraps `inner`, finalizing through `client`.
	pub fn new(inner: I, client: Arc<C>) -> Self {
		Self { inner, client, _marker: PhantomData }
	}
}

impl<B, BE, C, I> IbftBlockImport<B, BE, C, I>
where
	B: BlockT<Hash = H256>,
	B::Header: HeaderT<Number = BlockNumber>,
	BE: Backend<B>,
	C: ClientForIbft<B, BE>,
{
	fn import(&self, hash: H256, number: BlockNumber, bytes: &[u8]) -> bool {
		match import_justification(&*self.client, hash, number, bytes) {
			Ok(finalized) => {
				if finalized {
					log::debug!(target: LOG_TARGET, "finalized #{number} ({hash:?}) from an imported justification");
				}
				true
			},
			Err(e) => {
				log::warn!(target: LOG_TARGET, "justification of #{number} ({hash:?}) refused: {e}");
				false
			},
		}
	}
}

#[async_trait::async_trait]
impl<B, BE, C, I> BlockImport<B> for IbftBlockImport<B, BE, C, I>
where
	B: BlockT<Hash = H256>,
	B::Header: HeaderT<Number = BlockNumber>,
	BE: Backend<B>,
	C: ClientForIbft<B, BE>,
	I: BlockImport<B, Error = ConsensusError> + Send + Sync,
{
	type Error = ConsensusError;

	async fn check_block(&self, block: BlockCheckParams<B>) -> Result<ImportResult, Self::Error> {
		self.inner.check_block(block).await
	}

	async fn import_block(
		&self,
		mut block: BlockImportParams<B>,
	) -> Result<ImportResult, Self::Error> {
		let hash = block.post_hash();
		let number = *block.header.number();
		// Imported separately once the block is in, so the check sees the block's parent
		// state and a bad justification cannot fail a good block.
		let justification = block.justifications.as_mut().and_then(|justifications| {
			let ours = justifications.get(IBFT_ENGINE_ID).cloned();
			justifications.remove(IBFT_ENGINE_ID);
			ours
		});
		let changes_set = find_scheduled_change::<BlockNumber>(block.header.digest()).is_some();

		match self.inner.import_block(block).await? {
			ImportResult::Imported(mut aux) => {
				match justification {
					Some(bytes) => aux.bad_justification = !self.import(hash, number, &bytes),
					// Nodes must agree on where a set ends, so ask peers for the proof.
					None if changes_set => aux.needs_justification = true,
					None => {},
				}
				Ok(ImportResult::Imported(aux))
			},
			ImportResult::AlreadyInChain => {
				if let Some(bytes) = justification {
					self.import(hash, number, &bytes);
				}
				Ok(ImportResult::AlreadyInChain)
			},
			other => Ok(other),
		}
	}
}

#[async_trait::async_trait]
impl<B, BE, C, I> JustificationImport<B> for IbftBlockImport<B, BE, C, I>
where
	B: BlockT<Hash = H256>,
	B::Header: HeaderT<Number = BlockNumber>,
	BE: Backend<B>,
	C: ClientForIbft<B, BE>,
	I: Send + Sync,
{
	type Error = ConsensusError;

	async fn on_start(&mut self) -> Vec<(H256, BlockNumber)> {
		Vec::new()
	}

	async fn import_justification(
		&mut self,
		hash: H256,
		number: BlockNumber,
		(engine_id, bytes): EncodedJustificationWithId,
	) -> Result<(), Self::Error> {
		if engine_id != IBFT_ENGINE_ID {
			return Err(ConsensusError::ClientImport(format!(
				"not an IBFT justification (engine id {engine_id:?})"
			)));
		}
		import_justification(&*self.client, hash, number, &bytes)
			.map(|_| ())
			.map_err(|e| ConsensusError::ClientImport(e.to_string()))
	}
}
