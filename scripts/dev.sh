#!/usr/bin/env bash
# Builds `metanode` if needed and starts a development chain: one authority (Alice),
# blocks sealed and finalized at once, a fresh database each start (unless you pass
# `--base-path`). Extra arguments go to the node, e.g. `./scripts/dev.sh --rpc-external`.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

"$METANODE_ROOT/scripts/setup.sh"

log "building metanode (release profile; a first build takes a while)"
# The same targets and features as the test command, so the two share every artefact.
(cd "$METANODE_ROOT" && cargo build --release --locked --workspace --all-targets)

cat >&2 <<MSG

==> starting the Metanode dev chain
    JSON-RPC:      ws://127.0.0.1:9944
    Polkadot.js:   https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A9944
    Dev accounts:  Alice holds all four tokens (GEN, NEX, FLX, AUR)
    Stop:          Ctrl-C

MSG
# `--dev` already means a temporary database (unless `--base-path` is given), Alice as the
# authority and `--rpc-cors all`.
exec "$METANODE_BIN" --dev "$@"
