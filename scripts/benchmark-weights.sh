#!/usr/bin/env bash
# Regenerates the `weights.rs` of Metanode's own pallets with `metanode benchmark pallet`.
#
#   ./scripts/benchmark-weights.sh                 # every pallet below
#   ./scripts/benchmark-weights.sh economics       # only pallets/economics
#
# Benchmarks need a node built with `--features runtime-benchmarks`. That build enables the
# feature across most of polkadot-sdk, so it goes to its own target directory
# ($METANODE_BENCH_TARGET_DIR, default ~/.cache/metanode/target-bench): the everyday build
# in $CARGO_TARGET_DIR stays warm, and its `metanode` binary stays the one without
# benchmarks. Run it on the machine whose figures you want (the weights record it), with
# nothing else busy. STEPS and REPEAT can be overridden from the environment, and
# SKIP_BUILD=1 reuses the benchmark binary already built.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

PALLETS=("$@")
if [ ${#PALLETS[@]} -eq 0 ]; then
	PALLETS=(economics ibft mining shadow-registry upgrades wallets)
fi
STEPS="${STEPS:-20}"
REPEAT="${REPEAT:-10}"
BENCH_TARGET_DIR="${METANODE_BENCH_TARGET_DIR:-$HOME/.cache/metanode/target-bench}"

BIN="$BENCH_TARGET_DIR/release/metanode"
if [ "${SKIP_BUILD:-0}" = 1 ] && [ -x "$BIN" ]; then
	echo "==> SKIP_BUILD=1: using the existing $BIN"
else
	"$METANODE_ROOT/scripts/setup.sh"
	echo "==> building metanode with runtime-benchmarks in $BENCH_TARGET_DIR"
	CARGO_TARGET_DIR="$BENCH_TARGET_DIR" cargo build --release --locked -p metanode \
		--features runtime-benchmarks
fi

for pallet in "${PALLETS[@]}"; do
	output="$METANODE_ROOT/pallets/$pallet/src/weights.rs"
	if [ ! -f "$output" ]; then
		echo "error: no pallets/$pallet/src/weights.rs; give a pallet directory name such as 'economics'" >&2
		exit 2
	fi
	name="pallet_${pallet//-/_}"
	echo "==> benchmarking $name (steps $STEPS, repeat $REPEAT)"
	(cd "$METANODE_ROOT" && "$BIN" benchmark pallet \
		--chain dev \
		--pallet "$name" \
		--extrinsic '*' \
		--wasm-execution compiled \
		--steps "$STEPS" \
		--repeat "$REPEAT" \
		--template .maintain/frame-weight-template.hbs \
		--output "pallets/$pallet/src/weights.rs")
done
echo "==> done; review the diff of pallets/*/src/weights.rs and commit it"
