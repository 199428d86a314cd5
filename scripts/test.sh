#!/usr/bin/env bash
# Runs the whole test suite: builds the node (with its Wasm runtime), runs every Rust test
# (pallets, runtime, node, chain-spec drift), then the client tests against real nodes
# (Polkadot.js on a dev chain: economics, shadow registry, mining with the CLI miner; four-validator
# local networks with IBFT, including fault tests, and with GRANDPA).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

"$METANODE_ROOT/scripts/setup.sh" --client
cd "$METANODE_ROOT"

log "building and running the Rust tests (release profile)"
cargo test --release --locked --workspace

log "running the client tests against real nodes"
(cd tests/client && npm test)

log "all tests passed"
