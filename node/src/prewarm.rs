//! Compiles new runtime code before the chain runs it.
//!
//! The runtime stages code accepted by `system.set_code` / `apply_authorized_upgrade` for some
//! blocks before writing it to `:code` (`pallet-upgrades`, `docs/upgrades.md`). Executing a
//! new runtime first means compiling its Wasm, which takes seconds; if every validator did it
//! when the first block of the new runtime is due, block production and finality would stall
//! for that long. So this task watches imported blocks for staged code and compiles it at
//! once, on a blocking thread, with its own executor whose Wasmtime cache directory is the
//! client executor's (`service::runtime_executor`): when the code is applied, the client's
//! executor finds it compiled on disk and only loads it. (A separate executor, because an
//! executor locks its in-memory runtime cache while it compiles: compiling with the client's
//! own would hold up every runtime call, block authoring included, for the whole compile.)
//!
//! The compilation runs on one thread of the lowest scheduling priority (its own Rayon pool,
//! which Wasmtime's parallel compilation then uses), so that importing and authoring blocks,
//! which cannot wait, always come first.

use codec::Decode;
use futures::StreamExt;
use metanode_runtime::{opaque::Block, BlockNumber};
use pallet_upgrades::StagedUpgrade;
use sc_client_api::{Backend, BlockchainEvents, StorageProvider};
use sp_core::{
	storage::StorageKey,
	traits::{CallContext, CodeExecutor, RuntimeCode, WrappedRuntimeCode},
	H256,
};
use std::{borrow::Cow, sync::Arc, time::Instant};

const LOG_TARGET: &str = "metanode::prewarm";

/// The storage key of `Upgrades::StagedCode`.
pub fn staged_code_key() -> StorageKey {
	StorageKey(frame_support::storage::storage_prefix(b"Upgrades", b"StagedCode").to_vec())
}

/// The storage key of `Upgrades::StagedCodeBlob`.
pub fn staged_blob_key() -> StorageKey {
	StorageKey(frame_support::storage::storage_prefix(b"Upgrades", b"StagedCodeBlob").to_vec())
}

/// Watches imported blocks for staged runtime code and compiles each new one once.
pub async fn run<C, BE, E>(client: Arc<C>, executor: E)
where
	C: BlockchainEvents<Block> + StorageProvider<Block, BE> + Send + Sync + 'static,
	BE: Backend<Block> + 'static,
	E: CodeExecutor + Clone + Send + 'static,
{
	let mut imports = client.import_notification_stream();
	let mut compiled: Option<H256> = None;
	while let Some(notification) = imports.next().await {
		let Some(staged) = staged_at(&*client, notification.hash) else { continue };
		if compiled == Some(staged.code_hash) {
			continue;
		}
		let code = match client.storage(notification.hash, &staged_blob_key()) {
			Ok(Some(raw)) => match Vec::<u8>::decode(&mut &raw.0[..]) {
				Ok(code) => code,
				Err(e) => {
					log::warn!(target: LOG_TARGET, "staged code does not decode: {e}");
					continue;
				},
			},
			_ => continue,
		};
		compiled = Some(staged.code_hash);
		let executor = executor.clone();
		let hash = staged.code_hash;
		log::info!(
			target: LOG_TARGET,
			"compiling the staged runtime {hash:?} ({} bytes), applied at block #{}",
			code.len(),
			staged.apply_at
		);
		match tokio::task::spawn_blocking(move || compile_in_background(&executor, code, hash))
			.await
		{
			Ok(Ok(ms)) => log::info!(
				target: LOG_TARGET,
				"compiled the staged runtime {hash:?} in {ms} ms, ahead of its block"
			),
			Ok(Err(e)) => log::warn!(
				target: LOG_TARGET,
				"compiling the staged runtime {hash:?} failed ({e}); it will be compiled when it \
				 runs"
			),
			Err(e) => log::warn!(target: LOG_TARGET, "the compiling thread failed: {e}"),
		}
	}
}

