//! The kinds of proxy an account can appoint (`pallet-proxy`).

use crate::RuntimeCall;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::traits::InstanceFilter;
use scale_info::TypeInfo;

/// What a proxy may do on behalf of the account that appointed it.
#[derive(
	Copy,
	Clone,
	Eq,
	PartialEq,
	Ord,
	PartialOrd,
	Encode,
	Decode,
	DecodeWithMemTracking,
	Debug,
	MaxEncodedLen,
	TypeInfo,
	Default,
)]
pub enum ProxyType {
	/// Anything the account itself may do.
	#[default]
	Any,
	/// Anything but moving tokens (GEN or assets).
	NonTransfer,
	/// Only rejecting announcements of other proxies.
	CancelProxy,
	/// Only asset (NEX, FLX, AUR and user assets) operations.
	Assets,
}

impl InstanceFilter<RuntimeCall> for ProxyType {
	fn filter(&self, call: &RuntimeCall) -> bool {
		match self {
			ProxyType::Any => true,
			// Nested calls (batches, multisig) are filtered again by the proxy pallet.
			ProxyType::NonTransfer => {
				!matches!(call, RuntimeCall::Balances(..) | RuntimeCall::Assets(..))
			},
			ProxyType::CancelProxy => matches!(
				call,
				RuntimeCall::Proxy(pallet_proxy::Call::reject_announcement { .. })
					| RuntimeCall::Utility(..)
					| RuntimeCall::Multisig(..)
			),
			ProxyType::Assets => matches!(
				call,
				RuntimeCall::Assets(..) | RuntimeCall::Utility(..) | RuntimeCall::Multisig(..)
			),
		}
	}

	fn is_superset(&self, o: &Self) -> bool {
		match (self, o) {
			(x, y) if x == y => true,
			(ProxyType::Any, _) => true,
			(_, ProxyType::Any) => false,
			(ProxyType::NonTransfer, ProxyType::CancelProxy) => true,
			_ => false,
		}
	}
}
