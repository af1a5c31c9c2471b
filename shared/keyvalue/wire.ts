/**
 * A key-value call and its answer as bytes, for the Atomics tier, where the page serves the
 * worker's calls (Op.KeyValue); SQLite's calls use the same encoding (shared/sqlite/call.ts).
 * Binary, so a value's bytes cross as they are rather than as JSON numbers. The values a call
 * holds: undefined, booleans, strings, bytes, bigints, numbers (f64), arrays.
 */
import { concat, fromUtf8, utf8 } from '../protocol.ts';
import { IdbBucket } from './idb.ts';

/** What a call's arguments and answers are made of. */
export type WireValue = undefined | boolean | string | Uint8Array | bigint | number | WireValue[];

/** The calls, as [method, store, ...args] (the same names as {@link IdbBucket}'s methods). */
export type KeyValueCall =
  | ['get' | 'delete' | 'exists', string, string]
  | ['set', string, string, Uint8Array]
  | ['listKeys', string, string | undefined]
  | ['getMany' | 'deleteMany', string, string[]]
  | ['setMany', string, [string, Uint8Array][]]
  | ['increment', string, string, bigint]
  | ['swap', string, string, Uint8Array | undefined, Uint8Array];

const Tag = { Undefined: 0, False: 1, True: 2, String: 3, Bytes: 4, BigInt: 5, Array: 6, Number: 7 } as const;

/** Encode `value` (see {@link WireValue}). */
export function encodeWire(value: WireValue): Uint8Array {
  const parts: Uint8Array[] = [];
  const push = (bytes: Uint8Array) => void parts.push(bytes);
  const head = (tag: number, n?: number) => {
    const bytes = new Uint8Array(n === undefined ? 1 : 5);
    bytes[0] = tag;
    if (n !== undefined) new DataView(bytes.buffer).setUint32(1, n);
    push(bytes);
  };
  const walk = (v: WireValue) => {
    if (v === undefined) head(Tag.Undefined);
    else if (v === false) head(Tag.False);
    else if (v === true) head(Tag.True);
    else if (typeof v === 'string') {
      const bytes = utf8(v);
      head(Tag.String, bytes.byteLength);
      push(bytes);
    } else if (v instanceof Uint8Array) {
      head(Tag.Bytes, v.byteLength);
      push(v);
    } else if (typeof v === 'bigint') {
      const bytes = new Uint8Array(9);
      bytes[0] = Tag.BigInt;
      new DataView(bytes.buffer).setBigInt64(1, v);
      push(bytes);
    } else if (typeof v === 'number') {
      const bytes = new Uint8Array(9);
      bytes[0] = Tag.Number;
      new DataView(bytes.buffer).setFloat64(1, v);
      push(bytes);
    } else if (Array.isArray(v)) {
      head(Tag.Array, v.length);
      v.forEach(walk);
    } else throw new TypeError(`a wire value cannot be ${typeof v}`);
  };
  walk(value);
  return concat(parts);
}

/** The inverse of {@link encodeWire}; throws on bytes it did not make. */
export function decodeWire(bytes: Uint8Array): WireValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const need = (n: number) => {
    if (at + n > bytes.byteLength) throw new RangeError('a key-value message ends early');
  };
  const u32 = () => {
    need(4);
    const n = view.getUint32(at);
    at += 4;
    return n;
  };
  const walk = (): WireValue => {
    need(1);
    const tag = bytes[at++];
    switch (tag) {
      case Tag.Undefined: return undefined;
      case Tag.False: return false;
      case Tag.True: return true;
      case Tag.String:
      case Tag.Bytes: {
        const n = u32();
        need(n);
        const slice = bytes.slice(at, at + n);
        at += n;
        return tag === Tag.String ? fromUtf8(slice) : slice;
      }
      case Tag.BigInt: {
        need(8);
        const v = view.getBigInt64(at);
        at += 8;
        return v;
      }
      case Tag.Number: {
        need(8);
        const v = view.getFloat64(at);
        at += 8;
        return v;
      }
      case Tag.Array: {
        const n = u32();
        const items: WireValue[] = [];
        for (let i = 0; i < n; i++) items.push(walk());
        return items;
      }
      default: throw new RangeError(`a key-value message has an unknown tag ${tag}`);
    }
  };
  const value = walk();
  if (at !== bytes.byteLength) throw new RangeError('a key-value message has bytes after its end');
  return value;
}

/** Run `call` against IndexedDB; its answer as a {@link WireValue}. */
export async function applyCall(call: KeyValueCall): Promise<WireValue> {
  const bucket = new IdbBucket(call[1]);
  switch (call[0]) {
    case 'get': return bucket.get(call[2]);
    case 'set': return bucket.set(call[2], call[3]).then(() => undefined);
    case 'delete': return bucket.delete(call[2]).then(() => undefined);
    case 'exists': return bucket.exists(call[2]);
    case 'listKeys': {
      const { keys, cursor } = await bucket.listKeys(call[2]);
      return [keys, cursor];
    }
    case 'getMany': return bucket.getMany(call[2]);
    case 'setMany': return bucket.setMany(call[2]).then(() => undefined);
    case 'deleteMany': return bucket.deleteMany(call[2]).then(() => undefined);
    case 'increment': return bucket.increment(call[2], call[3]);
    case 'swap': {
      const { swapped, found } = await bucket.swap(call[2], call[3], call[4]);
      return [swapped, found];
    }
    default: throw new TypeError(`no key-value call ${String((call as unknown[])[0])}`);
  }
}
