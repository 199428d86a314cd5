#!/usr/bin/env bash
# Runs the zombienet tests (zombienet/*.zndsl, native provider: every node is a local
# `metanode` process on 127.0.0.1) one after the other, and fails if any of them fails:
#
#   scripts/zombienet.sh                    # ibft-4, ibft-6 and upgrade
#   scripts/zombienet.sh upgrade ibft-4     # only these, in this order
#
# - Installs the npm packages of zombienet/ (and, for `upgrade`, of tests/client, whose
#   @polkadot/api upgrade.js uses) with `npm ci`, only when node_modules is missing or
#   package-lock.json changed since the last install (the same stamp as scripts/setup.sh).
#   zombienet itself downloads nothing: no `zombienet setup`, no images, no binaries.
# - The nodes run $METANODE_BIN (default $CARGO_TARGET_DIR/release/metanode). The upgrade
#   test uploads $METANODE_UPGRADE_WASM, default the `next-release` runtime that a build with
#   METANODE_BUILD_NEXT_RUNTIME=1 writes to
#   $CARGO_TARGET_DIR/release/wbuild/metanode-runtime/metanode_runtime_next.compact.compressed.wasm,
#   and expects spec_version $METANODE_UPGRADE_SPEC_VERSION (default 101) afterwards.
#   Relative paths are taken from the repository root.
# - Each test runs in its own directory under one temporary directory (zombienet's `-d`):
#   node logs, databases, keystores, the chain spec. It is removed when every test passed,
#   and kept otherwise (or always with METANODE_ZOMBIENET_KEEP=1); on failure the tail of each
#   node log of the failed test is printed. zombienet gives every node free ports chosen by
#   the OS, so the tests cannot collide with each other or with other nodes on the machine.
# - METANODE_ZOMBIENET_TIMEOUT (seconds, default 1800) bounds each test; on expiry zombienet
#   gets SIGTERM (and tears its network down), and any node left behind is killed.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ZN_DIR="$METANODE_ROOT/zombienet"
ALL_TESTS=(ibft-4 ibft-6 upgrade)

tests=()
for arg in "$@"; do
	case "$arg" in
		ibft-4 | ibft-6 | upgrade) tests+=("$arg") ;;
		*.zndsl) tests+=("$(basename "$arg" .zndsl)") ;;
		*) echo "zombienet.sh: unknown test '$arg' (known: ${ALL_TESTS[*]})" >&2; exit 2 ;;
	esac
