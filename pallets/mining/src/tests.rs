//! Unit tests of the mining pallet on the mock runtime: shares (target boundaries, duplicates,
//! stale epochs and seeds), the difficulty retune, pools, the payout maths to the last unit,
//! lazy settlement, claims, the transaction pipeline (`AuthorizeCall`) and the runtime API
//! helpers.

use crate::{
	mock::*, pow, Accumulator, Call, Claimable, CurrentEpoch, EpochPools, EpochSummary, Epochs,
	Error, Event, HoldReason, MinerShares, Miners, Params, PoolCount, Pools, PruneCursor,
	SettleCursor, Submitted, Target, TotalOwed, WeightInfo,
};
use codec::Encode;
use core::cell::RefCell;
use frame_support::{
	assert_noop, assert_ok,
	dispatch::{GetDispatchInfo, Pays},
	pallet_prelude::TransactionSource,
	traits::{
		fungible::InspectHold,
		fungibles::{Inspect, Mutate},
		tokens::{Fortitude, Precision, Preservation},
	},
	weights::Weight,
	BoundedVec,
};
use frame_system::RawOrigin;
use sp_core::U256;
use sp_runtime::{
	traits::{Applyable, Checkable},
	transaction_validity::{InvalidTransaction, TransactionValidityError, ValidTransaction},
	DispatchError, DispatchResult, Perbill, TokenError,
};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

thread_local! {
	/// The next nonce `mine` tries.
	static NEXT_NONCE: RefCell<u64> = const { RefCell::new(0) };
}

fn name(s: &str) -> BoundedVec<u8, frame_support::traits::ConstU32<16>> {
	s.as_bytes().to_vec().try_into().expect("the name fits")
}

fn open(operator: AccountId, fee: Perbill) -> u32 {
	let id = crate::NextPoolId::<Test>::get();
	assert_ok!(Mining::open_pool(RuntimeOrigin::signed(operator), fee, name("pool")));
	id
}

fn join(miner: AccountId, pool: u32) {
	assert_ok!(Mining::join_pool(RuntimeOrigin::signed(miner), pool));
}

fn epoch() -> u32 {
	CurrentEpoch::<Test>::get().index
}

fn seed() -> [u8; 32] {
	CurrentEpoch::<Test>::get().seed
}

fn hash_of(miner: AccountId, nonce: u64) -> [u8; 32] {
	pow::work_hash(&seed(), &miner.encode(), nonce)
}

/// Submits a share of `miner` for the current epoch (authorized origin).
fn submit(miner: AccountId, nonce: u64) -> DispatchResult {
	Mining::submit_share(RawOrigin::Authorized.into(), miner, epoch(), nonce)
		.map(|_| ())
		.map_err(|e| e.error)
}

/// Finds `count` fresh nonces meeting the current target and submits them for `miner`.
fn mine(miner: AccountId, count: u32) {
	let target = CurrentEpoch::<Test>::get().target;
	for _ in 0..count {
		let nonce = loop {
			let nonce = NEXT_NONCE.with(|n| {
				let mut n = n.borrow_mut();
				*n += 1;
				*n
			});
			if pow::meets_target(&hash_of(miner, nonce), &target) {
				break nonce;
			}
		};
		assert_ok!(submit(miner, nonce));
	}
}

fn nex(who: AccountId) -> u128 {
	<Assets as Inspect<AccountId>>::balance(NEX, &who)
}

fn held(who: AccountId) -> u128 {
	<Balances as InspectHold<AccountId>>::balance_on_hold(
		&RuntimeHoldReason::Mining(HoldReason::PoolDeposit),
		&who,
	)
}

fn claimable(who: AccountId) -> u128 {
	Claimable::<Test>::get(who)
}

/// Runs `on_idle` with a whole block's weight until every closed epoch is settled.
fn settle_all() {
	for _ in 0..100 {
		if SettleCursor::<Test>::get() >= epoch() {
			return;
		}
		idle_max();
	}
	panic!("settlement does not finish");
}

fn summary(epoch: u32) -> EpochSummary<u64> {
	Epochs::<Test>::get(epoch).expect("the epoch's summary is kept")
}

fn check() {
	Mining::do_try_state().expect("the pallet's invariants hold");
}

fn target_u256() -> U256 {
	pow::target_to_u256(&CurrentEpoch::<Test>::get().target)
}

fn set_target(target: Target) {
	assert_ok!(Mining::set_target(RuntimeOrigin::root(), target));
}

// Transaction pipeline, as in pallet-ibft's tests.

fn share_call(miner: AccountId, epoch: u32, nonce: u64) -> RuntimeCall {
	RuntimeCall::Mining(Call::submit_share { miner, epoch, nonce })
}

fn share_transaction(miner: AccountId, epoch: u32, nonce: u64) -> UncheckedExtrinsic {
	UncheckedExtrinsic::new_transaction(
		share_call(miner, epoch, nonce),
		(frame_system::AuthorizeCall::<Test>::new(),),
	)
}

fn validate(
	xt: UncheckedExtrinsic,
	source: TransactionSource,
) -> Result<ValidTransaction, TransactionValidityError> {
	let info = xt.get_dispatch_info();
	let len = xt.encoded_size();
	let checked = Checkable::check(xt, &frame_system::ChainContext::<Test>::default())?;
	checked.validate::<Test>(source, &info, len)
}

fn apply(
	xt: UncheckedExtrinsic,
) -> Result<frame_support::dispatch::DispatchResultWithPostInfo, TransactionValidityError> {
	let info = xt.get_dispatch_info();
	let len = xt.encoded_size();
	let checked = Checkable::check(xt, &frame_system::ChainContext::<Test>::default())?;
	checked.apply::<Test>(&info, len)
}

fn custom(error: Error<Test>) -> TransactionValidityError {
	let DispatchError::Module(module) = DispatchError::from(error) else {
		panic!("a pallet error is a module error")
	};
	InvalidTransaction::Custom(module.error[0]).into()
}

// ---------------------------------------------------------------------------------------------
// Genesis and seeds
// ---------------------------------------------------------------------------------------------

#[test]
fn genesis_sets_the_first_epoch() {
	new_test_ext().execute_with(|| {
		let info = CurrentEpoch::<Test>::get();
		assert_eq!(info.index, 0);
		assert_eq!(info.start, 0);
		assert_eq!(info.shares, 0);
		assert_eq!(info.target, EASIEST, "difficulty 1 is the easiest target");
		assert_eq!(info.seed, pow::epoch_seed(&[0u8; 32], 0));
		assert_eq!(Params::<Test>::get().epoch_length, EPOCH as u32);
		assert_eq!(Params::<Test>::get().target_shares, TARGET_SHARES);
		assert_eq!(Mining::epoch_ends_at(), EPOCH);
		assert_eq!(Mining::reward_available(), 1_000_000);
		check();
	});
}

