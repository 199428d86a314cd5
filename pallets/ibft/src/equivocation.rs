//! Equivocation reports: checking a proof, recording it, and authorizing the report
//! transaction.
//!
//! The same check ([`Pallet::check_equivocation`]) runs when the transaction is authorized
//! (before it enters the pool, and again when it is applied in a block) and when the call is
//! dispatched. So a bad proof never reaches a block, and the call reports each failure as a
//! named [`Error`].

use crate::{
	AuthorityId, AuthoritySets, Call, Config, CurrentSetId, Error, Event, Height, Pallet, Reports,
	Round, SetId, WeightInfo,
};
use alloc::boxed::Box;
use frame_support::{
	pallet_prelude::{TransactionSource, TransactionValidityWithRefund, Weight},
	traits::Get,
};
use metanode_ibft_core::{verify_equivocation, EquivocationError};
use metanode_ibft_primitives::{
	EquivocationProof, IbftCrypto, ValidatorSet, RUNTIME_LOG_TARGET as LOG_TARGET,
};
use sp_runtime::{
	transaction_validity::{
		InvalidTransaction, TransactionPriority, TransactionValidityError, ValidTransaction,
	},
	DispatchError, ModuleError,
};

/// A proven equivocation, as recorded and handed to [`Config::OnOffence`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EquivocationOffence {
	/// The authority that equivocated.
	pub offender: AuthorityId,
	/// The set it equivocated in.
	pub set_id: SetId,
	/// The height of the conflicting messages.
	pub height: Height,
	/// The round of the conflicting messages.
	pub round: Round,
	/// The size of that set (slashing schemes scale with it, as GRANDPA's does).
	pub validator_set_count: u32,
}

/// What happens to a proven equivocation besides being recorded: the seam where slashing
/// plugs in.
pub trait OnEquivocation {
	/// Called once for every accepted report, after it was recorded.
	fn on_equivocation(offence: &EquivocationOffence);

	/// An upper bound of the weight of [`OnEquivocation::on_equivocation`], added to the
	/// report call's weight.
	fn weight() -> Weight {
		Weight::zero()
	}
}

/// Records the report and emits the event, nothing else.
impl OnEquivocation for () {
	fn on_equivocation(_: &EquivocationOffence) {}
}

impl<T: Config> Pallet<T> {
	/// Checks an equivocation proof against the stored authority sets and the reports
	/// already recorded, without changing any state.
	///
	/// The cheap checks come first (the set id, then earlier reports), so a stale or repeated
	/// report is refused before any signature is verified.
	pub fn check_equivocation(proof: &EquivocationProof) -> Result<EquivocationOffence, Error<T>> {
		let (set_id, height, round) = proof.slot();
		let offender = proof.offender().clone();

		let current = CurrentSetId::<T>::get();
		let keep = SetId::from(T::ReportableSets::get().max(1));
		if set_id > current || current - set_id >= keep {
			return Err(Error::<T>::WrongSetId);
		}
		let authorities = AuthoritySets::<T>::get(set_id).ok_or(Error::<T>::WrongSetId)?;

		let reported = Reports::<T>::get(set_id, &offender);
		if reported.contains(&(height, round)) {
			return Err(Error::<T>::DuplicateReport);
		}
		if reported.is_full() {
			return Err(Error::<T>::TooManyReports);
		}

		// Stored sets are sorted and distinct, so this only fails for a set that was never
		// initialized, where nobody is an authority.
		let set = ValidatorSet::new(set_id, authorities.into_inner())
			.map_err(|_| Error::<T>::NotAnAuthority)?;
		verify_equivocation(&set, proof, &IbftCrypto).map_err(Error::<T>::from)?;

		Ok(EquivocationOffence {
			offender,
			set_id,
			height,
			round,
			validator_set_count: u32::try_from(set.len()).unwrap_or(u32::MAX),
		})
	}

	/// Records a checked equivocation, emits [`Event::EquivocationReported`] and calls
	/// [`Config::OnOffence`].
	pub(crate) fn record_equivocation(offence: EquivocationOffence) -> Result<(), Error<T>> {
		Reports::<T>::try_mutate(offence.set_id, &offence.offender, |slots| {
			slots.try_push((offence.height, offence.round)).map_err(|_| Error::<T>::TooManyReports)
		})?;
		log::info!(
			target: LOG_TARGET,
			"equivocation of {:?} at set {}, height {}, round {} reported",
			offence.offender,
			offence.set_id,
			offence.height,
			offence.round,
		);
		Self::deposit_event(Event::EquivocationReported {
			offender: offence.offender.clone(),
			set_id: offence.set_id,
			height: offence.height,
			round: offence.round,
		});
		T::OnOffence::on_equivocation(&offence);
		Ok(())
	}

