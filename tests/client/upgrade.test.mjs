// Forkless runtime upgrade on a live four-validator IBFT network (Alice, Bob, Charlie, Dave,
// `--chain local`, IBFT finality by default), from the default runtime (spec_version 100,
// transaction_version 1) to the "upgrade to try" runtime built with the cargo feature
// `next-release` (spec_version 101, transaction_version 2, pallet-wallets storage version
// 0 -> 1: every `Wallets::Wallets` entry gains `updated_at = registered_at`).
//
// Steps (each needs the previous ones):
//   a. before: Alice funds Charlie and Dave; Bob and Charlie register wallets (data for the
//      migration); every node runs spec_version 100 / transaction_version 1; Wallets is at
//      storage version 0 and its `Wallet` has no `updatedAt`;
//   b. refused upgrades: sudo setCode of 100 zero bytes fails with
//      system.FailedToExtractRuntimeVersion, sudo setCode of the chain's own code (`:code`) with
//      system.SpecVersionNeedsToIncrease; the chain stays on 100 and keeps finalizing;
//   c. a transfer from Dave, signed (immortal) for transaction_version 1 and valid now
//      (TaggedTransactionQueue_validate_transaction), is kept, NOT submitted;
//   d. the upgrade: sudo.sudoUncheckedWeight(system.setCode(next Wasm)). Measured on Alice's
//      node: when the block with setCode is first a best head (T_enact), when its child, the
//      first block executed by runtime 101, is (T_first_new), and the finalized-head
//      notifications over blocks [N-10, N+10]: the longest gap must stay within two block
//      times plus 1 s ($METANODE_MAX_UPGRADE_GAP_MS overrides it), and every block number must
//      be finalized. Prints `UPGRADE_TIMINGS {...}`. That gap is dominated by every node
//      compiling the new runtime before it can author or import the first block that runs it;
//      with four nodes on one 2-core machine it measured 11-22 s (see the report of the run);
//   e. after: spec_version 101 / transaction_version 2 on all four nodes; the subscribed
//      Polkadot.js API follows to 101 and decodes `Wallet.updatedAt` (== registeredAt: the
//      migration ran), and the raw entry is the version-0 encoding plus `updated_at` (u32 LE);
//      Wallets storage version 1; system.lastRuntimeUpgrade is 101;
//   f. the transaction of c is refused (JSON-RPC error 1010, bad signature) and Dave's balance
//      does not move; a transfer Dave signs with a new API connection goes through;
//   g. all four nodes keep finalizing (+3 blocks).
//
// Needs the node binary and the next-release Wasm (see lib/upgrade.mjs `nextRuntimeWasm`):
//   METANODE_BUILD_NEXT_RUNTIME=1 cargo build --release -p metanode
// Run from tests/client:  node --test --test-concurrency=1 upgrade.test.mjs

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';

import { nodeStatus, pollUntil, rpc, startNetwork } from './lib/network.mjs';
import { METANODE_SIGNED_EXTENSIONS } from './lib/node.mjs';
import {
  CODE_KEY,
  describeDispatchError,
  findEvents,
  finalityTimeline,
  headTimeline,
  nextRuntimeWasm,
  palletStorageVersion,
  readWasmHex,
  runtimeVersion,
  submitOk,
  sudidResult,
  timelineWindow,
  waitForSpecVersion,
} from './lib/upgrade.mjs';

const VALIDATORS = ['alice', 'bob', 'charlie', 'dave'];
const UNIT = 1_000_000_000_000n;
const OLD_SPEC = 100;
const OLD_TX_VERSION = 1;
const NEW_SPEC = 101;
const NEW_TX_VERSION = 2;
const BLOCK_TIME_MS = 2_000;
/**
 * The longest finalized-head gap allowed around the upgrade: two block times plus 1 s, or
 * $METANODE_MAX_UPGRADE_GAP_MS. Every node compiles the new runtime before it can author or
 * import the first block that runs it, so this gap is about that compile time.
 */
const MAX_FINALITY_GAP_MS = Number(process.env.METANODE_MAX_UPGRADE_GAP_MS || 2 * BLOCK_TIME_MS + 1_000);
/** Blocks on either side of the upgrade block whose finality is checked. */
const WINDOW = 10;
const ZERO_WEIGHT = { refTime: 0, proofSize: 0 };