#[test]
fn the_seed_folds_in_every_block_hash_and_changes_every_epoch() {
	let (seed1, seed2) = new_test_ext().execute_with(|| {
		next_epoch();
		assert_eq!(epoch(), 1);
		assert_eq!(System::block_number(), EPOCH);
		// Blocks 2..=EPOCH were initialized with the hashes of blocks 1..EPOCH as parents.
		let mut acc = [0u8; 32];
		for n in 1..EPOCH {
			acc = pow::absorb(&acc, block_hash(n).as_ref());
		}
		assert_eq!(Accumulator::<Test>::get(), acc);
		assert_eq!(seed(), pow::epoch_seed(&acc, 1));
		assert_eq!(summary(0).seed, pow::epoch_seed(&[0u8; 32], 0));
		let seed1 = seed();
		next_epoch();
		assert_ne!(seed(), seed1, "every epoch has a new seed");
		(seed1, seed())
	});
	// The same chain with other block hashes gets other seeds.
	let mut ext = new_test_ext();
	ext.execute_with(|| {
		set_hash_salt(7);
		next_epoch();
		assert_ne!(seed(), seed1);
		next_epoch();
		assert_ne!(seed(), seed2);
	});
	// And the same hashes give the same seeds.
	new_test_ext().execute_with(|| {
		next_epoch();
		assert_eq!(seed(), seed1);
	});
}

#[test]
fn a_new_epoch_is_announced() {
	new_test_ext().execute_with(|| {
		next_epoch();
		let info = CurrentEpoch::<Test>::get();
		System::assert_has_event(
			Event::NewEpoch {
				epoch: 1,
				seed: info.seed,
				target: info.target,
				difficulty: pow::difficulty(&info.target),
				ends_at: 2 * EPOCH,
			}
			.into(),
		);
		assert_eq!(info.start, EPOCH);
		assert_eq!(Mining::epoch_ends_at(), 2 * EPOCH);
	});
}

// ---------------------------------------------------------------------------------------------
// Shares
// ---------------------------------------------------------------------------------------------

#[test]
fn a_share_exactly_at_the_target_passes_and_one_above_fails() {
	new_test_ext().execute_with(|| {
		let pool = open(OP1, Perbill::zero());
		join(ALICE, pool);
		let hash = hash_of(ALICE, 42);
		let at = pow::target_to_u256(&hash);
		assert!(at > U256::zero());

		// One below the hash: the share is one above the target.
		set_target(pow::u256_to_target(at - 1));
		assert_noop!(submit(ALICE, 42), Error::<Test>::AboveTarget);

		// Exactly the hash: accepted.
		set_target(hash);
		assert_ok!(submit(ALICE, 42));
		System::assert_last_event(
			Event::ShareAccepted { epoch: 0, miner: ALICE, pool, nonce: 42 }.into(),
		);
		assert_eq!(CurrentEpoch::<Test>::get().shares, 1);
		assert!(Submitted::<Test>::contains_key(0, (ALICE, 42u64)));
		assert_eq!(MinerShares::<Test>::get(0, ALICE).unwrap().into_inner(), vec![(pool, 1)]);
		assert_eq!(EpochPools::<Test>::get(0, pool).unwrap().shares, 1);

		// The hash commits to the miner: the same nonce is another hash for Bob.
		join(BOB, pool);
		let bob = pow::target_to_u256(&hash_of(BOB, 42));
		if bob > at {
			assert_noop!(submit(BOB, 42), Error::<Test>::AboveTarget);
		} else {
			assert_ok!(submit(BOB, 42));
		}
		check();
	});
}

#[test]
fn duplicate_shares_are_refused() {
	new_test_ext().execute_with(|| {
		let pool = open(OP1, Perbill::zero());
		join(ALICE, pool);
		join(BOB, pool);
		assert_ok!(submit(ALICE, 1));
		assert_noop!(submit(ALICE, 1), Error::<Test>::DuplicateShare);
		// The same nonce of another miner is another share.
		assert_ok!(submit(BOB, 1));
		// Through the signed call too.
		assert_noop!(
			Mining::submit_share_signed(RuntimeOrigin::signed(ALICE), 0, 1).map_err(|e| e.error),
			Error::<Test>::DuplicateShare
		);
		// The next epoch, the same nonce is a new share.
		next_epoch();
		assert_ok!(submit(ALICE, 1));
		assert_eq!(CurrentEpoch::<Test>::get().shares, 1);
		check();
	});
}

#[test]
fn shares_of_another_epoch_or_seed_are_refused() {
	new_test_ext().execute_with(|| {
		let pool = open(OP1, Perbill::zero());
		join(ALICE, pool);
		// The best of 256 nonces under epoch 0's seed.
		let (nonce, hash) =
			(0..256u64).map(|n| (n, hash_of(ALICE, n))).min_by_key(|(_, h)| *h).unwrap();
		assert_noop!(
			Mining::submit_share(RawOrigin::Authorized.into(), ALICE, 1, nonce)
				.map_err(|e| e.error),
			Error::<Test>::FutureEpoch
		);

		next_epoch();
		// Naming the old epoch: stale.
		assert_noop!(
			Mining::submit_share(RawOrigin::Authorized.into(), ALICE, 0, nonce)
				.map_err(|e| e.error),
			Error::<Test>::StaleEpoch
		);
		// Naming the new epoch with work done on the old seed: the hash is another one.
		set_target(hash);
		let new_hash = hash_of(ALICE, nonce);
		assert_ne!(new_hash, hash);
		assert!(new_hash > hash, "with this seed the old best nonce is above the old best hash");
		assert_noop!(submit(ALICE, nonce), Error::<Test>::AboveTarget);
		check();
	});
}

#[test]
fn miners_without_an_open_pool_cannot_submit() {
	new_test_ext().execute_with(|| {
		assert_noop!(submit(ALICE, 1), Error::<Test>::NotInPool);
		let pool = open(OP1, Perbill::zero());
		join(ALICE, pool);
		assert_ok!(submit(ALICE, 1));
		assert_ok!(Mining::leave_pool(RuntimeOrigin::signed(ALICE)));
		assert_noop!(submit(ALICE, 2), Error::<Test>::NotInPool);
		// A pool closed by its operator: its members are pool-less at once.
		join(BOB, pool);
		assert_ok!(Mining::close_pool(RuntimeOrigin::signed(OP1), pool));
		assert_eq!(Mining::active_pool(&BOB), None);
		assert_noop!(submit(BOB, 2), Error::<Test>::NotInPool);
		check();
	});
}

#[test]
fn an_epoch_takes_at_most_max_shares() {
	new_test_ext().execute_with(|| {
		let pool = open(OP1, Perbill::zero());
		join(ALICE, pool);
		for nonce in 0..MaxSharesPerEpoch::get() as u64 {
			assert_ok!(submit(ALICE, nonce));
		}
		assert_noop!(submit(ALICE, u64::MAX), Error::<Test>::EpochShareLimit);
		next_epoch();
		mine(ALICE, 1);
		check();
	});
}

