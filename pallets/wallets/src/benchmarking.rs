//! Benchmarks of `pallet-wallets`: every call in its worst case (longest label and reason,
//! every stamp and every limit present where the call removes them).

use super::*;
use crate::Pallet as Wallets;
use alloc::vec;
use frame_benchmarking::v2::*;
use frame_support::traits::{
	fungible::{Inspect, Unbalanced},
	tokens::Precision,
	EnsureOrigin, Get,
};
use frame_system::RawOrigin;
use sp_runtime::traits::{Bounded, Saturating};

/// An account with GEN for ten deposits.
fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	let amount = T::WalletDeposit::get()
		.saturating_mul(10u32.into())
		.saturating_add(T::Currency::minimum_balance());
	T::Currency::increase_balance(&who, amount, Precision::Exact)
		.expect("the benchmark account can be funded");
	who
}

fn max_label<T: Config>() -> Vec<u8> {
	vec![b'l'; T::MaxLabelLen::get() as usize]
}

fn max_reason<T: Config>() -> Vec<u8> {
	vec![b'r'; T::MaxReasonLen::get() as usize]
}

/// A funded, registered wallet.
fn wallet<T: Config>(index: u32) -> Result<T::AccountId, BenchmarkError> {
	let who = funded::<T>("wallet", index);
	Wallets::<T>::register(
		RawOrigin::Signed(who.clone()).into(),
		WalletKind::Personal,
		max_label::<T>(),
	)
	.map_err(|_| BenchmarkError::Stop("cannot register the benchmark wallet"))?;
	Ok(who)
}

fn stamper<T: Config>() -> T::AccountId {
	let who: T::AccountId = account("stamper", 0, 0);
	Stampers::<T>::insert(&who, ());
	who
}

fn authority<T: Config>() -> T::AccountId {
	let who: T::AccountId = account("authority", 0, 0);
	ComplianceAuthorities::<T>::insert(&who, ());
	who
}

