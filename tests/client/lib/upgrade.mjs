// Helpers for forkless runtime upgrade tests: the "upgrade to try" Wasm, submitting a
// transaction and reading its events without `signAndSend`, Council and Technical Committee
// motions, runtime versions and storage versions over JSON-RPC, and timelines of best and
// finalized heads.
//
//   import { nextRuntimeWasm, readWasmHex, submitAndWatch, councilMotion, finalityTimeline } from './lib/upgrade.mjs';
//
// Why not `signAndSend`: when the transaction is the runtime upgrade itself, its status
// callback decodes the block's events with the decoration of the NEW runtime and fails
// ("Unable to decode storage system.events ... Decoded input doesn't match input"), after
// which it never reports the block (see zombienet/upgrade.js). `submitAndWatch` below submits
// with `author_submitAndWatchExtrinsic` and reads the events with `api.at(blockHash)`, which
// decorates with the metadata of the runtime that ran the block (Polkadot.js takes the runtime
// version of the block's parent).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { WsProvider } from '@polkadot/api';
import { blake2AsHex, xxhashAsHex } from '@polkadot/util-crypto';

import { REPO_ROOT, pollUntil, rpc } from './network.mjs';

/** The storage key of the runtime code, `:code`. */
export const CODE_KEY = '0x3a636f6465';
/** The file name of the "upgrade to try" runtime (spec_version 101, feature `next-release`). */
export const NEXT_WASM_FILE = 'metanode_runtime_next.compact.compressed.wasm';

// ---------------------------------------------------------------------------------------------
// The Wasm

/**
 * The path of the "upgrade to try" runtime: $METANODE_NEXT_WASM if set (relative paths from the
 * repository root), else
 * `${CARGO_TARGET_DIR:-~/.cache/metanode/target}/release/wbuild/metanode-runtime/metanode_runtime_next.compact.compressed.wasm`.
 * Throws an Error that says how to build it if the file does not exist.
 */
export function nextRuntimeWasm() {
  let file;
  if (process.env.METANODE_NEXT_WASM) {
    file = path.resolve(REPO_ROOT, process.env.METANODE_NEXT_WASM);
  } else {
    const targetDir = process.env.CARGO_TARGET_DIR
      ? path.resolve(REPO_ROOT, process.env.CARGO_TARGET_DIR)
      : path.join(os.homedir(), '.cache', 'metanode', 'target');
    file = path.join(targetDir, 'release', 'wbuild', 'metanode-runtime', NEXT_WASM_FILE);
  }
  if (!fs.existsSync(file)) {
    throw new Error(
      `the "upgrade to try" runtime is not at ${file}.\n` +
        'It is the runtime built with the cargo feature `next-release` (spec_version 101, transaction_version 2,\n' +
        'the pallet-wallets migration to storage version 1). The runtime build writes it next to the default\n' +
        'runtime when METANODE_BUILD_NEXT_RUNTIME=1 is set, from the repository root:\n' +
        '  METANODE_BUILD_NEXT_RUNTIME=1 CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/metanode/target} \\\n' +
        '    cargo build --release -p metanode\n' +
        'or point METANODE_NEXT_WASM at an existing file.',
    );
  }
  return file;
}

/** The bytes of a Wasm file (default: `nextRuntimeWasm()`) as 0x hex, as `system.setCode` takes them. */
export function readWasmHex(file = nextRuntimeWasm()) {
  const bytes = fs.readFileSync(file);
  if (bytes.length === 0) throw new Error(`${file} is empty`);
  return `0x${bytes.toString('hex')}`;
}

/** blake2_256 of code (hex or bytes): the hash `authorize_upgrade` and the `upgrades` pallet take. */
export function wasmCodeHash(code) {
  return blake2AsHex(code, 256);
}

// ---------------------------------------------------------------------------------------------
// Transactions

/** `section.Name` of a DispatchError (e.g. `system.SpecVersionNeedsToIncrease`, `BadOrigin`). */
export function describeDispatchError(registry, err) {
  if (!err) return 'no error';
  if (err.isModule) {
    try {
      const { section, name } = registry.findMetaError(err.asModule);
      return `${section}.${name}`;
    } catch (e) {
      return `Module(${err.asModule.toString()}) (not in the metadata: ${e.message})`;
    }
  }
  const inner = err.value && !err.value.isEmpty && err.value.toString ? err.value.toString() : '';
  return inner && inner !== '[]' && inner !== 'null' ? `${err.type}(${inner})` : err.type;
}

/** The events of `events` (`[{ event }]`) of `section.method` (case-insensitive section). */
export function findEvents(events, section, method) {
  return events.filter(({ event }) => event.section.toLowerCase() === section.toLowerCase() && event.method === method);
}