#[test]
fn a_miner_mines_for_a_bounded_number_of_pools_per_epoch() {
	new_test_ext().execute_with(|| {
		let pools: Vec<u32> = (0..4).map(|_| open(OP1, Perbill::zero())).collect();
		join(ALICE, pools[0]);
		mine(ALICE, 1);
		for pool in &pools[1..3] {
			assert_ok!(Mining::switch_pool(RuntimeOrigin::signed(ALICE), *pool));
			mine(ALICE, 1);
		}
		// Three pools with shares this epoch (MaxMinerPoolsPerEpoch): a fourth is refused...
		assert_noop!(
			Mining::switch_pool(RuntimeOrigin::signed(ALICE), pools[3]),
			Error::<Test>::TooManyPoolsThisEpoch
		);
		assert_ok!(Mining::leave_pool(RuntimeOrigin::signed(ALICE)));
		assert_noop!(
			Mining::join_pool(RuntimeOrigin::signed(ALICE), pools[3]),
			Error::<Test>::TooManyPoolsThisEpoch
		);
		// ... but going back to one of them is fine.
		join(ALICE, pools[0]);
		mine(ALICE, 1);
		assert_eq!(
			MinerShares::<Test>::get(0, ALICE).unwrap().into_inner(),
			vec![(pools[0], 2), (pools[1], 1), (pools[2], 1)]
		);
		// Next epoch the count starts again.
		next_epoch();
		assert_ok!(Mining::switch_pool(RuntimeOrigin::signed(ALICE), pools[3]));
		mine(ALICE, 1);
		check();
	});
}

#[test]
fn the_first_share_of_a_later_epoch_settles_the_older_entry() {
	new_test_ext().execute_with(|| {
		let pool = open(OP1, Perbill::zero());
		join(ALICE, pool);
		mine(ALICE, 2);
		next_epoch();
		assert!(MinerShares::<Test>::contains_key(0, ALICE));
		assert_eq!(claimable(ALICE), 0);
		assert_eq!(Mining::rewards(&ALICE), 1_000_000);
		mine(ALICE, 1);
		assert!(!MinerShares::<Test>::contains_key(0, ALICE), "settled on the way");
		assert_eq!(claimable(ALICE), 1_000_000);
		assert!(summary(0).is_settled());
		assert_eq!(Miners::<Test>::get(ALICE).unwrap().last_share_epoch, Some(1));
		check();
	});
}

// ---------------------------------------------------------------------------------------------
// Difficulty
// ---------------------------------------------------------------------------------------------

#[test]
fn the_target_retunes_toward_the_target_share_count() {
	new_test_ext().execute_with(|| {
		let pool = open(OP1, Perbill::zero());
		join(ALICE, pool);
		// Twice the wanted shares: half the target.
		let before = target_u256();
		mine(ALICE, 2 * TARGET_SHARES);
		next_epoch();
		assert_eq!(target_u256(), before / 2);
		// Exactly the wanted shares: unchanged.
		let before = target_u256();
		mine(ALICE, TARGET_SHARES);
		next_epoch();
		assert_eq!(target_u256(), before);
		// Half the wanted shares: twice the target.
		mine(ALICE, TARGET_SHARES / 2);
		next_epoch();
		assert_eq!(target_u256(), before * 2);
		// No shares: four times the target (here saturating at the easiest target).
		next_epoch();
		assert_eq!(CurrentEpoch::<Test>::get().target, EASIEST);
		check();
	});
}

#[test]
fn the_retune_changes_the_target_at_most_4x_and_never_to_zero() {
	new_test_ext().execute_with(|| {
		let start = pow::target_from_difficulty(1 << 20);
		let t = pow::target_to_u256(&start);
		let wanted = TARGET_SHARES;
		let cases: Vec<(u32, U256)> = vec![
			(wanted * 50, t / 4), // far too many shares: down by 4x only
			(wanted * 4, t / 4),  // exactly 4x: down 4x
			(wanted * 2, t / 2),  // 2x: down 2x
			(wanted, t),          // on target
			(wanted / 4, t * 4),  // a quarter: up 4x
			(1, t * 4),           // far too few: up 4x only
			(0, t * 4),           // none: up 4x
		];
		for (shares, expected) in cases {
			CurrentEpoch::<Test>::mutate(|e| {
				e.target = start;
				e.shares = shares;
			});
			next_epoch();
			assert_eq!(target_u256(), expected, "{shares} shares");
			let summary = summary(epoch() - 1);
			assert_eq!(summary.target, start);
		}
		// The smallest targets never reach 0.
		for small in [1u64, 2, 3, 4, 7] {
			CurrentEpoch::<Test>::mutate(|e| {
				e.target = pow::u256_to_target(U256::from(small));
				e.shares = MaxSharesPerEpoch::get();
			});
			next_epoch();
			let expected = U256::from(small / 4).max(U256::one());
			assert_eq!(target_u256(), expected);
		}
	});
}

// ---------------------------------------------------------------------------------------------
// Pools
// ---------------------------------------------------------------------------------------------

#[test]
fn opening_a_pool_holds_the_deposit() {
	new_test_ext().execute_with(|| {
		let pool = open(OP1, Perbill::from_percent(5));
		assert_eq!(held(OP1), DEPOSIT);
		let info = Pools::<Test>::get(pool).unwrap();
		assert_eq!(info.operator, OP1);
		assert_eq!(info.fee, Perbill::from_percent(5));
		assert_eq!(info.members, 0);
		assert_eq!(info.deposit, DEPOSIT);
		assert!(!info.closing);
		assert_eq!(PoolCount::<Test>::get(), 1);
		System::assert_last_event(
			Event::PoolOpened {
				pool,
				operator: OP1,
				fee: Perbill::from_percent(5),
				name: name("pool"),
				deposit: DEPOSIT,
			}
			.into(),
		);
		// The operator may run several pools; ids are never reused.
		let second = open(OP1, Perbill::zero());
		assert_eq!(second, pool + 1);
		assert_eq!(held(OP1), 2 * DEPOSIT);
		check();
	});
}

#[test]
fn bad_pools_are_refused() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Mining::open_pool(RuntimeOrigin::signed(OP1), Perbill::zero(), name("")),
			Error::<Test>::EmptyPoolName
		);
		assert_noop!(
			Mining::open_pool(
				RuntimeOrigin::signed(OP1),
				Perbill::from_parts(MAX_FEE.deconstruct() + 1),
				name("p")
			),
			Error::<Test>::FeeTooHigh
		);
		assert_ok!(Mining::open_pool(RuntimeOrigin::signed(OP1), MAX_FEE, name("p")));
		assert_noop!(
			Mining::open_pool(RuntimeOrigin::signed(POOR), Perbill::zero(), name("p")),
			TokenError::FundsUnavailable
		);
		for _ in 1..MaxPools::get() {
			open(OP2, Perbill::zero());
		}
		assert_noop!(
			Mining::open_pool(RuntimeOrigin::signed(OP1), Perbill::zero(), name("p")),
			Error::<Test>::TooManyPools
		);
		// Closing one frees a slot.
		assert_ok!(Mining::close_pool(RuntimeOrigin::signed(OP2), 1));
		open(OP1, Perbill::zero());
		check();
	});
}

