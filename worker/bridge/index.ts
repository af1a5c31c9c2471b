/**
 * The one place where the two tiers differ: how a host call waits for something async.
 * Everything in worker/wasi/ is written once against {@link Bridge} and {@link Maybe}:
 * in the JSPI tier a wait is a Promise the glue awaits (the import is `WebAssembly.Suspending`);
 * in the Atomics tier it is a synchronous `Atomics.wait`. See README.md beside this file.
 */
import type { Op } from '../../shared/protocol.ts';

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

// wasi:http (http.ts): a block of its own, merged into Bridge above.
import type { HttpEndpoint } from './http.ts';

export interface Bridge {
  /**
   * Where wasi:http requests and bodies live: `fetches` where this run makes its requests (the
   * worker in the JSPI tier, the page in the Atomics tier), `page` the page's table, which holds
   * serve()'s request and response bodies in both tiers.
   */
  readonly http: { readonly fetches: HttpEndpoint; readonly page: HttpEndpoint };
}
