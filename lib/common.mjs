// What every part of the library build shares.
import { resolve } from 'node:path';

/** The repository. */
export const root = resolve(import.meta.dirname, '..');
/** jco's transpiler: its own file, imported by the worker only on a cache miss. */
export const TRANSPILER = '@bytecodealliance/jco-transpile/component';

/**
 * The placeholder for a worker's URL while a build runs, replaced in the final code.
 * @param {string} name
 */
export const marker = (name) => `__WASI_BROWSER_WORKER_${name.replace(/\W/g, '_')}__`;

/**
 * An app build (not Vite's library mode, which inlines every asset as base64, the transpiler's
 * 3.5 MB wasm too) into `outDir`, with no vite.config.ts: `config` adds and overrides.
 * @param {string} outDir
 * @param {import('vite').InlineConfig} config
 * @returns {import('vite').InlineConfig}
 */
export function common(outDir, config) {
  return {
    configFile: false,
    root,
    base: './',
    logLevel: 'warn',
    worker: { format: 'es' },
    ...config,
    build: {
      outDir,
      emptyOutDir: false,
      target: 'es2022',
      modulePreload: false,
      copyPublicDir: false,
      reportCompressedSize: false,
      ...config.build,
    },
  };
}
