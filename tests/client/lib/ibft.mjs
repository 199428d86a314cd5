// Client-side helpers for Metanode's IBFT finality gadget: decoding and verifying IBFT
// justifications in JavaScript (independently of the node's Rust code), reading the
// authority set over JSON-RPC, the `ibft_*` RPC methods and the node's `ibft_` metrics.
//
// The formats (see primitives/ibft and node/ibft-core):
//
// - A justification, as stored and served, is the SCALE encoding of
//   `VersionedJustification::V1(Justification)`:
//     0x01                                   version (enum index of V1)
//     set_id   u64 LE
//     height   u64 LE
//     round    u32 LE
//     hash     [u8; 32]                      the finalized block
//     number   u32 LE                        its number
//     seals    Vec<([u8; 32], [u8; 64])>     compact length, then (ed25519 key, signature)
//
// - Every seal is an ed25519 signature over the COMMIT signing payload (73 bytes):
//     "metanode/ibft/v1" (16 raw bytes) ++ kind 0x02 (COMMIT) ++ set_id u64 LE
//       ++ height u64 LE ++ round u32 LE ++ hash [u8; 32] ++ number u32 LE
//
// - A justification is valid for the authority set (sorted ed25519 keys, set id S) iff its
//   set id is S, it has at least ceil(2n/3) seals, every seal's key is in the set, no key
//   appears twice, and every signature verifies.
//
// u64 fields are decoded to JavaScript numbers (they are far below 2^53 in practice; a larger
// value is rejected rather than rounded).

import { WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady, ed25519Verify } from '@polkadot/util-crypto';

import { rpc } from './network.mjs';

// Re-exported for scripts outside tests/client (benchmarks/finality/run.mjs), so that they use
// the same ESM copy of @polkadot/* as this module (a createRequire() would load the CJS build
// next to it, and Polkadot.js warns about the two copies).
export { ApiPromise, WsProvider } from '@polkadot/api';
export { Keyring } from '@polkadot/keyring';
export { cryptoWaitReady } from '@polkadot/util-crypto';

/** The domain-separation tag at the start of every signed IBFT payload. */
export const SIGNING_CONTEXT = new TextEncoder().encode('metanode/ibft/v1');
/** Message kinds, as signed. */
export const MESSAGE_KIND = Object.freeze({ PROPOSAL: 0, PREPARE: 1, COMMIT: 2, ROUND_CHANGE: 3 });
/** The enum index of `VersionedJustification::V1`. */
export const JUSTIFICATION_V1 = 1;

/** ceil(2n/3), computed as the node does: (2n - 1) / 3 + 1 (1 for an empty set). */
export function quorum(n) {
  return n === 0 ? 1 : Math.floor((2 * n - 1) / 3) + 1;
}

// ---------------------------------------------------------------------------------------------
// Bytes

/** Hex string (with or without 0x) or bytes to a Uint8Array. */
export function toBytes(input) {
  if (input instanceof Uint8Array) return input;
  if (typeof input !== 'string') throw new TypeError(`expected hex string or Uint8Array, got ${typeof input}`);
  const hex = input.startsWith('0x') ? input.slice(2) : input;
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new Error(`invalid hex: "${input.slice(0, 80)}"`);
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

/** Bytes to a lowercase 0x-prefixed hex string. */
export function toHex(bytes) {
  return `0x${Buffer.from(bytes).toString('hex')}`;
}

function normalizeKey(key, len = 32) {
  const bytes = toBytes(key);
  if (bytes.length !== len) throw new Error(`expected ${len} bytes, got ${bytes.length}`);
  return toHex(bytes);
}

function u32Le(value) {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff_ffff) throw new Error(`not a u32: ${value}`);
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value, true);
  return out;
}

function u64Le(value) {
  const big = BigInt(value);
  if (big < 0n || big >= 1n << 64n) throw new Error(`not a u64: ${value}`);
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, big, true);
  return out;
}

function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** SCALE compact encoding of a non-negative integer (number or bigint). */
export function encodeCompact(value) {
  const v = BigInt(value);
  if (v < 0n) throw new Error(`compact of a negative number: ${value}`);
  if (v < 1n << 6n) return Uint8Array.of(Number(v << 2n));
  if (v < 1n << 14n) {
    const x = Number((v << 2n) | 1n);
    return Uint8Array.of(x & 0xff, x >> 8);
  }
  if (v < 1n << 30n) {
    const out = new Uint8Array(4);
    new DataView(out.buffer).setUint32(0, Number((v << 2n) | 2n), true);
    return out;
  }
  const bytes = [];
  for (let x = v; x > 0n; x >>= 8n) bytes.push(Number(x & 0xffn));
  if (bytes.length > 67) throw new Error('compact too large');
  return Uint8Array.of(((bytes.length - 4) << 2) | 3, ...bytes);
}