#[test]
fn join_leave_and_switch_errors() {
	new_test_ext().execute_with(|| {
		let a = open(OP1, Perbill::zero());
		let b = open(OP2, Perbill::zero());
		assert_noop!(
			Mining::join_pool(RuntimeOrigin::signed(ALICE), 99),
			Error::<Test>::UnknownPool
		);
		assert_noop!(Mining::leave_pool(RuntimeOrigin::signed(ALICE)), Error::<Test>::NotInPool);
		assert_noop!(
			Mining::switch_pool(RuntimeOrigin::signed(ALICE), b),
			Error::<Test>::NotInPool
		);
		join(ALICE, a);
		System::assert_last_event(Event::MinerJoined { miner: ALICE, pool: a }.into());
		assert_noop!(
			Mining::join_pool(RuntimeOrigin::signed(ALICE), b),
			Error::<Test>::AlreadyInPool
		);
		assert_noop!(
			Mining::switch_pool(RuntimeOrigin::signed(ALICE), a),
			Error::<Test>::AlreadyInPool
		);
		assert_noop!(
			Mining::switch_pool(RuntimeOrigin::signed(ALICE), 99),
			Error::<Test>::UnknownPool
		);
		// A full pool.
		for miner in [BOB, CHARLIE, DAVE] {
			join(miner, a);
		}
		assert_eq!(Pools::<Test>::get(a).unwrap().members, MaxPoolMembers::get());
		assert_noop!(Mining::join_pool(RuntimeOrigin::signed(EVE), a), Error::<Test>::PoolFull);
		join(EVE, b);
		assert_noop!(Mining::switch_pool(RuntimeOrigin::signed(EVE), a), Error::<Test>::PoolFull);
		// A closing pool takes nobody.
		mine(EVE, 1);
		assert_ok!(Mining::close_pool(RuntimeOrigin::signed(OP2), b));
		assert!(Pools::<Test>::get(b).unwrap().closing);
		assert_noop!(
			Mining::switch_pool(RuntimeOrigin::signed(ALICE), b),
			Error::<Test>::UnknownPool
		);
		assert_noop!(Mining::join_pool(RuntimeOrigin::signed(EVE), b), Error::<Test>::UnknownPool);
		// Eve, pool-less after the close, can join another pool.
		assert_ok!(Mining::leave_pool(RuntimeOrigin::signed(ALICE)));
		join(EVE, a);
		check();
	});
}

#[test]
fn join_leave_and_switch_mid_epoch_keep_the_shares_where_they_were_mined() {
	new_test_ext().execute_with(|| {
		let p0 = open(OP1, Perbill::zero());
		let p1 = open(OP2, Perbill::zero());
		join(ALICE, p0);
		join(DAVE, p0);
		mine(ALICE, 2);
		mine(DAVE, 1);
		assert_ok!(Mining::leave_pool(RuntimeOrigin::signed(DAVE)));
		System::assert_last_event(Event::MinerLeft { miner: DAVE, pool: p0 }.into());
		assert_ok!(Mining::switch_pool(RuntimeOrigin::signed(ALICE), p1));
		System::assert_last_event(Event::MinerSwitched { miner: ALICE, from: p0, to: p1 }.into());
		mine(ALICE, 1);
		join(BOB, p1);
		mine(BOB, 1);
		assert_eq!(Pools::<Test>::get(p0).unwrap().members, 0);
		assert_eq!(Pools::<Test>::get(p1).unwrap().members, 2);
		assert_eq!(EpochPools::<Test>::get(0, p0).unwrap().shares, 3);
		assert_eq!(EpochPools::<Test>::get(0, p1).unwrap().shares, 2);
		assert_eq!(EpochPools::<Test>::get(0, p0).unwrap().miners, 2);
		assert_eq!(EpochPools::<Test>::get(0, p1).unwrap().miners, 2);
		check();

		next_epoch();
		// 1,000,000 over 5 shares: p0 600,000 (Alice 2, Dave 1), p1 400,000 (Alice 1, Bob 1).
		settle_all();
		assert_eq!(claimable(ALICE), 400_000 + 200_000);
		assert_eq!(claimable(DAVE), 200_000);
		assert_eq!(claimable(BOB), 200_000);
		let s = summary(0);
		assert_eq!(
			(s.reward, s.operator_fees, s.miner_rewards, s.dust),
			(1_000_000, 0, 1_000_000, 0)
		);
		// Dave left and has nothing unsettled: after claiming, its record is gone.
		assert_ok!(Mining::claim_rewards(RuntimeOrigin::signed(DAVE)));
		assert!(Miners::<Test>::get(DAVE).is_none());
		check();
	});
}

#[test]
fn the_operator_can_close_a_pool_at_any_time() {
	new_test_ext().execute_with(|| {
		let pool = open(OP1, Perbill::zero());
		join(ALICE, pool);
		join(BOB, pool);
		assert_noop!(
			Mining::close_pool(RuntimeOrigin::signed(BOB), pool),
			Error::<Test>::NotPoolOperator
		);
		assert_ok!(Mining::close_pool(RuntimeOrigin::signed(OP1), pool));
		System::assert_last_event(
			Event::PoolClosed { pool, operator: OP1, members: 2, deferred: false }.into(),
		);
		assert_eq!(held(OP1), 0);
		assert!(Pools::<Test>::get(pool).is_none());
		assert_eq!(PoolCount::<Test>::get(), 0);
		assert_eq!(Mining::active_pool(&ALICE), None);
		assert_eq!(Mining::active_pool(&BOB), None);
		assert_noop!(
			Mining::close_pool(RuntimeOrigin::signed(OP1), pool),
			Error::<Test>::UnknownPool
		);
		// Its former members join another pool.
		let other = open(OP2, Perbill::zero());
		join(ALICE, other);
		assert_eq!(Pools::<Test>::get(other).unwrap().members, 1);
		check();
	});
}

#[test]
fn root_can_close_any_pool() {
	new_test_ext().execute_with(|| {
		let pool = open(OP1, Perbill::zero());
		join(ALICE, pool);
		assert_ok!(Mining::close_pool(RuntimeOrigin::root(), pool));
		assert_eq!(held(OP1), 0);
		assert!(Pools::<Test>::get(pool).is_none());
		check();
	});
}

