//! The chain specs committed in `chain-specs/` must be what the binary produces.
//!
//! Every field is compared exactly, except the genesis Wasm blob itself: its bytes depend on
//! the compiler and the build machine, so for it the test checks instead that it is a
//! Metanode runtime of the same `spec_name`, `spec_version` and `transaction_version` as the
//! binary's runtime. A genesis change (preset, properties, boot nodes) or a runtime version
//! bump without regenerated specs fails here: run `./scripts/generate-chain-specs.sh`.

use sc_executor::read_embedded_version;
use sc_executor_common::runtime_blob::RuntimeBlob;
use serde_json::Value;
use std::{path::PathBuf, process::Command};

/// Storage key of the runtime code (`:code`), hex encoded as in raw chain specs.
const CODE_KEY: &str = "0x3a636f6465";

fn chain_specs_dir() -> PathBuf {
	PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../chain-specs")
}

fn exported_spec(chain: &str, raw: bool) -> Value {
	let mut cmd = Command::new(env!("CARGO_BIN_EXE_metanode"));
	cmd.args(["export-chain-spec", "--chain", chain]);
	if raw {
		cmd.arg("--raw");
	}
	let out = cmd.output().expect("metanode runs");
	assert!(
		out.status.success(),
		"export-chain-spec failed: {}",
		String::from_utf8_lossy(&out.stderr)
	);
	serde_json::from_slice(&out.stdout).expect("export-chain-spec prints JSON")
}

fn committed_spec(file: &str) -> Value {
	let path = chain_specs_dir().join(file);
	let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
		panic!("{} is missing ({e}); run ./scripts/generate-chain-specs.sh", path.display())
	});
	serde_json::from_str(&text).expect("committed chain spec is JSON")
}

/// Where the genesis code sits in a plain or a raw spec.
fn code_slot(spec: &mut Value, raw: bool) -> &mut Value {
	if raw {
		&mut spec["genesis"]["raw"]["top"][CODE_KEY]
	} else {
		&mut spec["genesis"]["runtimeGenesis"]["code"]
	}
}

/// Takes the Wasm code out of `spec` and returns its runtime version.
fn take_code_version(spec: &mut Value, raw: bool) -> sp_version::RuntimeVersion {
	let code = code_slot(spec, raw).take();
	let hex = code.as_str().expect("the spec holds the runtime code as a hex string");
	let bytes = sp_core::bytes::from_hex(hex).expect("the code is hex");
	let blob = RuntimeBlob::uncompress_if_needed(&bytes).expect("the code is a Wasm blob");
	read_embedded_version(&blob)
		.expect("the runtime version section is readable")
		.expect("the runtime has a version section")
}

fn check(chain: &str, raw: bool) {
	let file = if raw { format!("{chain}-raw.json") } else { format!("{chain}.json") };
	let mut committed = committed_spec(&file);
	let mut exported = exported_spec(chain, raw);

	let committed_version = take_code_version(&mut committed, raw);
	let exported_version = take_code_version(&mut exported, raw);
	let binary_version = metanode_runtime::VERSION;
	for version in [&committed_version, &exported_version] {
		assert_eq!(version.spec_name, binary_version.spec_name, "{file}: spec_name");
		assert_eq!(
			version.spec_version, binary_version.spec_version,
			"{file}: spec_version drifted; run ./scripts/generate-chain-specs.sh"
		);
		assert_eq!(
			version.transaction_version, binary_version.transaction_version,
			"{file}: transaction_version drifted; run ./scripts/generate-chain-specs.sh"
		);
	}

	assert!(
		committed == exported,
		"chain-specs/{file} differs from `metanode export-chain-spec --chain {chain}{}`; \
		 run ./scripts/generate-chain-specs.sh",
		if raw { " --raw" } else { "" }
	);
}

#[test]
fn dev_spec_has_not_drifted() {
	check("dev", false);
}

#[test]
fn dev_raw_spec_has_not_drifted() {
	check("dev", true);
}

#[test]
fn local_spec_has_not_drifted() {
	check("local", false);
}

#[test]
fn local_raw_spec_has_not_drifted() {
	check("local", true);
}

#[test]
fn the_specs_name_gen_with_twelve_decimals() {
	for file in ["dev.json", "local.json"] {
		let spec = committed_spec(file);
		assert_eq!(spec["properties"]["tokenSymbol"], "GEN", "{file}");
		assert_eq!(spec["properties"]["tokenDecimals"], 12, "{file}");
		assert_eq!(spec["properties"]["ss58Format"], 42, "{file}");
	}
}

#[test]
fn an_unknown_chain_gets_a_helpful_error() {
	let out = Command::new(env!("CARGO_BIN_EXE_metanode"))
		.args(["export-chain-spec", "--chain", "no-such-chain.json"])
		.output()
		.expect("metanode runs");
	assert!(!out.status.success());
	let stderr = String::from_utf8_lossy(&out.stderr);
	assert!(stderr.contains("--chain dev"), "stderr was: {stderr}");
}
