//! Unit tests of the shadow registry on the mock runtime.

use crate::{
	commitment, mock::*, receipt_key, verify_receipt_proof, BridgeRequest, Capabilities,
	Capability, Compliance, CurrentRange, Error, Event, Grant, Grants, HoldReason, LastNonce,
	Metadata, Method, NextReceiptId, Pruning, RangeCommitment, RangeLeaves, RangeRoots,
	ReceiptProof, Receipts, RequestOutcome, RequestParams, RequestPayload, ShadowReceipt, SystemId,
	SystemInfo, SystemReceipts, SystemSignature, Systems, TargetId, TargetKind, Targets,
	WeightInfo, REQUEST_DOMAIN,
};
use codec::Encode;
use frame_support::{
	assert_noop, assert_ok,
	dispatch::{DispatchResultWithPostInfo, GetDispatchInfo, PostDispatchInfo},
	traits::{
		fungible::{Inspect, InspectHold},
		Hooks,
	},
	weights::Weight,
};
use sp_core::{ed25519, Pair, H256};
use sp_runtime::{traits::BadOrigin, AccountId32, DispatchError, TokenError};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

type Request = BridgeRequest<AccountId, RuntimeCall>;

fn key() -> ed25519::Pair {
	ed25519::Pair::from_seed(&[7u8; 32])
}

fn other_key() -> ed25519::Pair {
	ed25519::Pair::from_seed(&[8u8; 32])
}

fn sid(id: &[u8]) -> SystemId {
	id.to_vec().try_into().expect("id within bounds")
}

fn tid(id: &[u8]) -> TargetId {
	id.to_vec().try_into().expect("id within bounds")
}

fn caps(list: &[Capability]) -> Capabilities {
	let mut set = Capabilities::new();
	for c in list {
		set.try_insert(*c).expect("within bounds");
	}
	set
}

fn meta(bytes: &[u8]) -> Metadata {
	bytes.to_vec().try_into().expect("metadata within bounds")
}

fn method(name: &[u8]) -> Method {
	name.to_vec().try_into().expect("method within bounds")
}

const ACME: &[u8] = b"acme-crm";
const ACME_CAPS: [Capability; 4] =
	[Capability::Transfer, Capability::Record, Capability::Custom(1), Capability::Custom(2)];
const PAY: &[u8] = b"gen.transfer";
const CRM: &[u8] = b"crm.contacts";

fn acme() -> SystemId {
	sid(ACME)
}

fn hold_of(reason: HoldReason, who: AccountId) -> Balance {
	Balances::balance_on_hold(&RuntimeHoldReason::ShadowRegistry(reason), &who)
}

fn free(who: AccountId) -> Balance {
	Balances::balance(&who)
}

/// Registers `acme-crm` (owner `OWNER`, key `key()`, capabilities Transfer, Record,
/// Custom(1) and Custom(2)), the dispatch target `gen.transfer` and the record target `crm.contacts`
/// (capability Record).
fn setup_registry() {
	assert_ok!(ShadowRegistry::register_system(
		RuntimeOrigin::signed(OWNER),
		acme(),
		key().public(),
		caps(&ACME_CAPS),
		meta(b"https://acme.example"),
	));
	assert_ok!(ShadowRegistry::register_target(
		RuntimeOrigin::signed(TARGET_OWNER),
		tid(PAY),
		TargetKind::Dispatch,
		H256::repeat_byte(0x11),
		meta(b"native transfers"),
	));
	assert_ok!(ShadowRegistry::register_target(
		RuntimeOrigin::signed(TARGET_OWNER),
		tid(CRM),
		TargetKind::Record { capability: Capability::Record },
		H256::repeat_byte(0x22),
		meta(b"contact updates"),
	));
}

/// `setup_registry`, and Alice grants acme `grant` until block 100.
fn setup_with_grant(grant: &[Capability]) {
	setup_registry();
	assert_ok!(ShadowRegistry::grant(RuntimeOrigin::signed(ALICE), acme(), caps(grant), 100));
}

fn compliance() -> Compliance {
	Compliance { gdpr: true, hipaa: false, pci: false, retention_days: 30, jurisdiction: *b"DE" }
}

fn record_request(nonce: u64) -> Request {
	BridgeRequest {
		system_id: acme(),
		nonce,
		account: ALICE,
		target: tid(CRM),
		method: method(b"update_contact"),
		params: RequestParams::Hash(H256::repeat_byte(0xAB)),
		compliance: compliance(),
	}
}

fn call_request(nonce: u64, call: RuntimeCall) -> Request {
	BridgeRequest {
		system_id: acme(),
		nonce,
		account: ALICE,
		target: tid(PAY),
		method: method(b"transfer"),
		params: RequestParams::Call(Box::new(call)),
		compliance: Compliance::default(),
	}
}

fn transfer(to: AccountId, value: Balance) -> RuntimeCall {
	RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive { dest: to, value })
}

fn sign_with(pair: &ed25519::Pair, request: &Request) -> SystemSignature {
	pair.sign(&ShadowRegistry::payload(request).encode())
}

fn sign(request: &Request) -> SystemSignature {
	sign_with(&key(), request)
}

fn submit(request: Request, signature: SystemSignature) -> DispatchResultWithPostInfo {
	ShadowRegistry::submit_request(RuntimeOrigin::signed(RELAYER), Box::new(request), signature)
}

fn submit_signed(request: Request) -> DispatchResultWithPostInfo {
	let signature = sign(&request);
	submit(request, signature)
}

fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::ShadowRegistry(e) => Some(e),
			_ => None,
		})
		.collect()
}

fn last_event() -> Event<Test> {
	events().pop().expect("an event was emitted")
}

fn outcome_of(id: u64) -> RequestOutcome {
	Receipts::<Test>::get(id).expect("receipt stored").outcome
}

fn try_state() {
	assert_ok!(ShadowRegistry::do_try_state());
}

// ---------------------------------------------------------------------------------------------
// Systems
// ---------------------------------------------------------------------------------------------

#[test]
fn register_system_holds_the_deposit() {
	new_test_ext().execute_with(|| {
		setup_registry();
		let system = Systems::<Test>::get(acme()).expect("registered");
		assert_eq!(
			system,
			SystemInfo {
				owner: OWNER,
				key: key().public(),
				capabilities: caps(&ACME_CAPS),
				metadata: meta(b"https://acme.example"),
				deposit: SYSTEM_DEPOSIT,
				registration: 0,
				registered_at: 1,
			}
		);
		assert_eq!(hold_of(HoldReason::SystemDeposit, OWNER), SYSTEM_DEPOSIT);
		assert_eq!(free(OWNER), INITIAL - SYSTEM_DEPOSIT);
		assert!(events().contains(&Event::SystemRegistered {
			system_id: acme(),
			owner: OWNER,
			key: key().public(),
			capabilities: system.capabilities,
			deposit: SYSTEM_DEPOSIT,
		}));
	});
}

