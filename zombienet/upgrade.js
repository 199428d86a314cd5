// zombienet `js-script`: a forkless runtime upgrade of a standalone Metanode chain, through
// sudo (the sudo key of the `local` chains is Alice, `//Alice`).
//
//   alice: js-script ./upgrade.js with "/abs/path/to/runtime.wasm" return is 101 within 420 seconds
//
// The Wasm: the first argument; if it is empty, $METANODE_UPGRADE_WASM; if that is unset, the
// `next-release` runtime that the build writes when METANODE_BUILD_NEXT_RUNTIME=1:
// `${CARGO_TARGET_DIR:-~/.cache/metanode/target}/release/wbuild/metanode-runtime/metanode_runtime_next.compact.compressed.wasm`
// (a relative CARGO_TARGET_DIR is taken from the repository root, as scripts/common.sh does).
// Either a plain `.wasm` or a `.compact.compressed.wasm`. Its spec_version must be above the
// chain's.
//
// What it does, on the node it runs for:
// 1. reads the chain's runtime version (spec_version before);
// 2. submits `sudo.sudoUncheckedWeight(system.setCode(wasm), { refTime: 0, proofSize: 0 })`
//    signed by //Alice and waits for its block; fails on `ExtrinsicFailed`, on a `Sudid`
//    event with an error (e.g. `system.SpecVersionNeedsToIncrease`), or without
//    `upgrades.CodeStaged` (the runtime stages accepted code and writes it to `:code` some
//    blocks later, while every node compiles it; see docs/upgrades.md);
// 3. waits until the FINALIZED block runs a spec_version above the old one;
// 4. waits until 3 more blocks are finalized on top (finality goes on under the new code),
//    and until the finalized block of EVERY node of the network runs the new spec_version;
// 5. logs transaction_version and the on-chain storage version of pallet Wallets before and
//    after (the `next-release` runtime migrates it from 0 to 1; not asserted, because the
//    Wasm of test-upgrade-wasm.mjs has no migration).
// Returns the new spec_version (the .zndsl asserts it with `return is N`), throws otherwise.
//
// It uses @polkadot/api from tests/client/node_modules (run `npm ci` in tests/client), and
// falls back to the @polkadot/api that zombienet itself bundles (the `zombie` global).
// Plain CommonJS on purpose: zombienet loads js-scripts with require().

const fs = require('node:fs');
const path = require('node:path');

/** Same as tests/client/lib/node.mjs: extensions the Polkadot.js defaults do not know, all empty. */
const METANODE_SIGNED_EXTENSIONS = {
  AuthorizeCall: { extrinsic: {}, payload: {} },
  CheckWalletRules: { extrinsic: {}, payload: {} },
};

function loadApi() {
  try {
    const paths = [path.resolve(__dirname, '..', 'tests', 'client')];
    const resolved = require.resolve('@polkadot/api', { paths });
    const { ApiPromise, WsProvider, Keyring } = require(resolved);
    const { xxhashAsHex } = require(require.resolve('@polkadot/util-crypto', { paths }));
    return { ApiPromise, WsProvider, Keyring, xxhashAsHex, from: resolved };
  } catch (err) {
    if (global.zombie?.ApiPromise) {
      const { ApiPromise, WsProvider, Keyring, util } = global.zombie;
      return { ApiPromise, WsProvider, Keyring, xxhashAsHex: util.xxhashAsHex, from: "zombienet's bundled @polkadot/api" };
    }
    throw new Error(`@polkadot/api not found (run npm ci in tests/client): ${err.message}`);
  }
}

/** The Wasm `run` uploads when the .zndsl passes no path: see the header. */
function defaultWasmPath() {
  if (process.env.METANODE_UPGRADE_WASM) return process.env.METANODE_UPGRADE_WASM;
  const target = process.env.CARGO_TARGET_DIR
    ? path.resolve(__dirname, '..', process.env.CARGO_TARGET_DIR)
    : path.join(require('node:os').homedir(), '.cache', 'metanode', 'target');
  return path.join(target, 'release', 'wbuild', 'metanode-runtime', 'metanode_runtime_next.compact.compressed.wasm');
}

