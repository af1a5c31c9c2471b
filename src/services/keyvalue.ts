/**
 * The page side of wasi:keyvalue: the `keyValueStores` option checked, and the worker's calls
 * served from IndexedDB in the Atomics tier (the JSPI tier's worker calls IndexedDB itself).
 */
import { type Answer, Op, Status } from '../../shared/protocol.ts';
import { type KeyValueCall, applyCall, decodeWire, encodeWire } from '../../shared/keyvalue/wire.ts';
import type { Service } from '../host.ts';
import { grantedNames } from './grants.ts';
import type { RunOptions } from '../types.ts';

/**
 * `keyValueStores` of RunOptions, checked: the store names the component may open, as a Spin
 * component's `key_value_stores` (absent: none, as Spin grants none unless listed). Throws a
 * TypeError naming what is wrong.
 */
export function keyValueStores(option: RunOptions['keyValueStores']): string[] {
  return grantedNames(option, 'keyValueStores', 'store');
}

/** Serve the worker's key-value calls on the stores in `granted` (checked again here). */
export function keyValueServices(granted: string[]): Partial<Record<Op, Service>> {
  return {
    [Op.KeyValue]: async (payload): Promise<Answer> => {
      const call = decodeWire(payload) as KeyValueCall;
      if (!granted.includes(call[1])) throw new Error(`store '${call[1]}' was not granted (keyValueStores)`);
      return { status: Status.Ok, payload: encodeWire(await applyCall(call)) };
    },
  };
}
