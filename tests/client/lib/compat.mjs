// Helpers of the Polkadot.js compatibility suite (compat.test.mjs), kept here so that later
// suites on the same network (e.g. a runtime upgrade through governance) can reuse them:
//
// - `connectApi(rpcPort)`: an ApiPromise with Metanode's transaction extensions;
// - `signAndWait(tx, signer, opts)`: submit and wait for the block (or finality); resolves
//   with the extrinsic's events and its dispatch error instead of throwing on a failed call;
// - `assertOk(api, outcome, what)`, `explainDispatchError(api, err)`, `findEvent(...)`;
// - `councilMotion(api, { proposer, voters, closer, call, threshold })`: propose, vote aye,
//   close, and report the `Executed` result;
// - `councilThreshold(members)`: the smallest aye count that makes two thirds;
// - `openMotion(...)` / `closeMotion(api, motion, { closer })`: the same in two halves, so
//   that members can vote early and the motion be closed later;
// - runtime upgrades: `nextRuntimeWasmPath()`, `submitAndWatch(api, signedTx)` (status only,
//   never the block's events: for the upgrade extrinsic itself), `extrinsicEvents(api,
//   blockHash, txHash)` (decoded with the runtime that executed the block),
//   `palletStorageVersion(api, pallet)`;
// - metadata checks that return reports instead of throwing, so a suite can run them again
//   (after an upgrade, say): `checkMetadataVersions`, `checkStorage`, `checkCalls`,
//   `checkEventsAndErrors`, `checkConstants`, `checkRuntimeApis`, `checkBlocks` (the latter
//   decodes each block with the metadata of the runtime that executed it).
//
// A "report" is `{ checked, failures: [{ where, error }] }`; `formatFailures(report)` prints it.

import os from 'node:os';
import path from 'node:path';

import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { hexToU8a, stringCamelCase, u8aConcat, u8aEq, u8aToHex } from '@polkadot/util';
import { blake2AsHex, xxhashAsU8a } from '@polkadot/util-crypto';

import { REPO_ROOT, rpc } from './network.mjs';
import { METANODE_SIGNED_EXTENSIONS } from './node.mjs';

export const SS58 = 42;
/** GEN, NEX, FLX and AUR all have 12 decimals. */
export const UNIT = 10n ** 12n;
export const NEX = 1;
export const FLX = 2;
export const AUR = 3;
/** The dev accounts whose keys the tests use (`//Alice`, ...). */
export const DEV_NAMES = ['alice', 'bob', 'charlie', 'dave', 'eve', 'ferdie'];

/** Key pairs of the dev accounts, by lower-case name, plus `byAddress`. */
export function devAccounts() {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: SS58 });
  const accounts = {};
  for (const name of DEV_NAMES) {
    accounts[name] = keyring.addFromUri(`//${name[0].toUpperCase()}${name.slice(1)}`);
  }
  accounts.byAddress = (address) => DEV_NAMES.map((n) => accounts[n]).find((p) => p.address === address.toString());
  return accounts;
}

/** Connects Polkadot.js to `ws://127.0.0.1:<rpcPort>` with Metanode's transaction extensions. */
export async function connectApi(rpcPort) {
  const provider = new WsProvider(`ws://127.0.0.1:${rpcPort}`, 1_000);
  try {
    const api = await ApiPromise.create({
      provider,
      throwOnConnect: true,
      signedExtensions: METANODE_SIGNED_EXTENSIONS,
    });
    await api.isReady;
    return api;
  } catch (err) {
    await provider.disconnect().catch(() => {});
    throw new Error(`could not connect Polkadot.js to ws://127.0.0.1:${rpcPort}: ${err.message}`);
  }
}

/** Formats a balance in base units as a decimal number of tokens (exact, no floats). */
export function fmt(amount) {
  const sign = amount < 0n ? '-' : '';
  const abs = amount < 0n ? -amount : amount;
  const frac = (abs % UNIT).toString().padStart(12, '0').replace(/0+$/, '');
  return `${sign}${abs / UNIT}${frac ? `.${frac}` : ''}`;
}

/** `section.Name: docs` of a DispatchError (module errors resolved through the metadata). */
export function explainDispatchError(api, dispatchError) {
  if (!dispatchError) return '';
  if (dispatchError.isModule) {
    try {
      const { section, name, docs } = api.registry.findMetaError(dispatchError.asModule);
      return `${section}.${name}${docs.length ? `: ${docs.join(' ')}` : ''}`;
    } catch {
      // Fall through to the raw form.
    }
  }
  return dispatchError.toString();
}

/** `section.Name` of a DispatchError, e.g. 'assets.BalanceLow' or 'BadOrigin'. */
export function dispatchErrorName(api, dispatchError) {
  if (!dispatchError) return null;
  if (dispatchError.isModule) {
    const { section, name } = api.registry.findMetaError(dispatchError.asModule);
    return `${section}.${name}`;
  }
  return dispatchError.type;
}

/**
 * Signs and submits `tx` with `signer` and waits until it is in a block (`until: 'inBlock'`)
 * or its block is finalized (`until: 'finalized'`, the default). Rejects only if the
 * transaction is refused or lost (invalid, dropped, usurped, timeout); a call that fails in
 * dispatch resolves with `ok: false` and its `dispatchError`.
 *
 * Resolves with `{ ok, blockHash, blockNumber, txHash, events, records, dispatchError,
 * error (its `section.Name: docs`), fee, feeEvent, ms }`, where `events` are the extrinsic's
 * own events (`Event` codecs) and `fee` the `TransactionFeePaid.actualFee` (BigInt, or
 * undefined).
 */
