/**
 * The key-value stores' storage: one IndexedDB database for the origin, one object store of
 * entries keyed `[store, key]`, so a bucket is a key range and a new store name needs no schema
 * change (which would wait for every other tab's connection to close). Used by the worker in the
 * JSPI tier and by the page for the Atomics tier (worker/wasi/keyvalue/, src/services/keyvalue.ts).
 *
 * IndexedDB runs the readwrite transactions on one object store one after another, across the
 * origin's tabs and workers: an increment or a swap is one such transaction, so concurrent ones
 * lose nothing.
 */

/** The database and object store names (exported for tests that inspect or clear them). */
export const DB_NAME = 'wasi-browser-keyvalue';
export const ENTRIES = 'entries';

/** The most keys one `list-keys` page holds. */
export const PAGE_KEYS = 1000;

/** A store failure for the guest: `other(message)` in wasi:keyvalue. */
export class StorageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StorageError';
  }
}

let opening: Promise<IDBDatabase> | undefined;
/** Why a transaction was aborted by {@link fail}. */
const failures = new WeakMap<IDBTransaction, unknown>();

function openDatabase(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(ENTRIES);
    request.onsuccess = () => {
      const db = request.result;
      // Another tab deleting or upgrading the database: let it, and reopen on the next call.
      db.onversionchange = () => {
        db.close();
        opening = undefined;
      };
      db.onclose = () => {
        opening = undefined;
      };
      resolve(db);
    };
    request.onerror = () => reject(new StorageError(`IndexedDB cannot be opened: ${request.error?.message ?? 'unknown error'}`));
    request.onblocked = () => reject(new StorageError('IndexedDB is blocked by another tab upgrading it'));
  });
  const current = opening;
  current.catch(() => {
    if (opening === current) opening = undefined;
  });
  return current;
}

/**
 * Run `body` in one transaction and resolve with what it set with `done` once the transaction
 * has committed (a write is durable then, and visible to every later transaction). A readonly
 * one resolves at `done`, as it has nothing to commit (idb-keyval's get, the bench's raw
 * column, also resolves at the request's success rather than a task later, at `complete`).
 */
async function transact<T>(
  mode: IDBTransactionMode,
  body: (entries: IDBObjectStore, done: (value: T) => void) => void,
): Promise<T> {
  const db = await openDatabase();
  return new Promise<T>((resolve, reject) => {
    let result: T;
    let tx: IDBTransaction;
    try {
      tx = db.transaction(ENTRIES, mode, { durability: 'strict' });
    } catch (e) {
      reject(new StorageError(`IndexedDB: ${(e as Error).message}`));
      return;
    }
    let resolved = false;
    tx.oncomplete = () => resolved || resolve(result);
    tx.onerror = () => reject(new StorageError(`IndexedDB: ${tx.error?.message ?? 'the transaction failed'}`));
    tx.onabort = () => reject(failures.get(tx) ?? new StorageError(`IndexedDB: ${tx.error?.message ?? 'the transaction was aborted'}`));
    try {
      body(tx.objectStore(ENTRIES), (value) => {
        result = value;
        if (mode === 'readonly') {
          resolved = true;
          resolve(value);
        }
      });
    } catch (e) {
      tx.abort();
      reject(e instanceof StorageError ? e : new StorageError(String((e as Error)?.message ?? e)));
    }
  });
}

function bytes(value: unknown): Uint8Array {
  return value instanceof Uint8Array ? value : new Uint8Array(value as ArrayBuffer);
}

