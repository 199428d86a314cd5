// A four-validator network from the built-in `local` chain spec, four processes on 127.0.0.1:
// Alice, Bob, Charlie and Dave author blocks with Aura (2 s slots) and finalize them with GRANDPA
// (`--finality grandpa`; IBFT, the default, is tested in ibft-network.test.mjs), so both
// gadgets are exercised against the same runtime.
// The test waits until every node has block 10 and has finalized block 10, and until all four
// agree on the hash of block 10.
//
// Run from tests/client:  node --test local-network.test.mjs   (or `npm test` for all tests)

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import {
  inspectNodeKey,
  nodeStatus,
  peerIdFromNodeKey,
  randomNodeKey,
  requireMetanodeBinary,
  rpc,
  startNetwork,
} from './lib/network.mjs';

const NAMES = ['alice', 'bob', 'charlie', 'dave'];
const TARGET_BLOCK = 10;
/** From spawning the first node to every node having finalized TARGET_BLOCK. */
const NETWORK_TIMEOUT_MS = 240_000;
const POLL_MS = 1_000;
const PROGRESS_EVERY_MS = 15_000;

test('peer id derivation gives the expected peer id of a fixed node key', async () => {
  // Computed independently (Python `cryptography` + base58btc) for the seed 0x0101...01.
  assert.equal(await peerIdFromNodeKey('01'.repeat(32)), '12D3KooWK99VoVxNE7XzyBwXEzW7xhK7Gpv85r9F3V3fyKSUKPH5');
});

test('JS peer id derivation matches `metanode key inspect-node-key`', async () => {
  const bin = requireMetanodeBinary();
  for (const nodeKey of ['01'.repeat(32), randomNodeKey()]) {
    const fromJs = await peerIdFromNodeKey(nodeKey);
    assert.match(fromJs, /^12D3KooW/);
    assert.equal(fromJs, await inspectNodeKey(bin, nodeKey), `peer id of node key ${nodeKey}`);
  }
});

test(
  `four validators on the local chain produce and finalize block ${TARGET_BLOCK}`,
  { timeout: NETWORK_TIMEOUT_MS + 60_000 },
  async () => {
    const bin = requireMetanodeBinary();
    const startedAt = Date.now();
    const deadline = startedAt + NETWORK_TIMEOUT_MS;
    const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

    const network = await startNetwork({
      names: NAMES,
      chain: 'local',
      extraArgs: ['--finality', 'grandpa'],
      bin,
      readyTimeoutMs: Math.min(120_000, NETWORK_TIMEOUT_MS),
    });
    const { nodes } = network;
    let failed = false;
    try {
      console.log(
        `network up after ${seconds(Date.now() - startedAt)}; logs in ${network.logDir}\n` +
          nodes.map((n) => `  ${n.name}: rpc ${n.rpcPort}, p2p ${n.p2pPort}, ${n.peerId}`).join('\n'),
      );

      // Alice's peer id (in Bob's, Charlie's and Dave's --bootnodes) must be the one Alice runs with.
      assert.equal(await rpc(nodes[0].rpcPort, 'system_localPeerId'), nodes[0].peerId, 'boot node peer id');

      let bestAt = null;
      let finalizedAt = null;
      let lastProgress = 0;
      let statuses = [];
      while (finalizedAt === null) {
        for (const node of nodes) {
          const exited = node.exited();
          if (exited) {
            assert.fail(`${node.name} stopped on its own (code ${exited.code}, signal ${exited.signal})`);
          }
        }
        statuses = await Promise.all(
          nodes.map((n) => nodeStatus(n.rpcPort).catch((err) => ({ error: err.message }))),
        );
        const ok = statuses.every((s) => !s.error);
        if (bestAt === null && ok && statuses.every((s) => s.best >= TARGET_BLOCK)) {
          bestAt = Date.now();
          console.log(`every node has block ${TARGET_BLOCK} after ${seconds(bestAt - startedAt)}`);
        }
        if (ok && statuses.every((s) => s.finalized >= TARGET_BLOCK)) {
          finalizedAt = Date.now();
          bestAt ??= finalizedAt; // finalized implies imported
          console.log(`every node finalized block ${TARGET_BLOCK} after ${seconds(finalizedAt - startedAt)}`);
          break;
        }
        if (Date.now() - lastProgress >= PROGRESS_EVERY_MS) {
          lastProgress = Date.now();
          console.log(`after ${seconds(lastProgress - startedAt)}: ${formatStatuses(nodes, statuses)}`);
        }
        if (Date.now() >= deadline) {
          assert.fail(
            `block ${TARGET_BLOCK} was not ${bestAt === null ? 'imported' : 'finalized'} by every node ` +
              `within ${seconds(NETWORK_TIMEOUT_MS)}: ${formatStatuses(nodes, statuses)}`,
          );
        }
        await sleep(POLL_MS);
      }

      console.log(
        `time to block ${TARGET_BLOCK}: ${seconds(bestAt - startedAt)}; ` +
          `time to finalized block ${TARGET_BLOCK}: ${seconds(finalizedAt - startedAt)} ` +
          `(${formatStatuses(nodes, statuses)})`,
      );

      // Everybody is connected to somebody (a full mesh has NAMES.length - 1 peers each).
      for (const [i, node] of nodes.entries()) {
        assert.ok(statuses[i].peers >= 1, `${node.name} has no peers`);
      }

      // All four agree on the (finalized) block 10.
      const hashes = await Promise.all(nodes.map((n) => rpc(n.rpcPort, 'chain_getBlockHash', [TARGET_BLOCK])));
      for (const [i, node] of nodes.entries()) {
        assert.match(String(hashes[i]), /^0x[0-9a-f]{64}$/, `${node.name}: hash of block ${TARGET_BLOCK}`);
      }
      assert.deepEqual(
        Object.fromEntries(nodes.map((n, i) => [n.name, hashes[i]])),
        Object.fromEntries(nodes.map((n) => [n.name, hashes[0]])),
        `nodes disagree on the hash of finalized block ${TARGET_BLOCK}`,
      );
      console.log(`block ${TARGET_BLOCK} on every node: ${hashes[0]}`);
    } catch (err) {
      failed = true;
      throw err;
    } finally {
      if (failed) console.error(network.report(40));
      await network.stop();
    }
  },
);

function formatStatuses(nodes, statuses) {
  return nodes
    .map((n, i) => {
      const s = statuses[i];
      if (!s) return `${n.name} ?`;
      if (s.error) return `${n.name} rpc error: ${s.error}`;
      return `${n.name} best #${s.best} finalized #${s.finalized} peers ${s.peers}`;
    })
    .join('; ');
}
