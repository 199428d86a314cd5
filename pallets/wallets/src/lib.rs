//! # Wallets pallet
//!
//! Metanode's wallet registry and its transfer rules (see `shared/design/ECONOMICS.md`,
//! "Wallets and stamps", and `docs/wallets.md`).
//!
//! * **Registry.** An account registers itself as a wallet with a bounded label and a
//!   [`WalletKind`]. [`Config::WalletDeposit`] GEN is held from it
//!   ([`HoldReason::WalletDeposit`]) and released when it closes the wallet. It can update its
//!   kind and label at any time.
//! * **Stamps.** A set of stampers, kept by [`Config::AdminOrigin`] (root), stamps wallets
//!   [`Stamp::BankStamped`] or [`Stamp::GovernmentStamped`] with an evidence hash, and can
//!   revoke a stamp. Closing a wallet drops its stamps.
//! * **Freezes.** A set of compliance authorities, kept by [`Config::AdminOrigin`], freezes and
//!   thaws wallets with a bounded reason. A frozen wallet cannot send any of the four tokens:
//!   its GEN is frozen in full in the balances pallet ([`FreezeReason::Compliance`]), the
//!   assets pallet sees its whole NEX, FLX and AUR balance as frozen (this pallet is the
//!   assets pallet's [`pallet_assets::FrozenBalance`]), and [`Pallet::check_transfer`] refuses
//!   it. A frozen wallet cannot be closed.
//! * **Spending limits.** A wallet may set, per token, a limit on what it sends per period of
//!   [`Config::SpendingPeriod`] blocks. Periods are aligned to block numbers: period `p` is
//!   the blocks `[p * SpendingPeriod, (p + 1) * SpendingPeriod)`. A transfer beyond the limit
//!   fails with [`Error::SpendingLimitExceeded`]; [`Pallet::remaining_allowance`] tells what is
//!   left.
//! * **AUR.** AUR can be held and moved only between bank-stamped wallets:
//!   [`Pallet::check_transfer`] refuses an AUR transfer whose sender
//!   ([`Error::AurSenderNotBankStamped`]) or recipient ([`Error::AurRecipientNotBankStamped`])
//!   is not bank-stamped, and the assets pallet sees the AUR of an account that is not
//!   bank-stamped as frozen.
//!
//! ## Enforcement
//!
//! The pallet does not move tokens; the rules hold on two levels:
//!
//! * **Token level, on every path.** A frozen wallet's GEN is frozen in the balances pallet,
//!   and this pallet is the assets pallet's `Freezer`: a frozen wallet's NEX, FLX and AUR, and
//!   the AUR of any account that may not hold it ([`Pallet::can_hold_aur`]), cannot leave it,
//!   whichever call or pallet tries to move them.
//! * **Transaction level.** [`CheckWalletRules`], a transaction extension of the runtime,
//!   lists every token movement of a signed transaction, nested calls included (batch, proxy,
//!   multisig, derivative and recovered accounts) through the runtime's
//!   [`Config::TransferInspector`], and refuses the transaction if any breaks a rule
//!   ([`Pallet::check_movements`]): AUR recipients, freezes and spending limits. What limited
//!   wallets really sent is then counted from the transaction's events.
//!
//! [`Config::AurExempt`] names the protocol accounts (treasury, rewards pot, miner reserve)
//! that hold AUR fee shares without being wallets; nobody signs for them.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod extension;
pub mod migrations;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use extension::{
	CheckWalletRules, Movement, TransferInspector, TransferRefusal, REFUSAL_CODE_BASE,
};
pub use pallet::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::{fungible, Contains},
	BoundedVec, Deserialize, Serialize,
};
use scale_info::TypeInfo;
use sp_core::H256;

/// The balance type of GEN, also used for NEX, FLX and AUR.
pub type BalanceOf<T> =
	<<T as Config>::Currency as fungible::Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// What a wallet says it is. Self-declared: only stamps are attested.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	Eq,
	PartialEq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
	Serialize,
	Deserialize,
)]
#[serde(crate = "frame_support::__private::serde")]
pub enum WalletKind {
	/// A person's wallet.
	Personal,
	/// A business's wallet.
	Business,
	/// A bank's wallet.
	Bank,
	/// A government body's wallet.
	Government,
}

/// An attestation a stamper puts on a wallet.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	Eq,
	PartialEq,
	Ord,
	PartialOrd,
	Debug,
	TypeInfo,
	MaxEncodedLen,
	Serialize,
	Deserialize,
)]
#[serde(crate = "frame_support::__private::serde")]
pub enum Stamp {
	/// The wallet belongs to, or is vouched for by, a bank. Required to hold and move AUR.
	BankStamped,
	/// The wallet belongs to, or is vouched for by, a government body.
	GovernmentStamped,
}