/** Whether two stored values are the same bytes (undefined: no entry). */
export function sameValue(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A counter's bytes: a signed 64-bit big-endian integer, as Spin's default store keeps it. */
export function encodeCounter(value: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigInt64(0, value);
  return out;
}

/** The counter in `value` (absent: 0); a value that is not 8 bytes is no counter. */
export function decodeCounter(value: Uint8Array | undefined, key: string): bigint {
  if (value === undefined) return 0n;
  if (value.byteLength !== 8) {
    throw new StorageError(`the value of '${key}' is not a counter (a 64-bit integer, 8 bytes) but ${value.byteLength} bytes`);
  }
  return new DataView(value.buffer, value.byteOffset, 8).getBigInt64(0);
}

const MIN = -(1n << 63n);
const MAX = (1n << 63n) - 1n;

/** `value + delta`, or a StorageError where it leaves the signed 64-bit range. */
export function addCounter(value: bigint, delta: bigint, key: string): bigint {
  const sum = value + delta;
  if (sum < MIN || sum > MAX) throw new StorageError(`incrementing '${key}' by ${delta} overflows a signed 64-bit integer`);
  return sum;
}

/**
 * One bucket: the entries of store `name`. Every method is one transaction. A value is stored as
 * the Uint8Array given (IndexedDB keeps its own copy).
 */
export class IdbBucket {
  constructor(readonly name: string) {}

  get(key: string): Promise<Uint8Array | undefined> {
    return transact('readonly', (entries, done) => {
      const request = entries.get([this.name, key]);
      request.onsuccess = () => done(request.result === undefined ? undefined : bytes(request.result));
    });
  }

  set(key: string, value: Uint8Array): Promise<void> {
    return transact('readwrite', (entries) => void entries.put(value, [this.name, key]));
  }

  delete(key: string): Promise<void> {
    return transact('readwrite', (entries) => void entries.delete([this.name, key]));
  }

  exists(key: string): Promise<boolean> {
    return transact('readonly', (entries, done) => {
      const request = entries.count([this.name, key]);
      request.onsuccess = () => done(request.result > 0);
    });
  }

  /** Up to {@link PAGE_KEYS} keys in order after `cursor` (the last key of the page before). */
  listKeys(cursor: string | undefined, pageKeys = PAGE_KEYS): Promise<{ keys: string[]; cursor?: string }> {
    return transact('readonly', (entries, done) => {
      // Arrays sort after strings in IndexedDB, so [name, []] bounds every [name, key].
      const range = cursor === undefined
        ? IDBKeyRange.bound([this.name], [this.name, []])
        : IDBKeyRange.bound([this.name, cursor], [this.name, []], true, true);
      const request = entries.getAllKeys(range, pageKeys + 1);
      request.onsuccess = () => {
        const keys = (request.result as [string, string][]).map((k) => k[1]);
        const more = keys.length > pageKeys;
        if (more) keys.length = pageKeys;
        done({ keys, cursor: more ? keys[keys.length - 1] : undefined });
      };
    });
  }

  /** The values of `keys`, in their order (undefined: none). */
  getMany(keys: string[]): Promise<(Uint8Array | undefined)[]> {
    return transact('readonly', (entries, done) => {
      const values: (Uint8Array | undefined)[] = new Array(keys.length);
      let left = keys.length;
      if (left === 0) done(values);
      keys.forEach((key, i) => {
        const request = entries.get([this.name, key]);
        request.onsuccess = () => {
          values[i] = request.result === undefined ? undefined : bytes(request.result);
          if (--left === 0) done(values);
        };
      });
    });
  }

  setMany(pairs: [string, Uint8Array][]): Promise<void> {
    return transact('readwrite', (entries) => {
      for (const [key, value] of pairs) entries.put(value, [this.name, key]);
    });
  }

  deleteMany(keys: string[]): Promise<void> {
    return transact('readwrite', (entries) => {
      for (const key of keys) entries.delete([this.name, key]);
    });
  }

  /** Add `delta` to the counter at `key` (absent: 0) in one transaction; the new value. */
  increment(key: string, delta: bigint): Promise<bigint> {
    return transact<bigint>('readwrite', (entries, done) => {
      const request = entries.get([this.name, key]);
      request.onsuccess = () => {
        try {
          const old = request.result === undefined ? undefined : bytes(request.result);
          const value = addCounter(decodeCounter(old, key), delta, key);
          entries.put(encodeCounter(value), [this.name, key]);
          done(value);
        } catch (e) {
          fail(entries.transaction, e);
        }
      };
    });
  }

  /**
   * Compare-and-swap: where `key` still holds `expected` (undefined: no entry), write `value`, in
   * one transaction. Answers whether it wrote, and the value it found.
   */
  swap(key: string, expected: Uint8Array | undefined, value: Uint8Array): Promise<{ swapped: boolean; found?: Uint8Array }> {
    return transact('readwrite', (entries, done) => {
      const request = entries.get([this.name, key]);
      request.onsuccess = () => {
        const found = request.result === undefined ? undefined : bytes(request.result);
        const swapped = sameValue(found, expected);
        if (swapped) entries.put(value, [this.name, key]);
        done({ swapped, found });
      };
    });
  }
}

/** Abort `tx` because of `e`; transact() then rejects with `e` rather than a generic abort. */
function fail(tx: IDBTransaction, e: unknown): void {
  failures.set(tx, e);
  tx.abort();
}

