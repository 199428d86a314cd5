//! Storage migrations of the wallets pallet.
//!
//! The released runtime stores wallets at storage version 0. The `next-release` build (the
//! runtime upgrade that `docs/upgrades.md` walks through) adds `Wallet::updated_at` and
//! migrates every stored wallet to version 1 with [`v1::MigrateV0ToV1`], a
//! `VersionedMigration` that runs once (only while the on-chain version is 0) and sets the
//! on-chain version to 1. Under `try-runtime`, its `pre_upgrade` counts the wallets and its
//! `post_upgrade` checks that every one survived with `updated_at == registered_at`.

/// Version 0 to 1: `Wallet` gains `updated_at`, set to `registered_at`.
#[cfg(feature = "next-release")]
pub mod v1 {
	use crate::{BalanceOf, Config, LabelOf, Pallet, Wallet, WalletKind, Wallets};
	use codec::{Decode, Encode};
	use core::marker::PhantomData;
	use frame_support::{
		migrations::VersionedMigration,
		traits::{Get, UncheckedOnRuntimeUpgrade},
		weights::Weight,
	};
	use frame_system::pallet_prelude::BlockNumberFor;
	#[cfg(feature = "try-runtime")]
	use {alloc::vec::Vec, sp_runtime::TryRuntimeError};

	/// A wallet as storage version 0 stores it.
	#[derive(Encode, Decode)]
	pub struct WalletV0<Label, Balance, BlockNumber> {
		/// What the wallet says it is.
		pub kind: WalletKind,
		/// Its label.
		pub label: Label,
		/// The GEN held from it.
		pub deposit: Balance,
		/// The block it registered in.
		pub registered_at: BlockNumber,
	}

	/// A stored version-0 wallet of `T`.
	pub type WalletV0Of<T> = WalletV0<LabelOf<T>, BalanceOf<T>, BlockNumberFor<T>>;

	/// Rewrites every wallet with `updated_at = registered_at`. Not version-checked: use
	/// [`MigrateV0ToV1`].
	pub struct InnerMigrateV0ToV1<T>(PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV0ToV1<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut migrated = 0u64;
			Wallets::<T>::translate::<WalletV0Of<T>, _>(|_, old| {
				migrated += 1;
				Some(Wallet {
					kind: old.kind,
					label: old.label,
					deposit: old.deposit,
					registered_at: old.registered_at,
					updated_at: old.registered_at,
				})
			});
			log::info!(target: "runtime::wallets", "migrated {migrated} wallets to storage version 1");
			T::DbWeight::get().reads_writes(migrated, migrated)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, TryRuntimeError> {
			let wallets = Wallets::<T>::iter_keys().count() as u32;
			Ok(wallets.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), TryRuntimeError> {
			use frame_support::traits::GetStorageVersion;
			let before = u32::decode(&mut &state[..])
				.map_err(|_| TryRuntimeError::Other("pre_upgrade state does not decode"))?;
			let mut after = 0u32;
			for (_, wallet) in Wallets::<T>::iter() {
				after += 1;
				frame_support::ensure!(
					wallet.updated_at == wallet.registered_at,
					"a migrated wallet's updated_at must be its registered_at"
				);
			}
			frame_support::ensure!(before == after, "every wallet must survive the migration");
			frame_support::ensure!(
				Pallet::<T>::on_chain_storage_version() == 1,
				"the wallets pallet must be at storage version 1"
			);
			Ok(())
		}
	}

	/// The migration to storage version 1: runs [`InnerMigrateV0ToV1`] only if the on-chain
	/// version is 0, then sets it to 1.
	pub type MigrateV0ToV1<T> = VersionedMigration<
		0,
		1,
		InnerMigrateV0ToV1<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;

	#[cfg(test)]
	mod tests {
		use super::*;
		use crate::mock::{
			new_test_ext, AccountId, RuntimeOrigin, System, Test, ALICE, BOB, CHARLIE,
		};
		use frame_support::{
			storage::{generator::StorageMap as _, unhashed},
			traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion},
		};

		fn put_v0(who: AccountId, at: u64) {
			let label: LabelOf<Test> = b"old".to_vec().try_into().unwrap();
			let old = WalletV0 { kind: WalletKind::Bank, label, deposit: 7u128, registered_at: at };
			unhashed::put(&Wallets::<Test>::storage_map_final_key(who), &old);
		}

		#[test]
		fn v0_wallets_gain_updated_at_once() {
			new_test_ext().execute_with(|| {
				StorageVersion::new(0).put::<Pallet<Test>>();
				put_v0(ALICE, 3);
				put_v0(BOB, 5);
				MigrateV0ToV1::<Test>::on_runtime_upgrade();
				assert_eq!(Pallet::<Test>::on_chain_storage_version(), 1);
				let alice = Wallets::<Test>::get(ALICE).unwrap();
				assert_eq!((alice.registered_at, alice.updated_at, alice.deposit), (3, 3, 7));
				assert_eq!(alice.kind, WalletKind::Bank);
				assert_eq!(Wallets::<Test>::get(BOB).unwrap().updated_at, 5);
				// A second run finds version 1 and does nothing.
				put_v0(CHARLIE, 9);
				MigrateV0ToV1::<Test>::on_runtime_upgrade();
				assert!(Wallets::<Test>::get(CHARLIE).is_none(), "left undecodable: not migrated");
			});
		}

		#[test]
		fn an_update_moves_updated_at() {
			new_test_ext().execute_with(|| {
				assert_ok_register();
				System::set_block_number(4);
				frame_support::assert_ok!(crate::Pallet::<Test>::update(
					RuntimeOrigin::signed(ALICE),
					None,
					Some(b"new".to_vec())
				));
				let wallet = Wallets::<Test>::get(ALICE).unwrap();
				assert_eq!((wallet.registered_at, wallet.updated_at), (1, 4));
			});
		}

		fn assert_ok_register() {
			frame_support::assert_ok!(crate::Pallet::<Test>::register(
				RuntimeOrigin::signed(ALICE),
				WalletKind::Personal,
				b"w".to_vec()
			));
		}
	}
}
