// try-runtime against a live dev chain with @acala-network/chopsticks-core (lib/try-runtime.mjs):
// the next runtime (spec_version 101, feature `next-release`) built with `try-runtime` runs its
// migrations, with their pre/post checks, on a fork of a `metanode --dev` chain that holds
// registered wallets:
//
// - checks `All` succeed: the pallet-wallets migration to storage version 1 keeps every wallet,
//   and the consumed weight is above 0 and within a block's maximum;
// - the checks bite: with one wallet's stored value corrupted on the fork (0x00, which does not
//   decode as a version-0 wallet), the migration's `translate` cannot migrate it (it logs a
//   defensive error and leaves the bytes), `post_upgrade` counts one wallet less than
//   `pre_upgrade` and fails with "every wallet must survive the migration";
// - the command behind scripts/try-runtime.sh exits 0 with the weight, or 1 with the reason;
// - the default runtime (built without `try-runtime`) has no TryRuntime API.
//
// Needs `${CARGO_TARGET_DIR:-~/.cache/metanode/target}/release/wbuild/metanode-runtime/
// metanode_runtime_next_try.compact.compressed.wasm` (or $METANODE_TRY_RUNTIME_WASM); the file
// is skipped, saying how to build it, when that Wasm does not exist.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';

import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';

import { startDevNode } from './lib/node.mjs';
import {
  BUILD_HINT,
  TRY_RUNTIME_API_ID,
  TryRuntimeError,
  defaultWasmPath,
  destroyWorker,
  formatWeights,
  hasTryRuntimeApi,
  oneLine,
  tryRuntime,
  tryRuntimeWasmPath,
  wasmRuntimeVersion,
} from './lib/try-runtime.mjs';
import { submitOk } from './lib/upgrade.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** The command behind scripts/try-runtime.sh (which only adds an `npm ci` when needed). */
const CLI = path.join(HERE, 'lib', 'try-runtime.mjs');
const SS58 = 42;
const UNIT = 1_000_000_000_000n;
const TRY_WASM = tryRuntimeWasmPath();
const SKIP = fs.existsSync(TRY_WASM)
  ? false
  : `the try-runtime Wasm is not at ${TRY_WASM}; ${oneLine(BUILD_HINT)}`;
if (SKIP) console.log(`# SKIPPED try-runtime.test.mjs: ${SKIP}`);

/** Runs the try-runtime command; resolves with `{ code, stdout, stderr }`. */
function runCli(args, timeoutMs = 120_000) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

const lastLine = (text) => text.trim().split('\n').at(-1) ?? '';

let node;
let api;
/** The block holding the registrations: every fork is taken there. */
let forkBlock;
/** Storage keys of Bob's and Charlie's wallets, and how many wallets the chain has. */
let bobWalletKey;
let walletCount;

