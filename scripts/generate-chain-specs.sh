#!/usr/bin/env bash
# Regenerates chain-specs/ from the built `metanode` binary. Run it after changing a
# genesis preset or the runtime; the chain-spec drift test fails until you do.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

[ -x "$METANODE_BIN" ] || { echo "build metanode first: cargo build --release -p metanode" >&2; exit 1; }
for chain in dev local; do
	"$METANODE_BIN" export-chain-spec --chain "$chain" > "$METANODE_ROOT/chain-specs/$chain.json"
	"$METANODE_BIN" export-chain-spec --chain "$chain" --raw > "$METANODE_ROOT/chain-specs/$chain-raw.json"
	log "wrote chain-specs/$chain.json and chain-specs/$chain-raw.json"
done
