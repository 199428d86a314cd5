// The `metanode mine` and `metanode rewards` commands against a real `metanode --dev` node:
// a fresh miner funded by Alice mines three epochs with `mine start --pool auto` (the CLI opens
// a solo pool, since the dev chain has none, and joins it), its shares land in blocks as
// authorized general transactions, the epochs close and pay it NEX, `rewards check` shows it and
// `rewards claim` moves exactly that NEX into its asset balance. Bad input fails with a
// one-line error and exit code 1. The `mining_*` JSON-RPC methods are checked on the way.
//
// Run with `npm test` (see README.md); the node binary must be built first.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';

import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';

import { startDevNode } from './lib/node.mjs';

const UNIT = 10n ** 12n;
const SS58 = 42;
const NEX = 1;
/** Epochs the miner runs for. */
const EPOCHS = 3;
/** The longest the miner may take for them (the dev chain closes a 10-block epoch in seconds). */
const MINE_TIMEOUT_MS = 90_000;
/** How long a transaction may take to reach a block. */
const INCLUSION_TIMEOUT_MS = 30_000;

let node;
let api;
let alice;
/** The miner: a fresh dev-phrase account, so the CLI and Polkadot.js derive the same key. */
const minerSuri = `//MiningTest${Date.now()}`;
let miner;
/** What happened while the miner ran. */
const seen = { sharesAccepted: 0, epochsClosed: [], newEpochs: 0 };
let mineRun;

/** Runs `metanode <args>`; resolves with its exit code and output. */
function runCli(args, timeoutMs = 60_000) {
  return new Promise((resolve) => {
    const child = spawn(node.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGINT'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut: signal === 'SIGINT' });
    });
  });
}