#[test]
fn anyone_can_close_an_abandoned_empty_pool() {
	new_test_ext().execute_with(|| {
		let pool = open(OP1, Perbill::zero());
		let gen_before = Balances::free_balance(OP1);
		// Just opened: not idle yet.
		assert_noop!(
			Mining::close_pool(RuntimeOrigin::signed(BOB), pool),
			Error::<Test>::PoolNotIdle
		);
		next_epoch();
		assert_noop!(
			Mining::close_pool(RuntimeOrigin::signed(BOB), pool),
			Error::<Test>::PoolNotIdle
		);
		next_epoch();
		// Shares this epoch keep it alive, even with no members now.
		join(ALICE, pool);
		mine(ALICE, 1);
		assert_ok!(Mining::leave_pool(RuntimeOrigin::signed(ALICE)));
		assert_noop!(
			Mining::close_pool(RuntimeOrigin::signed(BOB), pool),
			Error::<Test>::PoolNotIdle
		);
		next_epoch();
		assert_ok!(Mining::close_pool(RuntimeOrigin::signed(BOB), pool));
		// The deposit goes back to the operator.
		assert_eq!(held(OP1), 0);
		assert_eq!(Balances::free_balance(OP1), gen_before + DEPOSIT);
		assert!(Pools::<Test>::get(pool).is_none());
		check();
	});
}

#[test]
fn a_pool_closed_mid_epoch_keeps_its_slot_and_its_operator_is_paid() {
	new_test_ext().execute_with(|| {
		let pool = open(OP1, Perbill::from_percent(10));
		join(ALICE, pool);
		mine(ALICE, 1);
		assert_ok!(Mining::close_pool(RuntimeOrigin::signed(OP1), pool));
		System::assert_last_event(
			Event::PoolClosed { pool, operator: OP1, members: 1, deferred: true }.into(),
		);
		assert_eq!(held(OP1), 0, "the deposit is released at once");
		assert!(Pools::<Test>::get(pool).unwrap().closing);
		assert_eq!(PoolCount::<Test>::get(), 1, "the slot is kept until the epoch closes");
		assert_eq!(Mining::active_pool(&ALICE), None);
		assert!(Mining::pools().is_empty(), "closing pools are not listed");
		check();

		next_epoch();
		System::assert_has_event(Event::PoolRemoved { pool }.into());
		assert!(Pools::<Test>::get(pool).is_none());
		assert_eq!(PoolCount::<Test>::get(), 0);
		assert_eq!(claimable(OP1), 100_000);
		assert_eq!(Mining::rewards(&ALICE), 900_000);
		check();
	});
}

// ---------------------------------------------------------------------------------------------
// Payouts
// ---------------------------------------------------------------------------------------------

#[test]
fn rewards_are_split_pro_rata_and_the_dust_is_accounted() {
	new_test_ext().execute_with(|| {
		let a = open(OP1, Perbill::from_percent(10));
		let b = open(OP2, Perbill::zero());
		join(ALICE, a);
		join(BOB, a);
		join(CHARLIE, b);
		mine(ALICE, 2);
		mine(BOB, 1);
		mine(CHARLIE, 4);
		assert_eq!(Mining::reward_available(), 1_000_000);
		next_epoch();

		// 1,000,000 over 7 shares: pool a (3) 428,571, pool b (4) 571,428, 1 of dust.
		// Pool a's fee: 10% of 428,571 = 42,857 (rounded down); its miners share 385,714:
		// Alice 2/3 = 257,142, Bob 1/3 = 128,571, 1 of dust. Pool b: Charlie 571,428.
		System::assert_has_event(
			Event::PoolRewarded { epoch: 0, pool: a, shares: 3, reward: 428_571, fee: 42_857 }
				.into(),
		);
		System::assert_has_event(
			Event::PoolRewarded { epoch: 0, pool: b, shares: 4, reward: 571_428, fee: 0 }.into(),
		);
		System::assert_has_event(
			Event::EpochClosed {
				epoch: 0,
				shares: 7,
				pools: 2,
				reward: 1_000_000,
				operator_fees: 42_857,
				dust: 1,
			}
			.into(),
		);
		assert_eq!(claimable(OP1), 42_857, "the fee is credited at the close");
		assert_eq!(claimable(OP2), 0);
		assert_eq!(TotalOwed::<Test>::get(), 999_999);
		assert_eq!(EpochPools::<Test>::get(0, a).unwrap().miners_reward, 385_714);
		let s = summary(0);
		assert!(!s.is_settled());
		assert_eq!(s.unsettled_pools, 2);
		// Before settlement, the API already counts the unsettled rewards.
		assert_eq!(Mining::rewards(&ALICE), 257_142);
		assert_eq!(Mining::rewards(&BOB), 128_571);
		assert_eq!(Mining::rewards(&CHARLIE), 571_428);
		check();

		settle_all();
		assert_eq!(claimable(ALICE), 257_142);
		assert_eq!(claimable(BOB), 128_571);
		assert_eq!(claimable(CHARLIE), 571_428);
		let s = summary(0);
		assert!(s.is_settled());
		assert_eq!(s.reward, 1_000_000);
		assert_eq!(s.operator_fees, 42_857);
		assert_eq!(s.miner_rewards, 257_142 + 128_571 + 571_428);
		assert_eq!(s.dust, 2);
		assert_eq!(s.operator_fees + s.miner_rewards + s.dust, s.reward);
		System::assert_has_event(
			Event::EpochSettled {
				epoch: 0,
				reward: 1_000_000,
				operator_fees: 42_857,
				miner_rewards: 957_141,
				dust: 2,
			}
			.into(),
		);
		// The dust stays in the pot, unowed: it is part of the next epoch's reward.
		assert_eq!(TotalOwed::<Test>::get(), 999_998);
		assert_eq!(Mining::reward_available(), 2);
		check();
	});
}

#[test]
fn the_pool_fee_is_exact_to_the_last_unit() {
	new_test_ext().execute_with(|| {
		let fee = Perbill::from_parts(123_456_789); // 12.3456789%
		let pool = open(OP1, fee);
		join(ALICE, pool);
		mine(ALICE, 3);
		next_epoch();
		// 12.3456789% of 1,000,000 = 123,456.789: the operator gets 123,456.
		assert_eq!(claimable(OP1), 123_456);
		assert_eq!(Mining::rewards(&ALICE), 876_544);
		settle_all();
		assert_eq!(claimable(ALICE), 876_544);
		let s = summary(0);
		assert_eq!((s.operator_fees, s.miner_rewards, s.dust), (123_456, 876_544, 0));

		// A fee of 100% of the maximum (50%) on an odd reward.
		let pot = crate::Pallet::<Test>::reward_available();
		assert_eq!(pot, 0);
		assert_ok!(<Assets as Mutate<AccountId>>::mint_into(NEX, &POT, 1_001));
		let half = open(OP2, MAX_FEE);
		join(BOB, half);
		mine(BOB, 1);
		next_epoch();
		assert_eq!(claimable(OP2), 500, "50% of 1,001 rounded down");
		assert_eq!(Mining::rewards(&BOB), 501);
		check();
	});
}

