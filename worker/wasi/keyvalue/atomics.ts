/** wasi:keyvalue/atomics@0.2.0-draft2 */
import { type Maybe, then } from '../../bridge/index.ts';
import { WasiError } from '../io/error.ts';
import { callStore } from './call.ts';
import type { Bucket } from './store.ts';

/**
 * A compare-and-swap: the value of `key` when it was made. `swap` writes only where the key
 * still holds that value, in one IndexedDB transaction.
 */
export class Cas {
  constructor(readonly bucket: string, readonly key: string, readonly value: Uint8Array | undefined) {}

  static new(bucket: Bucket, key: string): Maybe<Cas> {
    return then(callStore(['get', bucket.name, key]), (value) => new Cas(bucket.name, key, value as Uint8Array | undefined));
  }

  current(): Uint8Array | undefined {
    return this.value;
  }
}

/** Add `delta` to the 64-bit counter at `key` (absent: 0) atomically; the new value. */
export function increment(bucket: Bucket, key: string, delta: bigint): Maybe<bigint> {
  return callStore(['increment', bucket.name, key, delta]) as Maybe<bigint>;
}

/** Write `value` where `cas`'s key still holds its value; else `cas-failed` with a fresh cas. */
export function swap(cas: Cas, value: Uint8Array): Maybe<void> {
  let answer: Maybe<unknown>;
  try {
    answer = callStore(['swap', cas.bucket, cas.key, cas.value, value]);
  } catch (e) {
    throw storeError(e);
  }
  const settle = (result: unknown) => {
    const [swapped, found] = result as [boolean, Uint8Array | undefined];
    if (!swapped) {
      throw new WasiError({ tag: 'cas-failed', val: new Cas(cas.bucket, cas.key, found) }, 'wasi:keyvalue: cas-failed');
    }
  };
  return answer instanceof Promise ? answer.then(settle, (e) => Promise.reject(storeError(e))) : settle(answer);
}

/** A store error as swap's `cas-error`: `store-error(error)`. */
function storeError(e: unknown): unknown {
  return e instanceof WasiError ? new WasiError({ tag: 'store-error', val: e.payload }, e.message) : e;
}
