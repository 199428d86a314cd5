// Starts a multi-validator `metanode` network as separate processes on 127.0.0.1.
//
//   const net = await startNetwork({ names: ['alice', 'bob', 'charlie', 'dave'], chain: 'local' });
//   ... net.nodes[i].rpcPort, await rpc(net.nodes[i].rpcPort, 'chain_getHeader') ...
//   await net.stop();
//
// Every node gets its own free P2P and RPC ports, a temporary database (`--tmp`), the
// well-known dev keys of its name (`--alice`, `--bob`, ...) and a fixed random node key, so
// that its libp2p peer id is known in advance. The first node is the boot node of the others.
// Each node's output goes to `<logDir>/<name>.log` under the OS temp directory.
//
// Nothing here needs @polkadot/api: JSON-RPC goes over plain HTTP with `fetch`.

import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

import { base58Encode, cryptoWaitReady, ed25519PairFromSeed } from '@polkadot/util-crypto';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** The workspace root (/work/main): tests/client/lib/../../.. */
export const REPO_ROOT = path.resolve(HERE, '..', '..', '..');

/** How long `stop()` waits after SIGINT before sending SIGKILL. */
export const SIGINT_GRACE_MS = 10_000;

/** The metanode binary: $METANODE_BIN, else `${CARGO_TARGET_DIR:-~/.cache/metanode/target}/release/metanode`. */
export function metanodeBinary() {
  if (process.env.METANODE_BIN) {
    return path.resolve(REPO_ROOT, process.env.METANODE_BIN);
  }
  const targetDir = process.env.CARGO_TARGET_DIR
    ? path.resolve(REPO_ROOT, process.env.CARGO_TARGET_DIR)
    : path.join(os.homedir(), '.cache', 'metanode', 'target');
  return path.join(targetDir, 'release', 'metanode');
}

/** The metanode binary, or an Error telling how to build it. */
export function requireMetanodeBinary() {
  const bin = metanodeBinary();
  if (!fs.existsSync(bin)) {
    throw new Error(
      `metanode binary not found at ${bin}.\n` +
        'Build it first with the test command of tests/client/README.md, from the repository root:\n' +
        '  CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/metanode/target} cargo build --release -p metanode\n' +
        '  cd tests/client && npm ci && npm test\n' +
        'or point METANODE_BIN at an existing binary.',
    );
  }
  return bin;
}

/**
 * `count` distinct TCP ports that are free right now on 127.0.0.1. All listeners stay open
 * until every port is picked, so the OS cannot hand out the same port twice.
 */
export async function freePorts(count) {
  const servers = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = net.createServer();
      server.unref();
      servers.push(server);
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, resolve);
      });
    }
    return servers.map((s) => s.address().port);
  } finally {
    await Promise.all(
      servers.map((s) => new Promise((resolve) => (s.listening ? s.close(() => resolve()) : resolve()))),
    );
  }
}

/** A fresh node key: a 32-byte Ed25519 secret seed as 64 hex characters (no 0x). */
export function randomNodeKey() {
  return randomBytes(32).toString('hex');
}

/**
 * The libp2p peer id of a node key (64 hex characters, with or without 0x): base58btc of the
 * identity multihash of the protobuf-encoded Ed25519 public key,
 * i.e. [0x00, 0x24, 0x08, 0x01, 0x12, 0x20, ...publicKey]. It starts with "12D3KooW".
 */
export async function peerIdFromNodeKey(nodeKeyHex) {
  await cryptoWaitReady();
  const hex = nodeKeyHex.replace(/^0x/, '');
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error(`node key must be 64 hex characters, got "${nodeKeyHex}"`);
  const { publicKey } = ed25519PairFromSeed(Uint8Array.from(Buffer.from(hex, 'hex')));
  const multihash = new Uint8Array(6 + 32);
  multihash.set([0x00, 0x24, 0x08, 0x01, 0x12, 0x20]);
  multihash.set(publicKey, 6);
  return base58Encode(multihash);
}

