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
  const context = await ctx.newContext();
  const page = await ctx.openPage(context);
  const s = {};
  const keep = (key, value) => (s[key] ??= []).push(value);
  const get = (key) => s[key] ?? [];
  const ours = (bridge, args) => ctx.call(page, 'fsOurs', guest, bridge, 'opfs', args);
  const raw = (op, n) => ctx.call(page, 'fsRaw', op, 'seq.bin', n);
  const shim = (mount, args, files) => ctx.call(page, 'fsShim', guest, mount, args, files);
  const seq = { 'seq.bin': MIB };
  try {
    for (let i = -1; i < iterations; i++) {
      // A sample that fails (the runner's 60 s limit on a loaded machine) is logged and left out.
      const take = async (key, sample, scale) => {
        try {
          const value = (await sample) / scale;
          ctx.log(`${key}: ${value.toFixed(2)}`);
          if (i >= 0) keep(key, value);
        } catch (e) {
          ctx.log(`${key}: failed: ${e?.message ?? e}`);
        }
      };
      for (const bridge of ['jspi', 'atomics']) {
        await take(`write ${bridge}`, ours(bridge, ['seqwrite', 'seq.bin', String(MIB)]), 1000);
        await take(`read ${bridge}`, ours(bridge, ['seqread', 'seq.bin']), 1000);
        await take(`rand ${bridge}`, ours(bridge, ['randread', 'seq.bin', String(READS)]), READS);
        await take(`files ${bridge}`, ours(bridge, ['smallfiles', 'small', String(FILES)]), 1000);
      }
      await take('swrite jspi', ours('jspi', ['streamwrite', 'stream.bin', String(MIB)]), 1000);
      await take('sread jspi', ours('jspi', ['streamread', 'stream.bin']), 1000);
      await take('write raw', raw('seqwrite', MIB), 1000);
      await take('write4k raw', raw('seqwrite4k', MIB), 1000);
      await take('read raw', raw('seqread', 0), 1000);
      await take('rand raw', raw('randread', READS), READS);
      await take('files raw', ctx.call(page, 'fsRaw', 'smallfiles', 'small', FILES), 1000);
      await take('write shim', shim('memory', ['seqwrite', 'seq.bin', String(MIB)]), 1000);
      await take('read shim', shim('memory', ['seqread', 'seq.bin'], seq), 1000);
      await take('rand shim', shim('memory', ['randread', 'seq.bin', String(READS)], seq), READS);
      await take('swrite shim', shim('memory', ['streamwrite', 'stream.bin', String(MIB)]), 1000);
      await take('sread shim', shim('memory', ['streamread', 'stream.bin'], { 'stream.bin': MIB }), 1000);
      // In a page of its own, closed after: the adapter's background flushes go on after the
      // sample (and can stall it), loading the machine for every later sample otherwise.
      await take('write shim-opfs', ctx.callInNewPage(context, 'fsShim', guest, 'opfs', ['seqwrite', 'seq.bin', String(MIB)]), 1000);
    }
  } finally {
    await context.close();
  }
  const note = (what) => `${what}; ms of the loop as the guest timed it (startup not counted), ${iterations} samples`;
  return [
    { row: `fs ${MIB} MiB pwrite 1 MiB (jspi)`, unit: 'ms', ours: get('write jspi'), raw: get('write raw'), shim: get('write shim'),
      target: { vs: 'raw', max: 1 / 0.75 }, detail: { shimOpfs: get('write shim-opfs') },
      note: note('1 MiB pwrite per WASI call, then fsync; shim: in-memory (detail.shimOpfs: its OPFS adapter incl. flush)') },
    { row: `fs ${MIB} MiB pwrite 1 MiB (atomics)`, unit: 'ms', ours: get('write atomics'), raw: get('write raw'),
      target: { vs: 'raw', max: 1 / 0.4 }, note: note('through the OPFS helper worker') },
    { row: `fs ${MIB} MiB pread 1 MiB (jspi)`, unit: 'ms', ours: get('read jspi'), raw: get('read raw'), shim: get('read shim'),
      target: { vs: 'raw', max: 2 }, note: note('1 MiB pread per WASI call') },
    { row: `fs ${MIB} MiB pread 1 MiB (atomics)`, unit: 'ms', ours: get('read atomics'), raw: get('read raw'),
      target: { vs: 'raw', max: 1 / 0.4 }, note: note('through the OPFS helper worker') },
    { row: `fs ${MIB} MiB write() in 4 KiB stream calls (jspi)`, unit: 'ms', ours: get('swrite jspi'), raw: get('write4k raw'), shim: get('swrite shim'),
      target: { vs: 'shim', max: 0.2 }, note: note('write() of 1 MiB, split by the preview1 adapter into 4 KiB blocking-write-and-flush calls; raw: the same 4 KiB writes on a sync handle') },
    { row: `fs ${MIB} MiB read() in stream calls (jspi)`, unit: 'ms', ours: get('sread jspi'), raw: get('read raw'), shim: get('sread shim'),
      target: { vs: 'shim', max: 0.2 }, note: note('read() of 1 MiB through the adapter\'s input stream') },
    { row: `fs random 4 KiB pread (jspi)`, unit: 'µs', ours: get('rand jspi'), raw: get('rand raw'), shim: get('rand shim'),
      target: { vs: 'raw', max: 3 }, note: `µs per read, ${READS} reads of a ${MIB} MiB file` },
    { row: `fs random 4 KiB pread (atomics)`, unit: 'µs', ours: get('rand atomics'), raw: get('rand raw'),
      note: `µs per read, ${READS} reads; goal: at most 40 µs each` },
    { row: `fs ${FILES} small files (jspi)`, unit: 'ms', ours: get('files jspi'), raw: get('files raw'),
      target: { vs: 'raw', max: 1.5 }, note: note('create+write 100 B, list, stat each, delete each') },
    { row: `fs ${FILES} small files (atomics)`, unit: 'ms', ours: get('files atomics'), raw: get('files raw'),
      note: note('create+write 100 B, list, stat each, delete each') },
  ];
}
