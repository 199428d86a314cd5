//! Benchmarks of the shadow registry: every call and the `on_initialize` hook (idle, closing a
//! range, pruning receipts).
//!
//! Every benchmark takes the largest inputs: 63-byte ids and method, 256 bytes of metadata,
//! 16 capabilities. Requests are signed by a key of the keystore (`ed25519_generate` under the
//! key type `shdw`), so the benchmark host must provide one (`metanode benchmark pallet` and
//! the mock do). The dispatched call comes from [`Config::BenchmarkHelper`].

use super::*;
use crate::Pallet as ShadowRegistry;
use alloc::{boxed::Box, vec, vec::Vec};
use codec::Encode;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{
		fungible::{Inspect, Mutate},
		EnsureOrigin, Get, Hooks,
	},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_core::{crypto::KeyTypeId, H256};
use sp_runtime::traits::{Bounded, One, Saturating};

const SEED: u32 = 0;
/// The keystore key type of the benchmark's system key.
const KEY_TYPE: KeyTypeId = KeyTypeId(*b"shdw");

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, SEED);
	let deposits = T::SystemDeposit::get()
		.saturating_add(T::TargetDeposit::get())
		.saturating_add(T::GrantDeposit::get())
		.saturating_add(T::Currency::minimum_balance());
	T::Currency::set_balance(&who, deposits.saturating_mul(1_000u32.into()));
	who
}

/// A 63-byte id starting with `tag`.
fn max_id(tag: u8) -> SystemId {
	let mut id = vec![b'x'; MAX_ID_LEN as usize];
	id[0] = tag;
	BoundedVec::truncate_from(id)
}

fn max_method() -> Method {
	BoundedVec::truncate_from(vec![b'm'; MAX_METHOD_LEN as usize])
}

fn max_metadata() -> Metadata {
	BoundedVec::truncate_from(vec![0xa5; MAX_METADATA_LEN as usize])
}

/// 16 capabilities, `needed` among them.
fn max_capabilities(needed: Capability) -> Capabilities {
	let mut all = vec![needed, Capability::Transfer, Capability::AssetTransfer, Capability::Record];
	all.extend((0..MAX_CAPABILITIES).map(Capability::Custom));
	let mut set = Capabilities::new();
	for capability in all {
		if set.len() as u32 == MAX_CAPABILITIES {
			break;
		}
		let _ = set.try_insert(capability);
	}
	set
}

fn new_key() -> SystemKey {
	sp_io::crypto::ed25519_generate(KEY_TYPE, None)
}

fn sign(key: &SystemKey, message: &[u8]) -> Result<SystemSignature, BenchmarkError> {
	sp_io::crypto::ed25519_sign(KEY_TYPE, key, message)
		.ok_or(BenchmarkError::Stop("the keystore cannot sign with the benchmark key"))
}

fn now<T: Config>() -> BlockNumberFor<T> {
	frame_system::Pallet::<T>::block_number()
}

/// Registers a system with the largest inputs, owned by a funded account.
fn system<T: Config>(key: SystemKey, needed: Capability) -> (T::AccountId, SystemId) {
	let owner = funded::<T>("owner", 0);
	let system_id = max_id(b's');
	ShadowRegistry::<T>::register_system(
		RawOrigin::Signed(owner.clone()).into(),
		system_id.clone(),
		key,
		max_capabilities(needed),
		max_metadata(),
	)
	.expect("a funded owner registers a fresh system; qed");
	(owner, system_id)
}

/// Registers a target with the largest inputs, owned by a funded account.
fn target<T: Config>(kind: TargetKind) -> (T::AccountId, TargetId) {
	let owner = funded::<T>("target-owner", 0);
	let target_id = max_id(b't');
	ShadowRegistry::<T>::register_target(
		RawOrigin::Signed(owner.clone()).into(),
		target_id.clone(),
		kind,
		H256::repeat_byte(1),
		max_metadata(),
	)
	.expect("a funded owner registers a fresh target; qed");
	(owner, target_id)
}

