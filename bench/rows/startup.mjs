// Startup rows: from the call to the first stdout byte of the hello component, per tier.
//   cold: a new browser context (empty storage), clearCache(), then run() in a new page;
//   warm: another new page of the same context, the transpiled component in the cache;
//   raw:  a new worker that streams, compiles and runs the hello core module (bench/fixtures)
//         with a minimal preview1 shim, in a new context;
//   preview2-shim: fetch + transpile in the page + instantiate + run, in a new context (it has no
//         cache, so its cold and warm are the same measurement).
// Each iteration takes one sample of every column, interleaved, after one untimed warm-up round.

const HELLO = 'hello from wasi-browser\n';

/** Throw unless a startup sample printed the hello line and exited 0 (and came from the cache or not). */
function check(sample, what, cached) {
  if (sample.stdout !== HELLO || sample.exitCode !== 0 || !(sample.firstByteMs >= 0)) {
    throw new Error(`${what}: expected "hello from wasi-browser" and exit 0, got ${JSON.stringify(sample)}`);
  }
  if (cached !== undefined && sample.cached !== cached) {
    throw new Error(`${what}: expected the transpiled component ${cached ? 'from' : 'not from'} the cache, got cached=${sample.cached}`);
  }
  return sample.firstByteMs;
}

/** @param {import('../run.mjs').BenchContext} ctx */
export async function measure(ctx) {
  const tiers = ['jspi', 'atomics'];
  const cold = { jspi: [], atomics: [] };
  const warm = { jspi: [], atomics: [] };
  // Where ours spends its time, from run()'s timings (JSON only). restMs: the first byte's time
  // less transpile (or cache lookup) and instantiate: the component's fetch, the worker's start,
  // the messages between page and worker, and the guest's run up to its first write.
  const parts = (sample) => ({
    transpileMs: sample.timings.transpileMs,
    instantiateMs: sample.timings.instantiateMs,
    runMs: sample.timings.runMs,
    restMs: sample.firstByteMs - sample.timings.transpileMs - sample.timings.instantiateMs,
  });
  const detail = { cold: { jspi: {}, atomics: {} }, warm: { jspi: {}, atomics: {} } };
  const addDetail = (into, sample) => {
    for (const [k, v] of Object.entries(parts(sample))) (into[k] ??= []).push(v);
  };
  const raw = [];
  const shim = [];
  for (let i = -1; i < ctx.iterations; i++) {
    const keep = (list, value) => i >= 0 && list.push(value);
    for (const tier of tiers) {
      const context = await ctx.newContext();
      try {
        const c = await ctx.callInNewPage(context, 'startupOurs', ctx.component, tier, true);
        keep(cold[tier], check(c, `ours cold (${tier})`, false));
        if (i >= 0) addDetail(detail.cold[tier], c);
        const w = await ctx.callInNewPage(context, 'startupOurs', ctx.component, tier, false);
        keep(warm[tier], check(w, `ours warm (${tier})`, true));
        if (i >= 0) addDetail(detail.warm[tier], w);
      } finally {
        await context.close();
      }
    }
    keep(raw, check(await ctx.callInNewPage(undefined, 'startupRaw'), 'raw'));
    keep(shim, check(await ctx.callInNewPage(undefined, 'startupShim', ctx.component), 'preview2-shim'));
    if (i >= 0) ctx.log(`iteration ${i + 1}/${ctx.iterations}`);
  }
  const note = 'ms from the call to the first stdout byte on the page; ours: run() with a stdout callback';
  return tiers.flatMap((tier) => [
    { row: `startup cold (${tier})`, unit: 'ms', ours: cold[tier], raw, shim, note: `${note}, empty cache`, detail: detail.cold[tier] },
    { row: `startup warm (${tier})`, unit: 'ms', ours: warm[tier], raw, shim, target: { vs: 'raw', max: 3 }, note: `${note}, cache filled, new page`, detail: detail.warm[tier] },
  ]);
}
