/**
 * Key-value rows: µs per wasi:keyvalue `set` and `get` through a guest (kv-counter.wasm's
 * `bench`, timed by the guest on its monotonic clock, so worker start and instantiation are not
 * counted) against idb-keyval's `set` and `get` called directly in the page, each awaited.
 */
import { createStore, get, set } from 'idb-keyval';
import { run } from '../../src/index.ts';
import type { Bridge } from '../../src/types.ts';

/** µs per call of each kind. */
export interface KvTimes {
  set: number;
  get: number;
}

/** A 100-byte value, as the guest writes. */
const VALUE = new Uint8Array(100).fill(0x76);

/** Ours: `kv-counter bench bench k N` in `bridge` (store "bench"). */
export async function kvOurs(bridge: Bridge, n: number): Promise<KvTimes> {
  const r = await run('/guests/kv-counter.wasm', { bridge, keyValueStores: ['bench'], args: ['kv-counter', 'bench', 'bench', 'k', String(n)] });
  const out = new TextDecoder().decode(r.stdout);
  const setUs = /set-us ([\d.]+)/.exec(out);
  const getUs = /get-us ([\d.]+)/.exec(out);
  if (r.exitCode !== 0 || !setUs || !getUs) throw new Error(`kv-counter bench failed (${r.exitCode}): ${out}`);
  return { set: Number(setUs[1]), get: Number(getUs[1]) };
}

/**
 * Raw: idb-keyval in the page, a new store connection each time (as each run of ours opens
 * one): N awaited sets of one key, then N awaited gets.
 */
export async function kvRaw(n: number): Promise<KvTimes> {
  const store = createStore('bench-idb-keyval', 'kv');
  await get('warm', store);
  let start = performance.now();
  for (let i = 0; i < n; i++) await set('k', VALUE, store);
  const setUs = ((performance.now() - start) * 1000) / n;
  start = performance.now();
  for (let i = 0; i < n; i++) {
    if (!(await get('k', store))) throw new Error('idb-keyval lost the value');
  }
  return { set: setUs, get: ((performance.now() - start) * 1000) / n };
}

