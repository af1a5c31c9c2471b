/** wasi:keyvalue/batch@0.2.0-draft2: each call is one IndexedDB transaction. */
import { type Maybe, then } from '../../bridge/index.ts';
import { callStore } from './call.ts';
import type { Bucket } from './store.ts';

/** The pairs of `keys` in their order; undefined where a key has no value. */
export function getMany(bucket: Bucket, keys: string[]): Maybe<([string, Uint8Array] | undefined)[]> {
  return then(callStore(['getMany', bucket.name, keys]), (values) =>
    (values as (Uint8Array | undefined)[]).map((value, i) => (value === undefined ? undefined : [keys[i], value])),
  );
}

export function setMany(bucket: Bucket, keyValues: [string, Uint8Array][]): Maybe<void> {
  return callStore(['setMany', bucket.name, keyValues]) as Maybe<void>;
}

export function deleteMany(bucket: Bucket, keys: string[]): Maybe<void> {
  return callStore(['deleteMany', bucket.name, keys]) as Maybe<void>;
}
