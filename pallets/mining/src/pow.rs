//! The proof of work, as pure functions: the work hash, the target check, the seed chain and the
//! difficulty retune.
//!
//! Everything here is deterministic and free of storage, so the off-chain miner
//! (`metanode mine`) links this module (with `std`) and computes exactly what the runtime checks.
//!
//! - A **target** is a 256-bit unsigned integer stored as 32 bytes, big-endian. A hash (also 32
//!   bytes) meets it when, read as a big-endian integer, it is at most the target. Byte-wise
//!   lexicographic comparison of the two arrays is the same comparison ([`meets_target`]).
//! - The **work hash** of a share is `blake2_256(seed ‖ miner ‖ nonce)`: the epoch's 32-byte seed,
//!   the SCALE encoding of the miner's account id (for a 32-byte account id, its 32 bytes), and
//!   the nonce as 8 little-endian bytes ([`work_hash`]).
//! - The **difficulty** of a target is `floor((2^256 - 1) / target)`, about the number of hashes
//!   a miner needs on average to find one share ([`difficulty`]).

use crate::types::{Seed, Target};
use sp_core::{U256, U512};

/// The domain separator of the epoch seeds.
pub const SEED_DOMAIN: &[u8] = b"metanode/mining/seed/v1";

/// The largest factor by which the target changes at one epoch end (up or down).
pub const MAX_RETUNE_FACTOR: u64 = 4;

/// The work hash of a share: `blake2_256(seed ‖ miner_encoded ‖ nonce.to_le_bytes())`.
///
/// `miner_encoded` is the SCALE encoding of the miner's account id (`account.encode()`).
pub fn work_hash(seed: &Seed, miner_encoded: &[u8], nonce: u64) -> [u8; 32] {
	const STACK: usize = 128;
	let len = 32 + miner_encoded.len() + 8;
	if len <= STACK {
		let mut buf = [0u8; STACK];
		buf[..32].copy_from_slice(seed);
		buf[32..32 + miner_encoded.len()].copy_from_slice(miner_encoded);
		buf[32 + miner_encoded.len()..len].copy_from_slice(&nonce.to_le_bytes());
		sp_io::hashing::blake2_256(&buf[..len])
	} else {
		let mut buf = alloc::vec::Vec::with_capacity(len);
		buf.extend_from_slice(seed);
		buf.extend_from_slice(miner_encoded);
		buf.extend_from_slice(&nonce.to_le_bytes());
		sp_io::hashing::blake2_256(&buf)
	}
}

/// Whether `hash` meets `target`: `hash <= target`, both read as 256-bit big-endian integers.
pub fn meets_target(hash: &[u8; 32], target: &Target) -> bool {
	hash <= target
}

/// Folds one block hash into the seed accumulator: `blake2_256(acc ‖ block_hash)`.
pub fn absorb(acc: &[u8; 32], block_hash: &[u8]) -> [u8; 32] {
	let mut buf = alloc::vec::Vec::with_capacity(32 + block_hash.len());
	buf.extend_from_slice(acc);
	buf.extend_from_slice(block_hash);
	sp_io::hashing::blake2_256(&buf)
}

/// The seed of epoch `epoch`: `blake2_256(SEED_DOMAIN ‖ acc ‖ epoch.to_le_bytes())`, where
/// `acc` is the accumulator of every block hash up to the epoch's first block.
pub fn epoch_seed(acc: &[u8; 32], epoch: u32) -> Seed {
	let mut buf = [0u8; SEED_DOMAIN.len() + 32 + 4];
	buf[..SEED_DOMAIN.len()].copy_from_slice(SEED_DOMAIN);
	buf[SEED_DOMAIN.len()..SEED_DOMAIN.len() + 32].copy_from_slice(acc);
	buf[SEED_DOMAIN.len() + 32..].copy_from_slice(&epoch.to_le_bytes());
	sp_io::hashing::blake2_256(&buf)
}

/// The target as an integer.
pub fn target_to_u256(target: &Target) -> U256 {
	U256::from_big_endian(target)
}

/// The integer as a target.
pub fn u256_to_target(value: U256) -> Target {
	value.to_big_endian()
}

/// The target whose difficulty is `difficulty` (at least 1): `floor((2^256 - 1) / difficulty)`.
pub fn target_from_difficulty(difficulty: u128) -> Target {
	u256_to_target(U256::MAX / U256::from(difficulty.max(1)))
}

/// The difficulty of `target`: `floor((2^256 - 1) / target)` (a zero target counts as 1),
/// saturated at `u128::MAX`.
pub fn difficulty(target: &Target) -> u128 {
	let target = target_to_u256(target).max(U256::one());
	let difficulty = U256::MAX / target;
	u128::try_from(difficulty).unwrap_or(u128::MAX)
}

