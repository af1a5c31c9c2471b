/**
 * src/worker-url.ts as the IIFE build has it (see lib/parts.mjs): a classic script has no
 * `import.meta.url`, so the worker is inlined and started from a blob: URL (which keeps the
 * page's isolation and OPFS), and the transpiler is looked for beside the script.
 */
import workerSource from 'virtual:wasi-browser/worker-source';

const workerOptions: WorkerOptions = { type: 'module', name: 'wasi-browser' };

/** The script's own URL, known only while it first runs. */
const scriptUrl = (document.currentScript as HTMLScriptElement | null)?.src || undefined;
let inlineUrl: string | undefined;

export function startWorker(workerUrl?: string | URL): Worker {
  if (workerUrl) return new Worker(absolute(workerUrl), workerOptions);
  inlineUrl ??= URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
  return new Worker(inlineUrl, workerOptions);
}

export function transpilerUrl(option?: string | URL): string | undefined {
  if (option) return absolute(option);
  if (!scriptUrl) {
    throw new Error(
      'wasi-browser could not tell where its script was loaded from, so it cannot find transpiler.js: pass options.transpilerUrl',
    );
  }
  return new URL('transpiler.js', scriptUrl).href;
}

export function absolute(url: string | URL): string {
  return new URL(url, globalThis.location?.href).href;
}