fn admin<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register() {
		let who = funded::<T>("wallet", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), WalletKind::Business, max_label::<T>());
		assert!(Wallets::<T>::is_wallet(&who));
	}

	#[benchmark]
	fn update() -> Result<(), BenchmarkError> {
		let who = wallet::<T>(0)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), Some(WalletKind::Bank), Some(max_label::<T>()));
		assert_eq!(pallet::Wallets::<T>::get(&who).map(|w| w.kind), Some(WalletKind::Bank));
		Ok(())
	}

	#[benchmark]
	fn close() -> Result<(), BenchmarkError> {
		let who = wallet::<T>(0)?;
		let stamper = stamper::<T>();
		for kind in Stamp::ALL {
			Stamps::<T>::insert(
				&who,
				kind,
				StampRecord { stamper: stamper.clone(), evidence: H256::zero(), at: 0u32.into() },
			);
		}
		for token in Token::ALL {
			SpendingLimits::<T>::insert(&who, token, BalanceOf::<T>::max_value());
			Wallets::<T>::note_transfer(&who, token, 1u32.into());
		}
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));
		assert!(!Wallets::<T>::is_wallet(&who));
		Ok(())
	}

	#[benchmark]
	fn add_stamper() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		let who: T::AccountId = account("stamper", 0, 0);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());
		assert!(Stampers::<T>::contains_key(&who));
		Ok(())
	}

	#[benchmark]
	fn remove_stamper() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		let who = stamper::<T>();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());
		assert!(!Stampers::<T>::contains_key(&who));
		Ok(())
	}

	#[benchmark]
	fn stamp() -> Result<(), BenchmarkError> {
		let who = wallet::<T>(0)?;
		let stamper = stamper::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(stamper), who.clone(), Stamp::BankStamped, H256::repeat_byte(1));
		assert!(Wallets::<T>::is_bank_stamped(&who));
		Ok(())
	}

	#[benchmark]
	fn revoke_stamp() -> Result<(), BenchmarkError> {
		let who = wallet::<T>(0)?;
		let stamper = stamper::<T>();
		Stamps::<T>::insert(
			&who,
			Stamp::BankStamped,
			StampRecord { stamper: stamper.clone(), evidence: H256::zero(), at: 0u32.into() },
		);
		#[extrinsic_call]
		_(RawOrigin::Signed(stamper), who.clone(), Stamp::BankStamped);
		assert!(!Wallets::<T>::is_bank_stamped(&who));
		Ok(())
	}

	#[benchmark]
	fn add_compliance_authority() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		let who: T::AccountId = account("authority", 0, 0);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());
		assert!(ComplianceAuthorities::<T>::contains_key(&who));
		Ok(())
	}

	#[benchmark]
	fn remove_compliance_authority() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		let who = authority::<T>();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());
		assert!(!ComplianceAuthorities::<T>::contains_key(&who));
		Ok(())
	}

	#[benchmark]
	fn freeze() -> Result<(), BenchmarkError> {
		let who = wallet::<T>(0)?;
		let authority = authority::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(authority), who.clone(), max_reason::<T>());
		assert!(Wallets::<T>::is_frozen(&who));
		Ok(())
	}

	#[benchmark]
	fn thaw() -> Result<(), BenchmarkError> {
		let who = wallet::<T>(0)?;
		let authority = authority::<T>();
		Wallets::<T>::freeze(
			RawOrigin::Signed(authority.clone()).into(),
			who.clone(),
			max_reason::<T>(),
		)
		.map_err(|_| BenchmarkError::Stop("cannot freeze the benchmark wallet"))?;
		#[extrinsic_call]
		_(RawOrigin::Signed(authority), who.clone(), max_reason::<T>());
		assert!(!Wallets::<T>::is_frozen(&who));
		Ok(())
	}

	#[benchmark]
	fn set_spending_limit() -> Result<(), BenchmarkError> {
		let who = wallet::<T>(0)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), Token::Gen, Some(1_000u32.into()));
		assert_eq!(Wallets::<T>::remaining_allowance(&who, Token::Gen), Some(1_000u32.into()));
		Ok(())
	}

	/// Checking `n` AUR movements, each from and to a different bank-stamped wallet with a
	/// limit on AUR: every read the rules make (freeze, both stamps, limit, spend window).
	#[benchmark]
	fn check_movements(n: Linear<1, 64>) -> Result<(), BenchmarkError> {
		let stamper = stamper::<T>();
		let mut movements = Vec::new();
		for i in 0..n {
			let from = wallet::<T>(2 * i)?;
			let to = wallet::<T>(2 * i + 1)?;
			for who in [&from, &to] {
				Stamps::<T>::insert(
					who,
					Stamp::BankStamped,
					StampRecord {
						stamper: stamper.clone(),
						evidence: H256::zero(),
						at: 0u32.into(),
					},
				);
			}
			SpendingLimits::<T>::insert(&from, Token::Aur, BalanceOf::<T>::max_value());
			Wallets::<T>::note_transfer(&from, Token::Aur, 1u32.into());
			movements.push(Movement {
				from: Some(from),
				to: Some(to),
				token: Token::Aur,
				amount: 1u32.into(),
			});
		}
		let result;
		#[block]
		{
			result = Wallets::<T>::check_movements(&movements);
		}
		assert_eq!(result.map(|limited| limited.len() as u32), Ok(n));
		Ok(())
	}

	/// Counting what `n` limited wallets sent, after dispatch: the events of the transaction
	/// are read and each wallet's spend window is updated.
	#[benchmark]
	fn count_spending(n: Linear<1, 64>) -> Result<(), BenchmarkError> {
		let mut senders = Vec::new();
		for i in 0..n {
			let who = wallet::<T>(i)?;
			SpendingLimits::<T>::insert(&who, Token::Gen, BalanceOf::<T>::max_value());
			Wallets::<T>::note_transfer(&who, Token::Gen, 1u32.into());
			senders.push((who, Token::Gen));
		}
		let mark = extension::EventsMark::now::<T>();
		for (who, token) in &senders {
			Wallets::<T>::deposit_event(Event::SpendingLimitSet {
				who: who.clone(),
				token: *token,
				limit: None,
			});
		}
		#[block]
		{
			for _record in mark.events_since::<T>() {}
			for (who, token) in &senders {
				Wallets::<T>::note_transfer(who, *token, 1u32.into());
			}
		}
		assert_eq!(Wallets::<T>::spent_this_period(&senders[0].0, Token::Gen), 2u32.into());
		Ok(())
	}

	impl_benchmark_test_suite!(Wallets, crate::mock::new_test_ext(), crate::mock::Test);
}
