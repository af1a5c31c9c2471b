/**
 * The one place where the two tiers differ: how a host call waits for something async.
 * Everything in worker/wasi/ is written once against {@link Bridge} and {@link Maybe}:
 * in the JSPI tier a wait is a Promise the glue awaits (the import is `WebAssembly.Suspending`);
 * in the Atomics tier it is a synchronous `Atomics.wait`. See README.md beside this file.
 */
import type { Job } from '../../shared/job.ts';
import type { Op } from '../../shared/protocol.ts';
import type { Backend } from '../wasi/filesystem/backend.ts';
import { createAtomicsBridge } from './atomics.ts';
import type { HttpEndpoint } from './http.ts';
import type { KeyValueCall, WireValue } from '../../shared/keyvalue/wire.ts';
import { createJspiBridge } from './jspi.ts';
import type { Output } from './output.ts';

/** A value now (Atomics tier) or later (JSPI tier). */
export type Maybe<T> = T | Promise<T>;

/** A host request the page answered with a status other than Ok, Eof or More. */
export class BridgeError extends Error {
  constructor(message: string, readonly status: number, readonly payload: Uint8Array) {
    super(message);
    this.name = 'BridgeError';
  }
}

/** The answer to a host request. */
export interface Reply {
  status: number;
  payload: Uint8Array;
}

export interface Bridge {
  readonly tier: 'jspi' | 'atomics';
  /** Ask the page to serve `op` and wait for its answer. Rejects/throws {@link BridgeError}. */
  request(op: Op, payload?: Uint8Array): Maybe<Reply>;
  /** Wait `ms` milliseconds. */
  sleep(ms: number): Maybe<void>;

  // How the guest waits in a host call (see createBridge below).
  /**
   * `fn` as an import the guest calls and may wait in: JSPI, a `WebAssembly.Suspending` (which
   * suspends only where `fn` returns a Promise); Atomics, `fn` itself (it never returns one).
   */
  wrapImport<F extends (...args: never[]) => unknown>(fn: F): F;
  /**
   * Whether the component's exports must be listed before the transpile for a call of one to
   * wait (JSPI: jco makes the listed ones `promising`).
   */
  readonly listsExports: boolean;
  /**
   * A core module's export `fn` as the page calls it, so that the imports it calls may wait:
   * JSPI, `WebAssembly.promising(fn)`; Atomics, `fn` itself.
   */
  wrapExport<F extends (...args: never[]) => unknown>(fn: F): (...args: Parameters<F>) => unknown;
}

// wasi:filesystem's part of the Bridge, declared apart (TypeScript merges the two declarations).
export interface Bridge {
  /**
   * Open the backends of the OPFS mounts at `paths` (from the OPFS root), in order. JSPI tier:
   * in this worker. Atomics tier: in a helper worker (worker/opfs-helper.ts), since this worker
   * cannot await the async OPFS calls; it watches the run's CLOSED word. See filesystem/remote.ts.
   */
  mountOpfs(paths: string[]): Promise<Backend[]>;
}

/** Apply `f` to a value that may still be coming. */
export function then<T, U>(value: Maybe<T>, f: (value: T) => Maybe<U>): Maybe<U> {
  return value instanceof Promise ? value.then(f) : f(value);
}

/** Call `step` until it gives something other than undefined, waiting where it returns a Promise. */
export function repeat<T>(step: () => Maybe<T | undefined>): Maybe<T> {
  for (;;) {
    const result = step();
    if (result instanceof Promise) return result.then((r) => (r === undefined ? repeat(step) : r));
    if (result !== undefined) return result;
  }
}

/**
 * The bridge of `job`'s tier over the event `port`. `onFatal`: how the JSPI tier ends a run it
 * cannot unwind (see jspi.ts).
 */
export function createBridge(
  job: Pick<Job, 'tier' | 'sab' | 'wholeOrigins' | 'output'>,
  port: MessagePort,
  onFatal: (error: Error) => void,
): Bridge {
  return job.tier === 'atomics'
    ? createAtomicsBridge(job.sab!, port, job.output!)
    : createJspiBridge(port, onFatal, job.wholeOrigins, job.output);
}

// The guest's stdout/stderr (output.ts), declared apart.
export interface Bridge {
  /** Where the guest's output goes: to the page, waiting for credit (back-pressure) as the tier waits. */
  readonly output: Output;
}

// wasi:http's part of the Bridge (http.ts), declared apart.
export interface Bridge {
  /**
   * Where wasi:http requests and bodies live: `fetches` where this run makes its requests (the
   * worker in the JSPI tier, the page in the Atomics tier), `page` the page's table, which holds
   * serve()'s request and response bodies in both tiers.
   */
  readonly http: { readonly fetches: HttpEndpoint; readonly page: HttpEndpoint };
}

// wasi:keyvalue's part of the Bridge (keyvalue.ts), declared apart.
export interface Bridge {
  /** Run a key-value call where this tier runs them: in the worker (JSPI) or on the page (Atomics). */
  keyValue(call: KeyValueCall): Maybe<WireValue>;
}
