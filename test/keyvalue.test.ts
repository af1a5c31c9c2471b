// Unit tests of wasi:keyvalue's and wasi:config's pure parts: the options' checks, the counter's
// bytes and the Atomics tier's wire (project "unit", Node: no IndexedDB here).
import { expect, test } from '@playwright/test';
import { addCounter, decodeCounter, encodeCounter, sameValue } from '../shared/keyvalue/idb.ts';
import { decodeWire, encodeWire } from '../shared/keyvalue/wire.ts';
import { keyValueStores } from '../src/services/keyvalue.ts';
import { CONFIG_NAME, configEntries } from '../src/services/config.ts';

test('keyValueStores: absent grants none; names are kept once each', () => {
  expect(keyValueStores(undefined)).toEqual([]);
  expect(keyValueStores(['default', 'cache', 'default'])).toEqual(['default', 'cache']);
});

test('keyValueStores: anything but an array of non-empty strings is a TypeError', () => {
  for (const bad of ['default', { default: true }, null, ['ok', ''], ['ok', 3]] as unknown[]) {
    expect(() => keyValueStores(bad as string[])).toThrow(TypeError);
  }
  expect(() => keyValueStores('default' as never)).toThrow(/keyValueStores must be an array of store names.*"default"/);
  expect(() => keyValueStores([''])).toThrow(/\(non-empty strings\); got ""/);
});

test('config names follow Spin: lowercase letters, digits, single underscores, a letter first', () => {
  for (const good of ['a', 'abc', 'a1b2c3', 'a_1', 'a_1_b_3', 'api_key']) expect(CONFIG_NAME.test(good)).toBe(true);
  for (const bad of ['', 'aX', '1bc', '_x', 'x.y', 'x_', 'a__b', 'x-y', 'API_KEY', 'é']) expect(CONFIG_NAME.test(bad)).toBe(false);
});

test('configEntries: pairs in order; a bad name, a non-string value or a non-object is a TypeError', () => {
  expect(configEntries(undefined)).toEqual([]);
  expect(configEntries({ api_url: 'https://x', retries: '3' })).toEqual([['api_url', 'https://x'], ['retries', '3']]);
  expect(() => configEntries({ 'Api-Url': 'x' })).toThrow(/config name "Api-Url" is not valid/);
  expect(() => configEntries({ n: 3 } as never)).toThrow(/config value of 'n' must be a string; got number/);
  expect(() => configEntries([['a', 'b']] as never)).toThrow(TypeError);
  expect(() => configEntries('a=b' as never)).toThrow(TypeError);
});

test('a counter is 8 bytes of big-endian s64, as Spin keeps it', () => {
  expect([...encodeCounter(1n)]).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
  expect([...encodeCounter(-2n)]).toEqual([255, 255, 255, 255, 255, 255, 255, 254]);
  expect(decodeCounter(encodeCounter(-(1n << 63n)), 'k')).toBe(-(1n << 63n));
  expect(decodeCounter(undefined, 'k')).toBe(0n);
  // A view into a larger buffer reads from its own offset.
  const inner = new Uint8Array(12);
  inner.set(encodeCounter(42n), 4);
  expect(decodeCounter(inner.subarray(4), 'k')).toBe(42n);
  expect(() => decodeCounter(new TextEncoder().encode('five'), 'k')).toThrow(/'k' is not a counter.*4 bytes/);
});

test('an increment that leaves s64 is an error, not a wrap', () => {
  const max = (1n << 63n) - 1n;
  expect(addCounter(max - 1n, 1n, 'k')).toBe(max);
  expect(() => addCounter(max, 1n, 'k')).toThrow(/overflows/);
  expect(() => addCounter(-max - 1n, -1n, 'k')).toThrow(/overflows/);
});

test('sameValue compares bytes, and absence only with absence', () => {
  expect(sameValue(undefined, undefined)).toBe(true);
  expect(sameValue(new Uint8Array(0), undefined)).toBe(false);
  expect(sameValue(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
  expect(sameValue(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(false);
  expect(sameValue(new Uint8Array([1]), new Uint8Array([1, 0]))).toBe(false);
});

test('the wire round-trips every call and answer shape', () => {
  const values = [
    ['get', 'default', 'key'],
    ['set', 'default', 'ключ', new Uint8Array([0, 1, 255])],
    ['listKeys', 'default', undefined],
    ['setMany', 'store', [['a', new Uint8Array(0)], ['b', new Uint8Array([9])]]],
    ['increment', 'default', 'n', -(1n << 63n)],
    ['swap', 'default', 'c', undefined, new Uint8Array([1])],
    [true, undefined],
    [false, new Uint8Array(70_000).fill(7)],
    (1n << 63n) - 1n,
    undefined,
    '',
  ] as const;
  for (const value of values) expect(decodeWire(encodeWire(value as never))).toEqual(value);
});

test('the wire refuses what it did not make', () => {
  expect(() => decodeWire(new Uint8Array([9]))).toThrow(/unknown tag 9/);
  expect(() => decodeWire(new Uint8Array([3, 0, 0, 0, 5, 97]))).toThrow(/ends early/);
  expect(() => decodeWire(new Uint8Array([0, 0]))).toThrow(/bytes after its end/);
  expect(() => encodeWire({ a: 1 } as never)).toThrow(TypeError);
  expect(() => encodeWire(null as never)).toThrow(TypeError);
});

test('the wire carries reals (SQLite values) exactly, as numbers apart from bigints', () => {
  const values = [[1.5, 2, -0, Number.MAX_VALUE, Number.NaN, 1n, 'text', new Uint8Array([1]), undefined]];
  const decoded = decodeWire(encodeWire(values as never)) as unknown[][];
  expect(decoded).toEqual(values);
  expect(typeof decoded[0][1]).toBe('number');
  expect(Object.is(decoded[0][2], -0)).toBe(true);
});