#[test]
fn an_epoch_without_shares_pays_nothing_and_the_pot_waits() {
	new_test_ext().execute_with(|| {
		next_epoch();
		let s = summary(0);
		assert_eq!((s.shares, s.pools, s.reward, s.dust), (0, 0, 0, 0));
		assert!(s.is_settled());
		System::assert_has_event(
			Event::EpochSettled {
				epoch: 0,
				reward: 0,
				operator_fees: 0,
				miner_rewards: 0,
				dust: 0,
			}
			.into(),
		);
		assert_eq!(Mining::reward_available(), 1_000_000);
		let pool = open(OP1, Perbill::zero());
		join(ALICE, pool);
		mine(ALICE, 1);
		next_epoch();
		assert_eq!(summary(1).reward, 1_000_000);
		assert_eq!(Mining::rewards(&ALICE), 1_000_000);
		check();
	});
}

#[test]
fn the_reward_is_only_what_the_pot_does_not_owe() {
	new_test_ext().execute_with(|| {
		let a = open(OP1, Perbill::from_percent(10));
		let b = open(OP2, Perbill::zero());
		join(ALICE, a);
		join(BOB, a);
		join(CHARLIE, b);
		mine(ALICE, 2);
		mine(BOB, 1);
		mine(CHARLIE, 4);
		next_epoch();
		// Nobody claims; the miners' rewards stay owed (settled or not). The pot receives 500.
		assert_ok!(<Assets as Mutate<AccountId>>::mint_into(NEX, &POT, 500));
		mine(CHARLIE, 1);
		next_epoch();
		// Epoch 1's reward: the 500 new units plus the pool-level dust (1) of epoch 0 and
		// whatever miner-level dust of epoch 0 was released by the settlements so far.
		// Charlie's first share of epoch 1 settled his pool of epoch 0 (no dust there).
		let settled_dust = summary(0).dust - 1;
		assert_eq!(settled_dust, 0);
		assert_eq!(summary(1).reward, 500 + 1 + settled_dust);
		settle_all();
		assert_eq!(summary(0).dust, 2);
		// Everything owed is still in the pot.
		assert!(nex(POT) - NEX_MIN >= TotalOwed::<Test>::get());
		check();
	});
}

// ---------------------------------------------------------------------------------------------
// Lazy settlement
// ---------------------------------------------------------------------------------------------

#[test]
fn on_idle_settles_in_bounded_batches() {
	new_test_ext().execute_with(|| {
		let pool = open(OP1, Perbill::zero());
		for miner in [ALICE, BOB, CHARLIE] {
			join(miner, pool);
			mine(miner, 1);
		}
		next_epoch();
		assert_eq!(MinerShares::<Test>::iter_prefix(0).count(), 3);

		// Not enough weight for one entry: nothing happens.
		let small = <() as WeightInfo>::settle_entry() - Weight::from_parts(1, 0);
		idle(small);
		assert_eq!(MinerShares::<Test>::iter_prefix(0).count(), 3);

		// At most SettleBatch (2) a block.
		idle_max();
		assert_eq!(MinerShares::<Test>::iter_prefix(0).count(), 1);
		assert!(!summary(0).is_settled());
		check();
		idle_max();
		assert_eq!(MinerShares::<Test>::iter_prefix(0).count(), 0);
		assert!(summary(0).is_settled());
		assert_eq!(SettleCursor::<Test>::get(), 1);
		for miner in [ALICE, BOB, CHARLIE] {
			assert_eq!(claimable(miner), 333_333);
		}
		assert_eq!(summary(0).dust, 1);
		check();
	});
}

#[test]
fn on_idle_prunes_the_duplicate_records_of_closed_epochs() {
	// `clear_prefix`'s limit applies to the records in the backend, as in a real chain where
	// every block's changes are committed: commit between blocks.
	let mut ext = new_test_ext();
	ext.execute_with(|| {
		let pool = open(OP1, Perbill::zero());
		join(ALICE, pool);
		mine(ALICE, 5);
		next_epoch();
		mine(ALICE, 1);
		assert_eq!(Submitted::<Test>::iter_prefix(0).count(), 5);
	});
	ext.commit_all().unwrap();
	ext.execute_with(|| {
		// At most PruneBatch (3) a block, and never the current epoch's.
		idle_max();
		assert_eq!(Submitted::<Test>::iter_prefix(0).count(), 2);
		assert_eq!(PruneCursor::<Test>::get(), 0);
	});
	ext.commit_all().unwrap();
	ext.execute_with(|| {
		run_to_block(System::block_number() + 1);
		idle_max();
		assert_eq!(Submitted::<Test>::iter_prefix(0).count(), 0);
		assert_eq!(PruneCursor::<Test>::get(), 1);
		assert_eq!(Submitted::<Test>::iter_prefix(1).count(), 1);
		check();
	});
}

#[test]
fn on_idle_with_no_weight_does_nothing() {
	new_test_ext().execute_with(|| {
		let pool = open(OP1, Perbill::zero());
		join(ALICE, pool);
		mine(ALICE, 1);
		next_epoch();
		assert_eq!(idle(Weight::zero()), Weight::zero());
		assert!(MinerShares::<Test>::contains_key(0, ALICE));
		assert_eq!(Submitted::<Test>::iter_prefix(0).count(), 1);
	});
}

#[test]
fn old_summaries_are_pruned_once_settled() {
	new_test_ext().execute_with(|| {
		let pool = open(OP1, Perbill::zero());
		join(ALICE, pool);
		mine(ALICE, 1);
		// Epoch 0 stays unsettled (no idle, Alice does not come back).
		for _ in 0..6 {
			next_epoch();
		}
		// EpochHistory is 3: epochs 3, 4, 5 are kept, and epoch 0 because it is unsettled.
		assert!(Epochs::<Test>::get(0).is_some());
		assert!(Epochs::<Test>::get(1).is_none());
		assert!(Epochs::<Test>::get(2).is_none());
		assert!(Epochs::<Test>::get(3).is_some());
		settle_all();
		assert!(Epochs::<Test>::get(0).is_none(), "pruned when it settles");
		assert_eq!(claimable(ALICE), 1_000_000);
		check();
	});
}

// ---------------------------------------------------------------------------------------------
// Claims
// ---------------------------------------------------------------------------------------------

#[test]
fn claims_pay_from_the_pot() {
	new_test_ext().execute_with(|| {
		let pool = open(OP1, Perbill::from_percent(10));
		join(ALICE, pool);
		mine(ALICE, 1);
		next_epoch();
		assert_eq!(nex(ALICE), 0);
		// The claim settles the unsettled entry first.
		assert_ok!(Mining::claim_rewards(RuntimeOrigin::signed(ALICE)));
		System::assert_last_event(Event::RewardsClaimed { who: ALICE, amount: 900_000 }.into());
		assert_eq!(nex(ALICE), 900_000);
		assert_eq!(nex(POT), 1_000_001 - 900_000);
		assert_eq!(claimable(ALICE), 0);
		assert_eq!(Mining::rewards(&ALICE), 0);
		assert_eq!(TotalOwed::<Test>::get(), 100_000);
		assert_noop!(
			Mining::claim_rewards(RuntimeOrigin::signed(ALICE)),
			Error::<Test>::NothingToClaim
		);
		assert_ok!(Mining::claim_rewards(RuntimeOrigin::signed(OP1)));
		assert_eq!(nex(OP1), 100_000);
		assert_eq!(nex(POT), NEX_MIN, "the pot keeps its minimum balance");
		assert_eq!(TotalOwed::<Test>::get(), 0);
		check();
	});
}