#[test]
fn register_system_failures() {
	new_test_ext().execute_with(|| {
		let register = |who, id: &[u8], caps_: &[Capability]| {
			ShadowRegistry::register_system(
				RuntimeOrigin::signed(who),
				sid(id),
				key().public(),
				caps(caps_),
				meta(b""),
			)
		};
		assert_noop!(register(OWNER, b"", &[Capability::Record]), Error::<Test>::InvalidId);
		assert_noop!(register(OWNER, b"acme crm", &[Capability::Record]), Error::<Test>::InvalidId);
		assert_noop!(
			register(OWNER, "acmé".as_bytes(), &[Capability::Record]),
			Error::<Test>::InvalidId
		);
		assert_noop!(register(OWNER, ACME, &[]), Error::<Test>::NoCapabilities);
		assert_noop!(
			register(POOR, ACME, &[Capability::Record]),
			Error::<Test>::InsufficientBalance
		);
		assert_noop!(
			ShadowRegistry::register_system(
				RuntimeOrigin::none(),
				acme(),
				key().public(),
				caps(&[Capability::Record]),
				meta(b"")
			),
			BadOrigin
		);
		assert_ok!(register(OWNER, ACME, &[Capability::Record]));
		assert_noop!(
			register(OTHER_OWNER, ACME, &[Capability::Record]),
			Error::<Test>::SystemExists
		);
	});
}

#[test]
fn deregister_system_returns_the_deposit() {
	new_test_ext().execute_with(|| {
		setup_registry();
		assert_noop!(
			ShadowRegistry::deregister_system(RuntimeOrigin::signed(OTHER_OWNER), acme()),
			Error::<Test>::NotSystemOwner
		);
		assert_noop!(
			ShadowRegistry::deregister_system(RuntimeOrigin::signed(OWNER), sid(b"nope")),
			Error::<Test>::SystemNotFound
		);
		assert_ok!(ShadowRegistry::deregister_system(RuntimeOrigin::signed(OWNER), acme()));
		assert!(!Systems::<Test>::contains_key(acme()));
		assert_eq!(hold_of(HoldReason::SystemDeposit, OWNER), 0);
		assert_eq!(free(OWNER), INITIAL);
		assert_eq!(
			last_event(),
			Event::SystemDeregistered { system_id: acme(), owner: OWNER, forced: false }
		);
	});
}

#[test]
fn force_deregister_system_returns_the_deposit_to_the_owner() {
	new_test_ext().execute_with(|| {
		setup_registry();
		assert_noop!(
			ShadowRegistry::force_deregister_system(RuntimeOrigin::signed(OWNER), acme()),
			BadOrigin
		);
		assert_noop!(
			ShadowRegistry::force_deregister_system(RuntimeOrigin::root(), sid(b"nope")),
			Error::<Test>::SystemNotFound
		);
		assert_ok!(ShadowRegistry::force_deregister_system(RuntimeOrigin::root(), acme()));
		assert!(!Systems::<Test>::contains_key(acme()));
		assert_eq!(free(OWNER), INITIAL);
		assert_eq!(
			last_event(),
			Event::SystemDeregistered { system_id: acme(), owner: OWNER, forced: true }
		);
	});
}

#[test]
fn deposits_of_several_registrations_add_up() {
	new_test_ext().execute_with(|| {
		setup_registry();
		assert_ok!(ShadowRegistry::register_system(
			RuntimeOrigin::signed(OWNER),
			sid(b"acme-billing"),
			other_key().public(),
			caps(&[Capability::Record]),
			meta(b""),
		));
		assert_eq!(hold_of(HoldReason::SystemDeposit, OWNER), 2 * SYSTEM_DEPOSIT);
		assert_eq!(hold_of(HoldReason::TargetDeposit, TARGET_OWNER), 2 * TARGET_DEPOSIT);
		assert_ok!(ShadowRegistry::deregister_system(RuntimeOrigin::signed(OWNER), acme()));
		assert_eq!(hold_of(HoldReason::SystemDeposit, OWNER), SYSTEM_DEPOSIT);
	});
}

#[test]
fn rotate_key_replaces_the_key_and_the_old_key_stops_working() {
	new_test_ext().execute_with(|| {
		setup_with_grant(&[Capability::Record]);
		assert_ok!(submit_signed(record_request(1)));

		assert_ok!(ShadowRegistry::rotate_key(
			RuntimeOrigin::signed(OWNER),
			acme(),
			other_key().public()
		));
		assert_eq!(
			last_event(),
			Event::KeyRotated {
				system_id: acme(),
				old_key: key().public(),
				new_key: other_key().public()
			}
		);
		// The old key no longer works.
		let request = record_request(2);
		let old = sign_with(&key(), &request);
		assert_noop!(submit(request.clone(), old), Error::<Test>::BadSignature);
		// The new key does; the nonce sequence continues.
		let new = sign_with(&other_key(), &request);
		assert_ok!(submit(request, new));
		assert_eq!(LastNonce::<Test>::get(acme()), 2);
	});
}

#[test]
fn rotate_key_failures() {
	new_test_ext().execute_with(|| {
		setup_registry();
		assert_noop!(
			ShadowRegistry::rotate_key(
				RuntimeOrigin::signed(OTHER_OWNER),
				acme(),
				other_key().public()
			),
			Error::<Test>::NotSystemOwner
		);
		assert_noop!(
			ShadowRegistry::rotate_key(RuntimeOrigin::signed(OWNER), acme(), key().public()),
			Error::<Test>::SameKey
		);
		assert_noop!(
			ShadowRegistry::rotate_key(
				RuntimeOrigin::signed(OWNER),
				sid(b"nope"),
				other_key().public()
			),
			Error::<Test>::SystemNotFound
		);
	});
}

// ---------------------------------------------------------------------------------------------
// Targets
// ---------------------------------------------------------------------------------------------