/** The peer id that `<bin> key inspect-node-key --file <file with nodeKeyHex>` prints. */
export async function inspectNodeKey(bin, nodeKeyHex) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'metanode-node-key-'));
  const file = path.join(dir, 'node-key');
  fs.writeFileSync(file, nodeKeyHex.replace(/^0x/, ''), { mode: 0o600 });
  try {
    const stdout = await new Promise((resolve, reject) => {
      execFile(bin, ['key', 'inspect-node-key', '--file', file], { timeout: 60_000 }, (err, out, errOut) =>
        err ? reject(new Error(`${bin} key inspect-node-key failed: ${err.message}\n${errOut}`)) : resolve(out),
      );
    });
    return stdout.trim();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Sends one JSON-RPC request over HTTP POST to http://127.0.0.1:<port>; returns `result`. */
export async function rpc(port, method, params = [], timeoutMs = 5_000) {
  const res = await fetch(`http://127.0.0.1:${port}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!res.ok) throw new Error(`${method}: HTTP ${res.status} ${await res.text()}`);
  const body = await res.json();
  if (body.error) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.result;
}

/** Best and finalized block numbers and peer count of the node serving RPC on `port`. */
export async function nodeStatus(port) {
  const [best, finalizedHash, health] = await Promise.all([
    rpc(port, 'chain_getHeader'),
    rpc(port, 'chain_getFinalizedHead'),
    rpc(port, 'system_health'),
  ]);
  const finalized = await rpc(port, 'chain_getHeader', [finalizedHash]);
  return {
    best: Number.parseInt(best.number, 16),
    finalized: Number.parseInt(finalized.number, 16),
    finalizedHash,
    peers: health.peers,
    isSyncing: health.isSyncing,
  };
}

/** The last `lines` lines of a file, or a note why it cannot be read. */
export function tailFile(file, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch (err) {
    return `(cannot read ${file}: ${err.message})`;
  }
}

/** Sends `signal` to the child and resolves once it exited (true) or `ms` passed (false). */
export function signalAndWait(child, signal, ms) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
    try {
      child.kill(signal);
    } catch {
      // Already gone.
    }
  });
}

/** SIGINT, then SIGKILL if the process is still there after `graceMs`. */
export async function stopProcess(child, graceMs = SIGINT_GRACE_MS) {
  if (!(await signalAndWait(child, 'SIGINT', graceMs))) {
    await signalAndWait(child, 'SIGKILL', 5_000);
  }
}

/** Waits until the node answers `system_health`; throws if it exits or `deadline` (ms epoch) passes. */
export async function waitForRpc(node, deadline) {
  let lastError;
  while (Date.now() < deadline) {
    const exited = node.exited();
    if (exited) {
      throw new Error(`${node.name} exited before its RPC came up (${describeExit(exited)}). Log: ${node.logPath}`);
    }
    try {
      await rpc(node.rpcPort, 'system_health');
      return;
    } catch (err) {
      lastError = err;
    }
    await Promise.race([sleep(500), node.exitPromise]);
  }
  throw new Error(
    `${node.name} did not answer JSON-RPC on port ${node.rpcPort} in time (last error: ${lastError?.message}). ` +
      `Log: ${node.logPath}`,
  );
}

function describeExit(exited) {
  if (exited.error) return `could not be started: ${exited.error.message}`;
  return `code ${exited.code}, signal ${exited.signal}`;
}

/**
 * Starts one `metanode` process per name of `names` (e.g. ['alice', 'bob', 'charlie', 'dave']),
 * each with `--<name> --validator`, the first one being the boot node of the others. Resolves
 * once every node answers JSON-RPC.
 *
 * Options:
 * - `names`: dev account names that have a `--<name>` flag (alice, bob, charlie, dave, eve, ferdie, ...).
 * - `chain`: the `--chain` value (default 'local').
 * - `bin`: the binary (default: `requireMetanodeBinary()`).
 * - `extraArgs`: more arguments for every node.
 * - `readyTimeoutMs`: how long to wait for each node's RPC (default 120 s; the first start may
 *   compile the Wasm runtime).
 * - `logDir`: where the logs go (default: a new mkdtemp directory under os.tmpdir()).
 *
 * If starting fails, the nodes already started are stopped and the error message carries the
 * log paths and tails. On success returns:
 * `{ nodes, logDir, bin, stop(), report(lines) }`, where every node is
 * `{ name, rpcPort, p2pPort, nodeKey, peerId, multiaddr, logPath, args, child, exitPromise, exited() }`.
 */
export async function startNetwork({
  names,
  chain = 'local',
  bin = requireMetanodeBinary(),
  extraArgs = [],
  readyTimeoutMs = 120_000,
  logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'metanode-network-')),
} = {}) {
  if (!Array.isArray(names) || names.length === 0) throw new Error('startNetwork: `names` must be a non-empty array');
  fs.mkdirSync(logDir, { recursive: true });

  const ports = await freePorts(2 * names.length);
  const nodes = [];
  for (const [i, name] of names.entries()) {
    const nodeKey = randomNodeKey();
    const p2pPort = ports[2 * i];
    const peerId = await peerIdFromNodeKey(nodeKey);
    nodes.push({
      name,
      p2pPort,
      rpcPort: ports[2 * i + 1],
      nodeKey,
      peerId,
      multiaddr: `/ip4/127.0.0.1/tcp/${p2pPort}/p2p/${peerId}`,
      logPath: path.join(logDir, `${name}.log`),
    });
  }
  const boot = nodes[0];

  let stopped = false;
  const killAllOnExit = () => {
    for (const node of nodes) {
      try {
        node.child?.kill('SIGKILL');
      } catch {
        // Already gone.
      }
    }
  };
  // Never leave nodes running if the test process goes away without calling stop().
  process.once('exit', killAllOnExit);

  async function stop() {
    if (stopped) return;
    stopped = true;
    await Promise.all(nodes.filter((n) => n.child).map((n) => stopProcess(n.child)));
    process.removeListener('exit', killAllOnExit);
  }

  /** Log paths, exit states and the last `lines` lines of every log, for failure messages. */
  function report(lines = 40) {
    const parts = [`metanode network logs in ${logDir}`];
    for (const node of nodes) {
      const exited = node.exited?.();
      const state = !node.child ? 'not started' : exited ? `exited (${describeExit(exited)})` : 'running';
      parts.push(
        `--- ${node.name} (${state}, rpc ${node.rpcPort}, p2p ${node.p2pPort}, peer id ${node.peerId})`,
        `--- log: ${node.logPath}, last ${lines} lines:`,
        tailFile(node.logPath, lines),
      );
    }
    return parts.join('\n');
  }

  function spawnNode(node, bootnodes) {
    const args = [
      '--chain', chain,
      `--${node.name}`,
      '--validator',
      '--tmp',
      '--listen-addr', `/ip4/127.0.0.1/tcp/${node.p2pPort}`,
      '--rpc-port', String(node.rpcPort),
      '--no-prometheus',
      '--no-telemetry',
      '--no-mdns',
      '--node-key', node.nodeKey,
      ...bootnodes.flatMap((addr) => ['--bootnodes', addr]),
      ...extraArgs,
    ];
    node.args = args;
    fs.writeFileSync(node.logPath, `=== ${bin} ${args.join(' ')}\n=== peer id ${node.peerId}\n`);
    const logFd = fs.openSync(node.logPath, 'a');
    try {
      node.child = spawn(bin, args, { stdio: ['ignore', logFd, logFd] });
    } finally {
      fs.closeSync(logFd); // the child keeps its own copy
    }
    let exited = null;
    node.exited = () => exited;
    node.exitPromise = new Promise((resolve) => {
      node.child.once('exit', (code, signal) => resolve((exited ??= { code, signal })));
      node.child.once('error', (error) => resolve((exited ??= { error })));
    });
  }

  try {
    // The boot node first: once its RPC answers, its network is listening as well.
    spawnNode(boot, []);
    await waitForRpc(boot, Date.now() + readyTimeoutMs);
    for (const node of nodes.slice(1)) spawnNode(node, [boot.multiaddr]);
    const deadline = Date.now() + readyTimeoutMs;
    await Promise.all(nodes.slice(1).map((node) => waitForRpc(node, deadline)));
  } catch (err) {
    await stop();
    err.message = `${err.message}\n${report()}`;
    throw err;
  }

  return { nodes, logDir, bin, chain, stop, report };
}
