// Starts a throw-away `metanode --dev` node for the client tests and connects Polkadot.js to it.
//
//   const node = await startDevNode();
//   ... node.api, node.url, node.logPath ...
//   await node.stop();
//
// The node runs on free ports with a temporary database (`--tmp`); its log goes to a file
// under the OS temp directory, whose path is printed whenever something goes wrong.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { ApiPromise, WsProvider } from '@polkadot/api';

import { freePorts, requireMetanodeBinary, rpc, signalAndWait, tailFile } from './network.mjs';

export { REPO_ROOT, metanodeBinary } from './network.mjs';

/** How long to wait for the RPC server: the first start may compile the Wasm runtime. */
const RPC_READY_TIMEOUT_MS = 120_000;
/** How long `stop()` waits after SIGINT before sending SIGKILL. */
const STOP_TIMEOUT_MS = 15_000;
/** How many times to start again if the node dies at once (e.g. a port taken in between). */
const START_ATTEMPTS = 3;

/**
 * Transaction extensions of the Metanode runtime that Polkadot.js does not know by name.
 * `frame_system::AuthorizeCall` and `pallet_wallets::CheckWalletRules` add nothing to the
 * extrinsic nor to the signed payload.
 */
export const METANODE_SIGNED_EXTENSIONS = {
  AuthorizeCall: { extrinsic: {}, payload: {} },
  CheckWalletRules: { extrinsic: {}, payload: {} },
};

/** One attempt to spawn the node; resolves once its RPC answers. */
async function spawnOnce(bin, logPath, attempt) {
  const [rpcPort, p2pPort] = await freePorts(2);
  const args = [
    '--dev',
    '--tmp',
    '--rpc-port', String(rpcPort),
    '--no-prometheus',
    '--no-telemetry',
    '--port', String(p2pPort),
  ];

  fs.appendFileSync(logPath, `\n=== attempt ${attempt}: ${bin} ${args.join(' ')}\n`);
  const logFd = fs.openSync(logPath, 'a');
  const child = spawn(bin, args, { stdio: ['ignore', logFd, logFd] });
  fs.closeSync(logFd); // the child keeps its own copy

  let exited = null;
  const exitPromise = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
    child.once('error', (err) => {
      exited = { error: err };
      resolve(exited);
    });
  });

  // Never leave the node running if the test process goes away without calling stop().
  const killOnExit = () => {
    try {
      child.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  };
  process.once('exit', killOnExit);

  const deadline = Date.now() + RPC_READY_TIMEOUT_MS;
  let lastError;
  while (Date.now() < deadline) {
    if (exited) break;
    try {
      await rpc(rpcPort, 'system_health');
      return { child, rpcPort, p2pPort, exitPromise, killOnExit, exited: () => exited };
    } catch (err) {
      lastError = err;
    }
    await Promise.race([sleep(500), exitPromise]);
  }

  process.removeListener('exit', killOnExit);
  if (!exited) {
    await signalAndWait(child, 'SIGKILL', 5_000);
    const err = new Error(
      `metanode did not answer JSON-RPC on port ${rpcPort} within ${RPC_READY_TIMEOUT_MS / 1000} s ` +
        `(last error: ${lastError?.message}).\nNode log: ${logPath}\n--- last lines ---\n${tailFile(logPath)}`,
    );
    err.retryable = false;
    throw err;
  }
  const how = exited.error
    ? `could not be started: ${exited.error.message}`
    : `exited early (code ${exited.code}, signal ${exited.signal})`;
  const log = tailFile(logPath);
  const err = new Error(`metanode ${how}.\nNode log: ${logPath}\n--- last lines ---\n${log}`);
  err.retryable = !exited.error && /address already in use|addrinuse|os error 98/i.test(log);
  throw err;
}

/**
 * Starts `metanode --dev --tmp` on free ports, waits for its RPC and connects Polkadot.js.
 *
 * @returns {Promise<{api: ApiPromise, provider: WsProvider, url: string, logPath: string, binary: string,
 *                    stop: () => Promise<void>}>}
 */
export async function startDevNode() {
  const bin = requireMetanodeBinary();

  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'metanode-client-'));
  const logPath = path.join(logDir, 'metanode-dev.log');

  let started;
  for (let attempt = 1; ; attempt++) {
    try {
      started = await spawnOnce(bin, logPath, attempt);
      break;
    } catch (err) {
      if (!err.retryable || attempt >= START_ATTEMPTS) throw err;
    }
  }
  const { child, rpcPort, killOnExit } = started;
  const url = `ws://127.0.0.1:${rpcPort}`;

  let api;
  const provider = new WsProvider(url, 1_000);
  try {
    api = await ApiPromise.create({
      provider,
      throwOnConnect: true,
      signedExtensions: METANODE_SIGNED_EXTENSIONS,
    });
    await api.isReady;
  } catch (err) {
    await provider.disconnect().catch(() => {}); // stop reconnecting
    process.removeListener('exit', killOnExit);
    await signalAndWait(child, 'SIGKILL', 5_000);
    throw new Error(`could not connect Polkadot.js to ${url}: ${err.message}\nNode log: ${logPath}`);
  }

  let stopped = false;
  async function stop() {
    if (stopped) return;
    stopped = true;
    try {
      await api.disconnect();
    } catch {
      // The connection may already be gone; the node still has to be stopped.
    }
    const crashed = started.exited();
    if (!(await signalAndWait(child, 'SIGINT', STOP_TIMEOUT_MS))) {
      await signalAndWait(child, 'SIGKILL', 5_000);
    }
    process.removeListener('exit', killOnExit);
    if (crashed) {
      console.error(
        `metanode stopped on its own during the tests (code ${crashed.code}, signal ${crashed.signal}).` +
          ` Node log: ${logPath}`,
      );
    }
  }

  return { api, provider, url, logPath, binary: bin, stop };
}