#[test]
fn targets_hold_and_return_deposits() {
	new_test_ext().execute_with(|| {
		setup_registry();
		let target = Targets::<Test>::get(tid(CRM)).expect("registered");
		assert_eq!(target.owner, TARGET_OWNER);
		assert_eq!(target.kind, TargetKind::Record { capability: Capability::Record });
		assert_eq!(target.interface_hash, H256::repeat_byte(0x22));
		assert_eq!(target.deposit, TARGET_DEPOSIT);
		assert_eq!(free(TARGET_OWNER), INITIAL - 2 * TARGET_DEPOSIT);

		assert_noop!(
			ShadowRegistry::deregister_target(RuntimeOrigin::signed(OWNER), tid(CRM)),
			Error::<Test>::NotTargetOwner
		);
		assert_noop!(
			ShadowRegistry::deregister_target(RuntimeOrigin::signed(TARGET_OWNER), tid(b"nope")),
			Error::<Test>::TargetNotFound
		);
		assert_ok!(ShadowRegistry::deregister_target(
			RuntimeOrigin::signed(TARGET_OWNER),
			tid(CRM)
		));
		assert_eq!(
			last_event(),
			Event::TargetDeregistered { target_id: tid(CRM), owner: TARGET_OWNER, forced: false }
		);
		assert_noop!(
			ShadowRegistry::force_deregister_target(RuntimeOrigin::signed(OWNER), tid(PAY)),
			BadOrigin
		);
		assert_noop!(
			ShadowRegistry::force_deregister_target(RuntimeOrigin::root(), tid(CRM)),
			Error::<Test>::TargetNotFound
		);
		assert_ok!(ShadowRegistry::force_deregister_target(RuntimeOrigin::root(), tid(PAY)));
		assert_eq!(
			last_event(),
			Event::TargetDeregistered { target_id: tid(PAY), owner: TARGET_OWNER, forced: true }
		);
		assert_eq!(free(TARGET_OWNER), INITIAL);
		assert_eq!(hold_of(HoldReason::TargetDeposit, TARGET_OWNER), 0);
	});
}

#[test]
fn register_target_failures() {
	new_test_ext().execute_with(|| {
		let register = |who, id: &[u8]| {
			ShadowRegistry::register_target(
				RuntimeOrigin::signed(who),
				tid(id),
				TargetKind::Dispatch,
				H256::zero(),
				meta(b""),
			)
		};
		assert_noop!(register(TARGET_OWNER, b""), Error::<Test>::InvalidId);
		assert_noop!(register(TARGET_OWNER, b"a\tb"), Error::<Test>::InvalidId);
		assert_noop!(register(POOR, PAY), Error::<Test>::InsufficientBalance);
		assert_ok!(register(TARGET_OWNER, PAY));
		assert_noop!(register(OTHER_OWNER, PAY), Error::<Test>::TargetExists);
	});
}

// ---------------------------------------------------------------------------------------------
// Grants
// ---------------------------------------------------------------------------------------------

#[test]
fn grant_holds_one_deposit_and_can_be_replaced() {
	new_test_ext().execute_with(|| {
		setup_with_grant(&[Capability::Record]);
		assert_eq!(
			Grants::<Test>::get(ALICE, acme()),
			Some(Grant {
				capabilities: caps(&[Capability::Record]),
				expires_at: 100,
				registration: 0,
				deposit: GRANT_DEPOSIT,
			})
		);
		assert_eq!(hold_of(HoldReason::GrantDeposit, ALICE), GRANT_DEPOSIT);
		assert_eq!(
			last_event(),
			Event::GrantSet {
				account: ALICE,
				system_id: acme(),
				capabilities: caps(&[Capability::Record]),
				expires_at: 100
			}
		);
		// Re-granting replaces the grant and holds no second deposit.
		assert_ok!(ShadowRegistry::grant(
			RuntimeOrigin::signed(ALICE),
			acme(),
			caps(&[Capability::Transfer, Capability::Record]),
			50
		));
		let grant = Grants::<Test>::get(ALICE, acme()).expect("granted");
		assert_eq!(grant.capabilities, caps(&[Capability::Transfer, Capability::Record]));
		assert_eq!(grant.expires_at, 50);
		assert_eq!(hold_of(HoldReason::GrantDeposit, ALICE), GRANT_DEPOSIT);
	});
}

#[test]
fn grant_failures() {
	new_test_ext().execute_with(|| {
		setup_registry();
		let grant = |system: &[u8], c: &[Capability], expires_at| {
			ShadowRegistry::grant(RuntimeOrigin::signed(ALICE), sid(system), caps(c), expires_at)
		};
		assert_noop!(grant(b"nope", &[Capability::Record], 10), Error::<Test>::SystemNotFound);
		assert_noop!(grant(ACME, &[], 10), Error::<Test>::NoCapabilities);
		assert_noop!(
			grant(ACME, &[Capability::Record, Capability::AssetTransfer], 10),
			Error::<Test>::CapabilityNotOffered
		);
		assert_noop!(grant(ACME, &[Capability::Record], 1), Error::<Test>::ExpiryInPast);
		assert_noop!(
			ShadowRegistry::grant(
				RuntimeOrigin::signed(POOR),
				acme(),
				caps(&[Capability::Record]),
				10
			),
			Error::<Test>::InsufficientBalance
		);
	});
}

#[test]
fn revoke_grant_returns_the_deposit() {
	new_test_ext().execute_with(|| {
		setup_with_grant(&[Capability::Record]);
		assert_noop!(
			ShadowRegistry::revoke_grant(RuntimeOrigin::signed(CHARLIE), acme()),
			Error::<Test>::GrantNotFound
		);
		assert_ok!(ShadowRegistry::revoke_grant(RuntimeOrigin::signed(ALICE), acme()));
		assert!(!Grants::<Test>::contains_key(ALICE, acme()));
		assert_eq!(hold_of(HoldReason::GrantDeposit, ALICE), 0);
		assert_eq!(free(ALICE), INITIAL);
		assert_eq!(last_event(), Event::GrantRevoked { account: ALICE, system_id: acme() });
	});
}

// ---------------------------------------------------------------------------------------------
// Requests: records
// ---------------------------------------------------------------------------------------------

