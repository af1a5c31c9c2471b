/**
 * Where a key-value call runs. JSPI tier: right here, as IndexedDB works in a worker and the
 * guest is suspended while the transaction runs. Atomics tier: on the page (Op.KeyValue,
 * src/services/keyvalue.ts), as this worker is blocked in `Atomics.wait` and could not see
 * IndexedDB's events. Both use the same storage (shared/keyvalue/idb.ts).
 */
import { Op } from '../../../shared/protocol.ts';
import { type KeyValueCall, type WireValue, applyCall, decodeWire, encodeWire } from '../../../shared/keyvalue/wire.ts';
import { type Maybe, then } from '../../bridge/index.ts';
import { getContext } from '../context.ts';
import { WasiError } from '../io/error.ts';
import { messageOf } from '../../../shared/message.ts';

/** wasi:keyvalue/store's `error`, as jco represents the variant. */
export type StoreError = { tag: 'no-such-store' } | { tag: 'access-denied' } | { tag: 'other'; val: string };

/** The guest's `err(other(message))` for a failure of the storage or the bridge. */
export function otherError(e: unknown): WasiError {
  if (e instanceof WasiError) return e;
  const error: StoreError = { tag: 'other', val: messageOf(e) };
  return new WasiError(error, `wasi:keyvalue: ${messageOf(e)}`);
}

/** Whether this run was granted store `name` (the `keyValueStores` option). */
export function granted(name: string): boolean {
  return getContext().keyValueStores?.includes(name) ?? false;
}

/** Run `call` where this run's key-value calls run; a failure throws the guest's `other`. */
export function callStore(call: KeyValueCall): Maybe<WireValue> {
  const context = getContext();
  if (context.bridge.tier === 'jspi') return applyCall(call).catch((e) => Promise.reject(otherError(e)));
  try {
    // The Atomics bridge answers synchronously: this worker waits in Atomics.wait meanwhile.
    return then(context.bridge.request(Op.KeyValue, encodeWire(call as WireValue)), (reply) => decodeWire(reply.payload));
  } catch (e) {
    throw otherError(e);
  }
}
