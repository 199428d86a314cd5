//! Pricing of usage records and the split of a fee: pure functions, no storage.
//!
//! Rounding:
//! - per-KiB prices (bandwidth, storage) are rounded **up** to the smallest unit:
//!   `fee = ceil(bytes * price_per_kib / 1024)`, so a single byte is never free;
//! - the job-value fee is rounded **up**: `job_fee = ceil(job_value_fee * job_value)`, and a
//!   record's fee is its schedule price plus its job-value fee;
//! - the burn and each share of the split are rounded **down** (`Perbill::mul_floor`), and
//!   the treasury receives the rest, so the parts always add up to the fee exactly.

use crate::types::{Balance, FeeBreakdown, FeeSchedule, FeeSplit, Service, Token, UsageRecord};
use sp_runtime::{helpers_128bit::multiply_by_rational_with_rounding, Perbill, Rounding};

/// Bytes in a KiB.
pub const BYTES_PER_KIB: u128 = 1_024;

/// The largest quantity of each field one record may carry.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct RecordBounds {
	/// Largest `compute_units`.
	pub max_compute_units: u64,
	/// Largest `storage_bytes`.
	pub max_storage_bytes: u64,
	/// Largest `bandwidth_bytes`.
	pub max_bandwidth_bytes: u64,
	/// Largest `execution_time_ms`.
	pub max_execution_time_ms: u64,
	/// Largest `job_value`.
	pub max_job_value: Balance,
}

/// Why a record cannot be priced.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum RecordError {
	/// `compute_units` is above its bound.
	ComputeUnitsOutOfBounds,
	/// `storage_bytes` is above its bound.
	StorageBytesOutOfBounds,
	/// `bandwidth_bytes` is above its bound.
	BandwidthBytesOutOfBounds,
	/// `execution_time_ms` is above its bound.
	ExecutionTimeOutOfBounds,
	/// `job_value` is above its bound.
	JobValueOutOfBounds,
	/// `job_value` is given but zero.
	ZeroJobValue,
	/// A quantity the service does not price is not zero.
	UnexpectedQuantity,
	/// The quantity the service prices is zero.
	ZeroQuantity,
	/// The fee does not fit in a balance.
	FeeOverflow,
}

/// Checks a record's fields: each within its bound, only the service's quantity set.
pub fn validate<AccountId>(
	record: &UsageRecord<AccountId>,
	bounds: &RecordBounds,
) -> Result<(), RecordError> {
	if record.compute_units > bounds.max_compute_units {
		return Err(RecordError::ComputeUnitsOutOfBounds);
	}
	if record.storage_bytes > bounds.max_storage_bytes {
		return Err(RecordError::StorageBytesOutOfBounds);
	}
	if record.bandwidth_bytes > bounds.max_bandwidth_bytes {
		return Err(RecordError::BandwidthBytesOutOfBounds);
	}
	if record.execution_time_ms > bounds.max_execution_time_ms {
		return Err(RecordError::ExecutionTimeOutOfBounds);
	}
	match record.job_value {
		Some(0) => return Err(RecordError::ZeroJobValue),
		Some(value) if value > bounds.max_job_value => {
			return Err(RecordError::JobValueOutOfBounds)
		},
		_ => {},
	}
	// `(priced quantity, sum of the others)`.
	let (priced, others) = match record.service {
		Service::Transaction | Service::CrossBorder => {
			(None, record.compute_units | record.storage_bytes | record.bandwidth_bytes)
		},
		Service::Compute => {
			(Some(record.compute_units), record.storage_bytes | record.bandwidth_bytes)
		},
		Service::Storage => {
			(Some(record.storage_bytes), record.compute_units | record.bandwidth_bytes)
		},
		Service::Bandwidth => {
			(Some(record.bandwidth_bytes), record.compute_units | record.storage_bytes)
		},
	};
	if others != 0 {
		return Err(RecordError::UnexpectedQuantity);
	}
	if priced == Some(0) {
		return Err(RecordError::ZeroQuantity);
	}
	Ok(())
}

/// `ceil(bytes * price_per_kib / 1024)`, computed without intermediate overflow.
pub fn per_kib(bytes: u64, price_per_kib: Balance) -> Result<Balance, RecordError> {
	multiply_by_rational_with_rounding(bytes.into(), price_per_kib, BYTES_PER_KIB, Rounding::Up)
		.ok_or(RecordError::FeeOverflow)
}

/// The price of a record.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Price {
	/// The token it is billed in.
	pub token: Token,
	/// The whole fee: `base_fee + job_fee`.
	pub fee: Balance,
	/// The schedule's price of the service.
	pub base_fee: Balance,
	/// The job-value fee, `ceil(job_value_fee * job_value)` (0 without a job value).
	pub job_fee: Balance,
}

/// The job-value fee of `job_value` at `rate`, rounded up.
pub fn job_fee(rate: Perbill, job_value: Option<Balance>) -> Balance {
	job_value.map_or(0, |value| rate.mul_ceil(value))
}

/// The token and fee of a (validated) record under `schedule`.
pub fn price<AccountId>(
	schedule: &FeeSchedule,
	record: &UsageRecord<AccountId>,
) -> Result<Price, RecordError> {
	let base_fee = match record.service {
		Service::Transaction => schedule.transaction,
		Service::CrossBorder => schedule.cross_border,
		Service::Compute => schedule
			.compute_unit
			.checked_mul(record.compute_units.into())
			.ok_or(RecordError::FeeOverflow)?,
		Service::Bandwidth => per_kib(record.bandwidth_bytes, schedule.bandwidth_per_kib)?,
		Service::Storage => per_kib(record.storage_bytes, schedule.storage_per_kib)?,
	};
	let job_fee = job_fee(schedule.job_value_fee, record.job_value);
	let fee = base_fee.checked_add(job_fee).ok_or(RecordError::FeeOverflow)?;
	Ok(Price { token: record.service.token(), fee, base_fee, job_fee })
}

/// Splits `fee` of `token`: for FLX `burn` of it is burned first (rounded down); the rest is
/// shared by `split`, each share rounded down, the treasury taking what remains.
pub fn split(token: Token, fee: Balance, burn: Perbill, split: &FeeSplit) -> FeeBreakdown {
	let burned = if token == Token::Flx { burn.mul_floor(fee) } else { 0 };
	let rest = fee - burned;
	let miner_reserve = split.miner_reserve.mul_floor(rest);
	let miners = split.miners.mul_floor(rest);
	let provider = split.provider.mul_floor(rest);
	// The three floors are each at most their part of `rest`, and the parts sum to at most
	// 100%, so this never underflows; saturate anyway.
	let treasury =
		rest.saturating_sub(miner_reserve).saturating_sub(miners).saturating_sub(provider);
	FeeBreakdown { burned, miner_reserve, miners, provider, treasury, deferred: 0 }
}
