// try-runtime against the state of a live Metanode chain, with @acala-network/chopsticks-core
// (no try-runtime-cli, no sqlite3): forks the chain at a block over JSON-RPC, puts a runtime
// built with the cargo feature `try-runtime` in place of `:code`, and calls its runtime API
// `TryRuntime_on_runtime_upgrade(checks)`. That runs every migration with its `pre_upgrade` /
// `post_upgrade` checks (and, for `All`, every pallet's `try_state` and a decode of the whole
// state) on top of the forked state. Nothing is written to the chain.
//
//   import { tryRuntime, tryRuntimeWasmPath } from './lib/try-runtime.mjs';
//   const r = await tryRuntime({ endpoint: 'ws://127.0.0.1:9944', wasmPath: tryRuntimeWasmPath() });
//   // r.consumed.refTime, r.max.refTime, r.percent, r.oldVersion.specVersion, r.logs
//
// A failure rejects with a `TryRuntimeError` whose `reason` is one line (for a failed check:
// the message of the check, read from the runtime's panic in its log), `logs` the runtime log
// lines printed during the call, and `phase` one of 'wasm', 'connect', 'spec', 'call', 'weight'.
//
// Used by `try-runtime.test.mjs` and, as a command, by `scripts/try-runtime.sh` (the `main`
// at the bottom). chopsticks-core's executor runs in a worker thread that keeps Node.js alive:
// `tryRuntime` ends it when done (unless `keepWorker`); call `destroyWorker()` after any other
// use of chopsticks-core (`wasmRuntimeVersion`).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { WsProvider } from '@polkadot/api';
import { hexToU8a, u8aToHex } from '@polkadot/util';

