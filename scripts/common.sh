# Shared settings for the project's scripts: sourced, not run.
#
# One target directory outside the checkout (kept warm between sessions and CI runs) and
# one Cargo profile (`release`) for running, testing and benchmarking, so nothing is
# compiled twice.

set -euo pipefail

METANODE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export METANODE_ROOT
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/metanode/target}"
export METANODE_BIN="${METANODE_BIN:-$CARGO_TARGET_DIR/release/metanode}"
# Paths in the Wasm runtime (panic locations) are made independent of where the checkout
# and Cargo's registry live, so the same source gives the same runtime on every machine.
export WASM_BUILD_RUSTFLAGS="--remap-path-prefix=$METANODE_ROOT=/metanode --remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}=/cargo"
# The target directory is outside the checkout, so tell substrate-wasm-builder where the
# workspace (and its Cargo.lock) is: the Wasm runtime is then built from the locked versions.
export WASM_BUILD_WORKSPACE_HINT="$METANODE_ROOT"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# Cargo spawns one rustc per core; the machine has two and a Substrate build needs them.
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-$(nproc)}"

log() { printf '\n==> %s\n' "$*" >&2; }