#[test]
fn a_record_request_stores_a_receipt() {
	new_test_ext().execute_with(|| {
		setup_with_grant(&[Capability::Record]);
		run_to_block(3);
		let request = record_request(7);
		let signature = sign(&request);
		let payload = ShadowRegistry::payload(&request);
		let relayer_before = free(RELAYER);
		assert_ok!(submit(request, signature));

		let receipt = Receipts::<Test>::get(0).expect("stored");
		assert_eq!(
			receipt,
			ShadowReceipt {
				receipt_id: 0,
				request_id: H256(sp_io::hashing::blake2_256(&payload.encode())),
				commitment: commitment::request_commitment(&payload, &signature),
				system_id: acme(),
				nonce: 7,
				account: ALICE,
				target: tid(CRM),
				outcome: RequestOutcome::Recorded,
				block: 3,
				timestamp: 3 * BLOCK_MS,
				compliance: compliance(),
				range: 0,
			}
		);
		assert_eq!(LastNonce::<Test>::get(acme()), 7);
		assert_eq!(NextReceiptId::<Test>::get(), 1);
		assert_eq!(RangeLeaves::<Test>::get(0).into_inner(), vec![crate::receipt_leaf(&receipt)]);
		assert!(SystemReceipts::<Test>::contains_key(acme(), receipt_key(3, 0)));
		assert_eq!(
			last_event(),
			Event::RequestProcessed {
				receipt_id: 0,
				request_id: receipt.request_id,
				system_id: acme(),
				nonce: 7,
				account: ALICE,
				target: tid(CRM),
				method: method(b"update_contact"),
				relayer: RELAYER,
				outcome: RequestOutcome::Recorded,
			}
		);
		// The pallet moves nothing of the relayer (fees are the transaction payment's).
		assert_eq!(free(RELAYER), relayer_before);
		assert_eq!(ShadowRegistry::receipt(0), Some(receipt));
		try_state();
	});
}

#[test]
fn signatures_over_other_data_are_rejected() {
	new_test_ext().execute_with(|| {
		setup_with_grant(&[Capability::Record]);
		let request = record_request(1);

		// Over another chain's genesis hash.
		let foreign = RequestPayload::new(H256::repeat_byte(0x99), &request);
		let signature = key().sign(&foreign.encode());
		assert_noop!(submit(request.clone(), signature), Error::<Test>::BadSignature);

		// Over another nonce.
		let signature = sign(&record_request(2));
		assert_noop!(submit(request.clone(), signature), Error::<Test>::BadSignature);

		// Over other params.
		let mut other = request.clone();
		other.params = RequestParams::Hash(H256::repeat_byte(0xCD));
		assert_noop!(submit(request.clone(), sign(&other)), Error::<Test>::BadSignature);

		// Over another account.
		let mut other = request.clone();
		other.account = CHARLIE;
		assert_noop!(submit(request.clone(), sign(&other)), Error::<Test>::BadSignature);

		// Over other compliance flags or another method.
		let mut other = request.clone();
		other.compliance.hipaa = true;
		assert_noop!(submit(request.clone(), sign(&other)), Error::<Test>::BadSignature);
		let mut other = request.clone();
		other.method = method(b"delete_contact");
		assert_noop!(submit(request.clone(), sign(&other)), Error::<Test>::BadSignature);

		// Without the domain tag.
		let mut payload = ShadowRegistry::payload(&request).encode();
		payload.drain(..REQUEST_DOMAIN.len());
		assert_noop!(submit(request.clone(), key().sign(&payload)), Error::<Test>::BadSignature);

		// By another key.
		assert_noop!(
			submit(request.clone(), sign_with(&other_key(), &request)),
			Error::<Test>::BadSignature
		);

		// The right one.
		assert_ok!(submit_signed(request));
	});
}

#[test]
fn nonces_must_increase_and_cannot_be_replayed() {
	new_test_ext().execute_with(|| {
		setup_with_grant(&[Capability::Record]);
		let request = record_request(5);
		let signature = sign(&request);
		assert_ok!(submit(request.clone(), signature));
		// The same signed request again.
		assert_noop!(submit(request, signature), Error::<Test>::StaleNonce);
		// A lower nonce.
		assert_noop!(submit_signed(record_request(4)), Error::<Test>::StaleNonce);
		// Gaps are fine.
		assert_ok!(submit_signed(record_request(9)));
		assert_eq!(LastNonce::<Test>::get(acme()), 9);
		// Zero is never accepted.
		let fresh_id = sid(b"fresh");
		assert_ok!(ShadowRegistry::register_system(
			RuntimeOrigin::signed(OTHER_OWNER),
			fresh_id.clone(),
			key().public(),
			caps(&[Capability::Record]),
			meta(b""),
		));
		assert_ok!(ShadowRegistry::grant(
			RuntimeOrigin::signed(ALICE),
			fresh_id.clone(),
			caps(&[Capability::Record]),
			100
		));
		let mut zero = record_request(0);
		zero.system_id = fresh_id;
		assert_noop!(submit_signed(zero), Error::<Test>::StaleNonce);
	});
}

#[test]
fn expired_and_revoked_grants_are_refused() {
	new_test_ext().execute_with(|| {
		setup_registry();
		assert_ok!(ShadowRegistry::grant(
			RuntimeOrigin::signed(ALICE),
			acme(),
			caps(&[Capability::Record]),
			10
		));
		run_to_block(9);
		assert_ok!(submit_signed(record_request(1)));
		// At the expiry block the grant no longer applies.
		run_to_block(10);
		assert_noop!(submit_signed(record_request(2)), Error::<Test>::GrantExpired);

		// Re-granted, then revoked: refused at once.
		assert_ok!(ShadowRegistry::grant(
			RuntimeOrigin::signed(ALICE),
			acme(),
			caps(&[Capability::Record]),
			20
		));
		assert_ok!(submit_signed(record_request(2)));
		assert_ok!(ShadowRegistry::revoke_grant(RuntimeOrigin::signed(ALICE), acme()));
		assert_noop!(submit_signed(record_request(3)), Error::<Test>::GrantNotFound);

		// An account that never granted.
		let mut request = record_request(3);
		request.account = CHARLIE;
		assert_noop!(submit_signed(request), Error::<Test>::GrantNotFound);
	});
}

#[test]
fn a_capability_outside_the_grant_is_refused() {
	new_test_ext().execute_with(|| {
		setup_with_grant(&[Capability::Transfer]);
		assert_noop!(submit_signed(record_request(1)), Error::<Test>::CapabilityNotGranted);
	});
}

#[test]
fn unregistered_systems_and_targets_are_refused() {
	new_test_ext().execute_with(|| {
		setup_with_grant(&[Capability::Record]);
		let mut request = record_request(1);
		request.system_id = sid(b"ghost");
		assert_noop!(submit_signed(request), Error::<Test>::SystemNotFound);

		let mut request = record_request(1);
		request.target = tid(b"ghost.target");
		assert_noop!(submit_signed(request), Error::<Test>::TargetNotFound);

		// A deregistered target.
		assert_ok!(ShadowRegistry::deregister_target(
			RuntimeOrigin::signed(TARGET_OWNER),
			tid(CRM)
		));
		assert_noop!(submit_signed(record_request(1)), Error::<Test>::TargetNotFound);
	});
}

