//! Fault tolerance and quorum sizes.
//!
//! With `n` validators IBFT tolerates `f = (n - 1) / 3` faulty ones and needs a quorum of
//! `ceil(2n / 3)` matching messages. The two numbers are tied by the two facts the protocol
//! relies on:
//!
//! * safety: two quorums share at least `f + 1` validators, so at least one honest one
//!   (`2 * quorum(n) - n >= f + 1`);
//! * liveness: the honest validators alone form a quorum (`quorum(n) <= n - f`).
//!
//! Both are checked for every `n` in the tests below.

/// The number of faulty validators a set of `n` tolerates: `(n - 1) / 3` (0 for `n <= 3`).
pub const fn max_faulty(n: usize) -> usize {
	n.saturating_sub(1) / 3
}

/// The quorum size for `n` validators: `ceil(2n / 3)`, computed as `(2n - 1) / 3 + 1`.
///
/// `quorum(0)` is 1 rather than 0, so that an empty set can never be satisfied by an empty
/// list of signatures.
pub const fn quorum(n: usize) -> usize {
	if n == 0 {
		1
	} else {
		(2 * n - 1) / 3 + 1
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn known_values() {
		// n:            1  2  3  4  5  6  7  8  9 10 11 12 13
		let quorums = [1, 2, 2, 3, 4, 4, 5, 6, 6, 7, 8, 8, 9];
		let faulty = [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4];
		for n in 1..=13 {
			assert_eq!(quorum(n), quorums[n - 1], "quorum({n})");
			assert_eq!(max_faulty(n), faulty[n - 1], "max_faulty({n})");
		}
		assert_eq!(quorum(30), 20);
		assert_eq!(max_faulty(30), 9);
		assert_eq!(quorum(0), 1);
		assert_eq!(max_faulty(0), 0);
	}

	#[test]
	fn quorum_is_ceil_two_thirds_and_safe_and_live_for_1_to_30() {
		for n in 1..=30usize {
			let q = quorum(n);
			let f = max_faulty(n);
			// ceil(2n/3) without floating point: the smallest q with 3q >= 2n.
			assert!(3 * q >= 2 * n && 3 * (q - 1) < 2 * n, "n = {n}: {q} is not ceil(2n/3)");
			assert_eq!(q, (2 * n).div_ceil(3), "n = {n}");
			// f is the largest f with 3f + 1 <= n.
			assert!(3 * f < n && 3 * (f + 1) >= n, "n = {n}: f = {f}");
			// Two quorums intersect in at least one honest validator.
			assert!(2 * q > n + f, "n = {n}: quorums may not intersect in an honest node");
			// The honest validators alone reach a quorum.
			assert!(q <= n - f, "n = {n}: honest validators cannot reach quorum");
			// f + 1 (the round-skip threshold) never exceeds a quorum.
			assert!(f < q, "n = {n}");
		}
	}
}