/** A cursor over SCALE bytes that throws on reading past the end. */
class Reader {
  constructor(bytes) {
    this.bytes = bytes;
    this.at = 0;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  need(n, what) {
    if (this.at + n > this.bytes.length) {
      throw new Error(`truncated: ${what} needs ${n} bytes at offset ${this.at}, have ${this.bytes.length - this.at}`);
    }
  }
  u8(what) {
    this.need(1, what);
    return this.bytes[this.at++];
  }
  u32(what) {
    this.need(4, what);
    const v = this.view.getUint32(this.at, true);
    this.at += 4;
    return v;
  }
  u64(what) {
    this.need(8, what);
    const v = this.view.getBigUint64(this.at, true);
    this.at += 8;
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`${what} ${v} is above 2^53`);
    return Number(v);
  }
  fixed(n, what) {
    this.need(n, what);
    const v = this.bytes.slice(this.at, this.at + n);
    this.at += n;
    return v;
  }
  compact(what) {
    const first = this.u8(what);
    switch (first & 3) {
      case 0:
        return first >> 2;
      case 1:
        return (first | (this.u8(what) << 8)) >> 2;
      case 2: {
        this.at -= 1;
        return this.u32(what) >>> 2;
      }
      default: {
        const len = (first >> 2) + 4;
        let v = 0n;
        const bytes = this.fixed(len, what);
        for (let i = len - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]);
        if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`${what} ${v} is too large`);
        return Number(v);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Justifications

/**
 * Decodes the SCALE bytes (hex or Uint8Array) of a `VersionedJustification`. Returns
 * `{ version, setId, height, round, hash, number, seals: [{ authority, signature }] }` with
 * hashes, keys and signatures as 0x hex. Throws on an unknown version, truncated input or
 * trailing bytes (the node decodes with `decode_all` as well).
 */
export function decodeJustification(input) {
  const r = new Reader(toBytes(input));
  const version = r.u8('version');
  if (version !== JUSTIFICATION_V1) throw new Error(`unknown justification version ${version} (expected 1)`);
  const setId = r.u64('set_id');
  const height = r.u64('height');
  const round = r.u32('round');
  const hash = toHex(r.fixed(32, 'hash'));
  const number = r.u32('number');
  const count = r.compact('seal count');
  // Each seal is 96 bytes: reject absurd counts before allocating.
  r.need(count * 96, `${count} seals`);
  const seals = [];
  for (let i = 0; i < count; i++) {
    const authority = toHex(r.fixed(32, `seal ${i} key`));
    const signature = toHex(r.fixed(64, `seal ${i} signature`));
    seals.push({ authority, signature });
  }
  if (r.at !== r.bytes.length) throw new Error(`${r.bytes.length - r.at} trailing bytes after the justification`);
  return { version, setId, height, round, hash, number, seals };
}

/** The SCALE bytes of `VersionedJustification::V1(j)`, as 0x hex (the inverse of decodeJustification). */
export function encodeJustification(j) {
  return toHex(
    concat([
      Uint8Array.of(JUSTIFICATION_V1),
      u64Le(j.setId),
      u64Le(j.height),
      u32Le(j.round),
      toBytes(normalizeKey(j.hash, 32)),
      u32Le(j.number),
      encodeCompact(j.seals.length),
      ...j.seals.flatMap((s) => [toBytes(normalizeKey(s.authority, 32)), toBytes(normalizeKey(s.signature, 64))]),
    ]),
  );
}

/**
 * The bytes every seal of `j` signs: the COMMIT signing payload
 * `"metanode/ibft/v1" ++ 0x02 ++ set_id ++ (height, round, hash, number)`.
 * `j` needs `setId`, `height`, `round`, `hash`, `number`.
 */
export function commitPayload(j) {
  return concat([
    SIGNING_CONTEXT,
    Uint8Array.of(MESSAGE_KIND.COMMIT),
    u64Le(j.setId),
    u64Le(j.height),
    u32Le(j.round),
    toBytes(normalizeKey(j.hash, 32)),
    u32Le(j.number),
  ]);
}

/**
 * Verifies a justification (decoded, or its hex/bytes) against an authority set: `authorities`
 * are 32-byte ed25519 keys (hex or bytes), `setId` the set's id. Returns `{ ok: true }` or
 * `{ ok: false, reason }`, checking in the node's order: set id, seal count, unknown and
 * duplicate signers, then every signature.
 */
export function verifyJustification(j, authorities, setId) {
  let decoded = j;
  if (typeof j === 'string' || j instanceof Uint8Array) {
    try {
      decoded = decodeJustification(j);
    } catch (err) {
      return { ok: false, reason: `undecodable: ${err.message}` };
    }
  }
  const set = new Set(authorities.map((a) => normalizeKey(a, 32)));
  if (set.size !== authorities.length) return { ok: false, reason: 'the authority set has duplicate keys' };
  if (BigInt(decoded.setId) !== BigInt(setId)) {
    return { ok: false, reason: `wrong set id: justification ${decoded.setId}, set ${setId}` };
  }
  const need = quorum(set.size);
  if (decoded.seals.length < need) {
    return { ok: false, reason: `too few seals: ${decoded.seals.length} < quorum ${need} of ${set.size}` };
  }
  const seen = new Set();
  for (const [index, seal] of decoded.seals.entries()) {
    const key = normalizeKey(seal.authority, 32);
    if (!set.has(key)) return { ok: false, reason: `seal ${index}: ${key} is not an authority` };
    if (seen.has(key)) return { ok: false, reason: `seal ${index}: duplicate signer ${key}` };
    seen.add(key);
  }
  let payload;
  try {
    payload = commitPayload(decoded);
  } catch (err) {
    return { ok: false, reason: `bad fields: ${err.message}` };
  }
  for (const [index, seal] of decoded.seals.entries()) {
    if (!ed25519Verify(payload, toBytes(seal.signature), toBytes(seal.authority))) {
      return { ok: false, reason: `seal ${index}: bad signature by ${normalizeKey(seal.authority, 32)}` };
    }
  }
  return { ok: true };
}

/**
 * A tampered copy of a justification (decoded, or hex/bytes), decoded, for negative tests:
 * - 'flip-signature': flips the lowest bit of byte `byte` (default 0) of seal `seal`'s signature;
 * - 'change-hash': flips the lowest bit of the last byte of the block hash;
 * - 'change-number': the block number plus one;
 * - 'change-set-id': the set id plus one;
 * - 'drop-seals': keeps only quorum - 1 seals (of `setSize`, default 4);
 * - 'duplicate-seal': replaces the last seal by a copy of the first;
 * - 'foreign-seal': replaces seal `seal`'s key by 32 bytes of 0xee.
 * The original is not modified.
 */
export function tamperJustification(j, how, { seal = 0, byte = 0, setSize = 4 } = {}) {
  const src = typeof j === 'string' || j instanceof Uint8Array ? decodeJustification(j) : j;
  const t = { ...src, seals: src.seals.map((s) => ({ ...s })) };
  switch (how) {
    case 'flip-signature': {
      if (!t.seals[seal]) throw new Error(`no seal ${seal}`);
      const sig = toBytes(t.seals[seal].signature).slice();
      sig[byte] ^= 1;
      t.seals[seal].signature = toHex(sig);
      break;
    }
    case 'change-hash': {
      const hash = toBytes(t.hash).slice();
      hash[31] ^= 1;
      t.hash = toHex(hash);
      break;
    }
    case 'change-number':
      t.number += 1;
      break;
    case 'change-set-id':
      t.setId += 1;
      break;
    case 'drop-seals':
      t.seals = t.seals.slice(0, quorum(setSize) - 1);
      break;
    case 'duplicate-seal':
      if (t.seals.length < 2) throw new Error('need two seals to duplicate one');
      t.seals[t.seals.length - 1] = { ...t.seals[0] };
      break;
    case 'foreign-seal':
      if (!t.seals[seal]) throw new Error(`no seal ${seal}`);
      t.seals[seal].authority = toHex(new Uint8Array(32).fill(0xee));
      break;
    default:
      throw new Error(`unknown tampering "${how}"`);
  }
  return t;
}

// ---------------------------------------------------------------------------------------------
// Keys and the authority set

/** Decodes SCALE `Vec<[u8; 32]>` (hex) to a list of 0x hex keys. */
export function decodeAuthorityList(hex) {
  const r = new Reader(toBytes(hex));
  const count = r.compact('authority count');
  r.need(count * 32, `${count} authorities`);
  const keys = [];
  for (let i = 0; i < count; i++) keys.push(toHex(r.fixed(32, `authority ${i}`)));
  if (r.at !== r.bytes.length) throw new Error(`${r.bytes.length - r.at} trailing bytes after the authority list`);
  return keys;
}

/**
 * The IBFT authorities (runtime API `IbftApi_authorities`) at block `atHash` (default: the
 * node's best block), as sorted 0x hex ed25519 keys, through `state_call` on the node serving
 * JSON-RPC on `rpcPort`.
 */
export async function readAuthorities(rpcPort, atHash) {
  const params = ['IbftApi_authorities', '0x', ...(atHash ? [atHash] : [])];
  return decodeAuthorityList(await rpc(rpcPort, 'state_call', params, 15_000));
}

/** The IBFT set id (runtime API `IbftApi_current_set_id`, u64 LE) at `atHash` (default: best). */
export async function readSetId(rpcPort, atHash) {
  const params = ['IbftApi_current_set_id', '0x', ...(atHash ? [atHash] : [])];
  const r = new Reader(toBytes(await rpc(rpcPort, 'state_call', params, 15_000)));
  const id = r.u64('set id');
  if (r.at !== r.bytes.length) throw new Error('trailing bytes after the set id');
  return id;
}

/** `{ authorities, setId }` at `atHash` (default: best). */
export async function readAuthoritySet(rpcPort, atHash) {
  const [authorities, setId] = await Promise.all([readAuthorities(rpcPort, atHash), readSetId(rpcPort, atHash)]);
  return { authorities, setId };
}

/**
 * The ed25519 public keys (0x hex) of the dev accounts `names` (e.g. 'alice' -> `//Alice`),
 * which `--alice` etc. put in the keystore as IBFT keys.
 */
export async function devEd25519Keys(names) {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'ed25519' });
  return names.map((name) => toHex(keyring.addFromUri(`//${name[0].toUpperCase()}${name.slice(1)}`).publicKey));
}