#[test]
fn params_must_fit_the_target() {
	new_test_ext().execute_with(|| {
		setup_with_grant(&[Capability::Record, Capability::Transfer]);
		// A call to a record target.
		let mut request = call_request(1, transfer(BOB, 10));
		request.target = tid(CRM);
		assert_noop!(submit_signed(request), Error::<Test>::WrongParamsKind);
		// A hash to a dispatch target.
		let mut request = record_request(1);
		request.target = tid(PAY);
		assert_noop!(submit_signed(request), Error::<Test>::WrongParamsKind);
	});
}

#[test]
fn a_re_registered_system_id_voids_old_grants_and_nonces() {
	new_test_ext().execute_with(|| {
		setup_with_grant(&[Capability::Record]);
		let request = record_request(1);
		let signature = sign(&request);
		assert_ok!(submit(request.clone(), signature));
		assert_ok!(ShadowRegistry::deregister_system(RuntimeOrigin::signed(OWNER), acme()));
		assert_noop!(submit_signed(record_request(2)), Error::<Test>::SystemNotFound);

		// Someone else registers the id, even with the same key.
		assert_ok!(ShadowRegistry::register_system(
			RuntimeOrigin::signed(OTHER_OWNER),
			acme(),
			key().public(),
			caps(&[Capability::Record]),
			meta(b""),
		));
		assert_eq!(Systems::<Test>::get(acme()).map(|s| s.registration), Some(1));
		// The old request cannot be replayed.
		assert_noop!(submit(request, signature), Error::<Test>::StaleNonce);
		// Alice's grant was to the earlier registration.
		assert_noop!(submit_signed(record_request(2)), Error::<Test>::StaleGrant);
		// Re-granting makes it current.
		assert_ok!(ShadowRegistry::grant(
			RuntimeOrigin::signed(ALICE),
			acme(),
			caps(&[Capability::Record]),
			100
		));
		assert_ok!(submit_signed(record_request(2)));
		// Revoking a stale grant is still possible (covered by revoke's own test); here the
		// deposit was held once.
		assert_eq!(hold_of(HoldReason::GrantDeposit, ALICE), GRANT_DEPOSIT);
	});
}

#[test]
fn a_full_range_refuses_requests_until_it_closes() {
	new_test_ext().execute_with(|| {
		setup_with_grant(&[Capability::Record]);
		for nonce in 1..=u64::from(MAX_PER_RANGE) {
			assert_ok!(submit_signed(record_request(nonce)));
		}
		let next = u64::from(MAX_PER_RANGE) + 1;
		assert_noop!(submit_signed(record_request(next)), Error::<Test>::RangeFull);
		run_to_block(1 + RANGE_LENGTH);
		assert_ok!(submit_signed(record_request(next)));
		assert_eq!(Receipts::<Test>::get(u64::from(MAX_PER_RANGE)).map(|r| r.range), Some(1));
		try_state();
	});
}

// ---------------------------------------------------------------------------------------------
// Requests: dispatch
// ---------------------------------------------------------------------------------------------

#[test]
fn a_transfer_is_dispatched_from_the_granter() {
	new_test_ext().execute_with(|| {
		setup_with_grant(&[Capability::Transfer]);
		let call = transfer(BOB, 300);
		let call_info = call.get_dispatch_info();
		let request = call_request(1, call);
		let declared = ShadowRegistry::request_weight(&request);
		assert_eq!(
			declared,
			<() as WeightInfo>::submit_request_dispatch().saturating_add(call_info.call_weight)
		);
		let relayer_before = free(RELAYER);
		let result = submit_signed(request);
		assert_ok!(result);
		assert_eq!(free(ALICE), INITIAL - GRANT_DEPOSIT - 300);
		assert_eq!(free(BOB), INITIAL + 300);
		assert_eq!(free(RELAYER), relayer_before);
		assert_eq!(outcome_of(0), RequestOutcome::Dispatched);
		// The call's actual weight is accounted for (no refund info from the transfer: its
		// declared weight).
		assert_eq!(
			result.unwrap(),
			PostDispatchInfo {
				actual_weight: Some(declared),
				pays_fee: frame_support::dispatch::Pays::Yes
			}
		);
		assert!(System::events().iter().any(|r| matches!(
			r.event,
			RuntimeEvent::Balances(pallet_balances::Event::Transfer {
				from: ALICE,
				to: BOB,
				amount: 300
			})
		)));
	});
}

#[test]
fn a_failed_call_is_recorded_and_reverted() {
	new_test_ext().execute_with(|| {
		setup_with_grant(&[Capability::Transfer]);
		// More than Alice has.
		assert_ok!(submit_signed(call_request(1, transfer(BOB, 2 * INITIAL))));
		assert_eq!(
			outcome_of(0),
			RequestOutcome::DispatchFailed(DispatchError::Token(TokenError::FundsUnavailable))
		);
		assert_eq!(free(BOB), INITIAL);
		assert_eq!(free(ALICE), INITIAL - GRANT_DEPOSIT);
		// The nonce is used.
		assert_eq!(LastNonce::<Test>::get(acme()), 1);
	});
}

#[test]
fn only_calls_within_the_grant_are_dispatched() {
	new_test_ext().execute_with(|| {
		setup_with_grant(&[Capability::Transfer]);
		// Mapped to Custom(1), which the grant does not hold.
		let remark = RuntimeCall::System(frame_system::Call::remark { remark: b"hi".to_vec() });
		assert_noop!(
			submit_signed(call_request(1, remark.clone())),
			Error::<Test>::CapabilityNotGranted
		);
		// Not mapped at all.
		let force = RuntimeCall::Balances(pallet_balances::Call::force_transfer {
			source: ALICE,
			dest: BOB,
			value: 1,
		});
		assert_noop!(submit_signed(call_request(1, force)), Error::<Test>::CallNotAllowed);
		let burn =
			RuntimeCall::Balances(pallet_balances::Call::burn { value: 1, keep_alive: true });
		assert_noop!(submit_signed(call_request(1, burn)), Error::<Test>::CallNotAllowed);
		// This pallet's own calls, even though the mock maps them.
		let revoke = RuntimeCall::ShadowRegistry(crate::Call::revoke_grant { system_id: acme() });
		assert_noop!(submit_signed(call_request(1, revoke)), Error::<Test>::CallNotAllowed);

		// Granting Custom(1) makes the remark dispatchable.
		assert_ok!(ShadowRegistry::grant(
			RuntimeOrigin::signed(ALICE),
			acme(),
			caps(&[Capability::Transfer, Capability::Custom(1)]),
			100
		));
		assert_ok!(submit_signed(call_request(1, remark)));
		assert_eq!(outcome_of(0), RequestOutcome::Dispatched);
	});
}

