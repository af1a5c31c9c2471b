/**
 * fermyon:spin/key-value@2.0.0, as the Spin 2 SDKs import it: the same stores as wasi:keyvalue
 * (a value set through one is read through the other), with the same grant and errors.
 */
import { type Maybe, repeat, then } from '../../bridge/index.ts';
import { callStore } from '../keyvalue/call.ts';
import { Bucket, open } from '../keyvalue/store.ts';

export class Store {
  readonly #bucket: Bucket;

  private constructor(bucket: Bucket) {
    this.#bucket = bucket;
  }

  /** `access-denied` unless `label` was granted (`keyValueStores`), as wasi:keyvalue's open. */
  static open(label: string): Store {
    return new Store(open(label));
  }

  get(key: string): Maybe<Uint8Array | undefined> {
    return this.#bucket.get(key);
  }

  set(key: string, value: Uint8Array): Maybe<void> {
    return this.#bucket.set(key, value);
  }

  delete(key: string): Maybe<void> {
    return this.#bucket.delete(key);
  }

  exists(key: string): Maybe<boolean> {
    return this.#bucket.exists(key);
  }

  /** Every key, page after page. */
  getKeys(): Maybe<string[]> {
    const keys: string[] = [];
    let cursor: string | undefined;
    return repeat(() =>
      then(callStore(['listKeys', this.#bucket.name, cursor]), (answer) => {
        const [page, next] = answer as [string[], string | undefined];
        keys.push(...page);
        cursor = next;
        return next === undefined ? keys : undefined;
      }),
    );
  }
}
