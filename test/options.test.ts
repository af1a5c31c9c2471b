// The page's checks of run()/instantiate()/serve() options (src/), each refusing bad input with
// a TypeError that names the cause, and passing good input on in the shape the worker gets.
import { expect, test } from '@playwright/test';
import { mountSpecs } from '../src/files/mounts.ts';
import { importSpec } from '../src/services/imports.ts';
import { httpPermission } from '../src/services/http.ts';
import { stdinSource } from '../src/services/stdin.ts';
import { workerCount } from '../src/serve.ts';
import { absolute, transpilerUrl } from '../src/worker-url.ts';
import { withGlobals } from './globals.ts';

test('mounts: OPFS and memory mounts become the worker specs, readonly a boolean', () => {
  expect(mountSpecs(undefined)).toBeUndefined();
  expect(mountSpecs({})).toEqual([]);
  const bytes = new Uint8Array([1, 2]);
  expect(
    mountSpecs({
      '/': { kind: 'opfs' },
      '/data': { kind: 'opfs', path: 'app/data', readonly: true },
      '/tmp': { kind: 'memory', files: { 'a.txt': 'text', 'b.bin': bytes } },
      '/empty': { kind: 'memory' },
    }),
  ).toEqual([
    { guestPath: '/', kind: 'opfs', path: '', readonly: false },
    { guestPath: '/data', kind: 'opfs', path: 'app/data', readonly: true },
    { guestPath: '/tmp', kind: 'memory', files: { 'a.txt': 'text', 'b.bin': bytes }, readonly: false },
    { guestPath: '/empty', kind: 'memory', files: {}, readonly: false },
  ]);
});

test('mounts: each wrong part is refused by name', () => {
  const bad = (mounts: unknown) => () => mountSpecs(mounts as never);
  expect(bad(null)).toThrow(new TypeError('mounts must be an object: guest path -> mount'));
  expect(bad('/data')).toThrow('mounts must be an object');
  expect(bad({ data: { kind: 'memory' } })).toThrow('mounts: the guest path "data" must start with "/"');
  expect(bad({ '/a': null })).toThrow("mounts['/a'] must be { kind: 'opfs' | 'memory', ... }");
  expect(bad({ '/a': 'opfs' })).toThrow("mounts['/a'] must be");
  expect(bad({ '/a': { kind: 'opfs', path: 7 } })).toThrow("mounts['/a'].path must be a string");
  expect(bad({ '/a': { kind: 'opfs', path: 'app/../other' } })).toThrow("mounts['/a'].path may not contain \"..\"");
  expect(bad({ '/a': { kind: 'opfs', path: '..' } })).toThrow('may not contain ".."');
  expect(bad({ '/a': { kind: 'opfs', path: 'app/..x' } })).not.toThrow();
  expect(bad({ '/a': { kind: 'memory', files: { 'n.txt': 5 } } })).toThrow("mounts['/a'].files['n.txt'] must be a string or a Uint8Array");
  expect(bad({ '/a': { kind: 'memory', files: { 'n.txt': new Uint16Array(1) } } })).toThrow("files['n.txt']");
  expect(bad({ '/a': { kind: 'disk' } })).toThrow("mounts['/a'].kind must be 'opfs' or 'memory', not 'disk'");
  expect(bad({ '/a': {} })).toThrow("not 'undefined'");
  expect(bad({ '/a': { kind: 'memory' } })).not.toThrow();
});

test('imports: each interface lists its functions; non-functions are left out, non-objects refused', () => {
  expect(importSpec()).toEqual({});
  expect(importSpec({ 'local:calc/host': { log() {}, add: (a: number) => a, version: '1.0' } as never, 'x:y/z': {} })).toEqual({
    'local:calc/host': ['log', 'add'],
    'x:y/z': [],
  });
  expect(() => importSpec({ 'local:calc/host': null } as never)).toThrow(new TypeError("imports['local:calc/host'] must be an object of functions"));
  expect(() => importSpec({ 'local:calc/host': () => 1 } as never)).toThrow("imports['local:calc/host'] must be an object of functions");
});

