//! Tests of `pallet-ibft`: set changes at session boundaries, equivocation reports through
//! the call and through the `AuthorizeCall` transaction pipeline, and genesis.

use crate::{
	mock::*, AuthoritySets, Call, CurrentSetId, EquivocationOffence, Error, Event, OnEquivocation,
	Reports, WeightInfo,
};
use codec::{Decode, Encode};
use frame_support::{
	assert_noop, assert_ok,
	dispatch::{GetDispatchInfo, Pays},
	pallet_prelude::TransactionSource,
	traits::Hooks,
};
use frame_system::RawOrigin;
use metanode_ibft_primitives::{
	find_scheduled_change, sign, Commit, ConsensusLog, Equivocation, EquivocationProof, Height,
	Prepare, Proposal, Round, ScheduledChange, SetId, IBFT_ENGINE_ID,
};
use sp_core::{
	offchain::{testing::TestTransactionPoolExt, TransactionPoolExt},
	H256,
};
use sp_runtime::{
	generic::Preamble,
	traits::{Applyable, Checkable},
	transaction_validity::{
		InvalidTransaction, TransactionPriority, TransactionValidityError, ValidTransaction,
	},
	DigestItem, DispatchError,
};

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

fn prepare(height: Height, round: Round, block: u8) -> Prepare {
	Prepare { height, round, hash: H256::repeat_byte(block), number: u32::from(block) }
}

fn commit(height: Height, round: Round, block: u8) -> Commit {
	Commit { height, round, hash: H256::repeat_byte(block), number: u32::from(block) }
}

/// `who` signed PREPAREs for two different blocks at `(set_id, height, round)`.
fn prepare_equivocation(
	who: u64,
	set_id: SetId,
	height: Height,
	round: Round,
) -> EquivocationProof {
	let pair = key_pair(who);
	EquivocationProof::Prepare(Equivocation {
		first: sign(&pair, set_id, prepare(height, round, 1)),
		second: sign(&pair, set_id, prepare(height, round, 2)),
	})
}

fn report(proof: EquivocationProof) -> frame_support::dispatch::DispatchResultWithPostInfo {
	Ibft::report_equivocation_unsigned(RawOrigin::Authorized.into(), Box::new(proof))
}

fn report_call(proof: EquivocationProof) -> RuntimeCall {
	RuntimeCall::Ibft(Call::report_equivocation_unsigned { equivocation_proof: Box::new(proof) })
}

/// The report as the general (unsigned, authorized) transaction the node submits.
fn report_transaction(proof: EquivocationProof) -> UncheckedExtrinsic {
	UncheckedExtrinsic::new_transaction(
		report_call(proof),
		(frame_system::AuthorizeCall::<Test>::new(),),
	)
}

/// Runs the transaction pool's validation of `xt` from `source`.
fn validate(
	xt: UncheckedExtrinsic,
	source: TransactionSource,
) -> Result<ValidTransaction, TransactionValidityError> {
	let info = xt.get_dispatch_info();
	let len = xt.encoded_size();
	let checked = Checkable::check(xt, &frame_system::ChainContext::<Test>::default())?;
	checked.validate::<Test>(source, &info, len)
}

/// Applies `xt` as block import does: the extensions run again, then the call.
fn apply(
	xt: UncheckedExtrinsic,
) -> Result<frame_support::dispatch::DispatchResultWithPostInfo, TransactionValidityError> {
	let info = xt.get_dispatch_info();
	let len = xt.encoded_size();
	let checked = Checkable::check(xt, &frame_system::ChainContext::<Test>::default())?;
	checked.apply::<Test>(&info, len)
}

/// The pool's `Custom` code for `error`: its index in `Error`.
fn custom(error: Error<Test>) -> TransactionValidityError {
	let DispatchError::Module(module) = DispatchError::from(error) else {
		panic!("a pallet error is a module error")
	};
	InvalidTransaction::Custom(module.error[0]).into()
}

/// The IBFT digests of the current block.
fn ibft_logs() -> Vec<ConsensusLog<u64>> {
	System::digest()
		.logs()
		.iter()
		.filter_map(|item| item.consensus_try_to::<ConsensusLog<u64>>(&IBFT_ENGINE_ID))
		.collect()
}

fn ibft_events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Ibft(event) => Some(event),
			_ => None,
		})
		.collect()
}

/// Plans `validators` and runs until they are the active validators: the plan is queued at
/// the next session boundary and enacted at the one after.
fn enact(validators: Vec<u64>) {
	plan_validators(validators);
	start_session(Session::current_index() + 2);
}

