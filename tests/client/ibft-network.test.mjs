// IBFT finality on a four-validator `local` network (Alice, Bob, Charlie, Dave), four
// processes on 127.0.0.1 with `--finality ibft` and persistent databases (Bob on the libp2p
// network backend, the others on litep2p), plus unit tests of
// the JavaScript justification decoder and verifier (lib/ibft.mjs) that need no node.
//
// The network scenario, step by step (each step needs the previous ones):
//   a. every node finalizes: all four reach finalized block >= 8, agree on it, and every
//      block 1..8 is covered by a justification (from `ibft_subscribeJustifications` or
//      `ibft_proveFinality`) that verifies against the authority set read from the runtime;
//   a2. Polkadot.js (@polkadot/api) sees the finalized head advance;
//   b. Dave is killed (SIGKILL): 3 of 4 is a quorum, finality continues (>= 3 more blocks);
//   c. Charlie is killed too: 2 of 4 is no quorum, finality stops for 12 s (one decision in
//      flight may land) while the round number keeps increasing;
//   d. Charlie and Dave restart (same base path, keys, node key and ports): finality resumes
//      within 60 s and their finalized heads catch up;
//   e. a late non-validator (Eve, no key flag) syncs and follows finality; its
//      `ibft_proveFinality` answers verify, tampered copies do not;
//   f. `ibft_proveFinality` above the finalized head is a JSON-RPC error with a message;
//   g. the Prometheus endpoint serves `ibft_` metrics with a height > 0.
//
// Run from tests/client:  node --test ibft-network.test.mjs   (or `npm test` for all tests)

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { compactToU8a } from '@polkadot/util';
import { cryptoWaitReady, ed25519PairFromSeed, ed25519Sign } from '@polkadot/util-crypto';

import {
  commitPayload,
  decodeAuthorityList,
  decodeJustification,
  devEd25519Keys,
  encodeCompact,
  encodeJustification,
  fetchIbftMetrics,
  parsePrometheus,
  proveFinality,
  quorum,
  readAuthorities,
  readSetId,
  roundState,
  subscribeJustifications,
  ApiPromise,
  WsProvider,
  tamperJustification,
  toHex,
  verifyJustification,
} from './lib/ibft.mjs';
import { nodeStatus, pollUntil, requireMetanodeBinary, rpc, startNetwork } from './lib/network.mjs';
import { METANODE_SIGNED_EXTENSIONS } from './lib/node.mjs';

// ---------------------------------------------------------------------------------------------
// Unit tests: no node needed.

/** Little-endian hex of an unsigned integer of `bytes` bytes, written out by hand. */
function le(value, bytes) {
  let v = BigInt(value);
  let out = '';
  for (let i = 0; i < bytes; i++) {
    out += Number(v & 0xffn).toString(16).padStart(2, '0');
    v >>= 8n;
  }
  return out;
}

const seedOf = (i) => new Uint8Array(32).fill(i);

