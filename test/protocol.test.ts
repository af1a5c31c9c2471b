// Unit tests for pure logic that needs no browser (run by Playwright's runner, project "unit").
import { expect, test } from '@playwright/test';
import { checkComponentHeader } from '../shared/component-header.ts';
import { concat, decode, encode } from '../shared/protocol.ts';

test('encode/decode round-trips the values jco uses', () => {
  const value = {
    n: 1.5, s: 'héllo', b: 12345678901234567890n, list: [1, 2, 3], none: undefined, nested: { ok: true },
    bytes: new Uint8Array([0, 255, 7]), big: new BigInt64Array([-1n, 2n]), f: new Float32Array([0.5]),
  };
  expect(decode(encode(value))).toEqual(value);
  expect(decode(encode(undefined))).toBeUndefined();
  expect(decode(encode(7n))).toBe(7n);
});

test('component header: a component passes, other bytes get a named cause', () => {
  expect(() => checkComponentHeader(new Uint8Array([0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0]))).not.toThrow();
  expect(() => checkComponentHeader(new TextEncoder().encode('hello'))).toThrow(/not WebAssembly/);
  expect(() => checkComponentHeader(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]))).toThrow(/core WebAssembly module/);
  expect(() => checkComponentHeader(new Uint8Array([0, 0x61, 0x73, 0x6d]))).toThrow(/ends inside its header/);
});

test('concat: the parts one after another in a new array, views at an offset too', () => {
  const whole = new Uint8Array([9, 1, 2, 3, 9]);
  const parts = [new Uint8Array([7]), new Uint8Array(0), whole.subarray(1, 4), new Uint8Array([4, 5])];
  const out = concat(parts);
  expect([...out]).toEqual([7, 1, 2, 3, 4, 5]);
  expect(out.buffer).not.toBe(whole.buffer);
  expect(concat([])).toEqual(new Uint8Array(0));
});
