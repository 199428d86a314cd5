#!/usr/bin/env node
// Prints (to stdout) a raw Metanode chain spec whose genesis validators are the development
// accounts named on the command line, each with the session keys zombienet puts into its
// keystore: `aura` = sr25519 `//Name`, `gran` and `ibft` = ed25519 `//Name`.
//
//   node zombienet/chain-spec.mjs <metanode binary> alice bob charlie dave eve ferdie > spec.json
//
// Everything else (balances, assets, sudo = Alice, governance, mining) is the `local_testnet`
// preset, taken from `<metanode> export-chain-spec --chain local`. The chain id becomes
// `metanode_local_<n>` (n = number of validators), so its databases and keystores never mix
// with those of the built-in `local` chain.
//
// Why a raw spec: given a plain spec, zombienet 1.3.x rewrites `session.keys` with its own
// polkadot-style key set (babe, im_online, ...) that has no `ibft` key, and the runtime then
// refuses the genesis ("missing field `ibft`"). A raw spec is used by zombienet as it is.
//
// Only the metanode binary and Node.js (>= 20) are needed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [bin, ...names] = process.argv.slice(2);
if (!bin || names.length === 0) {
  console.error('usage: node chain-spec.mjs <metanode binary> <validator name>... (e.g. alice bob charlie dave eve ferdie)');
  process.exit(2);
}
if (new Set(names).size !== names.length) {
  console.error(`validator names must be distinct, got: ${names.join(' ')}`);
  process.exit(2);
}

const run = (args) => execFileSync(bin, args, { encoding: 'utf8', maxBuffer: 256 << 20 });

/** The SS58 address of `//Name` under `scheme`, as `metanode key inspect` computes it. */
function address(scheme, name) {
  const seed = `//${name.charAt(0).toUpperCase()}${name.slice(1)}`;
  return JSON.parse(run(['key', 'inspect', '--scheme', scheme, '--output-type', 'json', seed])).ss58Address;
}

// The plain spec holds integers above 2^53 (balances in the smallest unit): JSON.parse would
// round them, so they travel through the edit as marked strings and are put back verbatim.
const MARK = '__metanode_big_integer__:';
const plain = run(['export-chain-spec', '--chain', 'local']).replace(
  /(?<=[[,:]\s*)(-?\d{16,})(?=\s*[,\]}])/g,
  `"${MARK}$1"`,
);
const spec = JSON.parse(plain);
const patch = spec.genesis?.runtimeGenesis?.patch;
if (!patch?.session?.keys) {
  console.error('unexpected chain spec: no genesis.runtimeGenesis.patch.session.keys in `export-chain-spec --chain local`');
  process.exit(1);
}
patch.session.keys = names.map((name) => {
  const account = address('sr25519', name);
  const ed = address('ed25519', name);
  return [account, account, { aura: account, grandpa: ed, ibft: ed }];
});
spec.name = `${spec.name} (${names.length} validators)`;
spec.id = `metanode_local_${names.length}`;
spec.bootNodes = [];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'metanode-zombienet-spec-'));
try {
  const plainPath = path.join(dir, 'plain.json');
  const text = JSON.stringify(spec, null, 2).replace(new RegExp(`"${MARK}(-?\\d+)"`, 'g'), '$1');
  fs.writeFileSync(plainPath, text);
  process.stdout.write(run(['export-chain-spec', '--chain', plainPath, '--raw']));
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
