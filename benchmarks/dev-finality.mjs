// Measures, on a real `metanode --dev` node, the time from submitting a GEN transfer to
// seeing it finalized (the `Finalized` status of `author_submitAndWatchExtrinsic`).
//
//   node benchmarks/dev-finality.mjs [count]      (default 30 transfers, one after another)
//
// Uses the client tests' packages: run `./scripts/setup.sh --client` (or the README's test
// command) once first. Record the figures in benchmarks/RESULTS.md.

import { createRequire } from 'node:module';
import os from 'node:os';
import { pathToFileURL } from 'node:url';

import { startDevNode } from '../tests/client/lib/node.mjs';

const clientRequire = createRequire(new URL('../tests/client/package.json', import.meta.url));
const load = async (name) => import(pathToFileURL(clientRequire.resolve(name)).href);
const { Keyring } = await load('@polkadot/keyring');
const { cryptoWaitReady } = await load('@polkadot/util-crypto');

const count = Number(process.argv[2] ?? 30);
if (!Number.isInteger(count) || count < 1) {
  console.error('usage: node benchmarks/dev-finality.mjs [count]   (count: a positive integer)');
  process.exit(2);
}

function submitAndTime(api, tx, signer) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    let inBlockMs;
    tx.signAndSend(signer, ({ status, dispatchError }) => {
      if (dispatchError) reject(new Error(`transfer failed: ${dispatchError.toString()}`));
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (status.isInBlock) inBlockMs = ms;
      // On the dev chain a block is final as soon as it is sealed, so the pool may report
      // `Finalized` without a separate `InBlock` first.
      if (status.isFinalized) resolve({ inBlockMs: inBlockMs ?? ms, finalizedMs: ms });
      if (status.isDropped || status.isInvalid || status.isUsurped) {
        reject(new Error(`transfer ${status.type}`));
      }
    }).catch(reject);
  });
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

await cryptoWaitReady();
const node = await startDevNode();
try {
  const { api } = node;
  const keyring = new Keyring({ type: 'sr25519' });
  const alice = keyring.addFromUri('//Alice');
  const bob = keyring.addFromUri('//Bob');
  const samples = [];
  for (let i = 0; i < count; i++) {
    samples.push(await submitAndTime(api, api.tx.balances.transferKeepAlive(bob.address, 1_000_000_000_000n + BigInt(i)), alice));
  }
  const fin = samples.map((s) => s.finalizedMs).sort((a, b) => a - b);
  const inb = samples.map((s) => s.inBlockMs).sort((a, b) => a - b);
  const fmt = (x) => `${x.toFixed(1)} ms`;
  console.log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`);
  console.log(`transfers: ${count}, submitted one after another to ${node.url}`);
  console.log(`submission -> in block:  median ${fmt(percentile(inb, 50))}, p95 ${fmt(percentile(inb, 95))}, max ${fmt(inb.at(-1))}`);
  console.log(`submission -> finalized: min ${fmt(fin[0])}, median ${fmt(percentile(fin, 50))}, p95 ${fmt(percentile(fin, 95))}, max ${fmt(fin.at(-1))}`);
} finally {
  await node.stop();
}
