//! Genesis presets: the named starting states a chain spec can be built from
//! (`metanode build-spec --chain dev|local`, or `chain-spec-builder`).
//!
//! - `development`: one authority (Alice); Alice holds all four tokens. Her AUR is backed:
//!   she is an AUR issuer whose genesis collateral attestation covers every genesis AUR.
//! - `local_testnet`: four authorities (Alice, Bob, Charlie, Dave) and the genesis
//!   allocation of ECONOMICS.md, given to well-known development accounts.
//!
//! Governance: on `development` the Council is Alice, Bob and Charlie; on `local_testnet`
//! Alice, Bob, Charlie and Dave. The Technical Committee is Alice and Bob on both.
//!
//! Both give the economics pallet's accounts (treasury, rewards pot, miner reserve) at least
//! the minimum balance of each asset they hold at genesis, so even a tiny fee share can always
//! be credited to them.
//!
//! The authorities are given as `pallet-session` genesis keys: the session pallet hands them
//! to Aura, GRANDPA and IBFT, whose own genesis authority lists stay empty (Aura and GRANDPA
//! refuse to be initialized twice).

use crate::{
	configs::{RewardsPotAccount, TokenAuthorityAccount, TreasuryAccount},
	tokens::{self, AUR, FLX, NEX, UNIT},
	AccountId, AssetId, Balance, BalancesConfig, CouncilConfig, EconomicsConfig,
	RuntimeGenesisConfig, SessionConfig, SessionKeys, SudoConfig, TechnicalCommitteeConfig,
};
use alloc::{vec, vec::Vec};
use frame_support::{build_struct_json_patch, PalletId};
use metanode_ibft_primitives::AuthorityId as IbftId;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_core::H256;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use sp_runtime::traits::{AccountIdConversion, BlakeTwo256, Hash};

/// Ids of user-created assets start here; 1-999 are reserved for protocol tokens.
pub const FIRST_USER_ASSET_ID: AssetId = 1_000;

/// Smallest balance an account may hold of each genesis asset.
pub const ASSET_MIN_BALANCE: Balance = tokens::MICRO_UNIT;

/// The account holding the NEX mining reserve until the mining pallet takes it over.
pub fn mining_reserve_account() -> AccountId {
	PalletId(*b"mn/minrs").into_account_truncating()
}

/// The economics pallet's accounts that receive fee shares: the treasury, the mining rewards
/// pot and the miner reserve. Genesis gives each the minimum balance of every asset in
/// circulation at genesis.
pub fn economics_accounts() -> [AccountId; 3] {
	[TreasuryAccount::get(), RewardsPotAccount::get(), mining_reserve_account()]
}

/// Genesis AUR: minted by an issuer against a genesis collateral attestation.
pub struct GenesisAur {
	/// The AUR issuer (registered as one at genesis).
	pub issuer: AccountId,
	/// The hash of the collateral attestation recorded at genesis.
	pub attestation: H256,
	/// `(beneficiary, amount)`: the AUR the issuer mints at genesis. The attested collateral
	/// is their sum, so every genesis AUR is backed one to one.
	pub mints: Vec<(AccountId, Balance)>,
}

impl GenesisAur {
	/// The collateral attested at genesis: exactly the AUR minted.
	pub fn collateral(&self) -> Balance {
		self.mints.iter().map(|(_, amount)| amount).sum()
	}
}

/// Who gets how much of each token at genesis.
#[derive(Default)]
pub struct Allocation {
	/// GEN balances.
	pub native: Vec<(AccountId, Balance)>,
	/// `(asset, account, balance)` for NEX and FLX (AUR goes through `aur`).
	pub assets: Vec<(AssetId, AccountId, Balance)>,
	/// Genesis AUR, if any: minted by the economics pallet against recorded collateral.
	pub aur: Option<GenesisAur>,
}

/// Gives each economics account ([`economics_accounts`]) that holds none of `asset` the
/// asset's minimum balance: out of `from`'s allocation of it, or on top of the allocation
/// if `from` is `None`.
fn seed_economics_accounts(
	assets: &mut Vec<(AssetId, AccountId, Balance)>,
	asset: AssetId,
	from: Option<&AccountId>,
) {
	for account in economics_accounts() {
		if assets.iter().any(|(a, who, _)| *a == asset && *who == account) {
			continue;
		}
		if let Some(from) = from {
			let entry = assets
				.iter_mut()
				.find(|(a, who, amount)| *a == asset && who == from && *amount > ASSET_MIN_BALANCE)
				.expect("the seeding account holds the asset");
			entry.2 -= ASSET_MIN_BALANCE;
		}
		assets.push((asset, account, ASSET_MIN_BALANCE));
	}
}

/// The hash of the dev chain's genesis AUR collateral attestation:
/// `blake2_256("metanode/dev/genesis-aur-collateral")`.
pub fn dev_aur_attestation() -> H256 {
	BlakeTwo256::hash(b"metanode/dev/genesis-aur-collateral")
}