/// A funded account that granted `system_id` every capability the system has.
fn granter<T: Config>(system_id: &SystemId, needed: Capability) -> T::AccountId {
	let granter = funded::<T>("granter", 0);
	ShadowRegistry::<T>::grant(
		RawOrigin::Signed(granter.clone()).into(),
		system_id.clone(),
		max_capabilities(needed),
		BlockNumberFor::<T>::max_value(),
	)
	.expect("the granter can grant a registered system; qed");
	granter
}

/// Fills the open range up to one free slot, so the request appends to the longest leaves.
fn almost_full_range<T: Config>() {
	let free = T::MaxReceiptsPerRange::get().saturating_sub(1);
	let leaves: Vec<H256> =
		(0..free).map(|i| H256(sp_io::hashing::blake2_256(&i.encode()))).collect();
	let leaves = BoundedVec::<H256, T::MaxReceiptsPerRange>::truncate_from(leaves);
	let range = CurrentRange::<T>::get();
	NextReceiptId::<T>::put(range.first_receipt.saturating_add(u64::from(free)));
	// The receipts of those leaves are not stored: as if they were pruned.
	Pruning::<T>::put(PruneCursor {
		range: range.index,
		next_receipt: range.first_receipt.saturating_add(u64::from(free)),
	});
	RangeLeaves::<T>::insert(range.index, leaves);
}

/// A signed request of the largest size to `target_id`.
fn signed_request<T: Config>(
	key: &SystemKey,
	system_id: SystemId,
	account: T::AccountId,
	target_id: TargetId,
	params: RequestParams<<T as Config>::RuntimeCall>,
) -> Result<(BridgeRequestOf<T>, SystemSignature), BenchmarkError> {
	LastNonce::<T>::insert(&system_id, 41);
	let request = BridgeRequest {
		system_id,
		nonce: 42,
		account,
		target: target_id,
		method: max_method(),
		params,
		compliance: Compliance {
			gdpr: true,
			hipaa: true,
			pci: true,
			retention_days: 3_650,
			jurisdiction: *b"EU",
		},
	};
	let signature = sign(key, &ShadowRegistry::<T>::payload(&request).encode())?;
	Ok((request, signature))
}

