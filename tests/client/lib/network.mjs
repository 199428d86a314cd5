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
//
// Optional extras (all off by default, so the behaviour above stays the default):
// - `basePath`: a persistent database per node (`--base-path`) instead of `--tmp`, so that a
//   node can be stopped and started again with its chain;
// - `nodeArgs`: extra arguments per node name; `prometheus`: a free `--prometheus-port` each;
// - `net.stopNode(name, { signal })`, `net.restartNode(name)`: stop one node (SIGINT or
//   SIGKILL) and start it again with the same node key, keys, base path and ports;
// - `net.addNode(name, { validator })`: a late node (by default a non-validator without any
//   `--<name>` key flag) that boots from the running nodes.

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
  if (body.error) {
    const err = new Error(`${method}: ${JSON.stringify(body.error)}`);
    err.rpcError = body.error; // { code, message, data? } as the node sent it
    throw err;
  }
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
 * Polls `check()` every `intervalMs` until it returns a truthy value, which is returned.
 * Errors thrown by `check` count as "not yet" (the last one is reported). Throws after
 * `timeoutMs` with `describe()` (or `what`) in the message.
 */
export async function pollUntil(check, { timeoutMs, intervalMs = 1_000, what = 'condition', describe } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      let detail = '';
      try {
        detail = describe ? `: ${await describe()}` : '';
      } catch (err) {
        detail = ` (describe failed: ${err.message})`;
      }
      throw new Error(
        `timed out after ${(timeoutMs / 1000).toFixed(0)} s waiting for ${what}${detail}` +
          (lastError ? ` (last error: ${lastError.message})` : ''),
      );
    }
    await sleep(intervalMs);
  }
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
 * - `extraArgs`: more arguments for every node (also for nodes added later with `addNode`).
 * - `nodeArgs`: `{ [name]: [...args] }`, more arguments for single nodes (after `extraArgs`).
 * - `basePath`: where the databases go. Falsy (default): every node runs with `--tmp`.
 *   `true`: `--base-path <logDir>/db/<name>`. A string: `--base-path <basePath>/<name>`.
 *   A persistent base path lets `restartNode` bring a node back with its chain and keystore.
 * - `prometheus`: if true, every node serves metrics on a free `--prometheus-port`
 *   (`node.prometheusPort`); otherwise `--no-prometheus` (default).
 * - `readyTimeoutMs`: how long to wait for each node's RPC (default 120 s; the first start may
 *   compile the Wasm runtime).
 * - `logDir`: where the logs go (default: a new mkdtemp directory under os.tmpdir()).
 *
 * If starting fails, the nodes already started are stopped and the error message carries the
 * log paths and tails. On success returns
 * `{ nodes, logDir, bin, chain, stop(), report(lines), node(name), stopNode(name, opts),
 *    restartNode(name, opts), addNode(name, opts) }`, where every node is
 * `{ name, rpcPort, p2pPort, prometheusPort, nodeKey, peerId, multiaddr, logPath, basePath,
 *    validator, args, child, exitPromise, exited(), stoppedOnPurpose, starts }`.
 * `exited()` is null while the current process runs; `stoppedOnPurpose` is true between
 * `stopNode` and `restartNode`, so that a test can tell a node it stopped from a crash.
 */