const SUITE = 'try-runtime: the next runtime`s migrations on a fork of a dev chain';
// Skipped as one test (counted as `# skipped 1`), saying how to build the Wasm.
if (SKIP) test(SUITE, { skip: SKIP }, () => {});
else describe(SUITE, () => {
  before(async () => {
    await cryptoWaitReady();
    node = await startDevNode();
    api = node.api;
    const keyring = new Keyring({ type: 'sr25519', ss58Format: SS58 });
    const alice = keyring.addFromUri('//Alice');
    const bob = keyring.addFromUri('//Bob');
    const charlie = keyring.addFromUri('//Charlie');

    // Fund Bob and Charlie from Alice, then have each register a wallet.
    const batch = api.tx.utility.batchAll([
      api.tx.balances.transferKeepAlive(bob.address, 100n * UNIT),
      api.tx.balances.transferKeepAlive(charlie.address, 100n * UNIT),
    ]);
    await submitOk(api, batch, alice);
    await submitOk(api, api.tx.wallets.register('Personal', 'try-runtime bob'), bob);
    const last = await submitOk(api, api.tx.wallets.register('Business', 'try-runtime charlie'), charlie);
    forkBlock = last.blockHash;

    const apiAt = await api.at(forkBlock);
    assert.ok((await apiAt.query.wallets.wallets(bob.address)).isSome, 'Bob has a wallet');
    assert.ok((await apiAt.query.wallets.wallets(charlie.address)).isSome, 'Charlie has a wallet');
    walletCount = (await apiAt.query.wallets.wallets.keys()).length;
    bobWalletKey = api.query.wallets.wallets.key(bob.address);
    const onChain = (await apiAt.query.wallets.palletVersion()).toNumber();
    console.log(`# fork block ${forkBlock} (#${last.blockNumber}): ${walletCount} wallets, wallets storage version ${onChain}`);
    assert.equal(onChain, 0, 'the chain runs the wallets pallet at storage version 0');
  });

  after(async () => {
    try {
      await destroyWorker(); // chopsticks' executor thread would keep the process alive
    } finally {
      if (node) await node.stop();
    }
  });

  test('checks All pass: every wallet is migrated, the weight fits in a block', async () => {
    const r = await tryRuntime({ endpoint: node.url, wasmPath: TRY_WASM, checks: 'All', block: forkBlock });
    console.log(`# spec ${r.oldVersion.specName} ${r.oldVersion.specVersion} -> ${r.newVersion.specVersion}`);
    console.log(`# ${formatWeights(r)}`);
    console.log(`# took ${(r.elapsedMs / 1000).toFixed(1)} s; runtime log:\n${r.logs.map((l) => `#   ${l}`).join('\n')}`);
    assert.equal(r.oldVersion.specVersion, 100);
    assert.equal(r.newVersion.specVersion, 101);
    assert.ok(r.consumed.refTime > 0n, 'the migration consumed some ref_time');
    assert.ok(r.consumed.refTime <= r.max.refTime, 'within the block weight limit');
    assert.ok(r.max.refTime > 0n);
    assert.ok(
      r.logs.some((l) => l.includes(`migrated ${walletCount} wallets to storage version 1`)),
      `the migration logs that it migrated ${walletCount} wallets`,
    );
  });

  test('the checks bite: a wallet the migration drops fails post_upgrade', async () => {
    const err = await tryRuntime({
      endpoint: node.url,
      wasmPath: TRY_WASM,
      checks: 'All',
      block: forkBlock,
      // 0x00 does not decode as a version-0 wallet: `translate` skips it, `iter` too.
      storage: [[bobWalletKey, '0x00']],
    }).then(
      () => assert.fail('try-runtime passed although a wallet was corrupted'),
      (e) => e,
    );
    console.log(`# rejected (${err.phase}): ${err.reason}`);
    console.log(`# runtime log:\n${err.logs.map((l) => `#   ${l}`).join('\n')}`);
    assert.ok(err instanceof TryRuntimeError, `a TryRuntimeError: ${err.stack}`);
    assert.equal(err.phase, 'call');
    assert.match(err.cause?.message ?? '', /unreachable/, 'the runtime panicked');
    assert.equal(err.reason, 'every wallet must survive the migration');
    assert.ok(err.logs.some((l) => /panicked at/.test(l)), 'the panic is in the runtime log');
    assert.ok(
      err.logs.some((l) => /Invalid translation: failed to decode old value/.test(l)),
      'the migration could not decode the corrupted wallet',
    );
  });

  test('the command (scripts/try-runtime.sh): exit 0 with the weight, exit 1 with the reason', async () => {
    const ok = await runCli(['--url', node.url, '--block', forkBlock, '--checks', 'All', '--quiet']);
    const show = (r) => `exit ${r.code}${r.signal ? ` (${r.signal})` : ''}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;
    console.log(`# command, success:\n${ok.stdout.trim().replace(/^/gm, '#   ')}`);
    assert.equal(ok.code, 0, show(ok));
    assert.match(ok.stdout, /^try-runtime: Consumed weight: ref_time [\d,]+ of max [\d,]+ /m, show(ok));
    assert.match(lastLine(ok.stdout), /^try-runtime: OK \(/, show(ok));

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'metanode-try-runtime-'));
    try {
      const storageFile = path.join(dir, 'corrupt.json');
      fs.writeFileSync(storageFile, JSON.stringify([[bobWalletKey, '0x00']]));
      const failed = await runCli(['--url', node.url, '--block', forkBlock, '--import-storage', storageFile, '--quiet']);
      console.log(`# command, corrupted wallet: exit ${failed.code}, stderr: ${failed.stderr.trim()}`);
      assert.equal(failed.code, 1, show(failed));
      assert.equal(failed.stderr.trim(), 'try-runtime: FAILED: every wallet must survive the migration', show(failed));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the default runtime has no TryRuntime API', async () => {
    const file = defaultWasmPath();
    assert.ok(fs.existsSync(file), `the default runtime is at ${file}`);
    const version = await wasmRuntimeVersion(file);
    assert.equal(version.specVersion, 100);
    assert.ok(!hasTryRuntimeApi(version), `${TRY_RUNTIME_API_ID} is not in the default runtime's apis`);
    assert.ok(hasTryRuntimeApi(await wasmRuntimeVersion(TRY_WASM)), 'but the try-runtime Wasm has it');

    // With the spec check (the default), it is refused before any call: same spec_version.
    await assert.rejects(tryRuntime({ endpoint: node.url, wasmPath: file, block: forkBlock }), (e) => {
      console.log(`# default runtime, spec check on: ${e.reason}`);
      return e.phase === 'spec' && /spec_version must increase/.test(e.reason);
    });
    // Without it, the call itself finds no such function.
    await assert.rejects(
      tryRuntime({ endpoint: node.url, wasmPath: file, block: forkBlock, disableSpecCheck: true }),
      (e) => {
        console.log(`# default runtime, spec check off: ${e.reason}`);
        return e.phase === 'call' && /Function to start was not found/.test(e.reason);
      },
    );
  });
});
