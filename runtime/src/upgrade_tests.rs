//! The next release (`--features next-release`) as a runtime upgrade: its version and the
//! migration it runs when `Executive` sees the new spec version.

use crate::{tests::ext_from_preset, Executive, Runtime, RuntimeOrigin, Wallets, VERSION};
use codec::Encode;
use frame_support::{
	assert_ok,
	storage::{generator::StorageMap as _, unhashed},
	traits::{GetStorageVersion, StorageVersion},
};
use pallet_wallets::{migrations::v1::WalletV0, WalletKind};
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::{Alice, Bob};

#[test]
fn the_next_release_bumps_spec_and_transaction_versions() {
	assert_eq!(VERSION.spec_version, 101);
	assert_eq!(VERSION.transaction_version, 2);
	assert_eq!(&*VERSION.spec_name, "metanode");
}

#[test]
fn the_upgrade_migrates_wallets_to_storage_version_1() {
	ext_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		// The chain as the released runtime left it: wallets at storage version 0 (Alice's
		// genesis wallet and Bob's).
		let bob = Bob.to_account_id();
		assert_ok!(pallet_balances::Pallet::<Runtime>::transfer_keep_alive(
			RuntimeOrigin::signed(Alice.to_account_id()),
			bob.clone().into(),
			10 * crate::tokens::UNIT
		));
		for (who, at) in [(Alice.to_account_id(), 0u32), (bob.clone(), 7)] {
			let label: pallet_wallets::LabelOf<Runtime> = b"v0".to_vec().try_into().unwrap();
			let old =
				WalletV0 { kind: WalletKind::Personal, label, deposit: 1u128, registered_at: at };
			unhashed::put_raw(
				&pallet_wallets::Wallets::<Runtime>::storage_map_final_key(who),
				&old.encode(),
			);
		}
		StorageVersion::new(0).put::<Wallets>();

		// The first block of the new runtime runs the migrations.
		Executive::execute_on_runtime_upgrade();

		assert_eq!(Wallets::on_chain_storage_version(), 1);
		let migrated =
			pallet_wallets::Wallets::<Runtime>::get(&bob).expect("Bob's wallet survives");
		assert_eq!((migrated.registered_at, migrated.updated_at), (7, 7));
		let alice = pallet_wallets::Wallets::<Runtime>::get(Alice.to_account_id()).unwrap();
		assert_eq!(alice.updated_at, 0);
	});
}