export function signAndWait(tx, signer, { until = 'finalized', timeoutMs = 120_000, api } = {}) {
  const registryApi = api; // only for error names; optional
  return new Promise((resolve, reject) => {
    let unsub;
    let done = false;
    const started = performance.now();
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      if (unsub) unsub();
      reject(new Error(`${tx.method.section}.${tx.method.method}: not ${until} within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const fail = (err) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (unsub) unsub();
      reject(err);
    };
    tx.signAndSend(signer, (result) => {
      if (done) return;
      const { status } = result;
      if (status.isInvalid || status.isDropped || status.isUsurped || status.isFinalityTimeout) {
        fail(new Error(`${tx.method.section}.${tx.method.method}: transaction ${status.type}`));
        return;
      }
      const reached = until === 'inBlock' ? status.isInBlock || status.isFinalized : status.isFinalized;
      if (!reached) return;
      done = true;
      clearTimeout(timer);
      if (unsub) unsub();
      const blockHash = (status.isInBlock ? status.asInBlock : status.asFinalized).toHex();
      const events = result.events.map(({ event }) => event);
      const feeEvent = events.find((e) => e.section === 'transactionPayment' && e.method === 'TransactionFeePaid');
      const failed = events.some((e) => e.section === 'system' && e.method === 'ExtrinsicFailed');
      resolve({
        ok: !failed && !result.dispatchError,
        blockHash,
        blockNumber: result.blockNumber?.toNumber(),
        txHash: (result.txHash ?? tx.hash).toHex(),
        events,
        records: result.events,
        dispatchError: result.dispatchError,
        error: result.dispatchError && registryApi ? explainDispatchError(registryApi, result.dispatchError) : result.dispatchError?.toString(),
        fee: feeEvent ? feeEvent.data.actualFee.toBigInt() : undefined,
        feeEvent,
        ms: performance.now() - started,
      });
    })
      .then((u) => {
        unsub = u;
        if (done) u();
      })
      .catch(fail);
  });
}

/** Throws with the dispatch error's name and docs unless `outcome.ok`. */
export function assertOk(api, outcome, what = 'extrinsic') {
  if (!outcome.ok) {
    throw new Error(`${what} failed in block ${outcome.blockHash}: ${explainDispatchError(api, outcome.dispatchError)}`);
  }
  return outcome;
}

/** The first event `section.method` among `events` (Event codecs or EventRecords). */
export function findEvent(events, section, method) {
  for (const e of events) {
    const event = e.event ?? e;
    if (event.section === section && event.method === method) return event;
  }
  return undefined;
}

/** Checks that a `sudo.Sudid` event is among the outcome's events and its result is Ok. */
export function assertSudoOk(api, outcome, what = 'sudo call') {
  assertOk(api, outcome, what);
  const sudid = findEvent(outcome.events, 'sudo', 'Sudid');
  if (!sudid) throw new Error(`${what}: no sudo.Sudid event`);
  const result = sudid.data[0];
  if (result.isErr) throw new Error(`${what}: the call failed under sudo: ${explainDispatchError(api, result.asErr)}`);
  return outcome;
}

/** The smallest number of ayes out of `memberCount` that is at least two thirds. */
export function councilThreshold(memberCount) {
  return Math.ceil((2 * memberCount) / 3);
}

/** The weight of a call, as the runtime computes it (for `close`'s `proposalWeightBound`). */
export async function callWeight(api, call) {
  const info = await api.call.transactionPaymentCallApi.queryCallInfo(call, call.encodedLength);
  return info.weight;
}

/**
 * Opens a motion of a `pallet-collective` instance (`collective`, default 'council'):
 * `proposer` proposes `call` with `threshold`, then every key pair of `voters` votes aye (in
 * parallel). With `threshold` 1 the motion executes on proposing (see `councilMotion`).
 * Resolves with `{ collective, proposal, lengthBound, proposalHash, index, propose, votes }`
 * for `closeMotion`. Splitting the motion lets a suite vote early and close later (e.g. a
 * fast-track that must execute within an enactment delay).
 */
export async function openMotion(
  api,
  { proposer, voters = [], call, threshold, collective = 'council', until = 'finalized', timeoutMs = 120_000 },
) {
  const tx = api.tx[collective];
  if (!tx) throw new Error(`no collective pallet '${collective}' in the metadata`);
  const lengthBound = call.method ? call.method.encodedLength : call.encodedLength;
  const proposal = call.method ?? call;
  const propose = assertOk(
    api,
    await signAndWait(tx.propose(threshold, proposal, lengthBound), proposer, { until, timeoutMs, api }),
    `${collective}.propose`,
  );
  const motion = { collective, proposal, lengthBound, threshold, propose, votes: [] };
  if (threshold <= 1) {
    const executed = findEvent(propose.events, collective, 'Executed');
    motion.proposalHash = executed ? executed.data.proposalHash.toHex() : proposal.hash.toHex();
    motion.executed = executed;
    return motion;
  }
  const proposed = findEvent(propose.events, collective, 'Proposed');
  if (!proposed) throw new Error(`${collective}.propose: no ${collective}.Proposed event`);
  motion.proposalHash = proposed.data.proposalHash.toHex();
  motion.index = proposed.data.proposalIndex.toNumber();
  motion.votes = await Promise.all(
    voters.map(async (voter) =>
      assertOk(
        api,
        await signAndWait(tx.vote(motion.proposalHash, motion.index, true), voter, { until, timeoutMs, api }),
        `${collective}.vote by ${voter.address}`,
      ),
    ),
  );
  return motion;
}

/** The `{ executed, result, error, errorDetail }` of a motion's `Executed` event. */
function motionResult(api, executed) {
  const res = executed?.data.result ?? executed?.data[1];
  return {
    executed,
    result: res ? (res.isOk ? 'Ok' : 'Err') : undefined,
    error: res?.isErr ? dispatchErrorName(api, res.asErr) : undefined,
    errorDetail: res?.isErr ? explainDispatchError(api, res.asErr) : undefined,
  };
}

/**
 * Closes a motion `openMotion` opened, signed by `closer`. Resolves with the motion plus
 * `close` (the outcome of `signAndWait`), `executed` (the `Executed` event, or undefined: the
 * motion was disapproved), `result` ('Ok' or 'Err'), `error` and `errorDetail`.
 */
export async function closeMotion(api, motion, { closer, until = 'finalized', timeoutMs = 120_000 }) {
  const { collective, proposal, proposalHash, index, lengthBound } = motion;
  const weight = await callWeight(api, proposal);
  const close = assertOk(
    api,
    await signAndWait(api.tx[collective].close(proposalHash, index, weight, lengthBound), closer, { until, timeoutMs, api }),
    `${collective}.close`,
  );
  return { ...motion, close, ...motionResult(api, findEvent(close.events, collective, 'Executed')) };
}

/**
 * A motion of a `pallet-collective` instance (`collective`, default 'council'): `proposer`
 * proposes `call` with `threshold`; every key pair of `voters` votes aye (in parallel);
 * `closer` closes it. With `threshold` 1 the motion executes on proposing and there is no
 * vote or close. Key pairs are @polkadot/keyring pairs.
 *
 * Resolves with `{ proposalHash, index, executed, result, error, propose, votes, close }`:
 * `executed` is the `Executed` event (or undefined: the motion was disapproved/not closed),
 * `result` 'Ok' or 'Err', `error` the dispatch error's name when the call failed; `propose`,
 * `votes` and `close` the outcomes of `signAndWait`.
 */
export async function councilMotion(
  api,
  { proposer, voters = [], closer, call, threshold, collective = 'council', until = 'finalized', timeoutMs = 120_000 },
) {
  const motion = await openMotion(api, { proposer, voters, call, threshold, collective, until, timeoutMs });
  if (threshold <= 1) {
    const { proposalHash, propose, executed } = motion;
    return { proposalHash, index: undefined, propose, votes: [], close: undefined, ...motionResult(api, executed) };
  }
  const closed = await closeMotion(api, motion, { closer, until, timeoutMs });
  const { proposalHash, index, propose, votes, close } = closed;
  return { proposalHash, index, propose, votes, close, ...motionResult(api, closed.executed) };
}

// ---------------------------------------------------------------------------------------------
// Runtime upgrades

/**
 * The upgrade Wasm (the `next-release` runtime): $METANODE_NEXT_WASM (relative paths from the
 * repository root), else `${CARGO_TARGET_DIR:-~/.cache/metanode/target}/release/wbuild/
 * metanode-runtime/metanode_runtime_next.compact.compressed.wasm`.
 */
export function nextRuntimeWasmPath() {
  if (process.env.METANODE_NEXT_WASM) return path.resolve(REPO_ROOT, process.env.METANODE_NEXT_WASM);
  const targetDir = process.env.CARGO_TARGET_DIR
    ? path.resolve(REPO_ROOT, process.env.CARGO_TARGET_DIR)
    : path.join(os.homedir(), '.cache', 'metanode', 'target');
  return path.join(targetDir, 'release', 'wbuild', 'metanode-runtime', 'metanode_runtime_next.compact.compressed.wasm');
}

/**
 * Submits the signed extrinsic `signedTx` with `author_submitAndWatchExtrinsic` and follows
 * only its status, never the block's events: for the runtime upgrade itself, whose block
 * Polkadot.js may try to decode with the new metadata while it still holds the old runtime's
 * events (`signAndSend` then fails with "Unable to decode storage system.events").
 * Resolves once the extrinsic is in a block (`until: 'inBlock'`) or finalized (default)
 * with `{ txHash, blockHash, inBlockHash, statuses, inBlockMs, ms }`; rejects if the pool
 * refuses or drops it.
 */
export function submitAndWatch(api, signedTx, { until = 'finalized', timeoutMs = 180_000 } = {}) {
  const what = `${signedTx.method.section}.${signedTx.method.method}`;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const statuses = [];
    let inBlockHash;
    let inBlockMs;
    let unsub;
    let done = false;
    const finish = (err, value) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (unsub) unsub();
      if (err) reject(err);
      else resolve(value);
    };
    const timer = setTimeout(
      () => finish(new Error(`${what}: not ${until} within ${timeoutMs / 1000} s (statuses: ${statuses.join(', ') || 'none'})`)),
      timeoutMs,
    );
    api.rpc.author
      .submitAndWatchExtrinsic(signedTx, (status) => {
        statuses.push(status.type);
        if (status.isInvalid || status.isDropped || status.isUsurped || status.isFinalityTimeout) {
          finish(new Error(`${what}: transaction ${status.type}`));
          return;
        }
        if (status.isInBlock && !inBlockHash) {
          inBlockHash = status.asInBlock.toHex();
          inBlockMs = performance.now() - started;
        }
        const reached = until === 'inBlock' ? status.isInBlock || status.isFinalized : status.isFinalized;
        if (!reached) return;
        const blockHash = (status.isInBlock ? status.asInBlock : status.asFinalized).toHex();
        finish(null, {
          txHash: signedTx.hash.toHex(),
          blockHash,
          inBlockHash: inBlockHash ?? blockHash,
          statuses,
          inBlockMs: inBlockMs ?? performance.now() - started,
          ms: performance.now() - started,
        });
      })
      .then((u) => {
        unsub = u;
        if (done) u();
      })
      .catch((err) => finish(new Error(`${what}: ${err.message}`)));
  });
}

/**
 * The events of extrinsic `txHash` in block `blockHash`, decoded with the metadata of the
 * runtime that executed the block (`api.at` picks its parent's runtime: for the upgrade block,
 * the old one). Resolves with `{ index, events, records, at, all }`.
 *
 * Around a runtime upgrade, pass an ApiPromise connected after it: @polkadot/api 16.5.6
 * re-initializes its default registry in place with the new metadata, but keeps that
 * registry's block cache (`lastBlockHash`), so `api.at()` of the last old-runtime block the
 * api looked at (often the upgrade block itself) decodes with the new metadata
 * (e.g. "createType(StorageKey):: createType(Lookup1):: Expected input with 32 bytes (256
 * bits), found 48 bytes").
 */
export async function extrinsicEvents(api, blockHash, txHash) {
  const [signedBlock, at] = await Promise.all([api.rpc.chain.getBlock(blockHash), api.at(blockHash)]);
  const index = signedBlock.block.extrinsics.findIndex((xt) => xt.hash.toHex() === txHash);
  if (index < 0) throw new Error(`extrinsic ${txHash} is not in block ${blockHash}`);
  const all = await at.query.system.events();
  const records = all.filter(({ phase }) => phase.isApplyExtrinsic && phase.asApplyExtrinsic.toNumber() === index);
  return { index, records, events: records.map(({ event }) => event), at, all };
}

/**
 * The on-chain storage version of pallet `palletName` (the u16 under
 * `twox128(pallet) ++ twox128(":__STORAGE_VERSION__:")`, 0 if absent) at block `atHash`
 * (default: best), from the undecoded JSON-RPC answer so that no metadata is involved.
 */
export async function palletStorageVersion(api, palletName, atHash) {
  const key = u8aToHex(u8aConcat(xxhashAsU8a(palletName, 128), xxhashAsU8a(':__STORAGE_VERSION__:', 128)));
  // `.raw` gives the JSON-RPC answer undecoded: a hex string, or null.
  const hex = atHash ? await api.rpc.state.getStorage.raw(key, atHash) : await api.rpc.state.getStorage.raw(key);
  if (!hex || hex === '0x') return 0;
  const bytes = hexToU8a(hex);
  if (bytes.length !== 2) throw new Error(`${palletName} storage version: ${hex} is not a u16`);
  return bytes[0] | (bytes[1] << 8);
}

// ---------------------------------------------------------------------------------------------
// Balances

/** Free GEN of `address` in the state `at` (an ApiDecoration from `api.at`). */
export async function genFree(at, address) {
  return (await at.query.system.account(address)).data.free.toBigInt();
}

/** Balance of asset `id` held by `address` in the state `at` (0 without an asset account). */
export async function assetBalance(at, id, address) {
  const account = await at.query.assets.account(id, address);
  return account.isSome ? account.unwrap().balance.toBigInt() : 0n;
}

/** Supply of asset `id` in the state `at`. */
export async function assetSupply(at, id) {
  const details = await at.query.assets.asset(id);
  return details.isSome ? details.unwrap().supply.toBigInt() : 0n;
}

/** The states just before and just after the block `blockHash`: its parent and itself. */
export async function statesAround(api, blockHash) {
  const header = await api.rpc.chain.getHeader(blockHash);
  const [pre, post] = await Promise.all([api.at(header.parentHash), api.at(blockHash)]);
  return { pre, post, blockNumber: header.number.toNumber(), header };
}

// ---------------------------------------------------------------------------------------------
// Metadata checks. Each returns a report `{ checked, failures, notes }` and never throws for
// what it checks (only for a broken connection).

function newReport() {
  return { checked: 0, failures: [], notes: [] };
}

/** A multi-line listing of a report's failures (empty string if none). */
export function formatFailures(report, max = 60) {
  const lines = report.failures.slice(0, max).map((f) => `  - ${f.where}: ${f.error}`);
  if (report.failures.length > max) lines.push(`  ... and ${report.failures.length - max} more`);
  return lines.join('\n');
}

/** Every `type` string inside a TypeDef tree (to look for 'Unknown'). */
function typeDefStrings(def, out = [], depth = 0) {
  if (!def || depth > 20) return out;
  if (typeof def.type === 'string') out.push(def.type);
  if (typeof def.lookupName === 'string') out.push(def.lookupName);
  const subs = Array.isArray(def.sub) ? def.sub : def.sub ? [def.sub] : [];
  for (const s of subs) typeDefStrings(s, out, depth + 1);
  return out;
}

/** Throws if the type definition of lookup id `typeId` mentions an Unknown type. */
function assertKnownLookupType(api, typeId) {
  const def = api.registry.lookup.getTypeDef(typeId);
  const unknown = typeDefStrings(def).filter((s) => /\bUnknown\b/.test(s));
  if (unknown.length) throw new Error(`lookup type ${typeId} resolves to Unknown (${unknown.join(', ')})`);
  return def;
}

/** Decodes `bytes` as lookup type `typeId` and checks the value re-encodes to the same bytes. */
function decodeExact(api, typeId, bytes, what, { optional = false } = {}) {
  const u8a = typeof bytes === 'string' ? hexToU8a(bytes) : bytes;
  const lookupName = api.registry.createLookupType(typeId);
  const typeName = optional ? `Option<${lookupName}>` : lookupName;
  const value = api.registry.createType(typeName, u8a);
  const again = value.toU8a();
  if (!u8aEq(again, u8a)) {
    throw new Error(
      `${what}: ${value.toRawType()} does not re-encode to the ${u8a.length} stored bytes ` +
        `(decoded ${value.encodedLength} bytes, re-encoded ${again.length}: ${u8aToHex(u8a).slice(0, 80)}...)`,
    );
  }
  if (/\bUnknown\b/.test(value.toRawType())) throw new Error(`${what}: decoded as ${value.toRawType()}`);
  return value;
}

/**
 * Metadata versions: the runtime's `Metadata_metadata_versions`, the `state_getMetadata` (v14)
 * metadata Polkadot.js decoded, and each version from `metadataAtVersion` that the runtime
 * offers, all with the same pallets (name and index). Returns the report plus `versions`,
 * `pallets` (`[{ name, index }]` of the metadata in use) and `apis` (runtime API names of the
 * newest metadata with an `apis` section).
 */
export async function checkMetadataVersions(api) {
  const report = newReport();
  const latest = api.runtimeMetadata.asLatest;
  report.inUse = api.runtimeMetadata.version;
  report.pallets = latest.pallets.map((p) => ({ name: p.name.toString(), index: p.index.toNumber() }));
  const palletKey = (pallets) => pallets.map((p) => `${p.index.toNumber()}:${p.name.toString()}`).join(' ');
  const expectedKey = palletKey(latest.pallets);

  const indices = new Set(report.pallets.map((p) => p.index));
  report.checked++;
  if (indices.size !== report.pallets.length) report.failures.push({ where: 'pallets', error: 'duplicate pallet index' });

  report.versions = [];
  if (api.call.metadata?.metadataVersions) {
    report.versions = (await api.call.metadata.metadataVersions()).map((v) => v.toNumber());
  } else {
    report.notes.push('the runtime has no Metadata_metadata_versions');
  }
  report.byVersion = {};
  const versions = new Set([...report.versions, 14]);
  for (const v of [...versions].sort()) {
    report.checked++;
    try {
      let metadata;
      if (v === 14 || !api.call.metadata?.metadataAtVersion) {
        metadata = await api.rpc.state.getMetadata();
      } else {
        const opaque = await api.call.metadata.metadataAtVersion(v);
        if (opaque.isNone) throw new Error(`metadataAtVersion(${v}) is None although metadataVersions lists it`);
        metadata = api.registry.createType('Metadata', opaque.unwrap().toU8a(true));
      }
      const decodedVersion = metadata.version;
      if (v !== 14 || api.call.metadata?.metadataAtVersion) {
        if (decodedVersion !== v) throw new Error(`asked for v${v}, decoded v${decodedVersion}`);
      }
      const asVersion = metadata[`asV${decodedVersion}`];
      const key = palletKey(asVersion.pallets);
      if (key !== expectedKey) throw new Error(`pallets differ from the metadata in use:\n    ${key}\n    vs ${expectedKey}`);
      report.byVersion[v] = {
        pallets: asVersion.pallets.length,
        apis: asVersion.apis ? asVersion.apis.map((a) => a.name.toString()) : undefined,
      };
      if (asVersion.apis) report.apis = asVersion.apis.map((a) => a.name.toString());
    } catch (err) {
      report.failures.push({ where: `metadata v${v}`, error: err.message });
    }
  }

  // Every pallet is decorated: storage, calls, events, errors and constants as it declares.
  for (const pallet of latest.pallets) {
    const section = stringCamelCase(pallet.name);
    report.checked++;
    const missing = [];
    if (pallet.storage.isSome && !api.query[section]) missing.push('api.query');
    if (pallet.calls.isSome && !api.tx[section]) missing.push('api.tx');
    if (pallet.events.isSome && !api.events[section]) missing.push('api.events');
    if (pallet.errors.isSome && !api.errors[section]) missing.push('api.errors');
    if (pallet.constants.length && !api.consts[section]) missing.push('api.consts');
    if (missing.length) report.failures.push({ where: pallet.name.toString(), error: `missing ${missing.join(', ')}` });
  }
  return report;
}

/**
 * Every storage entry of every pallet: its key and value types resolve (no Unknown) and its
 * default (the metadata fallback) decodes exactly. Plain values are queried through
 * `api.query[p][s]()`, maps through `entriesPaged({ args: [], pageSize })`, at block `atHash`;
 * each value found is compared byte for byte with the raw `state_getStorage` answer, and map
 * keys are decoded back to their arguments where the hashers keep them.
 * Returns the report with `entries` (how many storage items) and `values` (how many values
 * read from the chain).
 */
export async function checkStorage(api, { rpcPort, atHash, pageSize = 5 } = {}) {
  const report = newReport();
  report.entries = 0;
  report.values = 0;
  const hash = atHash ?? (await api.rpc.chain.getFinalizedHead()).toHex();
  const at = await api.at(hash);
  const raw = (key) =>
    rpcPort ? rpc(rpcPort, 'state_getStorage', [key, hash]) : api.rpc.state.getStorage.raw(key, hash).then((v) => v ?? null);

  for (const pallet of api.runtimeMetadata.asLatest.pallets) {
    if (pallet.storage.isNone) continue;
    const section = stringCamelCase(pallet.name);
    for (const entry of pallet.storage.unwrap().items) {
      const method = stringCamelCase(entry.name);
      const where = `${pallet.name}.${entry.name}`;
      report.entries++;
      report.checked++;
      try {
        const query = at.query[section]?.[method];
        if (!query) throw new Error(`not decorated as api.query.${section}.${method}`);
        const isMap = entry.type.isMap;
        const valueId = isMap ? entry.type.asMap.value : entry.type.asPlain;
        assertKnownLookupType(api, valueId);
        // The default of an OptionQuery item is the encoding of None.
        decodeExact(api, valueId, entry.fallback.toU8a(true), `${where} default`, { optional: entry.modifier.isOptional });
        if (!isMap) {
          const value = await query();
          const stored = await raw(query.key());
          if (stored) {
            decodeExact(api, valueId, stored, `${where} value`);
            const ours = entry.modifier.isOptional ? value.unwrap() : value;
            if (u8aToHex(ours.toU8a()) !== stored) throw new Error(`api.query value ${u8aToHex(ours.toU8a()).slice(0, 66)} != raw ${stored.slice(0, 66)}`);
            report.values++;
          }
          continue;
        }
        const map = entry.type.asMap;
        assertKnownLookupType(api, map.key);
        const hashers = map.hashers.map((h) => h.type);
        const entries = await query.entriesPaged({ args: [], pageSize });
        for (const [key, value] of entries) {
          const stored = await raw(key.toHex());
          if (stored === null) throw new Error(`key ${key.toHex()} listed but not stored`);
          decodeExact(api, valueId, stored, `${where}[${key.toHex().slice(0, 20)}...] value`);
          const ours = entry.modifier.isOptional ? value.unwrap() : value;
          if (u8aToHex(ours.toU8a()) !== stored) throw new Error(`entriesPaged value ${u8aToHex(ours.toU8a()).slice(0, 66)} != raw ${stored.slice(0, 66)}`);
          if (hashers.every((h) => h === 'Identity' || h.endsWith('Concat'))) {
            const args = key.args;
            if (args.length !== hashers.length) throw new Error(`key ${key.toHex()} decoded ${args.length} args, ${hashers.length} expected`);
            const reKey = query.key(...args);
            if (reKey !== key.toHex()) throw new Error(`key ${key.toHex()} re-encodes from its args as ${reKey}`);
          }
          report.values++;
        }
      } catch (err) {
        report.failures.push({ where, error: err.message });
      }
    }
  }
  return report;
}

/**
 * Every call of every pallet: `api.tx[p][c]` exists with the call index of the metadata, each
 * argument's type resolves and `registry.createType(type)` builds its default, and the call
 * built from those defaults encodes and decodes back to the same bytes. Failures to build
 * a call from defaults are `notes` (a default is not always a valid value); failures of the
 * argument types or of the round trip are `failures`.
 */
export function checkCalls(api) {
  const report = newReport();
  report.calls = 0;
  for (const pallet of api.runtimeMetadata.asLatest.pallets) {
    if (pallet.calls.isNone) continue;
    const section = stringCamelCase(pallet.name);
    const variants = api.registry.lookup.getSiType(pallet.calls.unwrap().type).def.asVariant.variants;
    for (const variant of variants) {
      const method = stringCamelCase(variant.name);
      const where = `${pallet.name}.${variant.name}`;
      report.calls++;
      report.checked++;
      try {
        const fn = api.tx[section]?.[method];
        if (!fn) throw new Error(`not decorated as api.tx.${section}.${method}`);
        const [p, c] = fn.callIndex;
        if (p !== pallet.index.toNumber() || c !== variant.index.toNumber()) {
          throw new Error(`call index [${p}, ${c}] != metadata [${pallet.index}, ${variant.index}]`);
        }
        if (fn.meta.args.length !== variant.fields.length) throw new Error('argument count differs from the metadata');
        const defaults = variant.fields.map((field, i) => {
          assertKnownLookupType(api, field.type);
          const type = fn.meta.args[i].type.toString();
          try {
            return api.registry.createType(type);
          } catch (err) {
            throw new Error(`argument ${field.name.unwrapOr('#' + i)}: createType('${type}') failed: ${err.message}`);
          }
        });
        let tx;
        try {
          tx = fn(...defaults);
        } catch (err) {
          report.notes.push({ where, note: `not constructible from default arguments: ${err.message}` });
          continue;
        }
        const bytes = tx.method.toU8a();
        const back = api.registry.createType('Call', bytes);
        if (back.section !== section || back.method !== method) throw new Error(`decodes back as ${back.section}.${back.method}`);
        if (!u8aEq(back.toU8a(), bytes)) throw new Error('does not round-trip through Call');
      } catch (err) {
        report.failures.push({ where, error: err.message });
      }
    }
  }
  return report;
}

/**
 * Every event and error of every pallet: `api.events[p][e]` and `api.errors[p][e]` exist, each
 * event field type resolves (no Unknown) and has a default, and
 * `registry.findMetaError({ index, error })` finds each error by its indices.
 */
export function checkEventsAndErrors(api) {
  const report = newReport();
  report.events = 0;
  report.errors = 0;
  for (const pallet of api.runtimeMetadata.asLatest.pallets) {
    const section = stringCamelCase(pallet.name);
    if (pallet.events.isSome) {
      const variants = api.registry.lookup.getSiType(pallet.events.unwrap().type).def.asVariant.variants;
      for (const variant of variants) {
        const where = `event ${pallet.name}.${variant.name}`;
        report.events++;
        report.checked++;
        try {
          const ev = api.events[section]?.[variant.name.toString()];
          if (!ev) throw new Error(`not decorated as api.events.${section}.${variant.name}`);
          for (const field of variant.fields) {
            assertKnownLookupType(api, field.type);
            api.registry.createType(api.registry.createLookupType(field.type));
          }
        } catch (err) {
          report.failures.push({ where, error: err.message });
        }
      }
    }
    if (pallet.errors.isSome) {
      const variants = api.registry.lookup.getSiType(pallet.errors.unwrap().type).def.asVariant.variants;
      for (const variant of variants) {
        const where = `error ${pallet.name}.${variant.name}`;
        report.errors++;
        report.checked++;
        try {
          if (!api.errors[section]?.[variant.name.toString()]) throw new Error(`not decorated as api.errors.${section}.${variant.name}`);
          const error = new Uint8Array(4);
          error[0] = variant.index.toNumber();
          const found = api.registry.findMetaError({ index: pallet.index, error });
          if (found.section !== section || found.name !== variant.name.toString()) {
            throw new Error(`findMetaError gives ${found.section}.${found.name}`);
          }
          for (const field of variant.fields) assertKnownLookupType(api, field.type);
        } catch (err) {
          report.failures.push({ where, error: err.message });
        }
      }
    }
  }
  return report;
}

/** Every constant of every pallet decodes exactly from its metadata bytes. */
export function checkConstants(api) {
  const report = newReport();
  for (const pallet of api.runtimeMetadata.asLatest.pallets) {
    const section = stringCamelCase(pallet.name);
    for (const constant of pallet.constants) {
      const where = `const ${pallet.name}.${constant.name}`;
      report.checked++;
      try {
        assertKnownLookupType(api, constant.type);
        decodeExact(api, constant.type, constant.value.toU8a(true), where);
        const decorated = api.consts[section]?.[stringCamelCase(constant.name)];
        if (!decorated) throw new Error('not decorated in api.consts');
        if (u8aToHex(decorated.toU8a()) !== u8aToHex(constant.value.toU8a(true))) {
          throw new Error(`api.consts value ${u8aToHex(decorated.toU8a())} != metadata ${u8aToHex(constant.value.toU8a(true))}`);
        }
      } catch (err) {
        report.failures.push({ where, error: err.message });
      }
    }
  }
  return report;
}

/**
 * The runtime's transaction extensions (v16 `transactionExtensions`, v14/v15
 * `signedExtensions`): `[{ identifier, type, implicit, empty }]`, where `empty` tells that
 * the extension adds nothing to the extrinsic nor to the signed payload (both types are `()`).
 */
export function transactionExtensions(api) {
  const ext = api.runtimeMetadata.asLatest.extrinsic;
  const list = ext.transactionExtensions ?? ext.signedExtensions;
  const isEmpty = (id) => {
    const def = api.registry.lookup.getSiType(id).def;
    return (def.isTuple && def.asTuple.length === 0) || (def.isComposite && def.asComposite.fields.length === 0);
  };
  return list.map((e) => {
    const implicit = e.implicit ?? e.additionalSigned;
    return {
      identifier: e.identifier.toString(),
      type: api.registry.lookup.getTypeDef(e.type).type,
      implicit: api.registry.lookup.getTypeDef(implicit).type,
      empty: isEmpty(e.type) && isEmpty(implicit),
    };
  });
}

/** `0x` + blake2_64 of a runtime API name: its id in `state_getRuntimeVersion`'s `apis`. */
export function runtimeApiId(name) {
  return blake2AsHex(name, 64);
}

/** APIs never called by `checkRuntimeApis` (their zero-argument methods change state or need it). */
const NO_CALL_APIS = new Set(['Core', 'BlockBuilder', 'OffchainWorkerApi', 'SessionKeys', 'TaggedTransactionQueue']);

/**
 * Runtime APIs: every API of `state_getRuntimeVersion` is named in the metadata (v15+ `apis`)
 * and decorated in `api.call` with each of its methods, whose input and output types resolve;
 * every API of the metadata is in the runtime version. Methods without inputs (outside
 * Core, BlockBuilder, ...) are called through `state_call`, and their answers decode exactly.
 * Returns the report with `apis` (`[{ name, id, version, methods }]`) and `called`.
 */
export async function checkRuntimeApis(api, { rpcPort } = {}) {
  const report = newReport();
  report.apis = [];
  report.called = [];
  const version = await api.rpc.state.getRuntimeVersion();
  const versionApis = new Map(version.apis.map(([id, v]) => [id.toHex(), v.toNumber()]));
  const metadataApis = api.runtimeMetadata.asLatest.apis;
  if (!metadataApis) {
    report.failures.push({ where: 'runtime APIs', error: `metadata v${api.runtimeMetadata.version} has no apis section` });
    return report;
  }
  const named = new Map(metadataApis.map((a) => [runtimeApiId(a.name.toString()), a]));
  for (const [id, v] of versionApis) {
    report.checked++;
    if (!named.has(id)) report.failures.push({ where: `runtime API ${id} v${v}`, error: 'in the runtime version but not named in the metadata' });
  }
  for (const apiMeta of metadataApis) {
    const name = apiMeta.name.toString();
    const id = runtimeApiId(name);
    const section = stringCamelCase(name);
    report.checked++;
    const entry = { name, id, version: versionApis.get(id), methods: apiMeta.methods.map((m) => m.name.toString()) };
    report.apis.push(entry);
    try {
      if (entry.version === undefined) throw new Error('in the metadata but not in state_getRuntimeVersion apis');
      const decorated = api.call[section];
      if (!decorated) throw new Error(`not decorated as api.call.${section}`);
      for (const method of apiMeta.methods) {
        const mName = stringCamelCase(method.name);
        const where = `${name}.${method.name}`;
        report.checked++;
        try {
          const fn = decorated[mName];
          if (!fn) throw new Error(`not decorated as api.call.${section}.${mName}`);
          for (const input of method.inputs) assertKnownLookupType(api, input.type);
          assertKnownLookupType(api, method.output);
          if (method.inputs.length === 0 && !NO_CALL_APIS.has(name)) {
            const rawResult = rpcPort
              ? await rpc(rpcPort, 'state_call', [`${name}_${method.name}`, '0x'], 30_000)
              : (await api.rpc.state.call(`${name}_${method.name}`, '0x')).toHex();
            decodeExact(api, method.output, rawResult, `${where} result`);
            const viaApi = await fn();
            // Polkadot.js types some results as opaque wrappers (OpaqueMetadata is
            // `Opaque<Bytes>`): then the bare encoding is the answer's.
            if (u8aToHex(viaApi.toU8a()) !== rawResult && u8aToHex(viaApi.toU8a(true)) !== rawResult) {
              throw new Error(`api.call result ${u8aToHex(viaApi.toU8a()).slice(0, 66)} != state_call ${rawResult.slice(0, 66)}`);
            }
            report.called.push(where);
          }
        } catch (err) {
          report.failures.push({ where, error: err.message });
        }
      }
    } catch (err) {
      report.failures.push({ where: `runtime API ${name}`, error: err.message });
    }
  }
  return report;
}

/**
 * Blocks `from..to` (numbers): each block's extrinsics decode and re-encode to the node's
 * bytes, and its `system.events` decode exactly (compared with the raw storage) into events
 * the metadata names. Each block is decoded with the metadata of the runtime that executed
 * it (`api.at`: its parent's runtime), so a range may span a runtime upgrade. Returns the
 * report with `blocks`, `events` and `extrinsics` counts, `seen` (a Set of 'section.Method'
 * event names) and `specVersions` (block count per spec version that executed them).
 */
export async function checkBlocks(api, { rpcPort, from, to }) {
  const report = newReport();
  report.blocks = 0;
  report.events = 0;
  report.extrinsics = 0;
  report.seen = new Set();
  report.specVersions = {};
  const eventsKey = api.query.system.events.key();
  for (let n = from; n <= to; n++) {
    const where = `block #${n}`;
    report.checked++;
    try {
      const hash = (await api.rpc.chain.getBlockHash(n)).toHex();
      const at = await api.at(hash);
      const spec = at.runtimeVersion.specVersion.toNumber();
      report.specVersions[spec] = (report.specVersions[spec] ?? 0) + 1;
      const eventsEntry = at.registry.metadata.pallets
        .find((p) => p.name.toString() === 'System')
        .storage.unwrap()
        .items.find((i) => i.name.toString() === 'Events');
      const [records, stored, signedBlock] = await Promise.all([
        at.query.system.events(),
        rpcPort ? rpc(rpcPort, 'state_getStorage', [eventsKey, hash]) : api.rpc.state.getStorage.raw(eventsKey, hash),
        rpcPort ? rpc(rpcPort, 'chain_getBlock', [hash]) : null,
      ]);
      if (stored) decodeExact(at, eventsEntry.type.asPlain, stored, `${where} (spec ${spec}) System.Events`);
      if (stored && u8aToHex(records.toU8a()) !== stored) throw new Error('api.query.system.events differs from the raw storage');
      for (const { event, phase } of records) {
        report.events++;
        if (!phase.isApplyExtrinsic && !phase.isFinalization && !phase.isInitialization) throw new Error(`event with phase ${phase.type}`);
        const meta = at.events[event.section]?.[event.method];
        if (!meta) throw new Error(`event ${event.section}.${event.method} is not in the metadata of spec ${spec}`);
        if (!meta.is(event)) throw new Error(`event ${event.section}.${event.method} does not match its metadata`);
        JSON.stringify(event.toHuman());
        report.seen.add(`${event.section}.${event.method}`);
      }
      const block = await api.rpc.chain.getBlock(hash);
      const rawExtrinsics = signedBlock?.block.extrinsics;
      block.block.extrinsics.forEach((xt, i) => {
        report.extrinsics++;
        let call;
        try {
          call = at.registry.findMetaCall(xt.callIndex);
        } catch (err) {
          throw new Error(`extrinsic ${i} (call index ${u8aToHex(xt.callIndex)}) not in the metadata of spec ${spec}: ${err.message}`);
        }
        if (call.section !== xt.method.section || call.method !== xt.method.method) {
          throw new Error(`extrinsic ${i} ${xt.method.section}.${xt.method.method} is ${call.section}.${call.method} in the metadata of spec ${spec}`);
        }
        if (rawExtrinsics && xt.toHex() !== rawExtrinsics[i]) throw new Error(`extrinsic ${i} does not re-encode to the node's bytes`);
        JSON.stringify(xt.toHuman());
      });
      report.blocks++;
    } catch (err) {
      report.failures.push({ where, error: err.message });
    }
  }
  return report;
}

/**
 * Runs `fn` while collecting what Polkadot.js logs through console.warn/console.error
 * (decode problems are often logged instead of thrown). Resolves with `{ value, logs }`.
 */
export async function captureConsole(fn) {
  const logs = [];
  const saved = { warn: console.warn, error: console.error, log: console.log };
  const grab = (level) => (...args) => {
    logs.push(`${level}: ${args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ')}`);
  };
  console.warn = grab('warn');
  console.error = grab('error');
  console.log = grab('log');
  try {
    const value = await fn();
    return { value, logs };
  } finally {
    Object.assign(console, saved);
  }
}