/// Alice's AUR on the dev chain.
pub const DEV_ALICE_AUR: Balance = 1_000 * UNIT;

/// GEN the dev preset gives the treasury account, so it exists from genesis and every fee
/// can be credited to it (a credit below the existential deposit to a missing account would
/// be lost, and GEN is never burned).
pub const DEV_TREASURY_GEN: Balance = UNIT;

/// The development allocation: Alice holds every token (all GEN but the treasury's 1 GEN,
/// 300,000 NEX, 500,000 FLX and, on dev chains only, 1,000 AUR to try the settlement rail).
/// The economics accounts get the minimum balance (0.000001) of NEX, FLX and AUR on top.
/// Alice is an AUR issuer: her genesis collateral attestation (1,000.000003 AUR, hash
/// [`dev_aur_attestation`]) backs all of it.
pub fn development_allocation() -> Allocation {
	let alice = Sr25519Keyring::Alice.to_account_id();
	let mut assets =
		vec![(NEX, alice.clone(), 300_000 * UNIT), (FLX, alice.clone(), 500_000 * UNIT)];
	seed_economics_accounts(&mut assets, NEX, None);
	seed_economics_accounts(&mut assets, FLX, None);
	let mut aur_mints = vec![(alice.clone(), DEV_ALICE_AUR)];
	aur_mints.extend(economics_accounts().map(|account| (account, ASSET_MIN_BALANCE)));
	Allocation {
		native: vec![
			(alice.clone(), tokens::GEN_TOTAL_SUPPLY - DEV_TREASURY_GEN),
			(TreasuryAccount::get(), DEV_TREASURY_GEN),
		],
		assets,
		aur: Some(GenesisAur {
			issuer: alice,
			attestation: dev_aur_attestation(),
			mints: aur_mints,
		}),
	}
}