	/// The authorization of [`Call::report_equivocation_unsigned`], run by
	/// `frame_system::AuthorizeCall` in the pool and in blocks.
	///
	/// Only local submissions (and transactions already in a block) are accepted, as for
	/// GRANDPA's unsigned reports: the report pays no fee, so it must not be a way for
	/// anyone on the network to make validators verify signatures for free. One report per
	/// offender and slot can be in the pool (`provides`), with the highest priority.
	pub(crate) fn authorize_report(
		source: TransactionSource,
		proof: &EquivocationProof,
	) -> TransactionValidityWithRefund {
		match source {
			TransactionSource::Local | TransactionSource::InBlock => {},
			TransactionSource::External => {
				log::warn!(
					target: LOG_TARGET,
					"rejecting an equivocation report that is neither local nor in a block",
				);
				return Err(InvalidTransaction::Call.into());
			},
		}

		let offence = Self::check_equivocation(proof).map_err(Self::invalid_transaction)?;

		let validity: ValidTransaction = ValidTransaction::with_tag_prefix("IbftEquivocation")
			.priority(TransactionPriority::MAX)
			.and_provides((offence.offender, offence.set_id, offence.height, offence.round))
			.propagate(false)
			.into();
		// The declared weight assumes the largest set; give back what a smaller one saves.
		let refund =
			T::WeightInfo::authorize_report_equivocation_unsigned(T::MaxAuthorities::get())
				.saturating_sub(T::WeightInfo::authorize_report_equivocation_unsigned(
					offence.validator_set_count,
				));
		Ok((validity, refund))
	}

	/// How a refused report looks to the transaction pool: already reported is `Stale`, a
	/// bad signature is `BadProof`, and every other error is `Custom` with the error's index
	/// in [`Error`].
	fn invalid_transaction(error: Error<T>) -> TransactionValidityError {
		let invalid = match error {
			Error::<T>::DuplicateReport | Error::<T>::TooManyReports => InvalidTransaction::Stale,
			Error::<T>::InvalidSignature => InvalidTransaction::BadProof,
			other => match DispatchError::from(other) {
				DispatchError::Module(ModuleError { error, .. }) => {
					InvalidTransaction::Custom(error[0])
				},
				_ => InvalidTransaction::Call,
			},
		};
		invalid.into()
	}

	/// Submits [`Call::report_equivocation_unsigned`] with `equivocation_proof` to the
	/// local transaction pool, as an authorized transaction. For the `IbftApi` runtime API
	/// (`submit_report_equivocation_unsigned_extrinsic`), which the node calls in an offchain
	/// context. `None` if the pool refused it.
	pub fn submit_unsigned_equivocation_report(equivocation_proof: EquivocationProof) -> Option<()>
	where
		T: frame_system::offchain::CreateAuthorizedTransaction<Call<T>>,
	{
		use frame_system::offchain::SubmitTransaction;
		let call = Call::<T>::report_equivocation_unsigned {
			equivocation_proof: Box::new(equivocation_proof),
		};
		let xt = T::create_authorized_transaction(call.into());
		match SubmitTransaction::<T, Call<T>>::submit_transaction(xt) {
			Ok(()) => {
				log::info!(target: LOG_TARGET, "submitted an equivocation report");
				Some(())
			},
			Err(()) => {
				log::error!(target: LOG_TARGET, "could not submit an equivocation report");
				None
			},
		}
	}
}

impl<T: Config> From<EquivocationError> for Error<T> {
	fn from(error: EquivocationError) -> Self {
		match error {
			EquivocationError::DifferentSigners => Error::<T>::DifferentSigners,
			EquivocationError::DifferentSlots => Error::<T>::DifferentSlots,
			EquivocationError::WrongSetId => Error::<T>::WrongSetId,
			EquivocationError::UnknownSigner => Error::<T>::NotAnAuthority,
			EquivocationError::NotConflicting => Error::<T>::NotConflicting,
			EquivocationError::BadSignature => Error::<T>::InvalidSignature,
		}
	}
}
