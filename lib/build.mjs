#!/usr/bin/env node
/**
 * The library build (`npm run build`, `prepack`): `node lib/build.mjs` writes dist/ (or $LIB_OUT),
 * one Vite build after another:
 *
 * | file | what |
 * |---|---|
 * | index.js | ESM for bundlers and `<script type="module">`; starts `new Worker(new URL('./worker.js', import.meta.url), {type: 'module'})` so bundlers find the worker |
 * | service-worker.js | `wasi-browser/service-worker`: `relay()` for a module Service Worker (serve() from a page) |
 * | worker.js | the worker, one self-contained ES module; a worker it starts itself (the OPFS helper) is one more file beside it, started the same way |
 * | transpiler.js + *.wasm | jco's transpiler, imported by the worker only on a cache miss |
 * | wasi-browser.iife.js | a classic script defining the global `WasiBrowser`, every worker inlined |
 * | coi-service-worker.js | the optional service worker that makes a page cross-origin isolated |
 * | index.d.ts, types/ | declarations |
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import { root } from './common.mjs';
import { coiServiceWorkerConfig, emitTypes, esmConfig, iifeConfig, transpilerConfig } from './parts.mjs';
import { buildInlineWorker, buildWorkerFiles } from './workers.mjs';

/**
 * Build the library into `outDir` (emptied first).
 * @param {string} outDir
 */
export async function buildLibrary(outDir) {
  await build(esmConfig(outDir));
  await buildWorkerFiles(outDir);
  await build(transpilerConfig(outDir));
  await build(iifeConfig(outDir, await buildInlineWorker(outDir)));
  await build(coiServiceWorkerConfig(outDir));
  emitTypes(outDir);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await buildLibrary(resolve(root, process.env.LIB_OUT ?? 'dist'));
}
