/**
 * Filesystem rows (bench/rows/filesystem.mjs): fs-bench.wasm through `run()` with an OPFS or a
 * memory mount, the same loops raw in a worker (raw-fs-worker.ts), and fs-bench.wasm on
 * preview2-shim's browser build (its in-memory filesystem, or its OPFS adapter with its flush).
 * Every function answers the microseconds of the loop alone, as the guest (or the worker)
 * timed it: startup is not counted.
 */
import { run } from '../../src/index.ts';
import type { Bridge } from '../../src/types.ts';
import type { RawFsRequest } from './raw-fs-worker.ts';
import { instantiateGlue, jspiImports, runCommand, shimImports } from './shim.ts';

/** What fs-bench printed: "us N" first. */
function parse(stdout: Uint8Array | string, exitCode: number, stderr = ''): number {
  const text = typeof stdout === 'string' ? stdout : new TextDecoder().decode(stdout);
  const m = /^us (\d+)/.exec(text);
  if (exitCode !== 0 || !m) throw new Error(`fs-bench failed (exit ${exitCode}): ${text} ${stderr}`);
  return Number(m[1]);
}

/** fs-bench.wasm `args` through run() with `/` mounted from OPFS `bench-ours` or from memory. */
export async function fsOurs(url: string, bridge: Bridge, mount: 'opfs' | 'memory', args: string[], files?: Record<string, number>): Promise<number> {
  const given: Record<string, Uint8Array> = {};
  for (const [name, mib] of Object.entries(files ?? {})) given[name] = new Uint8Array(mib << 20).fill(7);
  const result = await run(url, {
    bridge,
    args: ['fs-bench', ...args],
    mounts: { '/': mount === 'opfs' ? { kind: 'opfs', path: 'bench-ours' } : { kind: 'memory', files: given } },
  });
  return parse(result.stdout, result.exitCode, new TextDecoder().decode(result.stderr));
}

/** The same loop raw, in a new dedicated worker. */
export function fsRaw(op: RawFsRequest['op'], name: string, n: number): Promise<number> {
  const worker = new Worker(new URL('./raw-fs-worker.ts', import.meta.url), { type: 'module' });
  return new Promise<number>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<{ us?: number; error?: string }>) => {
      if (event.data.error !== undefined) reject(new Error(event.data.error));
      else resolve(event.data.us!);
    };
    worker.onerror = (event) => reject(new Error(event.message));
    worker.postMessage({ op, name, n } satisfies RawFsRequest);
  }).finally(() => worker.terminate());
}

let shimGlue: { files: Map<string, Uint8Array>; imports: string[] } | undefined;

/**
 * fs-bench.wasm `args` on preview2-shim with JSPI: `/` is its in-memory filesystem (holding
 * `files`, name -> MiB) or, with 'opfs', its OPFS adapter over OPFS `bench-shim` (read into
 * memory at the start, written back after changes by its flush, awaited before answering).
 */
export async function fsShim(url: string, mount: 'opfs' | 'memory', args: string[], files?: Record<string, number>): Promise<number> {
  const shim = await import('@bytecodealliance/preview2-shim');
  if (!shimGlue) {
    const transpiler = await import('@bytecodealliance/jco-transpile/component');
    await transpiler.$init;
    const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
    const out = transpiler.generate(bytes, {
      name: 'fsbench', noTypescript: true, instantiation: { tag: 'async' },
      asyncMode: { tag: 'jspi', val: { imports: jspiImports, exports: ['wasi:cli/run#run'] } },
    });
    shimGlue = { files: new Map(out.files), imports: out.imports };
  }
  const fs = shim.filesystem as unknown as Record<string, (...a: unknown[]) => unknown>;
  let adapter: { flush(): Promise<void> } | undefined;
  if (mount === 'opfs') {
    const root = await navigator.storage.getDirectory();
    const handle = await root.getDirectoryHandle('bench-shim', { create: true });
    const OpfsAdapter = fs.OpfsFilesystemAdapter as unknown as new () => { flush(): Promise<void> };
    adapter = new OpfsAdapter();
    fs._clearPreopens();
    fs._addPreopenWithAdapter('/', adapter, await fs.loadOpfsCapability(handle));
  } else {
    const dir: Record<string, { source: Uint8Array }> = {};
    for (const [name, mib] of Object.entries(files ?? {})) dir[name] = { source: new Uint8Array(mib << 20).fill(7) };
    fs._setPreopens({ '/': { dir } });
  }
  const cli = shim.cli as unknown as Record<string, (...a: unknown[]) => void>;
  cli._setArgs(['fs-bench', ...args]);
  const chunks: Uint8Array[] = [];
  cli._setStdout({ write: (b: Uint8Array) => void chunks.push(b.slice()), blockingFlush() {} });
  const instance = await instantiateGlue(shimGlue.files, 'fsbench.js', shimImports(shim, shimGlue.imports));
  const exitCode = await runCommand(instance);
  const f0 = performance.now();
  await adapter?.flush();
  const flushUs = (performance.now() - f0) * 1000;
  // The OPFS adapter's data reaches OPFS only in its flush: that counts.
  return parse(chunks.map((c) => new TextDecoder().decode(c)).join(''), exitCode) + flushUs;
}

export const filesystemBench = { fsOurs, fsRaw, fsShim };