test('IBFT justification: decoder, payload and verifier against a hand-built SCALE vector', async () => {
  await cryptoWaitReady();
  // Four authorities from fixed seeds; the set is sorted by key bytes.
  const pairs = [1, 2, 3, 4].map((i) => ed25519PairFromSeed(seedOf(i)));
  const authorities = pairs.map((p) => toHex(p.publicKey)).sort();

  const setId = 5;
  const height = 0x01_0203_0405; // more than 32 bits, to exercise the u64
  const round = 3;
  const hashHex = 'ab'.repeat(16) + '0123456789abcdef'.repeat(2);
  const number = 0x0001_0203;

  // The COMMIT signing payload, written out field by field.
  const payloadHex =
    Buffer.from('metanode/ibft/v1', 'ascii').toString('hex') + // 16 raw bytes, no length prefix
    '02' + // COMMIT
    '0500000000000000' + // set id 5, u64 LE
    '0504030201000000' + // height, u64 LE
    '03000000' + // round 3, u32 LE
    hashHex +
    '03020100'; // number, u32 LE
  assert.equal(payloadHex.length / 2, 16 + 1 + 8 + 8 + 4 + 32 + 4);
  const payload = Buffer.from(payloadHex, 'hex');

  // Three seals (a quorum of 4), by the keys of seeds 3, 1 and 4, in that order.
  const signers = [2, 0, 3];
  const seals = signers.map((i) => ({
    authority: toHex(pairs[i].publicKey),
    signature: toHex(ed25519Sign(payload, pairs[i])),
  }));
  const bytesHex =
    '0x' +
    '01' + // VersionedJustification::V1
    '0500000000000000' +
    '0504030201000000' +
    '03000000' +
    hashHex +
    '03020100' +
    '0c' + // compact(3)
    seals.map((s) => s.authority.slice(2) + s.signature.slice(2)).join('');

  const j = decodeJustification(bytesHex);
  assert.deepEqual(j, {
    version: 1,
    setId,
    height,
    round,
    hash: `0x${hashHex}`,
    number,
    seals,
  });
  assert.equal(toHex(commitPayload(j)), `0x${payloadHex}`, 'commit payload');
  assert.equal(encodeJustification(j), bytesHex, 'encode(decode(x)) == x');
  assert.deepEqual(decodeJustification(Buffer.from(bytesHex.slice(2), 'hex')), j, 'decodes bytes too');

  assert.deepEqual(verifyJustification(j, authorities, setId), { ok: true });
  assert.deepEqual(verifyJustification(bytesHex, authorities, 5n), { ok: true }, 'hex input, bigint set id');

  // All four seals: still fine. A fresh set id: rejected.
  const all = { ...j, seals: [...seals, { authority: toHex(pairs[1].publicKey), signature: toHex(ed25519Sign(payload, pairs[1])) }] };
  assert.deepEqual(verifyJustification(all, authorities, setId), { ok: true });

  const reject = (x, re, what) => {
    const r = verifyJustification(x, authorities, setId);
    assert.equal(r.ok, false, `${what} must be rejected`);
    assert.match(r.reason, re, what);
  };
  const otherSet = verifyJustification(j, authorities, 6);
  assert.equal(otherSet.ok, false, 'checked against another set id');
  assert.match(otherSet.reason, /wrong set id: justification 5, set 6/);
  const otherKeys = verifyJustification(j, [1, 2, 3, 5].map((i) => toHex(ed25519PairFromSeed(seedOf(i)).publicKey)), setId);
  assert.match(otherKeys.reason ?? '', /is not an authority/, 'checked against another authority set');
  reject(tamperJustification(j, 'flip-signature'), /seal 0: bad signature/, 'flipped signature byte');
  reject(tamperJustification(j, 'flip-signature', { seal: 2, byte: 63 }), /seal 2: bad signature/, 'flipped last byte');
  reject(tamperJustification(j, 'change-hash'), /bad signature/, 'changed block hash');
  reject(tamperJustification(j, 'change-number'), /bad signature/, 'changed block number');
  reject(tamperJustification(j, 'change-set-id'), /wrong set id/, 'changed set id');
  reject(tamperJustification(j, 'drop-seals'), /too few seals: 2 < quorum 3/, 'two seals');
  reject(tamperJustification(j, 'duplicate-seal'), /duplicate signer/, 'duplicate signer');
  reject(tamperJustification(j, 'foreign-seal', { seal: 1 }), /seal 1: .* is not an authority/, 'outsider');
  reject(encodeJustification(tamperJustification(j, 'flip-signature')), /bad signature/, 'tampered, as hex');
  reject('0x02', /undecodable/, 'garbage');
  // Tampering copies: the original still verifies.
  assert.deepEqual(verifyJustification(j, authorities, setId), { ok: true });
  // A signature by a non-member key that claims to be a member's.
  const outsider = ed25519PairFromSeed(seedOf(9));
  const forged = { ...j, seals: [...seals.slice(0, 2), { authority: seals[2].authority, signature: toHex(ed25519Sign(payload, outsider)) }] };
  reject(forged, /seal 2: bad signature/, 'forged seal');
  // A COMMIT signature of another kind (PREPARE = 1) does not count as a seal.
  const preparePayload = Buffer.from(payload);
  preparePayload[16] = 1; // the kind byte, right after the 16-byte context
  assert.equal(payload[16], 2);
  const prepareSeals = signers.map((i) => ({ authority: toHex(pairs[i].publicKey), signature: toHex(ed25519Sign(preparePayload, pairs[i])) }));
  reject({ ...j, seals: prepareSeals }, /bad signature/, 'PREPARE signatures');

  // Decoder strictness.
  assert.throws(() => decodeJustification(`0x02${bytesHex.slice(4)}`), /unknown justification version 2/);
  assert.throws(() => decodeJustification(bytesHex.slice(0, -2)), /truncated/);
  assert.throws(() => decodeJustification(`${bytesHex}00`), /trailing/);
  assert.throws(() => decodeJustification('0x01'), /truncated/);
});

