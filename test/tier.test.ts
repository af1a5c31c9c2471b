// chooseBridge (src/tier.ts) with the globals it reads stubbed: JSPI is WebAssembly.Suspending,
// isolation is crossOriginIsolated plus SharedArrayBuffer.
import { expect, test } from '@playwright/test';
import { chooseBridge, hasJspi, isIsolated } from '../src/tier.ts';
import { withGlobals } from './globals.ts';

const JSPI = { yes: { Suspending: function Suspending() {} }, no: { Suspending: undefined } };
const ISOLATED = { yes: { crossOriginIsolated: true, SharedArrayBuffer }, no: { crossOriginIsolated: false } };

/** `fn` in a browser with or without JSPI, on a page isolated or not. */
function browser<T>(jspi: boolean, isolated: boolean, fn: () => T): Promise<T> {
  return withGlobals(jspi ? JSPI.yes : JSPI.no, () => withGlobals(isolated ? ISOLATED.yes : ISOLATED.no, fn), WebAssembly);
}

test('auto prefers JSPI, then Atomics on an isolated page, else says why neither works', async () => {
  expect(await browser(true, true, () => chooseBridge())).toBe('jspi');
  expect(await browser(true, false, () => chooseBridge('auto'))).toBe('jspi');
  expect(await browser(false, true, () => chooseBridge('auto'))).toBe('atomics');
  await browser(false, false, () => expect(() => chooseBridge()).toThrow(/no JSPI and the page is not cross-origin isolated.*Cross-Origin-Opener-Policy/));
});

test('a tier asked for by name is given only where it works, with what to do otherwise', async () => {
  expect(await browser(true, false, () => chooseBridge('jspi'))).toBe('jspi');
  expect(await browser(false, true, () => chooseBridge('atomics'))).toBe('atomics');
  expect(await browser(true, true, () => chooseBridge('atomics'))).toBe('atomics');
  await browser(false, true, () => expect(() => chooseBridge('jspi')).toThrow(/bridge 'jspi' was asked for, but this browser has no JSPI.*use bridge 'atomics'/));
  await browser(true, false, () => expect(() => chooseBridge('atomics')).toThrow(/bridge 'atomics' needs SharedArrayBuffer.*not cross-origin isolated/));
});

test('an unknown tier is a TypeError naming the choices', async () => {
  await browser(true, true, () => {
    expect(() => chooseBridge('wasm' as never)).toThrow(TypeError);
    expect(() => chooseBridge('wasm' as never)).toThrow("unknown bridge 'wasm': use 'auto', 'jspi' or 'atomics'");
  });
});

test('isolation needs both crossOriginIsolated and SharedArrayBuffer; JSPI needs Suspending', async () => {
  expect(await withGlobals({ crossOriginIsolated: true, SharedArrayBuffer: undefined }, isIsolated)).toBe(false);
  expect(await withGlobals({ crossOriginIsolated: 'yes', SharedArrayBuffer }, isIsolated)).toBe(false);
  expect(await withGlobals({ crossOriginIsolated: true, SharedArrayBuffer }, isIsolated)).toBe(true);
  expect(await withGlobals({ Suspending: {} }, hasJspi, WebAssembly)).toBe(false);
  expect(await withGlobals(JSPI.yes, hasJspi, WebAssembly)).toBe(true);
});