/// The staged code's description at `block`, if any.
fn staged_at<C, BE>(client: &C, block: H256) -> Option<StagedUpgrade<H256, BlockNumber>>
where
	C: StorageProvider<Block, BE>,
	BE: Backend<Block>,
{
	let raw = client.storage(block, &staged_code_key()).ok()??;
	StagedUpgrade::decode(&mut &raw.0[..]).ok()
}

/// [`compile`] on a single thread of the lowest priority.
fn compile_in_background<E: CodeExecutor>(
	executor: &E,
	code: Vec<u8>,
	hash: H256,
) -> Result<u128, String> {
	let pool = rayon::ThreadPoolBuilder::new()
		.num_threads(1)
		.thread_name(|_| "runtime-prewarm".into())
		.start_handler(|_| lowest_priority())
		.build()
		.map_err(|e| format!("cannot start the compiling thread: {e}"))?;
	pool.install(|| compile(executor, code, hash))
}

/// Gives the calling thread the lowest scheduling priority (nice 19), where the platform can.
fn lowest_priority() {
	#[cfg(target_os = "linux")]
	// SAFETY: `setpriority` only reads its arguments; on Linux, `who = 0` with `PRIO_PROCESS`
	// is the calling thread. A failure leaves the priority as it was, which is harmless.
	unsafe {
		libc::setpriority(libc::PRIO_PROCESS, 0, 19);
	}
}

/// Instantiates `code` in `executor` (compiling it into its cache) by calling `Core_version`.
/// Returns the milliseconds it took.
pub fn compile<E: CodeExecutor>(executor: &E, code: Vec<u8>, hash: H256) -> Result<u128, String> {
	let started = Instant::now();
	let fetcher = WrappedRuntimeCode(Cow::Owned(code));
	// The cache is keyed by the hash of `:code` as the state gives it: blake2-256 of the blob,
	// as `Upgrades::StagedCode` records it; no heap pages override, as the chain sets none.
	let runtime_code =
		RuntimeCode { code_fetcher: &fetcher, heap_pages: None, hash: hash.as_bytes().to_vec() };
	let mut ext = sp_state_machine::BasicExternalities::new_empty();
	let (result, _) = executor.call(
		&mut ext,
		&runtime_code,
		"Core_version",
		&[],
		CallContext::Onchain { import: false },
	);
	result.map(|_| started.elapsed().as_millis()).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_keys_are_the_pallets_storage_keys() {
		use frame_support::storage::generator::StorageValue as _;
		assert_eq!(
			staged_code_key().0,
			pallet_upgrades::StagedCode::<metanode_runtime::Runtime>::storage_value_final_key()
				.to_vec()
		);
		assert_eq!(
			staged_blob_key().0,
			pallet_upgrades::StagedCodeBlob::<metanode_runtime::Runtime>::storage_value_final_key()
				.to_vec()
		);
	}

	#[test]
	fn a_runtime_compiled_by_one_executor_loads_fast_in_another_sharing_its_directory() {
		let code = metanode_runtime::WASM_BINARY.expect("the Wasm runtime is built").to_vec();
		let hash = sp_io::hashing::blake2_256(&code).into();
		let dir =
			std::env::temp_dir().join(format!("metanode-prewarm-test-{}", std::process::id()));
		let executor = || {
			sc_executor::WasmExecutor::<sp_io::SubstrateHostFunctions>::builder()
				.with_cache_path(dir.clone())
				.build()
		};
		let first = compile(&executor(), code.clone(), hash).expect("the runtime compiles");
		// A fresh executor (an empty in-memory cache), as the client's is when the code runs.
		let second = compile(&executor(), code, hash).expect("the runtime loads");
		let _ = std::fs::remove_dir_all(&dir);
		assert!(second * 3 < first.max(3), "compiled in {first} ms, loaded in {second} ms");
	}
}