fn check_invariants() {
	Ibft::do_try_state().expect("the pallet's invariants hold");
}

// ---------------------------------------------------------------------------------------
// Authority sets
// ---------------------------------------------------------------------------------------

#[test]
fn genesis_set_comes_from_the_session_keys() {
	new_test_ext(4).execute_with(|| {
		assert_eq!(Ibft::current_set_id(), 0);
		assert_eq!(Ibft::authorities(), keys(1..=4));
		assert_eq!(Ibft::authority_set(0), Some(keys(1..=4)));
		assert!(System::digest().logs().is_empty());
		check_invariants();
	});
}

#[test]
fn a_validator_set_change_is_scheduled_at_the_session_boundary() {
	new_test_ext(4).execute_with(|| {
		// Session 1 is already planned at genesis (same validators). A change planned now is
		// queued at the start of session 1 and takes effect at the start of session 2.
		plan_validators(vec![1, 2, 3, 11]);
		start_session(1);
		assert!(ibft_logs().is_empty(), "session 1 has the genesis validators");
		assert_eq!(Ibft::current_set_id(), 0);

		for block in (SESSION_LENGTH + 1)..(2 * SESSION_LENGTH) {
			run_to_block(block);
			assert!(ibft_logs().is_empty(), "no change inside a session (block {block})");
		}

		start_session(2);
		let next = keys([1, 2, 3, 11]);
		assert_eq!(
			ibft_logs(),
			vec![ConsensusLog::ScheduledChange { next_authorities: next.clone(), delay: 0 }]
		);
		// Exactly one IBFT digest, under the IBFT engine id, that the client finds.
		assert_eq!(
			find_scheduled_change::<u64>(&System::digest()),
			Some(ScheduledChange { next_authorities: next.clone(), delay: 0 })
		);
		assert!(System::digest().logs().contains(&DigestItem::Consensus(
			IBFT_ENGINE_ID,
			ConsensusLog::ScheduledChange { next_authorities: next.clone(), delay: 0u64 }.encode()
		)));
		assert_eq!(Ibft::current_set_id(), 1);
		assert_eq!(Ibft::authorities(), next);
		assert_eq!(
			ibft_events(),
			vec![Event::NewAuthoritySet { set_id: 1, authorities: next.clone() }]
		);
		// The previous set is kept for equivocation reports.
		assert_eq!(Ibft::authority_set(0), Some(keys(1..=4)));

		// The next block carries no digest, and a session without a new plan keeps the set.
		run_to_block(2 * SESSION_LENGTH + 1);
		assert!(ibft_logs().is_empty());
		start_session(3);
		assert!(ibft_logs().is_empty());
		assert_eq!(Ibft::current_set_id(), 1);
		check_invariants();
	});
}

#[test]
fn a_new_session_with_the_same_keys_keeps_the_set() {
	new_test_ext(4).execute_with(|| {
		// `pallet-session` reports these as changed (a new plan), but the keys are the same,
		// in another order.
		plan_validators(vec![4, 3, 2, 1]);
		start_session(2);
		assert!(ibft_logs().is_empty());
		assert!(ibft_events().is_empty());
		assert_eq!(Ibft::current_set_id(), 0);
		check_invariants();
	});
}

#[test]
fn every_change_bumps_the_set_id_by_one_and_old_sets_are_pruned() {
	new_test_ext(4).execute_with(|| {
		// ReportableSets is 3 in the mock: the current set and the two before it are kept.
		let plans =
			[vec![1, 2, 3, 11], vec![1, 2, 11, 12], vec![1, 11, 12, 13], vec![11, 12, 13, 14]];
		for (i, plan) in plans.iter().enumerate() {
			enact(plan.clone());
			let set_id = i as SetId + 1;
			assert_eq!(Ibft::current_set_id(), set_id);
			assert_eq!(Ibft::authorities(), keys(plan.iter().copied()));
			assert_eq!(
				ibft_logs(),
				vec![ConsensusLog::ScheduledChange {
					next_authorities: keys(plan.iter().copied()),
					delay: 0
				}]
			);
			check_invariants();
		}
		// Sets 2, 3 and 4 are kept; 0 and 1 are gone.
		assert_eq!(AuthoritySets::<Test>::iter_keys().count(), 3);
		assert_eq!(Ibft::authority_set(0), None);
		assert_eq!(Ibft::authority_set(1), None);
		assert_eq!(Ibft::authority_set(2), Some(keys([1, 2, 11, 12])));
	});
}

