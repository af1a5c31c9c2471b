// loadComponent (src/load.ts): bytes as given, read or fetched; a wrong kind of source, a fetch
// that fails and an HTTP error each refused by name. fetch is stubbed: nothing leaves the test.
import { expect, test } from '@playwright/test';
import { loadComponent } from '../src/load.ts';
import { withGlobals } from './globals.ts';

const BYTES = new Uint8Array([0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0]);

test('bytes, an ArrayBuffer, a Blob and a Response give the same bytes', async () => {
  expect(await loadComponent(BYTES)).toBe(BYTES);
  expect(await loadComponent(BYTES.slice().buffer)).toEqual(BYTES);
  expect(await loadComponent(new Blob([BYTES]))).toEqual(BYTES);
  expect(await loadComponent(new Response(BYTES))).toEqual(BYTES);
});

test('a URL or URL string is fetched; a failed fetch and an HTTP error name the URL', async () => {
  const asked: string[] = [];
  const fetch = async (url: string) => {
    asked.push(url);
    if (url.includes('down')) throw new TypeError('Failed to fetch');
    return url.includes('missing') ? new Response('no', { status: 404 }) : new Response(BYTES);
  };
  await withGlobals({ fetch }, async () => {
    expect(await loadComponent('https://site.test/c.wasm')).toEqual(BYTES);
    expect(await loadComponent(new URL('https://site.test/d.wasm'))).toEqual(BYTES);
    await expect(loadComponent('https://down.test/c.wasm')).rejects.toThrow('could not fetch the component from https://down.test/c.wasm: Failed to fetch');
    await expect(loadComponent('https://site.test/missing.wasm')).rejects.toThrow('could not fetch the component from https://site.test/missing.wasm: HTTP 404');
  });
  expect(asked).toEqual(['https://site.test/c.wasm', 'https://site.test/d.wasm', 'https://down.test/c.wasm', 'https://site.test/missing.wasm']);
  await expect(loadComponent(new Response('gone', { status: 410 }))).rejects.toThrow('could not fetch the component from the response: HTTP 410');
});

test('anything else is a TypeError listing what a component may be', async () => {
  for (const wrong of [undefined, 42, [0, 97], { url: 'x' }, new Uint16Array(4)]) {
    await expect(loadComponent(wrong as never)).rejects.toThrow(new TypeError('component must be a Uint8Array, ArrayBuffer, Blob, Response, URL or URL string'));
  }
});
