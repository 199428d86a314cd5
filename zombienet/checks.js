// zombienet `js-script` checks for Metanode networks, over plain JSON-RPC (HTTP, no
// @polkadot/api). zombienet calls `run(nodeName, networkInfo, args)` once per node named in
// the assertion line; `args` is the `with "..."` string split at commas.
//
//   <node>: js-script ./checks.js with "progress,finalized,5,120" return is at least 5 within 130 seconds
//     waits (at most 120 s) until the node's finalized block number has grown by 5 from the
//     value it had when the check started; returns the growth seen. `best` instead of
//     `finalized` checks the best block.
//   <node>: js-script ./checks.js with "caught-up,2,180" return is 0 within 190 seconds
//     waits (at most 180 s) until the node's finalized number is within 2 blocks of the
//     highest finalized number among all nodes of the network, and it is not syncing;
//     returns 0 then (throws on timeout).
//   <node>: js-script ./checks.js with "ibft-voting" return is 0 within 60 seconds
//     checks that the node's IBFT gadget has its own key in the validator set
//     (`ibft_roundState`.local is one of .validators); returns 0 (throws otherwise, or on
//     timeout of 60 s).
//
// Plain CommonJS on purpose: zombienet loads js-scripts with require().

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function httpUri(wsUri) {
  return wsUri.replace(/^ws(s?):\/\//, 'http$1://');
}

async function rpc(wsUri, method, params = []) {
  const res = await fetch(httpUri(wsUri), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    signal: AbortSignal.timeout(5_000),
  });
  const body = await res.json();
  if (body.error) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.result;
}

async function heights(wsUri) {
  const [best, finalizedHash, health] = await Promise.all([
    rpc(wsUri, 'chain_getHeader'),
    rpc(wsUri, 'chain_getFinalizedHead'),
    rpc(wsUri, 'system_health'),
  ]);
  const finalized = await rpc(wsUri, 'chain_getHeader', [finalizedHash]);
  return {
    best: Number.parseInt(best.number, 16),
    finalized: Number.parseInt(finalized.number, 16),
    isSyncing: health.isSyncing,
    peers: health.peers,
  };
}

/** Calls `check()` every second until it returns a value other than undefined, or throws after `seconds`. */
async function poll(what, seconds, check) {
  const deadline = Date.now() + seconds * 1000;
  let last;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
      last = undefined;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${seconds} s waiting for ${what}${last ? ` (last error: ${last.message})` : ''}`);
    }
    await sleep(1_000);
  }
}

async function progress(node, kind, count, seconds) {
  if (kind !== 'best' && kind !== 'finalized') throw new Error(`progress: kind must be best or finalized, got ${kind}`);
  const start = (await poll(`${node.name} RPC`, seconds, () => heights(node.wsUri)))[kind];
  return poll(`${node.name}: ${kind} block to grow by ${count} from #${start}`, seconds, async () => {
    const now = (await heights(node.wsUri))[kind];
    const growth = now - start;
    return growth >= count ? growth : undefined;
  });
}

async function caughtUp(node, networkInfo, tolerance, seconds) {
  const others = Object.values(networkInfo.nodesByName).filter((n) => n.name !== node.name);
  let detail = '';
  return poll(`${node.name} to catch up`, seconds, async () => {
    const own = await heights(node.wsUri);
    const theirs = await Promise.all(others.map((n) => heights(n.wsUri).then((h) => h.finalized, () => 0)));
    const highest = Math.max(own.finalized, ...theirs);
    detail = `own #${own.finalized}, highest #${highest}, syncing ${own.isSyncing}`;
    if (own.finalized + tolerance >= highest && !own.isSyncing) {
      console.log(`\t${node.name} caught up: ${detail}`);
      return 0;
    }
    return undefined;
  }).catch((err) => {
    throw new Error(`${err.message}; ${detail}`);
  });
}

async function ibftVoting(node, seconds) {
  return poll(`${node.name} to vote in IBFT`, seconds, async () => {
    const state = await rpc(node.wsUri, 'ibft_roundState');
    if (!state.local) throw new Error(`${node.name} has no IBFT key of the set ${JSON.stringify(state.validators)}`);
    if (!state.validators.includes(state.local)) throw new Error(`${node.name}'s key ${state.local} is not in the set`);
    return 0;
  });
}

async function run(nodeName, networkInfo, args) {
  const node = networkInfo.nodesByName[nodeName];
  if (!node) throw new Error(`no node called ${nodeName}`);
  const [mode, ...rest] = args.map((a) => a.trim());
  switch (mode) {
    case 'progress': {
      const [kind = 'finalized', count = '5', seconds = '120'] = rest;
      return progress(node, kind, Number(count), Number(seconds));
    }
    case 'caught-up': {
      const [tolerance = '2', seconds = '180'] = rest;
      return caughtUp(node, networkInfo, Number(tolerance), Number(seconds));
    }
    case 'ibft-voting': {
      const [seconds = '60'] = rest;
      return ibftVoting(node, Number(seconds));
    }
    default:
      throw new Error(`checks.js: unknown mode "${mode}" (progress, caught-up, ibft-voting)`);
  }
}

module.exports = { run };
