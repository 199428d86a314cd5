//! The `metanode` binary: a Substrate node that runs the Metanode runtime.

#![warn(missing_docs)]
// `sc_cli::Error` and `sc_service::Error` are large by upstream design; every subcommand and
// the service builder return them, as in polkadot-sdk's own node templates.
#![allow(clippy::result_large_err)]

mod chain_spec;
mod cli;
mod command;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
