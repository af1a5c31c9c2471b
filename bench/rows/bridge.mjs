// Bridge rows: µs per no-op blocking call, ours (a no-op request through our bridge, in the
// bench's own worker, bench/pages/bridge-worker.ts) against the same mechanism done raw, in the
// same page and run.
//   atomics: the worker Atomics.wait's while the page, woken by a message, notifies (target 2x);
//   jspi:    the worker awaits the page's reply message (no target: for information).
// Each sample is the mean of N sequential round trips; the table shows the median sample.

const N = 2000;

/** @param {import('../run.mjs').BenchContext} ctx */
export async function measure(ctx) {
  const context = await ctx.newContext();
  const page = await ctx.openPage(context);
  const samples = { atomics: { ours: [], raw: [] }, jspi: { ours: [], raw: [] } };
  try {
    for (let i = -1; i < ctx.iterations; i++) {
      const keep = (list, value) => i >= 0 && list.push(value);
      // Alternate which goes first, so neither always runs on a warmer machine.
      const pairs = [
        ['atomics', 'ours', () => ctx.call(page, 'bridgeOurs', 'atomics', N)],
        ['atomics', 'raw', () => ctx.call(page, 'bridgeRawAtomics', N)],
        ['jspi', 'ours', () => ctx.call(page, 'bridgeOurs', 'jspi', N)],
        ['jspi', 'raw', () => ctx.call(page, 'bridgeRawPing', N)],
      ];
      if (i % 2) pairs.reverse();
      for (const [tier, who, measureOnce] of pairs) keep(samples[tier][who], await measureOnce());
    }
  } finally {
    await context.close();
  }
  return [
    {
      row: 'bridge no-op (atomics)',
      unit: 'µs',
      ...samples.atomics,
      target: { vs: 'raw', max: 2 },
      note: `µs per round trip, mean of ${N}; raw: Atomics.wait in a worker, the page woken by a MessagePort message notifies`,
    },
    {
      row: 'bridge no-op (jspi)',
      unit: 'µs',
      ...samples.jspi,
      note: `µs per round trip, mean of ${N}; raw: the worker awaits the page's reply message`,
    },
  ];
}