/// The next epoch's target, retuned so that the same hash rate would produce `wanted` shares.
///
/// Shares are proportional to the target, so the ideal target is `target * wanted / shares`
/// (computed in 512 bits: no overflow). It is then clamped to
/// `[max(target / 4, 1), min(target * 4, 2^256 - 1)]`: it changes at most 4x either way and is
/// never 0. With no shares at all the target is multiplied by 4 (the most it may ease). A zero
/// `target` counts as 1 and a zero `wanted` as 1.
pub fn retune_target(target: &Target, shares: u32, wanted: u32) -> Target {
	let old = target_to_u256(target).max(U256::one());
	let factor = U256::from(MAX_RETUNE_FACTOR);
	let upper = old.saturating_mul(factor);
	let lower = (old / factor).max(U256::one());
	let ideal = if shares == 0 {
		upper
	} else {
		let scaled: U512 = old.full_mul(U256::from(wanted.max(1)));
		U256::try_from(scaled / U512::from(shares)).unwrap_or(U256::MAX)
	};
	u256_to_target(ideal.clamp(lower, upper))
}

/// An estimate of the network's hash rate, in hashes per second: `shares * difficulty` hashes
/// in `millis` milliseconds (saturating; 0 if `millis` is 0).
pub fn hashrate(shares: u32, difficulty: u128, millis: u64) -> u128 {
	if millis == 0 {
		return 0;
	}
	let hashes = U256::from(shares) * U256::from(difficulty) * U256::from(1_000u32);
	u128::try_from(hashes / U256::from(millis)).unwrap_or(u128::MAX)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn targets_compare_as_big_endian_integers() {
		let mut low = [0u8; 32];
		low[31] = 0xff;
		let mut high = [0u8; 32];
		high[30] = 0x01;
		assert!(meets_target(&low, &high));
		assert!(!meets_target(&high, &low));
		assert!(meets_target(&high, &high));
		assert_eq!(target_to_u256(&high), U256::from(256u32));
		assert_eq!(u256_to_target(U256::from(256u32)), high);
	}

	#[test]
	fn work_hash_is_blake2_of_the_concatenation() {
		let seed = [7u8; 32];
		let miner = [9u8; 32];
		let mut input = seed.to_vec();
		input.extend_from_slice(&miner);
		input.extend_from_slice(&42u64.to_le_bytes());
		assert_eq!(work_hash(&seed, &miner, 42), sp_io::hashing::blake2_256(&input));
		// The heap path (a long account encoding) agrees with the definition too.
		let long = [3u8; 100];
		let mut input = seed.to_vec();
		input.extend_from_slice(&long);
		input.extend_from_slice(&1u64.to_le_bytes());
		assert_eq!(work_hash(&seed, &long, 1), sp_io::hashing::blake2_256(&input));
		assert_ne!(work_hash(&seed, &miner, 1), work_hash(&seed, &miner, 2));
	}

	#[test]
	fn difficulty_and_target_are_inverse() {
		assert_eq!(difficulty(&[0xff; 32]), 1);
		assert_eq!(difficulty(&[0u8; 32]), u128::MAX, "a zero target counts as 1");
		for d in [1u128, 2, 1 << 16, 1 << 40, u64::MAX as u128] {
			assert_eq!(difficulty(&target_from_difficulty(d)), d);
		}
	}

	#[test]
	fn retune_moves_toward_the_wanted_share_count_at_most_4x() {
		let t = target_from_difficulty(1 << 20);
		let old = target_to_u256(&t);
		// Exactly on target: unchanged.
		assert_eq!(retune_target(&t, 100, 100), t);
		// Twice the shares: half the target.
		assert_eq!(target_to_u256(&retune_target(&t, 200, 100)), old * 100 / 200);
		// Half the shares: twice the target.
		assert_eq!(target_to_u256(&retune_target(&t, 50, 100)), old * 100 / 50);
		// Clamped both ways.
		assert_eq!(target_to_u256(&retune_target(&t, 100_000, 100)), old / 4);
		assert_eq!(target_to_u256(&retune_target(&t, 1, 100)), old * 4);
		assert_eq!(target_to_u256(&retune_target(&t, 0, 100)), old * 4);
		// Never zero, never overflowing.
		assert_eq!(retune_target(&[0u8; 32], u32::MAX, 1), u256_to_target(U256::one()));
		let mut three = [0u8; 32];
		three[31] = 3;
		assert_eq!(retune_target(&three, u32::MAX, 1), u256_to_target(U256::one()));
		assert_eq!(retune_target(&[0xff; 32], 0, 1), [0xff; 32]);
		assert_eq!(retune_target(&[0xff; 32], 1, u32::MAX), [0xff; 32]);
	}

	#[test]
	fn hashrate_is_shares_times_difficulty_per_second() {
		assert_eq!(hashrate(10, 1_000, 2_000), 5_000);
		assert_eq!(hashrate(10, 1_000, 0), 0);
		assert_eq!(hashrate(u32::MAX, u128::MAX, 1), u128::MAX);
	}

	#[test]
	fn seeds_depend_on_the_accumulator_and_the_epoch() {
		let acc = absorb(&[0u8; 32], &[1u8; 32]);
		assert_ne!(acc, absorb(&[0u8; 32], &[2u8; 32]));
		assert_ne!(epoch_seed(&acc, 1), epoch_seed(&acc, 2));
		assert_ne!(epoch_seed(&acc, 1), epoch_seed(&[0u8; 32], 1));
	}
}
