/**
 * Startup, ours and raw: the time from the call to the first stdout byte reaching the page.
 */
import { clearCache, run } from '../../src/index.ts';
import type { Bridge } from '../../src/types.ts';
import coreModuleUrl from '../fixtures/hello.core.wasm?url&no-inline';

/** What one startup measurement gives: ms to the first stdout byte, and what was printed. */
export interface Startup {
  firstByteMs: number;
  totalMs: number;
  stdout: string;
  exitCode: number;
  /** Ours only: whether the transpiled component came from the cache. */
  cached?: boolean;
  /** Ours only: run()'s own timings (transpile or cache lookup, instantiate, run), in ms. */
  timings?: { transpileMs: number; instantiateMs: number; runMs: number };
}

/**
 * Ours: `run()` a hello component, from the call to the first stdout byte (the stdout callback's
 * time). `clear` empties the transpile cache first (outside the measured time).
 */
export async function startupOurs(url: string, bridge: Bridge, clear: boolean): Promise<Startup> {
  if (clear) await clearCache();
  let first: number | undefined;
  const t0 = performance.now();
  const result = await run(url, {
    bridge,
    stdout: () => {
      first ??= performance.now();
    },
  });
  const t1 = performance.now();
  return {
    firstByteMs: (first ?? Number.NaN) - t0,
    totalMs: t1 - t0,
    stdout: new TextDecoder().decode(result.stdout),
    exitCode: result.exitCode,
    cached: result.timings.cached,
    timings: {
      transpileMs: result.timings.transpileMs,
      instantiateMs: result.timings.instantiateMs,
      runMs: result.timings.runMs,
    },
  };
}

/**
 * The raw browser API: a new worker that streams, compiles and instantiates the hello core
 * module (the same hello.c, no component model) with a minimal preview1 shim, from `new Worker`
 * to the first stdout byte posted back to this page.
 */
export function startupRaw(): Promise<Startup> {
  const start = () => new Worker(new URL('./raw-startup-worker.ts', import.meta.url), { type: 'module' });
  return timeWorker(start, { url: new URL(coreModuleUrl, location.href).href }, 'the raw worker');
}

/**
 * Start a bench worker (`start` writes `new Worker(new URL(...))` itself: Vite bundles a worker
 * only from that literal form), post it `request`, and time it from `new Worker` to the first
 * stdout byte it posts back (`{t: 'out', bytes}`) and to its exit (`{t: 'exit', code}`). `who`
 * names it in an error.
 */
export function timeWorker(start: () => Worker, request: unknown, who: string): Promise<Startup> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let first: number | undefined;
    const t0 = performance.now();
    const worker = start();
    worker.onmessage = (event: MessageEvent) => {
      const data = event.data;
      if (data.t === 'out') {
        first ??= performance.now();
        chunks.push(data.bytes);
      } else if (data.t === 'exit') {
        const t1 = performance.now();
        worker.terminate();
        const stdout = chunks.map((c) => new TextDecoder().decode(c)).join('');
        resolve({ firstByteMs: (first ?? Number.NaN) - t0, totalMs: t1 - t0, stdout, exitCode: data.code });
      } else if (data.t === 'error') {
        worker.terminate();
        reject(new Error(`${who} failed: ${data.message}`));
      }
    };
    worker.onerror = (e) => reject(new Error(`${who} failed to start: ${e.message}`));
    worker.postMessage(request);
  });
}
