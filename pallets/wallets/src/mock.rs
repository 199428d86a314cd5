//! A mock runtime: frame-system, pallet-balances (GEN), pallet-assets (NEX, FLX, AUR, with this
//! pallet as its `Freezer`) and the wallets pallet.

use crate::{self as pallet_wallets, Movement, Token, TokenBalances, TransferInspector};
use frame_support::{
	construct_runtime, derive_impl, parameter_types,
	traits::{fungible::Inspect as _, AsEnsureOriginWithArg, ConstU32, ConstU64, VariantCountOf},
};
use frame_system::{EnsureRoot, EnsureSigned};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;
pub type Balance = u128;

construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Assets: pallet_assets,
		Wallets: pallet_wallets,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
}

#[derive_impl(pallet_assets::config_preludes::TestDefaultConfig)]
impl pallet_assets::Config for Test {
	type Balance = Balance;
	type Currency = Balances;
	type CreateOrigin = AsEnsureOriginWithArg<EnsureSigned<AccountId>>;
	type ForceOrigin = EnsureRoot<AccountId>;
	type Freezer = Wallets;
	type Holder = ();
}

/// Asset ids, as in the Metanode runtime.
pub const NEX: u32 = 1;
pub const FLX: u32 = 2;
pub const AUR: u32 = 3;

/// Wallet owners.
pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
/// An account with no GEN.
pub const POOR: AccountId = 4;
/// A stamper (genesis).
pub const STAMPER: AccountId = 10;
/// A compliance authority (genesis).
pub const COMPLIANCE: AccountId = 20;
/// Neither stamper nor authority.
pub const STRANGER: AccountId = 30;
/// Owner of the three assets.
pub const ASSET_OWNER: AccountId = 999;

/// The wallet deposit.
pub const DEPOSIT: Balance = 100;
/// The spending period of the mock (blocks).
pub const PERIOD: u64 = 10;
/// GEN and each asset every funded account starts with.
pub const START: Balance = 10_000;

parameter_types! {
	pub const NexAssetId: u32 = NEX;
	pub const FlxAssetId: u32 = FLX;
	pub const AurAssetId: u32 = AUR;
	pub const WalletDeposit: Balance = DEPOSIT;
}

/// Balances read from the two token pallets.
pub struct MockBalances;
impl TokenBalances<AccountId, Balance> for MockBalances {
	fn balance(who: &AccountId, token: Token) -> Balance {
		match token {
			Token::Gen => Balances::total_balance(who),
			Token::Nex => Assets::balance(NEX, who),
			Token::Flx => Assets::balance(FLX, who),
			Token::Aur => Assets::balance(AUR, who),
		}
	}
}

impl pallet_wallets::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type AdminOrigin = EnsureRoot<AccountId>;
	type AssetId = u32;
	type NexAssetId = NexAssetId;
	type FlxAssetId = FlxAssetId;
	type AurAssetId = AurAssetId;
	type WalletDeposit = WalletDeposit;
	type MaxLabelLen = ConstU32<16>;
	type MaxReasonLen = ConstU32<16>;
	type SpendingPeriod = ConstU64<PERIOD>;
	type Balances = MockBalances;
	type AurExempt = AurExempt;
	type TransferInspector = MockInspector;
}

/// A protocol account that may hold AUR without being a wallet.
pub const TREASURY: AccountId = 500;

/// Only [`TREASURY`].
pub struct AurExempt;
impl frame_support::traits::Contains<AccountId> for AurExempt {
	fn contains(who: &AccountId) -> bool {
		*who == TREASURY
	}
}

fn token_of(asset: u32) -> Option<Token> {
	match asset {
		NEX => Some(Token::Nex),
		FLX => Some(Token::Flx),
		AUR => Some(Token::Aur),
		_ => None,
	}
}

/// The mock's movements: GEN and asset transfers (the runtime's inspector also walks nested
/// calls; the mock has no pallet that nests them).
pub struct MockInspector;
impl TransferInspector<AccountId, RuntimeCall, RuntimeEvent, Balance> for MockInspector {
	fn movements(
		signer: &AccountId,
		call: &RuntimeCall,
		out: &mut Vec<Movement<AccountId, Balance>>,
	) {
		let movement = match call {
			RuntimeCall::Balances(
				pallet_balances::Call::transfer_allow_death { dest, value }
				| pallet_balances::Call::transfer_keep_alive { dest, value },
			) => {
				Movement { from: Some(*signer), to: Some(*dest), token: Token::Gen, amount: *value }
			},
			RuntimeCall::Assets(
				pallet_assets::Call::transfer { id, target, amount }
				| pallet_assets::Call::transfer_keep_alive { id, target, amount },
			) => match token_of(*id) {
				Some(token) => {
					Movement { from: Some(*signer), to: Some(*target), token, amount: *amount }
				},
				None => return,
			},
			_ => return,
		};
		out.push(movement);
	}

	fn count(call: &RuntimeCall) -> u32 {
		matches!(call, RuntimeCall::Balances(_) | RuntimeCall::Assets(_)) as u32
	}

	fn debit(event: &RuntimeEvent) -> Option<(AccountId, Token, Balance)> {
		match event {
			RuntimeEvent::Balances(pallet_balances::Event::Transfer { from, amount, .. }) => {
				Some((*from, Token::Gen, *amount))
			},
			RuntimeEvent::Assets(pallet_assets::Event::Transferred {
				asset_id,
				from,
				amount,
				..
			}) => token_of(*asset_id).map(|token| (*from, token, *amount)),
			_ => None,
		}
	}
}

/// Funded accounts: GEN and every asset.
const FUNDED: [AccountId; 6] = [ALICE, BOB, CHARLIE, STAMPER, COMPLIANCE, STRANGER];

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut gen: Vec<(AccountId, Balance)> = FUNDED.iter().map(|a| (*a, START)).collect();
	gen.push((ASSET_OWNER, START));
	pallet_balances::GenesisConfig::<Test> { balances: gen, ..Default::default() }
		.assimilate_storage(&mut t)
		.unwrap();
	let accounts = [NEX, FLX, AUR]
		.into_iter()
		.flat_map(|id| FUNDED.iter().map(move |a| (id, *a, START)))
		.collect();
	pallet_assets::GenesisConfig::<Test> {
		assets: vec![
			(NEX, ASSET_OWNER, true, 1),
			(FLX, ASSET_OWNER, true, 1),
			(AUR, ASSET_OWNER, true, 1),
		],
		metadata: vec![],
		accounts,
		next_asset_id: None,
		reserves: vec![],
	}
	.assimilate_storage(&mut t)
	.unwrap();
	pallet_wallets::GenesisConfig::<Test> {
		stampers: vec![STAMPER],
		compliance_authorities: vec![COMPLIANCE],
		..Default::default()
	}
	.assimilate_storage(&mut t)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// The last event of the wallets pallet.
pub fn last_event() -> pallet_wallets::Event<Test> {
	System::events()
		.into_iter()
		.rev()
		.find_map(|r| match r.event {
			RuntimeEvent::Wallets(e) => Some(e),
			_ => None,
		})
		.expect("a wallets event")
}
