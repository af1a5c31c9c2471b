/**
 * Where the worker and the transpiler come from. The library builds put their own versions of
 * this file in place (see lib/parts.mjs): the ESM build points at `./worker.js` beside
 * itself, the IIFE build at a worker inlined in the script.
 */

const workerOptions: WorkerOptions = { type: 'module', name: 'wasi-browser' };

/** Start the worker that hosts one component: from `workerUrl` if given, else the bundled one. */
export function startWorker(workerUrl?: string | URL): Worker {
  if (workerUrl) return new Worker(absolute(workerUrl), workerOptions);
  return new Worker(new URL('../worker/main.ts', import.meta.url), { type: 'module', name: 'wasi-browser' });
}

/** The transpiler module the worker imports on a cache miss; undefined: the bundled one. */
export function transpilerUrl(option?: string | URL): string | undefined {
  return option ? absolute(option) : undefined;
}

/** URLs cross to the worker as absolute strings: a relative one would resolve against the worker. */
export function absolute(url: string | URL): string {
  return new URL(url, globalThis.location?.href).href;
}