test('http: off, on, or an allow list of origin patterns', () => {
  expect(httpPermission(undefined)).toBe(false);
  expect(httpPermission(false)).toBe(false);
  expect(httpPermission(true)).toBe(true);
  const allow = ['https://api.example.com', 'http://127.0.0.1:*', 'https://*.example.com/'];
  expect(httpPermission({ allow })).toEqual(allow);
  expect(httpPermission({ allow: [] })).toEqual([]);
  for (const wrong of ['yes', 1, null, {}, { allow: 'https://a.com' }]) {
    expect(() => httpPermission(wrong as never)).toThrow(/^http must be true, false or \{ allow:/);
  }
  for (const entry of ['api.example.com', 'https://a.com/path', 'https://a.com?q', '//a.com', 7]) {
    expect(() => httpPermission({ allow: [entry as never] })).toThrow(`http.allow entries are origins with * wildcards, like 'https://*.example.com' or 'http://127.0.0.1:*'; got ${JSON.stringify(entry)}`);
  }
});

test('stdin: a string as UTF-8, bytes as given, a Blob read, a stream kept; anything else refused', async () => {
  expect(stdinSource(undefined)).toBeUndefined();
  expect(stdinSource('hé\n')).toEqual(new Uint8Array([0x68, 0xc3, 0xa9, 0x0a]));
  const bytes = new Uint8Array([9, 8]);
  expect(stdinSource(bytes)).toBe(bytes);
  expect(await stdinSource(new Blob(['abc']))).toEqual(new Uint8Array([0x61, 0x62, 0x63]));
  const stream = new ReadableStream<Uint8Array>();
  expect(await stdinSource(stream)).toBe(stream);
  for (const wrong of [5, null, new ArrayBuffer(2), ['a'], { text: 'a' }]) {
    expect(() => stdinSource(wrong as never)).toThrow(new TypeError('stdin must be a string, Uint8Array, Blob or ReadableStream'));
  }
});

test('serve workers: a positive integer, 1 when not given', () => {
  expect(workerCount(undefined)).toBe(1);
  expect(workerCount(1)).toBe(1);
  expect(workerCount(4)).toBe(4);
  for (const wrong of [0, -1, 1.5, NaN, '2']) {
    expect(() => workerCount(wrong as never)).toThrow(new TypeError(`workers must be a positive integer, not ${String(wrong)}`));
  }
});

test('workerUrl and transpilerUrl cross to the worker absolute, resolved against the page', async () => {
  await withGlobals({ location: { href: 'https://site.test/app/page.html' } }, () => {
    expect(absolute('w/worker.js')).toBe('https://site.test/app/w/worker.js');
    expect(absolute('/t.js')).toBe('https://site.test/t.js');
    expect(absolute(new URL('https://cdn.test/x.js'))).toBe('https://cdn.test/x.js');
    expect(transpilerUrl('./transpiler.js')).toBe('https://site.test/app/transpiler.js');
    expect(transpilerUrl(undefined)).toBeUndefined();
    expect(transpilerUrl('')).toBeUndefined();
  });
  await withGlobals({ location: undefined }, () => {
    expect(absolute('https://cdn.test/x.js')).toBe('https://cdn.test/x.js');
    expect(() => transpilerUrl('./transpiler.js')).toThrow(TypeError);
  });
});

test('relay(): the prefixes must be paths; good ones install the handlers, claiming unless told not to', async () => {
  const { relay } = await import('../src/service-worker.ts');
  const events: string[] = [];
  const self = { addEventListener: (type: string) => events.push(type), location: { origin: 'https://site.test' } };
  await withGlobals({ self }, () => {
    for (const prefix of ['api/', '', [], ['/api/', 'app/'], [7]]) {
      expect(() => relay({ prefix } as never)).toThrow(new TypeError("relay(): prefix must be a path or paths starting with '/', like '/api/'"));
    }
    expect(events).toEqual([]);
    relay({ prefix: ['/api/', '/app/'], claim: false });
    expect(events.sort()).toEqual(['fetch', 'message']);
    events.length = 0;
    relay({ prefix: '/api/' });
    expect(events.sort()).toEqual(['activate', 'fetch', 'install', 'message']);
  });
});
