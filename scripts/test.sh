#!/usr/bin/env bash
# Runs the whole test suite: builds the node (with its Wasm runtime and the next release's
# Wasm, to try upgrades with), runs every Rust test (pallets, runtime, node, chain-spec
# drift, the next release's migration), then the client tests against real nodes
# (Polkadot.js on a dev chain: economics, shadow registry, mining with the CLI miner, wallets
# with the CLI, try-runtime; four-validator local networks with IBFT, including fault tests,
# the Polkadot.js compatibility suite and runtime upgrades, and with GRANDPA), then the
# zombienet networks.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

"$METANODE_ROOT/scripts/setup.sh" --client
cd "$METANODE_ROOT"

# Also build `metanode_runtime_next` (spec version 101, with a storage migration) and its
# try-runtime twin next to the node's runtime: the upgrade tests apply them (runtime/build.rs).
export METANODE_BUILD_NEXT_RUNTIME=1

log "building and running the Rust tests (release profile)"
cargo test --release --locked --workspace

log "running the next release's Rust tests (feature next-release: the wallets migration)"
# Native only: the Wasm files of the next release were built above.
SKIP_WASM_BUILD=1 cargo test --release --locked -p pallet-wallets -p metanode-runtime \
	--features next-release

log "running the client tests against real nodes"
(cd tests/client && npm test)

log "running the zombienet tests (ibft-4, ibft-6, runtime upgrade)"
"$METANODE_ROOT/scripts/zombienet.sh"

log "all tests passed"
