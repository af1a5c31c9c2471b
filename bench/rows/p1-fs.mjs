// Preview 1 filesystem rows (issue 11): the core-module build of fs-bench
// (e2e/guests/built/core/fs-bench.wasm) through run() with `/` on OPFS: 64 MiB through
// write()/read() of 1 MiB (streamwrite/streamread), and 1,000 small files; raw: the same loops on
// sync access handles in a worker (raw-fs-worker.ts); the peer, @bjorn3/browser_wasi_shim: its
// SyncOPFSFile for the 64 MiB file, its in-memory directory for the small files (it has no OPFS
// directories). Each sample is the loop's own time as the guest timed it.
// Ratios are of times (ours/raw), so "at least 0.8x raw throughput" is "ours/raw <= 1.25".

const CORE_FS = '/guests/core/fs-bench.wasm';
const MIB = 64;
const FILES = 1000;
const PEER = '@bjorn3/browser_wasi_shim';

/** @param {import('../run.mjs').BenchContext} ctx */
export async function measure(ctx) {
  const iterations = Math.min(ctx.iterations, 3);
  const context = await ctx.newContext();
  const page = await ctx.openPage(context);
  const s = {};
  try {
    for (let i = -1; i < iterations; i++) {
      const take = async (key, sample, scale) => {
        const value = (await sample) / scale;
        ctx.log(`${key}: ${value.toFixed(2)}`);
        if (i >= 0) (s[key] ??= []).push(value);
      };
      const ours = (bridge, args) => ctx.call(page, 'fsOurs', CORE_FS, bridge, 'opfs', args);
      for (const bridge of ['jspi', 'atomics']) {
        await take(`write ${bridge}`, ours(bridge, ['streamwrite', 'stream.bin', String(MIB)]), 1000);
        await take(`read ${bridge}`, ours(bridge, ['streamread', 'stream.bin']), 1000);
        await take(`files ${bridge}`, ours(bridge, ['smallfiles', 'small', String(FILES)]), 1000);
      }
      await take('write raw', ctx.call(page, 'fsRaw', 'seqwrite', 'seq.bin', MIB), 1000);
      await take('read raw', ctx.call(page, 'fsRaw', 'seqread', 'seq.bin', 0), 1000);
      await take('files raw', ctx.call(page, 'fsRaw', 'smallfiles', 'small', FILES), 1000);
      await take('write peer', ctx.call(page, 'p1FsPeer', CORE_FS, ['streamwrite', 'stream.bin', String(MIB)], 'stream.bin'), 1000);
      await take('read peer', ctx.call(page, 'p1FsPeer', CORE_FS, ['streamread', 'stream.bin'], 'stream.bin'), 1000);
      await take('files peer', ctx.call(page, 'p1FsPeer', CORE_FS, ['smallfiles', 'small', String(FILES)]), 1000);
    }
  } finally {
    await context.close();
  }
  const note = (what) => `${what}; ms of the loop as the guest timed it (startup not counted), ${iterations} samples; shim column: browser_wasi_shim`;
  return ['jspi', 'atomics'].flatMap((bridge) => [
    { row: `p1 ${MIB} MiB write() 1 MiB (${bridge})`, unit: 'ms', ours: s[`write ${bridge}`], raw: s['write raw'], shim: s['write peer'],
      peer: PEER, target: { vs: 'raw', max: 1 / 0.8 }, note: note('write() of 1 MiB per call, then fsync; raw: 1 MiB sync-handle writes, then flush; peer: its SyncOPFSFile') },
    { row: `p1 ${MIB} MiB read() 1 MiB (${bridge})`, unit: 'ms', ours: s[`read ${bridge}`], raw: s['read raw'], shim: s['read peer'],
      peer: PEER, target: { vs: 'raw', max: 1 / 0.7 }, note: note('read() of 1 MiB per call to the end; peer: its SyncOPFSFile') },
    { row: `p1 ${FILES} small files (${bridge})`, unit: 'ms', ours: s[`files ${bridge}`], raw: s['files raw'], shim: s['files peer'],
      peer: PEER, target: { vs: 'raw', max: 1.3 }, note: note('create+write 100 B, list, stat each, delete each; peer: in memory (no OPFS directories)') },
  ]);
}