/** On-chain storage version of a pallet (`twox128(pallet) ++ twox128(":__STORAGE_VERSION__:")`, u16; absent = 0). */
async function palletStorageVersion(api, xxhashAsHex, pallet, at) {
  const key = xxhashAsHex(pallet, 128) + xxhashAsHex(':__STORAGE_VERSION__:', 128).slice(2);
  const raw = at ? await api.rpc.state.getStorage(key, at) : await api.rpc.state.getStorage(key);
  if (raw.isNone) return 0;
  const bytes = raw.unwrap().toU8a(true);
  return bytes[0] + (bytes[1] << 8);
}

/** One JSON-RPC call over HTTP (the RPC port serves both), as checks.js does. */
async function rpcCall(wsUri, method, params = []) {
  const res = await fetch(wsUri.replace(/^ws(s?):\/\//, 'http$1://'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    signal: AbortSignal.timeout(5_000),
  });
  const body = await res.json();
  if (body.error) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.result;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what, seconds, check) {
  const deadline = Date.now() + seconds * 1000;
  let last;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
      last = undefined;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${seconds} s waiting for ${what}${last ? ` (last error: ${last.message})` : ''}`);
    }
    await sleep(1_000);
  }
}

/**
 * Signs `tx`, submits it and resolves with the hash of the block it is in and that block's
 * events. The events are read with `api.at(blockHash)` (the metadata of the runtime that ran
 * the block) rather than through `signAndSend`'s status callback: when the transaction is the
 * runtime upgrade itself, the callback decodes the events with the decoration of the NEW
 * runtime and fails ("Unable to decode storage system.events ... Decoded input doesn't match
 * input"), after which it never reports the block.
 */
async function submit(api, tx, signer, seconds = 120) {
  await tx.signAsync(signer);
  const blockHash = await new Promise((resolve, reject) => {
    let unsub = () => {};
    const timer = setTimeout(() => {
      unsub();
      reject(new Error(`transaction not in a block after ${seconds} s`));
    }, seconds * 1000);
    api.rpc.author
      .submitAndWatchExtrinsic(tx, (status) => {
        if (status.isInBlock || status.isFinalized) {
          clearTimeout(timer);
          unsub();
          resolve((status.isInBlock ? status.asInBlock : status.asFinalized).toHex());
        } else if (status.isInvalid || status.isDropped || status.isUsurped) {
          clearTimeout(timer);
          unsub();
          reject(new Error(`transaction not included: ${status.type}`));
        }
      })
      .then((u) => {
        unsub = u;
      })
      .catch((err) => {
        clearTimeout(timer);
        reject(err);
      });
  });
  // Only the events of this extrinsic (phase ApplyExtrinsic(index in the block)).
  const block = await api.rpc.chain.getBlock(blockHash);
  const index = block.block.extrinsics.findIndex((xt) => xt.hash.toHex() === tx.hash.toHex());
  if (index < 0) throw new Error(`transaction ${tx.hash.toHex()} not found in block ${blockHash}`);
  const all = await (await api.at(blockHash)).query.system.events();
  const events = all.filter(({ phase }) => phase.isApplyExtrinsic && phase.asApplyExtrinsic.eqn(index));
  return { blockHash, events };
}

function describeDispatchError(api, dispatchError) {
  if (dispatchError.isModule) {
    const { section, name, docs } = api.registry.findMetaError(dispatchError.asModule);
    return `${section}.${name}: ${docs.join(' ')}`;
  }
  return dispatchError.toString();
}

async function run(nodeName, networkInfo, args) {
  const wasmPath = (args[0] && args[0].trim()) || defaultWasmPath();
  if (!fs.existsSync(wasmPath)) {
    throw new Error(
      `upgrade.js: ${wasmPath} does not exist (build with METANODE_BUILD_NEXT_RUNTIME=1, or set METANODE_UPGRADE_WASM)`,
    );
  }
  const code = fs.readFileSync(wasmPath);

  const node = networkInfo.nodesByName[nodeName];
  const { ApiPromise, WsProvider, Keyring, xxhashAsHex, from } = loadApi();
  console.log(`\tupgrade.js: ${nodeName} (${node.wsUri}), ${wasmPath} (${code.length} bytes), api from ${from}`);
  const provider = new WsProvider(node.wsUri);
  const api = await ApiPromise.create({ provider, signedExtensions: METANODE_SIGNED_EXTENSIONS, noInitWarn: true });
  try {
    const versionBefore = await api.rpc.state.getRuntimeVersion();
    const before = versionBefore.specVersion.toNumber();
    const walletsBefore = await palletStorageVersion(api, xxhashAsHex, 'Wallets');
    const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
    const sudoKey = (await api.query.sudo.key()).toString();
    if (sudoKey !== alice.address) throw new Error(`the sudo key is ${sudoKey}, not //Alice (${alice.address})`);

    const tx = api.tx.sudo.sudoUncheckedWeight(api.tx.system.setCode(`0x${code.toString('hex')}`), {
      refTime: 0,
      proofSize: 0,
    });
    const { blockHash, events } = await submit(api, tx, alice);
    let codeUpdated = false;
    for (const { event } of events) {
      if (api.events.system.ExtrinsicFailed.is(event)) {
        throw new Error(`setCode failed: ${describeDispatchError(api, event.data.dispatchError)}`);
      }
      if (api.events.sudo.Sudid.is(event) && event.data.sudoResult.isErr) {
        throw new Error(`sudo(setCode) failed: ${describeDispatchError(api, event.data.sudoResult.asErr)}`);
      }
      if (api.events.upgrades?.CodeStaged?.is(event)) codeUpdated = event.data.applyAt.toString();
    }
    if (!codeUpdated) throw new Error(`no upgrades.CodeStaged event in block ${blockHash}`);
    console.log(`\tupgrade.js: code staged in block ${blockHash}, applied in #${codeUpdated} (spec_version was ${before})`);

    // The block after the one that set the code runs it; wait until that is finalized.
    const after = await waitFor(`a finalized block with spec_version above ${before}`, 300, async () => {
      const finalized = await api.rpc.chain.getFinalizedHead();
      const version = (await api.rpc.state.getRuntimeVersion(finalized)).specVersion.toNumber();
      return version > before ? version : undefined;
    });
    const finalizedAt = (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber();
    console.log(`\tupgrade.js: spec_version ${before} -> ${after}, finalized at #${finalizedAt}`);

    await waitFor('3 more finalized blocks after the upgrade', 120, async () => {
      const head = await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead());
      return head.number.toNumber() >= finalizedAt + 3 ? true : undefined;
    });

    // Every node (not only this one) finalizes under the new runtime.
    for (const other of Object.values(networkInfo.nodesByName)) {
      await waitFor(`${other.name}'s finalized block to run spec_version ${after}`, 60, async () => {
        const head = await rpcCall(other.wsUri, 'chain_getFinalizedHead');
        const version = await rpcCall(other.wsUri, 'state_getRuntimeVersion', [head]);
        return version.specVersion === after ? true : undefined;
      });
    }

    const finalized = await api.rpc.chain.getFinalizedHead();
    const versionAfter = await api.rpc.state.getRuntimeVersion(finalized);
    const walletsAfter = await palletStorageVersion(api, xxhashAsHex, 'Wallets', finalized);
    console.log(
      `\tupgrade.js: all ${Object.keys(networkInfo.nodesByName).length} nodes finalize spec_version ${after}; ` +
        `transaction_version ${versionBefore.transactionVersion} -> ${versionAfter.transactionVersion}, ` +
        `Wallets storage version ${walletsBefore} -> ${walletsAfter}`,
    );
    return after;
  } finally {
    await api.disconnect().catch(() => {});
  }
}

module.exports = { run };
