/**
 * The preview 1 rows (bench/rows/preview1.mjs), page side: core modules through `run()` are
 * startup.ts's startupOurs and filesystem.ts's fsOurs with a core module's URL; here is the peer,
 * `@bjorn3/browser_wasi_shim` in a worker of its own (peer-worker.ts).
 */
import type { PeerRequest } from './peer-worker.ts';
import { startupOurs, startupRaw, timeWorker, type Startup } from './startup.ts';
import type { Bridge } from '../../src/types.ts';

/** Run `url` with browser_wasi_shim in a new worker: ms from `new Worker` to the first stdout byte, and to the exit. */
function runPeer(request: PeerRequest): Promise<Startup> {
  const start = () => new Worker(new URL('./peer-worker.ts', import.meta.url), { type: 'module' });
  return timeWorker(start, request, "browser_wasi_shim's worker");
}

/** The peer's startup: the hello core module from `new Worker` to its first stdout byte. */
export async function p1StartupPeer(url: string): Promise<Startup> {
  return runPeer({ url, args: ['hello'] });
}

/** The same page's second run: one untimed run of `url` by `who` (ours: in `bridge`), then the timed one. */
export async function p1StartupAgain(who: 'ours' | 'raw' | 'peer', url: string, bridge: Bridge): Promise<Startup> {
  const once = () => (who === 'ours' ? startupOurs(url, bridge, false) : who === 'raw' ? startupRaw() : p1StartupPeer(url));
  await once();
  return once();
}

/** fs-bench (core module) `args` on the peer; `opfsFile`: `/` holds that OPFS file, else memory. Answers the loop's µs. */
export async function p1FsPeer(url: string, args: string[], opfsFile?: string): Promise<number> {
  const outcome = await runPeer({ url, args: ['fs-bench', ...args], opfsFile });
  const m = /^us (\d+)/.exec(outcome.stdout);
  if (outcome.exitCode !== 0 || !m) throw new Error(`fs-bench on browser_wasi_shim failed (exit ${outcome.exitCode}): ${outcome.stdout}`);
  return Number(m[1]);
}

export const preview1Bench = { p1StartupPeer, p1StartupAgain, p1FsPeer };
