// Compares IBFT and GRANDPA finality on the four-validator `local` network under the same load.
//
//   node benchmarks/finality/run.mjs [--duration 90] [--warmup 20] [--modes ibft,grandpa]
//                                    [--rate 1] [--grace 60] [--json out.json]
//
// For each mode (`metanode --finality <mode>`), in turn: starts Alice, Bob, Charlie and Dave
// (`--chain local`, temporary databases, 127.0.0.1), waits until every node has finalized a
// block, keeps a steady stream of GEN `balances.transferKeepAlive`s going from Alice's and
// Bob's dev accounts, warms up, then for `duration` seconds records on every node:
//
// - import-to-finality: for each block first seen on a node as a new best head
//   (`chain_subscribeNewHeads`) inside the window, the time until the node reports it finalized
//   (`chain_subscribeFinalizedHeads`; a finalized head finalizes all its ancestors);
// - finality lag: best number - finalized number, sampled on every node once a second.
//
// It prints a markdown table (p50/p99 import-to-finality, mean/max lag per mode) and the
// GRANDPA/IBFT p50 ratio, then the same figures as JSON. Options can also be given as
// environment variables: FINALITY_BENCH_DURATION, FINALITY_BENCH_WARMUP, FINALITY_BENCH_MODES,
// FINALITY_BENCH_RATE, FINALITY_BENCH_GRACE, FINALITY_BENCH_JSON. The binary is the one the
// client tests use ($METANODE_BIN, else ${CARGO_TARGET_DIR:-~/.cache/metanode/target}/release/metanode).
//
// Uses the client tests' packages: run `cd tests/client && npm ci` once first. See README.md.

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';

import { nodeStatus, pollUntil, requireMetanodeBinary, rpc, startNetwork } from '../../tests/client/lib/network.mjs';
import { METANODE_SIGNED_EXTENSIONS } from '../../tests/client/lib/node.mjs';
// @polkadot/* through the client tests' modules: they resolve it from tests/client/node_modules
// (ESM, one copy; this folder has no node_modules of its own).
import { ApiPromise, Keyring, WsProvider, cryptoWaitReady } from '../../tests/client/lib/ibft.mjs';

const VALIDATORS = ['alice', 'bob', 'charlie', 'dave'];
const UNIT = 1_000_000_000_000n; // 1 GEN (12 decimals)
const ZERO_HASH = `0x${'00'.repeat(32)}`; // the parent of genesis

// ---------------------------------------------------------------------------------------------
// Options

function options() {
  const env = process.env;
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: env.FINALITY_BENCH_DURATION ?? '90' },
      warmup: { type: 'string', default: env.FINALITY_BENCH_WARMUP ?? '20' },
      modes: { type: 'string', default: env.FINALITY_BENCH_MODES ?? 'ibft,grandpa' },
      rate: { type: 'string', default: env.FINALITY_BENCH_RATE ?? '1' },
      grace: { type: 'string', default: env.FINALITY_BENCH_GRACE ?? '60' },
      json: { type: 'string', default: env.FINALITY_BENCH_JSON ?? '' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(
      'usage: node benchmarks/finality/run.mjs [--duration S] [--warmup S] [--modes ibft,grandpa] ' +
        '[--rate TX_PER_S_PER_SENDER] [--grace S] [--json FILE]',
    );
    process.exit(0);
  }
  const num = (name, min) => {
    const v = Number(values[name]);
    if (!Number.isFinite(v) || v < min) {
      console.error(`--${name} must be a number >= ${min}, got "${values[name]}"`);
      process.exit(2);
    }
    return v;
  };
  const modes = values.modes.split(',').map((m) => m.trim()).filter(Boolean);
  for (const m of modes) {
    if (!['ibft', 'grandpa'].includes(m)) {
      console.error(`unknown mode "${m}" (ibft, grandpa)`);
      process.exit(2);
    }
  }
  return {
    durationS: num('duration', 1),
    warmupS: num('warmup', 0),
    rate: num('rate', 0),
    graceS: num('grace', 0),
    modes,
    json: values.json || null,
  };
}