#[test]
fn claims_that_cannot_be_paid_change_nothing() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Mining::claim_rewards(RuntimeOrigin::signed(ALICE)),
			Error::<Test>::NothingToClaim
		);
		let pool = open(OP1, Perbill::zero());
		join(ALICE, pool);
		join(BOB, pool);
		mine(ALICE, 1);
		mine(BOB, 1);
		next_epoch();
		assert_ok!(Mining::claim_rewards(RuntimeOrigin::signed(ALICE)));
		// The pot was drained by something else. (Bob's claim would settle his entry first:
		// the failed call rolls that back too.)
		assert_ok!(<Assets as Mutate<AccountId>>::burn_from(
			NEX,
			&POT,
			nex(POT) - NEX_MIN - 1,
			Preservation::Preserve,
			Precision::Exact,
			Fortitude::Force,
		));
		assert_noop!(
			Mining::claim_rewards(RuntimeOrigin::signed(BOB)),
			Error::<Test>::InsufficientPot
		);
		assert_ok!(<Assets as Mutate<AccountId>>::mint_into(NEX, &POT, 1_000_000));
		// A claimant that cannot receive NEX.
		assert_ok!(<Assets as Mutate<AccountId>>::mint_into(NEX, &BOB, 1));
		assert_ok!(Assets::block(RuntimeOrigin::signed(ASSET_OWNER), NEX, BOB));
		assert_noop!(
			Mining::claim_rewards(RuntimeOrigin::signed(BOB)),
			Error::<Test>::CannotReceive
		);
		assert_ok!(Assets::thaw(RuntimeOrigin::signed(ASSET_OWNER), NEX, BOB));
		assert_ok!(Mining::claim_rewards(RuntimeOrigin::signed(BOB)));
		assert_eq!(nex(BOB), 1 + 500_000);
		check();
	});
}

#[test]
fn an_epoch_with_zero_reward_settles_to_zero() {
	new_test_ext_with_pot(0).execute_with(|| {
		let pool = open(OP1, Perbill::from_percent(10));
		join(ALICE, pool);
		mine(ALICE, 2);
		next_epoch();
		assert_eq!(summary(0).reward, 0);
		assert_eq!(Mining::rewards(&ALICE), 0);
		assert_noop!(
			Mining::claim_rewards(RuntimeOrigin::signed(ALICE)),
			Error::<Test>::NothingToClaim
		);
		settle_all();
		assert!(summary(0).is_settled());
		check();
	});
}

// ---------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------

#[test]
fn root_sets_the_parameters() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Mining::set_epoch_length(RuntimeOrigin::signed(ALICE), 5),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Mining::set_epoch_length(RuntimeOrigin::root(), 0),
			Error::<Test>::InvalidEpochLength
		);
		assert_ok!(Mining::set_epoch_length(RuntimeOrigin::root(), 3));
		System::assert_last_event(Event::EpochLengthSet { blocks: 3 }.into());
		assert_eq!(Mining::epoch_ends_at(), 3);
		run_to_block(3);
		assert_eq!(epoch(), 1);
		assert_eq!(Mining::epoch_ends_at(), 6);

		assert_noop!(
			Mining::set_target_shares(RuntimeOrigin::root(), 0),
			Error::<Test>::InvalidTargetShares
		);
		assert_noop!(
			Mining::set_target_shares(RuntimeOrigin::root(), MaxSharesPerEpoch::get() + 1),
			Error::<Test>::InvalidTargetShares
		);
		assert_noop!(
			Mining::set_target_shares(RuntimeOrigin::signed(ALICE), 5),
			DispatchError::BadOrigin
		);
		assert_ok!(Mining::set_target_shares(RuntimeOrigin::root(), 5));
		assert_eq!(Params::<Test>::get().target_shares, 5);

		assert_noop!(
			Mining::set_target(RuntimeOrigin::root(), [0u8; 32]),
			Error::<Test>::ZeroTarget
		);
		assert_noop!(
			Mining::set_target(RuntimeOrigin::signed(ALICE), [1u8; 32]),
			DispatchError::BadOrigin
		);
		set_target([1u8; 32]);
		System::assert_last_event(Event::TargetSet { target: [1u8; 32] }.into());
		assert_eq!(CurrentEpoch::<Test>::get().target, [1u8; 32]);
		check();
	});
}

// ---------------------------------------------------------------------------------------------
// The transaction pipeline (`AuthorizeCall`)
// ---------------------------------------------------------------------------------------------

#[test]
fn a_valid_share_is_a_valid_feeless_transaction() {
	new_test_ext().execute_with(|| {
		let pool = open(OP1, Perbill::zero());
		join(ALICE, pool);
		for source in [TransactionSource::External, TransactionSource::Local] {
			let validity = validate(share_transaction(ALICE, 0, 9), source).expect("valid");
			assert_eq!(validity.priority, SharePriority::get());
			assert!(validity.propagate, "shares are gossiped to reach the block author");
			assert!(validity.requires.is_empty());
			assert_eq!(
				validity.provides,
				vec![("MetanodeMiningShare", (0u32, ALICE, 9u64)).encode()]
			);
			assert_eq!(validity.longevity, EPOCH - 1, "valid until the epoch ends");
		}
		let info = share_transaction(ALICE, 0, 9).get_dispatch_info();
		assert_eq!(info.extension_weight, <() as WeightInfo>::authorize_submit_share());

		let outcome = apply(share_transaction(ALICE, 0, 9)).expect("valid").expect("dispatched");
		assert_eq!(outcome.pays_fee, Pays::No);
		assert_eq!(
			outcome.actual_weight,
			Some(<() as WeightInfo>::submit_share() + <() as WeightInfo>::authorize_submit_share())
		);
		assert!(Submitted::<Test>::contains_key(0, (ALICE, 9u64)));

		// Once accepted, the same share is stale, in the pool and in a block.
		assert_eq!(
			validate(share_transaction(ALICE, 0, 9), TransactionSource::External),
			Err(InvalidTransaction::Stale.into())
		);
		assert_eq!(apply(share_transaction(ALICE, 0, 9)), Err(InvalidTransaction::Stale.into()));
		check();
	});
}

