/**
 * wasi-browser: run WebAssembly components built for WASI 0.2 in a page.
 */
export { run } from './run.ts';
export { instantiate } from './instantiate.ts';
export { clearCache } from './cache.ts';
export { serve } from './serve.ts';
export type { ServeOptions, Server } from './serve.ts';
export { answerServiceWorker } from './answer-service-worker.ts';
export { chooseBridge, hasJspi, isIsolated } from './tier.ts';
export type { Bridge, ComponentSource, Instance, RunOptions, RunResult, Timings } from './types.ts';
export { mkdir, readDir, readFile, remove, symlink, writeFile } from './files/index.ts';
export type { DirEntry, EntryType } from './files/index.ts';
export type { Mount } from './types.ts';