// ---------------------------------------------------------------------------------------------
// Statistics

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summarize(values) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return { count: 0, min: null, p50: null, p90: null, p99: null, mean: null, max: null };
  const round = (x) => Math.round(x * 10) / 10;
  return {
    count: sorted.length,
    min: round(sorted[0]),
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p99: round(percentile(sorted, 99)),
    mean: round(sorted.reduce((a, b) => a + b, 0) / sorted.length),
    max: round(sorted.at(-1)),
  };
}

// ---------------------------------------------------------------------------------------------
// Per-node tracking of new and finalized heads

/**
 * Follows one node's best and finalized heads over a raw WebSocket; block hashes are computed
 * with `registry` (the header JSON of the subscriptions carries no hash).
 */
async function trackNode(node, registry, clock) {
  const provider = new WsProvider(`ws://127.0.0.1:${node.rpcPort}`, false);
  await provider.connect();
  await provider.isReady;
  const state = {
    name: node.name,
    provider,
    seen: new Map(), // hash -> { number, parent, seenAt }
    finalizedAt: new Map(), // hash -> time
    earlyFinal: new Map(), // hash -> time: finalized before it was seen as a new head
    best: 0,
    finalized: 0,
    unseenFinalized: 0, // finalized blocks never seen as a new head
  };
  const decode = (header) => {
    const h = registry.createType('Header', header);
    return { hash: h.hash.toHex(), number: h.number.toNumber(), parent: h.parentHash.toHex() };
  };
  await provider.subscribe('chain_newHead', 'chain_subscribeNewHeads', [], (err, header) => {
    if (err) return;
    const now = clock();
    const { hash, number, parent } = decode(header);
    state.best = number;
    if (!state.seen.has(hash)) {
      state.seen.set(hash, { number, parent, seenAt: now });
      if (state.earlyFinal.has(hash)) {
        state.finalizedAt.set(hash, now); // finalized no later than seen: latency 0
        state.earlyFinal.delete(hash);
      }
    }
  });
  await provider.subscribe('chain_finalizedHead', 'chain_subscribeFinalizedHeads', [], (err, header) => {
    if (err) return;
    const now = clock();
    const { hash, number, parent } = decode(header);
    state.finalized = Math.max(state.finalized, number);
    // Walk back through the ancestors seen as new heads until an already finalized one.
    let h = hash;
    let first = true;
    while (h && h !== ZERO_HASH && !state.finalizedAt.has(h)) {
      const info = state.seen.get(h);
      if (!info) {
        if (first) {
          state.earlyFinal.set(h, now);
          h = parent;
          first = false;
          continue;
        }
        state.unseenFinalized += 1;
        break;
      }
      state.finalizedAt.set(h, now);
      h = info.parent;
      first = false;
    }
  });
  return state;
}

// ---------------------------------------------------------------------------------------------
// Load