#[test]
fn invalid_shares_never_enter_a_block() {
	new_test_ext().execute_with(|| {
		let pool = open(OP1, Perbill::zero());
		join(ALICE, pool);
		next_epoch();
		let cases: Vec<(AccountId, u32, u64, TransactionValidityError)> = vec![
			(ALICE, 0, 1, InvalidTransaction::Stale.into()),
			(ALICE, 2, 1, custom(Error::FutureEpoch)),
			(BOB, 1, 1, custom(Error::NotInPool)),
		];
		for (miner, epoch, nonce, expected) in cases {
			for source in [TransactionSource::External, TransactionSource::InBlock] {
				assert_eq!(validate(share_transaction(miner, epoch, nonce), source), Err(expected));
			}
			frame_support::assert_storage_noop!(assert_eq!(
				apply(share_transaction(miner, epoch, nonce)),
				Err(expected)
			));
		}
		// Above the target: a bad proof.
		let hash = hash_of(ALICE, 3);
		set_target(pow::u256_to_target(pow::target_to_u256(&hash) - 1));
		assert_eq!(
			validate(share_transaction(ALICE, 1, 3), TransactionSource::External),
			Err(InvalidTransaction::BadProof.into())
		);
		frame_support::assert_storage_noop!(assert_eq!(
			apply(share_transaction(ALICE, 1, 3)),
			Err(InvalidTransaction::BadProof.into())
		));
		assert_eq!(CurrentEpoch::<Test>::get().shares, 0);
	});
}

#[test]
fn only_the_authorized_origin_submits_unsigned_shares() {
	new_test_ext().execute_with(|| {
		let pool = open(OP1, Perbill::zero());
		join(ALICE, pool);
		for origin in [RuntimeOrigin::signed(ALICE), RuntimeOrigin::none(), RuntimeOrigin::root()] {
			assert_noop!(
				Mining::submit_share(origin, ALICE, 0, 1).map_err(|e| e.error),
				DispatchError::BadOrigin
			);
		}
	});
}

#[test]
fn the_signed_share_pays_a_fee() {
	new_test_ext().execute_with(|| {
		let pool = open(OP1, Perbill::zero());
		join(ALICE, pool);
		let call = RuntimeCall::Mining(Call::submit_share_signed { epoch: 0, nonce: 5 });
		assert_eq!(call.get_dispatch_info().pays_fee, Pays::Yes);
		let info = Mining::submit_share_signed(RuntimeOrigin::signed(ALICE), 0, 5).unwrap();
		assert_eq!(info.pays_fee, Pays::Yes);
		assert_eq!(info.actual_weight, Some(<() as WeightInfo>::submit_share_signed()));
		assert!(Submitted::<Test>::contains_key(0, (ALICE, 5u64)));
		assert_noop!(
			Mining::submit_share_signed(RuntimeOrigin::none(), 0, 6).map_err(|e| e.error),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Mining::submit_share_signed(RuntimeOrigin::signed(BOB), 0, 6).map_err(|e| e.error),
			Error::<Test>::NotInPool
		);
	});
}

#[test]
fn a_share_that_settles_an_older_entry_is_charged_for_it() {
	new_test_ext().execute_with(|| {
		let pool = open(OP1, Perbill::zero());
		join(ALICE, pool);
		mine(ALICE, 1);
		next_epoch();
		let info = Mining::submit_share(RawOrigin::Authorized.into(), ALICE, 1, 77).unwrap();
		assert_eq!(
			info.actual_weight,
			Some(<() as WeightInfo>::submit_share() + <() as WeightInfo>::settle_entry())
		);
		let info = Mining::submit_share(RawOrigin::Authorized.into(), ALICE, 1, 78).unwrap();
		assert_eq!(info.actual_weight, Some(<() as WeightInfo>::submit_share()));
	});
}

// ---------------------------------------------------------------------------------------------
// Runtime API helpers
// ---------------------------------------------------------------------------------------------

#[test]
fn work_pools_rewards_and_stats() {
	new_test_ext().execute_with(|| {
		let a = open(OP1, Perbill::from_percent(3));
		let b = open(OP2, Perbill::zero());
		join(ALICE, a);
		let work = Mining::work(&ALICE);
		assert_eq!(work.epoch, 0);
		assert_eq!(work.seed, seed());
		assert_eq!(work.target, EASIEST);
		assert_eq!(work.pool, Some(a));
		assert_eq!(work.epoch_ends_at, EPOCH);
		assert_eq!(Mining::work(&BOB).pool, None);

		mine(ALICE, 4);
		let pools = Mining::pools();
		assert_eq!(pools.len(), 2);
		assert_eq!(pools[0].id, a);
		assert_eq!(pools[0].operator, OP1);
		assert_eq!(pools[0].fee, Perbill::from_percent(3));
		assert_eq!(pools[0].name, b"pool".to_vec());
		assert_eq!(pools[0].members, 1);
		assert_eq!(pools[0].shares_this_epoch, 4);
		assert_eq!(pools[1].id, b);
		assert_eq!(pools[1].shares_this_epoch, 0);

		let stats = Mining::stats();
		assert_eq!(stats.epoch, 0);
		assert_eq!(stats.shares_this_epoch, 4);
		assert_eq!(stats.shares_last_epoch, 0);
		assert_eq!(stats.hashrate_estimate, 0);
		assert_eq!(stats.difficulty, 1);
		assert_eq!(stats.target_shares, TARGET_SHARES);
		assert_eq!(stats.epoch_length, EPOCH as u32);
		assert_eq!(stats.reward_available, 1_000_000);

		next_epoch();
		let stats = Mining::stats();
		assert_eq!(stats.epoch, 1);
		assert_eq!(stats.shares_last_epoch, 4);
		// 4 shares of difficulty 1 in 10 blocks of 2 s: 0.2 hashes a second, rounded down.
		assert_eq!(stats.hashrate_estimate, 0);
		assert_eq!(stats.reward_available, 0);
		assert_eq!(Mining::rewards(&ALICE), 970_000);
		assert_eq!(Mining::rewards(&OP1), 30_000);

		// A harder epoch: 20 shares of difficulty 2^20 in 20 s is 1,048,576 hashes a second.
		set_target(pow::target_from_difficulty(1 << 20));
		CurrentEpoch::<Test>::mutate(|e| e.shares = 20);
		next_epoch();
		assert_eq!(Mining::stats().hashrate_estimate, 1 << 20);
	});
}

#[test]
fn the_work_hash_is_the_documented_one() {
	new_test_ext().execute_with(|| {
		// blake2_256(seed ‖ SCALE(miner) ‖ nonce LE): the CLI miner can recompute it.
		let mut input = seed().to_vec();
		input.extend_from_slice(&ALICE.to_le_bytes());
		input.extend_from_slice(&99u64.to_le_bytes());
		assert_eq!(hash_of(ALICE, 99), sp_io::hashing::blake2_256(&input));
		assert_eq!(crate::work_hash(&seed(), &ALICE.encode(), 99), hash_of(ALICE, 99));
	});
}
