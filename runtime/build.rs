//! Builds the runtime's Wasm (embedded in the node and put on chain at genesis) and, with
//! METANODE_BUILD_NEXT_RUNTIME=1, two more from the same source for upgrade tests:
//! `metanode_runtime_next` (feature `next-release`: spec version 101 with a storage
//! migration) and `metanode_runtime_next_try` (the same with `try-runtime`, for
//! `chopsticks try-runtime`). All three share the Wasm build's dependencies; each is written
//! to `<target>/release/wbuild/metanode-runtime/<name>.compact.compressed.wasm`.

fn main() {
	#[cfg(feature = "std")]
	{
		#[cfg(feature = "metadata-hash")]
		substrate_wasm_builder::WasmBuilder::init_with_defaults()
			.enable_metadata_hash("GEN", 12)
			.build();

		#[cfg(not(feature = "metadata-hash"))]
		substrate_wasm_builder::WasmBuilder::build_using_defaults();

		println!("cargo:rerun-if-env-changed=METANODE_BUILD_NEXT_RUNTIME");
		if std::env::var("METANODE_BUILD_NEXT_RUNTIME").is_ok_and(|v| v == "1") {
			substrate_wasm_builder::WasmBuilder::init_with_defaults()
				.enable_feature("next-release")
				.set_file_name("metanode_runtime_next")
				.build();
			substrate_wasm_builder::WasmBuilder::init_with_defaults()
				.enable_feature("next-release")
				.enable_feature("try-runtime")
				.set_file_name("metanode_runtime_next_try")
				.build();
		}
	}
}
