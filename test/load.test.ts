// loadSource (src/load.ts): bytes as given, read or fetched; a core module also compiled (streamed
// from a Response served as application/wasm); a wrong kind of source, a fetch that fails and an
// HTTP error each refused by name. fetch is stubbed: nothing leaves the test.
import { expect, test } from '@playwright/test';
import { loadSource } from '../src/load.ts';

const loadComponent = async (source: Parameters<typeof loadSource>[0]) => (await loadSource(source)).bytes;
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

/** The smallest core module: the header alone, then one empty custom section padding it past a chunk. */
const CORE = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0, 5, 1, 0x78, 1, 2, 3]);
const wasm = (body: BodyInit) => new Response(body, { headers: { 'content-type': 'application/wasm' } });

test('a core module is compiled: from bytes, and streamed from a wasm response given in small chunks', async () => {
  for (const source of [CORE, CORE.slice().buffer, new Blob([CORE]), new Response(CORE), wasm(CORE)]) {
    const { bytes, module } = await loadSource(source);
    expect(bytes).toEqual(CORE.slice(0, 8));
    expect(module).toBeInstanceOf(WebAssembly.Module);
  }
  // The header split over chunks: the first bytes are gathered before deciding.
  const chunked = new ReadableStream<Uint8Array>({
    start(c) {
      for (let at = 0; at < CORE.byteLength; at += 3) c.enqueue(CORE.slice(at, at + 3));
      c.close();
    },
  });
  expect((await loadSource(wasm(chunked))).module).toBeInstanceOf(WebAssembly.Module);
});

test('a component served as application/wasm gives its whole bytes and no module; a bad core module is named', async () => {
  const component = new Uint8Array([...BYTES, 9, 8, 7]);
  const chunked = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(component.slice(0, 5));
      c.enqueue(component.slice(5));
      c.close();
    },
  });
  expect(await loadSource(wasm(chunked))).toEqual({ bytes: component });
  const bad = new Uint8Array([...CORE.slice(0, 8), 0x7f]);
  await expect(loadSource(wasm(bad))).rejects.toThrow(/^not a valid WebAssembly module: /);
  await expect(loadSource(bad)).rejects.toThrow(/^not a valid WebAssembly module: /);
});
