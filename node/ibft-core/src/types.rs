//! Basic types: heights, rounds, the [`Types`] bundle and the validator set.

use crate::quorum::{max_faulty, quorum};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, Error as CodecError, Input};
use core::fmt::Debug;

/// The index of a consensus instance. Height `h` decides the `h`-th finalized block after
/// genesis (which is height 0), so heights and block numbers differ: one height may finalize
/// many blocks at once. A node that restarts resumes at `justification.height + 1` of the
/// last justification it stored.
pub type Height = u64;

/// A round within a height. Rounds restart at 0 for every height.
pub type Round = u32;

/// The id of a validator set, as the runtime reports it. It changes (increases) whenever the
/// set changes, which only happens at a finalized block, so every height has exactly one set.
pub type SetId = u64;

/// The concrete types the machine works with, bundled so that generic code needs one type
/// parameter instead of four. Implement it on an uninhabited marker type:
///
/// ```
/// # use metanode_ibft_core::Types;
/// #[derive(Clone, Debug, PartialEq, Eq)]
/// enum MyTypes {}
/// impl Types for MyTypes {
///     type Hash = [u8; 32];
///     type Number = u32;
///     type ValidatorId = [u8; 32];
///     type Signature = [u8; 64];
/// }
/// ```
///
/// The supertraits are only there so that `#[derive]`d impls on the message types apply.
pub trait Types: Clone + Debug + PartialEq + Eq + 'static {
	/// A block hash.
	type Hash: Clone + Debug + Eq + Ord + Encode + Decode;
	/// A block number.
	type Number: Copy + Debug + Eq + Ord + Encode + Decode;
	/// A validator's public identity (its IBFT session key).
	type ValidatorId: Clone + Debug + Eq + Ord + Encode + Decode;
	/// A signature by a validator.
	type Signature: Clone + Debug + Eq + Encode + Decode;
}

/// A block by hash and number.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking)]
#[cfg_attr(feature = "scale-info", derive(scale_info::TypeInfo))]
#[cfg_attr(feature = "scale-info", scale_info(skip_type_params(T)))]
pub struct BlockRef<T: Types> {
	/// The block hash.
	pub hash: T::Hash,
	/// The block number.
	pub number: T::Number,
}

impl<T: Types> BlockRef<T> {
	/// A block reference.
	pub fn new(hash: T::Hash, number: T::Number) -> Self {
		Self { hash, number }
	}
}

/// Why a list of validators is not a valid set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValidatorSetError {
	/// No validators: nothing could ever be decided.
	Empty,
	/// A validator appears twice; it would count twice towards a quorum.
	Duplicate,
}

/// The validators of one height, sorted, with their set id.
///
/// Sorting makes the proposer order ([`ValidatorSet::proposer`]) independent of the order in
/// which the runtime happens to list the authorities, so every honest node agrees on it.
#[derive(Clone, Debug, PartialEq, Eq, Encode)]
pub struct ValidatorSet<V> {
	set_id: SetId,
	validators: Vec<V>,
}

impl<V: Ord + Clone> ValidatorSet<V> {
	/// A set from any list of distinct validators (it is sorted here).
	pub fn new(set_id: SetId, mut validators: Vec<V>) -> Result<Self, ValidatorSetError> {
		if validators.is_empty() {
			return Err(ValidatorSetError::Empty);
		}
		validators.sort();
		if validators.windows(2).any(|w| w[0] == w[1]) {
			return Err(ValidatorSetError::Duplicate);
		}
		Ok(Self { set_id, validators })
	}

	/// The set id.
	pub fn set_id(&self) -> SetId {
		self.set_id
	}

	/// The validators, sorted.
	pub fn validators(&self) -> &[V] {
		&self.validators
	}

	/// The number of validators `n`.
	pub fn len(&self) -> usize {
		self.validators.len()
	}

	/// Always false: a set is never empty (kept for clippy's `len_without_is_empty`).
	pub fn is_empty(&self) -> bool {
		self.validators.is_empty()
	}