/// A stored receipt of the largest size (not committed anywhere).
fn stored_receipt<T: Config>(id: u64, block: BlockNumberFor<T>, range: u32) -> H256 {
	let receipt = ShadowReceipt {
		receipt_id: id,
		request_id: H256::repeat_byte(2),
		commitment: H256::repeat_byte(3),
		system_id: max_id(b's'),
		nonce: id,
		account: account("granter", 0, SEED),
		target: max_id(b't'),
		outcome: RequestOutcome::DispatchFailed(sp_runtime::DispatchError::Other("failed")),
		block,
		timestamp: 1,
		compliance: Compliance::default(),
		range,
	};
	let leaf = receipt_leaf(&receipt);
	SystemReceipts::<T>::insert(
		&receipt.system_id,
		receipt_key(sp_runtime::SaturatedConversion::saturated_into(block), id),
		(),
	);
	Receipts::<T>::insert(id, receipt);
	leaf
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_system() {
		let owner = funded::<T>("owner", 0);
		let system_id = max_id(b's');

		#[extrinsic_call]
		_(
			RawOrigin::Signed(owner),
			system_id.clone(),
			new_key(),
			max_capabilities(Capability::Transfer),
			max_metadata(),
		);

		assert!(Systems::<T>::contains_key(&system_id));
	}

	#[benchmark]
	fn rotate_key() {
		let (owner, system_id) = system::<T>(new_key(), Capability::Transfer);
		let key = new_key();

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), system_id.clone(), key);

		assert_eq!(Systems::<T>::get(&system_id).map(|s| s.key), Some(key));
	}

	#[benchmark]
	fn deregister_system() {
		let (owner, system_id) = system::<T>(new_key(), Capability::Transfer);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), system_id.clone());

		assert!(!Systems::<T>::contains_key(&system_id));
	}

	#[benchmark]
	fn force_deregister_system() -> Result<(), BenchmarkError> {
		let origin =
			T::ForceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let (_, system_id) = system::<T>(new_key(), Capability::Transfer);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, system_id.clone());

		assert!(!Systems::<T>::contains_key(&system_id));
		Ok(())
	}

	#[benchmark]
	fn register_target() {
		let owner = funded::<T>("target-owner", 0);
		let target_id = max_id(b't');

		#[extrinsic_call]
		_(
			RawOrigin::Signed(owner),
			target_id.clone(),
			TargetKind::Record { capability: Capability::Custom(u32::MAX) },
			H256::repeat_byte(1),
			max_metadata(),
		);

		assert!(Targets::<T>::contains_key(&target_id));
	}

	#[benchmark]
	fn deregister_target() {
		let (owner, target_id) = target::<T>(TargetKind::Dispatch);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), target_id.clone());

		assert!(!Targets::<T>::contains_key(&target_id));
	}

	#[benchmark]
	fn force_deregister_target() -> Result<(), BenchmarkError> {
		let origin =
			T::ForceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let (_, target_id) = target::<T>(TargetKind::Dispatch);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, target_id.clone());

		assert!(!Targets::<T>::contains_key(&target_id));
		Ok(())
	}

	#[benchmark]
	fn grant() {
		let (_, system_id) = system::<T>(new_key(), Capability::Transfer);
		let granter = funded::<T>("granter", 0);
		let expires_at = now::<T>().saturating_add(1_000u32.into());

		#[extrinsic_call]
		_(
			RawOrigin::Signed(granter.clone()),
			system_id.clone(),
			max_capabilities(Capability::Transfer),
			expires_at,
		);

		assert!(Grants::<T>::contains_key(&granter, &system_id));
	}

	#[benchmark]
	fn revoke_grant() {
		let (_, system_id) = system::<T>(new_key(), Capability::Transfer);
		let granter = granter::<T>(&system_id, Capability::Transfer);

		#[extrinsic_call]
		_(RawOrigin::Signed(granter.clone()), system_id.clone());

		assert!(!Grants::<T>::contains_key(&granter, &system_id));
	}

	/// A request to a record target: signature check, nonce, grant, receipt.
	#[benchmark]
	fn submit_request_record() -> Result<(), BenchmarkError> {
		let needed = Capability::Record;
		let key = new_key();
		let (_, system_id) = system::<T>(key, needed);
		let (_, target_id) = target::<T>(TargetKind::Record { capability: needed });
		let granter = granter::<T>(&system_id, needed);
		let relayer = funded::<T>("relayer", 0);
		almost_full_range::<T>();
		let params = RequestParams::Hash(H256::repeat_byte(9));
		let (request, signature) =
			signed_request::<T>(&key, system_id, granter, target_id, params)?;
		let id = NextReceiptId::<T>::get();

		#[extrinsic_call]
		submit_request(RawOrigin::Signed(relayer), Box::new(request), signature);

		assert_eq!(Receipts::<T>::get(id).map(|r| r.outcome), Some(RequestOutcome::Recorded));
		Ok(())
	}

	/// A request to a dispatch target, with the helper's call (its own weight is measured
	/// with it; the pallet adds the call's declared weight on top, which over-estimates).
	#[benchmark]
	fn submit_request_dispatch() -> Result<(), BenchmarkError> {
		let key = new_key();
		let granter_account: T::AccountId = account("granter", 0, SEED);
		let call = T::BenchmarkHelper::dispatch_call(&granter_account);
		let needed = T::CallCapability::capability(&call)
			.ok_or(BenchmarkError::Stop("CallCapability must map the helper's call"))?;
		let (_, system_id) = system::<T>(key, needed);
		let (_, target_id) = target::<T>(TargetKind::Dispatch);
		let granter = granter::<T>(&system_id, needed);
		let relayer = funded::<T>("relayer", 0);
		almost_full_range::<T>();
		let params = RequestParams::Call(Box::new(call));
		let (request, signature) =
			signed_request::<T>(&key, system_id, granter, target_id, params)?;
		let id = NextReceiptId::<T>::get();

		#[extrinsic_call]
		submit_request(RawOrigin::Signed(relayer), Box::new(request), signature);

		assert_eq!(Receipts::<T>::get(id).map(|r| r.outcome), Some(RequestOutcome::Dispatched));
		Ok(())
	}

	/// `on_initialize` with neither a range to close nor receipts old enough to prune (but a
	/// committed range to look at).
	#[benchmark]
	fn on_initialize_idle() {
		let now: BlockNumberFor<T> = 10u32.into();
		CurrentRange::<T>::put(OpenRange { index: 1, start: now, first_receipt: 1 });
		RangeRoots::<T>::insert(
			0,
			RangeCommitment {
				range: 0,
				start_block: One::one(),
				end_block: now,
				first_receipt: 0,
				count: 1,
				root: H256::repeat_byte(4),
			},
		);

		#[block]
		{
			ShadowRegistry::<T>::on_initialize(now);
		}

		assert_eq!(CurrentRange::<T>::get().index, 1);
	}

	/// `on_initialize` closing a range of `n` receipts: the Merkle root of `n` leaves.
	#[benchmark]
	fn close_range(n: Linear<0, { T::MaxReceiptsPerRange::get() }>) {
		let start: BlockNumberFor<T> = One::one();
		CurrentRange::<T>::put(OpenRange { index: 0, start, first_receipt: 0 });
		let leaves: Vec<H256> =
			(0..n).map(|i| H256(sp_io::hashing::blake2_256(&i.encode()))).collect();
		RangeLeaves::<T>::insert(0, BoundedVec::<_, T::MaxReceiptsPerRange>::truncate_from(leaves));
		NextReceiptId::<T>::put(u64::from(n));
		let now = start.saturating_add(T::RangeLength::get());

		#[block]
		{
			ShadowRegistry::<T>::on_initialize(now);
		}

		assert_eq!(RangeRoots::<T>::get(0).map(|c| c.count), (n > 0).then_some(n));
		assert_eq!(CurrentRange::<T>::get().start, now);
	}

	/// `on_initialize` pruning `n` receipts, the last of their range (so its leaves go too).
	#[benchmark]
	fn prune_receipts(n: Linear<1, { T::MaxPrunePerBlock::get() }>) {
		let block: BlockNumberFor<T> = One::one();
		let leaves: Vec<H256> =
			(0..u64::from(n)).map(|id| stored_receipt::<T>(id, block, 0)).collect();
		RangeLeaves::<T>::insert(0, BoundedVec::<_, T::MaxReceiptsPerRange>::truncate_from(leaves));
		let end_block = block.saturating_add(One::one());
		RangeRoots::<T>::insert(
			0,
			RangeCommitment {
				range: 0,
				start_block: block,
				end_block,
				first_receipt: 0,
				count: n,
				root: H256::repeat_byte(4),
			},
		);
		let now = end_block.saturating_add(T::ReceiptRetention::get());
		CurrentRange::<T>::put(OpenRange { index: 1, start: now, first_receipt: u64::from(n) });
		NextReceiptId::<T>::put(u64::from(n));

		#[block]
		{
			ShadowRegistry::<T>::on_initialize(now);
		}

		assert_eq!(Pruning::<T>::get(), PruneCursor { range: 1, next_receipt: u64::from(n) });
		assert!(Receipts::<T>::iter_keys().next().is_none());
	}

	impl_benchmark_test_suite!(ShadowRegistry, crate::mock::new_test_ext(), crate::mock::Test);
}
