//! A test runtime: `frame_system`, `pallet-balances` (for `pallet-session`'s key deposits),
//! `pallet-session` with a scriptable session manager, and `pallet-ibft` as its only session
//! key. Transactions carry the `AuthorizeCall` extension, as in the Metanode runtime.

use crate::{self as pallet_ibft, AuthorityId, EquivocationOffence, OnEquivocation};
use core::cell::RefCell;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64},
	weights::Weight,
};
use metanode_ibft_primitives::AuthorityPair;
use sp_application_crypto::Pair;
use sp_core::H256;
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
use sp_runtime::{
	generic, impl_opaque_keys,
	testing::UintAuthorityId,
	traits::{BlakeTwo256, ConvertInto, OpaqueKeys},
	BuildStorage,
};

/// Blocks per session: sessions start at blocks 5, 10, 15, ...
pub const SESSION_LENGTH: u64 = 5;

/// The transaction extensions: only the one that authorizes calls.
pub type TxExtension = (frame_system::AuthorizeCall<Test>,);
pub type Header = generic::Header<u64, BlakeTwo256>;
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<u64, RuntimeCall, UintAuthorityId, TxExtension>;
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Session: pallet_session,
		Ibft: pallet_ibft,
	}
);

impl_opaque_keys! {
	pub struct MockSessionKeys {
		pub ibft: Ibft,
	}
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
}

thread_local! {
	/// What the session manager answers when asked for the next session's validators.
	static NEXT_VALIDATORS: RefCell<Option<Vec<u64>>> = const { RefCell::new(None) };
	/// The offences `OnOffence` received.
	static OFFENCES: RefCell<Vec<EquivocationOffence>> = const { RefCell::new(Vec::new()) };
}

/// Plans the validators of the session after the next rotation.
pub fn plan_validators(validators: Vec<u64>) {
	NEXT_VALIDATORS.with(|next| *next.borrow_mut() = Some(validators));
}

/// The offences handed to `Config::OnOffence` so far.
pub fn offences() -> Vec<EquivocationOffence> {
	OFFENCES.with(|offences| offences.borrow().clone())
}

/// A session manager that returns the planned validators once, then keeps them.
pub struct TestSessionManager;
impl pallet_session::SessionManager<u64> for TestSessionManager {
	fn new_session(_: u32) -> Option<Vec<u64>> {
		NEXT_VALIDATORS.with(|next| next.borrow_mut().take())
	}
	fn end_session(_: u32) {}
	fn start_session(_: u32) {}
}

impl pallet_session::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = u64;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = pallet_session::PeriodicSessions<ConstU64<SESSION_LENGTH>, ConstU64<0>>;
	type NextSessionRotation =
		pallet_session::PeriodicSessions<ConstU64<SESSION_LENGTH>, ConstU64<0>>;
	type SessionManager = TestSessionManager;
	type SessionHandler = <MockSessionKeys as OpaqueKeys>::KeyTypeIdProviders;
	type Keys = MockSessionKeys;
	type DisablingStrategy = ();
	type WeightInfo = ();
	type Currency = Balances;
	type KeyDeposit = ();
}

/// Records the offences it receives.
pub struct RecordOffences;
impl OnEquivocation for RecordOffences {
	fn on_equivocation(offence: &EquivocationOffence) {
		OFFENCES.with(|offences| offences.borrow_mut().push(offence.clone()));
	}
	fn weight() -> Weight {
		Weight::from_parts(1_000, 0)
	}
}

parameter_types! {
	pub const MaxAuthorities: u32 = 100;
}

impl pallet_ibft::Config for Test {
	type WeightInfo = ();
	type MaxAuthorities = MaxAuthorities;
	type ReportableSets = ConstU32<3>;
	type MaxReportsPerOffender = ConstU32<4>;
	type OnOffence = RecordOffences;
}

impl<C> frame_system::offchain::CreateTransactionBase<C> for Test
where
	RuntimeCall: From<C>,
{
	type RuntimeCall = RuntimeCall;
	type Extrinsic = UncheckedExtrinsic;
}

impl<C> frame_system::offchain::CreateTransaction<C> for Test
where
	RuntimeCall: From<C>,
{
	type Extension = TxExtension;
	fn create_transaction(call: RuntimeCall, extension: TxExtension) -> UncheckedExtrinsic {
		UncheckedExtrinsic::new_transaction(call, extension)
	}
}

impl<C> frame_system::offchain::CreateAuthorizedTransaction<C> for Test
where
	RuntimeCall: From<C>,
{
	fn create_extension() -> TxExtension {
		(frame_system::AuthorizeCall::<Test>::new(),)
	}
}

/// The IBFT key pair of validator `who` (validators are `u64` account ids).
pub fn key_pair(who: u64) -> AuthorityPair {
	let mut seed = [0u8; 32];
	seed[..8].copy_from_slice(&who.to_le_bytes());
	seed[8..12].copy_from_slice(b"ibft");
	AuthorityPair::from_seed(&seed)
}

/// The IBFT key of validator `who`.
pub fn key(who: u64) -> AuthorityId {
	key_pair(who).public()
}

/// The sorted IBFT keys of `validators`.
pub fn keys(validators: impl IntoIterator<Item = u64>) -> Vec<AuthorityId> {
	let mut keys: Vec<_> = validators.into_iter().map(key).collect();
	keys.sort();
	keys
}

/// Validators 1..=`validators` are active from genesis (their keys reach `pallet-ibft`
/// through `pallet-session`), and 11..=20 have session keys but are not active, so a test
/// can bring them in by planning them.
pub fn new_test_ext(validators: u64) -> sp_io::TestExternalities {
	NEXT_VALIDATORS.with(|next| *next.borrow_mut() = None);
	OFFENCES.with(|offences| offences.borrow_mut().clear());
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let session_keys = |who: u64| (who, who, MockSessionKeys { ibft: key(who) });
	pallet_session::GenesisConfig::<Test> {
		keys: (1..=validators).map(session_keys).collect(),
		non_authority_keys: (11..=20).map(session_keys).collect(),
	}
	.assimilate_storage(&mut storage)
	.unwrap();

	let mut ext = sp_io::TestExternalities::new(storage);
	ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs blocks up to `n`, each with a fresh digest and fresh events, so a test sees the
/// digest and events of block `n` only.
pub fn run_to_block(n: u64) {
	use frame_support::traits::{OnFinalize, OnInitialize};
	while System::block_number() < n {
		let now = System::block_number();
		AllPalletsWithSystem::on_finalize(now);
		let next = now + 1;
		System::reset_events();
		System::initialize(&next, &H256::repeat_byte(next as u8), &Default::default());
		AllPalletsWithSystem::on_initialize(next);
	}
}

/// Runs to the first block of session `index`.
pub fn start_session(index: u32) {
	run_to_block(u64::from(index) * SESSION_LENGTH);
	assert_eq!(Session::current_index(), index);
}