#[test]
fn the_dispatch_origin_is_filtered_to_the_grant() {
	new_test_ext().execute_with(|| {
		setup_with_grant(&[Capability::Transfer]);
		// The same filter the pallet adds: a signed origin for Alice that only lets through
		// calls mapped to a granted capability.
		let capabilities = caps(&[Capability::Transfer]);
		let (outcome, _) = ShadowRegistry::dispatch_for(
			&ALICE,
			capabilities.clone(),
			RuntimeCall::System(frame_system::Call::remark { remark: vec![] }),
		);
		assert_eq!(
			outcome,
			RequestOutcome::DispatchFailed(frame_system::Error::<Test>::CallFiltered.into())
		);
		let (outcome, _) = ShadowRegistry::dispatch_for(&ALICE, capabilities, transfer(BOB, 1));
		assert_eq!(outcome, RequestOutcome::Dispatched);
		assert_eq!(free(BOB), INITIAL + 1);
	});
}

#[test]
fn the_dispatch_guard_refuses_before_dispatch_and_hears_of_successes() {
	new_test_ext().execute_with(|| {
		setup_with_grant(&[Capability::Transfer]);
		let capabilities = caps(&[Capability::Transfer]);
		let before = GuardedDispatches::get();
		let (outcome, used) =
			ShadowRegistry::dispatch_for(&ALICE, capabilities.clone(), transfer(GUARDED, 1));
		assert_eq!(outcome, RequestOutcome::DispatchFailed(DispatchError::Other("guarded")));
		assert_eq!(used, Weight::zero());
		assert_eq!(free(GUARDED), 0);
		assert_eq!(GuardedDispatches::get(), before);
		let (outcome, _) = ShadowRegistry::dispatch_for(&ALICE, capabilities, transfer(BOB, 1));
		assert_eq!(outcome, RequestOutcome::Dispatched);
		assert_eq!(GuardedDispatches::get(), before + 1);
	});
}

fn work(declared: u64, used: u64) -> RuntimeCall {
	RuntimeCall::Refunder(crate::mock::refunder::Call::work { declared, used })
}

#[test]
fn a_call_heavier_than_the_limit_is_refused() {
	new_test_ext().execute_with(|| {
		setup_with_grant(&[Capability::Custom(2)]);
		let heavy = call_request(1, work(MAX_CALL_REF_TIME + 1, 0));
		// The declared weight is capped at MaxCallWeight (component by component).
		assert_eq!(
			ShadowRegistry::request_weight(&heavy),
			<() as WeightInfo>::submit_request_dispatch()
				.saturating_add(Weight::from_parts(MaxCallWeight::get().ref_time(), 0))
		);
		assert_noop!(submit_signed(heavy), Error::<Test>::CallTooHeavy);
		assert_ok!(submit_signed(call_request(1, work(MAX_CALL_REF_TIME, 0))));
	});
}

#[test]
fn the_unused_call_weight_is_refunded() {
	new_test_ext().execute_with(|| {
		setup_with_grant(&[Capability::Custom(2)]);
		let request = call_request(1, work(5_000_000, 1_000));
		let base = <() as WeightInfo>::submit_request_dispatch();
		assert_eq!(
			ShadowRegistry::request_weight(&request),
			base.saturating_add(Weight::from_parts(5_000_000, 0))
		);
		let post = submit_signed(request).expect("accepted");
		assert_eq!(post.actual_weight, Some(base.saturating_add(Weight::from_parts(1_000, 0))));
		assert_eq!(outcome_of(0), RequestOutcome::Dispatched);
		// A record request reports its base weight.
		assert_ok!(ShadowRegistry::grant(
			RuntimeOrigin::signed(ALICE),
			acme(),
			caps(&[Capability::Custom(2), Capability::Record]),
			100
		));
		let post = submit_signed(record_request(2)).expect("accepted");
		assert_eq!(post.actual_weight, Some(<() as WeightInfo>::submit_request_record()));
	});
}

// ---------------------------------------------------------------------------------------------
// Ranges, proofs, pruning, queries
// ---------------------------------------------------------------------------------------------

/// Submits `n` record requests for Alice (nonces `first..first + n`).
fn submit_records(first: u64, n: u64) {
	for nonce in first..first + n {
		assert_ok!(submit_signed(record_request(nonce)));
	}
}

#[test]
fn ranges_commit_a_merkle_root_and_receipts_can_be_proven() {
	new_test_ext().execute_with(|| {
		setup_with_grant(&[Capability::Record]);
		submit_records(1, 3);
		assert_eq!(ShadowRegistry::prove_receipt(0), None, "not committed yet");
		run_to_block(1 + RANGE_LENGTH);
		let leaves: Vec<H256> =
			(0..3).map(|id| crate::receipt_leaf(&Receipts::<Test>::get(id).unwrap())).collect();
		let commitment = RangeRoots::<Test>::get(0).expect("committed");
		assert_eq!(
			commitment,
			RangeCommitment {
				range: 0,
				start_block: 0,
				end_block: RANGE_LENGTH,
				first_receipt: 0,
				count: 3,
				root: crate::merkle_root(leaves),
			}
		);
		assert!(events().contains(&Event::RangeCommitted {
			range: 0,
			root: commitment.root,
			first_receipt: 0,
			count: 3
		}));
		assert_eq!(ShadowRegistry::receipt_root(0), Some(commitment.clone()));
		for id in 0..3 {
			let proof = ShadowRegistry::prove_receipt(id).expect("provable");
			assert_eq!(proof.leaf_index, id as u32);
			assert_eq!(proof.number_of_leaves, 3);
			assert!(verify_receipt_proof(&commitment.root, &proof));
		}
		// An empty range commits nothing and keeps its index.
		run_to_block(1 + 2 * RANGE_LENGTH);
		assert_eq!(RangeRoots::<Test>::get(1), None);
		assert_eq!(CurrentRange::<Test>::get().index, 1);
		submit_records(4, 1);
		run_to_block(1 + 3 * RANGE_LENGTH);
		let second = RangeRoots::<Test>::get(1).expect("committed");
		assert_eq!((second.first_receipt, second.count), (3, 1));
		let proof = ShadowRegistry::prove_receipt(3).expect("provable");
		// A single leaf is its own root.
		assert_eq!(second.root, crate::receipt_leaf(&proof.receipt));
		assert!(verify_receipt_proof(&second.root, &proof));
		try_state();
	});
}