test('IBFT justification: SCALE compact lengths and authority lists', async () => {
  for (const v of [0, 1, 63, 64, 70, 16383, 16384, 1 << 29, (1 << 30) - 1, 1 << 30, 2 ** 40]) {
    assert.equal(toHex(encodeCompact(v)), toHex(compactToU8a(v)), `compact(${v})`);
  }
  // 70 seals need a two-byte compact length (0x1901).
  const header = `01${le(0, 8)}${le(1, 8)}${le(0, 4)}${'11'.repeat(32)}${le(1, 4)}`;
  const seal = (i) => le(i, 1).repeat(32) + 'ee'.repeat(64);
  const many = decodeJustification(`0x${header}1901${Array.from({ length: 70 }, (_, i) => seal(i)).join('')}`);
  assert.equal(many.seals.length, 70);
  assert.equal(many.seals[69].authority, `0x${'45'.repeat(32)}`);
  assert.equal(encodeJustification(many).slice(2), `${header}1901${Array.from({ length: 70 }, (_, i) => seal(i)).join('')}`);
  // An empty seal list.
  assert.equal(decodeJustification(`0x${header}00`).seals.length, 0);

  const keys = [`0x${'aa'.repeat(32)}`, `0x${'bb'.repeat(32)}`];
  assert.deepEqual(decodeAuthorityList(`0x08${'aa'.repeat(32)}${'bb'.repeat(32)}`), keys);
  assert.deepEqual(decodeAuthorityList('0x00'), []);
  assert.throws(() => decodeAuthorityList(`0x0c${'aa'.repeat(64)}`), /truncated/);

  assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 10].map(quorum), [1, 2, 2, 3, 4, 4, 5, 7]);

  const samples = parsePrometheus(
    '# HELP substrate_ibft_height h\n# TYPE substrate_ibft_height gauge\n' +
      'substrate_ibft_height{chain="metanode_local"} 12\nsubstrate_ibft_round 0\nother_metric 3\n',
  );
  assert.deepEqual(samples, [
    { name: 'substrate_ibft_height', labels: '{chain="metanode_local"}', value: 12 },
    { name: 'substrate_ibft_round', labels: '', value: 0 },
    { name: 'other_metric', labels: '', value: 3 },
  ]);

  // The dev IBFT keys (ed25519 `//Alice` ...) are the well-known ones.
  const [alice] = await devEd25519Keys(['alice']);
  assert.equal(alice, '0x88dc3417d5058ec4b4503e0c12ea1a0a89be200fe98922423d4334014fa6b0ee');
});

// ---------------------------------------------------------------------------------------------
// The network.

const VALIDATORS = ['alice', 'bob', 'charlie', 'dave'];
const FIRST_TARGET = 8;
/** Start-up plus finalizing block 8 on all four. */
const START_TIMEOUT_MS = 180_000;
/** How long the finality stall is watched after the second kill (3 s settling + 12 s). */
const STALL_SETTLE_MS = 3_000;
const STALL_WINDOW_MS = 12_000;
/** Two capped round timeouts. */
const RESUME_TIMEOUT_MS = 60_000;

const t0 = Date.now();
const log = (msg) => console.log(`[ibft ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${msg}`);

/** Resolves `bin --help`, and throws if it has no `--finality` option (an older binary). */
async function requireIbftBinary() {
  const bin = requireMetanodeBinary();
  const help = await new Promise((resolve, reject) =>
    execFile(bin, ['--help'], { timeout: 60_000, maxBuffer: 8 << 20 }, (err, out) =>
      err ? reject(new Error(`${bin} --help failed: ${err.message}`)) : resolve(out),
    ),
  );
  if (!/--finality\b/.test(help)) {
    throw new Error(
      `${bin} has no --finality option: it predates the IBFT finality gadget. Rebuild it ` +
        '(see tests/client/README.md) or point METANODE_BIN at a binary with IBFT.',
    );
  }
  return bin;
}