/**
 * Signs `tx` with `signer` (unless it is signed already; `signOptions` go to `signAsync`),
 * submits it with `author_submitAndWatchExtrinsic` and waits until it is in a block. Resolves
 * with:
 * - `blockHash`, `blockNumber`, `index` (its position in the block), `txHash`;
 * - `events`: the events of this extrinsic (phase ApplyExtrinsic(index)), decoded with
 *   `api.at(blockHash)`, i.e. the metadata of the runtime that executed the block;
 * - `dispatchError`: the `System.ExtrinsicFailed` error, or null;
 * - `registry`: the registry of that runtime (for `describeDispatchError`);
 * - `submittedAt`, `inBlockAt`: local times (ms epoch).
 * Rejects if the transaction is refused (the JSON-RPC error), becomes Invalid, Dropped or
 * Usurped, or is not in a block within `timeoutMs`.
 */
export async function submitAndWatch(api, tx, signer, { timeoutMs = 120_000, signOptions = {} } = {}) {
  if (!tx.isSigned) await tx.signAsync(signer, signOptions);
  const txHash = tx.hash.toHex();
  const submittedAt = Date.now();
  const { blockHash, inBlockAt } = await new Promise((resolve, reject) => {
    let unsub = null;
    let done = false;
    const finish = (fn, value) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (unsub) {
        try {
          unsub();
        } catch {
          // The connection may be gone.
        }
      }
      fn(value);
    };
    const timer = setTimeout(
      () => finish(reject, new Error(`transaction ${txHash} not in a block after ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
    api.rpc.author
      .submitAndWatchExtrinsic(tx, (status) => {
        if (status.isInBlock || status.isFinalized) {
          const hash = (status.isInBlock ? status.asInBlock : status.asFinalized).toHex();
          finish(resolve, { blockHash: hash, inBlockAt: Date.now() });
        } else if (status.isInvalid || status.isDropped || status.isUsurped) {
          finish(reject, new Error(`transaction ${txHash} not included: ${status.type}`));
        }
      })
      .then((u) => {
        unsub = u;
        if (done) {
          try {
            u();
          } catch {
            // Already gone.
          }
        }
      })
      .catch((err) => finish(reject, err));
  });

  // Find the extrinsic by the hash of its bytes, without decoding the block.
  const raw = await api.rpc('chain_getBlock', blockHash); // `api.rpc(method, ...params)`: the raw JSON-RPC result
  const index = raw.block.extrinsics.findIndex((xt) => blake2AsHex(xt, 256) === txHash);
  if (index < 0) throw new Error(`transaction ${txHash} not found in block ${blockHash}`);
  const blockNumber = Number.parseInt(raw.block.header.number, 16);

  const apiAt = await api.at(blockHash);
  const all = await apiAt.query.system.events();
  const events = all.filter(({ phase }) => phase.isApplyExtrinsic && phase.asApplyExtrinsic.eqn(index));
  const failed = findEvents(events, 'system', 'ExtrinsicFailed')[0];
  const dispatchError = failed ? failed.event.data[0] : null;
  return { blockHash, blockNumber, index, txHash, events, dispatchError, registry: apiAt.registry, submittedAt, inBlockAt };
}

/** Like `submitAndWatch`, but throws if the extrinsic failed (`System.ExtrinsicFailed`). */
export async function submitOk(api, tx, signer, opts) {
  const result = await submitAndWatch(api, tx, signer, opts);
  if (result.dispatchError) {
    throw new Error(
      `${tx.method.section}.${tx.method.method} failed in block #${result.blockNumber}: ` +
        describeDispatchError(result.registry, result.dispatchError),
    );
  }
  return result;
}

/**
 * The result of the `Sudo.Sudid` event of a sudo call (the dispatch result of the inner call),
 * `{ ok: true }` or `{ ok: false, error, name }`. Throws if there is no such event.
 */
export function sudidResult(result) {
  const sudid = findEvents(result.events, 'sudo', 'Sudid')[0];
  if (!sudid) {
    throw new Error(
      `no Sudo.Sudid event in block #${result.blockNumber} (events: ${result.events
        .map(({ event }) => `${event.section}.${event.method}`)
        .join(', ')})`,
    );
  }
  const outcome = sudid.event.data[0];
  if (outcome.isOk) return { ok: true };
  return { ok: false, error: outcome.asErr, name: describeDispatchError(result.registry, outcome.asErr) };
}

// ---------------------------------------------------------------------------------------------
// Collective motions

/** The weight of a call, for `close`'s weight bound: `TransactionPaymentCallApi_query_call_info`. */
async function callWeight(api, pallet, proposal) {
  try {
    const info = await api.call.transactionPaymentCallApi.queryCallInfo(proposal, proposal.encodedLength);
    return info.weight;
  } catch {
    // Older metadata without the call API: the largest weight a motion may use.
    return api.consts[pallet].maxProposalWeight;
  }
}

/**
 * A motion of the collective `pallet` ('council' or 'technicalCommittee'): `members[0]`
 * proposes `call` (a Call or a SubmittableExtrinsic) with `threshold`, every member of
 * `members` votes aye (the proposer included: pallet-collective does not count the proposal
 * as a vote), then `members[0]` closes it. Resolves with
 * `{ executed: { ok } | { ok: false, error, name }, proposalHash, proposalIndex, closed }`,
 * `closed` being the `submitAndWatch` result of `close` (its events include those of the
 * dispatched call). Every member must hold GEN for the fees. With a threshold below 2
 * pallet-collective executes the call at once (Members(1, n)) without a motion; this helper
 * reports that too.
 */
export async function collectiveMotion(api, pallet, members, call, threshold, { timeoutMs = 120_000 } = {}) {
  if (!api.tx[pallet]) throw new Error(`the runtime has no pallet ${pallet}`);
  if (members.length === 0) throw new Error('collectiveMotion: no members');
  const proposal = call.method ?? call;
  const lengthBound = proposal.encodedLength;
  const [proposer] = members;
  const opts = { timeoutMs };

  const proposed = await submitOk(api, api.tx[pallet].propose(threshold, proposal, lengthBound), proposer, opts);
  const executedAtOnce = findEvents(proposed.events, pallet, 'Executed')[0];
  const proposedEvent = findEvents(proposed.events, pallet, 'Proposed')[0];
  if (!proposedEvent) {
    if (executedAtOnce) {
      return { executed: executionOf(proposed, executedAtOnce), proposalHash: executedAtOnce.event.data[0].toHex(), proposalIndex: null, closed: proposed };
    }
    throw new Error(`${pallet}.propose: no ${pallet}.Proposed event in block #${proposed.blockNumber}`);
  }
  // Proposed { account, proposal_index, proposal_hash, threshold }
  const proposalIndex = proposedEvent.event.data[1].toNumber();
  const proposalHash = proposedEvent.event.data[2].toHex();

  const votes = await Promise.all(
    members.map((m) => submitOk(api, api.tx[pallet].vote(proposalHash, proposalIndex, true), m, opts)),
  );
  for (const v of votes) {
    if (findEvents(v.events, pallet, 'Voted').length !== 1) {
      throw new Error(`${pallet}.vote: no ${pallet}.Voted event in block #${v.blockNumber}`);
    }
  }

  const weightBound = await callWeight(api, pallet, proposal);
  const closed = await submitOk(api, api.tx[pallet].close(proposalHash, proposalIndex, weightBound, lengthBound), proposer, opts);
  const executedEvent = findEvents(closed.events, pallet, 'Executed')[0];
  if (!executedEvent) {
    const names = closed.events.map(({ event }) => `${event.section}.${event.method}`).join(', ');
    throw new Error(`${pallet}.close: the motion was not executed (events: ${names})`);
  }
  return { executed: executionOf(closed, executedEvent), proposalHash, proposalIndex, closed };
}

/** `Executed { proposal_hash, result }` to `{ ok }` / `{ ok: false, error, name }`. */
function executionOf(result, executedEvent) {
  const outcome = executedEvent.event.data[1];
  if (outcome.isOk) return { ok: true };
  return { ok: false, error: outcome.asErr, name: describeDispatchError(result.registry, outcome.asErr) };
}

/** A Council motion (see `collectiveMotion`). On the local chain 2/3 of 4 members is threshold 3. */
export function councilMotion(api, members, call, threshold, opts) {
  return collectiveMotion(api, 'council', members, call, threshold, opts);
}

/** A Technical Committee motion (see `collectiveMotion`). On the local chain: Alice and Bob, threshold 2. */
export function tcMotion(api, members, call, threshold, opts) {
  return collectiveMotion(api, 'technicalCommittee', members, call, threshold, opts);
}

// ---------------------------------------------------------------------------------------------
// Versions over JSON-RPC

/** `state_getRuntimeVersion` at `at` (default: best) of the node on `port`. */
export function runtimeVersion(port, at) {
  return rpc(port, 'state_getRuntimeVersion', at ? [at] : [], 15_000);
}

/**
 * Waits until the best block of the node on `port` runs `specVersion` (exactly); resolves with
 * its `state_getRuntimeVersion`.
 */
export async function waitForSpecVersion(port, specVersion, { timeoutMs = 60_000 } = {}) {
  let last;
  return pollUntil(
    async () => {
      last = await runtimeVersion(port);
      return last.specVersion === specVersion ? last : null;
    },
    { timeoutMs, intervalMs: 500, what: `spec_version ${specVersion} on port ${port}`, describe: () => `last ${JSON.stringify(last)}` },
  );
}

/** The storage key of a pallet's on-chain storage version: twox128(pallet) ++ twox128(":__STORAGE_VERSION__:"). */
export function storageVersionKey(palletName) {
  return xxhashAsHex(palletName, 128) + xxhashAsHex(':__STORAGE_VERSION__:', 128).slice(2);
}

/**
 * A pallet's on-chain storage version (u16 LE under `storageVersionKey`) at `at` (default:
 * best), or null if the key is not set.
 */
export async function palletStorageVersion(port, palletName, at) {
  const value = await rpc(port, 'state_getStorage', [storageVersionKey(palletName), ...(at ? [at] : [])], 15_000);
  if (value === null) return null;
  const bytes = Buffer.from(value.slice(2), 'hex');
  if (bytes.length !== 2) throw new Error(`${palletName} storage version is not a u16: ${value}`);
  return bytes.readUInt16LE(0);
}

// ---------------------------------------------------------------------------------------------
// Head timelines

const HEAD_SUBSCRIPTIONS = {
  best: { type: 'chain_newHead', subscribe: 'chain_subscribeNewHeads', unsubscribe: 'chain_unsubscribeNewHeads' },
  finalized: {
    type: 'chain_finalizedHead',
    subscribe: 'chain_subscribeFinalizedHeads',
    unsubscribe: 'chain_unsubscribeFinalizedHeads',
  },
};

/**
 * Subscribes over its own WebSocket (no reconnection) to the node on `port`'s best heads
 * (`kind` 'best', `chain_subscribeNewHeads`) or finalized heads ('finalized',
 * `chain_subscribeFinalizedHeads`) and records every notification as
 * `{ number, parentHash, header, receivedAt }` (`receivedAt`: local time, ms epoch) in
 * `entries`. Errors go to `errors`. `close()` never throws.
 */
export async function headTimeline(port, kind = 'finalized') {
  const sub = HEAD_SUBSCRIPTIONS[kind];
  if (!sub) throw new Error(`headTimeline: kind must be 'best' or 'finalized', not ${kind}`);
  const provider = new WsProvider(`ws://127.0.0.1:${port}`, false);
  const entries = [];
  const errors = [];
  provider.on('error', (err) => errors.push(err?.message ?? String(err)));
  await provider.connect();
  await Promise.race([
    provider.isReady,
    sleep(15_000).then(() => {
      throw new Error(`no WebSocket to port ${port} in 15 s`);
    }),
  ]);
  let subscriptionId;
  try {
    subscriptionId = await provider.subscribe(sub.type, sub.subscribe, [], (err, header) => {
      const receivedAt = Date.now();
      if (err) {
        errors.push(err.message);
        return;
      }
      entries.push({ number: Number.parseInt(header.number, 16), parentHash: header.parentHash, header, receivedAt });
    });
  } catch (err) {
    await provider.disconnect().catch(() => {});
    throw err;
  }
  let closed = false;
  async function close() {
    if (closed) return;
    closed = true;
    try {
      if (provider.isConnected) {
        await Promise.race([provider.unsubscribe(sub.type, sub.unsubscribe, subscriptionId), sleep(3_000)]);
      }
    } catch {
      // The node may be gone.
    }
    await provider.disconnect().catch(() => {});
  }
  return { kind, port, entries, errors, close };
}

/** `headTimeline(port, 'finalized')`: every finalized-head notification with its local receive time. */
export function finalityTimeline(port) {
  return headTimeline(port, 'finalized');
}

/**
 * Gaps between consecutive notifications of a timeline whose block numbers are within
 * [from, to]: `{ entries, gaps: [{ from, to, ms }], maxGapMs, missing: [numbers not notified] }`.
 */
export function timelineWindow(timeline, from, to) {
  const entries = timeline.entries.filter((e) => e.number >= from && e.number <= to);
  const gaps = [];
  for (let i = 1; i < entries.length; i++) {
    gaps.push({ from: entries[i - 1].number, to: entries[i].number, ms: entries[i].receivedAt - entries[i - 1].receivedAt });
  }
  const seen = new Set(entries.map((e) => e.number));
  const missing = [];
  for (let n = from; n <= to; n++) if (!seen.has(n)) missing.push(n);
  return { entries, gaps, maxGapMs: gaps.length ? Math.max(...gaps.map((g) => g.ms)) : 0, missing };
}