export async function startNetwork({
  names,
  chain = 'local',
  bin = requireMetanodeBinary(),
  extraArgs = [],
  nodeArgs = {},
  basePath = false,
  prometheus = false,
  readyTimeoutMs = 120_000,
  logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'metanode-network-')),
} = {}) {
  if (!Array.isArray(names) || names.length === 0) throw new Error('startNetwork: `names` must be a non-empty array');
  if (new Set(names).size !== names.length) throw new Error('startNetwork: `names` must be distinct');
  fs.mkdirSync(logDir, { recursive: true });

  const basePathOf = (name) => {
    if (!basePath) return null;
    return typeof basePath === 'string' ? path.resolve(basePath, name) : path.join(logDir, 'db', name);
  };
  const portsPerNode = prometheus ? 3 : 2;

  async function describeNode(name, { validator, keyFlag, ownArgs = [], dbPath, withPrometheus }) {
    const ports = await freePorts(withPrometheus ? 3 : 2);
    const nodeKey = randomNodeKey();
    const peerId = await peerIdFromNodeKey(nodeKey);
    return {
      name,
      p2pPort: ports[0],
      rpcPort: ports[1],
      prometheusPort: withPrometheus ? ports[2] : null,
      nodeKey,
      peerId,
      multiaddr: `/ip4/127.0.0.1/tcp/${ports[0]}/p2p/${peerId}`,
      logPath: path.join(logDir, `${name}.log`),
      basePath: dbPath,
      validator,
      keyFlag,
      ownArgs,
      stoppedOnPurpose: false,
      starts: 0,
    };
  }

  const ports = await freePorts(portsPerNode * names.length);
  const nodes = [];
  for (const [i, name] of names.entries()) {
    const nodeKey = randomNodeKey();
    const p2pPort = ports[portsPerNode * i];
    const peerId = await peerIdFromNodeKey(nodeKey);
    nodes.push({
      name,
      p2pPort,
      rpcPort: ports[portsPerNode * i + 1],
      prometheusPort: prometheus ? ports[portsPerNode * i + 2] : null,
      nodeKey,
      peerId,
      multiaddr: `/ip4/127.0.0.1/tcp/${p2pPort}/p2p/${peerId}`,
      logPath: path.join(logDir, `${name}.log`),
      basePath: basePathOf(name),
      validator: true,
      keyFlag: `--${name}`,
      ownArgs: nodeArgs[name] ?? [],
      stoppedOnPurpose: false,
      starts: 0,
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
      const state = !node.child
        ? 'not started'
        : exited
          ? `${node.stoppedOnPurpose ? 'stopped by the test' : 'exited'} (${describeExit(exited)})`
          : 'running';
      parts.push(
        `--- ${node.name} (${state}, rpc ${node.rpcPort}, p2p ${node.p2pPort}, peer id ${node.peerId})`,
        `--- log: ${node.logPath}, last ${lines} lines:`,
        tailFile(node.logPath, lines),
      );
    }
    return parts.join('\n');
  }

  function buildArgs(node, bootnodes) {
    return [
      '--chain', chain,
      ...(node.keyFlag ? [node.keyFlag] : []),
      ...(node.validator ? ['--validator'] : []),
      ...(node.basePath ? ['--base-path', node.basePath] : ['--tmp']),
      '--listen-addr', `/ip4/127.0.0.1/tcp/${node.p2pPort}`,
      '--rpc-port', String(node.rpcPort),
      ...(node.prometheusPort ? ['--prometheus-port', String(node.prometheusPort)] : ['--no-prometheus']),
      '--no-telemetry',
      '--no-mdns',
      '--node-key', node.nodeKey,
      ...bootnodes.flatMap((addr) => ['--bootnodes', addr]),
      ...extraArgs,
      ...node.ownArgs,
    ];
  }

  function spawnNode(node, bootnodes) {
    const args = buildArgs(node, bootnodes);
    node.args = args;
    node.starts += 1;
    if (node.basePath) fs.mkdirSync(node.basePath, { recursive: true });
    const header = `=== ${bin} ${args.join(' ')}\n=== peer id ${node.peerId}\n`;
    if (node.starts === 1) {
      fs.writeFileSync(node.logPath, header);
    } else {
      fs.appendFileSync(node.logPath, `\n=== start ${node.starts} at ${new Date().toISOString()}\n${header}`);
    }
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

  /** The node called `name`; throws if there is none. */
  function node(name) {
    const found = nodes.find((n) => n.name === name);
    if (!found) throw new Error(`no node called ${name} (have ${nodes.map((n) => n.name).join(', ')})`);
    return found;
  }

  /** Multiaddrs of the nodes other than `except` whose process runs. */
  function runningMultiaddrs(except) {
    return nodes.filter((n) => n !== except && n.child && !n.exited()).map((n) => n.multiaddr);
  }

  /**
   * Stops one node: `signal` 'SIGINT' (default; SIGKILL after `graceMs`) or 'SIGKILL'.
   * Resolves once the process is gone. Marks the node `stoppedOnPurpose`.
   */
  async function stopNode(name, { signal = 'SIGINT', graceMs = SIGINT_GRACE_MS } = {}) {
    const target = node(name);
    if (!target.child) throw new Error(`stopNode: ${name} was never started`);
    target.stoppedOnPurpose = true;
    if (signal === 'SIGKILL') {
      if (!(await signalAndWait(target.child, 'SIGKILL', 10_000))) {
        throw new Error(`stopNode: ${name} (pid ${target.child.pid}) did not exit after SIGKILL`);
      }
    } else {
      await stopProcess(target.child, graceMs);
    }
    return target.exited();
  }

  /**
   * Starts a stopped node again with the same node key, key flag, base path and ports (so the
   * same peer id and multiaddr), booting from the other running nodes. Resolves once its RPC
   * answers. `opts.extraArgs` are appended to this start only.
   */
  async function restartNode(name, { extraArgs: moreArgs = [], readyTimeoutMs: timeout = readyTimeoutMs } = {}) {
    if (stopped) throw new Error('restartNode: the network was stopped');
    const target = node(name);
    if (target.child && !target.exited()) throw new Error(`restartNode: ${name} is still running; stopNode it first`);
    const savedOwnArgs = target.ownArgs;
    target.ownArgs = [...savedOwnArgs, ...moreArgs];
    try {
      spawnNode(target, runningMultiaddrs(target));
    } finally {
      target.ownArgs = savedOwnArgs;
    }
    target.stoppedOnPurpose = false;
    try {
      await waitForRpc(target, Date.now() + timeout);
    } catch (err) {
      err.message = `${err.message}\n--- last lines of ${target.logPath}:\n${tailFile(target.logPath, 40)}`;
      throw err;
    }
    return target;
  }

  /**
   * Adds a node to the running network and waits for its RPC. By default a non-validator:
   * no `--<name>` key flag and no `--validator`. Options:
   * - `validator` (default false): if true, runs with `--<name> --validator` (the dev keys of
   *   `name`; only useful for names that have such a flag);
   * - `extraArgs`: more arguments for this node (after the network's `extraArgs`);
   * - `basePath`: like the network option (default: the network's setting);
   * - `prometheus`: like the network option (default: the network's setting).
   * It boots from every running node. Returns the node, which is also in `nodes`.
   */
  async function addNode(
    name,
    {
      validator = false,
      extraArgs: ownArgs = [],
      basePath: ownBasePath,
      prometheus: withPrometheus = prometheus,
      readyTimeoutMs: timeout = readyTimeoutMs,
    } = {},
  ) {
    if (stopped) throw new Error('addNode: the network was stopped');
    if (nodes.some((n) => n.name === name)) throw new Error(`addNode: there is already a node called ${name}`);
    let dbPath = basePathOf(name);
    if (ownBasePath === false) dbPath = null;
    else if (ownBasePath === true) dbPath = path.join(logDir, 'db', name);
    else if (typeof ownBasePath === 'string') dbPath = path.resolve(ownBasePath, name);
    const added = await describeNode(name, {
      validator,
      keyFlag: validator ? `--${name}` : null,
      ownArgs: validator ? ownArgs : ['--name', name, ...ownArgs],
      dbPath,
      withPrometheus,
    });
    nodes.push(added);
    spawnNode(added, runningMultiaddrs(added));
    try {
      await waitForRpc(added, Date.now() + timeout);
    } catch (err) {
      err.message = `${err.message}\n--- last lines of ${added.logPath}:\n${tailFile(added.logPath, 40)}`;
      throw err;
    }
    return added;
  }

  try {
    // The boot node first: once its RPC answers, its network is listening as well.
    spawnNode(boot, []);
    await waitForRpc(boot, Date.now() + readyTimeoutMs);
    for (const n of nodes.slice(1)) spawnNode(n, [boot.multiaddr]);
    const deadline = Date.now() + readyTimeoutMs;
    await Promise.all(nodes.slice(1).map((n) => waitForRpc(n, deadline)));
  } catch (err) {
    await stop();
    err.message = `${err.message}\n${report()}`;
    throw err;
  }

  return { nodes, logDir, bin, chain, stop, report, node, stopNode, restartNode, addNode };
}