/** `metanode ... --json` output, parsed. */
function parseJsonOutput(run) {
  assert.equal(run.code, 0, `exit code 0 expected\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** Asserts a failed CLI run: exit code 1 and one `Error: ...` line that matches `pattern`. */
function assertCliError(run, pattern) {
  assert.equal(run.code, 1, `exit code 1 expected\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
  const lines = run.stderr.trim().split('\n').filter((l) => l.startsWith('Error:'));
  assert.equal(lines.length, 1, `one error line expected, stderr:\n${run.stderr}`);
  assert.match(lines[0], pattern);
  assert.ok(!lines[0].includes('\n'));
}

/** Signs and sends `tx`; resolves once it is in a block, rejects if it failed. */
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
      // The dev chain finalizes each block as it seals it: `finalized` may come without `inBlock`.
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

async function nexBalance(who) {
  const account = await api.query.assets.account(NEX, who);
  return account.isSome ? account.unwrap().balance.toBigInt() : 0n;
}

/** `test()` that prints where the node log is when the test fails. */
function nodeTest(name, fn) {
  test(name, async (t) => {
    try {
      await fn(t);
    } catch (err) {
      if (node) console.error(`[${name}] failed; metanode log: ${node.logPath}`);
      if (mineRun) console.error(`[${name}] miner output:\n${mineRun.stdout}\n${mineRun.stderr}`);
      throw err;
    }
  });
}

describe('mining with the metanode CLI on a dev chain', () => {
  before(async () => {
    await cryptoWaitReady();
    node = await startDevNode();
    api = node.api;
    const keyring = new Keyring({ type: 'sr25519', ss58Format: SS58 });
    alice = keyring.addFromUri('//Alice');
    miner = keyring.addFromUri(minerSuri);
  });

  after(async () => {
    if (node) await node.stop();
  });

  nodeTest('the mining_* RPC methods answer', async () => {
    const stats = await node.provider.send('mining_stats', []);
    assert.equal(stats.epochLength, 10, 'the dev preset has 10-block epochs');
    assert.equal(stats.targetShares, 20);
    assert.equal(typeof stats.rewardAvailable, 'string');
    assert.ok(BigInt(stats.rewardAvailable) > 0n, 'the dev rewards pot holds NEX');
    const work = await node.provider.send('mining_work', [miner.address]);
    assert.equal(work.pool, null, 'a fresh account is in no pool');
    assert.match(work.seed, /^0x[0-9a-f]{64}$/);
    assert.equal(BigInt(work.difficulty), 1n << 16n, 'epoch 0 has difficulty 2^16');
    const hexWork = await node.provider.send('mining_work', [`0x${Buffer.from(miner.publicKey).toString('hex')}`]);
    assert.equal(hexWork.seed, work.seed, 'an account as hex works too');
    assert.deepEqual(await node.provider.send('mining_pools', []), [], 'no pool at genesis');
    const rewards = await node.provider.send('mining_rewards', [miner.address]);
    assert.deepEqual(rewards, { account: miner.address, claimable: '0' });
    await assert.rejects(node.provider.send('mining_rewards', ['not-an-account']), (err) => {
      assert.match(err.message, /9400|SS58/);
      return true;
    });
  });

  nodeTest('bad input gives a one-line error and exit code 1', async () => {
    // Not funded yet: the pool call cannot pay its fee.
    const broke = await runCli(['mine', 'start', '--pool', 'auto', '--account', minerSuri, '--url', node.url, '--epochs', '1']);
    assertCliError(broke, /cannot pay the transaction fee.*GEN/);
    assertCliError(
      await runCli(['mine', 'start', '--pool', '999', '--account', minerSuri, '--url', node.url]),
      /pool 999 is not open.*metanode mine pools/,
    );
    assertCliError(
      await runCli(['mine', 'start', '--account', '//Alice', '--url', 'ws://127.0.0.1:1']),
      /cannot reach a node at ws:\/\/127\.0\.0\.1:1/,
    );
    assertCliError(
      await runCli(['mine', 'start', '--account', 'not a valid mnemonic', '--url', node.url]),
      /not a valid secret URI/,
    );
    assertCliError(
      await runCli(['rewards', 'claim', '--account', minerSuri, '--url', node.url]),
      /no mining rewards to claim/,
    );
  });

  nodeTest('mine start --pool auto mines three epochs and earns NEX', async () => {
    // Pool deposit (1 GEN) and fees.
    await sendAndWait(api.tx.balances.transferKeepAlive(miner.address, 10n * UNIT), alice);

    const startEpoch = (await node.provider.send('mining_stats', [])).epoch;
    const unsubscribe = await api.query.system.events((events) => {
      for (const { event } of events) {
        if (api.events.mining.ShareAccepted.is(event) && event.data.miner.toString() === miner.address) {
          seen.sharesAccepted += 1;
        } else if (api.events.mining.EpochClosed.is(event)) {
          seen.epochsClosed.push({
            epoch: event.data.epoch.toNumber(),
            shares: event.data.shares.toNumber(),
            reward: event.data.reward.toBigInt(),
          });
        } else if (api.events.mining.NewEpoch.is(event)) {
          seen.newEpochs += 1;
        }
      }
    });
    const started = performance.now();
    mineRun = await runCli(
      [
        'mine', 'start', '--pool', 'auto', '--threads', '1', '--account', minerSuri,
        '--url', node.url, '--epochs', String(EPOCHS), '--report-every', '2',
      ],
      MINE_TIMEOUT_MS,
    );
    unsubscribe();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`miner ran ${seconds} s:\n${mineRun.stdout}${mineRun.stderr}`);
    assert.equal(mineRun.timedOut, false, `the miner did not finish ${EPOCHS} epochs in time`);
    assert.equal(mineRun.code, 0, `the miner failed:\n${mineRun.stderr}`);

    // The CLI opened a solo pool (none existed) and joined it.
    assert.match(mineRun.stdout, /no pool is open: opening a solo pool/);
    assert.match(mineRun.stdout, /joined pool 0/);
    const pools = await node.provider.send('mining_pools', []);
    assert.equal(pools.length, 1);
    assert.equal(pools[0].operator, miner.address);
    assert.equal(pools[0].feePerbill, 0);
    assert.equal(pools[0].members, 1);
    const work = await node.provider.send('mining_work', [miner.address]);
    assert.equal(work.pool, 0, 'the miner is in the pool');

    // Epochs closed while it mined, and its shares were in them.
    const closedLines = mineRun.stdout.match(/^epoch \d+ closed at block #\d+: \d+ shares? of this miner in blocks/gm) ?? [];
    assert.ok(closedLines.length >= EPOCHS, `the miner saw ${EPOCHS} epochs close:\n${mineRun.stdout}`);
    const stats = await node.provider.send('mining_stats', []);
    assert.ok(stats.epoch >= startEpoch + EPOCHS, `epoch ${stats.epoch} >= ${startEpoch} + ${EPOCHS}`);
    assert.ok(seen.sharesAccepted > 0, 'Mining.ShareAccepted events for the miner');
    const paid = seen.epochsClosed.filter((e) => e.shares > 0 && e.reward > 0n);
    assert.ok(paid.length > 0, `an epoch with shares closed and paid NEX: ${JSON.stringify(seen.epochsClosed, (_, v) => (typeof v === 'bigint' ? v.toString() : v))}`);
    const summary = mineRun.stdout.match(/shares: (\d+) accepted, (\d+) rejected/g)?.pop();
    assert.ok(summary, 'a final summary line');
    const accepted = Number(summary.match(/shares: (\d+) accepted/)[1]);
    assert.ok(accepted > 0, `the miner counted accepted shares: ${summary}`);
    assert.match(mineRun.stdout, /MH\/s|kH\/s/, 'progress lines with the hash rate');
    console.log(`ShareAccepted events seen for the miner: ${seen.sharesAccepted}; epochs closed: ${seen.epochsClosed.length}`);
  });

  nodeTest('mine pools lists the pool', async () => {
    const out = parseJsonOutput(await runCli(['mine', 'pools', '--url', node.url, '--json']));
    assert.equal(out.pools.length, 1);
    assert.equal(out.pools[0].id, 0);
    assert.equal(typeof out.pools[0].payoutPerShare, 'string');
    assert.equal(typeof out.stats.rewardAvailable, 'string');
  });

  nodeTest('rewards check shows NEX and rewards claim moves it to the miner', async () => {
    const check = parseJsonOutput(
      await runCli(['rewards', 'check', '--account', miner.address, '--url', node.url, '--json']),
    );
    assert.equal(check.account, miner.address);
    const claimable = BigInt(check.claimable);
    assert.ok(claimable > 0n, `claimable NEX > 0 (got ${check.claimable})`);
    const rpcRewards = await node.provider.send('mining_rewards', [miner.address]);
    assert.ok(BigInt(rpcRewards.claimable) >= claimable, 'mining_rewards agrees');
    // The human-readable form, with the secret URI instead of the address.
    const text = await runCli(['rewards', 'check', '--account', minerSuri, '--url', node.url]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /NEX claimable/);

    const before = await nexBalance(miner.address);
    const claim = parseJsonOutput(
      await runCli(['rewards', 'claim', '--account', minerSuri, '--url', node.url, '--json']),
    );
    const amount = BigInt(claim.amount);
    assert.ok(amount >= claimable, `claimed ${amount} >= checked ${claimable}`);
    const blockHash = claim.blockHash;
    const atClaim = await api.at(blockHash);
    const header = await api.rpc.chain.getHeader(blockHash);
    const atParent = await api.at(header.parentHash);
    const nexAt = async (at) => {
      const a = await at.query.assets.account(NEX, miner.address);
      return a.isSome ? a.unwrap().balance.toBigInt() : 0n;
    };
    assert.equal((await nexAt(atClaim)) - (await nexAt(atParent)), amount, 'the claim block moved exactly the amount');
    const afterBalance = await nexBalance(miner.address);
    assert.equal(afterBalance - before, amount, 'the miner\'s NEX balance rose by the claimed amount');
    console.log(`claimed ${Number(amount) / 1e12} NEX in block #${claim.blockNumber}`);
    const left = await node.provider.send('mining_rewards', [miner.address]);
    assert.ok(BigInt(left.claimable) < amount, 'the claimed NEX is no longer claimable');
  });

  nodeTest('--pool <id> switches pools and --pool auto switches back to the lowest fee', async () => {
    // Alice opens a second pool with a 10% fee.
    const opened = await sendAndWait(api.tx.mining.openPool(100_000_000, 'alice 10%'), alice);
    const event = opened.events.find(({ event }) => api.events.mining.PoolOpened.is(event));
    assert.ok(event, 'PoolOpened');
    const alicePool = event.event.data.pool.toNumber();

    const toAlice = await runCli([
      'mine', 'start', '--pool', String(alicePool), '--account', minerSuri, '--url', node.url, '--duration', '1',
    ]);
    assert.equal(toAlice.code, 0, toAlice.stderr);
    assert.match(toAlice.stdout, new RegExp(`switched from pool 0 to pool ${alicePool}`));
    assert.equal((await node.provider.send('mining_work', [miner.address])).pool, alicePool);

    const back = await runCli(['mine', 'start', '--pool', 'auto', '--account', minerSuri, '--url', node.url, '--duration', '1']);
    assert.equal(back.code, 0, back.stderr);
    assert.match(back.stdout, /pool auto: picked pool 0 .*fee 0%/);
    assert.match(back.stdout, new RegExp(`switched from pool ${alicePool} to pool 0`));
    assert.equal((await node.provider.send('mining_work', [miner.address])).pool, 0);
  });
});
