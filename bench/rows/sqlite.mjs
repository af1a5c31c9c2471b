// SQLite rows (bench/pages/sqlite.ts): µs per fermyon:spin/sqlite execute, an insert (one row,
// a text parameter, its own transaction) and a point query by primary key, as sqlite-cli.wasm
// (`bench bench N`) times them through run(), against the same statements made on
// @sqlite.org/sqlite-wasm directly in a worker, with the same VFS (opfs-sahpool), in the same page
// and run. Ours crosses the bridge, the page and the page's SQLite worker on every call.
// Targets: an insert at most 2x the library's (the write to OPFS should dominate); a point query
// has no target (the two message hops are most of it): for information.

const N = 200;

/** @param {import('../run.mjs').BenchContext} ctx */
export async function measure(ctx) {
  const context = await ctx.newContext();
  const page = await ctx.openPage(context);
  const url = '/guests/sqlite-cli.wasm';
  const samples = {};
  for (const key of ['insert jspi', 'insert atomics', 'query jspi', 'query atomics']) samples[key] = { ours: [], raw: [] };
  try {
    for (let i = -1; i < ctx.iterations; i++) {
      const keep = (list, value) => i >= 0 && list.push(value);
      const steps = [
        async () => {
          const raw = await ctx.call(page, 'sqliteRaw', N);
          for (const tier of ['jspi', 'atomics']) {
            keep(samples[`insert ${tier}`].raw, raw.insert);
            keep(samples[`query ${tier}`].raw, raw.query);
          }
        },
        ...['jspi', 'atomics'].map((tier) => async () => {
          const ours = await ctx.call(page, 'sqliteOurs', url, tier, N);
          keep(samples[`insert ${tier}`].ours, ours.insert);
          keep(samples[`query ${tier}`].ours, ours.query);
        }),
      ];
      if (i % 2) steps.reverse();
      for (const step of steps) await step();
    }
  } finally {
    await context.close();
  }
  return Object.entries(samples).map(([key, columns]) => {
    const [what, tier] = key.split(' ');
    return {
      row: `sqlite ${what === 'insert' ? 'insert' : 'point query'} (${tier})`,
      unit: 'µs',
      ...columns,
      ...(what === 'insert' ? { target: { vs: 'raw', max: 2 } } : {}),
      note: `µs per call, mean of ${N}; ours: sqlite-cli.wasm through run() (fermyon:spin/sqlite execute); raw: @sqlite.org/sqlite-wasm's exec/selectValue in a worker, opfs-sahpool`,
    };
  });
}
