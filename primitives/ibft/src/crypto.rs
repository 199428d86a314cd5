//! Signature verification (and, natively, signing) of IBFT messages with the IBFT session key.

use crate::{AuthorityId, AuthoritySignature, IbftTypes};
use metanode_ibft_core::Crypto;
use sp_application_crypto::RuntimeAppPublic;

/// Verifies IBFT signatures with the `sp_io` ed25519 host function (through
/// [`RuntimeAppPublic::verify`]), so the same code checks justifications and equivocation
/// proofs in the runtime (Wasm or native) and in the node.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IbftCrypto;

impl Crypto<IbftTypes> for IbftCrypto {
	fn verify(&self, signer: &AuthorityId, payload: &[u8], signature: &AuthoritySignature) -> bool {
		signer.verify(&payload, signature)
	}
}

/// Signs `message` for set `set_id` with `pair`: the signature is over the core's
/// [`signing_payload`](metanode_ibft_core::signing_payload), so it verifies with
/// [`IbftCrypto`]. For tests and tools; the node signs with its keystore.
#[cfg(feature = "std")]
pub fn sign<M: metanode_ibft_core::SignedPayload>(
	pair: &crate::AuthorityPair,
	set_id: crate::SetId,
	message: M,
) -> crate::Signed<M> {
	use sp_application_crypto::Pair;
	let signature = pair.sign(&metanode_ibft_core::signing_payload(set_id, &message));
	metanode_ibft_core::Signed { set_id, message, from: pair.public(), signature }
}