#[test]
fn tampered_proofs_fail() {
	new_test_ext().execute_with(|| {
		setup_with_grant(&[Capability::Record]);
		submit_records(1, 5);
		run_to_block(1 + RANGE_LENGTH);
		let root = RangeRoots::<Test>::get(0).unwrap().root;
		let proof = ShadowRegistry::prove_receipt(2).expect("provable");
		assert!(verify_receipt_proof(&root, &proof));

		let tamper = |f: &dyn Fn(&mut ReceiptProof<AccountId, u64>)| {
			let mut p = proof.clone();
			f(&mut p);
			verify_receipt_proof(&root, &p)
		};
		assert!(!tamper(&|p| p.receipt.outcome = RequestOutcome::Dispatched));
		assert!(!tamper(&|p| p.receipt.account = CHARLIE));
		assert!(!tamper(&|p| p.receipt.timestamp += 1));
		assert!(!tamper(&|p| p.receipt.compliance.gdpr = false));
		assert!(!tamper(&|p| p.items[0] = H256::repeat_byte(1)));
		assert!(!tamper(&|p| p.leaf_index = 3));
		assert!(!tamper(&|p| p.leaf_index = 5));
		assert!(!tamper(&|p| p.range = 1));
		assert!(!tamper(&|p| {
			p.range = 1;
			p.receipt.range = 1;
		}));
		assert!(!tamper(&|p| {
			p.items.pop();
		}));
		// Another receipt's valid proof does not verify against a different root.
		assert!(!verify_receipt_proof(&H256::repeat_byte(7), &proof));
	});
}

#[test]
fn pruning_keeps_roots_and_proofs_valid() {
	new_test_ext().execute_with(|| {
		setup_with_grant(&[Capability::Record]);
		submit_records(1, 5);
		// The first range is blocks 0..5, closed in block 5.
		let closed_at = RANGE_LENGTH;
		run_to_block(closed_at);
		let proofs: Vec<_> = (0..5).map(|id| ShadowRegistry::prove_receipt(id).unwrap()).collect();
		// A receipt of the next range, kept longer.
		submit_records(6, 1);

		// Nothing is pruned before the retention period.
		run_to_block(closed_at + RETENTION - 1);
		assert!(Receipts::<Test>::contains_key(0));

		// Then at most MaxPrunePerBlock (2) a block.
		run_to_block(closed_at + RETENTION);
		assert!(!Receipts::<Test>::contains_key(0) && !Receipts::<Test>::contains_key(1));
		assert!(Receipts::<Test>::contains_key(2));
		assert_eq!(
			last_event(),
			Event::ReceiptsPruned { range: 0, from: 0, to: 2, complete: false }
		);
		try_state();
		run_to_block(closed_at + RETENTION + 2);
		assert_eq!(
			last_event(),
			Event::ReceiptsPruned { range: 0, from: 4, to: 5, complete: true }
		);
		for id in 0..5 {
			assert_eq!(ShadowRegistry::receipt(id), None);
			assert_eq!(ShadowRegistry::prove_receipt(id), None);
		}
		assert!(RangeLeaves::<Test>::get(0).is_empty());
		assert_eq!(SystemReceipts::<Test>::iter_prefix(acme()).count(), 1);
		assert_eq!(Pruning::<Test>::get().range, 1);
		assert_eq!(Pruning::<Test>::get().next_receipt, 5);
		// The root stays and the proofs taken before still verify against it.
		let root = ShadowRegistry::receipt_root(0).expect("kept").root;
		for proof in &proofs {
			assert!(verify_receipt_proof(&root, proof));
		}
		// The receipt of the next range is still there.
		assert!(Receipts::<Test>::contains_key(5));
		try_state();
	});
}

#[test]
fn receipts_are_listed_by_system_and_block_range() {
	new_test_ext().execute_with(|| {
		setup_with_grant(&[Capability::Record]);
		// A second system, granted by Alice too.
		let beta = sid(b"beta");
		assert_ok!(ShadowRegistry::register_system(
			RuntimeOrigin::signed(OTHER_OWNER),
			beta.clone(),
			other_key().public(),
			caps(&[Capability::Record]),
			meta(b""),
		));
		assert_ok!(ShadowRegistry::grant(
			RuntimeOrigin::signed(ALICE),
			beta.clone(),
			caps(&[Capability::Record]),
			100
		));
		let beta_request = |nonce| {
			let mut request = record_request(nonce);
			request.system_id = beta.clone();
			let signature = sign_with(&other_key(), &request);
			assert_ok!(submit(request, signature));
		};
		// Block 1: acme 0, 1; beta 2. Block 2: acme 3. Block 7: acme 4, beta 5.
		submit_records(1, 2);
		beta_request(1);
		run_to_block(2);
		submit_records(3, 1);
		run_to_block(7);
		submit_records(4, 1);
		beta_request(2);

		let ids = |system: &[u8], from, to| -> Vec<u64> {
			ShadowRegistry::receipts(system, from, to).iter().map(|r| r.receipt_id).collect()
		};
		assert_eq!(ids(ACME, 0, 100), vec![0, 1, 3, 4]);
		assert_eq!(ids(ACME, 2, 7), vec![3, 4]);
		assert_eq!(ids(ACME, 2, 6), vec![3]);
		assert_eq!(ids(ACME, 3, 6), Vec::<u64>::new());
		assert_eq!(ids(b"beta", 0, 100), vec![2, 5]);
		assert_eq!(ids(b"beta", 7, 7), vec![5]);
		assert_eq!(ids(b"nobody", 0, 100), Vec::<u64>::new());
		assert_eq!(ids(ACME, 7, 1), Vec::<u64>::new());
		assert_eq!(ids(&[b'x'; 64], 0, 100), Vec::<u64>::new());
	});
}

