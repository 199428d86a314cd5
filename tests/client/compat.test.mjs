// Polkadot.js compatibility suite: @polkadot/api against a four-validator `--chain local`
// network (Alice, Bob, Charlie, Dave; IBFT finality, the default for local chains), with one
// ApiPromise connected to Alice's node. Everything the metadata declares is iterated, so new
// pallets (wallets, recovery, ...) are covered without editing this file.
//
//   1. metadata: the versions the runtime offers (v14 over state_getMetadata, v15/v16 over
//      Metadata_metadata_at_version) agree on the pallets; every storage entry is queried and
//      decodes exactly (plain values, the first page of every map, every default); every call
//      is built from default arguments and round-trips; every event field and error resolves;
//      every constant decodes; every runtime API of state_getRuntimeVersion is in api.call
//      (and the ones without arguments are called);
//   2. transfers of GEN (balances.transferKeepAlive) and NEX, FLX, AUR
//      (assets.transferKeepAlive), Alice to Bob, checked to the unit between the block's parent
//      and the block: the fee is paid in GEN by the sender only and lands in the treasury.
//      Local genesis has no AUR: Alice becomes an AUR issuer (sudo economics.addIssuer),
//      attests collateral and mints; if the runtime has a `wallets` pallet, Alice and Bob are
//      registered and bank-stamped first (AUR moves only between bank-stamped wallets), and
//      WalletsApi and the pool's refusal (code 102) of AUR to an unstamped account are checked;
//   3. governance: a two-thirds Council motion (economics.registerProvider, which needs
//      GovernanceOrigin) passes and takes effect; one with fewer ayes executes with BadOrigin;
//   4. events and extrinsics of every block so far (at least 20) decode exactly, and every
//      storage entry again, now that the transactions above have filled more of it;
//   5. a runtime upgrade through governance, with the same api connected throughout: a
//      Council motion (3 of 4) proposes the `next-release` Wasm (upgrades.propose), a
//      Technical Committee motion (2 of 2) fast-tracks it, Charlie applies it
//      (system.applyAuthorizedUpgrade); the runtime version subscription and
//      `api.runtimeVersion` reach spec 101 / transaction version 2, the wallets migration
//      shows (`updatedAt` = `registeredAt`), every check of 1. and 4. passes again on the new
//      metadata, a transaction signed for the old transaction version is refused, a new
//      transfer moves the exact amount and all four nodes keep finalizing. Two limits of
//      @polkadot/api 16.5.6 shape it: after the upgrade the api re-decorates from
//      state_getMetadata (v14, no runtime API section: custom runtime APIs leave `api.call`),
//      and its `at()` may decode old-runtime blocks it looked at before with the new metadata;
//      so runtime APIs and old blocks are also checked through an api connected afterwards.
//
// The network and the api live for the whole file. The upgrade Wasm is $METANODE_NEXT_WASM or
// `${CARGO_TARGET_DIR:-~/.cache/metanode/target}/release/wbuild/metanode-runtime/
// metanode_runtime_next.compact.compressed.wasm` (built with METANODE_BUILD_NEXT_RUNTIME=1).
//
// Run from tests/client:  node --test --test-concurrency=1 compat.test.mjs

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';

import { stringCamelCase, stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsHex, cryptoWaitReady, encodeAddress } from '@polkadot/util-crypto';

import {
  AUR,
  FLX,
  NEX,
  SS58,
  UNIT,
  assertOk,
  assertSudoOk,
  assetBalance,
  assetSupply,
  captureConsole,
  checkBlocks,
  checkCalls,
  checkConstants,
  checkEventsAndErrors,
  checkMetadataVersions,
  checkRuntimeApis,
  checkStorage,
  closeMotion,
  connectApi,
  councilMotion,
  councilThreshold,
  devAccounts,
  dispatchErrorName,
  extrinsicEvents,
  findEvent,
  fmt,
  formatFailures,
  genFree,
  nextRuntimeWasmPath,
  openMotion,
  palletStorageVersion,
  signAndWait,
  statesAround,
  submitAndWatch,
  transactionExtensions,
} from './lib/compat.mjs';
import { nodeStatus, pollUntil, rpc, startNetwork } from './lib/network.mjs';
import { METANODE_SIGNED_EXTENSIONS } from './lib/node.mjs';
import { finalityTimeline, timelineWindow } from './lib/upgrade.mjs';

const VALIDATORS = ['alice', 'bob', 'charlie', 'dave'];
/** Pallets the runtime had when this suite was written: a floor, not the list iterated. */
const KNOWN_PALLETS = [
  'System', 'Timestamp', 'Aura', 'Grandpa', 'Balances', 'TransactionPayment', 'Sudo', 'Assets',
  'Utility', 'Multisig', 'Proxy', 'Scheduler', 'Preimage', 'Economics', 'Session', 'Ibft',
  'ShadowRegistry', 'Mining', 'Council', 'TechnicalCommittee',
];
/** How long one transaction may take to be finalized on a busy machine. */
const TX_TIMEOUT_MS = 180_000;
/** GEN sent to council members without any, for their fees. */
const MEMBER_FLOAT = 100n * UNIT;

/**
 * What the suites share: the network, the api on Alice's node, dev key pairs, and the RPC
 * port the raw JSON-RPC checks use. Filled by the top-level `before`.
 */
const ctx = { net: null, api: null, accounts: null, rpcPort: null, treasury: null, startedAt: 0 };
/** Logs printed while connecting (Polkadot.js warns there about unknown types and extensions). */
let connectLogs = [];

function log(msg) {
  console.log(`[compat ${((performance.now() - ctx.startedAt) / 1000).toFixed(1)}s] ${msg}`);
}

