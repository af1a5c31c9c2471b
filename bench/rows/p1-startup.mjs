// Preview 1 startup rows (issue 11): the hello core module (e2e/guests/built/core/hello.wasm)
// through run(), ms from the call to the first stdout byte on the page, beside the raw browser
// API and the peer, @bjorn3/browser_wasi_shim (a worker of its own, bench/pages/peer-worker.ts),
// in the same run. cold: the first page of a new profile; warm: a second page of that profile;
// same page: a second run() in the page of the first. Raw (startupRaw: a worker that instantiates the
// same bytes with a minimal fd_write) and the peer are measured the same way, cold in a new
// profile's first page, warm in its second.

const HELLO = 'hello from wasi-browser\n';
const CORE_HELLO = '/guests/core/hello.wasm';
const PEER = '@bjorn3/browser_wasi_shim';

function firstByte(sample, what) {
  if (sample.stdout !== HELLO || sample.exitCode !== 0 || !(sample.firstByteMs >= 0)) {
    throw new Error(`${what}: expected "hello from wasi-browser" and exit 0, got ${JSON.stringify(sample)}`);
  }
  return sample.firstByteMs;
}

/** @param {import('../run.mjs').BenchContext} ctx */
export async function measure(ctx) {
  const tiers = ['jspi', 'atomics'];
  const s = {};
  const keep = (i, key, value) => i >= 0 && (s[key] ??= []).push(value);
  // Where ours spends its time (JSON only): run()'s instantiateMs (compile, check, instantiate
  // in the worker) and the rest before the first byte (fetch, worker start, messages, _start).
  const parts = {};
  const split = (i, key, sample) => {
    if (i < 0 || !sample.timings) return;
    const into = (parts[key] ??= { instantiateMs: [], restMs: [] });
    into.instantiateMs.push(sample.timings.instantiateMs);
    into.restMs.push(sample.firstByteMs - sample.timings.instantiateMs);
  };
  /** Cold, warm, and the same page's second run (p1StartupAgain with `again`) in one new profile. */
  const profile = async (i, name, method, args, again = []) => {
    const context = await ctx.newContext();
    try {
      for (const [key, fn, fnArgs] of [['cold', method, args], ['warm', method, args], ['again', 'p1StartupAgain', again]]) {
        const sample = await ctx.callInNewPage(context, fn, ...fnArgs);
        keep(i, `${name} ${key}`, firstByte(sample, `${name} ${key}`));
        split(i, `${name} ${key}`, sample);
      }
    } finally {
      await context.close();
    }
  };
  for (let i = -1; i < ctx.iterations; i++) {
    for (const tier of tiers) await profile(i, tier, 'startupOurs', [CORE_HELLO, tier, false], ['ours', CORE_HELLO, tier]);
    await profile(i, 'raw', 'startupRaw', [], ['raw', CORE_HELLO, 'jspi']);
    await profile(i, 'peer', 'p1StartupPeer', [CORE_HELLO], ['peer', CORE_HELLO, 'jspi']);
    if (i >= 0) ctx.log(`startup iteration ${i + 1}/${ctx.iterations}`);
  }
  const note = 'ms from the call to the first stdout byte of the hello core module on the page; ours: run(url) with a stdout callback; shim column: browser_wasi_shim';
  return tiers.flatMap((tier) => [
    { row: `p1 startup cold (${tier})`, unit: 'ms', ours: s[`${tier} cold`], raw: s['raw cold'], shim: s['peer cold'],
      peer: PEER, target: { vs: 'raw', max: 1.5 }, note: `${note}; the first page of a new profile`, detail: parts[`${tier} cold`] },
    { row: `p1 startup warm (${tier})`, unit: 'ms', ours: s[`${tier} warm`], raw: s['raw warm'], shim: s['peer warm'],
      peer: PEER, target: { vs: 'raw', max: 1.2 }, note: `${note}; the second page of that profile`, detail: parts[`${tier} warm`] },
    { row: `p1 startup same page (${tier})`, unit: 'ms', ours: s[`${tier} again`], raw: s['raw again'], shim: s['peer again'],
      peer: PEER, note: `${note}; a second run in the page of the first (no target)`, detail: parts[`${tier} again`] },
  ]);
}