impl Stamp {
	/// Both stamps, in their storage order.
	pub const ALL: [Stamp; 2] = [Stamp::BankStamped, Stamp::GovernmentStamped];
}

/// One of Metanode's four tokens.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	Eq,
	PartialEq,
	Ord,
	PartialOrd,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum Token {
	/// The native token (pallet-balances).
	Gen,
	/// NEX (asset [`Config::NexAssetId`]).
	Nex,
	/// FLX (asset [`Config::FlxAssetId`]).
	Flx,
	/// AUR (asset [`Config::AurAssetId`]).
	Aur,
}

impl Token {
	/// The four tokens.
	pub const ALL: [Token; 4] = [Token::Gen, Token::Nex, Token::Flx, Token::Aur];
}

/// A registered wallet.
#[derive(Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen)]
pub struct Wallet<Label, Balance, BlockNumber> {
	/// What the wallet says it is.
	pub kind: WalletKind,
	/// Its label (a name, UTF-8 by convention, not checked).
	pub label: Label,
	/// The GEN held from it while it is registered.
	pub deposit: Balance,
	/// The block it registered in.
	pub registered_at: BlockNumber,
	/// The block its kind or label last changed in (its registration block until then).
	/// Added by storage version 1 (the `next-release` runtime); see [`migrations::v1`].
	#[cfg(feature = "next-release")]
	pub updated_at: BlockNumber,
}

impl<Label, Balance, BlockNumber: Copy> Wallet<Label, Balance, BlockNumber> {
	/// A wallet registered in block `at`.
	pub fn new(kind: WalletKind, label: Label, deposit: Balance, at: BlockNumber) -> Self {
		Wallet {
			kind,
			label,
			deposit,
			registered_at: at,
			#[cfg(feature = "next-release")]
			updated_at: at,
		}
	}
}

/// A stamp on a wallet: who put it, on what evidence, when.
#[derive(Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen)]
pub struct StampRecord<AccountId, BlockNumber> {
	/// The stamper.
	pub stamper: AccountId,
	/// The hash of the evidence the stamper relied on (kept off chain).
	pub evidence: H256,
	/// The block it was stamped in.
	pub at: BlockNumber,
}

/// A compliance freeze on a wallet.
#[derive(Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen)]
pub struct FreezeRecord<AccountId, Reason, BlockNumber> {
	/// The compliance authority that froze it.
	pub authority: AccountId,
	/// Why.
	pub reason: Reason,
	/// The block it was frozen in.
	pub at: BlockNumber,
}

/// What a wallet has sent of a token in one spending period.
#[derive(Clone, Default, Encode, Decode, Eq, PartialEq, Debug, TypeInfo, MaxEncodedLen)]
pub struct SpendWindow<Balance, BlockNumber> {
	/// The period's index (`block / SpendingPeriod`).
	pub period: BlockNumber,
	/// Sent in that period so far.
	pub spent: Balance,
}

/// A spending limit with what is left of it in the current period.
#[derive(Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo)]
pub struct LimitInfo<Balance> {
	/// The token.
	pub token: Token,
	/// The limit per period.
	pub limit: Balance,
	/// What can still be sent in the current period.
	pub remaining: Balance,
}

/// Everything known about an account, for a runtime API.
#[derive(Clone, Encode, Decode, Eq, PartialEq, Debug, TypeInfo)]
pub struct WalletInfo<AccountId, Balance, BlockNumber> {
	/// The wallet's registration, if it is registered.
	pub wallet: Option<Wallet<Vec<u8>, Balance, BlockNumber>>,
	/// Its stamps.
	pub stamps: Vec<(Stamp, StampRecord<AccountId, BlockNumber>)>,
	/// Its freeze, if frozen.
	pub freeze: Option<FreezeRecord<AccountId, Vec<u8>, BlockNumber>>,
	/// Its spending limits and what is left of them.
	pub limits: Vec<LimitInfo<Balance>>,
	/// Its balance of each token, as [`Config::Balances`] reports it.
	pub balances: Vec<(Token, Balance)>,
}

/// Reads an account's balance of a token, for [`Pallet::wallet_info`]. `()` reports zero.
pub trait TokenBalances<AccountId, Balance> {
	/// The balance of `who` in `token` (its total, free plus held).
	fn balance(who: &AccountId, token: Token) -> Balance;
}

