//! Runtime API of the economics pallet.
//!
//! The node's RPC methods `economics_supply`, `economics_poe`, `economics_settlement` and
//! `economics_proof` call it. Its types are plain SCALE + `TypeInfo` (no serde): the RPC layer
//! decides how to present them. Record proofs are checked with
//! [`pallet_economics::verify_record_proof`], which works off-chain too.

#![cfg_attr(not(feature = "std"), no_std)]

pub use pallet_economics::{
	record_leaf, verify_record_proof, AurBacking, ChargedRecord, PoeReport, RecordProof,
	Settlement, SupplyReport, TokenAmounts, TokenSupply, UsageTotals, RECORD_DOMAIN,
};

sp_api::decl_runtime_apis! {
	/// Metanode's token economy: supply, PoE index, settlements and record proofs.
	pub trait EconomicsApi<BlockNumber> where BlockNumber: codec::Codec {
		/// The supply of GEN, NEX, FLX and AUR: total issuance, minted and burned in the
		/// current epoch, and the AUR backing.
		fn supply() -> SupplyReport;
		/// The current epoch's PoE index (Phi, Gamma) and the NEX it would mint now.
		fn poe() -> PoeReport;
		/// The settlement commitment of a closed epoch.
		fn settlement(epoch: u32) -> Option<Settlement<BlockNumber>>;
		/// The inclusion proof of record `index` of a closed epoch (while its leaves are
		/// kept); verify it against `settlement(epoch).root`.
		fn proof(epoch: u32, index: u32) -> Option<RecordProof>;
	}
}
