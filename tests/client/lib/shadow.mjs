// The shadow registry's off-chain side in JavaScript: the payload a Web2 system signs, request
// ids and commitments, receipt leaves, range Merkle roots and the receipt-proof verifier.
//
// Everything follows docs/shadow-registry.md and pallets/shadow-registry/src/{types,commitment}.rs
// byte for byte, and needs no node:
//
//   const message = signingMessage({ genesisHash, systemId, nonce, account, target, method,
//                                    paramsHash, compliance });
//   const signature = ed25519Sign(message, pair);
//   requestId(message), requestCommitment(message, signature)
//   encodeReceipt(receipt, registry), receiptLeaf(encoded), merkleRoot(leaves)
//   verifyReceiptProof(root, proof, registry)  // proof as shadow_proveReceipt returns it
//
// Receipts are taken in their JSON form (the node's serde: camelCase fields, hashes as 0x hex,
// the account as SS58, ids as arrays of bytes, the outcome as "recorded", "dispatched" or
// { dispatchFailed: DispatchError }).

import { compactToU8a, hexToU8a, isHex, isU8a, stringToU8a, u8aConcat, u8aEq, u8aToHex } from '@polkadot/util';
import { blake2AsU8a, decodeAddress } from '@polkadot/util-crypto';

/** The domain tag every signed payload starts with (no length prefix). */
export const REQUEST_DOMAIN = stringToU8a('metanode/shadow/v1');
/** The domain separator of receipt leaves. */
export const RECEIPT_DOMAIN = stringToU8a('metanode/shadow/receipt/v1');
/** The domain separator of request commitments. */
export const COMMITMENT_DOMAIN = stringToU8a('metanode/shadow/commitment/v1');

/** blake2b-256. */
export const blake2 = (data) => blake2AsU8a(data, 256);

/** Bytes of an id or method: text (UTF-8), a Uint8Array or an array of byte values. */
export function idBytes(value) {
  if (isU8a(value)) return value;
  if (Array.isArray(value)) return Uint8Array.from(value);
  if (typeof value === 'string') return stringToU8a(value);
  throw new Error(`not an id: ${value}`);
}

/** A 32-byte hash from 0x hex or a Uint8Array. */
export function hash32(value) {
  const bytes = isU8a(value) ? value : hexToU8a(value);
  if (bytes.length !== 32) throw new Error(`expected 32 bytes, got ${bytes.length}: ${value}`);
  return bytes;
}

/** A 32-byte account id from SS58, 0x hex or a Uint8Array. */
export function accountBytes(value) {
  if (isU8a(value) || isHex(value)) return hash32(value);
  return decodeAddress(value);
}

/** SCALE `Vec<u8>`: a compact length, then the bytes. */
export function vecU8(bytes) {
  return u8aConcat(compactToU8a(bytes.length), bytes);
}