impl<AccountId, Balance: Default> TokenBalances<AccountId, Balance> for () {
	fn balance(_: &AccountId, _: Token) -> Balance {
		Balance::default()
	}
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{MutateFreeze, MutateHold},
			tokens::Precision,
		},
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::{Bounded, Saturating, Zero};

	/// The in-code storage version: 1 adds `Wallet::updated_at` (the `next-release`
	/// runtime, migrated by [`crate::migrations::v1::MigrateV0ToV1`]).
	#[cfg(not(feature = "next-release"))]
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);
	/// The in-code storage version: 1 adds `Wallet::updated_at` (the `next-release`
	/// runtime, migrated by [`crate::migrations::v1::MigrateV0ToV1`]).
	#[cfg(feature = "next-release")]
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// GEN: holds the wallet deposits and freezes frozen wallets' GEN.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ MutateFreeze<Self::AccountId, Id = Self::RuntimeFreezeReason>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The overarching freeze reason.
		type RuntimeFreezeReason: From<FreezeReason>;

		/// Keeps the stamper and compliance authority sets (root in the runtime).
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The id type of the assets pallet.
		type AssetId: Member + Parameter + Copy + MaxEncodedLen;

		/// The asset id of NEX.
		#[pallet::constant]
		type NexAssetId: Get<Self::AssetId>;

		/// The asset id of FLX.
		#[pallet::constant]
		type FlxAssetId: Get<Self::AssetId>;

		/// The asset id of AUR.
		#[pallet::constant]
		type AurAssetId: Get<Self::AssetId>;

		/// The GEN held from a wallet while it is registered.
		#[pallet::constant]
		type WalletDeposit: Get<BalanceOf<Self>>;

		/// The longest label, in bytes.
		#[pallet::constant]
		type MaxLabelLen: Get<u32>;

		/// The longest freeze or thaw reason, in bytes.
		#[pallet::constant]
		type MaxReasonLen: Get<u32>;

		/// The length of a spending period, in blocks (a day, 43,200 blocks of 2 s, in the
		/// runtime). Must not be zero.
		#[pallet::constant]
		type SpendingPeriod: Get<BlockNumberFor<Self>>;

		/// Reads balances for [`Pallet::wallet_info`]; `()` reports zero.
		type Balances: TokenBalances<Self::AccountId, BalanceOf<Self>>;

		/// Accounts that may hold and move AUR without being bank-stamped wallets: the
		/// protocol's own accounts (treasury, rewards pot, miner reserve), which receive AUR
		/// fee shares and which nobody signs for.
		type AurExempt: Contains<Self::AccountId>;

		/// Lists the token movements of a call, for [`CheckWalletRules`].
		type TransferInspector: TransferInspector<
			Self::AccountId,
			<Self as frame_system::Config>::RuntimeCall,
			<Self as frame_system::Config>::RuntimeEvent,
			BalanceOf<Self>,
		>;
	}

	/// Why this pallet holds GEN.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit of a registered wallet.
		WalletDeposit,
	}

	/// Why this pallet freezes GEN.
	#[pallet::composite_enum]
	pub enum FreezeReason {
		/// A compliance freeze: the wallet's whole GEN balance.
		Compliance,
	}

	/// A wallet's label.
	pub type LabelOf<T> = BoundedVec<u8, <T as Config>::MaxLabelLen>;
	/// A freeze or thaw reason.
	pub type ReasonOf<T> = BoundedVec<u8, <T as Config>::MaxReasonLen>;
	/// A stored wallet.
	pub type WalletOf<T> = Wallet<LabelOf<T>, BalanceOf<T>, BlockNumberFor<T>>;
	/// A stored stamp.
	pub type StampRecordOf<T> =
		StampRecord<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;
	/// A stored freeze.
	pub type FreezeRecordOf<T> =
		FreezeRecord<<T as frame_system::Config>::AccountId, ReasonOf<T>, BlockNumberFor<T>>;
	/// A stored spend window.
	pub type SpendWindowOf<T> = SpendWindow<BalanceOf<T>, BlockNumberFor<T>>;
	/// The `(sender, token)` pairs under a spending limit, from [`Pallet::check_movements`].
	pub type LimitedSenders<T> = Vec<(<T as frame_system::Config>::AccountId, Token)>;
	/// A [`TransferRefusal`] in the pallet's balance type.
	pub type RefusalOf<T> = TransferRefusal<BalanceOf<T>>;
	/// The answer of [`Pallet::wallet_info`].
	pub type WalletInfoOf<T> =
		WalletInfo<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

	/// The registered wallets.
	#[pallet::storage]
	pub type Wallets<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, WalletOf<T>>;

	/// The stamps on wallets.
	#[pallet::storage]
	pub type Stamps<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, Stamp, StampRecordOf<T>>;

	/// The stampers.
	#[pallet::storage]
	pub type Stampers<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, ()>;

	/// The compliance authorities.
	#[pallet::storage]
	pub type ComplianceAuthorities<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, ()>;

	/// The frozen wallets.
	#[pallet::storage]
	pub type Frozen<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, FreezeRecordOf<T>>;

	/// How many wallets are frozen (for [`pallet_assets::FrozenBalance::contains_freezes`]).
	#[pallet::storage]
	pub type FrozenCount<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// The spending limits: per wallet and token, the most it may send per period.
	#[pallet::storage]
	pub type SpendingLimits<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, Token, BalanceOf<T>>;

	/// What each wallet with a limit has sent of each token in its latest period.
	#[pallet::storage]
	pub type SpendWindows<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, Token, SpendWindowOf<T>>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The initial stampers.
		pub stampers: Vec<T::AccountId>,
		/// The initial compliance authorities.
		pub compliance_authorities: Vec<T::AccountId>,
		/// Wallets registered at genesis: `(account, kind, label)`. Their deposit is held
		/// from their genesis GEN.
		pub wallets: Vec<(T::AccountId, WalletKind, Vec<u8>)>,
		/// Stamps put at genesis: `(wallet, stamp, stamper, evidence)`. The wallet must be
		/// in `wallets` and the stamper in `stampers`.
		pub stamps: Vec<(T::AccountId, Stamp, T::AccountId, H256)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for who in &self.stampers {
				Stampers::<T>::insert(who, ());
			}
			for who in &self.compliance_authorities {
				ComplianceAuthorities::<T>::insert(who, ());
			}
			for (who, kind, label) in &self.wallets {
				let label: LabelOf<T> =
					label.clone().try_into().expect("genesis wallet label within MaxLabelLen");
				let deposit = T::WalletDeposit::get();
				T::Currency::hold(&HoldReason::WalletDeposit.into(), who, deposit)
					.expect("a genesis wallet has GEN for its deposit");
				let wallet = Wallet::new(*kind, label, deposit, Zero::zero());
				assert!(!Wallets::<T>::contains_key(who), "a genesis wallet is registered once");
				Wallets::<T>::insert(who, wallet);
			}
			for (wallet, stamp, stamper, evidence) in &self.stamps {
				assert!(Wallets::<T>::contains_key(wallet), "a genesis stamp is on a wallet");
				assert!(Stampers::<T>::contains_key(stamper), "a genesis stamper is a stamper");
				Stamps::<T>::insert(
					wallet,
					stamp,
					StampRecord { stamper: stamper.clone(), evidence: *evidence, at: Zero::zero() },
				);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An account registered as a wallet; `deposit` GEN is held.
		WalletRegistered { who: T::AccountId, kind: WalletKind, deposit: BalanceOf<T> },
		/// A wallet changed its kind or label.
		WalletUpdated { who: T::AccountId, kind: WalletKind },
		/// A wallet closed; its deposit was released and its stamps and limits dropped.
		WalletClosed { who: T::AccountId, deposit: BalanceOf<T> },
		/// A stamper was added.
		StamperAdded { who: T::AccountId },
		/// A stamper was removed.
		StamperRemoved { who: T::AccountId },
		/// A wallet was stamped.
		WalletStamped { wallet: T::AccountId, stamp: Stamp, stamper: T::AccountId, evidence: H256 },
		/// A stamp was revoked.
		StampRevoked { wallet: T::AccountId, stamp: Stamp, stamper: T::AccountId },
		/// A compliance authority was added.
		ComplianceAuthorityAdded { who: T::AccountId },
		/// A compliance authority was removed.
		ComplianceAuthorityRemoved { who: T::AccountId },
		/// A wallet was frozen: it cannot send any token until thawed.
		WalletFrozen { wallet: T::AccountId, authority: T::AccountId, reason: ReasonOf<T> },
		/// A wallet was thawed.
		WalletThawed { wallet: T::AccountId, authority: T::AccountId, reason: ReasonOf<T> },
		/// A wallet set (`Some`) or removed (`None`) its spending limit of a token.
		SpendingLimitSet { who: T::AccountId, token: Token, limit: Option<BalanceOf<T>> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is already a registered wallet.
		AlreadyRegistered,
		/// The account is not a registered wallet.
		NotAWallet,
		/// The label is longer than `MaxLabelLen`.
		LabelTooLong,
		/// The reason is longer than `MaxReasonLen`.
		ReasonTooLong,
		/// The account is already a stamper.
		AlreadyStamper,
		/// The account is not a stamper.
		NotAStamper,
		/// The wallet already has this stamp.
		AlreadyStamped,
		/// The wallet does not have this stamp.
		NotStamped,
		/// The account is already a compliance authority.
		AlreadyComplianceAuthority,
		/// The account is not a compliance authority.
		NotAComplianceAuthority,
		/// The wallet is already frozen.
		AlreadyFrozen,
		/// The wallet is not frozen.
		NotFrozen,
		/// The wallet is frozen: it cannot close or send anything.
		WalletFrozen,
		/// AUR can only be sent by a bank-stamped wallet.
		AurSenderNotBankStamped,
		/// AUR can only be sent to a bank-stamped wallet.
		AurRecipientNotBankStamped,
		/// The transfer exceeds the sender's spending limit for the current period; read
		/// `remaining_allowance(sender, token)` for what is left.
		SpendingLimitExceeded,
		/// The balances pallet refused to hold the deposit (too little free GEN).
		InsufficientDeposit,
		/// The balances pallet refused to freeze the wallet's GEN.
		CannotFreeze,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers the caller as a wallet of `kind` with `label`, holding
		/// [`Config::WalletDeposit`] GEN.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register())]
		pub fn register(origin: OriginFor<T>, kind: WalletKind, label: Vec<u8>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(!Wallets::<T>::contains_key(&who), Error::<T>::AlreadyRegistered);
			let label: LabelOf<T> = label.try_into().map_err(|_| Error::<T>::LabelTooLong)?;
			let deposit = T::WalletDeposit::get();
			T::Currency::hold(&HoldReason::WalletDeposit.into(), &who, deposit)
				.map_err(|_| Error::<T>::InsufficientDeposit)?;
			let now = frame_system::Pallet::<T>::block_number();
			Wallets::<T>::insert(&who, Wallet::new(kind, label, deposit, now));
			Self::deposit_event(Event::WalletRegistered { who, kind, deposit });
			Ok(())
		}

		/// Changes the caller's wallet kind and/or label (`None` keeps it).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::update())]
		pub fn update(
			origin: OriginFor<T>,
			kind: Option<WalletKind>,
			label: Option<Vec<u8>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let label: Option<LabelOf<T>> =
				label.map(|l| l.try_into().map_err(|_| Error::<T>::LabelTooLong)).transpose()?;
			let kind = Wallets::<T>::try_mutate(&who, |maybe| -> Result<_, Error<T>> {
				let wallet = maybe.as_mut().ok_or(Error::<T>::NotAWallet)?;
				if let Some(kind) = kind {
					wallet.kind = kind;
				}
				if let Some(label) = label {
					wallet.label = label;
				}
				#[cfg(feature = "next-release")]
				{
					wallet.updated_at = frame_system::Pallet::<T>::block_number();
				}
				Ok(wallet.kind)
			})?;
			Self::deposit_event(Event::WalletUpdated { who, kind });
			Ok(())
		}

		/// Closes the caller's wallet: releases its deposit and drops its stamps, limits and
		/// spend windows. A frozen wallet cannot close.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::close())]
		pub fn close(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let wallet = Wallets::<T>::get(&who).ok_or(Error::<T>::NotAWallet)?;
			ensure!(!Frozen::<T>::contains_key(&who), Error::<T>::WalletFrozen);
			T::Currency::release(
				&HoldReason::WalletDeposit.into(),
				&who,
				wallet.deposit,
				Precision::BestEffort,
			)?;
			Wallets::<T>::remove(&who);
			for stamp in Stamp::ALL {
				Stamps::<T>::remove(&who, stamp);
			}
			for token in Token::ALL {
				SpendingLimits::<T>::remove(&who, token);
				SpendWindows::<T>::remove(&who, token);
			}
			Self::deposit_event(Event::WalletClosed { who, deposit: wallet.deposit });
			Ok(())
		}

		/// Adds a stamper. [`Config::AdminOrigin`] only.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::add_stamper())]
		pub fn add_stamper(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			ensure!(!Stampers::<T>::contains_key(&who), Error::<T>::AlreadyStamper);
			Stampers::<T>::insert(&who, ());
			Self::deposit_event(Event::StamperAdded { who });
			Ok(())
		}

		/// Removes a stamper; its stamps stay. [`Config::AdminOrigin`] only.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::remove_stamper())]
		pub fn remove_stamper(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			ensure!(Stampers::<T>::contains_key(&who), Error::<T>::NotAStamper);
			Stampers::<T>::remove(&who);
			Self::deposit_event(Event::StamperRemoved { who });
			Ok(())
		}

		/// Stamps a registered wallet. Stampers only.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::stamp())]
		pub fn stamp(
			origin: OriginFor<T>,
			wallet: T::AccountId,
			stamp: Stamp,
			evidence: H256,
		) -> DispatchResult {
			let stamper = ensure_signed(origin)?;
			ensure!(Stampers::<T>::contains_key(&stamper), Error::<T>::NotAStamper);
			ensure!(Wallets::<T>::contains_key(&wallet), Error::<T>::NotAWallet);
			ensure!(!Stamps::<T>::contains_key(&wallet, stamp), Error::<T>::AlreadyStamped);
			let at = frame_system::Pallet::<T>::block_number();
			Stamps::<T>::insert(
				&wallet,
				stamp,
				StampRecord { stamper: stamper.clone(), evidence, at },
			);
			Self::deposit_event(Event::WalletStamped { wallet, stamp, stamper, evidence });
			Ok(())
		}

		/// Revokes a wallet's stamp. Stampers only (any stamper, not only the one that put it).
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::revoke_stamp())]
		pub fn revoke_stamp(
			origin: OriginFor<T>,
			wallet: T::AccountId,
			stamp: Stamp,
		) -> DispatchResult {
			let stamper = ensure_signed(origin)?;
			ensure!(Stampers::<T>::contains_key(&stamper), Error::<T>::NotAStamper);
			ensure!(Stamps::<T>::contains_key(&wallet, stamp), Error::<T>::NotStamped);
			Stamps::<T>::remove(&wallet, stamp);
			Self::deposit_event(Event::StampRevoked { wallet, stamp, stamper });
			Ok(())
		}

		/// Adds a compliance authority. [`Config::AdminOrigin`] only.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::add_compliance_authority())]
		pub fn add_compliance_authority(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			ensure!(
				!ComplianceAuthorities::<T>::contains_key(&who),
				Error::<T>::AlreadyComplianceAuthority
			);
			ComplianceAuthorities::<T>::insert(&who, ());
			Self::deposit_event(Event::ComplianceAuthorityAdded { who });
			Ok(())
		}

		/// Removes a compliance authority; its freezes stay. [`Config::AdminOrigin`] only.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::remove_compliance_authority())]
		pub fn remove_compliance_authority(
			origin: OriginFor<T>,
			who: T::AccountId,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			ensure!(
				ComplianceAuthorities::<T>::contains_key(&who),
				Error::<T>::NotAComplianceAuthority
			);
			ComplianceAuthorities::<T>::remove(&who);
			Self::deposit_event(Event::ComplianceAuthorityRemoved { who });
			Ok(())
		}

		/// Freezes a registered wallet: its whole GEN balance is frozen in the balances pallet
		/// and its assets are seen as frozen by the assets pallet. Compliance authorities only.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::freeze())]
		pub fn freeze(
			origin: OriginFor<T>,
			wallet: T::AccountId,
			reason: Vec<u8>,
		) -> DispatchResult {
			let authority = ensure_signed(origin)?;
			ensure!(
				ComplianceAuthorities::<T>::contains_key(&authority),
				Error::<T>::NotAComplianceAuthority
			);
			let reason: ReasonOf<T> = reason.try_into().map_err(|_| Error::<T>::ReasonTooLong)?;
			ensure!(Wallets::<T>::contains_key(&wallet), Error::<T>::NotAWallet);
			ensure!(!Frozen::<T>::contains_key(&wallet), Error::<T>::AlreadyFrozen);
			T::Currency::set_freeze(
				&FreezeReason::Compliance.into(),
				&wallet,
				BalanceOf::<T>::max_value(),
			)
			.map_err(|_| Error::<T>::CannotFreeze)?;
			let at = frame_system::Pallet::<T>::block_number();
			Frozen::<T>::insert(
				&wallet,
				FreezeRecord { authority: authority.clone(), reason: reason.clone(), at },
			);
			FrozenCount::<T>::mutate(|n| *n = n.saturating_add(1));
			Self::deposit_event(Event::WalletFrozen { wallet, authority, reason });
			Ok(())
		}

		/// Thaws a frozen wallet. Compliance authorities only.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::thaw())]
		pub fn thaw(origin: OriginFor<T>, wallet: T::AccountId, reason: Vec<u8>) -> DispatchResult {
			let authority = ensure_signed(origin)?;
			ensure!(
				ComplianceAuthorities::<T>::contains_key(&authority),
				Error::<T>::NotAComplianceAuthority
			);
			let reason: ReasonOf<T> = reason.try_into().map_err(|_| Error::<T>::ReasonTooLong)?;
			ensure!(Frozen::<T>::contains_key(&wallet), Error::<T>::NotFrozen);
			T::Currency::thaw(&FreezeReason::Compliance.into(), &wallet)?;
			Frozen::<T>::remove(&wallet);
			FrozenCount::<T>::mutate(|n| *n = n.saturating_sub(1));
			Self::deposit_event(Event::WalletThawed { wallet, authority, reason });
			Ok(())
		}

		/// Sets (`Some`) or removes (`None`) the caller's spending limit of `token` per period.
		/// Setting a limit keeps what was already counted in the current period.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::set_spending_limit())]
		pub fn set_spending_limit(
			origin: OriginFor<T>,
			token: Token,
			limit: Option<BalanceOf<T>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(Wallets::<T>::contains_key(&who), Error::<T>::NotAWallet);
			match limit {
				Some(limit) => SpendingLimits::<T>::insert(&who, token, limit),
				None => {
					SpendingLimits::<T>::remove(&who, token);
					SpendWindows::<T>::remove(&who, token);
				},
			}
			Self::deposit_event(Event::SpendingLimitSet { who, token, limit });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// Whether `who` is a registered wallet.
		pub fn is_wallet(who: &T::AccountId) -> bool {
			Wallets::<T>::contains_key(who)
		}

		/// Whether `who` is frozen.
		pub fn is_frozen(who: &T::AccountId) -> bool {
			Frozen::<T>::contains_key(who)
		}

		/// Whether `who` is a bank-stamped wallet.
		pub fn is_bank_stamped(who: &T::AccountId) -> bool {
			Stamps::<T>::contains_key(who, Stamp::BankStamped)
		}

		/// The token an asset id stands for, if it is NEX, FLX or AUR.
		pub fn token_of_asset(asset: &T::AssetId) -> Option<Token> {
			if *asset == T::NexAssetId::get() {
				Some(Token::Nex)
			} else if *asset == T::FlxAssetId::get() {
				Some(Token::Flx)
			} else if *asset == T::AurAssetId::get() {
				Some(Token::Aur)
			} else {
				None
			}
		}

		/// The current spending period's index.
		pub fn current_period() -> BlockNumberFor<T> {
			let period = T::SpendingPeriod::get();
			if period.is_zero() {
				return Zero::zero();
			}
			frame_system::Pallet::<T>::block_number() / period
		}

		/// What `who` has sent of `token` in the current period (as counted by
		/// [`Self::note_transfer`]).
		pub fn spent_this_period(who: &T::AccountId, token: Token) -> BalanceOf<T> {
			match SpendWindows::<T>::get(who, token) {
				Some(window) if window.period == Self::current_period() => window.spent,
				_ => Zero::zero(),
			}
		}

		/// What `who` can still send of `token` in the current period: `None` if it has no
		/// limit on it.
		pub fn remaining_allowance(who: &T::AccountId, token: Token) -> Option<BalanceOf<T>> {
			SpendingLimits::<T>::get(who, token)
				.map(|limit| limit.saturating_sub(Self::spent_this_period(who, token)))
		}

		/// Whether `who` may hold and move AUR: a bank-stamped wallet, or one of the protocol
		/// accounts of [`Config::AurExempt`].
		pub fn can_hold_aur(who: &T::AccountId) -> bool {
			T::AurExempt::contains(who) || Self::is_bank_stamped(who)
		}

		/// Checks token movements against the rules, all together: no sender is frozen, AUR
		/// leaves and reaches only accounts that may hold it, and what each sender sends of
		/// each token in total stays within its spending limit. Reads only. Returns the
		/// `(sender, token)` pairs under a limit, whose spending must be counted once the
		/// transfers are done ([`Self::note_transfer`]).
		pub fn check_movements(
			movements: &[Movement<T::AccountId, BalanceOf<T>>],
		) -> Result<LimitedSenders<T>, RefusalOf<T>> {
			let mut totals: alloc::collections::BTreeMap<(T::AccountId, Token), BalanceOf<T>> =
				Default::default();
			for movement in movements {
				if let Some(from) = &movement.from {
					if Self::is_frozen(from) {
						return Err(TransferRefusal::WalletFrozen);
					}
					if movement.token == Token::Aur && !Self::can_hold_aur(from) {
						return Err(TransferRefusal::AurSenderNotBankStamped);
					}
					let total = totals.entry((from.clone(), movement.token)).or_default();
					*total = total.saturating_add(movement.amount);
				}
				if let Some(to) = &movement.to {
					if movement.token == Token::Aur && !Self::can_hold_aur(to) {
						return Err(TransferRefusal::AurRecipientNotBankStamped);
					}
				}
			}
			let mut limited = Vec::new();
			for ((from, token), total) in totals {
				if let Some(remaining) = Self::remaining_allowance(&from, token) {
					if total > remaining {
						return Err(TransferRefusal::SpendingLimitExceeded { token, remaining });
					}
					limited.push((from, token));
				}
			}
			Ok(limited)
		}

		/// Checks one transfer of `amount` of `token` from `from` to `to` against the rules
		/// ([`Self::check_movements`]).
		pub fn check_transfer(
			from: &T::AccountId,
			to: &T::AccountId,
			token: Token,
			amount: BalanceOf<T>,
		) -> Result<(), Error<T>> {
			let movement =
				Movement { from: Some(from.clone()), to: Some(to.clone()), token, amount };
			Self::check_movements(&[movement]).map(|_| ()).map_err(Into::into)
		}

		/// [`Self::check_transfer`] for an asset id; assets other than NEX, FLX and AUR pass.
		pub fn check_asset_transfer(
			asset: &T::AssetId,
			from: &T::AccountId,
			to: &T::AccountId,
			amount: BalanceOf<T>,
		) -> Result<(), Error<T>> {
			match Self::token_of_asset(asset) {
				Some(token) => Self::check_transfer(from, to, token, amount),
				None => Ok(()),
			}
		}

		/// Counts `amount` of `token` sent by `from` towards its spending limit. Does nothing
		/// if `from` has no limit on `token` (spending is only tracked under a limit).
		pub fn note_transfer(from: &T::AccountId, token: Token, amount: BalanceOf<T>) {
			if !SpendingLimits::<T>::contains_key(from, token) || amount.is_zero() {
				return;
			}
			let period = Self::current_period();
			SpendWindows::<T>::mutate(from, token, |maybe| {
				let window =
					maybe.get_or_insert_with(|| SpendWindow { period, spent: Zero::zero() });
				if window.period != period {
					*window = SpendWindow { period, spent: Zero::zero() };
				}
				window.spent = window.spent.saturating_add(amount);
			});
		}

		/// Everything known about `who`: registration, stamps, freeze, limits with what is
		/// left of them, and balances (from [`Config::Balances`]). For a runtime API.
		pub fn wallet_info(who: &T::AccountId) -> WalletInfoOf<T> {
			let wallet = Wallets::<T>::get(who).map(|w| Wallet {
				kind: w.kind,
				label: w.label.into_inner(),
				deposit: w.deposit,
				registered_at: w.registered_at,
				#[cfg(feature = "next-release")]
				updated_at: w.updated_at,
			});
			let stamps = Stamp::ALL
				.into_iter()
				.filter_map(|s| Stamps::<T>::get(who, s).map(|r| (s, r)))
				.collect();
			let freeze = Frozen::<T>::get(who).map(|f| FreezeRecord {
				authority: f.authority,
				reason: f.reason.into_inner(),
				at: f.at,
			});
			let limits = Token::ALL
				.into_iter()
				.filter_map(|token| {
					SpendingLimits::<T>::get(who, token).map(|limit| LimitInfo {
						token,
						limit,
						remaining: limit.saturating_sub(Self::spent_this_period(who, token)),
					})
				})
				.collect();
			let balances =
				Token::ALL.into_iter().map(|t| (t, T::Balances::balance(who, t))).collect();
			WalletInfo { wallet, stamps, freeze, limits, balances }
		}
	}

	/// The assets pallet's `Freezer`: a frozen wallet's whole balance of NEX, FLX and AUR is
	/// frozen, and so is the AUR of any account that may not hold it
	/// ([`Pallet::can_hold_aur`]). Assets other than
	/// the three are frozen only for frozen wallets.
	impl<T: Config> pallet_assets::FrozenBalance<T::AssetId, T::AccountId, BalanceOf<T>> for Pallet<T> {
		fn frozen_balance(asset: T::AssetId, who: &T::AccountId) -> Option<BalanceOf<T>> {
			let aur_blocked = asset == T::AurAssetId::get() && !Self::can_hold_aur(who);
			(Self::is_frozen(who) || aur_blocked).then(BalanceOf::<T>::max_value)
		}

		fn died(_: T::AssetId, _: &T::AccountId) {}

		fn contains_freezes(asset: T::AssetId) -> bool {
			asset == T::AurAssetId::get() || FrozenCount::<T>::get() > 0
		}
	}
}

impl<T: Config> From<TransferRefusal<BalanceOf<T>>> for Error<T> {
	fn from(refusal: TransferRefusal<BalanceOf<T>>) -> Self {
		match refusal {
			TransferRefusal::WalletFrozen => Error::WalletFrozen,
			TransferRefusal::AurSenderNotBankStamped => Error::AurSenderNotBankStamped,
			TransferRefusal::AurRecipientNotBankStamped => Error::AurRecipientNotBankStamped,
			TransferRefusal::SpendingLimitExceeded { .. } => Error::SpendingLimitExceeded,
		}
	}
}

/// The accounts that may hold AUR ([`Pallet::can_hold_aur`]), for pallets that pay AUR out.
pub struct AurHolders<T>(core::marker::PhantomData<T>);

impl<T: Config> Contains<T::AccountId> for AurHolders<T> {
	fn contains(who: &T::AccountId) -> bool {
		Pallet::<T>::can_hold_aur(who)
	}
}
