//! The `metanode` binary: a Substrate node that runs the Metanode runtime.

#![warn(missing_docs)]
// `sc_cli::Error` and `sc_service::Error` are large by upstream design; every subcommand and
// the service builder return them, as in polkadot-sdk's own node templates.
#![allow(clippy::result_large_err)]

mod chain_spec;
mod cli;
mod command;
mod finality;
mod mining_cli;
mod prewarm;
mod rpc;
mod service;
mod shadow_cli;
mod wallet_cli;

fn main() {
	// Print errors with their message (not their debug form) and exit with a failure code,
	// so a wrong flag or chain spec reads as a sentence that says how to fix the call.
	if let Err(error) = command::run() {
		eprintln!("Error: {error}");
		std::process::exit(1);
	}
}