#[test]
fn receipt_listings_are_bounded_and_never_split_a_block() {
	new_test_ext().execute_with(|| {
		setup_with_grant(&[Capability::Record]);
		// 8 receipts in block 1 (a full range), 3 in block 6, 8 in block 11.
		submit_records(1, 8);
		run_to_block(6);
		submit_records(9, 3);
		run_to_block(11);
		submit_records(12, 8);
		let listed = ShadowRegistry::receipts(ACME, 0, 100);
		// The limit is 8 (MaxReceiptsPerRange): block 1 alone fills it.
		assert_eq!(listed.len(), 8);
		assert!(listed.iter().all(|r| r.block == 1));
		// Next page: block 6's 3 receipts, but not part of block 11.
		let listed = ShadowRegistry::receipts(ACME, 2, 100);
		assert_eq!(listed.iter().map(|r| r.receipt_id).collect::<Vec<_>>(), vec![8, 9, 10]);
		let listed = ShadowRegistry::receipts(ACME, 7, 100);
		assert_eq!(listed.len(), 8);
		assert!(listed.iter().all(|r| r.block == 11));
	});
}

// ---------------------------------------------------------------------------------------------
// The signed payload, for Web2 implementers
// ---------------------------------------------------------------------------------------------

/// The worked example of `docs/shadow-registry.md`: the exact bytes a Web2 system signs.
#[test]
fn signed_payload_layout() {
	let account = AccountId32::new([0x01; 32]);
	let request: BridgeRequest<AccountId32, RuntimeCall> = BridgeRequest {
		system_id: sid(b"acme-crm"),
		nonce: 1,
		account: account.clone(),
		target: tid(b"crm.contacts"),
		method: method(b"update"),
		params: RequestParams::Hash(H256(sp_io::hashing::blake2_256(b"{\"id\":42}"))),
		compliance: Compliance {
			gdpr: true,
			hipaa: false,
			pci: false,
			retention_days: 30,
			jurisdiction: *b"DE",
		},
	};
	let genesis = H256::repeat_byte(0xAA);
	let payload = RequestPayload::new(genesis, &request);
	let bytes = crate::signing_message(&payload);

	let mut expected = Vec::new();
	expected.extend_from_slice(b"metanode/shadow/v1");
	expected.extend_from_slice(&[0xAA; 32]);
	expected.push(8 << 2);
	expected.extend_from_slice(b"acme-crm");
	expected.extend_from_slice(&1u64.to_le_bytes());
	expected.extend_from_slice(&[0x01; 32]);
	expected.push(12 << 2);
	expected.extend_from_slice(b"crm.contacts");
	expected.push(6 << 2);
	expected.extend_from_slice(b"update");
	expected.extend_from_slice(&sp_io::hashing::blake2_256(b"{\"id\":42}"));
	expected.extend_from_slice(&[1, 0, 0]);
	expected.extend_from_slice(&30u32.to_le_bytes());
	expected.extend_from_slice(b"DE");
	assert_eq!(bytes, expected);
	assert_eq!(bytes.len(), 18 + 32 + 9 + 8 + 32 + 13 + 7 + 32 + 3 + 4 + 2);

	// The values the documentation shows.
	let pair = ed25519::Pair::from_seed(&[0x42; 32]);
	let signature = pair.sign(&bytes);
	assert!(sp_io::crypto::ed25519_verify(&signature, &bytes, &pair.public()));
	println!("payload   0x{}", hex(&bytes));
	println!("params    0x{}", hex(&sp_io::hashing::blake2_256(b"{\"id\":42}")));
	println!("public    0x{}", hex(pair.public().as_ref()));
	println!("signature 0x{}", hex(signature.as_ref()));
	println!("requestId 0x{}", hex(commitment::request_id(&payload).as_ref()));
	assert_eq!(hex(&bytes), DOC_PAYLOAD);
	assert_eq!(hex(pair.public().as_ref()), DOC_PUBLIC);
	assert_eq!(hex(signature.as_ref()), DOC_SIGNATURE);
	assert_eq!(hex(commitment::request_id(&payload).as_ref()), DOC_REQUEST_ID);
}

fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}

const DOC_PUBLIC: &str = "2152f8d19b791d24453242e15f2eab6cb7cffa7b6a5ed30097960e069881db12";
const DOC_SIGNATURE: &str = concat!(
	"cd1db3fb3e5df096396ad567160d43f36f3d4d4b04a41530321c763a676e7aec",
	"0c3d8b90a4d3a5a3c536c4db2f790854af4ce456c3552424e440d6f4eea44f0f"
);
const DOC_REQUEST_ID: &str = "aa07072f3a554a51bdaa196daa30e8110c24ab1987c0651a6ec28e8d2f47fd64";
const DOC_PAYLOAD: &str = concat!(
	"6d6574616e6f64652f736861646f772f7631",
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	"2061636d652d63726d",
	"0100000000000000",
	"0101010101010101010101010101010101010101010101010101010101010101",
	"3063726d2e636f6e7461637473",
	"18757064617465",
	"1eb122cb5685c57e19a1045a958a789f93f45ce34ff7df00a8687b57646f33af",
	"010000",
	"1e000000",
	"4445"
);

/// The runtime API's types as the RPC layer will present them (serde, under `std`).
#[test]
fn receipts_and_proofs_serialize_to_json() {
	new_test_ext().execute_with(|| {
		setup_with_grant(&[Capability::Record]);
		submit_records(1, 3);
		run_to_block(RANGE_LENGTH);
		let proof = ShadowRegistry::prove_receipt(1).expect("provable");
		let json = serde_json::to_value(&proof).expect("serializable");
		assert_eq!(json["range"], 0);
		assert_eq!(json["leafIndex"], 1);
		assert_eq!(json["numberOfLeaves"], 3);
		assert_eq!(json["receipt"]["receiptId"], 1);
		assert_eq!(json["receipt"]["outcome"], "recorded");
		assert_eq!(json["receipt"]["compliance"]["retentionDays"], 30);
		assert_eq!(
			json["receipt"]["requestId"],
			format!("0x{}", hex(proof.receipt.request_id.as_ref()))
		);
		let back: ReceiptProof<AccountId, u64> = serde_json::from_value(json).expect("decodable");
		assert_eq!(back, proof);
		let root = ShadowRegistry::receipt_root(0).expect("committed");
		let json = serde_json::to_string(&root).expect("serializable");
		assert!(json.contains("\"firstReceipt\":0"), "{json}");
	});
}

#[test]
fn integrity_test_passes() {
	new_test_ext().execute_with(|| {
		<ShadowRegistry as Hooks<u64>>::integrity_test();
	});
}