/** Little-endian unsigned integer of `bytes` bytes. */
function uintLe(value, bytes) {
  const out = new Uint8Array(bytes);
  let v = BigInt(value);
  if (v < 0n || v >= 1n << BigInt(8 * bytes)) throw new Error(`${value} does not fit in ${bytes} bytes`);
  for (let i = 0; i < bytes; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}
export const u32Le = (value) => uintLe(value, 4);
export const u64Le = (value) => uintLe(value, 8);

/** Jurisdiction bytes: "DE", [68, 69], a Uint8Array, or null/"" for unspecified ([0, 0]). */
function jurisdictionBytes(value) {
  if (value === null || value === undefined || value === '') return new Uint8Array(2);
  const bytes = typeof value === 'string' ? stringToU8a(value) : Uint8Array.from(value);
  if (bytes.length !== 2) throw new Error(`a jurisdiction is 2 bytes, got ${value}`);
  return bytes;
}

/** SCALE of `Compliance {gdpr, hipaa, pci, retention_days, jurisdiction}`: 7 bytes. */
export function encodeCompliance({ gdpr, hipaa, pci, retentionDays, jurisdiction }) {
  return u8aConcat(
    Uint8Array.of(gdpr ? 1 : 0, hipaa ? 1 : 0, pci ? 1 : 0),
    u32Le(retentionDays ?? 0),
    jurisdictionBytes(jurisdiction),
  );
}

/**
 * The message a Web2 system signs: SCALE(RequestPayload), as in the table of
 * docs/shadow-registry.md ("The signed payload"). `paramsHash` is the record target's hash or
 * blake2-256 of the call's SCALE encoding.
 */
export function signingMessage({ genesisHash, systemId, nonce, account, target, method, paramsHash, compliance }) {
  return u8aConcat(
    REQUEST_DOMAIN,
    hash32(genesisHash),
    vecU8(idBytes(systemId)),
    u64Le(nonce),
    accountBytes(account),
    vecU8(idBytes(target)),
    vecU8(idBytes(method)),
    hash32(paramsHash),
    encodeCompliance(compliance),
  );
}

/** The request id: blake2-256 of the signed message. */
export const requestId = (message) => blake2(message);

/** The request commitment: blake2-256(COMMITMENT_DOMAIN ++ message ++ signature). */
export const requestCommitment = (message, signature) =>
  blake2(u8aConcat(COMMITMENT_DOMAIN, message, signature));

/** SCALE of a receipt's outcome; a `DispatchError` is encoded with the chain's `registry`. */
function encodeOutcome(outcome, registry) {
  if (outcome === 'recorded') return Uint8Array.of(0);
  if (outcome === 'dispatched') return Uint8Array.of(1);
  if (outcome && typeof outcome === 'object' && 'dispatchFailed' in outcome) {
    if (!registry) throw new Error('encoding a dispatchFailed outcome needs the chain registry');
    const error = registry.createType('SpRuntimeDispatchError', outcome.dispatchFailed);
    return u8aConcat(Uint8Array.of(2), error.toU8a());
  }
  throw new Error(`unknown receipt outcome ${JSON.stringify(outcome)}`);
}

/**
 * SCALE of a `ShadowReceipt` in its JSON form: receipt id u64, request id, commitment, system
 * id, nonce u64, account, target, outcome, block u32, timestamp u64, compliance, range u32.
 */
export function encodeReceipt(receipt, registry) {
  return u8aConcat(
    u64Le(receipt.receiptId),
    hash32(receipt.requestId),
    hash32(receipt.commitment),
    vecU8(idBytes(receipt.systemId)),
    u64Le(receipt.nonce),
    accountBytes(receipt.account),
    vecU8(idBytes(receipt.target)),
    encodeOutcome(receipt.outcome, registry),
    u32Le(receipt.block),
    u64Le(receipt.timestamp),
    encodeCompliance(receipt.compliance),
    u32Le(receipt.range),
  );
}

/** A receipt's leaf: blake2-256(RECEIPT_DOMAIN ++ SCALE(receipt)). */
export const receiptLeaf = (encodedReceipt) => blake2(u8aConcat(RECEIPT_DOMAIN, encodedReceipt));

/**
 * The Merkle root of `leaves` as binary-merkle-tree computes it: pairs are hashed
 * (blake2-256(left ++ right)), an odd last node is promoted unhashed, one leaf is its own
 * root, no leaves give 32 zero bytes.
 */
export function merkleRoot(leaves) {
  if (leaves.length === 0) return new Uint8Array(32);
  let row = leaves.map(hash32);
  while (row.length > 1) {
    const next = [];
    for (let i = 0; i < row.length; i += 2) {
      next.push(i + 1 < row.length ? blake2(u8aConcat(row[i], row[i + 1])) : row[i]);
    }
    row = next;
  }
  return row[0];
}

/**
 * binary-merkle-tree's `verify_proof` with a leaf hash, step for step: the sibling goes on
 * the left when the position is odd or is the last of its row.
 */
export function verifyMerklePath(root, items, numberOfLeaves, leafIndex, leaf) {
  if (!(leafIndex < numberOfLeaves)) return false;
  let position = leafIndex;
  let width = numberOfLeaves;
  let computed = hash32(leaf);
  for (const item of items) {
    const sibling = hash32(item);
    computed =
      position % 2 === 1 || position + 1 === width
        ? blake2(u8aConcat(sibling, computed))
        : blake2(u8aConcat(computed, sibling));
    position = Math.floor(position / 2);
    width = Math.floor((width - 1) / 2) + 1;
  }
  return u8aEq(computed, hash32(root));
}

/**
 * The pallet's `verify_receipt_proof(root, proof)`: the proof's receipt must be of its range,
 * its index within the leaves, and the leaf recomputed from the receipt must lead to `root`
 * (the root of range `proof.range`, from `shadow_receiptRoot`). `proof` is the `proof` field
 * of `shadow_proveReceipt` ({receipt, range, leafIndex, numberOfLeaves, items}).
 */
export function verifyReceiptProof(root, proof, registry) {
  if (proof.receipt.range !== proof.range || !(proof.leafIndex < proof.numberOfLeaves)) return false;
  let leaf;
  try {
    leaf = receiptLeaf(encodeReceipt(proof.receipt, registry));
  } catch {
    return false; // a receipt that does not even encode
  }
  return verifyMerklePath(root, proof.items, proof.numberOfLeaves, proof.leafIndex, leaf);
}

/** 0x hex of bytes (re-exported for the tests). */
export const hex = (bytes) => u8aToHex(bytes);
