//! The header digest that announces an IBFT authority set change.

use crate::{AuthorityList, IBFT_ENGINE_ID};
use codec::{Codec, Decode, Encode};
use scale_info::TypeInfo;
use sp_runtime::{Digest, DigestItem};

/// An IBFT consensus log, deposited as `DigestItem::Consensus(IBFT_ENGINE_ID, log.encode())`.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum ConsensusLog<N> {
	/// The authority set changes to `next_authorities`, with the next set id (the current one
	/// plus one), once the block `delay` blocks after the one carrying this digest is
	/// finalized. The runtime always uses a delay of zero: the change takes effect at the
	/// block that carries it. At most one is deposited per block.
	#[codec(index = 1)]
	ScheduledChange {
		/// The authorities of the next set.
		next_authorities: AuthorityList,
		/// How many blocks after this one the change takes effect (always zero for now).
		delay: N,
	},
}

impl<N: Codec> ConsensusLog<N> {
	/// The digest item carrying this log under [`IBFT_ENGINE_ID`].
	pub fn into_digest_item(self) -> DigestItem {
		DigestItem::Consensus(IBFT_ENGINE_ID, self.encode())
	}
}

/// A scheduled authority set change, as found in a header by [`find_scheduled_change`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScheduledChange<N> {
	/// The authorities of the next set.
	pub next_authorities: AuthorityList,
	/// How many blocks after the one carrying the digest the change takes effect.
	pub delay: N,
}

/// The first IBFT [`ConsensusLog::ScheduledChange`] in `digest`, if any.
pub fn find_scheduled_change<N: Codec>(digest: &Digest) -> Option<ScheduledChange<N>> {
	digest.logs().iter().find_map(|item| {
		match item.consensus_try_to::<ConsensusLog<N>>(&IBFT_ENGINE_ID)? {
			ConsensusLog::ScheduledChange { next_authorities, delay } => {
				Some(ScheduledChange { next_authorities, delay })
			},
		}
	})
}
