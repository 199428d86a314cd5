//! Genesis presets: the named starting states a chain spec can be built from
//! (`metanode build-spec --chain dev|local`, or `chain-spec-builder`).
//!
//! - `development`: one authority (Alice); Alice holds all four tokens.
//! - `local_testnet`: four authorities (Alice, Bob, Charlie, Dave) and the genesis
//!   allocation of ECONOMICS.md, given to well-known development accounts.
//!
//! The authorities are given as `pallet-session` genesis keys: the session pallet hands them
//! to Aura, GRANDPA and IBFT, whose own genesis authority lists stay empty (Aura and GRANDPA
//! refuse to be initialized twice).

use crate::{
	configs::{TokenAuthorityAccount, TreasuryAccount},
	tokens::{self, AUR, FLX, NEX, UNIT},
	AccountId, AssetId, Balance, BalancesConfig, RuntimeGenesisConfig, SessionConfig, SessionKeys,
	SudoConfig,
};
use alloc::{vec, vec::Vec};
use frame_support::{build_struct_json_patch, PalletId};
use metanode_ibft_primitives::AuthorityId as IbftId;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use sp_runtime::traits::AccountIdConversion;

/// Ids of user-created assets start here; 1-999 are reserved for protocol tokens.
pub const FIRST_USER_ASSET_ID: AssetId = 1_000;

/// Smallest balance an account may hold of each genesis asset.
pub const ASSET_MIN_BALANCE: Balance = tokens::MICRO_UNIT;

/// The account holding the NEX mining reserve until the mining pallet takes it over.
pub fn mining_reserve_account() -> AccountId {
	PalletId(*b"mn/minrs").into_account_truncating()
}

/// Who gets how much of each token at genesis.
#[derive(Default)]
pub struct Allocation {
	/// GEN balances.
	pub native: Vec<(AccountId, Balance)>,
	/// `(asset, account, balance)` for NEX, FLX and AUR.
	pub assets: Vec<(AssetId, AccountId, Balance)>,
}

/// GEN the dev preset gives the treasury account, so it exists from genesis and every fee
/// can be credited to it (a credit below the existential deposit to a missing account would
/// be lost, and GEN is never burned).
pub const DEV_TREASURY_GEN: Balance = UNIT;

/// The development allocation: Alice holds every token (all GEN but the treasury's 1 GEN,
/// 300,000 NEX, 500,000 FLX and, on dev chains only, 1,000 AUR to try the settlement rail).
pub fn development_allocation() -> Allocation {
	let alice = Sr25519Keyring::Alice.to_account_id();
	Allocation {
		native: vec![
			(alice.clone(), tokens::GEN_TOTAL_SUPPLY - DEV_TREASURY_GEN),
			(TreasuryAccount::get(), DEV_TREASURY_GEN),
		],
		assets: vec![
			(NEX, alice.clone(), 300_000 * UNIT),
			(FLX, alice.clone(), 500_000 * UNIT),
			(AUR, alice, 1_000 * UNIT),
		],
	}
}

/// The allocation of ECONOMICS.md, given to well-known development accounts:
/// - GEN: 60,000 treasury, 20,000 founders (Alice), 20,000 governance reserve (Bob);
/// - NEX: 200,000 mining reserve, 60,000 validators (15,000 to each of the four),
///   40,000 grants (Eve);
/// - FLX: 300,000 circulation (75,000 to each of Alice, Bob, Charlie, Dave), 100,000
///   liquidity (Ferdie), 50,000 merchants (Charlie), 50,000 faucet (Dave);
/// - AUR: none; it is minted only against attested collateral.
pub fn local_testnet_allocation() -> Allocation {
	use Sr25519Keyring::*;
	let validators = [Alice, Bob, Charlie, Dave].map(|k| k.to_account_id());
	let mut assets = vec![(NEX, mining_reserve_account(), 200_000 * UNIT)];
	assets.extend(validators.iter().map(|v| (NEX, v.clone(), 15_000 * UNIT)));
	assets.push((NEX, Eve.to_account_id(), 40_000 * UNIT));
	assets.extend(validators.iter().map(|v| (FLX, v.clone(), 75_000 * UNIT)));
	assets.push((FLX, Ferdie.to_account_id(), 100_000 * UNIT));
	assets.push((FLX, Charlie.to_account_id(), 50_000 * UNIT));
	assets.push((FLX, Dave.to_account_id(), 50_000 * UNIT));
	Allocation {
		native: vec![
			(TreasuryAccount::get(), 60_000 * UNIT),
			(Alice.to_account_id(), 20_000 * UNIT),
			(Bob.to_account_id(), 20_000 * UNIT),
		],
		assets,
	}
}