/// The allocation of ECONOMICS.md, given to well-known development accounts:
/// - GEN: 60,000 treasury, 20,000 founders (Alice), 20,000 governance reserve (Bob);
/// - NEX: 200,000 mining reserve, 60,000 validators (15,000 to each of the four),
///   40,000 grants (Eve);
/// - FLX: 300,000 circulation (75,000 to each of Alice, Bob, Charlie, Dave), 100,000
///   liquidity (Ferdie), 50,000 merchants (Charlie), 50,000 faucet (Dave);
/// - AUR: none; it is minted only against attested collateral.
///
/// The treasury and the rewards pot get the minimum balance of NEX out of Alice's 15,000, and
/// the three economics accounts that of FLX out of Alice's 75,000 (the miner reserve already
/// holds NEX), so the totals stay exact.
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
	let alice = Alice.to_account_id();
	seed_economics_accounts(&mut assets, NEX, Some(&alice));
	seed_economics_accounts(&mut assets, FLX, Some(&alice));
	Allocation {
		native: vec![
			(TreasuryAccount::get(), 60_000 * UNIT),
			(alice, 20_000 * UNIT),
			(Bob.to_account_id(), 20_000 * UNIT),
		],
		assets,
		aur: None,
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
/// The mining pallet's genesis: its parameters and the difficulty of epoch 0.
pub struct MiningGenesis {
	/// Blocks per mining epoch and the share count the difficulty aims for.
	pub params: pallet_mining::MiningParams,
	/// Hashes per share in epoch 0.
	pub initial_difficulty: u64,
}

/// The wallets pallet's genesis: who stamps, who freezes, and the wallets (with their
/// stamps) that exist from the start, such as the holders of genesis AUR.
#[derive(Default)]
pub struct WalletsGenesis {
	/// The stampers.
	pub stampers: Vec<AccountId>,
	/// The compliance authorities.
	pub compliance_authorities: Vec<AccountId>,
	/// `(account, kind, label)`.
	pub wallets: Vec<(AccountId, pallet_wallets::WalletKind, Vec<u8>)>,
	/// `(wallet, stamp, stamper, evidence)`.
	pub stamps: Vec<(AccountId, pallet_wallets::Stamp, AccountId, H256)>,
}

/// The hash of the evidence behind the dev chain's genesis bank stamp on Alice:
/// `blake2_256("metanode/dev/genesis-bank-stamp")`.
pub fn dev_bank_stamp_evidence() -> H256 {
	BlakeTwo256::hash(b"metanode/dev/genesis-bank-stamp")
}

/// Blocks between a Council's upgrade proposal and its authorization on the presets' chains.
pub const UPGRADE_ENACTMENT_DELAY: crate::BlockNumber = 10;

/// The genesis members of the two governance collectives.
pub struct GovernanceGenesis {
	/// The Council's members.
	pub council: Vec<AccountId>,
	/// The Technical Committee's members.
	pub technical_committee: Vec<AccountId>,
}

fn metanode_genesis(
	validators: Vec<Validator>,
	allocation: Allocation,
	root: AccountId,
	mining: MiningGenesis,
	governance: GovernanceGenesis,
	wallets: WalletsGenesis,
) -> Value {
	let token_authority = TokenAuthorityAccount::get();
	let assets = tokens::asset_tokens()
		.map(|(id, _)| (id, token_authority.clone(), true, ASSET_MIN_BALANCE))
		.collect::<Vec<_>>();
	let metadata = tokens::asset_tokens()
		.map(|(id, t)| (id, t.name.as_bytes().to_vec(), t.symbol.as_bytes().to_vec(), t.decimals))
		.collect::<Vec<_>>();
	// AUR exists only as issuer-minted against collateral: never through the assets pallet.
	assert!(
		allocation.assets.iter().all(|(asset, _, _)| *asset != AUR),
		"genesis AUR goes through `Allocation::aur`"
	);
	let (issuers, collateral, aur_mints) = match allocation.aur {
		Some(aur) => {
			let collateral = aur.collateral();
			let mints = aur
				.mints
				.into_iter()
				.map(|(beneficiary, amount)| (aur.issuer.clone(), beneficiary, amount))
				.collect::<Vec<_>>();
			(vec![aur.issuer.clone()], vec![(aur.issuer, collateral, aur.attestation)], mints)
		},
		None => (vec![], vec![], vec![]),
	};

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
		economics: EconomicsConfig { issuers, collateral, aur_mints },
		mining: pallet_mining::GenesisConfig {
			params: mining.params,
			initial_difficulty: mining.initial_difficulty,
		},
		council: CouncilConfig { members: governance.council },
		technical_committee: TechnicalCommitteeConfig { members: governance.technical_committee },
		// Upgrades proposed by the Council are authorized 10 blocks (20 s) later on the
		// development and test networks; a production chain spec sets a longer notice.
		upgrades: pallet_upgrades::GenesisConfig { enactment_delay: UPGRADE_ENACTMENT_DELAY },
		wallets: pallet_wallets::GenesisConfig {
			stampers: wallets.stampers,
			compliance_authorities: wallets.compliance_authorities,
			wallets: wallets.wallets,
			stamps: wallets.stamps,
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

/// NEX the dev preset puts in the mining rewards pot, so that miners on a fresh dev chain
/// earn NEX in the first mining epoch instead of waiting for the first economics epoch.
pub const DEV_REWARDS_POT_NEX: Balance = 1_000 * UNIT;

/// The `development` preset: a single authority, Alice, who is also root. Mining epochs are
/// 10 blocks (20 s) with an easy target, so one CPU thread earns rewards within a minute.
pub fn development_config_genesis() -> Value {
	let mut allocation = development_allocation();
	let pot = RewardsPotAccount::get();
	match allocation.assets.iter_mut().find(|(asset, who, _)| *asset == NEX && *who == pot) {
		Some(entry) => entry.2 += DEV_REWARDS_POT_NEX,
		None => allocation.assets.push((NEX, pot, DEV_REWARDS_POT_NEX)),
	}
	let mining = MiningGenesis {
		params: pallet_mining::MiningParams { epoch_length: 10, target_shares: 20 },
		initial_difficulty: 1 << 16,
	};
	metanode_genesis(
		vec![validator(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		allocation,
		Sr25519Keyring::Alice.to_account_id(),
		mining,
		GovernanceGenesis {
			council: [Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie]
				.map(|k| k.to_account_id())
				.to_vec(),
			technical_committee: [Sr25519Keyring::Alice, Sr25519Keyring::Bob]
				.map(|k| k.to_account_id())
				.to_vec(),
		},
		development_wallets(),
	)
}

/// The dev chain's wallets: Alice stamps and freezes, and she is a bank-stamped bank wallet
/// from genesis, so her genesis AUR can move.
pub fn development_wallets() -> WalletsGenesis {
	let alice = Sr25519Keyring::Alice.to_account_id();
	WalletsGenesis {
		stampers: vec![alice.clone()],
		compliance_authorities: vec![alice.clone()],
		wallets: vec![(
			alice.clone(),
			pallet_wallets::WalletKind::Bank,
			b"Alice (dev bank)".to_vec(),
		)],
		stamps: vec![(
			alice.clone(),
			pallet_wallets::Stamp::BankStamped,
			alice,
			dev_bank_stamp_evidence(),
		)],
	}
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
	// Mining epochs match the economics epochs (600 blocks), so each pays one epoch's NEX.
	let mining = MiningGenesis {
		params: pallet_mining::MiningParams { epoch_length: 600, target_shares: 600 },
		initial_difficulty: 1 << 24,
	};
	let governance = GovernanceGenesis {
		council: [Alice, Bob, Charlie, Dave].map(|k| k.to_account_id()).to_vec(),
		technical_committee: [Alice, Bob].map(|k| k.to_account_id()).to_vec(),
	};
	// Alice stamps and freezes; no wallet exists at genesis (there is no genesis AUR).
	let wallets = WalletsGenesis {
		stampers: vec![Alice.to_account_id()],
		compliance_authorities: vec![Alice.to_account_id()],
		..Default::default()
	};
	metanode_genesis(
		validators,
		local_testnet_allocation(),
		Alice.to_account_id(),
		mining,
		governance,
		wallets,
	)
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