#[test]
fn reports_are_pruned_with_their_set() {
	new_test_ext(4).execute_with(|| {
		assert_ok!(report(prepare_equivocation(2, 0, 5, 0)));
		assert!(Ibft::is_reported(&key(2), 0, 5, 0));

		enact(vec![1, 2, 3, 11]);
		enact(vec![1, 2, 11, 12]);
		assert_eq!(Ibft::current_set_id(), 2);
		// Set 0 is still reportable (sets 0, 1, 2 are kept), and its report is still there.
		assert!(Ibft::is_reported(&key(2), 0, 5, 0));

		enact(vec![1, 11, 12, 13]);
		assert_eq!(Ibft::current_set_id(), 3);
		assert!(!Ibft::is_reported(&key(2), 0, 5, 0));
		assert_eq!(Reports::<Test>::iter_prefix(0).count(), 0);
		check_invariants();
	});
}

// ---------------------------------------------------------------------------------------
// Equivocation reports: the call
// ---------------------------------------------------------------------------------------

#[test]
fn a_valid_equivocation_is_accepted_once() {
	new_test_ext(4).execute_with(|| {
		let proof = prepare_equivocation(2, 0, 7, 1);
		let post = report(proof.clone()).expect("a valid report is accepted");
		assert_eq!(post.pays_fee, Pays::No);
		assert_eq!(
			post.actual_weight,
			Some(<() as WeightInfo>::report_equivocation_unsigned(4) + RecordOffences::weight())
		);

		System::assert_last_event(
			Event::EquivocationReported { offender: key(2), set_id: 0, height: 7, round: 1 }.into(),
		);
		assert!(Ibft::is_reported(&key(2), 0, 7, 1));
		assert_eq!(
			offences(),
			vec![EquivocationOffence {
				offender: key(2),
				set_id: 0,
				height: 7,
				round: 1,
				validator_set_count: 4
			}]
		);

		// The same report again, or another equivocation of the same offender in the same
		// slot (COMMITs this time), is refused.
		assert_noop!(report(proof), Error::<Test>::DuplicateReport);
		let pair = key_pair(2);
		let commits = EquivocationProof::Commit(Equivocation {
			first: sign(&pair, 0, commit(7, 1, 3)),
			second: sign(&pair, 0, commit(7, 1, 4)),
		});
		assert_noop!(report(commits), Error::<Test>::DuplicateReport);
		assert_eq!(offences().len(), 1);

		// Another round is another offence; so is another offender in the same slot.
		assert_ok!(report(prepare_equivocation(2, 0, 7, 2)));
		assert_ok!(report(prepare_equivocation(3, 0, 7, 1)));
		assert_eq!(offences().len(), 3);
		check_invariants();
	});
}

#[test]
fn proposal_and_commit_equivocations_are_accepted() {
	new_test_ext(4).execute_with(|| {
		let pair = key_pair(1);
		let proposal =
			|block| Proposal { height: 3, round: 0, hash: H256::repeat_byte(block), number: 9 };
		assert_ok!(report(EquivocationProof::Proposal(Equivocation {
			first: sign(&pair, 0, proposal(1)),
			second: sign(&pair, 0, proposal(2)),
		})));
		let pair = key_pair(4);
		assert_ok!(report(EquivocationProof::Commit(Equivocation {
			first: sign(&pair, 0, commit(3, 0, 1)),
			second: sign(&pair, 0, commit(3, 0, 2)),
		})));
		assert!(Ibft::is_reported(&key(1), 0, 3, 0));
		assert!(Ibft::is_reported(&key(4), 0, 3, 0));
		check_invariants();
	});
}

