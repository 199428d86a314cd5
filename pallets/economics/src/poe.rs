//! The proof-of-economic-activity (PoE) index and the NEX issuance it drives: pure functions.
//!
//! ```text
//! Phi      = w_cpu * cpu_ms/1000 + w_mem * memory_mb_s/1000 + w_sto * storage_gb_day
//!          + w_egr * egress_mb/10 + w_rcp * receipts/100
//! Gamma    = Phi / (1 + Phi)
//! NEX      = min(nex_cap, K * Gamma * A)
//! ```
//! with `storage_gb_day = storage_bytes / 10^9` and `egress_mb = egress_bytes / 10^6`
//! (decimal units), see [`UsageTotals`] for how usage records feed the inputs.
//!
//! Arithmetic is `FixedU128` (18 decimals) and `Perbill`, never floats. Rounding, always
//! **down** (towards zero), so the chain never mints more than the formula gives:
//! - each term of Phi is computed in one step, `floor(w * x / d)` at 18 decimals, and the five
//!   terms are added (saturating at `FixedU128::max_value()`);
//! - `Gamma = floor(Phi / (1 + Phi))` at 18 decimals (`1 + Phi` saturates; Gamma <= 1);
//! - `Gamma * A` is rounded down at 18 decimals, then `K * (Gamma * A)` down to the smallest
//!   NEX unit, then capped.

use crate::types::{Balance, PhiWeights, PoeParams, UsageTotals};
use sp_runtime::{
	helpers_128bit::multiply_by_rational_with_rounding,
	traits::{Bounded, CheckedDiv, CheckedMul, One, Saturating, Zero},
	FixedPointNumber, FixedU128, Perbill, Rounding,
};

/// `cpu_ms` per unit of Phi's cpu input (cpu seconds).
pub const CPU_MS_PER_UNIT: u128 = 1_000;
/// `memory_mb_s` per unit of Phi's memory input.
pub const MEMORY_MB_S_PER_UNIT: u128 = 1_000;
/// Bytes per unit of Phi's storage input (one GB stored for a day).
pub const STORAGE_BYTES_PER_UNIT: u128 = 1_000_000_000;
/// Bytes per unit of Phi's egress input (ten MB).
pub const EGRESS_BYTES_PER_UNIT: u128 = 10_000_000;
/// Receipts per unit of Phi's receipts input.
pub const RECEIPTS_PER_UNIT: u128 = 100;

/// `floor(weight * value / per)` as a `FixedU128`, saturating at its maximum.
pub fn weighted_term(weight: Perbill, value: u128, per: u128) -> FixedU128 {
	// `FixedU128::from_perbill` is exact: its inner value is `parts * 10^9`.
	let weight_inner = FixedU128::from_perbill(weight).into_inner();
	multiply_by_rational_with_rounding(value, weight_inner, per, Rounding::Down)
		.map(FixedU128::from_inner)
		.unwrap_or_else(FixedU128::max_value)
}

/// Phi of `usage` under `weights`.
pub fn phi(weights: &PhiWeights, usage: &UsageTotals) -> FixedU128 {
	[
		weighted_term(weights.cpu, usage.cpu_ms, CPU_MS_PER_UNIT),
		weighted_term(weights.memory, usage.memory_mb_s, MEMORY_MB_S_PER_UNIT),
		weighted_term(weights.storage, usage.storage_bytes, STORAGE_BYTES_PER_UNIT),
		weighted_term(weights.egress, usage.egress_bytes, EGRESS_BYTES_PER_UNIT),
		weighted_term(weights.receipts, usage.receipts, RECEIPTS_PER_UNIT),
	]
	.into_iter()
	.fold(FixedU128::zero(), |acc, term| acc.saturating_add(term))
}

/// `Gamma(Phi) = Phi / (1 + Phi)`, rounded down; in `[0, 1]`.
pub fn gamma(phi: FixedU128) -> FixedU128 {
	let denominator = FixedU128::one().saturating_add(phi);
	// `denominator >= 1`, so the division cannot fail; `checked_div` rounds towards zero.
	phi.checked_div(&denominator).unwrap_or_else(FixedU128::one).min(FixedU128::one())
}

/// `min(cap, K * Gamma * A)` in the smallest NEX unit, rounded down.
pub fn nex_issuance(params: &PoeParams, gamma: FixedU128) -> Balance {
	let gamma_a = gamma.checked_mul(&params.a).unwrap_or_else(FixedU128::max_value);
	gamma_a.saturating_mul_int(params.k).min(params.nex_cap)
}

/// Phi, Gamma and the NEX issuance of `usage` under `params`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct PoeOutcome {
	/// Phi.
	pub phi: FixedU128,
	/// Gamma(Phi).
	pub gamma: FixedU128,
	/// NEX to mint, smallest units.
	pub nex: Balance,
}

/// Computes the whole PoE rule for `usage`.
pub fn evaluate(params: &PoeParams, usage: &UsageTotals) -> PoeOutcome {
	let phi = phi(&params.weights, usage);
	let gamma = gamma(phi);
	PoeOutcome { phi, gamma, nex: nex_issuance(params, gamma) }
}
