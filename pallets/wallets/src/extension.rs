//! [`CheckWalletRules`]: the transaction extension that holds every signed transaction to the
//! wallet rules, on whatever path its transfers take.
//!
//! The token pallets have no transfer hook, so the rules are checked where every signed
//! transaction passes: before dispatch, the runtime's [`TransferInspector`] lists the token
//! movements the call will make, walking into batches, proxies, multisigs, derivative and
//! recovered accounts, each with the account the tokens really leave. The whole list is
//! checked at once ([`Pallet::check_movements`]), so a batch of small transfers cannot slip
//! past a limit that each of them would meet alone. A transaction that breaks a rule is
//! invalid: it is refused by the pool and can never be in a block, so nothing moves and no
//! fee is taken. The refusal codes are [`TransferRefusal::code`].
//!
//! After dispatch, what the wallets under a spending limit really sent is counted from the
//! events the transaction deposited ([`TransferInspector::debit`]): a transfer that failed
//! inside a proxy or a batch sent nothing and counts nothing.

use crate::{Config, Pallet, Token, WeightInfo};
use alloc::vec::Vec;
use codec::{Compact, CompactLen, Decode, DecodeWithMemTracking, Encode};
use core::marker::PhantomData;
use frame_support::{
	dispatch::{DispatchInfo, PostDispatchInfo},
	pallet_prelude::{TransactionSource, Weight},
	traits::{OriginTrait, PalletInfoAccess},
	DefaultNoBound,
};
use frame_system::EventRecord;
use scale_info::TypeInfo;
use sp_runtime::{
	traits::{
		DispatchInfoOf, Dispatchable, PostDispatchInfoOf, TransactionExtension, ValidateResult,
	},
	transaction_validity::{InvalidTransaction, TransactionValidityError, ValidTransaction},
	DispatchResult,
};

/// One movement of tokens a call makes.
#[derive(Clone, Eq, PartialEq, Debug)]
pub struct Movement<AccountId, Balance> {
	/// The account the tokens leave; `None` when they are created (a mint).
	pub from: Option<AccountId>,
	/// The account they go to; `None` when they are destroyed.
	pub to: Option<AccountId>,
	/// Which token.
	pub token: Token,
	/// How much (for a "transfer all", the sender's transferable balance when checked).
	pub amount: Balance,
}

/// Knows the runtime's calls and events: which token movements a call makes and which event
/// reports tokens leaving an account. Implemented by the runtime, which knows every pallet
/// that moves tokens or dispatches nested calls.
pub trait TransferInspector<AccountId, Call, Event, Balance> {
	/// Appends to `out` the movements `call` makes when dispatched by `signer`, nested calls
	/// included, each with the account the tokens leave.
	fn movements(signer: &AccountId, call: &Call, out: &mut Vec<Movement<AccountId, Balance>>);

	/// How many movements `call` can make at most, without reading storage (for the
	/// extension's weight).
	fn count(call: &Call) -> u32;

	/// `(from, token, amount)` if `event` reports `amount` of `token` leaving `from` by a
	/// transfer.
	fn debit(event: &Event) -> Option<(AccountId, Token, Balance)>;
}

/// No movements: the extension checks nothing.
impl<AccountId, Call, Event, Balance> TransferInspector<AccountId, Call, Event, Balance> for () {
	fn movements(_: &AccountId, _: &Call, _: &mut Vec<Movement<AccountId, Balance>>) {}

	fn count(_: &Call) -> u32 {
		0
	}

	fn debit(_: &Event) -> Option<(AccountId, Token, Balance)> {
		None
	}
}

/// Why a transfer breaks the wallet rules. Each has an [`crate::Error`] of the same name and
/// a transaction-validity code ([`Self::code`]).
#[derive(Clone, Copy, Encode, Decode, Eq, PartialEq, Debug, TypeInfo)]
pub enum TransferRefusal<Balance> {
	/// The sender is a frozen wallet.
	WalletFrozen,
	/// AUR would leave an account that is not a bank-stamped wallet.
	AurSenderNotBankStamped,
	/// AUR would go to an account that is not a bank-stamped wallet.
	AurRecipientNotBankStamped,
	/// The sender's spending limit of `token` has only `remaining` left this period.
	SpendingLimitExceeded {
		/// The token.
		token: Token,
		/// What the sender can still send of it this period.
		remaining: Balance,
	},
}