	/// Whether `who` is in the set.
	pub fn contains(&self, who: &V) -> bool {
		self.validators.binary_search(who).is_ok()
	}

	/// The quorum size for this set.
	pub fn quorum(&self) -> usize {
		quorum(self.len())
	}

	/// The number of faulty validators this set tolerates.
	pub fn max_faulty(&self) -> usize {
		max_faulty(self.len())
	}

	/// The proposer of `(height, round)`: `sorted_validators[(height + round) mod n]`.
	///
	/// Offsetting by the height rotates the round-0 proposer from one height to the next, and
	/// offsetting by the round moves on to the next validator after a failed round.
	pub fn proposer(&self, height: Height, round: Round) -> &V {
		let n = self.validators.len() as u128;
		let index = (u128::from(height) + u128::from(round)) % n;
		&self.validators[index as usize]
	}
}

impl<V: Ord + Clone + Decode> Decode for ValidatorSet<V> {
	/// Decoding re-checks the invariants (sorted, distinct, non-empty) instead of trusting the
	/// bytes.
	fn decode<I: Input>(input: &mut I) -> Result<Self, CodecError> {
		let set_id = SetId::decode(input)?;
		let validators = Vec::<V>::decode(input)?;
		Self::new(set_id, validators).map_err(|_| "invalid validator set".into())
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use alloc::vec;

	#[test]
	fn set_is_sorted_and_checked() {
		let s = ValidatorSet::new(7, vec![3u32, 1, 2]).unwrap();
		assert_eq!(s.validators(), &[1, 2, 3]);
		assert_eq!(s.set_id(), 7);
		assert!(s.contains(&2) && !s.contains(&4));
		assert_eq!(ValidatorSet::<u32>::new(0, vec![]), Err(ValidatorSetError::Empty));
		assert_eq!(ValidatorSet::new(0, vec![1u32, 2, 1]), Err(ValidatorSetError::Duplicate));
		let bytes = s.encode();
		assert_eq!(ValidatorSet::<u32>::decode(&mut &bytes[..]).unwrap(), s);
		let bad = (1u64, vec![1u32, 1]).encode();
		assert!(ValidatorSet::<u32>::decode(&mut &bad[..]).is_err());
	}

	#[test]
	fn proposer_is_round_robin_over_sorted_set() {
		let s = ValidatorSet::new(0, vec![40u32, 10, 30, 20]).unwrap();
		// (h + r) mod 4 indexes the sorted list [10, 20, 30, 40].
		assert_eq!(*s.proposer(0, 0), 10);
		assert_eq!(*s.proposer(1, 0), 20);
		assert_eq!(*s.proposer(1, 1), 30);
		assert_eq!(*s.proposer(1, 2), 40);
		assert_eq!(*s.proposer(1, 3), 10);
		assert_eq!(*s.proposer(5, 0), 20);
		// Same answer whatever the input order.
		let t = ValidatorSet::new(0, vec![10u32, 20, 30, 40]).unwrap();
		for h in 0..10 {
			for r in 0..10 {
				assert_eq!(s.proposer(h, r), t.proposer(h, r));
			}
		}
		// No overflow at the extremes: (2^64 - 1 + 2^32 - 1) mod 4.
		let expected = ((u128::from(u64::MAX) + u128::from(u32::MAX)) % 4) as usize;
		assert_eq!(*s.proposer(u64::MAX, u32::MAX), s.validators()[expected]);
		// Every validator gets a turn within n consecutive rounds of any height.
		for n in 1..=30u32 {
			let set = ValidatorSet::new(0, (0..n).collect()).unwrap();
			for h in [0u64, 1, 17, 1_000_003] {
				let mut seen: Vec<u32> = (0..n).map(|r| *set.proposer(h, r)).collect();
				seen.sort();
				assert_eq!(seen, (0..n).collect::<Vec<_>>());
			}
		}
	}
}
