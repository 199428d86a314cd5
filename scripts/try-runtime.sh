#!/usr/bin/env bash
# Checks a runtime upgrade against the state of a live chain before it is proposed: forks the
# chain over JSON-RPC, puts the new runtime in place of `:code` on the fork and runs its
# migrations with their try-runtime checks (`TryRuntime_on_runtime_upgrade`). Nothing is sent
# to the chain. Needs only Node.js >= 20 and tests/client's npm packages
# (@acala-network/chopsticks-core; installed here with `npm ci` if missing or stale).
#
#   scripts/try-runtime.sh --url ws://127.0.0.1:9944
#   scripts/try-runtime.sh --url ws://HOST:PORT --wasm path/to/runtime.compact.compressed.wasm --checks All
#
# Options (all but --url optional):
#   --url ws://…             the JSON-RPC endpoint of a node of the chain
#   --wasm FILE              runtime built with the cargo feature `try-runtime` and a higher
#                            spec_version; default $METANODE_TRY_RUNTIME_WASM, else
#                            $CARGO_TARGET_DIR/release/wbuild/metanode-runtime/metanode_runtime_next_try.compact.compressed.wasm
#                            (built with: METANODE_BUILD_NEXT_RUNTIME=1 cargo build --release -p metanode-runtime)
#   --checks All             All (pre/post_upgrade, try_state of every pallet, decode of the whole
#                            state) | PreAndPost | TryState | None
#   --block HASH|NUMBER      fork at this block (default: the finalized head); an old block needs
#                            a node with --state-pruning archive
#   --import-storage F.json  storage to set on the fork first: [[key, value|null], …] or
#                            {"Pallet": {"Item": …}} (chopsticks' format)
#   --runtime-log-level N    1 error … 3 info (default) … 5 trace: the runtime log printed meanwhile
#   --disable-spec-check     allow the same spec_version / another spec_name
#   --quiet                  do not print the runtime log
#
# Output: the runtime log, then `try-runtime: Consumed weight: …` and `try-runtime: OK`; exit 0.
# On failure, the last line is `try-runtime: FAILED: <reason>` (for a failed check: its message,
# e.g. "every wallet must survive the migration"); exit 1. No PoV (proof size) measurement and
# no second, idempotency run: use try-runtime-cli for those.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

CLIENT_DIR="$METANODE_ROOT/tests/client"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	echo "try-runtime: FAILED: Node.js (>= 20) and npm are needed" >&2
	exit 1
fi

# `npm ci` in tests/client unless node_modules was installed from the current package-lock.json
# (the same stamp as scripts/setup.sh and scripts/zombienet.sh).
stamp="$CLIENT_DIR/node_modules/.metanode-lock"
if [ ! -d "$CLIENT_DIR/node_modules/@acala-network/chopsticks-core" ] || [ ! -f "$stamp" ] ||
	! cmp -s "$CLIENT_DIR/package-lock.json" "$stamp"; then
	log "installing the npm packages of tests/client"
	if ! (cd "$CLIENT_DIR" && npm ci --no-audit --no-fund --loglevel=error >&2); then
		echo "try-runtime: FAILED: npm ci in tests/client failed" >&2
		exit 1
	fi
	cp "$CLIENT_DIR/package-lock.json" "$stamp"
fi

# The Node.js part takes relative paths from the caller's directory; exit 0 or 1.
exec node "$CLIENT_DIR/lib/try-runtime.mjs" "$@"