/// The first transaction-validity code of the wallet rules: the codes are 100 + the
/// refusal's position in [`TransferRefusal`].
pub const REFUSAL_CODE_BASE: u8 = 100;

impl<Balance> TransferRefusal<Balance> {
	/// The `InvalidTransaction::Custom` code a transaction breaking this rule is refused with:
	/// 100 `WalletFrozen`, 101 `AurSenderNotBankStamped`, 102 `AurRecipientNotBankStamped`,
	/// 103 `SpendingLimitExceeded`.
	pub fn code(&self) -> u8 {
		REFUSAL_CODE_BASE
			+ match self {
				Self::WalletFrozen => 0,
				Self::AurSenderNotBankStamped => 1,
				Self::AurRecipientNotBankStamped => 2,
				Self::SpendingLimitExceeded { .. } => 3,
			}
	}

	/// The refusal's name, as in [`crate::Error`], for a code (`None` for other codes).
	pub fn name_of_code(code: u8) -> Option<&'static str> {
		match code.checked_sub(REFUSAL_CODE_BASE)? {
			0 => Some("WalletFrozen"),
			1 => Some("AurSenderNotBankStamped"),
			2 => Some("AurRecipientNotBankStamped"),
			3 => Some("SpendingLimitExceeded"),
			_ => None,
		}
	}
}

/// Holds every signed transaction to the wallet rules (see the [module docs](self)).
#[derive(Encode, Decode, DecodeWithMemTracking, DefaultNoBound, Clone, Eq, PartialEq, TypeInfo)]
#[scale_info(skip_type_params(T))]
pub struct CheckWalletRules<T>(PhantomData<T>);

impl<T> CheckWalletRules<T> {
	/// The extension (it carries no data).
	pub fn new() -> Self {
		Self(PhantomData)
	}
}

impl<T> core::fmt::Debug for CheckWalletRules<T> {
	fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
		write!(f, "CheckWalletRules")
	}
}

/// What [`CheckWalletRules`] carries from validation to after dispatch: the senders under a
/// spending limit, and where the event list stood before dispatch.
pub struct LimitedSpends<AccountId> {
	senders: Vec<(AccountId, Token)>,
	events_before: Option<EventsMark>,
}