/** Sends `rate` transfers per second from each of `senders`, with locally tracked nonces. */
function startLoad(api, senders, recipients, rate) {
  const stats = { submitted: 0, errors: 0, lastError: null, nonceStart: {} };
  if (rate <= 0) return { stats, stop: async () => {} };
  let running = true;
  const loops = senders.map(async (pair, i) => {
    let nonce = (await api.rpc.system.accountNextIndex(pair.address)).toNumber();
    stats.nonceStart[pair.address] = nonce;
    const period = 1000 / rate;
    let next = performance.now();
    let k = 0;
    while (running) {
      try {
        const tx = api.tx.balances.transferKeepAlive(recipients[i % recipients.length], UNIT + BigInt(k++));
        await tx.signAsync(pair, { nonce });
        await api.rpc.author.submitExtrinsic(tx);
        nonce += 1;
        stats.submitted += 1;
      } catch (err) {
        stats.errors += 1;
        stats.lastError = err.message;
        // Resynchronise the nonce with the node (pool included).
        nonce = (await api.rpc.system.accountNextIndex(pair.address).catch(() => ({ toNumber: () => nonce }))).toNumber();
      }
      next += period;
      const wait = next - performance.now();
      if (wait > 0) await sleep(wait);
      else next = performance.now();
    }
  });
  return {
    stats,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// One mode

async function requireFinalityFlag(bin) {
  const help = await new Promise((resolve, reject) =>
    execFile(bin, ['--help'], { timeout: 60_000, maxBuffer: 8 << 20 }, (err, out) =>
      err ? reject(new Error(`${bin} --help failed: ${err.message}`)) : resolve(out),
    ),
  );
  if (!/--finality\b/.test(help)) {
    throw new Error(`${bin} has no --finality option; build a metanode with the IBFT gadget first`);
  }
}

async function runMode(mode, opts, bin) {
  const log = (msg) => console.log(`[${mode}] ${msg}`);
  const net = await startNetwork({ names: VALIDATORS, chain: 'local', bin, extraArgs: ['--finality', mode] });
  log(`network up; logs in ${net.logDir}`);
  const alice = net.nodes[0];
  const providers = [];
  let api;
  let load;
  try {
    const apiProvider = new WsProvider(`ws://127.0.0.1:${alice.rpcPort}`, false);
    providers.push(apiProvider);
    await apiProvider.connect();
    api = await ApiPromise.create({ provider: apiProvider, throwOnConnect: true, signedExtensions: METANODE_SIGNED_EXTENSIONS });

    const clock = () => performance.now();
    const trackers = [];
    for (const node of net.nodes) {
      const t = await trackNode(node, api.registry, clock);
      providers.push(t.provider);
      trackers.push(t);
    }

    await pollUntil(
      async () => (await Promise.all(net.nodes.map((n) => nodeStatus(n.rpcPort)))).every((s) => s.finalized >= 1),
      { timeoutMs: 180_000, what: 'every node to finalize a block', describe: () => net.report(10) },
    );
    log('every node finalizes; starting the load and the warm-up');

    const keyring = new Keyring({ type: 'sr25519' });
    const senders = [keyring.addFromUri('//Alice'), keyring.addFromUri('//Bob')];
    const recipients = [keyring.addFromUri('//Charlie').address, keyring.addFromUri('//Dave').address];
    load = startLoad(api, senders, recipients, opts.rate);

    await sleep(opts.warmupS * 1000);
    const windowStart = clock();
    log(`measuring for ${opts.durationS} s`);
    const lags = [];
    const lagsByNode = Object.fromEntries(net.nodes.map((n) => [n.name, []]));
    while (clock() - windowStart < opts.durationS * 1000) {
      for (const t of trackers) {
        const lag = t.best - t.finalized;
        lags.push(lag);
        lagsByNode[t.name].push(lag);
      }
      await sleep(1000);
    }
    const windowEnd = clock();
    await load.stop();
    log(`window closed; ${load.stats.submitted} transfers submitted (${load.stats.errors} errors); waiting for finality`);

    // Blocks first seen inside the window, per node.
    const inWindow = (t) => [...t.seen.entries()].filter(([, b]) => b.seenAt >= windowStart && b.seenAt < windowEnd);
    const graceEnd = Date.now() + opts.graceS * 1000;
    while (Date.now() < graceEnd) {
      const pending = trackers.reduce((n, t) => n + inWindow(t).filter(([h]) => !t.finalizedAt.has(h)).length, 0);
      if (pending === 0) break;
      await sleep(1000);
    }

    const samples = [];
    const perNode = {};
    const blocks = new Set();
    let orphaned = 0;
    let unfinalized = 0;
    for (const t of trackers) {
      const node = net.node(t.name);
      const mine = [];
      for (const [hash, b] of inWindow(t)) {
        const at = t.finalizedAt.get(hash);
        if (at !== undefined) {
          mine.push(Math.max(0, at - b.seenAt));
          blocks.add(hash);
          continue;
        }
        // Not finalized: on a fork that lost, or really unfinalized?
        const canonical = await rpc(node.rpcPort, 'chain_getBlockHash', [b.number]).catch(() => null);
        if (canonical && canonical !== hash) orphaned += 1;
        else unfinalized += 1;
      }
      samples.push(...mine);
      perNode[t.name] = { ...summarize(mine), unseenFinalized: t.unseenFinalized };
    }

    // Transfers that made it into the finalized chain: nonces at the finalized head.
    const finalizedHash = await api.rpc.chain.getFinalizedHead();
    const apiAt = await api.at(finalizedHash);
    let txFinalized = 0;
    for (const s of senders) {
      const { nonce } = await apiAt.query.system.account(s.address);
      txFinalized += nonce.toNumber() - (load.stats.nonceStart[s.address] ?? nonce.toNumber());
    }

    const result = {
      mode,
      durationS: opts.durationS,
      warmupS: opts.warmupS,
      blocks: blocks.size,
      importToFinalityMs: summarize(samples),
      lagBlocks: {
        samples: lags.length,
        mean: lags.length ? Math.round((lags.reduce((a, b) => a + b, 0) / lags.length) * 100) / 100 : null,
        max: lags.length ? Math.max(...lags) : null,
      },
      perNode,
      orphaned,
      unfinalized,
      load: {
        ratePerSender: opts.rate,
        senders: senders.length,
        submitted: load.stats.submitted,
        submitErrors: load.stats.errors,
        lastError: load.stats.lastError,
        finalized: txFinalized,
      },
    };
    log(`p50 ${result.importToFinalityMs.p50} ms, p99 ${result.importToFinalityMs.p99} ms over ${samples.length} samples`);
    return result;
  } catch (err) {
    console.error(net.report(30));
    throw err;
  } finally {
    await load?.stop().catch(() => {});
    await api?.disconnect().catch(() => {});
    await Promise.all(providers.map((p) => p.disconnect().catch(() => {})));
    await net.stop();
    log('network stopped');
  }
}

// ---------------------------------------------------------------------------------------------

function table(results) {
  const ms = (x) => (x === null ? 'n/a' : `${x.toFixed(0)} ms`);
  const lines = [
    '| mode | blocks | samples (block x node) | import→final p50 | p90 | p99 | max | lag mean (blocks) | lag max | transfers finalized / submitted |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of results) {
    const s = r.importToFinalityMs;
    lines.push(
      `| ${r.mode} | ${r.blocks} | ${s.count} | ${ms(s.p50)} | ${ms(s.p90)} | ${ms(s.p99)} | ${ms(s.max)} | ` +
        `${r.lagBlocks.mean ?? 'n/a'} | ${r.lagBlocks.max ?? 'n/a'} | ${r.load.finalized} / ${r.load.submitted} |`,
    );
  }
  return lines.join('\n');
}

const opts = options();
await cryptoWaitReady();
const bin = requireMetanodeBinary();
await requireFinalityFlag(bin);
const machine = `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}`;
console.log(`machine: ${machine}\nbinary: ${bin}\noptions: ${JSON.stringify(opts)}`);

const results = [];
for (const mode of opts.modes) {
  results.push(await runMode(mode, opts, bin));
  await sleep(3_000); // let the ports and the CPU settle between runs
}

const byMode = Object.fromEntries(results.map((r) => [r.mode, r]));
const ibftP50 = byMode.ibft?.importToFinalityMs.p50;
const grandpaP50 = byMode.grandpa?.importToFinalityMs.p50;
const ratio = ibftP50 > 0 && grandpaP50 != null ? Math.round((grandpaP50 / ibftP50) * 100) / 100 : null;

console.log('\n## Import-to-finality, four validators on the local chain\n');
console.log(table(results));
if (ratio !== null) console.log(`\nGRANDPA/IBFT p50 ratio: ${ratio}`);
const report = {
  machine,
  binary: bin,
  node: process.version,
  date: new Date().toISOString(),
  options: opts,
  results,
  grandpaOverIbftP50: ratio,
};
console.log('\n```json');
console.log(JSON.stringify(report, null, 2));
console.log('```');
if (opts.json) {
  fs.writeFileSync(opts.json, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`written to ${opts.json}`);
}
// WebSocket reconnect timers and the like must not keep the process alive.
process.exit(0);
