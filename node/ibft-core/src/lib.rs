//! The IBFT 2.0 / QBFT consensus state machine behind Metanode's finality gadget.
//!
//! This crate is the *pure* half of the gadget (see `docs` and `shared/design/IBFT.md`): it
//! decides, height after height, which block to finalize next, and nothing else. It has no
//! I/O, no clock, no threads and no randomness, so the very same code runs inside the node
//! (wrapped by a client crate that gossips, signs with the keystore and finalizes through the
//! Substrate client) and inside a deterministic simulated network in the tests, where faults
//! can be replayed from a seed.
//!
//! # Shape
//!
//! * Inputs are method calls on [`Machine`]: a peer's [`ConsensusMessage`], a block import, a
//!   finalization that happened elsewhere (a justification was imported), and the expiry of a
//!   timer that the machine asked for earlier.
//! * Outputs are the [`Action`]s each call returns, to be carried out in order: messages to
//!   broadcast, state to persist, timers to schedule, a block to finalize with its
//!   [`Justification`], proofs of equivocation and reports of bad messages.
//! * Everything chain- or crypto-specific is behind three small traits that the caller
//!   implements: [`Crypto`] (verify), [`Signer`] (sign our own messages) and [`Chain`] (what
//!   is imported, ancestry, and which block to propose). The concrete types (hash, block
//!   number, validator id, signature) come from one [`Types`] bundle.
//!
//! The justification verifier ([`verify_justification`]) and the equivocation verifier
//! ([`verify_equivocation`]) are free functions that need only a [`ValidatorSet`] and a
//! [`Crypto`], so a syncing node, a light client or the runtime can use them without a
//! machine. The crate is `no_std` (with `alloc`) for that reason, and its wire types derive
//! `DecodeWithMemTracking` (and, with the `scale-info` feature, `TypeInfo`) so that they can
//! be call arguments and runtime API types.
//!
//! # Protocol in one paragraph
//!
//! Height `h` decides one block strictly above the last finalized block (possibly many blocks
//! above). In round `r` the proposer `sorted_validators[(h + r) mod n]` sends a PROPOSAL;
//! validators that have imported the block, and see that it descends from their last
//! finalized block, send a PREPARE; a validator with a quorum of PREPAREs for the proposal it
//! accepted is *prepared* (locked) and sends a COMMIT whose signature is the commit seal; a
//! quorum of COMMITs decides. On timeout a validator sends a ROUND-CHANGE carrying its highest
//! prepared certificate; the proposer of a round `r > 0` must carry a quorum of ROUND-CHANGEs
//! for `r` and re-propose the highest prepared block among them. `f + 1` ROUND-CHANGEs for
//! higher rounds pull a node up to the lowest of them. Quorum is `ceil(2n / 3)`, `f` is
//! `(n - 1) / 3`.

#![cfg_attr(not(any(feature = "std", test)), no_std)]
#![warn(missing_docs)]

extern crate alloc;

mod certificate;
mod equivocation;
mod justification;
mod machine;
mod messages;
mod quorum;
mod store;
mod timer;
mod traits;
mod types;

#[cfg(test)]
mod tests;

pub use certificate::{
	validate_prepared_certificate, validate_round_change_certificate, CertificateError,
	PreparedCertificate, RoundChangeCertificate,
};
pub use equivocation::{verify_equivocation, Equivocation, EquivocationError, EquivocationProof};
pub use justification::{verify_justification, Justification, JustificationError};
pub use machine::{Action, BadMessageReason, Config, Machine, RoundState, SafetyState};
pub use messages::{
	signing_payload, Commit, ConsensusMessage, MessageKind, Prepare, PreparedRef, Proposal,
	RoundChange, Signed, SignedPayload, SIGNING_CONTEXT,
};
pub use quorum::{max_faulty, quorum};
pub use timer::RoundTimer;
pub use traits::{Chain, Crypto, Signer};
pub use types::{BlockRef, Height, Round, SetId, Types, ValidatorSet, ValidatorSetError};
