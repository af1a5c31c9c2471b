/** wasi:keyvalue/store@0.2.0-draft2 */
import { type Maybe, then } from '../../bridge/index.ts';
import { WasiError } from '../io/error.ts';
import { type StoreError, callStore, granted } from './call.ts';

/** A store the guest opened: a name, checked against the grant when opened. */
export class Bucket {
  constructor(readonly name: string) {}

  get(key: string): Maybe<Uint8Array | undefined> {
    return callStore(['get', this.name, key]) as Maybe<Uint8Array | undefined>;
  }

  set(key: string, value: Uint8Array): Maybe<void> {
    return callStore(['set', this.name, key, value]) as Maybe<void>;
  }

  delete(key: string): Maybe<void> {
    return callStore(['delete', this.name, key]) as Maybe<void>;
  }

  exists(key: string): Maybe<boolean> {
    return callStore(['exists', this.name, key]) as Maybe<boolean>;
  }

  /** A page of keys after `cursor`, and the cursor for the next one. */
  listKeys(cursor: string | undefined): Maybe<{ keys: string[]; cursor?: string }> {
    return then(callStore(['listKeys', this.name, cursor]), (answer) => {
      const [keys, next] = answer as [string[], string | undefined];
      return { keys, cursor: next };
    });
  }
}

/**
 * Open store `identifier`: `access-denied` unless the run was granted it (the `keyValueStores`
 * option, as a Spin component's `key_value_stores`). Every granted store exists: it is made on
 * its first write, so `no-such-store` is never the answer here.
 */
export function open(identifier: string): Bucket {
  if (!granted(identifier)) {
    const error: StoreError = { tag: 'access-denied' };
    throw new WasiError(error, `wasi:keyvalue: store '${identifier}' was not granted (keyValueStores)`);
  }
  return new Bucket(identifier);
}
