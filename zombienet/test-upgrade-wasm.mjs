#!/usr/bin/env node
// FALLBACK for trying zombienet/upgrade.zndsl WITHOUT building the `next-release` runtime
// (which upgrade.zndsl and scripts/zombienet.sh use by default, see README.md): writes the
// `local` chain's own genesis runtime with only the spec_version of its embedded
// `runtime_version` custom section raised (default: +1). Not used by the test command.
//
//   node zombienet/test-upgrade-wasm.mjs <metanode binary> <out.wasm> [spec_version]
//   METANODE_UPGRADE_WASM=<out.wasm> scripts/zombienet.sh upgrade
//
// The node and `system.setCode` read a runtime's version from that custom section, so the
// chain accepts the result as a newer runtime (spec_version goes up, `state_getRuntimeVersion`
// reports it) while the code itself is unchanged. That checks the upgrade path (sudo, setCode,
// the client switching code, finality going on), not any migration, and signed transactions
// fail after it (the code still signs with the old spec_version). For a real upgrade, build
// with METANODE_BUILD_NEXT_RUNTIME=1 and let upgrade.zndsl take
// `<target>/release/wbuild/metanode-runtime/metanode_runtime_next.compact.compressed.wasm`.
//
// The genesis code is zstd-compressed (sp-maybe-compressed-blob). Decompressing and
// recompressing use the `zstd` command (Debian package `zstd`); without it the output is the
// uncompressed Wasm (about 3.5 MB, still below the 5 MiB block length for sudo's operational
// class).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const [bin, out, wanted] = process.argv.slice(2);
if (!bin || !out) {
  console.error('usage: node test-upgrade-wasm.mjs <metanode binary> <out.wasm> [spec_version]');
  process.exit(2);
}

/** sp-maybe-compressed-blob's prefix of a zstd-compressed code blob. */
const ZSTD_PREFIX = Buffer.from([0x52, 0xbc, 0x53, 0x76, 0x46, 0xdb, 0x8e, 0x05]);
const CODE_KEY = '0x3a636f6465'; // ":code"

function hasZstd() {
  try {
    execFileSync('zstd', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const spec = JSON.parse(execFileSync(bin, ['export-chain-spec', '--chain', 'local', '--raw'], { encoding: 'utf8', maxBuffer: 256 << 20 }));
let code = Buffer.from(spec.genesis.raw.top[CODE_KEY].slice(2), 'hex');
const compressed = code.subarray(0, 8).equals(ZSTD_PREFIX);
if (compressed) {
  if (!hasZstd()) {
    console.error('the genesis code is zstd-compressed and the `zstd` command is missing (apt-get install zstd)');
    process.exit(1);
  }
  code = execFileSync('zstd', ['-d', '-q', '-c'], { input: code.subarray(8), maxBuffer: 256 << 20 });
}
if (code.readUInt32BE(0) !== 0x0061736d) throw new Error('not a Wasm module');

function leb128(buf, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = buf[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (!(byte & 0x80)) return [value, at];
  }
}

function compactLength(buf, at) {
  const mode = buf[at] & 3;
  if (mode === 0) return [buf[at] >> 2, at + 1];
  if (mode === 1) return [buf.readUInt16LE(at) >> 2, at + 2];
  if (mode === 2) return [buf.readUInt32LE(at) >>> 2, at + 4];
  throw new Error('string too long');
}

// Walk the sections to the custom section "runtime_version": SCALE RuntimeVersion
// { spec_name: String, impl_name: String, authoring_version: u32, spec_version: u32, ... }.
let at = 8;
let specVersionAt = -1;
while (at < code.length) {
  const id = code[at];
  const [size, contentAt] = leb128(code, at + 1);
  if (id === 0) {
    const [nameLength, nameAt] = leb128(code, contentAt);
    if (code.toString('utf8', nameAt, nameAt + nameLength) === 'runtime_version') {
      let p = nameAt + nameLength;
      const [specNameLength, specNameAt] = compactLength(code, p);
      const specName = code.toString('utf8', specNameAt, specNameAt + specNameLength);
      p = specNameAt + specNameLength;
      const [implNameLength, implNameAt] = compactLength(code, p);
      p = implNameAt + implNameLength + 4; // authoring_version
      specVersionAt = p;
      console.error(`runtime_version: spec_name ${specName}, spec_version ${code.readUInt32LE(p)}`);
      break;
    }
  }
  at = contentAt + size;
}
if (specVersionAt < 0) throw new Error('no runtime_version custom section in the genesis code');

const before = code.readUInt32LE(specVersionAt);
const after = wanted ? Number(wanted) : before + 1;
if (!(after > before)) throw new Error(`spec_version ${after} is not above ${before}`);
code.writeUInt32LE(after, specVersionAt);

let output = code;
if (hasZstd()) {
  output = Buffer.concat([ZSTD_PREFIX, execFileSync('zstd', ['-q', '-19', '-c'], { input: code, maxBuffer: 256 << 20 })]);
}
fs.writeFileSync(out, output);
console.error(`wrote ${out}: spec_version ${before} -> ${after}, ${output.length} bytes${output === code ? ' (uncompressed)' : ' (zstd)'}`);
