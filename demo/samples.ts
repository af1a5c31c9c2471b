/**
 * The playground's samples: components, and WASI preview 1 core modules (`preview 1:`), built from
 * this project's own sources (e2e/guests/).
 * Adding one is a line; Vite bundles each `new URL(..., import.meta.url)` as an asset.
 */
export interface Sample {
  name: string;
  url: URL;
  /** argv, args[0] being the program name. */
  args: string[];
  env?: Record<string, string>;
  /** One line shown under the picker: what it does and what to try. */
  about: string;
  /** A wasi:http/proxy component: served, answering the form's requests (first: `path`). */
  serve?: { path: string };
  /** The wasi:keyvalue stores it is granted (`keyValueStores`). */
  keyValueStores?: string[];
}

const cli = new URL('../e2e/guests/built/cli.wasm', import.meta.url);
const fsOps = new URL('../e2e/guests/built/fs-ops.wasm', import.meta.url);
const httpClient = new URL('../e2e/guests/built/http-client.wasm', import.meta.url);
/** The playground's own page: something the HTTP client can fetch wherever it is hosted. */
const here = globalThis.location ? location.origin + location.pathname : 'http://localhost/';

export const samples: Sample[] = [
  { name: 'hello', url: new URL('../e2e/guests/built/hello.wasm', import.meta.url), args: ['hello'], about: 'C, wasi-libc: prints a greeting' },
  { name: 'args', url: cli, args: ['cli', 'args', 'one', 'two words'], about: 'prints each argument: edit them above and run again' },
  { name: 'env', url: cli, args: ['cli', 'env'], env: { GREETING: 'hello', LANG: 'C' }, about: 'prints the environment: edit it above' },
  { name: 'prompt', url: cli, args: ['cli', 'prompt'], about: 'reads a line from stdin: type in the terminal and press Enter' },
  { name: 'echo', url: cli, args: ['cli', 'echo'], about: 'copies stdin to stdout until Ctrl-D' },
  { name: 'sleep', url: cli, args: ['cli', 'sleep', '3000'], about: 'sleeps 3 s (wasi:clocks + poll): try Stop' },
  { name: 'random', url: cli, args: ['cli', 'random', '4096'], about: '4096 bytes of wasi:random: how many distinct byte values' },
  { name: 'clock', url: cli, args: ['cli', 'clock'], about: 'wall clock (ms since 1970) and monotonic clock' },
  { name: 'exit code', url: cli, args: ['cli', 'exit', '7'], about: 'exits with code 7' },
  { name: 'trap', url: cli, args: ['cli', 'trap'], about: 'traps: exit code 134 and the trap message' },
  { name: 'files: write', url: fsOps, args: ['fs-ops', 'write', '/note.txt', 'written by a component'], about: 'writes /note.txt into the mounted OPFS folder: see Files' },
  { name: 'files: cat', url: fsOps, args: ['fs-ops', 'cat', '/note.txt'], about: 'prints a file of the mounted folder (upload one in Files and name it here)' },
  { name: 'files: ls', url: fsOps, args: ['fs-ops', 'ls', '/'], about: 'lists the mounted folder' },
  { name: 'preview 1: hello', url: new URL('../e2e/guests/built/core/hello.wasm', import.meta.url), args: ['hello'], about: 'the hello sample as a WASI preview 1 core module (clang --target=wasm32-wasi, no adapter): runs as it is, nothing to transpile' },
  { name: 'preview 1: files', url: new URL('../e2e/guests/built/core/fs-ops.wasm', import.meta.url), args: ['fs-ops', 'ls', '/'], about: 'fs-ops as a preview 1 core module: lists the mounted folder with fd_readdir (args "fs-ops write /note.txt hi", then "fs-ops cat /note.txt")' },
  { name: 'http: client', url: httpClient, args: ['http-client', 'GET', here], about: 'GETs this page with wasi:http (the page\'s fetch): status, headers, body size' },
  { name: 'kv: counter', url: new URL('../e2e/guests/built/kv-counter.wasm', import.meta.url), args: ['kv-counter', 'default', 'count'], keyValueStores: ['default'], about: 'wasi:keyvalue over IndexedDB: counts its runs; the count survives a reload (args "kv-counter default keys" lists the store)' },
  { name: 'http: proxy', url: new URL('../e2e/guests/built/http-handler.wasm', import.meta.url), args: ['http-handler'], serve: { path: '/hello' }, about: 'a wasi:http/proxy handler served in a worker: send it requests with the form (/hello, /echo, /count, /slow?ms=500)' },
];