// ---------------------------------------------------------------------------------------------
// The ibft_* JSON-RPC methods

/** `ibft_roundState()` of the node on `rpcPort`. */
export function roundState(rpcPort) {
  return rpc(rpcPort, 'ibft_roundState', [], 10_000);
}

/** `ibft_proveFinality(blockNumber)`: `{ blockHash, blockNumber, justification }`. */
export function proveFinality(rpcPort, blockNumber) {
  return rpc(rpcPort, 'ibft_proveFinality', [blockNumber], 15_000);
}

/**
 * Opens a WebSocket to the node on `rpcPort` (no automatic reconnection) and subscribes to
 * `ibft_subscribeJustifications`. Every notification is pushed to `items` (and given to
 * `onItem`, if any); provider errors go to `errors`. `close()` unsubscribes and disconnects;
 * it never throws (the node may be gone).
 */
export async function subscribeJustifications(rpcPort, onItem) {
  const provider = new WsProvider(`ws://127.0.0.1:${rpcPort}`, false);
  const items = [];
  const errors = [];
  provider.on('error', (err) => errors.push(err?.message ?? String(err)));
  await provider.connect();
  await Promise.race([
    provider.isReady,
    new Promise((_, reject) => setTimeout(() => reject(new Error(`no WebSocket to port ${rpcPort} in 15 s`)), 15_000)),
  ]);
  let subscriptionId;
  try {
    subscriptionId = await provider.subscribe(
      'ibft_justifications',
      'ibft_subscribeJustifications',
      [],
      (err, item) => {
        if (err) {
          errors.push(err.message);
          return;
        }
        const entry = { ...item, receivedAt: Date.now() };
        items.push(entry);
        onItem?.(entry);
      },
    );
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
        await Promise.race([
          provider.unsubscribe('ibft_justifications', 'ibft_unsubscribeJustifications', subscriptionId),
          new Promise((resolve) => setTimeout(resolve, 3_000)),
        ]);
      }
    } catch {
      // The node may be gone.
    }
    await provider.disconnect().catch(() => {});
  }
  return { items, errors, subscriptionId, close };
}

// ---------------------------------------------------------------------------------------------
// Metrics

/**
 * The Prometheus samples of the node's metrics endpoint whose name contains `ibft_`:
 * `[{ name, labels, value }]` (labels as the raw `{...}` text or '').
 */
export async function fetchIbftMetrics(prometheusPort) {
  const res = await fetch(`http://127.0.0.1:${prometheusPort}/metrics`, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`metrics: HTTP ${res.status}`);
  return parsePrometheus(await res.text()).filter((s) => s.name.includes('ibft_'));
}

/** Parses Prometheus text exposition format into `[{ name, labels, value }]` (skips comments). */
export function parsePrometheus(text) {
  const samples = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([A-Za-z_:][A-Za-z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (m) samples.push({ name: m[1], labels: m[2] ?? '', value: Number(m[3]) });
  }
  return samples;
}