#[test]
fn each_kind_of_invalid_proof_is_refused_with_its_own_error() {
	new_test_ext(4).execute_with(|| {
		let pair = key_pair(2);

		// A set id that does not exist yet.
		assert_noop!(report(prepare_equivocation(2, 1, 7, 1)), Error::<Test>::WrongSetId);

		// Validator 11 has session keys but is not in set 0.
		assert_noop!(report(prepare_equivocation(11, 0, 7, 1)), Error::<Test>::NotAnAuthority);

		// Two signers.
		let two_signers = EquivocationProof::Prepare(Equivocation {
			first: sign(&pair, 0, prepare(7, 1, 1)),
			second: sign(&key_pair(3), 0, prepare(7, 1, 2)),
		});
		assert_noop!(report(two_signers), Error::<Test>::DifferentSigners);

		// Two rounds, two heights, two set ids.
		for (height, round, set_id) in [(7, 2, 0), (8, 1, 0), (7, 1, 1)] {
			let two_slots = EquivocationProof::Prepare(Equivocation {
				first: sign(&pair, 0, prepare(7, 1, 1)),
				second: sign(&pair, set_id, prepare(height, round, 2)),
			});
			assert_noop!(report(two_slots), Error::<Test>::DifferentSlots);
		}

		// The same message twice.
		let same = EquivocationProof::Prepare(Equivocation {
			first: sign(&pair, 0, prepare(7, 1, 1)),
			second: sign(&pair, 0, prepare(7, 1, 1)),
		});
		assert_noop!(report(same), Error::<Test>::NotConflicting);

		// A forged signature: the second message's signature is over another message.
		let mut forged = prepare_equivocation(2, 0, 7, 1);
		if let EquivocationProof::Prepare(e) = &mut forged {
			e.second.signature = sign(&pair, 0, prepare(7, 1, 9)).signature;
		}
		assert_noop!(report(forged), Error::<Test>::InvalidSignature);

		// A signature by the right key but for another set id, relabelled.
		let mut relabelled = prepare_equivocation(2, 1, 7, 1);
		if let EquivocationProof::Prepare(e) = &mut relabelled {
			e.first.set_id = 0;
			e.second.set_id = 0;
		}
		assert_noop!(report(relabelled), Error::<Test>::InvalidSignature);

		// A PREPARE signature passed off as a COMMIT (the kind is part of what is signed).
		let as_commit = |block| {
			let signed = sign(&pair, 0, prepare(7, 1, block));
			metanode_ibft_primitives::Signed {
				set_id: 0,
				message: commit(7, 1, block),
				from: signed.from,
				signature: signed.signature,
			}
		};
		let wrong_kind =
			EquivocationProof::Commit(Equivocation { first: as_commit(1), second: as_commit(2) });
		assert_noop!(report(wrong_kind), Error::<Test>::InvalidSignature);

		assert!(offences().is_empty());
		assert_eq!(Reports::<Test>::iter().count(), 0);
		check_invariants();
	});
}

#[test]
fn reports_for_sets_outside_the_window_are_refused() {
	new_test_ext(4).execute_with(|| {
		enact(vec![1, 2, 3, 11]);
		enact(vec![1, 2, 11, 12]);
		enact(vec![1, 11, 12, 13]);
		assert_eq!(Ibft::current_set_id(), 3);
		// Set 0 left the window (sets 1, 2, 3 are kept); set 1 is still in it.
		assert_noop!(report(prepare_equivocation(2, 0, 7, 1)), Error::<Test>::WrongSetId);
		assert_ok!(report(prepare_equivocation(2, 1, 7, 1)));
		// Validator 12 joined in set 2: it is an authority of set 2, not of set 1.
		assert_noop!(report(prepare_equivocation(12, 1, 7, 1)), Error::<Test>::NotAnAuthority);
		assert_ok!(report(prepare_equivocation(12, 2, 7, 1)));
		assert_noop!(report(prepare_equivocation(2, 4, 7, 1)), Error::<Test>::WrongSetId);
		check_invariants();
	});
}

#[test]
fn reports_per_offender_and_set_are_bounded() {
	new_test_ext(4).execute_with(|| {
		// MaxReportsPerOffender is 4 in the mock.
		for height in 0..4 {
			assert_ok!(report(prepare_equivocation(2, 0, height, 0)));
		}
		assert_noop!(report(prepare_equivocation(2, 0, 4, 0)), Error::<Test>::TooManyReports);
		// A recorded slot is still a duplicate, not "too many".
		assert_noop!(report(prepare_equivocation(2, 0, 3, 0)), Error::<Test>::DuplicateReport);
		// Other offenders are not affected.
		assert_ok!(report(prepare_equivocation(3, 0, 4, 0)));
		check_invariants();
	});
}

#[test]
fn only_the_authorized_origin_can_report() {
	new_test_ext(4).execute_with(|| {
		let proof = Box::new(prepare_equivocation(2, 0, 7, 1));
		assert_noop!(
			Ibft::report_equivocation_unsigned(RuntimeOrigin::signed(1), proof.clone()),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Ibft::report_equivocation_unsigned(RuntimeOrigin::none(), proof.clone()),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Ibft::report_equivocation_unsigned(RuntimeOrigin::root(), proof),
			DispatchError::BadOrigin
		);
	});
}

