// Filesystem rows: fs-bench.wasm (e2e/guests/src/fs-bench.c) through run() with an OPFS mount,
// against the same loops raw in a worker (sync access handles, async OPFS for directories) and
// against preview2-shim's browser build (its in-memory filesystem; its OPFS adapter with its
// flush in `detail.shimOpfs`). Each sample is the loop's own time as the guest (or the worker)
// measured it, so startup is not counted. Page side: bench/pages/filesystem.ts.

const MIB = 64;
const READS = 10_000;
const FILES = 1000;

/** @param {import('../run.mjs').BenchContext} ctx */
export async function measure(ctx) {
  const guest = '/guests/fs-bench.wasm';
  const iterations = Math.min(ctx.iterations, 3);
  const context = await ctx.browser.newContext();
  const page = await ctx.openPage(context);
  const s = {};
  const keep = (key, value) => (s[key] ??= []).push(value);
  const ours = (bridge, args) => ctx.call(page, 'fsOurs', guest, bridge, 'opfs', args);
  const raw = (op, n) => ctx.call(page, 'fsRaw', op, 'seq.bin', n);
  const shim = (mount, args, files) => ctx.call(page, 'fsShim', guest, mount, args, files);
  const seq = { 'seq.bin': MIB };
  try {
    for (let i = -1; i < iterations; i++) {
      const take = (key, value) => {
        ctx.log(`${key}: ${value.toFixed(2)}`);
        if (i >= 0) keep(key, value);
      };
      for (const bridge of ['jspi', 'atomics']) {
        take(`write ${bridge}`, (await ours(bridge, ['seqwrite', 'seq.bin', String(MIB)])) / 1000);
        take(`read ${bridge}`, (await ours(bridge, ['seqread', 'seq.bin'])) / 1000);
        take(`rand ${bridge}`, (await ours(bridge, ['randread', 'seq.bin', String(READS)])) / READS);
        take(`files ${bridge}`, (await ours(bridge, ['smallfiles', 'small', String(FILES)])) / 1000);
      }
      take('swrite jspi', (await ours('jspi', ['streamwrite', 'stream.bin', String(MIB)])) / 1000);
      take('sread jspi', (await ours('jspi', ['streamread', 'stream.bin'])) / 1000);
      take('write raw', (await raw('seqwrite', MIB)) / 1000);
      take('read raw', (await raw('seqread', 0)) / 1000);
      take('rand raw', (await raw('randread', READS)) / READS);
      take('files raw', (await ctx.call(page, 'fsRaw', 'smallfiles', 'small', FILES)) / 1000);
      take('write shim', (await shim('memory', ['seqwrite', 'seq.bin', String(MIB)])) / 1000);
      take('read shim', (await shim('memory', ['seqread', 'seq.bin'], seq)) / 1000);
      take('rand shim', (await shim('memory', ['randread', 'seq.bin', String(READS)], seq)) / READS);
      take('swrite shim', (await shim('memory', ['streamwrite', 'stream.bin', String(MIB)])) / 1000);
      take('sread shim', (await shim('memory', ['streamread', 'stream.bin'], { 'stream.bin': MIB })) / 1000);
      take('write shim-opfs', (await shim('opfs', ['seqwrite', 'seq.bin', String(MIB)])) / 1000);
    }
  } finally {
    await context.close();
  }
  const note = (what) => `${what}; ms of the loop as the guest timed it (startup not counted), ${iterations} samples`;
  return [
    { row: `fs ${MIB} MiB pwrite 1 MiB (jspi)`, unit: 'ms', ours: s['write jspi'], raw: s['write raw'], shim: s['write shim'],
      target: { vs: 'raw', max: 1 / 0.75 }, detail: { shimOpfs: s['write shim-opfs'] },
      note: note('1 MiB pwrite per WASI call, then fsync; shim: in-memory (detail.shimOpfs: its OPFS adapter incl. flush)') },
    { row: `fs ${MIB} MiB pwrite 1 MiB (atomics)`, unit: 'ms', ours: s['write atomics'], raw: s['write raw'],
      target: { vs: 'raw', max: 1 / 0.4 }, note: note('through the OPFS helper worker') },
    { row: `fs ${MIB} MiB pread 1 MiB (jspi)`, unit: 'ms', ours: s['read jspi'], raw: s['read raw'], shim: s['read shim'],
      target: { vs: 'raw', max: 2 }, note: note('1 MiB pread per WASI call') },
    { row: `fs ${MIB} MiB pread 1 MiB (atomics)`, unit: 'ms', ours: s['read atomics'], raw: s['read raw'],
      target: { vs: 'raw', max: 1 / 0.4 }, note: note('through the OPFS helper worker') },
    { row: `fs ${MIB} MiB write() in 4 KiB stream calls (jspi)`, unit: 'ms', ours: s['swrite jspi'], raw: s['write raw'], shim: s['swrite shim'],
      target: { vs: 'shim', max: 0.2 }, note: note('write() of 1 MiB, split by the preview1 adapter into 4 KiB blocking-write-and-flush calls') },
    { row: `fs ${MIB} MiB read() in stream calls (jspi)`, unit: 'ms', ours: s['sread jspi'], raw: s['read raw'], shim: s['sread shim'],
      target: { vs: 'shim', max: 0.2 }, note: note('read() of 1 MiB through the adapter\'s input stream') },
    { row: `fs random 4 KiB pread (jspi)`, unit: 'µs', ours: s['rand jspi'], raw: s['rand raw'], shim: s['rand shim'],
      target: { vs: 'raw', max: 3 }, note: `µs per read, ${READS} reads of a ${MIB} MiB file` },
    { row: `fs random 4 KiB pread (atomics)`, unit: 'µs', ours: s['rand atomics'], raw: s['rand raw'],
      note: `µs per read, ${READS} reads; goal: at most 40 µs each` },
    { row: `fs ${FILES} small files (jspi)`, unit: 'ms', ours: s['files jspi'], raw: s['files raw'],
      target: { vs: 'raw', max: 1.5 }, note: note('create+write 100 B, list, stat each, delete each') },
    { row: `fs ${FILES} small files (atomics)`, unit: 'ms', ours: s['files atomics'], raw: s['files raw'],
      note: note('create+write 100 B, list, stat each, delete each') },
  ];
}