// chopsticks-core reads LOG_LEVEL when it is first imported; its `info` lines ("executor",
// "Args", ...) are noise here. Import it lazily so that this default applies.
process.env.LOG_LEVEL ??= 'warn';
let corePromise;
function core() {
  corePromise ??= import('@acala-network/chopsticks-core');
  return corePromise;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** The workspace root: tests/client/lib/../../.. */
const REPO_ROOT = path.resolve(HERE, '..', '..', '..');

/** `frame_try_runtime::UpgradeCheckSelect`, SCALE-encoded as one byte. */
export const UPGRADE_CHECKS = Object.freeze({ None: '0x00', All: '0x01', PreAndPost: '0x02', TryState: '0x03' });
/** blake2_64("TryRuntime"): the id of the TryRuntime runtime API in `RuntimeVersion::apis`. */
export const TRY_RUNTIME_API_ID = '0xe0837fce09f4829a';
/** The runtime API function that runs the migrations with their checks. */
export const TRY_RUNTIME_METHOD = 'TryRuntime_on_runtime_upgrade';
/** The runtime built with `next-release` + `try-runtime` (METANODE_BUILD_NEXT_RUNTIME=1). */
export const TRY_WASM_FILE = 'metanode_runtime_next_try.compact.compressed.wasm';
/** The default runtime (the one in the node), built without `try-runtime`. */
export const DEFAULT_WASM_FILE = 'metanode_runtime.compact.compressed.wasm';
/** How to build the try-runtime Wasm, for error messages. */
export const BUILD_HINT =
  'build it from the repository root with:\n' +
  '  METANODE_BUILD_NEXT_RUNTIME=1 CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/metanode/target} \\\n' +
  '    cargo build --release -p metanode-runtime';

/** `s` on one line (for `reason`s and the command's last line). */
export function oneLine(s) {
  return String(s).replace(/\s*\\?\n\s*/g, ' ').trim();
}

/**
 * Resolves once a WebSocket connection to `endpoint` opens; rejects after `timeoutMs` or on
 * the first socket error. chopsticks' own provider retries for ever, so a wrong URL would hang.
 */
export async function checkEndpoint(endpoint, timeoutMs = 30_000) {
  if (!/^wss?:\/\//.test(endpoint)) return;
  const provider = new WsProvider(endpoint, false);
  let timer;
  let offError;
  try {
    await Promise.race([
      provider.connect().then(() => provider.isReady),
      new Promise((_, reject) => {
        offError = provider.on('error', (e) => reject(new Error(`cannot connect to ${endpoint}: ${e?.message ?? 'socket error'}`)));
        timer = setTimeout(() => reject(new Error(`no connection to ${endpoint} within ${timeoutMs / 1000} s`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    offError?.();
    await provider.disconnect().catch(() => {});
  }
}

/** `${CARGO_TARGET_DIR:-~/.cache/metanode/target}/release/wbuild/metanode-runtime` */
export function wbuildDir() {
  const targetDir = process.env.CARGO_TARGET_DIR
    ? path.resolve(REPO_ROOT, process.env.CARGO_TARGET_DIR)
    : path.join(os.homedir(), '.cache', 'metanode', 'target');
  return path.join(targetDir, 'release', 'wbuild', 'metanode-runtime');
}

/** The try-runtime Wasm: $METANODE_TRY_RUNTIME_WASM if set, else `wbuildDir()/TRY_WASM_FILE`. */
export function tryRuntimeWasmPath() {
  if (process.env.METANODE_TRY_RUNTIME_WASM) return path.resolve(REPO_ROOT, process.env.METANODE_TRY_RUNTIME_WASM);
  return path.join(wbuildDir(), TRY_WASM_FILE);
}

/** The default (non-try-runtime) Wasm: `wbuildDir()/DEFAULT_WASM_FILE`. */
export function defaultWasmPath() {
  return path.join(wbuildDir(), DEFAULT_WASM_FILE);
}

/**
 * A runtime file as 0x hex: a raw `.wasm`, a zstd-compressed `.compact.compressed.wasm` (the
 * executor decompresses it, as a node does with `:code`), or a text file holding `0x…` hex.
 */
export function readWasmHex(file) {
  const bytes = fs.readFileSync(file);
  if (bytes.length === 0) throw new Error(`${file} is empty`);
  const text = bytes.subarray(0, 2).toString('latin1');
  if (text === '0x') return bytes.toString('latin1').trim();
  return u8aToHex(bytes);
}

/** The `RuntimeVersion` of a Wasm (hex or path), read by chopsticks' executor. */
export async function wasmRuntimeVersion(wasm) {
  const { getRuntimeVersion } = await executor();
  return getRuntimeVersion(wasm.startsWith('0x') ? wasm : readWasmHex(wasm));
}

/** Whether a `RuntimeVersion` lists the TryRuntime API. */
export function hasTryRuntimeApi(version) {
  return version.apis.some(([id]) => id === TRY_RUNTIME_API_ID);
}

/** Ends chopsticks-core's executor worker (safe to call when none runs). */
export async function destroyWorker() {
  if (!corePromise) return;
  const { destroyWorker: destroy } = await core();
  await destroy();
}

/** A failed try-runtime run: `reason` (one line), `phase`, `logs` (runtime log lines). */
export class TryRuntimeError extends Error {
  constructor(reason, { phase, logs = [], cause, details } = {}) {
    super(details ? `${reason}\n${details}` : reason, cause ? { cause } : undefined);
    this.name = 'TryRuntimeError';
    this.reason = reason;
    this.phase = phase;
    this.logs = logs;
  }
}

// ---------------------------------------------------------------------------------------------
// The runtime log. chopsticks' executor runs the runtime in a worker thread and prints its log
// (`log::info!`, panics) there with `console.*`; Node.js pipes a worker's stdout/stderr into
// process.stdout/stderr. On a failed call this is the only place where the panic message
// appears, so the worker's streams are taken over when it starts: while a call runs, what it
// prints is collected (and echoed if asked); otherwise it passes through as before.

/** Whether worker threads' output is being taken over; the capture in progress. */
let takingOver = false;
let capture = null;

/** Takes over the output of a worker thread: collects it during a capture, else passes it on. */
function takeOverOutput(worker) {
  for (const [name, target] of [
    ['stdout', process.stdout],
    ['stderr', process.stderr],
  ]) {
    const stream = worker[name];
    if (!stream) continue;
    stream.unpipe(target);
    stream.on('data', (chunk) => {
      if (capture) {
        capture.chunks.push(chunk.toString('utf8'));
        capture.lastWrite = Date.now();
        if (!capture.echo) return;
      }
      target.write(chunk);
    });
    stream.resume();
  }
}

/**
 * chopsticks-core, with the output of the worker threads started from now on taken over
 * (`process.on('worker')`): its executor's, started lazily, and pino's log transport's (which
 * writes to fd 1 itself, not through its worker's stdout, so nothing changes for it).
 */
async function executor() {
  if (!takingOver) {
    takingOver = true;
    process.on('worker', takeOverOutput);
  }
  return core();
}

/**
 * Runs `fn` (a runtime call) collecting the runtime log it prints. Resolves with
 * `{ value } | { err }` and `lines` (ANSI colours removed).
 */
async function withRuntimeLog(fn, { echo }) {
  capture = { chunks: [], lastWrite: Date.now(), echo };
  const current = capture;
  let outcome;
  try {
    outcome = { value: await fn() };
  } catch (err) {
    outcome = { err };
  }
  // The worker's stdio reaches this thread on another message port than the call's result:
  // wait until it has been quiet for 200 ms, and after a failure until the panic has arrived
  // (at most 3 s in all).
  const deadline = Date.now() + 3_000;
  const panicked = /unreachable/.test(outcome.err?.message ?? '');
  const panicSeen = () => current.chunks.some((c) => c.includes('panicked at'));
  while (
    Date.now() < deadline &&
    (Date.now() - current.lastWrite < 200 || (panicked && !panicSeen()))
  ) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  capture = null;
  const lines = current.chunks
    .join('')
    // eslint-disable-next-line no-control-regex
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n')
    .filter((l) => l.trim() !== '');
  return { ...outcome, lines };
}

/**
 * The one-line reason of a failed `TryRuntime_on_runtime_upgrade`, from the runtime log: the
 * text of `Other("…")` in the panic of `Executive::try_runtime_upgrade(checks).unwrap()`, else
 * the panic line, else the first runtime ERROR line, else `fallback`.
 */
export function failureReason(lines, fallback) {
  const text = lines.join('\n');
  const other = text.match(/Err` value: Other\("((?:[^"\\]|\\.)*)"\)/);
  if (other) return other[1];
  const errValue = text.match(/Err` value: (.+)/);
  if (errValue) return errValue[1].trim();
  const panicIdx = lines.findIndex((l) => /panicked at/.test(l));
  if (panicIdx >= 0) return lines.slice(panicIdx, panicIdx + 2).join(' ').replace(/\s+/g, ' ').trim();
  const errorLine = lines.find((l) => /\bERROR\b/.test(l));
  if (errorLine) return errorLine.trim();
  return fallback;
}

/**
 * Runs `TryRuntime_on_runtime_upgrade` of a try-runtime Wasm on a fork of a live chain.
 *
 * @param {object} o
 * @param {string} o.endpoint  ws:// (or http://) JSON-RPC endpoint of a node of the chain
 * @param {string} [o.wasmPath]  the runtime to try (default `tryRuntimeWasmPath()`)
 * @param {string} [o.wasm]  or the runtime as 0x hex
 * @param {'None'|'All'|'PreAndPost'|'TryState'} [o.checks='All']
 * @param {string|number} [o.block]  block hash or number to fork at (default: the finalized head);
 *        its state must still be on the node (`--state-pruning archive` for old blocks)
 * @param {Array<[string, string|null]>|object} [o.storage]  storage to set on the fork before
 *        the Wasm is swapped (raw `[key, value]` pairs, or chopsticks' `{ Pallet: { Item: … } }`
 *        form, encoded with the chain's current metadata); e.g. to seed old-format values
 * @param {boolean} [o.disableSpecCheck=false]  skip: same spec_name, higher spec_version, the
 *        Wasm lists the TryRuntime API
 * @param {number} [o.runtimeLogLevel=3]  1 error, 2 warn, 3 info, 4 debug, 5 trace (0 counts
 *        as 1: errors are always logged, a failed check's reason is read from them)
 * @param {boolean} [o.echoLogs=false]  also print the runtime log while it is captured
 * @param {boolean} [o.keepWorker=false]  leave chopsticks' executor worker running
 * @returns {Promise<{oldVersion, newVersion, blockHash, blockNumber, checks,
 *   consumed: {refTime: bigint, proofSize: bigint}, max: {refTime: bigint, proofSize: bigint},
 *   percent: number, logs: string[], elapsedMs: number}>}
 */
export async function tryRuntime({
  endpoint,
  wasmPath,
  wasm,
  checks = 'All',
  block,
  storage,
  disableSpecCheck = false,
  runtimeLogLevel = 3,
  echoLogs = false,
  keepWorker = false,
} = {}) {
  const started = Date.now();
  if (!endpoint) throw new TryRuntimeError('no endpoint given', { phase: 'wasm' });
  if (!(checks in UPGRADE_CHECKS)) {
    throw new TryRuntimeError(`unknown checks "${checks}" (one of ${Object.keys(UPGRADE_CHECKS).join(', ')})`, {
      phase: 'wasm',
    });
  }
  if (!wasm) {
    const file = wasmPath ?? tryRuntimeWasmPath();
    if (!fs.existsSync(file)) {
      throw new TryRuntimeError(`no runtime at ${file}`, { phase: 'wasm', details: BUILD_HINT });
    }
    wasm = readWasmHex(file);
  }

  try {
    await checkEndpoint(endpoint);
  } catch (err) {
    throw new TryRuntimeError(err.message, { phase: 'connect' });
  }
  const { setup, setStorage, destroyWorker: destroy } = await executor();
  let chain;
  try {
    chain = await setup({
      endpoint,
      block: block ?? undefined,
      // At least errors: the reason of a failed check is read from the runtime's panic.
      runtimeLogLevel: Math.max(1, Number(runtimeLogLevel) || 0),
      buildBlockMode: 'Manual',
    });
    const head = chain.head;
    if (storage) await setStorage(chain, storage);
    const oldVersion = await head.runtimeVersion;
    head.setWasm(wasm);
    const newVersion = await head.runtimeVersion;

    if (!disableSpecCheck) {
      if (newVersion.specName !== oldVersion.specName) {
        throw new TryRuntimeError(
          `spec_name differs: the chain runs "${oldVersion.specName}", the Wasm is "${newVersion.specName}"`,
          { phase: 'spec' },
        );
      }
      if (newVersion.specVersion <= oldVersion.specVersion) {
        throw new TryRuntimeError(
          `spec_version must increase: the chain runs ${oldVersion.specVersion}, the Wasm is ${newVersion.specVersion}`,
          { phase: 'spec' },
        );
      }
      if (!hasTryRuntimeApi(newVersion)) {
        throw new TryRuntimeError(
          'the Wasm has no TryRuntime API: it was built without the cargo feature `try-runtime`',
          { phase: 'wasm', details: BUILD_HINT },
        );
      }
    }

    const run = await withRuntimeLog(() => head.call(TRY_RUNTIME_METHOD, [UPGRADE_CHECKS[checks]]), {
      echo: echoLogs,
    });
    if (run.err) {
      const message = run.err.message ?? String(run.err);
      const reason = /Function to start was not found/.test(message)
        ? `${message} (the Wasm has no TryRuntime API: it was built without the cargo feature \`try-runtime\`)`
        : failureReason(run.lines, message);
      throw new TryRuntimeError(reason, { phase: 'call', logs: run.lines, cause: run.err });
    }

    // A successful call also returns its runtime log (the executor printed the same lines).
    const returned = (run.value.runtimeLogs ?? []).map((l) => `${l.target ?? 'runtime'}: ${l.message}`);
    const logs = returned.length > 0 ? returned : run.lines;
    const [consumed, max] = decodeWeights(run.value.result);
    const percent = max.refTime > 0n ? Number((consumed.refTime * 1_000_000n) / max.refTime) / 10_000 : Infinity;
    const result = {
      oldVersion,
      newVersion,
      blockHash: head.hash,
      blockNumber: head.number,
      checks,
      consumed,
      max,
      percent,
      logs,
      elapsedMs: Date.now() - started,
    };
    if (consumed.refTime > max.refTime) {
      const err = new TryRuntimeError(
        `weight limit exceeded: the migrations use ref_time ${consumed.refTime} of a block's ${max.refTime}`,
        { phase: 'weight', logs },
      );
      err.result = result;
      throw err;
    }
    return result;
  } catch (err) {
    if (err instanceof TryRuntimeError) throw err;
    throw new TryRuntimeError(err.message ?? String(err), { phase: 'call', cause: err });
  } finally {
    if (chain) await chain.close().catch(() => {});
    if (!keepWorker) await destroy();
  }
}

/** Decodes SCALE `(Weight, Weight)` (Weight = { ref_time: Compact<u64>, proof_size: Compact<u64> }). */
export function decodeWeights(hex) {
  const bytes = hexToU8a(hex);
  let offset = 0;
  const compact = () => {
    const b0 = bytes[offset];
    if (b0 === undefined) throw new Error(`(Weight, Weight) result too short: ${hex}`);
    const mode = b0 & 3;
    if (mode === 0) {
      offset += 1;
      return BigInt(b0 >> 2);
    }
    if (mode === 1) {
      const v = (b0 | (bytes[offset + 1] << 8)) >> 2;
      offset += 2;
      return BigInt(v);
    }
    if (mode === 2) {
      const v = (b0 | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16)) + bytes[offset + 3] * 2 ** 24;
      offset += 4;
      return BigInt(Math.floor(v / 4));
    }
    const len = (b0 >> 2) + 4;
    let v = 0n;
    for (let i = len; i >= 1; i--) v = (v << 8n) | BigInt(bytes[offset + i]);
    offset += 1 + len;
    return v;
  };
  const weight = () => ({ refTime: compact(), proofSize: compact() });
  const pair = [weight(), weight()];
  if (offset !== bytes.length) throw new Error(`(Weight, Weight) result has ${bytes.length - offset} extra bytes: ${hex}`);
  return pair;
}

/** `1234567` → `1,234,567` */
function group(n) {
  return n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** One line: `Consumed weight: ref_time X of max Y (Z%), proof_size P of max Q`. */
export function formatWeights({ consumed, max, percent }) {
  return (
    `Consumed weight: ref_time ${group(consumed.refTime)} of max ${group(max.refTime)} (${percent}%), ` +
    `proof_size ${group(consumed.proofSize)} of max ${group(max.proofSize)}`
  );
}

// ---------------------------------------------------------------------------------------------
// Command line: node tests/client/lib/try-runtime.mjs --url ws://… [--wasm FILE] [--checks All]

const USAGE = `usage: try-runtime --url ws://HOST:PORT [--wasm FILE] [--checks All|PreAndPost|TryState|None]
                   [--block HASH|NUMBER] [--import-storage FILE.json] [--runtime-log-level 1-5]
                   [--disable-spec-check] [--quiet]`;

function parseArgs(argv) {
  const opts = { checks: 'All', runtimeLogLevel: 3, echoLogs: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--url':
      case '--endpoint':
        opts.endpoint = value();
        break;
      case '--wasm':
      case '--runtime':
        opts.wasmPath = path.resolve(value());
        break;
      case '--checks':
        opts.checks = value();
        break;
      case '--block':
        opts.block = value();
        break;
      case '--runtime-log-level':
        opts.runtimeLogLevel = Number(value());
        break;
      case '--import-storage':
        opts.storage = JSON.parse(fs.readFileSync(value(), 'utf8'));
        break;
      case '--disable-spec-check':
        opts.disableSpecCheck = true;
        break;
      case '--quiet':
        opts.echoLogs = false;
        break;
      case '-h':
      case '--help':
        opts.help = true;
        break;
      default:
        throw new Error(`unknown argument ${arg}`);
    }
  }
  return opts;
}

async function main(argv) {
  let opts;
  try {
    opts = parseArgs(argv);
  } catch (err) {
    console.error(`${USAGE}\ntry-runtime: FAILED: ${err.message}`);
    return 1;
  }
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  if (!opts.endpoint) {
    console.error(`${USAGE}\ntry-runtime: FAILED: --url is required`);
    return 1;
  }
  const wasmPath = opts.wasmPath ?? tryRuntimeWasmPath();
  if (!fs.existsSync(wasmPath)) {
    console.error(`try-runtime: FAILED: no runtime at ${wasmPath}; ${oneLine(BUILD_HINT)}`);
    return 1;
  }
  console.log(`try-runtime: ${opts.endpoint}, runtime ${wasmPath}, checks ${opts.checks}`);
  try {
    const r = await tryRuntime({ ...opts, wasmPath });
    console.log(
      `try-runtime: forked at #${r.blockNumber} ${r.blockHash}; ` +
        `spec ${r.oldVersion.specName} ${r.oldVersion.specVersion} -> ${r.newVersion.specVersion}`,
    );
    console.log(`try-runtime: ${formatWeights(r)}`);
    console.log('try-runtime: PoV (proof size) of the migrations is not measured; use try-runtime-cli for that');
    console.log(`try-runtime: OK (${(r.elapsedMs / 1000).toFixed(1)} s)`);
    return 0;
  } catch (err) {
    const reason = err.reason ?? err.message ?? String(err);
    console.error(`try-runtime: FAILED: ${oneLine(reason)}`);
    return 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(`try-runtime: FAILED: ${oneLine(err.message)}`);
      process.exit(1);
    },
  );
}
