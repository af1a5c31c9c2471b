/**
 * wasi:keyvalue's place in the bridge: where a key-value call runs. JSPI tier: in this worker,
 * as IndexedDB works in a worker and the guest is suspended while the transaction runs. Atomics
 * tier: on the page (Op.KeyValue, src/services/keyvalue.ts), as a worker blocked in
 * `Atomics.wait` never sees IndexedDB's events. Both use the same storage (shared/keyvalue/idb.ts).
 */
import { type KeyValueCall, type WireValue, applyCall, decodeWire, encodeWire } from '../../shared/keyvalue/wire.ts';
import { Op } from '../../shared/protocol.ts';
import { type Bridge, type Maybe, then } from './index.ts';

/** Key-value calls run in this worker. */
export function localKeyValue(call: KeyValueCall): Promise<WireValue> {
  return applyCall(call);
}

/** Key-value calls the page runs, asked through `request`. */
export function pageKeyValue(request: Bridge['request']): (call: KeyValueCall) => Maybe<WireValue> {
  return (call) => then(request(Op.KeyValue, encodeWire(call as WireValue)), (reply) => decodeWire(reply.payload));
}