// ---------------------------------------------------------------------------------------
// Equivocation reports: the transaction pipeline (`AuthorizeCall`)
// ---------------------------------------------------------------------------------------

#[test]
fn a_valid_report_is_a_valid_local_transaction() {
	new_test_ext(4).execute_with(|| {
		let proof = prepare_equivocation(2, 0, 7, 1);
		let validity = validate(report_transaction(proof.clone()), TransactionSource::Local)
			.expect("a valid local report is valid");
		assert_eq!(validity.priority, TransactionPriority::MAX);
		assert!(!validity.propagate, "reports are not gossiped");
		assert!(validity.requires.is_empty());
		assert_eq!(
			validity.provides,
			vec![("IbftEquivocation", (key(2), 0u64, 7u64, 1u32)).encode()]
		);
		assert_ok!(validate(report_transaction(proof.clone()), TransactionSource::InBlock));

		// Applied as in a block: authorized, dispatched and recorded.
		let outcome = apply(report_transaction(proof.clone())).expect("the report is valid");
		assert_ok!(outcome);
		assert!(Ibft::is_reported(&key(2), 0, 7, 1));
		System::assert_last_event(
			Event::EquivocationReported { offender: key(2), set_id: 0, height: 7, round: 1 }.into(),
		);

		// Once recorded, the same report is stale, in the pool and in a block.
		assert_eq!(
			validate(report_transaction(proof.clone()), TransactionSource::Local),
			Err(InvalidTransaction::Stale.into())
		);
		assert_eq!(apply(report_transaction(proof)), Err(InvalidTransaction::Stale.into()));
		check_invariants();
	});
}

#[test]
fn reports_from_the_network_are_refused() {
	new_test_ext(4).execute_with(|| {
		assert_eq!(
			validate(
				report_transaction(prepare_equivocation(2, 0, 7, 1)),
				TransactionSource::External
			),
			Err(InvalidTransaction::Call.into())
		);
	});
}

#[test]
fn invalid_reports_are_refused_before_they_enter_a_block() {
	new_test_ext(4).execute_with(|| {
		let pair = key_pair(2);
		let mut forged = prepare_equivocation(2, 0, 7, 1);
		if let EquivocationProof::Prepare(e) = &mut forged {
			e.second.signature = sign(&pair, 0, prepare(7, 1, 9)).signature;
		}
		let same = EquivocationProof::Prepare(Equivocation {
			first: sign(&pair, 0, prepare(7, 1, 1)),
			second: sign(&pair, 0, prepare(7, 1, 1)),
		});
		let two_signers = EquivocationProof::Prepare(Equivocation {
			first: sign(&pair, 0, prepare(7, 1, 1)),
			second: sign(&key_pair(3), 0, prepare(7, 1, 2)),
		});
		let two_rounds = EquivocationProof::Prepare(Equivocation {
			first: sign(&pair, 0, prepare(7, 1, 1)),
			second: sign(&pair, 0, prepare(7, 2, 2)),
		});
		let cases: Vec<(EquivocationProof, TransactionValidityError)> = vec![
			(forged, InvalidTransaction::BadProof.into()),
			(prepare_equivocation(2, 5, 7, 1), custom(Error::WrongSetId)),
			(prepare_equivocation(11, 0, 7, 1), custom(Error::NotAnAuthority)),
			(two_signers, custom(Error::DifferentSigners)),
			(two_rounds, custom(Error::DifferentSlots)),
			(same, custom(Error::NotConflicting)),
		];
		for (proof, expected) in cases {
			for source in [TransactionSource::Local, TransactionSource::InBlock] {
				assert_eq!(
					validate(report_transaction(proof.clone()), source),
					Err(expected),
					"{proof:?} from {source:?}"
				);
			}
			// A block author that includes it anyway produces an invalid block: applying
			// it fails before the call is dispatched, and changes nothing.
			frame_support::assert_storage_noop!(assert_eq!(
				apply(report_transaction(proof)),
				Err(expected)
			));
		}
		assert_eq!(Reports::<Test>::iter().count(), 0);
		assert!(offences().is_empty());
	});
}

#[test]
fn the_codes_of_refused_reports_are_the_error_indices() {
	new_test_ext(4).execute_with(|| {
		assert_eq!(custom(Error::WrongSetId), InvalidTransaction::Custom(0).into());
		assert_eq!(custom(Error::NotAnAuthority), InvalidTransaction::Custom(1).into());
		assert_eq!(custom(Error::NotConflicting), InvalidTransaction::Custom(4).into());
	});
}