/// Merges `(asset, account, balance)` entries for the same account and asset, since the
/// assets pallet accepts one genesis entry per account and asset.
fn merge_asset_balances(
	entries: Vec<(AssetId, AccountId, Balance)>,
) -> Vec<(AssetId, AccountId, Balance)> {
	let mut merged: Vec<(AssetId, AccountId, Balance)> = Vec::new();
	for (asset, who, amount) in entries {
		match merged.iter_mut().find(|(a, w, _)| *a == asset && *w == who) {
			Some(entry) => entry.2 += amount,
			None => merged.push((asset, who, amount)),
		}
	}
	merged
}

/// A genesis validator: its account and its session keys.
pub type Validator = (AccountId, SessionKeys);

/// Builds the JSON genesis patch of a Metanode chain.
fn metanode_genesis(validators: Vec<Validator>, allocation: Allocation, root: AccountId) -> Value {
	let token_authority = TokenAuthorityAccount::get();
	let assets = tokens::asset_tokens()
		.map(|(id, _)| (id, token_authority.clone(), true, ASSET_MIN_BALANCE))
		.collect::<Vec<_>>();
	let metadata = tokens::asset_tokens()
		.map(|(id, t)| (id, t.name.as_bytes().to_vec(), t.symbol.as_bytes().to_vec(), t.decimals))
		.collect::<Vec<_>>();

	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig { balances: allocation.native },
		// Aura, GRANDPA and IBFT get their genesis authorities from the session keys.
		session: SessionConfig {
			keys: validators
				.into_iter()
				.map(|(account, keys)| (account.clone(), account, keys))
				.collect::<Vec<_>>(),
			non_authority_keys: vec![],
		},
		sudo: SudoConfig { key: Some(root) },
		assets: pallet_assets::GenesisConfig {
			assets,
			metadata,
			accounts: merge_asset_balances(allocation.assets),
			next_asset_id: Some(FIRST_USER_ASSET_ID),
		},
	})
}

/// The session keys of a development account such as Alice, derived from its well-known seed
/// (`//Alice`): Aura sr25519, GRANDPA and IBFT ed25519. They are the keys
/// `metanode --alice` puts in its keystore, so a node started that way can author and
/// finalize.
pub fn session_keys(sr: Sr25519Keyring, ed: Ed25519Keyring) -> SessionKeys {
	SessionKeys {
		aura: AuraId::from(sr.public()),
		grandpa: GrandpaId::from(ed.public()),
		ibft: IbftId::from(ed.public()),
	}
}

/// A development account as a genesis validator: its sr25519 account and its session keys.
pub fn validator(sr: Sr25519Keyring, ed: Ed25519Keyring) -> Validator {
	(sr.to_account_id(), session_keys(sr, ed))
}

/// The `development` preset: a single authority, Alice, who is also root.
pub fn development_config_genesis() -> Value {
	metanode_genesis(
		vec![validator(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		development_allocation(),
		Sr25519Keyring::Alice.to_account_id(),
	)
}

/// The `local_testnet` preset: Alice, Bob, Charlie and Dave author and finalize; Alice is root.
pub fn local_config_genesis() -> Value {
	use Sr25519Keyring::*;
	let validators = vec![
		validator(Alice, Ed25519Keyring::Alice),
		validator(Bob, Ed25519Keyring::Bob),
		validator(Charlie, Ed25519Keyring::Charlie),
		validator(Dave, Ed25519Keyring::Dave),
	];
	metanode_genesis(validators, local_testnet_allocation(), Alice.to_account_id())
}

/// Provides the JSON representation of the predefined genesis config for the given `id`.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
		_ => return None,
	};
	Some(
		serde_json::to_string(&patch)
			.expect("serialization to json is expected to work. qed.")
			.into_bytes(),
	)
}

/// The names of the presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
	]
}