describe('IBFT finality on a four-validator local network', { timeout: 480_000 }, () => {
  let net;
  let genesisHash;
  let authorities;
  let setId;
  let aliceSub;
  const subs = {};
  let failedStep = null;
  let stuckFinalized = null; // the finalized number finality stopped at in step c

  const running = () => net.nodes.filter((n) => !n.stoppedOnPurpose);
  const byName = (name) => net.node(name);

  /** Fails if a node that should run has exited. */
  function assertAlive() {
    for (const n of running()) {
      const exited = n.exited();
      if (exited) assert.fail(`${n.name} stopped on its own (code ${exited.code}, signal ${exited.signal})`);
    }
  }

  async function statuses(nodes) {
    return Promise.all(nodes.map((n) => nodeStatus(n.rpcPort).catch((err) => ({ error: err.message }))));
  }

  function fmt(nodes, sts) {
    return nodes
      .map((n, i) => {
        const s = sts[i];
        return s.error ? `${n.name} rpc error: ${s.error}` : `${n.name} best #${s.best} fin #${s.finalized} peers ${s.peers}`;
      })
      .join('; ');
  }

  async function describeNet(nodes = running()) {
    return fmt(nodes, await statuses(nodes));
  }

  /** Waits until `pred(status, node)` holds for every node of `nodes`; logs progress. */
  async function waitAll(nodes, pred, { timeoutMs, what }) {
    let lastLog = 0;
    return pollUntil(
      async () => {
        assertAlive();
        const sts = await statuses(nodes);
        if (Date.now() - lastLog > 10_000) {
          lastLog = Date.now();
          log(`waiting for ${what}: ${fmt(nodes, sts)}`);
        }
        return sts.every((s, i) => !s.error && pred(s, nodes[i])) ? sts : null;
      },
      { timeoutMs, intervalMs: 1_000, what, describe: () => describeNet(nodes) },
    );
  }

  /** The canonical hash of block `number` according to `node`. */
  const hashAt = (node, number) => rpc(node.rpcPort, 'chain_getBlockHash', [number]);

  /** Checks an `ibft_proveFinality` answer for `requested` against the set; returns the decoded justification. */
  async function checkProof(node, requested, answer) {
    const blockNumber = Number(answer.blockNumber);
    assert.ok(blockNumber >= requested, `${node.name}: proof for #${requested} finalizes #${blockNumber}, below it`);
    const j = decodeJustification(answer.justification);
    assert.equal(j.hash, answer.blockHash, `${node.name}: proof for #${requested}: justification hash vs blockHash`);
    assert.equal(j.number, blockNumber, `${node.name}: proof for #${requested}: justification number vs blockNumber`);
    assert.equal(await hashAt(node, blockNumber), answer.blockHash, `${node.name}: proof for #${requested} is off the chain`);
    const verdict = verifyJustification(j, authorities, setId);
    assert.deepEqual(verdict, { ok: true }, `${node.name}: proof for #${requested} does not verify: ${verdict.reason}`);
    return j;
  }

  /** Checks one subscription item; returns the decoded justification. */
  function checkItem(item, where) {
    const j = decodeJustification(item.justification);
    assert.equal(j.hash, item.blockHash, `${where}: blockHash`);
    assert.equal(j.number, Number(item.blockNumber), `${where}: blockNumber`);
    assert.equal(j.height, Number(item.height), `${where}: height`);
    assert.equal(j.round, Number(item.round), `${where}: round`);
    assert.equal(j.setId, Number(item.setId), `${where}: setId`);
    const verdict = verifyJustification(j, authorities, setId);
    assert.deepEqual(verdict, { ok: true }, `${where}: justification of #${j.number} does not verify: ${verdict.reason}`);
    return j;
  }

  /** Runs one step; skips it if an earlier one failed, and prints the logs when it fails. */
  function step(name, timeoutMs, fn) {
    it(name, { timeout: timeoutMs }, async (t) => {
      if (!net) {
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
    const bin = await requireIbftBinary();
    net = await startNetwork({
      names: VALIDATORS,
      chain: 'local',
      bin,
      extraArgs: ['--finality', 'ibft'],
      // Bob runs the libp2p network backend, the others the default litep2p: the IBFT
      // protocol must work on both, and between them.
      nodeArgs: { bob: ['--network-backend', 'libp2p'] },
      basePath: true,
      prometheus: true,
      readyTimeoutMs: 120_000,
    });
    log(
      `network up; logs and databases in ${net.logDir}\n` +
        net.nodes.map((n) => `  ${n.name}: rpc ${n.rpcPort}, p2p ${n.p2pPort}, metrics ${n.prometheusPort}, ${n.peerId}`).join('\n'),
    );
    // Open the subscriptions early, so that they see as many decisions as possible.
    for (const n of net.nodes) {
      try {
        subs[n.name] = await subscribeJustifications(n.rpcPort);
      } catch (err) {
        console.error(net.report(40));
        throw new Error(`${n.name}: ibft_subscribeJustifications failed: ${err.message}`);
      }
    }
    aliceSub = subs.alice;
  }, { timeout: 240_000 });

  after(async () => {
    await Promise.all(Object.values(subs).map((s) => s.close()));
    if (net) {
      if (failedStep) log(`failed at: ${failedStep}; logs in ${net.logDir}`);
      await net.stop();
      log('all nodes stopped');
    }
  }, { timeout: 120_000 });

  step(`a. every validator finalizes every block up to #${FIRST_TARGET}, with verifiable justifications`, START_TIMEOUT_MS, async () => {
    const alice = byName('alice');
    genesisHash = await hashAt(alice, 0);
    authorities = await readAuthorities(alice.rpcPort, genesisHash);
    setId = await readSetId(alice.rpcPort, genesisHash);
    log(`authority set ${setId} at genesis ${genesisHash}: ${authorities.join(', ')}`);
    assert.equal(setId, 0, 'set id at genesis');
    assert.deepEqual(authorities, [...(await devEd25519Keys(VALIDATORS))].sort(), 'the IBFT authorities are the dev ed25519 keys, sorted');

    const sts = await waitAll(net.nodes, (s) => s.finalized >= FIRST_TARGET, {
      timeoutMs: START_TIMEOUT_MS - 20_000,
      what: `finalized #${FIRST_TARGET} on every validator`,
    });
    log(`finalized #${FIRST_TARGET} everywhere: ${fmt(net.nodes, sts)}`);

    // All four agree on the finalized chain: the lowest finalized head and block 8.
    const low = Math.min(...sts.map((s) => s.finalized));
    for (const number of new Set([FIRST_TARGET, low])) {
      const hashes = await Promise.all(net.nodes.map((n) => hashAt(n, number)));
      assert.deepEqual(hashes, net.nodes.map(() => hashes[0]), `validators disagree on finalized #${number}`);
    }

    // Round state: the set, the quorum and each node's own key.
    const devKeys = await devEd25519Keys(VALIDATORS);
    for (const [i, n] of net.nodes.entries()) {
      const rs = await roundState(n.rpcPort);
      if (i === 0) log(`alice ibft_roundState: ${JSON.stringify(rs)}`);
      assert.deepEqual(rs.validators, authorities, `${n.name}: roundState.validators`);
      assert.equal(Number(rs.quorum), 3, `${n.name}: roundState.quorum`);
      assert.equal(Number(rs.setId), 0, `${n.name}: roundState.setId`);
      assert.equal(rs.local, devKeys[i], `${n.name}: roundState.local is its own IBFT key`);
      assert.ok(authorities.includes(rs.proposer), `${n.name}: roundState.proposer ${rs.proposer} is an authority`);
      assert.ok(Number(rs.height) >= 1, `${n.name}: roundState.height`);
      assert.ok(Number(rs.finalized.number) >= FIRST_TARGET, `${n.name}: roundState.finalized.number`);
    }

    // Justifications from the subscriptions: make sure at least one arrived, then check them all.
    await pollUntil(() => Object.values(subs).some((s) => s.items.length > 0), {
      timeoutMs: 30_000,
      what: 'a notification of ibft_subscribeJustifications',
    });
    const covering = []; // decoded justifications on the canonical chain
    for (const [name, sub] of Object.entries(subs)) {
      assert.deepEqual(sub.errors, [], `${name}: subscription errors`);
      for (const [k, item] of sub.items.entries()) {
        const j = checkItem(item, `${name} notification ${k}`);
        assert.equal(await hashAt(alice, j.number), j.hash, `${name}: notified justification of #${j.number} is off the chain`);
        covering.push(j);
      }
      log(`${name}: ${sub.items.length} justifications notified, heights ${sub.items.map((x) => `${x.height}:#${x.blockNumber}`).join(' ')}`);
    }

    // Every block 1..8 is covered, by a notification or else by ibft_proveFinality; and
    // ibft_proveFinality answers for every one of them anyway.
    let previous = 0;
    for (let k = 1; k <= FIRST_TARGET; k++) {
      const proof = await proveFinality(alice.rpcPort, k);
      const j = await checkProof(alice, k, proof);
      assert.ok(j.number >= previous, `proofs go backwards: #${k} -> #${j.number} after #${previous}`);
      previous = j.number;
      const bySub = covering.filter((c) => c.number >= k).sort((x, y) => x.number - y.number)[0];
      log(`#${k}: proveFinality -> #${j.number} (height ${j.height}, round ${j.round}, ${j.seals.length} seals)` +
          (bySub ? `; notified: #${bySub.number}` : ''));
    }

    // Only Alice's subscription stays open (Charlie and Dave will be killed).
    for (const name of ['bob', 'charlie', 'dave']) {
      await subs[name].close();
      delete subs[name];
    }
  });

  step('a2. Polkadot.js sees the finalized head advance with IBFT', 60_000, async () => {
    const alice = byName('alice');
    const api = await ApiPromise.create({
      provider: new WsProvider(`ws://127.0.0.1:${alice.rpcPort}`),
      signedExtensions: METANODE_SIGNED_EXTENSIONS,
      noInitWarn: true,
    });
    try {
      await api.isReady;
      const seen = [];
      const unsubscribe = await api.rpc.chain.subscribeFinalizedHeads((header) => {
        seen.push(header.number.toNumber());
      });
      try {
        await pollUntil(() => seen.length >= 3, { timeoutMs: 45_000, what: '3 finalized heads over Polkadot.js' });
      } finally {
        unsubscribe();
      }
      for (let i = 1; i < seen.length; i++) {
        assert.ok(seen[i] > seen[i - 1], `finalized heads must increase: ${seen.join(', ')}`);
      }
      const head = await api.rpc.chain.getFinalizedHead();
      const header = await api.rpc.chain.getHeader(head);
      assert.ok(header.number.toNumber() >= seen[seen.length - 1], 'getFinalizedHead is at least the last notified head');
      log(`Polkadot.js finalized heads: ${seen.join(', ')}`);
    } finally {
      await api.disconnect();
    }
  });

  step('b. with Dave killed, three validators keep finalizing', 90_000, async () => {
    await net.stopNode('dave', { signal: 'SIGKILL' });
    const live = running();
    const base = await statuses(live);
    assert.ok(base.every((s) => !s.error), `status after killing dave: ${fmt(live, base)}`);
    log(`dave killed; ${fmt(live, base)}`);
    const sts = await waitAll(live, (s, n) => s.finalized >= base[live.indexOf(n)].finalized + 3, {
      timeoutMs: 75_000,
      what: 'finality to advance by 3 blocks without dave',
    });
    log(`finality continues without dave: ${fmt(live, sts)}`);
    const low = Math.min(...sts.map((s) => s.finalized));
    const hashes = await Promise.all(live.map((n) => hashAt(n, low)));
    assert.deepEqual(hashes, live.map(() => hashes[0]), `disagreement on finalized #${low}`);
  });

  step('c. with Charlie killed as well, finality stops while rounds keep changing', 60_000, async () => {
    await net.stopNode('charlie', { signal: 'SIGKILL' });
    const killedAt = Date.now();
    const live = running();
    const atKill = await statuses(live);
    log(`charlie killed; ${fmt(live, atKill)}`);

    const samples = []; // { at, sts, rs }
    let baseline = null;
    while (Date.now() - killedAt < STALL_SETTLE_MS + STALL_WINDOW_MS) {
      assertAlive();
      const [sts, rs] = await Promise.all([
        statuses(live),
        roundState(byName('alice').rpcPort).catch((err) => ({ error: err.message })),
      ]);
      const at = Date.now() - killedAt;
      samples.push({ at, sts, rs });
      if (at >= STALL_SETTLE_MS && baseline === null) {
        baseline = Math.max(...sts.map((s) => s.finalized ?? -1));
        log(`stall baseline after ${(at / 1000).toFixed(1)} s: finalized #${baseline}; ${fmt(live, sts)}`);
      }
      await sleep(1_000);
    }
    const last = samples.at(-1);
    log(`after ${(last.at / 1000).toFixed(1)} s: ${fmt(live, last.sts)}; alice round state ${JSON.stringify(last.rs)}`);

    for (const s of samples) {
      for (const [i, st] of s.sts.entries()) assert.ok(!st.error, `${live[i].name} at ${s.at} ms: ${st.error}`);
    }
    const window = samples.filter((s) => s.at >= STALL_SETTLE_MS);
    const windowMax = Math.max(...window.flatMap((s) => s.sts.map((st) => st.finalized)));
    assert.ok(
      windowMax <= baseline + 1,
      `finality went on with 2 of 4 validators: #${baseline} -> #${windowMax} within ${STALL_WINDOW_MS / 1000} s`,
    );
    stuckFinalized = Math.max(...last.sts.map((s) => s.finalized));
    const sinceKill = stuckFinalized - Math.max(...atKill.map((s) => s.finalized));
    const bestGain = Math.max(...last.sts.map((s) => s.best)) - Math.max(...atKill.map((s) => s.best));
    log(`finalized advanced by ${sinceKill} since the kill, then stayed at #${stuckFinalized}; best advanced by ${bestGain}`);

    // The round keeps increasing at the stuck height.
    const rounds = samples.filter((s) => !s.rs.error).map((s) => ({ at: s.at, height: Number(s.rs.height), round: Number(s.rs.round) }));
    assert.ok(rounds.length > 0, `ibft_roundState failed: ${samples.at(-1).rs.error}`);
    const final = rounds.at(-1);
    const sameHeight = rounds.filter((r) => r.height === final.height);
    log(`alice rounds at height ${final.height}: ${sameHeight.map((r) => `${(r.at / 1000).toFixed(0)}s:r${r.round}`).join(' ')}`);
    assert.ok(
      final.round > sameHeight[0].round,
      `round did not increase at stuck height ${final.height}: ${sameHeight[0].round} -> ${final.round}`,
    );

    // A block that exists but is not finalized has no finality proof.
    const alice = byName('alice');
    const aliceNow = await nodeStatus(alice.rpcPort);
    if (aliceNow.best > aliceNow.finalized) {
      const unfinal = aliceNow.finalized + 1;
      await assert.rejects(proveFinality(alice.rpcPort, unfinal), (err) => {
        assert.equal(typeof err.rpcError?.message, 'string', `JSON-RPC error for unfinalized #${unfinal}: ${err.message}`);
        log(`ibft_proveFinality(${unfinal}) on unfinalized block: ${JSON.stringify(err.rpcError)}`);
        return true;
      });
    }
  });

  step('d. Charlie and Dave restart with their databases; finality resumes and they catch up', 180_000, async () => {
    assert.notEqual(stuckFinalized, null);
    await Promise.all(['charlie', 'dave'].map((name) => net.restartNode(name)));
    const backAt = Date.now();
    log(`charlie and dave are back (rpc answers); ${await describeNet()}`);
    for (const name of ['charlie', 'dave']) {
      const n = byName(name);
      assert.equal(await rpc(n.rpcPort, 'system_localPeerId'), n.peerId, `${name} kept its peer id`);
    }

    const others = [byName('alice'), byName('bob')];
    const resumed = await waitAll(others, (s) => s.finalized > stuckFinalized, {
      timeoutMs: RESUME_TIMEOUT_MS,
      what: `finality to move past #${stuckFinalized}`,
    }).catch((err) => {
      throw new Error(`finality did not resume within ${RESUME_TIMEOUT_MS / 1000} s of both nodes being back: ${err.message}`);
    });
    log(`finality resumed ${((Date.now() - backAt) / 1000).toFixed(1)} s after the restart: ${fmt(others, resumed)}`);

    const target = Math.max(...resumed.map((s) => s.finalized));
    const restarted = [byName('charlie'), byName('dave')];
    const caught = await waitAll(restarted, (s) => s.finalized >= target, {
      timeoutMs: 90_000,
      what: `charlie and dave to finalize #${target}`,
    });
    log(`charlie and dave caught up: ${fmt(restarted, caught)}`);
    const expected = await hashAt(byName('alice'), target);
    for (const n of restarted) {
      assert.equal(await hashAt(n, target), expected, `${n.name}: hash of finalized #${target}`);
      // They hold a justification for what finalized past the stall.
      const j = await checkProof(n, stuckFinalized + 1, await proveFinality(n.rpcPort, stuckFinalized + 1));
      log(`${n.name}: proveFinality(${stuckFinalized + 1}) -> #${j.number}, height ${j.height}, round ${j.round}`);
    }
    const all = await waitAll(net.nodes, (s) => s.finalized > target, {
      timeoutMs: 60_000,
      what: `all four to finalize past #${target}`,
    });
    log(`all four finalize again: ${fmt(net.nodes, all)}`);
  });

  step('e. a late non-validator syncs, follows finality and serves verifiable justifications', 180_000, async () => {
    const alice = byName('alice');
    const target = (await nodeStatus(alice.rpcPort)).finalized;
    const eve = await net.addNode('eve', { validator: false });
    log(`eve (non-validator) started: rpc ${eve.rpcPort}; catching up to finalized #${target}`);
    const sts = await waitAll([eve], (s) => s.finalized >= target, { timeoutMs: 120_000, what: `eve to finalize #${target}` });
    log(`eve caught up: ${fmt([eve], sts)}`);
    assert.equal(await hashAt(eve, target), await hashAt(alice, target), `eve: hash of finalized #${target}`);

    assert.deepEqual(await readAuthorities(eve.rpcPort, genesisHash), authorities, 'eve reads the same authority set');
    // A non-validator may or may not run the round machine; if it reports a state, it has
    // no local key.
    const rs = await roundState(eve.rpcPort).catch((err) => ({ error: err.rpcError ?? err.message }));
    log(`eve ibft_roundState: ${JSON.stringify(rs)}`);
    if (!rs.error) {
      assert.equal(rs.local, null, 'eve: roundState.local of a non-validator');
      assert.deepEqual(rs.validators, authorities, 'eve: roundState.validators');
    }

    const proofs = [];
    for (const k of [...new Set([1, Math.max(1, stuckFinalized), stuckFinalized + 1, target])]) {
      const j = await checkProof(eve, k, await proveFinality(eve.rpcPort, k));
      proofs.push(j);
      log(`eve: proveFinality(${k}) -> #${j.number} (height ${j.height}, round ${j.round}, ${j.seals.length} seals)`);
    }

    // Tampered copies of a real justification are rejected.
    const real = proofs.at(-1);
    const rejected = (t, what) => {
      const r = verifyJustification(t, authorities, setId);
      assert.equal(r.ok, false, `${what} must be rejected`);
      log(`tampered (${what}): ${r.reason}`);
    };
    rejected(tamperJustification(real, 'flip-signature'), 'flipped signature byte');
    rejected(tamperJustification(real, 'flip-signature', { seal: real.seals.length - 1, byte: 40 }), 'flipped byte of the last seal');
    rejected(tamperJustification(real, 'change-hash'), 'changed block hash');
    rejected(tamperJustification(real, 'change-number'), 'changed block number');
    rejected(tamperJustification(real, 'change-set-id'), 'changed set id');
    rejected(tamperJustification(real, 'drop-seals'), 'fewer than a quorum of seals');
    rejected(encodeJustification(tamperJustification(real, 'flip-signature')), 'flipped signature, re-encoded');
    assert.deepEqual(verifyJustification(real, authorities, setId), { ok: true }, 'the original still verifies');
  });

  step('f. ibft_proveFinality above the finalized head is a JSON-RPC error', 30_000, async () => {
    for (const n of [byName('alice'), byName('eve')]) {
      const { finalized, best } = await nodeStatus(n.rpcPort);
      for (const k of [finalized + 1_000, best + 1]) {
        await assert.rejects(proveFinality(n.rpcPort, k), (err) => {
          assert.ok(err.rpcError, `${n.name}: proveFinality(${k}) failed without a JSON-RPC error: ${err.message}`);
          assert.equal(typeof err.rpcError.message, 'string');
          assert.ok(err.rpcError.message.length > 0, 'the error has a message');
          log(`${n.name}: proveFinality(${k}) (finalized #${finalized}) -> ${JSON.stringify(err.rpcError)}`);
          return true;
        });
      }
    }
  });

  step('g. the metrics endpoint exposes ibft_ metrics', 30_000, async () => {
    const alice = byName('alice');
    const samples = await fetchIbftMetrics(alice.prometheusPort);
    log(`alice ibft_ metrics: ${[...new Set(samples.map((s) => s.name))].join(', ')}`);
    assert.ok(samples.length > 0, 'no metric name contains ibft_');
    const heights = samples.filter((s) => /height/.test(s.name) && !/_(bucket|sum|count)$/.test(s.name));
    assert.ok(heights.length > 0, `no ibft_ height gauge among ${samples.map((s) => s.name).join(', ')}`);
    assert.ok(heights.some((s) => s.value > 0), `ibft_ height gauge is not positive: ${JSON.stringify(heights)}`);
  });

  step("alice's justification notifications over the whole run all verify", 30_000, async () => {
    assert.deepEqual(aliceSub.errors, [], 'subscription errors');
    let lastHeight = -1;
    let lastNumber = -1;
    for (const [k, item] of aliceSub.items.entries()) {
      const j = checkItem(item, `alice notification ${k}`);
      assert.ok(j.height >= lastHeight, `notification ${k}: height ${j.height} after ${lastHeight}`);
      assert.ok(j.number >= lastNumber, `notification ${k}: block #${j.number} after #${lastNumber}`);
      lastHeight = j.height;
      lastNumber = j.number;
    }
    log(`alice: ${aliceSub.items.length} justification notifications, all valid; last height ${lastHeight}`);
    assert.ok(aliceSub.items.length >= 3, 'alice notified fewer than 3 justifications over the whole run');
  });
});
