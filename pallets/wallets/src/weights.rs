//! Weights for `pallet_wallets`
//!
//! HAND ESTIMATES, not measured: the storage reads and writes are counted from the code and
//! the times are guesses in line with similar FRAME calls. Replace this file with the output
//! of `scripts/benchmark-weights.sh` (`--pallet pallet_wallets`) once the pallet is in the
//! runtime; the benchmarks in `benchmarking.rs` cover every call.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]
#![allow(dead_code)]

use frame_support::{traits::Get, weights::{Weight, constants::ParityDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_wallets`.
pub trait WeightInfo {
	fn register() -> Weight;
	fn update() -> Weight;
	fn close() -> Weight;
	fn add_stamper() -> Weight;
	fn remove_stamper() -> Weight;
	fn stamp() -> Weight;
	fn revoke_stamp() -> Weight;
	fn add_compliance_authority() -> Weight;
	fn remove_compliance_authority() -> Weight;
	fn freeze() -> Weight;
	fn thaw() -> Weight;
	fn set_spending_limit() -> Weight;
	fn check_movements(n: u32, ) -> Weight;
	fn count_spending(n: u32, ) -> Weight;
}

/// Weights for `pallet_wallets` (hand estimates, see above), with the runtime's database
/// weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Wallets::Wallets` (r:1 w:1)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Storage: `System::Account` (r:1 w:1)
	fn register() -> Weight {
		Weight::from_parts(40_000_000, 4000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `Wallets::Wallets` (r:1 w:1)
	fn update() -> Weight {
		Weight::from_parts(18_000_000, 3600)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Wallets::Wallets` (r:1 w:1)
	/// Storage: `Wallets::Frozen` (r:1 w:0)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Storage: `Wallets::Stamps` (r:0 w:2)
	/// Storage: `Wallets::SpendingLimits` (r:0 w:4)
	/// Storage: `Wallets::SpendWindows` (r:0 w:4)
	fn close() -> Weight {
		Weight::from_parts(55_000_000, 4000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(12_u64))
	}
	/// Storage: `Wallets::Stampers` (r:1 w:1)
	fn add_stamper() -> Weight {
		Weight::from_parts(12_000_000, 3500)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Wallets::Stampers` (r:1 w:1)
	fn remove_stamper() -> Weight {
		Weight::from_parts(12_000_000, 3500)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Wallets::Stampers` (r:1 w:0)
	/// Storage: `Wallets::Wallets` (r:1 w:0)
	/// Storage: `Wallets::Stamps` (r:1 w:1)
	fn stamp() -> Weight {
		Weight::from_parts(25_000_000, 3600)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Wallets::Stampers` (r:1 w:0)
	/// Storage: `Wallets::Stamps` (r:1 w:1)
	fn revoke_stamp() -> Weight {
		Weight::from_parts(20_000_000, 3600)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Wallets::ComplianceAuthorities` (r:1 w:1)
	fn add_compliance_authority() -> Weight {
		Weight::from_parts(12_000_000, 3500)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Wallets::ComplianceAuthorities` (r:1 w:1)
	fn remove_compliance_authority() -> Weight {
		Weight::from_parts(12_000_000, 3500)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Wallets::ComplianceAuthorities` (r:1 w:0)
	/// Storage: `Wallets::Wallets` (r:1 w:0)
	/// Storage: `Wallets::Frozen` (r:1 w:1)
	/// Storage: `Balances::Freezes` (r:1 w:1)
	/// Storage: `Balances::Locks` (r:1 w:0)
	/// Storage: `System::Account` (r:1 w:1)
	/// Storage: `Wallets::FrozenCount` (r:1 w:1)
	fn freeze() -> Weight {
		Weight::from_parts(45_000_000, 4000)
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `Wallets::ComplianceAuthorities` (r:1 w:0)
	/// Storage: `Wallets::Frozen` (r:1 w:1)
	/// Storage: `Balances::Freezes` (r:1 w:1)
	/// Storage: `Balances::Locks` (r:1 w:0)
	/// Storage: `System::Account` (r:1 w:1)
	/// Storage: `Wallets::FrozenCount` (r:1 w:1)
	fn thaw() -> Weight {
		Weight::from_parts(40_000_000, 4000)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `Wallets::Wallets` (r:1 w:0)
	/// Storage: `Wallets::SpendingLimits` (r:0 w:1)
	/// Storage: `Wallets::SpendWindows` (r:0 w:1)
	fn set_spending_limit() -> Weight {
		Weight::from_parts(15_000_000, 3600)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	fn check_movements(n: u32, ) -> Weight {
		Weight::from_parts(10_000_000, 3600)
			.saturating_add(T::DbWeight::get().reads((6_u64).saturating_mul(n.into())))
	}
	fn count_spending(n: u32, ) -> Weight {
		Weight::from_parts(10_000_000, 3600)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(n.into())))
	}
}

// For tests: the same figures with ParityDB's database weights.
impl WeightInfo for () {
	fn register() -> Weight {
		Weight::from_parts(40_000_000, 4000)
			.saturating_add(ParityDbWeight::get().reads(3_u64))
			.saturating_add(ParityDbWeight::get().writes(3_u64))
	}
	fn update() -> Weight {
		Weight::from_parts(18_000_000, 3600)
			.saturating_add(ParityDbWeight::get().reads(1_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn close() -> Weight {
		Weight::from_parts(55_000_000, 4000)
			.saturating_add(ParityDbWeight::get().reads(3_u64))
			.saturating_add(ParityDbWeight::get().writes(12_u64))
	}
	fn add_stamper() -> Weight {
		Weight::from_parts(12_000_000, 3500)
			.saturating_add(ParityDbWeight::get().reads(1_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn remove_stamper() -> Weight {
		Weight::from_parts(12_000_000, 3500)
			.saturating_add(ParityDbWeight::get().reads(1_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn stamp() -> Weight {
		Weight::from_parts(25_000_000, 3600)
			.saturating_add(ParityDbWeight::get().reads(3_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn revoke_stamp() -> Weight {
		Weight::from_parts(20_000_000, 3600)
			.saturating_add(ParityDbWeight::get().reads(2_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn add_compliance_authority() -> Weight {
		Weight::from_parts(12_000_000, 3500)
			.saturating_add(ParityDbWeight::get().reads(1_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn remove_compliance_authority() -> Weight {
		Weight::from_parts(12_000_000, 3500)
			.saturating_add(ParityDbWeight::get().reads(1_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn freeze() -> Weight {
		Weight::from_parts(45_000_000, 4000)
			.saturating_add(ParityDbWeight::get().reads(7_u64))
			.saturating_add(ParityDbWeight::get().writes(4_u64))
	}
	fn thaw() -> Weight {
		Weight::from_parts(40_000_000, 4000)
			.saturating_add(ParityDbWeight::get().reads(6_u64))
			.saturating_add(ParityDbWeight::get().writes(4_u64))
	}
	fn set_spending_limit() -> Weight {
		Weight::from_parts(15_000_000, 3600)
			.saturating_add(ParityDbWeight::get().reads(1_u64))
			.saturating_add(ParityDbWeight::get().writes(2_u64))
	}
	fn check_movements(n: u32, ) -> Weight {
		Weight::from_parts(10_000_000, 3600)
			.saturating_add(ParityDbWeight::get().reads((6_u64).saturating_mul(n.into())))
	}
	fn count_spending(n: u32, ) -> Weight {
		Weight::from_parts(10_000_000, 3600)
			.saturating_add(ParityDbWeight::get().reads(2_u64))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(n.into())))
			.saturating_add(ParityDbWeight::get().writes((1_u64).saturating_mul(n.into())))
	}
}
