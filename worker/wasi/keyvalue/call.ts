/**
 * A key-value call of the guest, run where the bridge runs them (worker/bridge/keyvalue.ts), its
 * failures as the guest's `other`; and the run's grants.
 */
import type { KeyValueCall, WireValue } from '../../../shared/keyvalue/wire.ts';
import type { Maybe } from '../../bridge/index.ts';
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
  try {
    const result = getContext().bridge.keyValue(call);
    return result instanceof Promise ? result.catch((e) => Promise.reject(otherError(e))) : result;
  } catch (e) {
    throw otherError(e);
  }
}
