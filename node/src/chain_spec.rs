//! The chain specifications built into `metanode`: `dev` and `local`.
//!
//! Both take their genesis state from the runtime's named presets (`development` and
//! `local_testnet`), so the runtime stays the one source of truth for genesis.

use metanode_primitives::{tokens, SS58_PREFIX};
use metanode_runtime::WASM_BINARY;
use sc_service::{ChainType, Properties};

/// A chain spec of the Metanode runtime.
pub type ChainSpec = sc_service::GenericChainSpec;

/// The chain properties Polkadot.js and wallets read: GEN, 12 decimals, the SS58 prefix.
pub fn chain_properties() -> Properties {
	let mut properties = Properties::new();
	properties.insert("tokenSymbol".into(), tokens::NATIVE_SYMBOL.into());
	properties.insert("tokenDecimals".into(), tokens::DECIMALS.into());
	properties.insert("ss58Format".into(), SS58_PREFIX.into());
	properties
}

fn wasm_binary() -> Result<&'static [u8], String> {
	WASM_BINARY.ok_or_else(|| {
		"The Wasm runtime is not in this binary: it was built with SKIP_WASM_BUILD set. \
		 Rebuild without SKIP_WASM_BUILD, or pass a chain spec file with `--chain`."
			.to_string()
	})
}

/// A chain spec whose genesis is the runtime's preset `preset`.
fn from_preset(
	name: &str,
	id: &str,
	chain_type: ChainType,
	preset: &str,
) -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name(name)
		.with_id(id)
		.with_chain_type(chain_type)
		.with_genesis_config_preset_name(preset)
		.with_properties(chain_properties())
		.build())
}

/// The development chain: Alice alone authors and finalizes, and holds every token.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	from_preset(
		"Metanode Development",
		"metanode_dev",
		ChainType::Development,
		sp_genesis_builder::DEV_RUNTIME_PRESET,
	)
}

/// The local testnet: Alice, Bob, Charlie and Dave author and finalize.
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	from_preset(
		"Metanode Local Testnet",
		"metanode_local",
		ChainType::Local,
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
	)
}
