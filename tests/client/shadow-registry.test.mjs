// The shadow registry (Web2-Web3 bridge) end to end on a real `metanode --dev` node: a Web2
// system with an ed25519 key made here registers, Alice grants it, its requests are signed in
// JavaScript exactly as docs/shadow-registry.md specifies and relayed by Bob; then the receipts
// are read over `shadow_*` RPC, their range's Merkle proofs are verified in JavaScript
// (lib/shadow.mjs), replays and forged signatures are refused, and `metanode shadow export`
// writes them as CSV and JSON.
//
// Run with `npm test` or `node --test shadow-registry.test.mjs` (see README.md); the node
// binary must be built first. The whole file takes well under a minute: the test seals blocks
// with `engine_createBlock` instead of waiting for the range to close.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { Keyring } from '@polkadot/keyring';
import { hexToU8a, stringToU8a, u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, ed25519PairFromSeed, ed25519Sign } from '@polkadot/util-crypto';

import { freePorts } from './lib/network.mjs';
import { startDevNode } from './lib/node.mjs';
import {
  blake2,
  encodeReceipt,
  merkleRoot,
  receiptLeaf,
  requestCommitment,
  requestId,
  signingMessage,
  verifyMerklePath,
  verifyReceiptProof,
} from './lib/shadow.mjs';

const UNIT = 10n ** 12n;
const SYSTEM = 'acme-crm';
const DISPATCH_TARGET = 'gen.transfer';
const RECORD_TARGET = 'crm.contacts';
/** The system's ed25519 key: a fixed seed, so a failing run can be replayed byte for byte. */
const SYSTEM_SEED = blake2(stringToU8a('metanode shadow-registry client test key'));
const COMPLIANCE = { gdpr: true, hipaa: false, pci: false, retentionDays: 30, jurisdiction: 'DE' };
const TX_TIMEOUT_MS = 60_000;

let node;
let api;
let alice;
let bob;
let charlie;
let systemKey;

/** What the test learns along the way: the requests it made and their receipts. */
const made = []; // { name, nonce, message, signature, receiptId, blockHash, blockNumber, outcome }

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

const rpc = (method, params = []) => node.provider.send(method, params);

/** Signs and submits `tx`; resolves once its block is finalized (at once on the dev chain). */
function submit(tx, signer) {
  return new Promise((resolve, reject) => {
    let unsub;
    let done = false;
    const finish = (fn, value) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (unsub) unsub();
      fn(value);
    };
    const timer = setTimeout(
      () => finish(reject, new Error(`transaction not finalized within ${TX_TIMEOUT_MS / 1000} s`)),
      TX_TIMEOUT_MS,
    );
    tx.signAndSend(signer, (result) => {
      const { status } = result;
      if (status.isInvalid || status.isDropped || status.isUsurped || status.isFinalityTimeout) {
        finish(reject, new Error(`transaction ${status.type}: ${status.toString()}`));
      } else if (status.isFinalized) {
        finish(resolve, {
          blockHash: status.asFinalized.toHex(),
          events: result.events.map(({ event }) => event),
          dispatchError: result.dispatchError,
        });
      }
    })
      .then((u) => {
        unsub = u;
        if (done) u();
      })
      .catch((err) => finish(reject, err));
  });
}

function errorName(dispatchError) {
  if (!dispatchError) return undefined;
  if (dispatchError.isModule) {
    const { section, name } = api.registry.findMetaError(dispatchError.asModule);
    return `${section}.${name}`;
  }
  return dispatchError.toString();
}

function assertOk(outcome, what) {
  assert.equal(outcome.dispatchError, undefined, `${what} failed: ${errorName(outcome.dispatchError)}`);
}

/** Expects a JSON-RPC error with `code`; returns it. */
async function rpcError(method, params, code) {
  const err = await rpc(method, params).then(
    (result) => assert.fail(`${method}(${JSON.stringify(params)}) answered ${JSON.stringify(result)}`),
    (e) => e,
  );
  assert.equal(err.code, code, `${method} error code (${err.message})`);
  return err;
}

