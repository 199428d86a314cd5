#!/usr/bin/env bash
# Installs everything building and testing Metanode needs, idempotently:
# - Debian packages: protobuf-compiler (litep2p's build runs `protoc`), a C/C++ toolchain
#   (binaryen's wasm-opt is built from C++ source);
# - the `wasm32v1-none` target and `rust-src` through rustup (for the Wasm runtime);
# - the npm packages of the client tests (`tests/client`), with `--client`.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

want_client=false
for arg in "$@"; do
	case "$arg" in
		--client) want_client=true ;;
		*) echo "setup.sh: unknown option '$arg' (known: --client)" >&2; exit 2 ;;
	esac
done

missing=()
command -v protoc >/dev/null 2>&1 || missing+=(protobuf-compiler)
command -v c++ >/dev/null 2>&1 || missing+=(g++)
command -v make >/dev/null 2>&1 || missing+=(make)
if ((${#missing[@]})); then
	log "installing Debian packages: ${missing[*]}"
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO="sudo"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v rustup >/dev/null 2>&1; then
	echo "setup.sh: rustup is needed (https://rustup.rs) to add the wasm32v1-none target" >&2
	exit 1
fi
if ! rustup target list --installed | grep -qx wasm32v1-none; then
	log "adding the wasm32v1-none target"
	rustup target add wasm32v1-none
fi
if ! rustup component list --installed | grep -q '^rust-src'; then
	log "adding rust-src"
	rustup component add rust-src
fi

if $want_client; then
	if ! command -v npm >/dev/null 2>&1; then
		echo "setup.sh: Node.js and npm are needed for the client tests" >&2
		exit 1
	fi
	lock="$METANODE_ROOT/tests/client/package-lock.json"
	stamp="$METANODE_ROOT/tests/client/node_modules/.metanode-lock"
	if [ ! -f "$stamp" ] || ! cmp -s "$lock" "$stamp"; then
		log "installing the client tests' npm packages"
		(cd "$METANODE_ROOT/tests/client" && npm ci --no-audit --no-fund --loglevel=error)
		cp "$lock" "$stamp"
	fi
fi