const t0 = Date.now();
const log = (msg) => console.log(`[upgrade ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${msg}`);

describe('forkless runtime upgrade on a live four-validator IBFT network', { timeout: 300_000 }, () => {
  let net;
  let api; // subscribed to Alice's node for the whole run
  let alice;
  let bob;
  let charlie;
  let dave;
  let eve;
  let wasmPath;
  let finalized; // Alice's finalized-head timeline
  let best; // Alice's best-head timeline
  let failedStep = null;

  // State carried from step to step.
  const registeredAt = {};
  let oldTx = null; // { hex, nonce, amount, hash }
  let daveFreeBefore = null;
  let upgrade = null; // { blockHash, blockNumber, parentHash }

  const port = (name) => net.node(name).rpcPort;
  /** Free GEN of `address` at block `at` (default: best), through `via` (default: Alice's API). */
  const free = async (address, at, via = api) => {
    const q = at ? await via.at(at) : via;
    return (await q.query.system.account(address)).data.free.toBigInt();
  };

  function assertAlive() {
    for (const n of net.nodes) {
      const exited = n.exited();
      if (exited) assert.fail(`${n.name} stopped on its own (code ${exited.code}, signal ${exited.signal})`);
    }
  }

  async function describeNet() {
    const sts = await Promise.all(net.nodes.map((n) => nodeStatus(n.rpcPort).catch((err) => ({ error: err.message }))));
    return net.nodes
      .map((n, i) => (sts[i].error ? `${n.name} rpc error: ${sts[i].error}` : `${n.name} best #${sts[i].best} fin #${sts[i].finalized}`))
      .join('; ');
  }

  /** Waits until every node's finalized head is at least `target(name)`. */
  async function waitFinalized(target, { timeoutMs, what }) {
    return pollUntil(
      async () => {
        assertAlive();
        const sts = await Promise.all(net.nodes.map((n) => nodeStatus(n.rpcPort)));
        return sts.every((s, i) => s.finalized >= target(net.nodes[i].name)) ? sts : null;
      },
      { timeoutMs, intervalMs: 1_000, what, describe: describeNet },
    );
  }

  /** Runs one step; skips it if an earlier one failed, and prints the logs when it fails. */
  function step(name, timeoutMs, fn) {
    it(name, { timeout: timeoutMs }, async (t) => {
      if (!net || !api) {
        t.skip('the network did not start');
        return;
      }
      if (failedStep) {
        t.skip(`an earlier step failed (${failedStep})`);
        return;
      }
      const started = Date.now();
      log(`--- ${name}`);
      try {
        await fn();
        log(`--- done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${name}`);
      } catch (err) {
        failedStep = name;
        log(`--- FAILED: ${name}: ${err.message}`);
        console.error(net.report(40));
        throw err;
      }
    });
  }

  before(async () => {
    await cryptoWaitReady();
    wasmPath = nextRuntimeWasm(); // throws with build instructions if missing
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    [alice, bob, charlie, dave, eve] = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve'].map((n) => keyring.addFromUri(`//${n}`));

    net = await startNetwork({ names: VALIDATORS, chain: 'local', readyTimeoutMs: 120_000 });
    log(`network up; logs in ${net.logDir}\n${net.nodes.map((n) => `  ${n.name}: rpc ${n.rpcPort}, p2p ${n.p2pPort}`).join('\n')}`);
    try {
      // The timelines start right away: the finality window reaches 10 blocks before the upgrade.
      finalized = await finalityTimeline(port('alice'));
      best = await headTimeline(port('alice'), 'best');
      api = await ApiPromise.create({
        provider: new WsProvider(`ws://127.0.0.1:${port('alice')}`),
        signedExtensions: METANODE_SIGNED_EXTENSIONS,
        noInitWarn: true,
        throwOnConnect: true,
      });
      await api.isReady;
    } catch (err) {
      console.error(net.report(40));
      throw err;
    }
  }, { timeout: 180_000 });

  after(async () => {
    await finalized?.close();
    await best?.close();
    await api?.disconnect().catch(() => {});
    if (net) {
      if (failedStep) log(`failed at: ${failedStep}; logs in ${net.logDir}`);
      await net.stop();
      log('all nodes stopped');
    }
  }, { timeout: 120_000 });

  step('a. before the upgrade: wallets registered, every node on spec_version 100 / transaction_version 1', 120_000, async () => {
    await waitFinalized(() => 2, { timeoutMs: 90_000, what: 'finalized #2 on every validator' });
    log(await describeNet());

    // Charlie and Dave hold no GEN on the local chain: Alice gives them some for fees and the deposit.
    const funded = await submitOk(
      api,
      api.tx.utility.batchAll([
        api.tx.balances.transferKeepAlive(charlie.address, 100n * UNIT),
        api.tx.balances.transferKeepAlive(dave.address, 100n * UNIT),
      ]),
      alice,
    );
    assert.equal(findEvents(funded.events, 'utility', 'BatchCompleted').length, 1, 'the funding batch completed');
    log(`Alice funded Charlie and Dave in #${funded.blockNumber}`);

    const regs = await Promise.all([
      submitOk(api, api.tx.wallets.register('Personal', 'upgrade-test bob'), bob),
      submitOk(api, api.tx.wallets.register('Personal', 'upgrade-test charlie'), charlie),
    ]);
    for (const [who, r] of [['bob', regs[0]], ['charlie', regs[1]]]) {
      const wallet = await api.query.wallets.wallets(who === 'bob' ? bob.address : charlie.address);
      assert.ok(wallet.isSome, `${who} is a registered wallet`);
      const json = wallet.unwrap().toJSON();
      registeredAt[who] = Number(json.registeredAt);
      assert.equal(registeredAt[who], r.blockNumber, `${who}: registeredAt is the block of the registration`);
      assert.ok(!('updatedAt' in json), `${who}: the old Wallet has no updatedAt: ${JSON.stringify(json)}`);
      log(`${who} registered in #${r.blockNumber}: ${JSON.stringify(json)}`);
    }

    for (const n of net.nodes) {
      const v = await runtimeVersion(n.rpcPort);
      assert.equal(v.specName, 'metanode', `${n.name}: spec name`);
      assert.equal(v.specVersion, OLD_SPEC, `${n.name}: spec_version before the upgrade`);
      assert.equal(v.transactionVersion, OLD_TX_VERSION, `${n.name}: transaction_version before the upgrade`);
    }
    assert.equal(api.runtimeVersion.specVersion.toNumber(), OLD_SPEC, 'Polkadot.js runtimeVersion');
    const sv = await palletStorageVersion(port('alice'), 'Wallets');
    assert.ok(sv === null || sv === 0, `Wallets storage version before the upgrade: ${sv}`);
    log(`every node on spec_version ${OLD_SPEC}, transaction_version ${OLD_TX_VERSION}; Wallets storage version ${sv}`);
  });

  step('b. a refused upgrade keeps the chain on the old runtime', 120_000, async () => {
    const before = await nodeStatus(port('alice'));

    // Not a runtime at all.
    const garbage = `0x${'00'.repeat(100)}`;
    const bad = await submitOk(api, api.tx.sudo.sudoUncheckedWeight(api.tx.system.setCode(garbage), ZERO_WEIGHT), alice);
    const badResult = sudidResult(bad);
    log(`setCode(100 zero bytes) in #${bad.blockNumber}: Sudid ${badResult.ok ? 'Ok' : badResult.name}`);
    assert.equal(badResult.ok, false, 'setCode of 100 zero bytes must fail');
    assert.ok(badResult.error.isModule, `a module error, not ${badResult.name}`);
    assert.equal(badResult.name, 'system.FailedToExtractRuntimeVersion');
    assert.equal(findEvents(bad.events, 'system', 'CodeUpdated').length, 0, 'no System.CodeUpdated');

    // The chain's own code: a runtime, but not a newer one.
    const current = await rpc(port('alice'), 'state_getStorage', [CODE_KEY], 60_000);
    assert.ok(current && current.length > 1_000, 'the chain has its code under :code');
    log(`the chain's current code is ${(current.length - 2) / 2} bytes`);
    const same = await submitOk(api, api.tx.sudo.sudoUncheckedWeight(api.tx.system.setCode(current), ZERO_WEIGHT), alice);
    const sameResult = sudidResult(same);
    log(`setCode(current code) in #${same.blockNumber}: Sudid ${sameResult.ok ? 'Ok' : sameResult.name}`);
    assert.equal(sameResult.ok, false, 'setCode of the current code must fail');
    assert.equal(sameResult.name, 'system.SpecVersionNeedsToIncrease');
    assert.equal(findEvents(same.events, 'system', 'CodeUpdated').length, 0, 'no System.CodeUpdated');

    for (const n of net.nodes) {
      assert.equal((await runtimeVersion(n.rpcPort)).specVersion, OLD_SPEC, `${n.name}: still spec_version ${OLD_SPEC}`);
    }
    const target = Math.max(before.finalized, same.blockNumber) + 2;
    await waitFinalized(() => target, { timeoutMs: 60_000, what: `finalized #${target} after the refused upgrades` });
    log(`still on ${OLD_SPEC} and finalizing: ${await describeNet()}`);
  });

  step('c. an old-format transaction is signed (transaction_version 1) and kept, not submitted', 60_000, async () => {
    const nonce = (await api.rpc.system.accountNextIndex(dave.address)).toNumber();
    const amount = 5n * UNIT;
    const tx = api.tx.balances.transferKeepAlive(eve.address, amount);
    await tx.signAsync(dave, { nonce, era: 0 });
    oldTx = { hex: tx.toHex(), nonce, amount, hash: tx.hash.toHex() };

    // It is valid right now, so a refusal after the upgrade is the upgrade's doing. Checked with
    // the runtime API over a raw state_call: (TransactionSource::External = 2, the extrinsic,
    // the block hash) -> Result<ValidTransaction, TransactionValidityError>, 0x00 = Ok.
    const bestHash = await rpc(port('alice'), 'chain_getBlockHash');
    const params = `0x02${oldTx.hex.slice(2)}${bestHash.slice(2)}`;
    const validity = await rpc(port('alice'), 'state_call', ['TaggedTransactionQueue_validate_transaction', params, bestHash], 15_000);
    assert.ok(validity.startsWith('0x00'), `the old-format transaction is valid before the upgrade: ${validity}`);
    daveFreeBefore = await free(dave.address);
    log(
      `Dave's transfer signed for spec ${api.runtimeVersion.specVersion} / tx ${api.runtimeVersion.transactionVersion}, ` +
        `nonce ${nonce}, immortal, ${oldTx.hex.length / 2 - 1} bytes, valid now; Dave holds ${daveFreeBefore}`,
    );
  });

  step('d. the upgrade by sudo: enactment, first new block and finality around it', 150_000, async () => {
    // The window of finalized heads checked below starts 10 blocks before the upgrade block.
    await pollUntil(async () => (await nodeStatus(port('alice'))).finalized >= WINDOW + 2, {
      timeoutMs: 60_000,
      what: `finalized #${WINDOW + 2} before the upgrade`,
      describe: describeNet,
    });
    const code = readWasmHex(wasmPath);
    log(`next runtime: ${wasmPath} (${(code.length - 2) / 2} bytes)`);
    const tx = api.tx.sudo.sudoUncheckedWeight(api.tx.system.setCode(code), ZERO_WEIGHT);
    const r = await submitOk(api, tx, alice, { timeoutMs: 120_000 });
    const result = sudidResult(r);
    assert.ok(result.ok, `sudo(setCode(next)) failed: ${result.name}`);
    // The runtime stages accepted code and writes it to :code some blocks later (pallet-upgrades),
    // while every node compiles it in the background.
    assert.equal(findEvents(r.events, 'system', 'CodeUpdated').length, 0, 'no System.CodeUpdated yet');
    const staged = findEvents(r.events, 'upgrades', 'CodeStaged');
    assert.equal(staged.length, 1, 'Upgrades.CodeStaged');
    const applyAt = Number(staged[0].event.data[1].toString());
    assert.ok(applyAt > r.blockNumber, `applied after #${r.blockNumber}: #${applyAt}`);
    assert.equal((await runtimeVersion(port('alice'), r.blockHash)).specVersion, OLD_SPEC, 'staged code is not the chain code yet');
    log(`setCode in #${r.blockNumber} ${r.blockHash}: staged, written to :code in #${applyAt}`);
    const N = applyAt;
    const hashN = await pollUntil(async () => (await nodeStatus(port('alice'))).best >= N && rpc(port('alice'), 'chain_getBlockHash', [N]), {
      timeoutMs: 90_000,
      what: `#${N}, the block that writes the code`,
      describe: describeNet,
    });
    const header = await rpc(port('alice'), 'chain_getHeader', [hashN]);
    upgrade = { blockHash: hashN, blockNumber: N, parentHash: header.parentHash, stagedIn: r.blockNumber };
    log(`the code is written to :code in #${N} ${hashN}`);

    // Which runtime ran what: #N was executed by 100 (its parent's code) and holds the new
    // code in its state, so state_getRuntimeVersion(#N) and every child of #N are 101.
    assert.equal((await runtimeVersion(port('alice'), upgrade.parentHash)).specVersion, OLD_SPEC, `#${N} was executed by ${OLD_SPEC}`);
    const atN = await runtimeVersion(port('alice'), upgrade.blockHash);
    log(`state_getRuntimeVersion(#${N}) = ${atN.specVersion} (the code in its state, which runs #${N + 1})`);
    assert.equal(atN.specVersion, NEW_SPEC, `the code stored by #${N}`);

    // T_enact: #N first seen as a best head on Alice's node.
    const hashOf = (entry) => (entry.hash ??= api.registry.createType('Header', entry.header).hash.toHex());
    const enact = await pollUntil(() => best.entries.find((e) => e.number === N && hashOf(e) === upgrade.blockHash), {
      timeoutMs: 10_000,
      what: `#${N} among Alice's best heads`,
    });
    // T_first_new: the first child of #N seen as a best head, i.e. the first block executed by 101.
    const firstNew = await pollUntil(() => best.entries.find((e) => e.parentHash === upgrade.blockHash), {
      timeoutMs: 60_000,
      what: `a child of #${N} among Alice's best heads`,
      describe: async () => `best heads seen: ${best.entries.slice(-5).map((e) => `#${e.number}`).join(' ')}; ${await describeNet()}`,
    });
    const firstNewHash = hashOf(firstNew);
    assert.equal(firstNew.number, N + 1);
    assert.equal((await runtimeVersion(port('alice'), firstNewHash)).specVersion, NEW_SPEC, `#${N + 1} runs ${NEW_SPEC}`);
    const enactToFirstNewBlockMs = firstNew.receivedAt - enact.receivedAt;
    log(`#${N} best at +0 ms, #${N + 1} (first on ${NEW_SPEC}) best at +${enactToFirstNewBlockMs} ms`);

    // Finality over [N-10, N+10].
    const from = N - WINDOW;
    const to = N + WINDOW;
    await pollUntil(() => finalized.entries.some((e) => e.number >= to), {
      timeoutMs: 90_000,
      what: `finalized #${to} on Alice's node`,
      describe: describeNet,
    });
    assert.deepEqual(finalized.errors, [], 'finalized-head subscription errors');
    const w = timelineWindow(finalized, from, to);
    const enactFinal = w.entries.find((e) => e.number === N);
    const firstNewFinal = w.entries.find((e) => e.number === N + 1);
    log(
      `finalized heads #${from}..#${to} (ms after the previous): ` +
        w.gaps.map((g) => `#${g.to}:${g.ms}`).join(' ') +
        `; max gap ${w.maxGapMs} ms; missing: ${w.missing.length ? w.missing.join(',') : 'none'}`,
    );
    const timings = {
      enactToFirstNewBlockMs,
      maxFinalityGapMs: w.maxGapMs,
      blockTimeMs: BLOCK_TIME_MS,
      maxFinalityGapBeforeBlock: w.gaps.find((g) => g.ms === w.maxGapMs)?.to ?? null,
      upgradeBlock: N,
      enactToUpgradeBlockFinalizedMs: enactFinal ? enactFinal.receivedAt - enact.receivedAt : null,
      enactToFirstNewBlockFinalizedMs: firstNewFinal ? firstNewFinal.receivedAt - enact.receivedAt : null,
      finalityWindow: [from, to],
    };
    console.log(`UPGRADE_TIMINGS ${JSON.stringify(timings)}`);

    assert.ok(w.entries.length > 0 && w.entries[0].number === from, `the finalized timeline starts at or before #${from}`);
    for (let i = 1; i < w.entries.length; i++) {
      assert.ok(w.entries[i].number > w.entries[i - 1].number, `finalized heads go backwards: #${w.entries[i - 1].number} -> #${w.entries[i].number}`);
    }
    assert.deepEqual(w.missing, [], `blocks of #${from}..#${to} never notified as finalized`);
    assert.ok(
      w.maxGapMs <= MAX_FINALITY_GAP_MS,
      `longest finalized-head gap around the upgrade is ${w.maxGapMs} ms (before #${timings.maxFinalityGapBeforeBlock}), ` +
        `above ${MAX_FINALITY_GAP_MS} ms (2 block times + 1 s, or $METANODE_MAX_UPGRADE_GAP_MS)`,
    );
    // The upgrade block is on the finalized chain.
    assert.equal(await rpc(port('alice'), 'chain_getBlockHash', [N]), upgrade.blockHash, `#${N} is the finalized upgrade block`);
  });

  step('e. after the upgrade: 101 everywhere, the API follows and the migration ran', 90_000, async () => {
    for (const n of net.nodes) {
      const v = await waitForSpecVersion(n.rpcPort, NEW_SPEC, { timeoutMs: 30_000 });
      assert.equal(v.transactionVersion, NEW_TX_VERSION, `${n.name}: transaction_version after the upgrade`);
      log(`${n.name}: spec_version ${v.specVersion}, transaction_version ${v.transactionVersion}`);
    }

    await pollUntil(() => api.runtimeVersion.specVersion.toNumber() === NEW_SPEC, {
      timeoutMs: 30_000,
      what: `Polkadot.js runtimeVersion ${NEW_SPEC}`,
      describe: () => `still ${api.runtimeVersion.specVersion}`,
    });
    assert.equal(api.runtimeVersion.transactionVersion.toNumber(), NEW_TX_VERSION, 'Polkadot.js transactionVersion');

    for (const [who, address] of [['bob', bob.address], ['charlie', charlie.address]]) {
      // The subscribed API re-decorated: the Wallet of the new metadata has updatedAt.
      const wallet = await pollUntil(
        async () => {
          const w = await api.query.wallets.wallets(address);
          return w.isSome && 'updatedAt' in w.unwrap().toJSON() ? w.unwrap().toJSON() : null;
        },
        { timeoutMs: 20_000, what: `${who}'s Wallet decoded with updatedAt` },
      );
      log(`${who} after the upgrade: ${JSON.stringify(wallet)}`);
      assert.equal(Number(wallet.registeredAt), registeredAt[who], `${who}: registeredAt kept`);
      assert.equal(Number(wallet.updatedAt), registeredAt[who], `${who}: updatedAt == registeredAt (the migration ran)`);
      // The raw entry: the migration appended `updated_at` (u32 LE) to the version-0 encoding.
      // (Raw, because `api.at(<old block>)` on this subscribed API may decode with the new
      // metadata: Polkadot.js updates its default registry in place on a runtime upgrade and
      // still maps blocks it resolved before the upgrade to that registry.)
      const key = api.query.wallets.wallets.key(address);
      const before = await rpc(port('alice'), 'state_getStorage', [key, upgrade.parentHash], 15_000);
      const now = await rpc(port('alice'), 'state_getStorage', [key], 15_000);
      const updatedAtLe = Buffer.alloc(4);
      updatedAtLe.writeUInt32LE(registeredAt[who]);
      assert.equal(now, `${before}${updatedAtLe.toString('hex')}`, `${who}: raw entry = version-0 entry ++ updated_at`);
    }

    for (const n of net.nodes) {
      assert.equal(await palletStorageVersion(n.rpcPort, 'Wallets'), 1, `${n.name}: Wallets storage version`);
    }
    const last = await api.query.system.lastRuntimeUpgrade();
    assert.ok(last.isSome, 'system.lastRuntimeUpgrade is set');
    const info = last.unwrap();
    log(`system.lastRuntimeUpgrade: ${JSON.stringify(info.toJSON())}`);
    assert.equal(info.specVersion.toNumber(), NEW_SPEC, 'lastRuntimeUpgrade.specVersion');
    assert.equal(info.specName.toString(), 'metanode', 'lastRuntimeUpgrade.specName');
  });

  step('f. the old-format transaction is refused; a new one from Dave goes through', 90_000, async () => {
    assert.ok(oldTx, 'the transaction of step c');
    await assert.rejects(rpc(port('alice'), 'author_submitExtrinsic', [oldTx.hex], 15_000), (err) => {
      assert.ok(err.rpcError, `not a JSON-RPC error: ${err.message}`);
      log(`author_submitExtrinsic(old transaction) -> ${JSON.stringify(err.rpcError)}`);
      assert.equal(err.rpcError.code, 1010, 'JSON-RPC error 1010 (invalid transaction)');
      assert.match(String(err.rpcError.message), /invalid transaction/i);
      assert.match(String(err.rpcError.data), /bad signature/i);
      return true;
    });
    // Another node says the same.
    await assert.rejects(rpc(port('dave'), 'author_submitExtrinsic', [oldTx.hex], 15_000), (err) => err.rpcError?.code === 1010);

    // Nothing moved: wait for a couple of blocks, then compare.
    const { best: bestNow } = await nodeStatus(port('alice'));
    await pollUntil(async () => (await nodeStatus(port('alice'))).best >= bestNow + 2, { timeoutMs: 30_000, what: '2 more blocks' });
    assert.equal(await free(dave.address), daveFreeBefore, "Dave's balance did not move");
    assert.equal((await api.rpc.system.accountNextIndex(dave.address)).toNumber(), oldTx.nonce, "Dave's nonce did not move");

    // A new connection (to Bob's node) signs for the new runtime.
    const fresh = await ApiPromise.create({
      provider: new WsProvider(`ws://127.0.0.1:${port('bob')}`),
      signedExtensions: METANODE_SIGNED_EXTENSIONS,
      noInitWarn: true,
      throwOnConnect: true,
    });
    try {
      await fresh.isReady;
      assert.equal(fresh.runtimeVersion.specVersion.toNumber(), NEW_SPEC, 'the new API connects to 101');
      assert.equal(fresh.runtimeVersion.transactionVersion.toNumber(), NEW_TX_VERSION);
      const r = await submitOk(fresh, fresh.tx.balances.transferKeepAlive(eve.address, oldTx.amount), dave, {
        signOptions: { nonce: oldTx.nonce },
      });
      const fee = findEvents(r.events, 'transactionPayment', 'TransactionFeePaid')[0]?.event.data[1].toBigInt();
      assert.equal(typeof fee, 'bigint', 'TransactionPayment.TransactionFeePaid');
      const parent = (await fresh.rpc.chain.getHeader(r.blockHash)).parentHash.toHex();
      assert.equal(await free(dave.address, parent, fresh), daveFreeBefore, "Dave's balance just before his new transfer");
      const eveBefore = await free(eve.address, parent, fresh);
      assert.equal(await free(eve.address, r.blockHash, fresh), eveBefore + oldTx.amount, 'Eve received the amount');
      assert.equal(await free(dave.address, r.blockHash, fresh), daveFreeBefore - oldTx.amount - fee, 'Dave paid the amount and the fee');
      log(`Dave's new transfer in #${r.blockNumber} (fee ${fee}); the same transfer signed for transaction_version 1 was refused`);
    } finally {
      await fresh.disconnect().catch(() => {});
    }
  });

  step('g. all four nodes keep finalizing after the upgrade', 90_000, async () => {
    const base = Object.fromEntries(
      await Promise.all(net.nodes.map(async (n) => [n.name, (await nodeStatus(n.rpcPort)).finalized])),
    );
    const sts = await waitFinalized((name) => base[name] + 3, { timeoutMs: 60_000, what: 'finality to advance by 3 blocks on all four' });
    const low = Math.min(...sts.map((s) => s.finalized));
    const hashes = await Promise.all(net.nodes.map((n) => rpc(n.rpcPort, 'chain_getBlockHash', [low])));
    assert.deepEqual(hashes, net.nodes.map(() => hashes[0]), `the nodes disagree on finalized #${low}`);
    for (const n of net.nodes) {
      assert.equal((await runtimeVersion(n.rpcPort)).specVersion, NEW_SPEC, `${n.name}: still ${NEW_SPEC}`);
    }
    log(`finalizing on ${NEW_SPEC}: ${await describeNet()}`);
  });
});