/** `it` that prints the network's log tails when it fails. */
function step(name, timeoutMs, fn) {
  it(name, { timeout: timeoutMs }, async (t) => {
    const started = performance.now();
    try {
      await fn(t);
      log(`ok: ${name} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    } catch (err) {
      if (ctx.net) console.error(`[${name}] failed; ${ctx.net.report(15)}`);
      throw err;
    }
  });
}

const send = (tx, signer) => signAndWait(tx, signer, { api: ctx.api, timeoutMs: TX_TIMEOUT_MS });
const sudo = async (call, what) =>
  assertSudoOk(ctx.api, await send(ctx.api.tx.sudo.sudo(call), ctx.accounts.alice), what);

/** The account FRAME derives from a PalletId: `modl` ++ id, zero-padded to 32 bytes. */
function palletAccount(id) {
  const raw = new Uint8Array(32);
  raw.set(u8aConcat(stringToU8a('modl'), stringToU8a(id)));
  return encodeAddress(raw, SS58);
}

/** Fails unless `outcome`'s block has no signed extrinsic but `outcome`'s own. */
async function assertAlone(outcome) {
  const { block } = await ctx.api.rpc.chain.getBlock(outcome.blockHash);
  const signed = block.extrinsics.filter((xt) => xt.isSigned).map((xt) => xt.hash.toHex());
  assert.deepEqual(signed, [outcome.txHash], 'the block holds exactly our signed extrinsic');
}

describe('Polkadot.js compatibility suite', () => {
  before(async () => {
    ctx.startedAt = performance.now();
    await cryptoWaitReady();
    ctx.net = await startNetwork({ names: VALIDATORS, chain: 'local', readyTimeoutMs: 180_000 });
    ctx.rpcPort = ctx.net.node('alice').rpcPort;
    log(`network up; logs in ${ctx.net.logDir}; alice rpc ${ctx.rpcPort}`);
    try {
      const { value, logs } = await captureConsole(() => connectApi(ctx.rpcPort));
      ctx.api = value;
      connectLogs = logs;
      ctx.accounts = devAccounts();
      ctx.treasury = palletAccount('py/trsry');
      // IBFT finality has started: a block beyond genesis is final.
      await pollUntil(async () => (await nodeStatus(ctx.rpcPort)).finalized >= 2, {
        timeoutMs: 180_000,
        what: 'finalized block #2 on alice',
        describe: async () => JSON.stringify(await nodeStatus(ctx.rpcPort)),
      });
      // The finality gadget is IBFT (the default of non-dev chains): its RPC answers.
      const round = await rpc(ctx.rpcPort, 'ibft_roundState');
      log(`IBFT round state on alice: ${JSON.stringify(round)}`);
      log(`connected: ${ctx.api.runtimeVersion.specName} v${ctx.api.runtimeVersion.specVersion}, metadata v${ctx.api.runtimeMetadata.version}`);
    } catch (err) {
      console.error(ctx.net.report(40));
      throw err;
    }
  }, { timeout: 420_000 });

  after(async () => {
    if (ctx.api) await ctx.api.disconnect().catch(() => {});
    if (ctx.net) {
      await ctx.net.stop();
      log(`all nodes stopped; logs in ${ctx.net.logDir}`);
    }
  }, { timeout: 120_000 });

  // -------------------------------------------------------------------------------------------
  describe('1. metadata', () => {
    step('connecting logged no unknown types or extensions', 10_000, async (t) => {
      if (connectLogs.length) t.diagnostic(`logged while connecting:\n${connectLogs.join('\n')}`);
      // Custom JSON-RPC methods (ibft_*, economics_*, ...) are not decorated by Polkadot.js:
      // expected, and not a decoding matter. Anything about types or extensions is.
      const bad = connectLogs.filter((l) => !/RPC methods not decorated/.test(l) && /unknown|unable|decod|not decorat|failed|extension/i.test(l));
      assert.deepEqual(bad, [], 'Polkadot.js warned while connecting');
      // The transaction extensions Polkadot.js signs with are the runtime's, in order; the
      // ones it learns from METANODE_SIGNED_EXTENSIONS add nothing, as declared there.
      const extensions = transactionExtensions(ctx.api);
      t.diagnostic(`transaction extensions: ${extensions.map((e) => `${e.identifier}(${e.type}; ${e.implicit})`).join(', ')}`);
      assert.deepEqual(ctx.api.registry.signedExtensions, extensions.map((e) => e.identifier));
      for (const e of extensions.filter((x) => METANODE_SIGNED_EXTENSIONS[x.identifier])) {
        assert.ok(e.empty, `${e.identifier} is declared empty for Polkadot.js but has types ${e.type} / ${e.implicit}`);
      }
    });

    step('metadata versions agree on the pallets, and every pallet is decorated', 120_000, async (t) => {
      const { api } = ctx;
      const report = await checkMetadataVersions(api);
      t.diagnostic(
        `metadata in use: v${report.inUse}; runtime offers ${JSON.stringify(report.versions)}; ` +
          `pallets: ${report.pallets.map((p) => `${p.name}(${p.index})`).join(' ')}`,
      );
      for (const n of report.notes) t.diagnostic(n);
      assert.ok(report.inUse >= 14, `metadata v${report.inUse} in use`);
      if (api.call.metadata?.metadataVersions) {
        assert.ok(report.versions.includes(14), 'the runtime offers v14');
        assert.ok(report.versions.includes(15), 'the runtime offers v15');
        assert.ok(report.byVersion[15], 'v15 was fetched with metadataAtVersion(15)');
      }
      const names = report.pallets.map((p) => p.name);
      const missing = KNOWN_PALLETS.filter((p) => !names.includes(p));
      assert.deepEqual(missing, [], 'pallets of the runtime are missing');
      assert.equal(report.failures.length, 0, `metadata failures:\n${formatFailures(report)}`);
    });

    step('every storage entry of every pallet is queried and decodes exactly', 300_000, async (t) => {
      const { value: report, logs } = await captureConsole(() =>
        checkStorage(ctx.api, { rpcPort: ctx.rpcPort, pageSize: 5 }),
      );
      t.diagnostic(`${report.entries} storage entries, ${report.values} stored values compared byte for byte`);
      if (logs.length) t.diagnostic(`Polkadot.js logged:\n${logs.join('\n')}`);
      assert.ok(report.entries > 50, `only ${report.entries} storage entries`);
      assert.ok(report.values >= 20, `only ${report.values} values read`);
      assert.equal(report.failures.length, 0, `storage that does not decode:\n${formatFailures(report)}`);
      assert.deepEqual(logs.filter((l) => /decod|unknown|unable/i.test(l)), [], 'decode warnings');
    });

    step('every call is constructible: argument types, default arguments, round trip', 120_000, async (t) => {
      const { value: report, logs } = await captureConsole(() => checkCalls(ctx.api));
      t.diagnostic(`${report.calls} calls checked`);
      for (const n of report.notes) t.diagnostic(`note: ${n.where}: ${n.note}`);
      if (logs.length) t.diagnostic(`Polkadot.js logged:\n${logs.join('\n')}`);
      assert.ok(report.calls > 100, `only ${report.calls} calls`);
      assert.equal(report.failures.length, 0, `calls that fail:\n${formatFailures(report)}`);
    });

    step('every event field and error resolves; every constant decodes exactly', 120_000, async (t) => {
      const events = checkEventsAndErrors(ctx.api);
      const consts = checkConstants(ctx.api);
      t.diagnostic(`${events.events} events, ${events.errors} errors, ${consts.checked} constants`);
      assert.ok(events.events > 50 && events.errors > 50, 'events and errors were found');
      assert.equal(events.failures.length, 0, `events/errors that do not resolve:\n${formatFailures(events)}`);
      assert.equal(consts.failures.length, 0, `constants that do not decode:\n${formatFailures(consts)}`);
    });

    step('every runtime API of state_getRuntimeVersion is in api.call; argument-free ones answer', 180_000, async (t) => {
      const { value: report, logs } = await captureConsole(() => checkRuntimeApis(ctx.api, { rpcPort: ctx.rpcPort }));
      t.diagnostic(`runtime APIs: ${report.apis.map((a) => `${a.name} v${a.version}`).join(', ')}`);
      t.diagnostic(`called without arguments: ${report.called.join(', ')}`);
      if (logs.length) t.diagnostic(`Polkadot.js logged:\n${logs.join('\n')}`);
      const version = await ctx.api.rpc.state.getRuntimeVersion();
      assert.equal(report.apis.length, version.apis.length, 'as many APIs in the metadata as in the runtime version');
      for (const name of ['Core', 'Metadata', 'BlockBuilder', 'TaggedTransactionQueue', 'AccountNonceApi', 'TransactionPaymentApi']) {
        assert.ok(report.apis.some((a) => a.name === name), `runtime API ${name}`);
      }
      assert.ok(report.called.length > 5, 'some runtime APIs were called');
      assert.equal(report.failures.length, 0, `runtime API failures:\n${formatFailures(report)}`);
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('2. transfers in the four tokens, to the unit', () => {
    const gen = (at, who) => genFree(at, who.address ?? who);

    /**
     * Sends `tx` from Alice and checks, between the block's parent and the block, that Alice
     * loses exactly `amount` of `asset` (null: GEN) plus the fee in GEN, Bob gains exactly
     * `amount`, the treasury gains exactly the fee, and supplies do not change.
     */
    async function transferAndCheck(t, { tx, asset, amount, label }) {
      const { api, accounts } = ctx;
      const { alice, bob } = accounts;
      const { treasury } = ctx;
      const estimate = await tx.paymentInfo(alice);
      const outcome = assertOk(api, await send(tx, alice), `${label} transfer`);
      await assertAlone(outcome);
      assert.ok(outcome.feeEvent, 'transactionPayment.TransactionFeePaid was emitted');
      assert.equal(outcome.feeEvent.data.who.toString(), alice.address, 'the fee was paid by the sender');
      assert.equal(outcome.feeEvent.data.tip.toBigInt(), 0n, 'no tip');
      const fee = outcome.fee;
      assert.ok(fee > 0n, 'a fee was paid');
      assert.ok(fee <= estimate.partialFee.toBigInt(), `fee ${fmt(fee)} <= estimate ${fmt(estimate.partialFee.toBigInt())}`);

      const { pre, post, blockNumber } = await statesAround(api, outcome.blockHash);
      const read = async (at) => ({
        aliceGen: await gen(at, alice),
        bobGen: await gen(at, bob),
        treasuryGen: await gen(at, treasury),
        issuance: (await at.query.balances.totalIssuance()).toBigInt(),
        aliceAsset: asset === null ? 0n : await assetBalance(at, asset, alice.address),
        bobAsset: asset === null ? 0n : await assetBalance(at, asset, bob.address),
        supply: asset === null ? 0n : await assetSupply(at, asset),
      });
      const [b, a] = await Promise.all([read(pre), read(post)]);
      const d = (k) => a[k] - b[k];
      t.diagnostic(
        `${label}: ${fmt(amount)} in block #${blockNumber} (${(outcome.ms / 1000).toFixed(1)} s to finality), ` +
          `fee ${fmt(fee)} GEN; alice GEN ${fmt(d('aliceGen'))}, bob GEN ${fmt(d('bobGen'))}, ` +
          `treasury GEN ${fmt(d('treasuryGen'))}` +
          (asset === null ? '' : `, alice ${label} ${fmt(d('aliceAsset'))}, bob ${label} ${fmt(d('bobAsset'))}`),
      );
      if (asset === null) {
        assert.equal(d('aliceGen'), -(amount + fee), 'Alice loses the amount plus the fee');
        assert.equal(d('bobGen'), amount, 'Bob gains the amount');
      } else {
        assert.equal(d('aliceAsset'), -amount, `Alice loses exactly the ${label}`);
        assert.equal(d('bobAsset'), amount, `Bob gains exactly the ${label}`);
        assert.equal(d('aliceGen'), -fee, 'Alice pays exactly the fee, in GEN');
        assert.equal(d('bobGen'), 0n, 'Bob pays nothing');
        assert.equal(d('supply'), 0n, `${label} supply unchanged`);
      }
      assert.equal(d('treasuryGen'), fee, 'the treasury receives exactly the fee');
      assert.equal(d('issuance'), 0n, 'GEN total issuance unchanged');

      // The transfer event, as Polkadot.js decodes it.
      if (asset === null) {
        const ev = findEvent(outcome.events, 'balances', 'Transfer');
        assert.ok(ev, 'balances.Transfer');
        assert.deepEqual([ev.data.from.toString(), ev.data.to.toString(), ev.data.amount.toBigInt()], [alice.address, bob.address, amount]);
      } else {
        const ev = findEvent(outcome.events, 'assets', 'Transferred');
        assert.ok(ev, 'assets.Transferred');
        assert.deepEqual(
          [ev.data.assetId.toNumber(), ev.data.from.toString(), ev.data.to.toString(), ev.data.amount.toBigInt()],
          [asset, alice.address, bob.address, amount],
        );
      }
      return outcome;
    }

    step('the tokens are GEN (native) and assets 1, 2, 3 = NEX, FLX, AUR', 30_000, async () => {
      const { api } = ctx;
      assert.deepEqual(api.registry.chainTokens, ['GEN']);
      for (const [id, symbol] of [[NEX, 'NEX'], [FLX, 'FLX'], [AUR, 'AUR']]) {
        const meta = await api.query.assets.metadata(id);
        assert.equal(meta.symbol.toUtf8(), symbol, `asset ${id}`);
        assert.equal(meta.decimals.toNumber(), 12, `${symbol} decimals`);
      }
    });

    step('GEN: balances.transferKeepAlive', TX_TIMEOUT_MS, async (t) => {
      const amount = 1_234_567_000_000n; // 1.234567 GEN
      await transferAndCheck(t, { tx: ctx.api.tx.balances.transferKeepAlive(ctx.accounts.bob.address, amount), asset: null, amount, label: 'GEN' });
    });

    step('NEX: assets.transferKeepAlive(1, ...)', TX_TIMEOUT_MS, async (t) => {
      const amount = 7n * UNIT + 654_321n;
      await transferAndCheck(t, { tx: ctx.api.tx.assets.transferKeepAlive(NEX, ctx.accounts.bob.address, amount), asset: NEX, amount, label: 'NEX' });
    });

    step('FLX: assets.transferKeepAlive(2, ...)', TX_TIMEOUT_MS, async (t) => {
      const amount = 42n * UNIT + 1n;
      await transferAndCheck(t, { tx: ctx.api.tx.assets.transferKeepAlive(FLX, ctx.accounts.bob.address, amount), asset: FLX, amount, label: 'FLX' });
    });

    step('AUR: issued against collateral, then assets.transferKeepAlive(3, ...)', 6 * TX_TIMEOUT_MS, async (t) => {
      const { api } = ctx;
      const { alice, bob } = ctx.accounts;
      const mintAmount = 100n * UNIT;
      const amount = 12n * UNIT + 500_000_000_000n; // 12.5 AUR

      if (api.tx.wallets) {
        // AUR moves only between bank-stamped wallets: register and stamp Alice and Bob.
        t.diagnostic('the runtime has a wallets pallet: registering and bank-stamping Alice and Bob');
        await Promise.all(
          [[alice, 'Bank', 'Alice (compat bank)'], [bob, 'Personal', 'Bob (compat)']].map(async ([who, kind, label]) => {
            if ((await api.query.wallets.wallets(who.address)).isSome) return;
            assertOk(api, await send(api.tx.wallets.register(kind, label), who), `wallets.register by ${label}`);
          }),
        );
        if ((await api.query.wallets.stampers(alice.address)).isNone) {
          await sudo(api.tx.wallets.addStamper(alice.address), 'sudo(wallets.addStamper(alice))');
        }
        const stamps = [];
        for (const who of [alice, bob]) {
          if ((await api.query.wallets.stamps(who.address, 'BankStamped')).isNone) {
            stamps.push(api.tx.wallets.stamp(who.address, 'BankStamped', blake2AsHex(`compat evidence ${who.address}`)));
          }
        }
        if (stamps.length) assertOk(api, await send(api.tx.utility.batchAll(stamps), alice), 'wallets.stamp');
        for (const who of [alice, bob]) {
          assert.ok((await api.query.wallets.stamps(who.address, 'BankStamped')).isSome, `${who.address} is bank-stamped`);
        }
      } else {
        t.diagnostic('no wallets pallet in this runtime: AUR moves plainly');
      }

      // Alice becomes an AUR issuer (root), attests collateral and mints AUR to herself.
      const issuer = await api.query.economics.issuers(alice.address);
      if (issuer.isNone || !issuer.unwrap().active.isTrue) {
        await sudo(api.tx.economics.addIssuer(alice.address), 'sudo(economics.addIssuer(alice))');
      }
      const attestation = blake2AsHex(randomBytes(32));
      const minted = assertOk(
        api,
        await send(api.tx.utility.batchAll([api.tx.economics.attestCollateral(mintAmount, attestation), api.tx.economics.mintAur(alice.address, mintAmount)]), alice),
        'economics.attestCollateral + mintAur',
      );
      assert.ok(findEvent(minted.events, 'economics', 'AurMinted'), 'economics.AurMinted');
      const aliceAur = await assetBalance(api, AUR, alice.address);
      assert.ok(aliceAur >= mintAmount, `Alice holds ${fmt(aliceAur)} AUR`);

      if (api.tx.wallets) {
        // Through Polkadot.js, the rules answer before signing (WalletsApi) and refuse an
        // AUR transfer to an account that is not bank-stamped at the pool (code 102).
        const { charlie } = ctx.accounts;
        const toBob = await api.call.walletsApi.checkTransfer(alice.address, bob.address, 'Aur', amount);
        assert.ok(toBob.isOk, `WalletsApi.check_transfer alice -> bob: ${toBob.toString()}`);
        const toCharlie = await api.call.walletsApi.checkTransfer(alice.address, charlie.address, 'Aur', amount);
        assert.ok(toCharlie.isErr, 'WalletsApi.check_transfer alice -> charlie refuses');
        assert.equal(toCharlie.asErr.type, 'AurRecipientNotBankStamped');
        const info = await api.call.walletsApi.walletInfo(bob.address);
        assert.ok(info.wallet.isSome, 'WalletsApi.wallet_info: Bob is registered');
        assert.ok(info.stamps.some(([stamp]) => stamp.type === 'BankStamped'), 'WalletsApi.wallet_info: Bob is bank-stamped');
        const before = await assetBalance(api, AUR, charlie.address);
        // (Polkadot.js logs the refusal through console.error too: kept out of the output.)
        const { value: refusal } = await captureConsole(() =>
          api.tx.assets.transferKeepAlive(AUR, charlie.address, amount).signAndSend(alice).then(
            () => null,
            (err) => err,
          ),
        );
        assert.ok(refusal, 'AUR to a wallet that is not bank-stamped must be refused');
        assert.match(refusal.message, /1010.*Custom error: 102/, 'refused at the pool with code 102');
        assert.equal(await assetBalance(api, AUR, charlie.address), before, 'nothing moved to Charlie');
      }

      await transferAndCheck(t, { tx: api.tx.assets.transferKeepAlive(AUR, bob.address, amount), asset: AUR, amount, label: 'AUR' });
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('3. governance: a Council motion', () => {
    /** Council members as dev key pairs (every member must be a dev account). */
    let members;

    before(async () => {
      const { api, accounts } = ctx;
      const raw = (await api.query.council.members()).map((m) => m.toString());
      members = raw.map((address) => {
        const pair = accounts.byAddress(address);
        if (!pair) throw new Error(`council member ${address} is not a dev account`);
        return pair;
      });
      // Members without GEN cannot pay for their votes: Alice sends them some.
      const poor = [];
      for (const m of members) if ((await genFree(api, m.address)) < MEMBER_FLOAT / 2n) poor.push(m);
      if (poor.length) {
        assertOk(
          api,
          await send(api.tx.utility.batchAll(poor.map((m) => api.tx.balances.transferKeepAlive(m.address, MEMBER_FLOAT))), accounts.alice),
          'funding council members',
        );
      }
      log(`council: ${members.map((m) => m.address).join(', ')}; funded ${poor.length}`);
    }, { timeout: TX_TIMEOUT_MS * 2 });

    step('economics.registerProvider needs the governance origin: a signed member gets BadOrigin', TX_TIMEOUT_MS, async () => {
      const { api, accounts } = ctx;
      const outcome = await send(api.tx.economics.registerProvider(accounts.ferdie.address), accounts.alice);
      assert.equal(outcome.ok, false, 'a plain signed call must fail');
      assert.equal(dispatchErrorName(api, outcome.dispatchError), 'BadOrigin');
      assert.ok((await api.query.economics.providers(accounts.ferdie.address)).isNone);
    });

    step('a two-thirds motion passes: propose, vote aye, close, Executed Ok, provider registered', 4 * TX_TIMEOUT_MS, async (t) => {
      const { api, accounts } = ctx;
      const threshold = councilThreshold(members.length);
      const call = api.tx.economics.registerProvider(accounts.ferdie.address);
      const voters = members.slice(0, threshold);
      const closer = members[members.length - 1];
      const motion = await councilMotion(api, { proposer: accounts.alice, voters, closer, call, threshold, timeoutMs: TX_TIMEOUT_MS });
      t.diagnostic(
        `motion #${motion.index} ${motion.proposalHash}: threshold ${threshold} of ${members.length}, ` +
          `closed in block ${motion.close.blockHash}: ${motion.result}${motion.error ? ` ${motion.errorDetail}` : ''}`,
      );
      const closed = findEvent(motion.close.events, 'council', 'Closed');
      assert.ok(closed, 'council.Closed');
      assert.equal(closed.data.yes.toNumber(), threshold, 'ayes counted');
      assert.ok(motion.executed, 'council.Executed');
      assert.equal(motion.executed.data.proposalHash.toHex(), motion.proposalHash);
      assert.equal(motion.result, 'Ok', `the motion's call failed: ${motion.errorDetail}`);
      const registered = findEvent(motion.close.events, 'economics', 'ProviderRegistered');
      assert.ok(registered, 'economics.ProviderRegistered in the close block');
      assert.equal(registered.data.provider.toString(), accounts.ferdie.address);
      const provider = await api.query.economics.providers(accounts.ferdie.address);
      assert.ok(provider.isSome, 'Ferdie is a provider');
      const { blockNumber } = await statesAround(api, motion.close.blockHash);
      assert.equal(provider.unwrap().registeredAt.toNumber(), blockNumber, 'registered in the close block');
      assert.equal((await api.query.council.proposals()).length, 0, 'no motion left open');
      assert.ok((await api.query.council.proposalOf(motion.proposalHash)).isNone, 'the proposal is gone');
    });

    step('a motion with fewer than two thirds of the Council executes with BadOrigin', 4 * TX_TIMEOUT_MS, async (t) => {
      const { api, accounts } = ctx;
      const threshold = councilThreshold(members.length) - 1;
      if (threshold < 2) {
        t.skip(`a council of ${members.length} has no sub-two-thirds threshold of 2 or more`);
        return;
      }
      const call = api.tx.economics.registerProvider(accounts.eve.address);
      const motion = await councilMotion(api, {
        proposer: members[0],
        voters: members.slice(0, threshold),
        closer: members[0],
        call,
        threshold,
        timeoutMs: TX_TIMEOUT_MS,
      });
      assert.ok(motion.executed, 'council.Executed');
      assert.equal(motion.result, 'Err');
      assert.equal(motion.error, 'BadOrigin');
      assert.ok((await api.query.economics.providers(accounts.eve.address)).isNone, 'Eve is not a provider');
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('4. events, extrinsics and storage after the transactions decode', () => {
    step('system.events and the extrinsics of every block so far (at least 20) decode exactly', 300_000, async (t) => {
      const { api } = ctx;
      const target = 21;
      await pollUntil(async () => (await nodeStatus(ctx.rpcPort)).finalized >= target, {
        timeoutMs: 180_000,
        what: `finalized block #${target}`,
      });
      const to = (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber();
      const from = Math.max(1, to - 400);
      const { value: report, logs } = await captureConsole(() => checkBlocks(api, { rpcPort: ctx.rpcPort, from, to }));
      t.diagnostic(
        `blocks #${from}..#${to}: ${report.blocks} blocks, ${report.extrinsics} extrinsics, ${report.events} events; ` +
          `seen: ${[...report.seen].sort().join(', ')}`,
      );
      if (logs.length) t.diagnostic(`Polkadot.js logged:\n${logs.join('\n')}`);
      assert.ok(report.blocks >= 20, `${report.blocks} blocks decoded`);
      assert.equal(report.failures.length, 0, `blocks that do not decode:\n${formatFailures(report)}`);
      assert.deepEqual(logs.filter((l) => /decod|unknown|unable/i.test(l)), [], 'decode warnings');
    });

    step('every storage entry still decodes, with the state the transactions above left', 300_000, async (t) => {
      const { value: report, logs } = await captureConsole(() =>
        checkStorage(ctx.api, { rpcPort: ctx.rpcPort, pageSize: 5 }),
      );
      t.diagnostic(`${report.entries} storage entries, ${report.values} stored values compared byte for byte`);
      if (logs.length) t.diagnostic(`Polkadot.js logged:\n${logs.join('\n')}`);
      assert.equal(report.failures.length, 0, `storage that does not decode:\n${formatFailures(report)}`);
      assert.deepEqual(logs.filter((l) => /decod|unknown|unable/i.test(l)), [], 'decode warnings');
    });
  });

  // -------------------------------------------------------------------------------------------
  // 5. The runtime upgrade through governance, on the same network, with `ctx.api` connected
  // throughout: the Council proposes the `next-release` runtime (spec 101, transaction
  // version 2, wallets storage migrated to version 1), the Technical Committee fast-tracks it,
  // Charlie applies the code, and Polkadot.js follows by itself.
  describe('5. runtime upgrade through governance', () => {
    /** What the chain runs before, and what the upgrade Wasm (`next-release`) brings. */
    const FROM = { specVersion: 100, transactionVersion: 1 };
    const TO = { specVersion: 101, transactionVersion: 2 };
    /** Blocks between the Council's proposal and its authorization on local chains. */
    const ENACTMENT_DELAY = 10;
    const up = {
      wasmPath: null,
      code: null,
      codeHash: null,
      /** What `state_subscribeRuntimeVersion` delivered, in order. */
      versionsSeen: [],
      unsubVersion: null,
      council: [],
      tc: [],
      /** `wallets.wallets` before the upgrade: address -> JSON of the version-0 wallet. */
      walletsBefore: new Map(),
      bobWallet: null,
      /** A transfer by Eve signed for transaction version 1, submitted after the upgrade. */
      stale: null,
      tcMotion: null,
      proposal: null,
      upgrade: null,
      /**
       * An ApiPromise connected after the upgrade, for blocks of the old runtime: ctx.api
       * may decode those with the new metadata (see extrinsicEvents in lib/compat.mjs).
       */
      fresh: null,
      freshLogs: [],
    };
    const membersOf = async (collective) =>
      (await ctx.api.query[collective].members()).map((m) => {
        const pair = ctx.accounts.byAddress(m.toString());
        if (!pair) throw new Error(`${collective} member ${m} is not a dev account`);
        return pair;
      });

    before(async () => {
      const { api, accounts } = ctx;
      const { alice, bob, charlie, eve } = accounts;
      up.wasmPath = nextRuntimeWasmPath();
      if (!fs.existsSync(up.wasmPath)) {
        throw new Error(
          `the upgrade Wasm is not at ${up.wasmPath}: build it with METANODE_BUILD_NEXT_RUNTIME=1 ` +
            '(see docs/upgrades.md) or point METANODE_NEXT_WASM at it',
        );
      }
      up.code = new Uint8Array(fs.readFileSync(up.wasmPath));
      up.codeHash = blake2AsHex(up.code, 256);
      log(`upgrade Wasm ${up.wasmPath}: ${up.code.length} bytes, blake2-256 ${up.codeHash}`);
      if (!api.tx.upgrades) throw new Error('the runtime has no upgrades pallet');

      // Every finalized head from now on, with when it arrived: finality around the upgrade.
      up.finalized = await finalityTimeline(ctx.rpcPort);
      up.unsubVersion = await api.rpc.state.subscribeRuntimeVersion((v) => {
        const seen = { specVersion: v.specVersion.toNumber(), transactionVersion: v.transactionVersion.toNumber() };
        up.versionsSeen.push(seen);
        log(`state_subscribeRuntimeVersion: spec ${seen.specVersion}, transaction version ${seen.transactionVersion}`);
      });

      up.council = await membersOf('council');
      up.tc = await membersOf('technicalCommittee');
      // Members and Charlie (who pays for the 0.8 MB upgrade extrinsic up front) need GEN.
      const needy = [...new Set([...up.council, ...up.tc, charlie])];
      const poor = [];
      for (const m of needy) if ((await genFree(api, m.address)) < MEMBER_FLOAT / 2n) poor.push(m);
      if (poor.length) {
        assertOk(
          api,
          await send(api.tx.utility.batchAll(poor.map((m) => api.tx.balances.transferKeepAlive(m.address, MEMBER_FLOAT))), alice),
          'funding council, committee and charlie',
        );
      }
      // Bob has a wallet for the migration to rewrite (section 2 registered one; if it did not
      // run, register it here).
      if ((await api.query.wallets.wallets(bob.address)).isNone) {
        assertOk(api, await send(api.tx.wallets.register('Personal', 'compat'), bob), 'wallets.register by Bob');
      }
      for (const [key, wallet] of await api.query.wallets.wallets.entries()) {
        up.walletsBefore.set(key.args[0].toString(), wallet.unwrap().toJSON());
      }
      up.bobWallet = up.walletsBefore.get(bob.address);
      // Signed now, for the transaction version the chain has now; submitted after the upgrade.
      up.stale = await api.tx.balances.transferKeepAlive(bob.address, UNIT).signAsync(eve, { era: 0 });
      log(
        `council ${up.council.length}, technical committee ${up.tc.length}; funded ${poor.length}; ` +
          `${up.walletsBefore.size} wallets before the upgrade`,
      );
    }, { timeout: 3 * TX_TIMEOUT_MS });

    after(async () => {
      if (up.unsubVersion) up.unsubVersion();
      await up.finalized?.close();
      if (up.fresh) await up.fresh.disconnect().catch(() => {});
      log(`runtime versions seen by the subscription: ${JSON.stringify(up.versionsSeen)}`);
    });

    step(`before: spec ${FROM.specVersion}, transaction version ${FROM.transactionVersion}; no upgrade pending; wallets at storage version 0`, 60_000, async (t) => {
      const { api } = ctx;
      assert.equal(api.runtimeVersion.specVersion.toNumber(), FROM.specVersion, 'api.runtimeVersion.specVersion');
      assert.equal(api.runtimeVersion.transactionVersion.toNumber(), FROM.transactionVersion, 'api.runtimeVersion.transactionVersion');
      await pollUntil(async () => up.versionsSeen.length > 0, { timeoutMs: 10_000, what: 'the first runtime version from the subscription' });
      assert.deepEqual(up.versionsSeen[0], FROM, 'the subscription starts at the running version');
      assert.deepEqual(Array.from(api.tx.upgrades.propose.callIndex), [22, 0], 'upgrades is pallet 22');
      assert.equal((await api.query.upgrades.enactmentDelay()).toNumber(), ENACTMENT_DELAY, 'upgrades.enactmentDelay');
      assert.ok((await api.query.upgrades.pending()).isNone, 'no upgrade pending');
      assert.ok((await api.query.system.authorizedUpgrade()).isNone, 'no upgrade authorized');
      assert.equal(await palletStorageVersion(api, 'Wallets'), 0, 'Wallets storage version');
      assert.ok(up.bobWallet, 'Bob has a wallet');
      assert.ok(!('updatedAt' in up.bobWallet), `a version-0 wallet has no updatedAt: ${JSON.stringify(up.bobWallet)}`);
      t.diagnostic(`Bob's wallet before: ${JSON.stringify(up.bobWallet)}; council ${up.council.map((m) => m.address).join(', ')}; TC ${up.tc.map((m) => m.address).join(', ')}`);
    });

    // The fast-track must execute within the enactment delay (10 blocks, ~20 s) after the
    // Council's motion, or the upgrade is authorized by the delay and fastTrack fails with
    // NoPendingUpgrade. A whole motion (propose, votes, close, each awaited to finality) takes
    // ~6 s here but may not under load, so the Technical Committee opens and votes its motion
    // first and only closes it after the Council's motion executes (closed earlier, it would
    // execute with NoPendingUpgrade).
    step('the Technical Committee opens a motion upgrades.fastTrack(codeHash) and both members vote aye', 3 * TX_TIMEOUT_MS, async (t) => {
      const { api } = ctx;
      const threshold = councilThreshold(up.tc.length);
      assert.equal(threshold, 2, 'two of the two committee members');
      up.tcMotion = await openMotion(api, {
        collective: 'technicalCommittee',
        proposer: up.tc[0],
        voters: up.tc.slice(0, threshold),
        call: api.tx.upgrades.fastTrack(up.codeHash),
        threshold,
        timeoutMs: TX_TIMEOUT_MS,
      });
      const voting = (await api.query.technicalCommittee.voting(up.tcMotion.proposalHash)).unwrap();
      assert.equal(voting.ayes.length, threshold, 'ayes recorded');
      assert.equal(voting.threshold.toNumber(), threshold);
      t.diagnostic(`TC motion #${up.tcMotion.index} ${up.tcMotion.proposalHash}: ${voting.ayes.length} ayes of ${up.tc.length}`);
    });

    step('a Council motion (3 of 4 ayes) runs upgrades.propose(codeHash): Executed Ok, UpgradeProposed at block + 10, upgrades.pending set', 4 * TX_TIMEOUT_MS, async (t) => {
      const { api, accounts } = ctx;
      const threshold = councilThreshold(up.council.length);
      assert.equal(threshold, 3, 'three of the four councillors');
      const motion = await councilMotion(api, {
        proposer: accounts.alice,
        voters: up.council.slice(0, threshold),
        closer: up.council[up.council.length - 1],
        call: api.tx.upgrades.propose(up.codeHash),
        threshold,
        timeoutMs: TX_TIMEOUT_MS,
      });
      const { blockNumber } = await statesAround(api, motion.close.blockHash);
      const closed = findEvent(motion.close.events, 'council', 'Closed');
      assert.ok(closed, 'council.Closed');
      assert.equal(closed.data.yes.toNumber(), threshold, 'ayes counted');
      assert.ok(motion.executed, 'council.Executed');
      assert.equal(motion.result, 'Ok', `the motion's call failed: ${motion.errorDetail}`);
      const proposed = findEvent(motion.close.events, 'upgrades', 'UpgradeProposed');
      assert.ok(proposed, 'upgrades.UpgradeProposed in the close block');
      assert.equal(proposed.data.codeHash.toHex(), up.codeHash);
      assert.equal(proposed.data.enactAt.toNumber(), blockNumber + ENACTMENT_DELAY, 'enactAt = the close block + the delay');
      const pending = await api.query.upgrades.pending();
      assert.ok(pending.isSome, 'upgrades.pending is set');
      const p = pending.unwrap();
      assert.deepEqual(
        [p.codeHash.toHex(), p.proposedAt.toNumber(), p.enactAt.toNumber()],
        [up.codeHash, blockNumber, blockNumber + ENACTMENT_DELAY],
      );
      assert.ok((await api.query.system.authorizedUpgrade()).isNone, 'not authorized before the delay or a fast-track');
      up.proposal = { blockNumber, enactAt: p.enactAt.toNumber(), ms: performance.now() };
      t.diagnostic(`Council motion #${motion.index} executed in block #${blockNumber}: UpgradeProposed, enactAt #${up.proposal.enactAt}`);
    });

    step('the Technical Committee motion (2 of 2) closes: upgrades.fastTrack Executed Ok, UpgradeFastTracked, System.UpgradeAuthorized', 2 * TX_TIMEOUT_MS, async (t) => {
      const { api } = ctx;
      assert.ok(up.tcMotion && up.proposal, 'the motions above were opened');
      const motion = await closeMotion(api, up.tcMotion, { closer: up.tc[up.tc.length - 1], timeoutMs: TX_TIMEOUT_MS });
      const { blockNumber } = await statesAround(api, motion.close.blockHash);
      t.diagnostic(`TC motion closed in block #${blockNumber} (enactAt #${up.proposal.enactAt}): ${motion.result}${motion.error ? ` ${motion.errorDetail}` : ''}`);
      const closed = findEvent(motion.close.events, 'technicalCommittee', 'Closed');
      assert.ok(closed, 'technicalCommittee.Closed');
      assert.equal(closed.data.yes.toNumber(), 2, 'ayes counted');
      assert.ok(motion.executed, 'technicalCommittee.Executed');
      assert.ok(blockNumber < up.proposal.enactAt, `closed in #${blockNumber}, before the enactment block #${up.proposal.enactAt}`);
      assert.equal(motion.result, 'Ok', `the motion's call failed: ${motion.errorDetail}`);
      const fast = findEvent(motion.close.events, 'upgrades', 'UpgradeFastTracked');
      assert.ok(fast, 'upgrades.UpgradeFastTracked');
      assert.equal(fast.data.codeHash.toHex(), up.codeHash);
      const authorized = findEvent(motion.close.events, 'upgrades', 'UpgradeAuthorized');
      assert.ok(authorized, 'upgrades.UpgradeAuthorized');
      assert.equal(authorized.data.codeHash.toHex(), up.codeHash);
      const sys = findEvent(motion.close.events, 'system', 'UpgradeAuthorized');
      assert.ok(sys, 'system.UpgradeAuthorized');
      assert.equal(sys.data.codeHash.toHex(), up.codeHash);
      assert.equal(sys.data.checkVersion.isTrue, true, 'authorized with the version check');
      assert.ok((await api.query.upgrades.pending()).isNone, 'nothing pending any more');
      const auth = await api.query.system.authorizedUpgrade();
      assert.ok(auth.isSome, 'system.authorizedUpgrade is set');
      assert.equal(auth.unwrap().codeHash.toHex(), up.codeHash);
    });

    step(`Charlie applies the code (system.applyAuthorizedUpgrade): spec ${TO.specVersion}, transaction version ${TO.transactionVersion}, Polkadot.js follows`, 2 * TX_TIMEOUT_MS, async (t) => {
      const { api, accounts } = ctx;
      const { charlie } = accounts;
      const tx = api.tx.system.applyAuthorizedUpgrade(u8aToHex(up.code));
      const estimate = await tx.paymentInfo(charlie);
      const charlieBefore = await genFree(api, charlie.address);
      await tx.signAsync(charlie);
      // Status only (see submitAndWatch): signAndSend may fail decoding this block's events.
      const { value: sub, logs } = await captureConsole(() => submitAndWatch(api, tx, { timeoutMs: TX_TIMEOUT_MS }));
      const header = await api.rpc.chain.getHeader(sub.blockHash);
      up.upgrade = { blockHash: sub.blockHash, blockNumber: header.number.toNumber(), txHash: sub.txHash };
      t.diagnostic(
        `applyAuthorizedUpgrade (${tx.encodedLength} bytes, fee estimate ${fmt(estimate.partialFee.toBigInt())} GEN) in block ` +
          `#${up.upgrade.blockNumber} after ${(sub.inBlockMs / 1000).toFixed(1)} s, finalized after ${(sub.ms / 1000).toFixed(1)} s; ` +
          `statuses ${sub.statuses.join(' ')}`,
      );
      if (logs.length) t.diagnostic(`Polkadot.js logged:\n${logs.join('\n')}`);

      // The subscription delivers the new version, and the API re-decorates by itself.
      await pollUntil(async () => up.versionsSeen.some((v) => v.specVersion === TO.specVersion), {
        timeoutMs: 60_000,
        what: `spec ${TO.specVersion} from state_subscribeRuntimeVersion`,
        describe: () => JSON.stringify(up.versionsSeen),
      });
      await pollUntil(async () => api.runtimeVersion.specVersion.toNumber() === TO.specVersion, {
        timeoutMs: 60_000,
        what: `api.runtimeVersion.specVersion ${TO.specVersion}`,
        describe: () => `api.runtimeVersion ${JSON.stringify(api.runtimeVersion.toJSON())}`,
      });
      assert.deepEqual(up.versionsSeen.find((v) => v.specVersion === TO.specVersion), TO, 'the subscription sees the new transaction version');
      assert.equal(api.runtimeVersion.transactionVersion.toNumber(), TO.transactionVersion, 'api.runtimeVersion.transactionVersion');
      assert.ok(api.runtimeMetadata.asLatest.pallets.some((p) => p.name.toString() === 'Upgrades'), 'the new metadata has Upgrades');

      // Historic blocks of the old runtime are read through an api connected now (ctx.api's
      // `at()` may decode them with the new metadata), with the metadata of the runtime that
      // executed them.
      const connected = await captureConsole(() => connectApi(ctx.rpcPort));
      up.fresh = connected.value;
      up.freshLogs = connected.logs;
      const hist = up.fresh;
      const stale = await ctx.api.at(up.upgrade.blockHash);
      t.diagnostic(`ctx.api.at(upgrade block) says spec ${stale.runtimeVersion.specVersion} (a fresh api says the block ran the one of its parent)`);
      const { records, events, at, index } = await extrinsicEvents(hist, up.upgrade.blockHash, up.upgrade.txHash);
      t.diagnostic(`upgrade block #${up.upgrade.blockNumber} (executed by spec ${at.runtimeVersion.specVersion}), extrinsic ${index}: ${events.map((e) => `${e.section}.${e.method}`).join(', ')}`);
      assert.equal(at.runtimeVersion.specVersion.toNumber(), FROM.specVersion, 'the upgrade block ran the old runtime');
      // The runtime stages the code and writes it to :code some blocks later
      // (pallet-upgrades), while every node compiles it in the background.
      assert.ok(!findEvent(records, 'system', 'CodeUpdated'), 'the code is staged, not yet written');
      const staged = findEvent(records, 'upgrades', 'CodeStaged');
      assert.ok(staged, 'upgrades.CodeStaged');
      up.upgrade.applyAt = staged.data.applyAt.toNumber();
      assert.ok(up.upgrade.applyAt > up.upgrade.blockNumber, 'applied in a later block');
      t.diagnostic(`staged in #${up.upgrade.blockNumber}, written to :code in #${up.upgrade.applyAt}`);
      assert.ok(findEvent(records, 'system', 'ExtrinsicSuccess'), 'system.ExtrinsicSuccess');
      assert.ok(!findEvent(records, 'system', 'RejectedInvalidAuthorizedUpgrade'), 'not rejected');
      const feePaid = findEvent(records, 'transactionPayment', 'TransactionFeePaid');
      assert.ok(feePaid, 'transactionPayment.TransactionFeePaid');
      assert.equal(feePaid.data.who.toString(), charlie.address);
      const { pre, post } = await statesAround(hist, up.upgrade.blockHash);
      const charlieDelta = (await genFree(post, charlie.address)) - (await genFree(pre, charlie.address));
      t.diagnostic(`Charlie paid ${fmt(feePaid.data.actualFee.toBigInt())} GEN (balance ${fmt(charlieDelta)}, before ${fmt(charlieBefore)})`);
      assert.equal(charlieDelta, -feePaid.data.actualFee.toBigInt(), 'Charlie paid exactly the fee');
      assert.ok((await api.query.system.authorizedUpgrade()).isNone, 'the authorization is used up');
    });

    step('after the upgrade: migration ran (updatedAt = registeredAt, wallets storage version 1); upgrades still decorated; old-version transactions refused', 2 * TX_TIMEOUT_MS, async (t) => {
      const { api, accounts } = ctx;
      assert.ok(up.upgrade, 'the upgrade was applied');
      // The first block of the new runtime (where its migrations run) is final.
      const first = up.upgrade.applyAt + 1;
      await pollUntil(async () => (await nodeStatus(ctx.rpcPort)).finalized >= first, { timeoutMs: 120_000, what: `finalized #${first}` });
      const firstHash = (await api.rpc.chain.getBlockHash(first)).toHex();

      // Finality never stopped for more than two block times around the block that wrote the
      // code: every block of [applyAt - 10, applyAt + 10] finalized, no gap above 2 x 2 s + 1 s.
      const [winFrom, winTo] = [up.upgrade.applyAt - 10, up.upgrade.applyAt + 10];
      await pollUntil(async () => up.finalized.entries.some((e) => e.number >= winTo), { timeoutMs: 90_000, what: `finalized #${winTo}` });
      const window = timelineWindow(up.finalized, winFrom, winTo);
      t.diagnostic(`finalized heads #${winFrom}..#${winTo}: longest gap ${window.maxGapMs} ms; missing ${window.missing.length ? window.missing.join(',') : 'none'}`);
      assert.deepEqual(window.missing, [], 'every block around the upgrade is finalized');
      assert.ok(window.maxGapMs <= 2 * 2_000 + 1_000, `finality stopped for ${window.maxGapMs} ms around the upgrade`);
      const atFirst = await api.at(firstHash);
      assert.equal(atFirst.runtimeVersion.specVersion.toNumber(), TO.specVersion, `block #${first} ran spec ${TO.specVersion}`);
      const last = await api.query.system.lastRuntimeUpgrade();
      assert.ok(last.isSome, 'system.lastRuntimeUpgrade');
      assert.equal(last.unwrap().specVersion.toNumber(), TO.specVersion, 'lastRuntimeUpgrade.specVersion');
      assert.equal(last.unwrap().specName.toString(), 'metanode', 'lastRuntimeUpgrade.specName');
      assert.equal(await palletStorageVersion(api, 'Wallets', firstHash), 1, 'Wallets storage version');

      const bob = await api.query.wallets.wallets(accounts.bob.address);
      assert.ok(bob.isSome, "Bob's wallet survived");
      const w = bob.unwrap();
      t.diagnostic(`Bob's wallet after: ${JSON.stringify(w.toJSON())}`);
      assert.ok(w.updatedAt, 'the wallet decodes with updatedAt');
      assert.equal(w.updatedAt.toNumber(), w.registeredAt.toNumber(), 'updatedAt === registeredAt');
      const { updatedAt, ...rest } = w.toJSON();
      assert.deepEqual(rest, up.bobWallet, 'the other fields are unchanged');
      const after = new Map();
      for (const [key, wallet] of await api.query.wallets.wallets.entries()) after.set(key.args[0].toString(), wallet.unwrap());
      assert.deepEqual([...after.keys()].sort(), [...up.walletsBefore.keys()].sort(), 'the same wallets');
      for (const [address, wallet] of after) {
        assert.equal(wallet.updatedAt.toNumber(), wallet.registeredAt.toNumber(), `${address}: updatedAt === registeredAt`);
      }

      // The upgrades pallet is still decorated, with the same indices and storage.
      assert.deepEqual(Array.from(api.tx.upgrades.propose.callIndex), [22, 0]);
      assert.deepEqual(api.tx.upgrades.fastTrack(up.codeHash).method.toHex(), `0x1601${up.codeHash.slice(2)}`);
      assert.ok((await api.query.upgrades.pending()).isNone, 'upgrades.pending');
      assert.equal((await api.query.upgrades.enactmentDelay()).toNumber(), ENACTMENT_DELAY, 'upgrades.enactmentDelay');
      assert.ok(api.events.upgrades.UpgradeProposed && api.errors.upgrades.NoPendingUpgrade, 'events and errors');
      // A signed upgrades call under the new transaction version: dispatched, BadOrigin.
      const cancel = await send(api.tx.upgrades.cancel(), accounts.alice);
      assert.equal(cancel.ok, false, 'a signed cancel must fail');
      assert.equal(dispatchErrorName(api, cancel.dispatchError), 'BadOrigin');

      // Eve's transfer signed for transaction version 1 is refused: bad signature (1010).
      const eveBefore = await genFree(api, accounts.eve.address);
      const refusal = await rpc(ctx.rpcPort, 'author_submitExtrinsic', [up.stale.toHex()]).then(() => null, (err) => err);
      assert.ok(refusal, 'a transaction signed for the old transaction version must be refused');
      t.diagnostic(`stale transaction: ${refusal.message}`);
      assert.equal(refusal.rpcError?.code, 1010, refusal.message);
      assert.match(JSON.stringify(refusal.rpcError), /bad signature/i);
      assert.equal(await genFree(api, accounts.eve.address), eveBefore, 'Eve paid nothing');
    });

    step('the metadata checks pass against the new metadata: versions, storage, calls, events, constants, blocks', 600_000, async (t) => {
      const { api } = ctx;
      assert.equal(api.runtimeVersion.specVersion.toNumber(), TO.specVersion);
      const versions = await checkMetadataVersions(api);
      t.diagnostic(`ctx.api uses metadata v${versions.inUse}; the runtime offers ${JSON.stringify(versions.versions)}; ${versions.pallets.length} pallets`);
      const missing = [...KNOWN_PALLETS, 'Wallets', 'Upgrades'].filter((p) => !versions.pallets.some((x) => x.name === p));
      assert.deepEqual(missing, [], 'pallets missing after the upgrade');
      assert.equal(versions.failures.length, 0, `metadata failures:\n${formatFailures(versions)}`);

      const { value: storage, logs: storageLogs } = await captureConsole(() => checkStorage(api, { rpcPort: ctx.rpcPort, pageSize: 5 }));
      t.diagnostic(`${storage.entries} storage entries, ${storage.values} stored values compared byte for byte`);
      assert.equal(storage.failures.length, 0, `storage that does not decode:\n${formatFailures(storage)}`);
      assert.deepEqual(storageLogs.filter((l) => /decod|unknown|unable/i.test(l)), [], 'decode warnings');

      const calls = checkCalls(api);
      const events = checkEventsAndErrors(api);
      const consts = checkConstants(api);
      t.diagnostic(`${calls.calls} calls, ${events.events} events, ${events.errors} errors, ${consts.checked} constants`);
      assert.ok(calls.calls > 100, `only ${calls.calls} calls`);
      assert.equal(calls.failures.length, 0, `calls that fail:\n${formatFailures(calls)}`);
      assert.equal(events.failures.length, 0, `events/errors:\n${formatFailures(events)}`);
      assert.equal(consts.failures.length, 0, `constants:\n${formatFailures(consts)}`);

      // Blocks of the new runtime through ctx.api; both sides of the upgrade through the api
      // connected after it, each block with the metadata of the runtime that executed it.
      const to = (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber();
      const { value: after, logs: afterLogs } = await captureConsole(() =>
        checkBlocks(api, { rpcPort: ctx.rpcPort, from: up.upgrade.applyAt + 1, to }),
      );
      t.diagnostic(`ctx.api, blocks #${up.upgrade.applyAt + 1}..#${to}: ${after.blocks} blocks by spec ${JSON.stringify(after.specVersions)}, ${after.events} events`);
      assert.equal(after.failures.length, 0, `blocks that do not decode:\n${formatFailures(after)}`);
      assert.deepEqual(afterLogs.filter((l) => /decod|unknown|unable/i.test(l)), [], 'decode warnings');
      const from = Math.max(1, up.upgrade.blockNumber - 20);
      const { value: span, logs: spanLogs } = await captureConsole(() => checkBlocks(up.fresh, { rpcPort: ctx.rpcPort, from, to }));
      t.diagnostic(`fresh api, blocks #${from}..#${to}: ${span.blocks} blocks by spec ${JSON.stringify(span.specVersions)}, ${span.extrinsics} extrinsics, ${span.events} events`);
      assert.equal(span.failures.length, 0, `blocks that do not decode:\n${formatFailures(span)}`);
      assert.ok(span.specVersions[FROM.specVersion] && span.specVersions[TO.specVersion], 'blocks of both runtimes were decoded');
      assert.deepEqual(spanLogs.filter((l) => /decod|unknown|unable/i.test(l)), [], 'decode warnings');
    });

    // @polkadot/api 16.5.6 re-decorates after an upgrade from state_getMetadata, which is
    // always metadata v14: v14 has no runtime API section, so ctx.api keeps only the runtime
    // APIs Polkadot.js knows by itself ("Not decorating unknown runtime apis: ..."). A fresh
    // connection reads v16 (Metadata_metadata_at_version) and has them all.
    step('runtime APIs of the new runtime: all decorated and answering on a fresh connection; what ctx.api kept', 180_000, async (t) => {
      const { api } = ctx;
      const connectWarnings = up.freshLogs.filter((l) => !/RPC methods not decorated/.test(l));
      assert.deepEqual(connectWarnings, [], 'the fresh api warned while connecting');
      assert.ok(up.fresh.runtimeMetadata.version >= 15, `the fresh api uses metadata v${up.fresh.runtimeMetadata.version}`);
      const { value: report } = await captureConsole(() => checkRuntimeApis(up.fresh, { rpcPort: ctx.rpcPort }));
      t.diagnostic(`fresh api (metadata v${up.fresh.runtimeMetadata.version}): ${report.apis.map((a) => `${a.name} v${a.version}`).join(', ')}`);
      assert.ok(report.called.length > 5, 'some runtime APIs were called');
      assert.equal(report.failures.length, 0, `runtime API failures:\n${formatFailures(report)}`);
      const lost = report.apis.filter((a) => !api.call[stringCamelCase(a.name)]).map((a) => a.name);
      t.diagnostic(
        `ctx.api uses metadata v${api.runtimeMetadata.version} after the upgrade; runtime APIs not in ctx.api.call: ` +
          `${lost.join(', ') || 'none'}`,
      );
      // What ctx.api kept still answers, against the new runtime.
      const nonce = await api.call.accountNonceApi.accountNonce(ctx.accounts.alice.address);
      assert.equal(nonce.toNumber(), (await api.query.system.account(ctx.accounts.alice.address)).nonce.toNumber(), 'AccountNonceApi');
    });

    step('a GEN transfer signed with the new transaction version moves the exact amount', TX_TIMEOUT_MS, async (t) => {
      const { api, accounts } = ctx;
      const { alice, bob } = accounts;
      const amount = 3n * UNIT + 141_592_653n;
      const outcome = assertOk(api, await send(api.tx.balances.transferKeepAlive(bob.address, amount), alice), 'GEN transfer');
      await assertAlone(outcome);
      const { pre, post, blockNumber } = await statesAround(api, outcome.blockHash);
      assert.equal(post.runtimeVersion.specVersion.toNumber(), TO.specVersion, 'executed by the new runtime');
      const delta = async (who) => (await genFree(post, who)) - (await genFree(pre, who));
      const fee = outcome.fee;
      assert.ok(fee > 0n, 'a fee was paid');
      assert.equal(await delta(alice.address), -(amount + fee), 'Alice loses the amount plus the fee');
      assert.equal(await delta(bob.address), amount, 'Bob gains exactly the amount');
      assert.equal(await delta(ctx.treasury), fee, 'the treasury receives the fee');
      const ev = findEvent(outcome.events, 'balances', 'Transfer');
      assert.deepEqual([ev.data.from.toString(), ev.data.to.toString(), ev.data.amount.toBigInt()], [alice.address, bob.address, amount]);
      t.diagnostic(`${fmt(amount)} GEN in block #${blockNumber}, fee ${fmt(fee)} GEN`);
    });

    step('finalized height keeps growing on all four nodes, and they agree on it', 240_000, async (t) => {
      const nodes = ctx.net.nodes;
      const start = await Promise.all(nodes.map((n) => nodeStatus(n.rpcPort)));
      const target = Math.max(...start.map((s) => s.finalized)) + 3;
      const reached = await Promise.all(
        nodes.map((n) =>
          pollUntil(async () => {
            const s = await nodeStatus(n.rpcPort);
            return s.finalized >= target ? s : null;
          }, { timeoutMs: 180_000, what: `finalized #${target} on ${n.name}` }),
        ),
      );
      const hashes = await Promise.all(nodes.map((n) => rpc(n.rpcPort, 'chain_getBlockHash', [target])));
      t.diagnostic(nodes.map((n, i) => `${n.name}: finalized #${start[i].finalized} -> #${reached[i].finalized}, ${reached[i].peers} peers`).join('; '));
      assert.equal(new Set(hashes).size, 1, `the nodes disagree on block #${target}: ${hashes.join(', ')}`);
      for (const [i, s] of reached.entries()) {
        assert.ok(s.finalized > start[i].finalized, `${nodes[i].name} finalizes`);
        assert.ok(s.finalized > up.upgrade.blockNumber, `${nodes[i].name} finalized past the upgrade`);
      }
      const versions = await Promise.all(nodes.map((n) => rpc(n.rpcPort, 'state_getRuntimeVersion')));
      assert.deepEqual(versions.map((v) => v.specVersion), nodes.map(() => TO.specVersion), 'every node runs the new spec');
    });
  });
});