/**
 * A signed bridge request: the payload is built and signed here, with the system's key, over
 * the chain's genesis hash. Returns the call arguments and what the receipt must show.
 */
function signedRequest({ nonce, target, method, params, account = alice.address }) {
  const paramsHash = params.Hash ? hexToU8a(params.Hash) : blake2(params.Call.toU8a());
  const message = signingMessage({
    genesisHash: api.genesisHash.toU8a(),
    systemId: SYSTEM,
    nonce,
    account,
    target,
    method,
    paramsHash,
    compliance: COMPLIANCE,
  });
  const signature = ed25519Sign(message, systemKey);
  const request = {
    systemId: SYSTEM,
    nonce,
    account,
    target,
    method,
    params,
    compliance: { ...COMPLIANCE, jurisdiction: stringToU8a(COMPLIANCE.jurisdiction) },
  };
  return { request, signature, message, nonce };
}

async function blockNumberOf(hash) {
  return (await api.rpc.chain.getHeader(hash)).number.toNumber();
}

/** Runs `metanode <args>`; resolves with { code, stdout, stderr }. */
function runCli(args) {
  return new Promise((resolve) => {
    execFile(node.binary, args, { timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (err.code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** RFC 4180 CSV to rows of fields. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (ch !== '\r') {
      field += ch;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

describe('shadow registry off-chain helpers (lib/shadow.mjs), without a node', () => {
  before(cryptoWaitReady);

  test('the JavaScript payload builder reproduces the worked example of the docs', () => {
    // docs/shadow-registry.md, "Worked example": every byte, the signature and the request id.
    const key = ed25519PairFromSeed(new Uint8Array(32).fill(0x42));
    const message = signingMessage({
      genesisHash: new Uint8Array(32).fill(0xaa),
      systemId: 'acme-crm',
      nonce: 1,
      account: new Uint8Array(32).fill(0x01),
      target: 'crm.contacts',
      method: 'update',
      paramsHash: blake2(stringToU8a('{"id":42}')),
      compliance: { gdpr: true, hipaa: false, pci: false, retentionDays: 30, jurisdiction: 'DE' },
    });
    assert.equal(
      u8aToHex(message),
      '0x6d6574616e6f64652f736861646f772f7631' + 'aa'.repeat(32) + '2061636d652d63726d' +
        '0100000000000000' + '01'.repeat(32) + '3063726d2e636f6e7461637473' + '18757064617465' +
        '1eb122cb5685c57e19a1045a958a789f93f45ce34ff7df00a8687b57646f33af' + '010000' + '1e000000' + '4445',
    );
    assert.equal(u8aToHex(key.publicKey), '0x2152f8d19b791d24453242e15f2eab6cb7cffa7b6a5ed30097960e069881db12');
    assert.equal(
      u8aToHex(ed25519Sign(message, key)),
      '0xcd1db3fb3e5df096396ad567160d43f36f3d4d4b04a41530321c763a676e7aec' +
        '0c3d8b90a4d3a5a3c536c4db2f790854af4ce456c3552424e440d6f4eea44f0f',
    );
    assert.equal(u8aToHex(requestId(message)), '0xaa07072f3a554a51bdaa196daa30e8110c24ab1987c0651a6ec28e8d2f47fd64');
  });

  test('the JavaScript Merkle verifier accepts every path of trees of 1 to 9 leaves and nothing else', () => {
    // Proofs are built here by brute force (the sibling subtree roots), independently of the
    // verifier, as binary-merkle-tree builds them: odd last nodes are promoted.
    const proofOf = (leaves, index) => {
      const items = [];
      let row = leaves;
      let pos = index;
      while (row.length > 1) {
        const sibling = pos % 2 === 1 ? pos - 1 : pos + 1;
        if (sibling < row.length) items.push(row[sibling]);
        const next = [];
        for (let i = 0; i < row.length; i += 2) {
          next.push(i + 1 < row.length ? blake2(new Uint8Array([...row[i], ...row[i + 1]])) : row[i]);
        }
        row = next;
        pos = Math.floor(pos / 2);
      }
      return items;
    };
    for (let n = 1; n <= 9; n++) {
      const leaves = Array.from({ length: n }, (_, i) => blake2(Uint8Array.of(n, i)));
      const root = merkleRoot(leaves);
      for (let i = 0; i < n; i++) {
        const items = proofOf(leaves, i);
        assert.ok(verifyMerklePath(root, items, n, i, leaves[i]), `leaf ${i} of ${n}`);
        assert.ok(!verifyMerklePath(root, items, n, i, leaves[(i + 1) % n]) || n === 1, `wrong leaf ${i} of ${n}`);
        assert.ok(!verifyMerklePath(root, items, n, n, leaves[i]), `index out of range ${i} of ${n}`);
        if (items.length > 0) {
          const flipped = items.map((x) => x.slice());
          flipped[0][0] ^= 1;
          assert.ok(!verifyMerklePath(root, flipped, n, i, leaves[i]), `flipped item ${i} of ${n}`);
        }
      }
    }
  });
});

describe('shadow registry on metanode --dev', () => {
  before(async () => {
    await cryptoWaitReady();
    node = await startDevNode();
    api = node.api;
    console.log(`metanode ${node.binary} at ${node.url}; log: ${node.logPath}`);
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    alice = keyring.addFromUri('//Alice');
    bob = keyring.addFromUri('//Bob');
    charlie = keyring.addFromUri('//Charlie');
    systemKey = ed25519PairFromSeed(SYSTEM_SEED);
  });

  after(async () => {
    if (node) await node.stop();
  });

  nodeTest('rpc_methods lists the shadow_* methods, and the pallet is ShadowRegistry', async () => {
    const { methods } = await api.rpc.rpc.methods();
    const names = new Set(methods.map(String));
    for (const m of ['shadow_receipts', 'shadow_receipt', 'shadow_proveReceipt', 'shadow_receiptRoot']) {
      assert.ok(names.has(m), `rpc_methods lists ${m}`);
    }
    const pallet = api.runtimeMetadata.asLatest.pallets.find((p) => p.name.toString() === 'ShadowRegistry');
    assert.ok(pallet, 'the runtime has the ShadowRegistry pallet');
    assert.equal(typeof api.tx.shadowRegistry.submitRequest, 'function');
  });

  nodeTest('Alice registers the system and two targets and grants the system; Bob gets GEN for fees', async () => {
    const now = (await api.rpc.chain.getHeader()).number.toNumber();
    const outcome = await submit(
      api.tx.utility.batchAll([
        api.tx.balances.transferKeepAlive(bob.address, 1_000n * UNIT),
        api.tx.shadowRegistry.registerSystem(SYSTEM, systemKey.publicKey, ['Transfer', 'Record'], 'https://acme.example'),
        api.tx.shadowRegistry.registerTarget(DISPATCH_TARGET, { Dispatch: null }, u8aToHex(blake2(stringToU8a('balances'))), ''),
        api.tx.shadowRegistry.registerTarget(
          RECORD_TARGET,
          { Record: { capability: 'Record' } },
          u8aToHex(blake2(stringToU8a('openapi: crm.contacts'))),
          '',
        ),
        api.tx.shadowRegistry.grant(SYSTEM, ['Transfer', 'Record'], now + 100_000),
      ]),
      alice,
    );
    assertOk(outcome, 'the setup batch');
    const ev = api.events.shadowRegistry;
    const registered = outcome.events.find((e) => ev.SystemRegistered.is(e));
    assert.ok(registered, 'SystemRegistered');
    assert.equal(registered.data.systemId.toUtf8(), SYSTEM);
    assert.equal(registered.data.owner.toString(), alice.address);
    assert.equal(registered.data.key.toHex(), u8aToHex(systemKey.publicKey));
    assert.equal(outcome.events.filter((e) => ev.TargetRegistered.is(e)).length, 2, 'two TargetRegistered');
    const granted = outcome.events.find((e) => ev.GrantSet.is(e));
    assert.ok(granted, 'GrantSet');
    assert.equal(granted.data.account.toString(), alice.address);
  });

  nodeTest('a record request signed in JavaScript and relayed by Bob is recorded, with a receipt', async () => {
    const params = { Hash: u8aToHex(blake2(stringToU8a('{"id":42,"email":"a@b.example"}'))) };
    const req = signedRequest({ nonce: 1, target: RECORD_TARGET, method: 'update', params });
    const outcome = await submit(api.tx.shadowRegistry.submitRequest(req.request, req.signature), bob);
    assertOk(outcome, 'submitRequest');
    const processed = outcome.events.filter((e) => api.events.shadowRegistry.RequestProcessed.is(e));
    assert.equal(processed.length, 1, 'one RequestProcessed');
    const d = processed[0].data;
    assert.equal(d.requestId.toHex(), u8aToHex(requestId(req.message)), 'the request id is blake2(message)');
    assert.equal(d.systemId.toUtf8(), SYSTEM);
    assert.equal(d.nonce.toNumber(), 1);
    assert.equal(d.account.toString(), alice.address);
    assert.equal(d.target.toUtf8(), RECORD_TARGET);
    // `data.method` is the event's own name in Polkadot.js: read the field by position.
    assert.equal(d[d.names.indexOf('method')].toUtf8(), 'update');
    assert.equal(d.relayer.toString(), bob.address, 'Bob relayed it');
    assert.ok(d.outcome.isRecorded, `outcome recorded (${d.outcome.toString()})`);
    const blockNumber = await blockNumberOf(outcome.blockHash);
    made.push({
      name: 'record',
      ...req,
      receiptId: d.receiptId.toNumber(),
      blockHash: outcome.blockHash,
      blockNumber,
      outcome: 'recorded',
    });
  });

  nodeTest('a batch of a transfer, a failing transfer and a record (nonce gap) gives three receipts in one block', async () => {
    const amount = 1_500_000_000_000n; // 1.5 GEN
    const transfer = signedRequest({
      nonce: 2,
      target: DISPATCH_TARGET,
      method: 'transfer',
      params: { Call: api.tx.balances.transferKeepAlive(charlie.address, amount).method },
    });
    const tooMuch = signedRequest({
      nonce: 3,
      target: DISPATCH_TARGET,
      method: 'transfer',
      params: { Call: api.tx.balances.transferKeepAlive(charlie.address, 10n ** 9n * UNIT).method },
    });
    const record = signedRequest({
      nonce: 5,
      target: RECORD_TARGET,
      method: 'delete',
      params: { Hash: u8aToHex(blake2(stringToU8a('{"id":42}'))) },
    });
    const reqs = [transfer, tooMuch, record];
    const outcome = await submit(
      api.tx.utility.batchAll(reqs.map((r) => api.tx.shadowRegistry.submitRequest(r.request, r.signature))),
      bob,
    );
    assertOk(outcome, 'the batch of requests');
    const processed = outcome.events.filter((e) => api.events.shadowRegistry.RequestProcessed.is(e));
    assert.equal(processed.length, 3, 'three RequestProcessed');
    assert.deepEqual(processed.map((e) => e.data.nonce.toNumber()), [2, 3, 5]);
    assert.ok(processed[0].data.outcome.isDispatched, `the transfer was dispatched (${processed[0].data.outcome})`);
    assert.ok(processed[1].data.outcome.isDispatchFailed, `the oversized transfer failed (${processed[1].data.outcome})`);
    assert.ok(processed[2].data.outcome.isRecorded, 'the record was recorded');

    // Alice (the granter) paid exactly the transfer, Charlie got it; Bob paid the fees.
    const block = await api.rpc.chain.getBlock(outcome.blockHash);
    const [pre, post] = await Promise.all([api.at(block.block.header.parentHash), api.at(outcome.blockHash)]);
    const free = async (at, who) => (await at.query.system.account(who)).data.free.toBigInt();
    assert.equal((await free(pre, alice.address)) - (await free(post, alice.address)), amount, 'Alice paid exactly 1.5 GEN');
    assert.equal((await free(post, charlie.address)) - (await free(pre, charlie.address)), amount, 'Charlie got 1.5 GEN');
    assert.ok(outcome.events.some((e) => api.events.balances.Transfer.is(e) && e.data.from.toString() === alice.address));

    const blockNumber = block.block.header.number.toNumber();
    const names = ['transfer', 'failed-transfer', 'record-gap'];
    const outcomes = ['dispatched', 'dispatchFailed', 'recorded'];
    reqs.forEach((r, i) => {
      made.push({
        name: names[i],
        ...r,
        receiptId: processed[i].data.receiptId.toNumber(),
        blockHash: outcome.blockHash,
        blockNumber,
        outcome: outcomes[i],
        // The SCALE encoding of the DispatchError, from the event.
        dispatchError: i === 1 ? processed[1].data.outcome.asDispatchFailed.toHex() : undefined,
      });
    });
    console.log(`the oversized transfer failed with ${processed[1].data.outcome.asDispatchFailed.toString()}`);
  });

  nodeTest('a replayed request (same nonce, same signature) is refused with StaleNonce, a forged one with BadSignature', async () => {
    const replayed = made.find((m) => m.name === 'transfer');
    const replay = await submit(api.tx.shadowRegistry.submitRequest(replayed.request, replayed.signature), bob);
    assert.equal(errorName(replay.dispatchError), 'shadowRegistry.StaleNonce');
    assert.ok(!replay.events.some((e) => api.events.shadowRegistry.RequestProcessed.is(e)), 'no receipt for the replay');

    const forged = signedRequest({ nonce: 9, target: RECORD_TARGET, method: 'update', params: { Hash: u8aToHex(blake2(stringToU8a('x'))) } });
    forged.request.method = 'delete'; // signed as "update"
    const refused = await submit(api.tx.shadowRegistry.submitRequest(forged.request, forged.signature), bob);
    assert.equal(errorName(refused.dispatchError), 'shadowRegistry.BadSignature');
  });

  nodeTest('shadow_receipt and shadow_receipts return the receipts exactly as signed and processed', async () => {
    for (const m of made) {
      const receipt = await rpc('shadow_receipt', [m.receiptId]);
      const at = await api.at(m.blockHash);
      const timestamp = (await at.query.timestamp.now()).toNumber();
      assert.deepEqual(
        { ...receipt, range: 0 },
        {
          receiptId: m.receiptId,
          requestId: u8aToHex(requestId(m.message)),
          commitment: u8aToHex(requestCommitment(m.message, m.signature)),
          systemId: Array.from(stringToU8a(SYSTEM)),
          nonce: m.nonce,
          account: alice.address,
          target: Array.from(stringToU8a(m.request.target)),
          // A DispatchError's JSON is the node's serde form; it is compared by its encoding below.
          outcome: m.outcome === 'dispatchFailed' ? receipt.outcome : m.outcome,
          block: m.blockNumber,
          timestamp,
          compliance: { ...COMPLIANCE, jurisdiction: Array.from(stringToU8a('DE')) },
          range: 0,
        },
        `receipt ${m.name}`,
      );
      if (m.outcome === 'dispatchFailed') {
        assert.ok(receipt.outcome && 'dispatchFailed' in receipt.outcome, `receipt ${m.name}: ${JSON.stringify(receipt.outcome)}`);
        assert.equal(
          api.registry.createType('SpRuntimeDispatchError', receipt.outcome.dispatchFailed).toHex(),
          m.dispatchError,
          `receipt ${m.name}: the dispatch error of the RequestProcessed event`,
        );
      }
      const open = (await at.query.shadowRegistry.currentRange()).index.toNumber();
      assert.equal(receipt.range, open, `receipt ${m.name} is in the range open at its block`);
      m.receipt = receipt;
    }

    const best = (await api.rpc.chain.getHeader()).number.toNumber();
    const all = await rpc('shadow_receipts', [SYSTEM, 0, best]);
    assert.deepEqual(all.map((r) => r.receiptId), made.map((m) => m.receiptId), 'all receipts, in (block, id) order');
    assert.deepEqual(all, made.map((m) => m.receipt));
    const hexId = u8aToHex(stringToU8a(SYSTEM));
    assert.deepEqual(await rpc('shadow_receipts', [hexId, 0, best]), all, 'the id as 0x hex gives the same');
    const second = made[1].blockNumber;
    assert.deepEqual(
      (await rpc('shadow_receipts', [SYSTEM, second, second])).map((r) => r.receiptId),
      made.filter((m) => m.blockNumber === second).map((m) => m.receiptId),
      'one block only',
    );
    const before = (await api.rpc.chain.getHeader(made[0].blockHash)).parentHash.toHex();
    assert.deepEqual(await rpc('shadow_receipts', [SYSTEM, 0, best, before]), [], 'nothing at the block before');
    assert.deepEqual(await rpc('shadow_receipts', ['other-system', 0, best]), []);
    assert.equal(await rpc('shadow_receipt', [1_000_000]), null, 'an unknown receipt is null');
    assert.equal(await rpc('shadow_receiptRoot', [1_000_000]), null, 'an unknown range is null');

    const badId = await rpcError('shadow_receipts', ['acme crm', 0, best], 9303);
    assert.match(badId.message, /printable ASCII/);
    const badRange = await rpcError('shadow_receipts', [SYSTEM, 10, 5], 9303);
    assert.match(badRange.message, /from \(10\) is after to \(5\)/);
  });

  nodeTest('shadow_proveReceipt is an error with its own code for an unknown receipt and for an open range', async () => {
    const unknown = await rpcError('shadow_proveReceipt', [1_000_000], 9301);
    assert.match(unknown.message, /receipt 1000000 is not stored/);
    // At the receipt's own block its range cannot be closed yet.
    const m = made[0];
    const open = await rpcError('shadow_proveReceipt', [m.receiptId, m.blockHash], 9302);
    assert.match(open.message, /still open/);
    assert.deepEqual(open.data, { receiptId: m.receiptId, range: m.receipt.range, block: m.blockNumber });
  });

  nodeTest('once the range closes, every receipt has a proof that verifies in JavaScript, and tampered ones do not', async () => {
    const rangeLength = api.consts.shadowRegistry.rangeLength.toNumber();
    const ranges = [...new Set(made.map((m) => m.receipt.range))];
    // Seal blocks until every range is committed (engine_createBlock; fall back to waiting).
    const started = Date.now();
    let sealed = 0;
    for (;;) {
      const roots = await Promise.all(ranges.map((r) => rpc('shadow_receiptRoot', [r])));
      if (roots.every((root) => root !== null)) break;
      assert.ok(sealed <= rangeLength + 5, `the ranges ${ranges} closed within ${rangeLength + 5} blocks`);
      try {
        await rpc('engine_createBlock', [true, true, null]);
      } catch {
        await new Promise((r) => setTimeout(r, 2_000));
      }
      sealed++;
    }
    console.log(`ranges ${ranges.join(', ')} closed after ${sealed} more blocks (${Date.now() - started} ms)`);

    for (const range of ranges) {
      const root = await rpc('shadow_receiptRoot', [range]);
      assert.equal(root.range, range);
      // The root, recomputed from every receipt of the range.
      const leaves = [];
      for (let id = root.firstReceipt; id < root.firstReceipt + root.count; id++) {
        const receipt = await rpc('shadow_receipt', [id]);
        leaves.push(receiptLeaf(encodeReceipt(receipt, api.registry)));
      }
      assert.equal(u8aToHex(merkleRoot(leaves)), root.root, `the root of range ${range} from its receipts`);
      // The RangeCommitted event of the block that closed it.
      const closing = await api.at(await api.rpc.chain.getBlockHash(root.endBlock));
      const committed = (await closing.query.system.events())
        .map(({ event }) => event)
        .find((e) => api.events.shadowRegistry.RangeCommitted.is(e) && e.data.range.toNumber() === range);
      assert.ok(committed, `RangeCommitted for range ${range} in block ${root.endBlock}`);
      assert.equal(committed.data.root.toHex(), root.root);
      assert.equal(committed.data.count.toNumber(), root.count);
    }

    let withPath = 0;
    for (const m of made) {
      const res = await rpc('shadow_proveReceipt', [m.receiptId]);
      const { proof, root } = res;
      assert.deepEqual(res.receipt, m.receipt, `${m.name}: the receipt`);
      assert.deepEqual(proof.receipt, m.receipt, `${m.name}: the proof's receipt`);
      assert.deepEqual(root, await rpc('shadow_receiptRoot', [proof.range]), `${m.name}: the root`);
      assert.equal(proof.range, m.receipt.range);
      assert.equal(proof.leafIndex, m.receiptId - root.firstReceipt);
      assert.equal(proof.numberOfLeaves, root.count);
      const encoded = encodeReceipt(m.receipt, api.registry);
      assert.equal(res.encodedReceipt, u8aToHex(encoded), `${m.name}: SCALE(receipt) as encoded in JS`);
      assert.equal(res.leaf, u8aToHex(receiptLeaf(encoded)), `${m.name}: the leaf`);
      assert.ok(verifyReceiptProof(root.root, proof, api.registry), `${m.name}: the proof verifies`);
      if (proof.items.length > 0) withPath++;

      // Any change breaks it.
      const tampered = (change) => {
        const copy = structuredClone(proof);
        change(copy);
        return verifyReceiptProof(root.root, copy, api.registry);
      };
      assert.ok(!tampered((p) => p.receipt.nonce++), `${m.name}: changed nonce`);
      assert.ok(!tampered((p) => p.receipt.timestamp++), `${m.name}: changed timestamp`);
      assert.ok(!tampered((p) => (p.receipt.account = bob.address)), `${m.name}: changed account`);
      assert.ok(!tampered((p) => (p.receipt.compliance.hipaa = true)), `${m.name}: changed compliance`);
      assert.ok(
        !tampered((p) => (p.receipt.outcome = p.receipt.outcome === 'recorded' ? 'dispatched' : 'recorded')),
        `${m.name}: changed outcome`,
      );
      assert.ok(!tampered((p) => (p.receipt.requestId = u8aToHex(blake2(stringToU8a('other'))))), `${m.name}: changed request id`);
      assert.ok(!tampered((p) => { p.range++; p.receipt.range++; }), `${m.name}: another range`);
      assert.ok(!tampered((p) => p.range++), `${m.name}: range differs from the receipt's`);
      assert.ok(!tampered((p) => (p.leafIndex = p.numberOfLeaves)), `${m.name}: index out of range`);
      if (proof.numberOfLeaves > 1) {
        assert.ok(!tampered((p) => (p.leafIndex ^= 1)), `${m.name}: another index`);
      }
      if (proof.items.length > 0) {
        assert.ok(
          !tampered((p) => {
            const item = hexToU8a(p.items[0]);
            item[31] ^= 0x01;
            p.items[0] = u8aToHex(item);
          }),
          `${m.name}: a flipped path byte`,
        );
        assert.ok(!tampered((p) => p.items.pop()), `${m.name}: a dropped path item`);
      }
      const wrongRoot = hexToU8a(root.root);
      wrongRoot[0] ^= 0x80;
      assert.ok(!verifyReceiptProof(wrongRoot, proof, api.registry), `${m.name}: another root`);
    }
    assert.ok(withPath >= 3, 'the batch\'s three receipts share a range, so their proofs have Merkle paths');
  });

  nodeTest('metanode shadow export writes the receipts as CSV and as JSON', async () => {
    const best = (await api.rpc.chain.getHeader()).number.toNumber();
    const csv = await runCli(['shadow', 'export', '--system', SYSTEM, '--from', '0', '--to', String(best), '--format', 'csv', '--url', node.url]);
    assert.equal(csv.code, 0, `export --format csv failed: ${csv.stderr}`);
    console.log(`metanode shadow export --format csv:\n${csv.stdout.trimEnd()}`);
    const rows = parseCsv(csv.stdout);
    const header = rows[0];
    assert.deepEqual(header, [
      'receipt_id', 'request_id', 'commitment', 'system_id', 'nonce', 'account', 'account_hex', 'target',
      'outcome', 'dispatch_error', 'block', 'timestamp', 'timestamp_ms', 'gdpr', 'hipaa', 'pci',
      'retention_days', 'jurisdiction', 'range',
    ]);
    const records = rows.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
    assert.deepEqual(records.map((r) => Number(r.receipt_id)), made.map((m) => m.receiptId), 'one row per receipt');
    for (const m of made) {
      const r = records.find((x) => Number(x.receipt_id) === m.receiptId);
      const expected = {
        receipt_id: String(m.receiptId),
        request_id: m.receipt.requestId,
        commitment: m.receipt.commitment,
        system_id: SYSTEM,
        nonce: String(m.nonce),
        account: alice.address,
        account_hex: u8aToHex(alice.publicKey),
        target: m.request.target,
        outcome: m.outcome,
        dispatch_error: m.outcome === 'dispatchFailed' ? r.dispatch_error : '',
        block: String(m.blockNumber),
        timestamp: new Date(m.receipt.timestamp).toISOString(),
        timestamp_ms: String(m.receipt.timestamp),
        gdpr: 'true',
        hipaa: 'false',
        pci: 'false',
        retention_days: '30',
        jurisdiction: 'DE',
        range: String(m.receipt.range),
      };
      assert.deepEqual(r, expected, `CSV row of ${m.name}`);
      if (m.outcome === 'dispatchFailed') {
        assert.deepEqual(JSON.parse(r.dispatch_error), m.receipt.outcome.dispatchFailed, 'the dispatch error as JSON');
      }
    }

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'metanode-shadow-export-'));
    const file = path.join(dir, 'receipts.json');
    const json = await runCli([
      'shadow', 'export', '--system', u8aToHex(stringToU8a(SYSTEM)), '--format', 'json', '--url', node.url, '--output', file,
    ]);
    assert.equal(json.code, 0, `export --format json failed: ${json.stderr}`);
    assert.equal(json.stdout, '', 'with --output nothing goes to stdout');
    assert.deepEqual(fs.readdirSync(dir), ['receipts.json'], 'no partial file is left');
    const exported = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert.deepEqual(exported, made.map((m) => m.receipt), 'the JSON export is the receipts as shadow_receipts returns them');

    const later = await runCli(['shadow', 'export', '--system', SYSTEM, '--from', String(made[0].blockNumber + 1), '--format', 'json', '--url', node.url]);
    assert.equal(later.code, 0, later.stderr);
    assert.deepEqual(JSON.parse(later.stdout).map((r) => r.receiptId), made.slice(1).map((m) => m.receiptId), '--from skips earlier blocks');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  nodeTest('metanode shadow export refuses bad input with a one-line error and exit code 1', async () => {
    const [closedPort] = await freePorts(1);
    const cases = [
      [['--system', SYSTEM, '--format', 'xml', '--url', node.url], /unknown --format "xml": pass --format csv or --format json/],
      [['--system', SYSTEM, '--from', 'ten', '--url', node.url], /--from "ten" is not a block number/],
      [['--system', SYSTEM, '--from', '9', '--to', '3', '--url', node.url], /--from 9 is after --to 3/],
      [['--from', '0', '--url', node.url], /missing --system/],
      [['--system', 'acme crm', '--url', node.url], /--system: system id "acme crm" is not valid/],
      [['--system', SYSTEM, '--url', `http://127.0.0.1:${closedPort}`], /pass --url ws:\/\/127\.0\.0\.1/],
      [['--system', SYSTEM, '--url', `ws://127.0.0.1:${closedPort}`], /cannot connect to the node at ws:\/\/127\.0\.0\.1:\d+: .*--url ws:\/\/HOST:PORT/],
    ];
    for (const [args, pattern] of cases) {
      const res = await runCli(['shadow', 'export', ...args]);
      assert.equal(res.code, 1, `${args.join(' ')}: exit code (stderr: ${res.stderr})`);
      assert.equal(res.stdout, '', `${args.join(' ')}: nothing on stdout`);
      const lines = res.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 1, `${args.join(' ')}: one line: ${res.stderr}`);
      assert.match(lines[0], /^Error: /);
      assert.match(lines[0], pattern);
    }
  });
});