#[test]
fn weights_assume_the_largest_set_and_refund_the_rest() {
	new_test_ext(4).execute_with(|| {
		let proof = prepare_equivocation(2, 0, 7, 1);
		let info = report_transaction(proof.clone()).get_dispatch_info();
		assert_eq!(
			info.call_weight,
			<() as WeightInfo>::report_equivocation_unsigned(MaxAuthorities::get())
				+ RecordOffences::weight()
		);
		assert_eq!(
			info.extension_weight,
			<() as WeightInfo>::authorize_report_equivocation_unsigned(MaxAuthorities::get())
		);
		let outcome = apply(report_transaction(proof)).unwrap().unwrap();
		let used = outcome.actual_weight.expect("the report returns its actual weight");
		// The refund is in execution time; the proof size of the benchmarked calls does not
		// depend on the set's size.
		assert!(used.all_lte(info.call_weight + info.extension_weight));
		assert!(used.ref_time() < (info.call_weight + info.extension_weight).ref_time());
		assert_eq!(
			used,
			<() as WeightInfo>::report_equivocation_unsigned(4)
				+ RecordOffences::weight()
				+ <() as WeightInfo>::authorize_report_equivocation_unsigned(4)
		);
	});
}

#[test]
fn the_runtime_api_helper_submits_an_authorized_transaction() {
	let mut ext = new_test_ext(4);
	let (pool, state) = TestTransactionPoolExt::new();
	ext.register_extension(TransactionPoolExt::new(pool));
	ext.execute_with(|| {
		let proof = prepare_equivocation(2, 0, 7, 1);
		assert_eq!(Ibft::submit_unsigned_equivocation_report(proof.clone()), Some(()));

		let submitted = state.read().transactions.clone();
		assert_eq!(submitted.len(), 1);
		let xt = UncheckedExtrinsic::decode(&mut &submitted[0][..]).unwrap();
		assert!(matches!(xt.preamble, Preamble::General(..)), "not signed, not bare");
		assert_eq!(xt.function, report_call(proof));
		assert_ok!(validate(xt.clone(), TransactionSource::Local));
		assert_ok!(apply(xt).unwrap());
		assert!(Ibft::is_reported(&key(2), 0, 7, 1));
	});
}

// ---------------------------------------------------------------------------------------
// Genesis and configuration
// ---------------------------------------------------------------------------------------

#[test]
fn genesis_config_and_session_keys_must_agree() {
	use sp_runtime::BuildStorage;
	let genesis = |authorities: Vec<u64>| RuntimeGenesisConfig {
		system: Default::default(),
		balances: Default::default(),
		session: pallet_session::GenesisConfig {
			keys: (1..=4).map(|who| (who, who, MockSessionKeys { ibft: key(who) })).collect(),
			non_authority_keys: vec![],
		},
		ibft: crate::GenesisConfig {
			authorities: authorities.into_iter().map(key).collect(),
			_config: Default::default(),
		},
	};
	// The same set twice (in another order) is fine.
	let storage = genesis(vec![4, 2, 3, 1]).build_storage().unwrap();
	sp_io::TestExternalities::new(storage).execute_with(|| {
		assert_eq!(Ibft::authorities(), keys(1..=4));
		assert_eq!(CurrentSetId::<Test>::get(), 0);
	});
	// Only the genesis config (no session keys for IBFT) is fine too.
	let storage = RuntimeGenesisConfig {
		ibft: crate::GenesisConfig {
			authorities: vec![key(7), key(8)],
			_config: Default::default(),
		},
		..Default::default()
	}
	.build_storage()
	.unwrap();
	sp_io::TestExternalities::new(storage)
		.execute_with(|| assert_eq!(Ibft::authorities(), keys([7, 8])));
	// Two different sets are refused.
	let different = std::panic::catch_unwind(|| genesis(vec![1, 2, 3]).build_storage());
	assert!(different.is_err(), "differing genesis sets must not build a chain");
	// So are duplicates.
	let duplicates = std::panic::catch_unwind(|| {
		RuntimeGenesisConfig {
			ibft: crate::GenesisConfig {
				authorities: vec![key(7), key(7)],
				_config: Default::default(),
			},
			..Default::default()
		}
		.build_storage()
	});
	assert!(duplicates.is_err(), "duplicate genesis keys must not build a chain");
}

#[test]
fn integrity_test_passes() {
	new_test_ext(1).execute_with(|| {
		<crate::Pallet<Test> as Hooks<u64>>::integrity_test();
	});
}
