//! Versioned envelopes for what travels between nodes or is stored: gossip messages and
//! justifications.
//!
//! The version is the first byte (`1` for `V1`), so a later format can be added as `V2`
//! without breaking the decoding of stored justifications or confusing old nodes, which
//! refuse a version they do not know instead of misreading it.

use crate::{ConsensusMessage, Justification};
use codec::{Decode, DecodeLimit, Encode};

/// The nesting depth allowed when decoding untrusted wire bytes (messages nest a handful of
/// levels; anything deeper is garbage or an attack).
pub const MAX_DECODE_DEPTH: u32 = 32;

/// A consensus message on the gossip wire.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub enum VersionedMessage {
	/// Version 1.
	#[codec(index = 1)]
	V1(ConsensusMessage),
}

impl VersionedMessage {
	/// Decodes untrusted bytes: bounded depth, and every byte must be consumed.
	pub fn decode_untrusted(mut bytes: &[u8]) -> Result<Self, codec::Error> {
		Self::decode_all_with_depth_limit(MAX_DECODE_DEPTH, &mut bytes)
	}

	/// The message.
	pub fn into_message(self) -> ConsensusMessage {
		match self {
			Self::V1(message) => message,
		}
	}
}

impl From<ConsensusMessage> for VersionedMessage {
	fn from(message: ConsensusMessage) -> Self {
		Self::V1(message)
	}
}

/// A justification as stored with a finalized block under
/// [`IBFT_ENGINE_ID`](crate::IBFT_ENGINE_ID) and served to syncing peers.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub enum VersionedJustification {
	/// Version 1.
	#[codec(index = 1)]
	V1(Justification),
}

impl VersionedJustification {
	/// Decodes untrusted bytes: bounded depth, and every byte must be consumed.
	pub fn decode_untrusted(mut bytes: &[u8]) -> Result<Self, codec::Error> {
		Self::decode_all_with_depth_limit(MAX_DECODE_DEPTH, &mut bytes)
	}

	/// The justification.
	pub fn into_justification(self) -> Justification {
		match self {
			Self::V1(justification) => justification,
		}
	}
}

impl From<Justification> for VersionedJustification {
	fn from(justification: Justification) -> Self {
		Self::V1(justification)
	}
}
