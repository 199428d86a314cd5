//! The consensus machine's view of the node: the block tree (from the client), the validator
//! set (from the runtime) and our keys (from the keystore).

use crate::ClientForIbft;
use metanode_ibft_primitives::{
	metanode_ibft_core::{Chain, Signer},
	AuthorityId, AuthoritySignature, BlockNumber, IbftApi, IbftTypes, ValidatorSet, KEY_TYPE,
};
use sc_client_api::Backend;
use sp_api::ProvideRuntimeApi;
use sp_application_crypto::ByteArray;
use sp_core::H256;
use sp_keystore::KeystorePtr;
use sp_runtime::traits::{Block as BlockT, Header as HeaderT};
use std::{marker::PhantomData, sync::Arc};

/// The block tree as the client knows it.
pub struct ClientChain<B, BE, C> {
	client: Arc<C>,
	_marker: PhantomData<(B, BE)>,
}

impl<B, BE, C> ClientChain<B, BE, C> {
	/// A view of `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _marker: PhantomData }
	}
}

impl<B, BE, C> Chain<IbftTypes> for ClientChain<B, BE, C>
where
	B: BlockT<Hash = H256>,
	B::Header: HeaderT<Number = BlockNumber>,
	BE: Backend<B>,
	C: ClientForIbft<B, BE>,
{
	fn block_number(&self, hash: &H256) -> Option<BlockNumber> {
		self.client.number(*hash).ok().flatten()
	}

	fn is_descendant_of(&self, block: &H256, ancestor: &H256) -> bool {
		if block == ancestor {
			return false;
		}
		match sp_blockchain::lowest_common_ancestor(&*self.client, *block, *ancestor) {
			Ok(lca) => lca.hash == *ancestor,
			Err(_) => false,
		}
	}

	fn best_descendant_of(&self, base: &H256) -> Option<(H256, BlockNumber)> {
		// The client keeps its best block on a descendant of the last finalized block, so a
		// best block that is not above `base` means there is nothing new to finalize yet.
		let info = self.client.info();
		self.is_descendant_of(&info.best_hash, base).then_some((info.best_hash, info.best_number))
	}
}

/// The validator set that decides the heights after `at` is finalized, as the runtime says.
pub fn validator_set_at<B, C>(client: &C, at: H256) -> Result<ValidatorSet, String>
where
	B: BlockT<Hash = H256>,
	C: ProvideRuntimeApi<B>,
	C::Api: IbftApi<B>,
{
	let api = client.runtime_api();
	let authorities =
		api.authorities(at).map_err(|e| format!("IbftApi_authorities at {at:?} failed: {e}"))?;
	let set_id = api
		.current_set_id(at)
		.map_err(|e| format!("IbftApi_current_set_id at {at:?} failed: {e}"))?;
	ValidatorSet::new(set_id, authorities)
		.map_err(|e| format!("the runtime's IBFT authority set at {at:?} is invalid: {e:?}"))
}

/// Signs with the IBFT session key in the node's keystore. Without a keystore (a node that
/// is not an authority) it never signs, and the machine only observes.
#[derive(Clone)]
pub struct KeystoreSigner {
	keystore: Option<KeystorePtr>,
}

impl KeystoreSigner {
	/// A signer over `keystore`.
	pub fn new(keystore: Option<KeystorePtr>) -> Self {
		Self { keystore }
	}
}

impl Signer<IbftTypes> for KeystoreSigner {
	fn local_id(&self, set: &ValidatorSet) -> Option<AuthorityId> {
		let keystore = self.keystore.as_ref()?;
		set.validators()
			.iter()
			.find(|id| keystore.has_keys(&[(id.to_raw_vec(), KEY_TYPE)]))
			.cloned()
	}

	fn sign(&self, signer: &AuthorityId, payload: &[u8]) -> Option<AuthoritySignature> {
		let keystore = self.keystore.as_ref()?;
		match keystore.ed25519_sign(KEY_TYPE, signer.as_ref(), payload) {
			Ok(Some(signature)) => Some(signature.into()),
			Ok(None) => {
				log::warn!(target: crate::LOG_TARGET, "IBFT key {signer} left the keystore");
				None
			},
			Err(e) => {
				log::warn!(target: crate::LOG_TARGET, "signing with IBFT key {signer} failed: {e}");
				None
			},
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use metanode_ibft_primitives::metanode_ibft_core::Crypto;
	use metanode_ibft_primitives::IbftCrypto;
	use sp_keystore::{testing::MemoryKeystore, Keystore};

	#[test]
	fn signs_with_the_keystore_key_of_the_set_and_the_signature_verifies() {
		let keystore: KeystorePtr = Arc::new(MemoryKeystore::new());
		let ours: AuthorityId =
			keystore.ed25519_generate_new(KEY_TYPE, Some("//Alice")).unwrap().into();
		let other: AuthorityId = sp_keyring::Ed25519Keyring::Bob.public().into();
		let set = ValidatorSet::new(0, vec![other.clone(), ours.clone()]).unwrap();

		let signer = KeystoreSigner::new(Some(keystore));
		assert_eq!(signer.local_id(&set), Some(ours.clone()));
		let signature = signer.sign(&ours, b"payload").expect("key is in the keystore");
		assert!(IbftCrypto.verify(&ours, b"payload", &signature));
		assert!(signer.sign(&other, b"payload").is_none());
	}

	#[test]
	fn without_a_keystore_the_node_only_observes() {
		let set =
			ValidatorSet::new(0, vec![sp_keyring::Ed25519Keyring::Bob.public().into()]).unwrap();
		let signer = KeystoreSigner::new(None);
		assert_eq!(signer.local_id(&set), None);
	}
}