impl<T> TransactionExtension<<T as frame_system::Config>::RuntimeCall> for CheckWalletRules<T>
where
	T: Config + Send + Sync,
	<T as frame_system::Config>::RuntimeCall:
		Dispatchable<Info = DispatchInfo, PostInfo = PostDispatchInfo>,
{
	const IDENTIFIER: &'static str = "CheckWalletRules";
	type Implicit = ();
	type Val = Vec<(T::AccountId, Token)>;
	type Pre = LimitedSpends<T::AccountId>;

	fn weight(&self, call: &<T as frame_system::Config>::RuntimeCall) -> Weight {
		match T::TransferInspector::count(call) {
			0 => Weight::zero(),
			n => T::WeightInfo::check_movements(n).saturating_add(T::WeightInfo::count_spending(n)),
		}
	}

	fn validate(
		&self,
		origin: <T as frame_system::Config>::RuntimeOrigin,
		call: &<T as frame_system::Config>::RuntimeCall,
		_info: &DispatchInfoOf<<T as frame_system::Config>::RuntimeCall>,
		_len: usize,
		_self_implicit: Self::Implicit,
		_inherited_implication: &impl Encode,
		_source: TransactionSource,
	) -> ValidateResult<Self::Val, <T as frame_system::Config>::RuntimeCall> {
		let Some(signer) = origin.as_signer() else {
			return Ok((ValidTransaction::default(), Vec::new(), origin));
		};
		let mut movements = Vec::new();
		T::TransferInspector::movements(signer, call, &mut movements);
		let limited = Pallet::<T>::check_movements(&movements)
			.map_err(|refusal| InvalidTransaction::Custom(refusal.code()))?;
		Ok((ValidTransaction::default(), limited, origin))
	}

	fn prepare(
		self,
		val: Self::Val,
		_origin: &<T as frame_system::Config>::RuntimeOrigin,
		_call: &<T as frame_system::Config>::RuntimeCall,
		_info: &DispatchInfoOf<<T as frame_system::Config>::RuntimeCall>,
		_len: usize,
	) -> Result<Self::Pre, TransactionValidityError> {
		let events_before = (!val.is_empty()).then(EventsMark::now::<T>);
		Ok(LimitedSpends { senders: val, events_before })
	}

	fn post_dispatch_details(
		pre: Self::Pre,
		_info: &DispatchInfoOf<<T as frame_system::Config>::RuntimeCall>,
		_post_info: &PostDispatchInfoOf<<T as frame_system::Config>::RuntimeCall>,
		_len: usize,
		_result: &DispatchResult,
	) -> Result<Weight, TransactionValidityError> {
		let Some(mark) = pre.events_before else { return Ok(Weight::zero()) };
		// A failed transaction's events are gone with its changes: whatever is left was sent.
		for record in mark.events_since::<T>() {
			if let Some((from, token, amount)) = T::TransferInspector::debit(&record.event) {
				if pre.senders.iter().any(|(who, t)| *who == from && *t == token) {
					Pallet::<T>::note_transfer(&from, token, amount);
				}
			}
		}
		Ok(Weight::zero())
	}
}

/// Where `frame_system`'s event list stood: how many events, and how many bytes they took.
///
/// The list is one storage value, a SCALE `Vec` (a compact length, then the records), that
/// grows by appending. Knowing where it stood lets [`Self::events_since`] read and decode only
/// the records appended since, instead of the whole block's events.
#[derive(Clone, Copy, Debug)]
pub struct EventsMark {
	count: u32,
	bytes: u32,
}

impl EventsMark {
	fn key<T: frame_system::Config>() -> [u8; 32] {
		frame_support::storage::storage_prefix(
			<frame_system::Pallet<T> as PalletInfoAccess>::name().as_bytes(),
			b"Events",
		)
	}

	/// The list as it stands now.
	pub fn now<T: frame_system::Config>() -> Self {
		#[allow(deprecated)]
		let count = frame_system::Pallet::<T>::event_count();
		let bytes = sp_io::storage::read(&Self::key::<T>(), &mut [], 0).unwrap_or(0);
		Self { count, bytes }
	}

	/// The records appended since the mark was taken, decoded from the bytes after the
	/// mark's. Empty if none were (or if the list does not decode as laid out above, which
	/// would only under-count spending, never refuse a transfer).
	pub fn events_since<T: frame_system::Config>(
		self,
	) -> Vec<EventRecord<T::RuntimeEvent, T::Hash>> {
		let now = Self::now::<T>();
		if now.count <= self.count {
			return Vec::new();
		}
		// The records before the mark keep their bytes; only the length prefix in front of
		// them may have grown (a compact u32 takes 1, 2, 4 or 5 bytes).
		let records_before =
			self.bytes.saturating_sub(Compact::<u32>::compact_len(&self.count) as u32);
		let offset =
			(Compact::<u32>::compact_len(&now.count) as u32).saturating_add(records_before);
		let mut bytes = alloc::vec![0u8; now.bytes.saturating_sub(offset) as usize];
		if sp_io::storage::read(&Self::key::<T>(), &mut bytes, offset).is_none() {
			return Vec::new();
		}
		let mut input = &bytes[..];
		let mut records = Vec::new();
		for _ in self.count..now.count {
			match EventRecord::decode(&mut input) {
				Ok(record) => records.push(record),
				Err(_) => break,
			}
		}
		records
	}
}
