use super::*;
use codec::{Decode, DecodeWithMemTracking, Encode};
use metanode_ibft_core::{
	signing_payload, verify_equivocation, verify_justification, EquivocationError,
	JustificationError,
};
use sp_application_crypto::{Pair, RuntimeAppPublic};
use sp_runtime::{Digest, DigestItem};

const SET_ID: SetId = 3;

fn pair(seed: u8) -> AuthorityPair {
	AuthorityPair::from_seed(&[seed; 32])
}

fn set_of(pairs: &[AuthorityPair]) -> ValidatorSet {
	ValidatorSet::new(SET_ID, pairs.iter().map(|p| p.public()).collect()).unwrap()
}

fn commit(hash: u8) -> Commit {
	Commit { height: 7, round: 1, hash: H256::repeat_byte(hash), number: 42 }
}

fn justification(pairs: &[AuthorityPair]) -> Justification {
	let body = commit(9);
	let payload = signing_payload(SET_ID, &body);
	Justification {
		set_id: SET_ID,
		height: body.height,
		round: body.round,
		hash: body.hash,
		number: body.number,
		seals: pairs.iter().map(|p| (p.public(), p.sign(&payload))).collect(),
	}
}

#[test]
fn ids_are_the_documented_bytes() {
	assert_eq!(&IBFT_ENGINE_ID, b"IBFT");
	assert_eq!(KEY_TYPE.0, *b"ibft");
	assert_eq!(<AuthorityId as RuntimeAppPublic>::ID, KEY_TYPE);
}

#[test]
fn app_crypto_verifies_real_ed25519_signatures() {
	let alice = pair(1);
	let signed = sign(&alice, SET_ID, commit(9));
	assert!(signed.verify(&IbftCrypto));
	// Another body, another set id or another signer: the signature no longer verifies.
	let mut other_body = signed.clone();
	other_body.message.hash = H256::repeat_byte(10);
	assert!(!other_body.verify(&IbftCrypto));
	let mut other_set = signed.clone();
	other_set.set_id += 1;
	assert!(!other_set.verify(&IbftCrypto));
	let mut other_signer = signed;
	other_signer.from = pair(2).public();
	assert!(!other_signer.verify(&IbftCrypto));
}

#[test]
fn justifications_verify_with_real_keys() {
	let pairs: Vec<_> = (1..=4).map(pair).collect();
	let set = set_of(&pairs);
	let j = justification(&pairs[..3]);
	assert_eq!(verify_justification(&set, &j, &IbftCrypto), Ok(()));

	let mut tampered = j.clone();
	tampered.number += 1;
	assert_eq!(
		verify_justification(&set, &tampered, &IbftCrypto),
		Err(JustificationError::BadSeal { index: 0 })
	);
	assert_eq!(
		verify_justification(&set, &justification(&pairs[..2]), &IbftCrypto),
		Err(JustificationError::TooFewSeals { got: 2, need: 3 })
	);
}

#[test]
fn equivocations_verify_with_real_keys() {
	let pairs: Vec<_> = (1..=4).map(pair).collect();
	let set = set_of(&pairs);
	let prepare = |hash| Prepare { height: 7, round: 1, hash: H256::repeat_byte(hash), number: 42 };
	let proof = EquivocationProof::Prepare(Equivocation {
		first: sign(&pairs[1], SET_ID, prepare(1)),
		second: sign(&pairs[1], SET_ID, prepare(2)),
	});
	assert_eq!(verify_equivocation(&set, &proof, &IbftCrypto), Ok(()));
	assert_eq!(proof.offender(), &pairs[1].public());

	let mut forged = proof.clone();
	if let EquivocationProof::Prepare(e) = &mut forged {
		e.second.signature = pairs[2].sign(b"something else");
	}
	assert_eq!(
		verify_equivocation(&set, &forged, &IbftCrypto),
		Err(EquivocationError::BadSignature)
	);
}

#[test]
fn versioned_justification_round_trips_and_refuses_garbage() {
	let pairs: Vec<_> = (1..=4).map(pair).collect();
	let j = justification(&pairs[..3]);
	let bytes = VersionedJustification::from(j.clone()).encode();
	assert_eq!(bytes[0], 1, "the version is the first byte");
	assert_eq!(&bytes[1..], &j.encode()[..]);
	let decoded = VersionedJustification::decode_untrusted(&bytes).unwrap();
	assert_eq!(decoded.into_justification(), j);

	// Trailing bytes, an unknown version and truncation are all refused.
	let mut trailing = bytes.clone();
	trailing.push(0);
	assert!(VersionedJustification::decode_untrusted(&trailing).is_err());
	let mut unknown = bytes.clone();
	unknown[0] = 2;
	assert!(VersionedJustification::decode_untrusted(&unknown).is_err());
	assert!(VersionedJustification::decode_untrusted(&bytes[..bytes.len() - 1]).is_err());
}

#[test]
fn versioned_message_round_trips() {
	let alice = pair(1);
	let message = ConsensusMessage::Commit(sign(&alice, SET_ID, commit(9)));
	let bytes = VersionedMessage::from(message.clone()).encode();
	assert_eq!(bytes[0], 1);
	assert_eq!(VersionedMessage::decode_untrusted(&bytes).unwrap().into_message(), message);
	assert!(VersionedMessage::decode_untrusted(&bytes[1..]).is_err());
}

#[test]
fn scheduled_change_digest_is_found_under_the_ibft_engine_id() {
	let next: AuthorityList = (1..=3).map(|s| pair(s).public()).collect();
	let log = ConsensusLog::ScheduledChange { next_authorities: next.clone(), delay: 0u32 };
	let item = log.clone().into_digest_item();
	assert_eq!(item, DigestItem::Consensus(IBFT_ENGINE_ID, log.encode()));
	// Variant index 1, then the list, then the delay.
	assert_eq!(log.encode()[0], 1);

	let foreign = DigestItem::Consensus(*b"FRNK", log.encode());
	let digest = Digest { logs: vec![DigestItem::Other(vec![1, 2]), foreign.clone(), item] };
	let found = find_scheduled_change::<u32>(&digest).unwrap();
	assert_eq!(found, ScheduledChange { next_authorities: next, delay: 0 });
	assert_eq!(find_scheduled_change::<u32>(&Digest { logs: vec![foreign] }), None);
}

#[test]
fn proof_types_can_be_call_arguments() {
	// Call arguments need `TypeInfo` and `DecodeWithMemTracking`; checked at compile time.
	fn assert_parameter<P: scale_info::TypeInfo + DecodeWithMemTracking + Encode + 'static>() {}
	assert_parameter::<EquivocationProof>();
	assert_parameter::<Justification>();
	let info = scale_info::meta_type::<EquivocationProof>();
	assert_eq!(info.type_info().path.ident(), Some("EquivocationProof"));

	// And the SCALE round trip of a proof is the identity.
	let alice = pair(1);
	let prepare = |hash| Prepare { height: 1, round: 0, hash: H256::repeat_byte(hash), number: 1 };
	let proof = EquivocationProof::Prepare(Equivocation {
		first: sign(&alice, SET_ID, prepare(1)),
		second: sign(&alice, SET_ID, prepare(2)),
	});
	assert_eq!(EquivocationProof::decode(&mut &proof.encode()[..]).unwrap(), proof);
}
