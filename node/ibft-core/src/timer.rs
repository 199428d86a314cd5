//! The round timer.
//!
//! Round `r` lasts `base * 2^r`, capped. Doubling lets the rounds outgrow any unknown message
//! delay (the partial-synchrony argument for liveness); the cap keeps a long outage from
//! leaving the network waiting for hours once it heals, a failure seen in Besu and Polygon
//! Edge deployments with uncapped timers.

use crate::types::Round;
use core::time::Duration;

/// How long each round lasts before a node gives up on it and asks for a round change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RoundTimer {
	/// The length of round 0.
	pub base: Duration,
	/// No round lasts longer than this.
	pub cap: Duration,
}

impl Default for RoundTimer {
	/// Base 1 s, cap 30 s (the values IBFT.md fixes as defaults).
	fn default() -> Self {
		Self { base: Duration::from_secs(1), cap: Duration::from_secs(30) }
	}
}

impl RoundTimer {
	/// A timer with the given base and cap.
	pub const fn new(base: Duration, cap: Duration) -> Self {
		Self { base, cap }
	}

	/// The timeout of `round`: `min(base * 2^round, cap)`, without overflow for any round.
	pub fn timeout(&self, round: Round) -> Duration {
		if round >= 32 {
			return self.cap;
		}
		match self.base.checked_mul(1u32 << round) {
			Some(d) if d < self.cap => d,
			_ => self.cap,
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn doubles_then_caps() {
		let t = RoundTimer::default();
		let secs: [u64; 8] = [1, 2, 4, 8, 16, 30, 30, 30];
		for (r, s) in secs.iter().enumerate() {
			assert_eq!(t.timeout(r as Round), Duration::from_secs(*s), "round {r}");
		}
		for r in [31, 32, 33, 63, 64, 1000, u32::MAX] {
			assert_eq!(t.timeout(r), Duration::from_secs(30), "round {r}");
		}
	}

	#[test]
	fn configurable_and_never_above_cap() {
		let t = RoundTimer::new(Duration::from_millis(250), Duration::from_millis(3_000));
		assert_eq!(t.timeout(0), Duration::from_millis(250));
		assert_eq!(t.timeout(3), Duration::from_millis(2_000));
		assert_eq!(t.timeout(4), Duration::from_millis(3_000));
		// A base above the cap is clamped from round 0 on.
		let t = RoundTimer::new(Duration::from_secs(60), Duration::from_secs(30));
		assert_eq!(t.timeout(0), Duration::from_secs(30));
		// A huge base must not overflow.
		let t = RoundTimer::new(Duration::MAX, Duration::from_secs(30));
		assert_eq!(t.timeout(5), Duration::from_secs(30));
		for r in 0..200 {
			let d = RoundTimer::default().timeout(r);
			assert!(d <= Duration::from_secs(30) && d >= Duration::from_secs(1));
		}
	}
}
