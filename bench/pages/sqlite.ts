/**
 * SQLite rows (bench/rows/sqlite.mjs): `sqlite-cli bench N` through `run()` (each insert and
 * point query a fermyon:spin/sqlite execute, as the guest times them) against the same calls made
 * on @sqlite.org/sqlite-wasm directly in a worker (raw-sqlite-worker.ts). Microseconds per call.
 */
import { run } from '../../src/index.ts';
import type { Bridge } from '../../src/types.ts';

export interface PerCall {
  insert: number;
  query: number;
}

/** sqlite-cli.wasm's benchmark through run(), on database `bench`. */
export async function sqliteOurs(url: string, bridge: Bridge, n: number): Promise<PerCall> {
  const result = await run(url, { bridge, args: ['sqlite-cli', 'bench', 'bench', String(n)], sqliteDatabases: ['bench'] });
  const text = new TextDecoder().decode(result.stdout);
  const insert = /insert-us ([\d.]+)/.exec(text);
  const query = /query-us ([\d.]+)/.exec(text);
  if (result.exitCode !== 0 || !insert || !query) throw new Error(`sqlite-cli bench failed (exit ${result.exitCode}): ${text}`);
  return { insert: Number(insert[1]), query: Number(query[1]) };
}

/** The same calls on the library directly, in a new dedicated worker. */
export function sqliteRaw(n: number): Promise<PerCall> {
  const worker = new Worker(new URL('./raw-sqlite-worker.ts', import.meta.url), { type: 'module' });
  return new Promise<PerCall>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<PerCall & { error?: string }>) => {
      if (event.data.error !== undefined) reject(new Error(event.data.error));
      else resolve(event.data);
    };
    worker.onerror = (event) => reject(new Error(event.message));
    worker.postMessage({ n });
  }).finally(() => worker.terminate());
}
