// The wallet rules and the `metanode wallet` CLI on a dev chain, checked against @polkadot/api:
// a key is created (its file imports into Polkadot.js), receives GEN and NEX, sends NEX; AUR
// only moves once the new wallet is registered and bank-stamped; a spending limit refuses a
// transfer with what is left, through the CLI and through Polkadot.js; a frozen wallet cannot
// send; the history export lists what happened, as JSON and as CSV.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';

import { decryptKeyFile } from './lib/keystore-check.mjs';
import { startDevNode } from './lib/node.mjs';

const SS58 = 42;
const UNIT = 1_000_000_000_000n;
const NEX = 1;
const AUR = 3;
const PASSWORD = 'correct horse battery staple';
const INCLUSION_TIMEOUT_MS = 30_000;

let node;
let api;
let alice;
let bob;
let keystoreDir;
/** The wallet the CLI creates: `{ address, name, file, mnemonic }`. */
let created;

/** Runs `metanode <args>` with the test keystore and password; resolves with the outcome. */
function runCli(args, timeoutMs = 60_000) {
  return new Promise((resolve) => {
    const child = spawn(node.binary, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, METANODE_WALLET_DIR: keystoreDir, METANODE_WALLET_PASSWORD: PASSWORD },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function ok(run) {
  assert.equal(run.code, 0, `exit code 0 expected\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
  return run;
}

function json(run) {
  return JSON.parse(ok(run).stdout);
}

/** Asserts exit code 1 with one `Error: ...` line matching `pattern`. */
function assertCliError(run, pattern) {
  assert.equal(run.code, 1, `exit code 1 expected\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
  const lines = run.stderr.trim().split('\n').filter((l) => l.startsWith('Error:'));
  assert.equal(lines.length, 1, `one error line expected, stderr:\n${run.stderr}`);
  assert.match(lines[0], pattern);
}

/** Signs and sends `tx`; resolves once it is in a block, rejects if it failed or was refused. */
function sendAndWait(tx, signer) {
  return new Promise((resolve, reject) => {
    let unsub;
    const timer = setTimeout(() => {
      if (unsub) unsub();
      reject(new Error('transaction not in a block in time'));
    }, INCLUSION_TIMEOUT_MS);
    tx.signAndSend(signer, (result) => {
      if (result.status.isInvalid || result.status.isDropped || result.status.isUsurped) {
        clearTimeout(timer);
        if (unsub) unsub();
        reject(new Error(`transaction ${result.status.type}`));
        return;
      }
      if (!result.status.isInBlock && !result.status.isFinalized) return;
      clearTimeout(timer);
      if (unsub) unsub();
      if (result.dispatchError) {
        reject(new Error(`transaction failed: ${result.dispatchError.toString()}`));
      } else {
        resolve(result);
      }
    })
      .then((u) => {
        unsub = u;
      })
      .catch((e) => {
        clearTimeout(timer);
        reject(e);
      });
  });
}

async function assetBalance(id, who) {
  const account = await api.query.assets.account(id, who);
  return account.isSome ? account.unwrap().balance.toBigInt() : 0n;
}

async function genBalance(who) {
  return (await api.query.system.account(who)).data.free.toBigInt();
}

function nodeTest(name, fn) {
  test(name, async (t) => {
    try {
      await fn(t);
    } catch (err) {
      if (node) console.error(`[${name}] failed; metanode log: ${node.logPath}`);
      throw err;
    }
  });
}

describe('wallets: the rules and the metanode wallet CLI on a dev chain', () => {
  before(async () => {
    await cryptoWaitReady();
    keystoreDir = fs.mkdtempSync(path.join(os.tmpdir(), 'metanode-wallets-'));
    node = await startDevNode();
    api = node.api;
    const keyring = new Keyring({ type: 'sr25519', ss58Format: SS58 });
    alice = keyring.addFromUri('//Alice');
    bob = keyring.addFromUri('//Bob');
  });

  after(async () => {
    if (node) await node.stop();
    if (keystoreDir) fs.rmSync(keystoreDir, { recursive: true, force: true });
  });

  nodeTest('wallet create writes an encrypted key file that Polkadot.js imports', async () => {
    created = json(await runCli(['wallet', 'create', '--name', 'e2e', '--json']));
    assert.ok(fs.existsSync(created.file));
    assert.equal((fs.statSync(created.file).mode & 0o777).toString(8), '600');
    const text = fs.readFileSync(created.file, 'utf8');
    assert.ok(!text.includes(created.mnemonic.split(' ')[0] + ' '), 'the mnemonic is not stored');
    assert.equal(await decryptKeyFile(text, PASSWORD), created.address);
    await assert.rejects(decryptKeyFile(text, 'wrong password'));
    // The mnemonic shown once restores the same account.
    const restored = new Keyring({ type: 'sr25519', ss58Format: SS58 }).addFromMnemonic(created.mnemonic);
    assert.equal(restored.address, created.address);
    const listed = json(await runCli(['wallet', 'list', '--json']));
    assert.deepEqual(
      listed.map((k) => [k.name, k.address]),
      [['e2e', created.address]],
    );
  });

  nodeTest('the new wallet receives GEN and NEX and the CLI shows all four tokens', async () => {
    await sendAndWait(api.tx.balances.transferKeepAlive(created.address, 20n * UNIT), alice);
    await sendAndWait(api.tx.assets.transferKeepAlive(NEX, created.address, 10n * UNIT), alice);
    const info = json(await runCli(['wallet', 'balance', 'e2e', '--url', node.url, '--json']));
    assert.equal(info.account, created.address);
    assert.deepEqual(
      info.balances.map((b) => [b.symbol, b.decimals]),
      [['GEN', 12], ['NEX', 12], ['FLX', 12], ['AUR', 12]],
    );
    const bySymbol = Object.fromEntries(info.balances.map((b) => [b.symbol, b]));
    assert.equal(BigInt(bySymbol.GEN.amount), await genBalance(created.address));
    assert.equal(bySymbol.GEN.formatted, '20');
    assert.equal(bySymbol.NEX.formatted, '10');
    assert.equal(bySymbol.AUR.amount, '0');
    assert.equal(info.registered, false);
    const text = ok(await runCli(['wallet', 'balance', created.address, '--url', node.url])).stdout;
    assert.match(text, /NEX\s+10\s/);
    assert.match(text, /not registered/);
  });

  nodeTest('wallet transfer sends exactly the amount, checked through Polkadot.js', async () => {
    const before = await assetBalance(NEX, bob.address);
    const sent = json(
      await runCli([
        'wallet', 'transfer', '--from', 'e2e', '--token', 'NEX', '--to', bob.address,
        '--amount', '1.5', '--url', node.url, '--json',
      ]),
    );
    assert.equal(sent.amount, String(1_500_000_000_000n));
    assert.equal((await assetBalance(NEX, bob.address)) - before, 1_500_000_000_000n);
    assert.equal(await assetBalance(NEX, created.address), 8_500_000_000_000n);
  });

  nodeTest('AUR moves only to a bank-stamped wallet', async () => {
    const refused = await runCli([
      'wallet', 'transfer', '--from', '//Alice', '--token', 'AUR', '--to', created.address,
      '--amount', '1', '--url', node.url,
    ]);
    assertCliError(refused, /AurRecipientNotBankStamped.*bank-stamped/);
    // Through Polkadot.js the pool refuses it with the rule's code (102).
    await assert.rejects(
      sendAndWait(api.tx.assets.transferKeepAlive(AUR, created.address, UNIT), alice),
      /Custom error: 102/,
    );
    assert.equal(await assetBalance(AUR, created.address), 0n);

    // Register the new wallet (signed with its own key) and have Alice, a stamper, stamp it.
    const keyring = new Keyring({ type: 'sr25519', ss58Format: SS58 });
    const wallet = keyring.addFromMnemonic(created.mnemonic);
    await sendAndWait(api.tx.wallets.register('Personal', 'e2e wallet'), wallet);
    await sendAndWait(api.tx.wallets.stamp(created.address, 'BankStamped', '0x' + '11'.repeat(32)), alice);
    ok(
      await runCli([
        'wallet', 'transfer', '--from', '//Alice', '--token', 'AUR', '--to', created.address,
        '--amount', '2', '--url', node.url,
      ]),
    );
    assert.equal(await assetBalance(AUR, created.address), 2n * UNIT);
    const info = json(await runCli(['wallet', 'balance', 'e2e', '--url', node.url, '--json']));
    assert.equal(info.registered, true);
    assert.equal(info.kind, 'Personal');
    assert.equal(info.bankStamped, true);
    assert.equal(info.balances[3].formatted, '2');
    // AUR back to Alice (bank-stamped at genesis) works from the CLI's own key.
    ok(
      await runCli([
        'wallet', 'transfer', '--from', 'e2e', '--token', 'AUR', '--to', alice.address,
        '--amount', '0.5', '--url', node.url,
      ]),
    );
    assert.equal(await assetBalance(AUR, created.address), 1_500_000_000_000n);
  });

  nodeTest('a spending limit refuses a transfer and says what is left', async () => {
    const wallet = new Keyring({ type: 'sr25519', ss58Format: SS58 }).addFromMnemonic(created.mnemonic);
    await sendAndWait(api.tx.wallets.setSpendingLimit('Nex', 2n * UNIT), wallet);
    ok(
      await runCli([
        'wallet', 'transfer', '--from', 'e2e', '--token', 'NEX', '--to', bob.address,
        '--amount', '0.5', '--url', node.url,
      ]),
    );
    const refused = await runCli([
      'wallet', 'transfer', '--from', 'e2e', '--token', 'NEX', '--to', bob.address,
      '--amount', '2', '--url', node.url,
    ]);
    assertCliError(refused, /SpendingLimitExceeded.*only 1\.5 NEX more this period/);
    const before = await assetBalance(NEX, bob.address);
    await assert.rejects(
      sendAndWait(api.tx.assets.transferKeepAlive(NEX, bob.address, 2n * UNIT), wallet),
      /Custom error: 103/,
    );
    assert.equal(await assetBalance(NEX, bob.address), before);
    const check = await node.provider.send('wallet_checkTransfer', [
      created.address, bob.address, 'NEX', '2',
    ]);
    assert.equal(check.allowed, false);
    assert.equal(check.remaining, String(1_500_000_000_000n));
  });

  nodeTest('a frozen wallet cannot send any token until thawed', async () => {
    await sendAndWait(api.tx.wallets.freeze(created.address, 'e2e freeze'), alice);
    for (const token of ['GEN', 'NEX', 'FLX', 'AUR']) {
      const run = await runCli([
        'wallet', 'transfer', '--from', 'e2e', '--token', token, '--to', alice.address,
        '--amount', '0.1', '--url', node.url,
      ]);
      assertCliError(run, /WalletFrozen/);
    }
    const info = json(await runCli(['wallet', 'balance', 'e2e', '--url', node.url, '--json']));
    assert.equal(info.frozen.reason, 'e2e freeze');
    await sendAndWait(api.tx.wallets.thaw(created.address, 'cleared'), alice);
    ok(
      await runCli([
        'wallet', 'transfer', '--from', 'e2e', '--token', 'GEN', '--to', alice.address,
        '--amount', '0.1', '--url', node.url,
      ]),
    );
  });

  nodeTest('wallet history exports what happened, as JSON and CSV', async () => {
    const entries = json(await runCli(['wallet', 'history', 'e2e', '--url', node.url, '--format', 'json']));
    const summary = entries
      .filter((e) => e.kind === 'transfer')
      .map((e) => `${e.direction} ${e.formatted} ${e.token}`);
    assert.deepEqual(summary, [
      'in 20 GEN',
      'in 10 NEX',
      'out 1.5 NEX',
      'in 2 AUR',
      'out 0.5 AUR',
      'out 0.5 NEX',
      'out 0.1 GEN',
    ]);
    const fees = entries.filter((e) => e.kind === 'fee');
    assert.ok(fees.length >= 6, 'every transaction the wallet signed paid a GEN fee');
    for (const e of entries) {
      const hash = await api.rpc.chain.getBlockHash(e.block);
      assert.equal(hash.toHex(), e.blockHash);
      assert.ok(e.timestamp > 1_600_000_000_000);
    }
    const out = path.join(keystoreDir, 'history.csv');
    ok(await runCli(['wallet', 'history', created.address, '--url', node.url, '--format', 'csv', '-o', out]));
    const lines = fs.readFileSync(out, 'utf8').trim().split('\n');
    assert.equal(lines[0], 'block,timestamp,extrinsic,kind,token,direction,amount,formatted,counterparty,block_hash');
    assert.equal(lines.length, entries.length + 1);
  });

  nodeTest('bad input gets a one-line error that says how to fix it', async () => {
    const cases = [
      [['wallet', 'transfer', '--from', 'e2e', '--token', 'DOT', '--to', bob.address, '--amount', '1', '--url', node.url], /GEN, NEX, FLX or AUR/],
      [['wallet', 'transfer', '--from', 'e2e', '--token', 'GEN', '--to', bob.address, '--amount', '1.0000000000001', '--url', node.url], /at most 12 decimals/],
      [['wallet', 'transfer', '--from', 'e2e', '--token', 'GEN', '--to', 'nobody', '--amount', '1', '--url', node.url], /--to: .*neither an address/],
      [['wallet', 'balance', 'nobody', '--url', node.url], /neither an address/],
      [['wallet', 'history', 'e2e', '--url', node.url, '--from', '9', '--to', '3'], /from <= to/],
    ];
    for (const [args, pattern] of cases) {
      assertCliError(await runCli(args), pattern);
    }
    const wrong = await new Promise((resolve) => {
      const child = spawn(node.binary, ['wallet', 'transfer', '--from', 'e2e', '--token', 'GEN', '--to', bob.address, '--amount', '1', '--url', node.url], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, METANODE_WALLET_DIR: keystoreDir, METANODE_WALLET_PASSWORD: 'not it' },
      });
      let stderr = '';
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      child.on('exit', (code) => resolve({ code, stdout: '', stderr }));
    });
    assertCliError(wrong, /password/i);
  });
});