done
((${#tests[@]})) || tests=("${ALL_TESTS[@]}")

# Paths for zombienet, which runs in zombienet/ and renders them into its definitions:
# absolute ones only.
abs() { case "$1" in /*) printf '%s' "$1" ;; *) printf '%s' "$METANODE_ROOT/$1" ;; esac; }
CARGO_TARGET_DIR="$(abs "$CARGO_TARGET_DIR")"
METANODE_BIN="$(abs "$METANODE_BIN")"
METANODE_UPGRADE_WASM="$(abs "${METANODE_UPGRADE_WASM:-$CARGO_TARGET_DIR/release/wbuild/metanode-runtime/metanode_runtime_next.compact.compressed.wasm}")"
export METANODE_UPGRADE_WASM
export METANODE_UPGRADE_SPEC_VERSION="${METANODE_UPGRADE_SPEC_VERSION:-101}"
export ZOMBIENET_DIR="$ZN_DIR"
timeout_s="${METANODE_ZOMBIENET_TIMEOUT:-1800}"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	echo "zombienet.sh: Node.js (>= 20) and npm are needed" >&2
	exit 1
fi
if [ ! -x "$METANODE_BIN" ]; then
	echo "zombienet.sh: no metanode binary at $METANODE_BIN (build it, or set METANODE_BIN)" >&2
	exit 1
fi
for t in "${tests[@]}"; do
	if [ "$t" = upgrade ] && [ ! -f "$METANODE_UPGRADE_WASM" ]; then
		echo "zombienet.sh: no runtime to upgrade to at $METANODE_UPGRADE_WASM" >&2
		echo "  (build with METANODE_BUILD_NEXT_RUNTIME=1, or set METANODE_UPGRADE_WASM)" >&2
		exit 1
	fi
	if [ "$t" = upgrade ] && [ "$METANODE_UPGRADE_WASM" -ot "$METANODE_BIN" ]; then
		echo "zombienet.sh: note: the upgrade Wasm is older than the binary (fine if the runtime did not change since)" >&2
	fi
done

# `npm ci` in $1 unless node_modules was installed from the current package-lock.json.
npm_install() {
	local dir="$1" lock="$1/package-lock.json" stamp="$1/node_modules/.metanode-lock"
	if [ ! -f "$stamp" ] || ! cmp -s "$lock" "$stamp"; then
		log "installing the npm packages of ${dir#"$METANODE_ROOT"/}"
		(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
		cp "$lock" "$stamp"
	fi
}
npm_install "$ZN_DIR"
case " ${tests[*]} " in
	*" upgrade "*) npm_install "$METANODE_ROOT/tests/client" ;;
esac

run_root="$(mktemp -d "${TMPDIR:-/tmp}/metanode-zombienet.XXXXXX")"

# Nodes of a run are the processes whose command line holds its directory (their
# --base-path and --chain are under it); zombienet stops them itself, this is a backstop for
# a zombienet that was killed or timed out.
stop_leftovers() {
	local dir="$1" pids
	pids="$(pgrep -f -- "--base-path $dir/" || true)"
	if [ -n "$pids" ]; then
		echo "zombienet.sh: stopping nodes left behind by the run in $dir: $(echo $pids)" >&2
		kill -9 $pids 2>/dev/null || true
	fi
}
child=""
on_exit() {
	local dir
	for dir in "$run_root"/*/; do
		[ -d "$dir" ] && stop_leftovers "${dir%/}"
	done
	return 0
}
# On Ctrl-C or SIGTERM: zombienet gets SIGTERM (through `timeout`) and tears its network down.
interrupted() {
	if [ -n "$child" ]; then
		kill -TERM "$child" 2>/dev/null || true
		wait "$child" 2>/dev/null || true
	fi
	exit "$1"
}
trap on_exit EXIT
trap 'interrupted 130' INT
trap 'interrupted 143' TERM

failed=()
summary=()
for t in "${tests[@]}"; do
	dir="$run_root/$t"
	log "zombienet: $t.zndsl (files in $dir)"
	start=$SECONDS
	status=0
	# zombienet resolves the network file and js-scripts relative to the .zndsl, and runs the
	# chain spec command of ibft-6.toml in its working directory: run it from zombienet/.
	# In the background, so that the traps above run while it does.
	(cd "$ZN_DIR" && exec timeout -k 60 "$timeout_s" node_modules/.bin/zombienet -p native -l text -d "$dir" test "$t.zndsl") &
	child=$!
	wait "$child" || status=$?
	child=""
	took=$((SECONDS - start))
	stop_leftovers "$dir"
	if [ "$status" -eq 0 ]; then
		summary+=("passed  $t.zndsl  $((took / 60))m$((took % 60))s")
	else
		[ "$status" -eq 124 ] && echo "zombienet.sh: $t.zndsl timed out after $timeout_s s" >&2
		summary+=("FAILED  $t.zndsl  $((took / 60))m$((took % 60))s  (exit $status, files in $dir)")
		failed+=("$t")
		for node_log in "$dir"/*.log; do
			[ -f "$node_log" ] || continue
			printf '\n----- %s: last 60 lines of %s -----\n' "$t" "$node_log" >&2
			tail -n 60 "$node_log" >&2
		done
	fi
done

log "zombienet results"
printf '  %s\n' "${summary[@]}" >&2
if ((${#failed[@]})); then
	echo "zombienet.sh: failed: ${failed[*]} (files kept in $run_root)" >&2
	exit 1
fi
if [ "${METANODE_ZOMBIENET_KEEP:-0}" = 1 ]; then
	echo "zombienet.sh: files kept in $run_root" >&2
else
	rm -rf "$run_root"
fi
