/** A component: its bytes, or where to fetch them. */
export type ComponentSource = Uint8Array | ArrayBuffer | Blob | Response | URL | string;

/** Which tier serves the component's blocking calls. */
export type Bridge = 'jspi' | 'atomics';

export interface RunOptions {
  /** argv; args[0] is the program name. Default: ['component']. */
  args?: string[];
  env?: Record<string, string>;
  /** wasi:cli/environment initial-cwd. */
  cwd?: string;
  /** What the guest reads from stdin; absent: EOF at once. A stream is read as the guest asks. */
  stdin?: string | Uint8Array | Blob | ReadableStream<Uint8Array>;
  /**
   * Called as the guest writes stdout, not at exit. A returned Promise holds the chunk until it
   * settles: the guest waits once 1 MiB of its output is held (back-pressure).
   */
  stdout?: (chunk: Uint8Array) => void | Promise<unknown>;
  /** Called as the guest writes stderr, not at exit; as `stdout`. */
  stderr?: (chunk: Uint8Array) => void | Promise<unknown>;
  /**
   * The user's implementations of non-WASI imports, keyed by interface
   * (`'test:host/log'` or with a version), functions named as jco names them (camelCase).
   * They run on the page; values cross by structured clone. They may be async.
   * For a preview 1 core module: keyed by import module (`{ env: { f } }`), numbers in and out.
   */
  imports?: Record<string, object>;
  /** Abort: the worker is terminated, the promise rejects with an AbortError. */
  signal?: AbortSignal;
  /**
   * auto: JSPI where the browser has it, else Atomics where the page is cross-origin isolated,
   * else reject saying what to do.
   */
  bridge?: 'auto' | Bridge;
  /**
   * Directories the guest sees (wasi:filesystem/preopens), guest path -> what backs it, e.g.
   * `{ '/': { kind: 'opfs', path: 'app' } }`. No mounts: no preopens, as wasmtime without --dir.
   */
  mounts?: Record<string, Mount>;
  /**
   * wasi:http outgoing requests (made with the page's `fetch`, so CORS applies). Off by
   * default, as wasmtime links no HTTP without `-S http`: a denied request gets
   * `HTTP-request-denied`. `{ allow }` lists origins with `*` wildcards
   * (`'https://api.example.com'`, `'https://*.example.com'`, `'http://127.0.0.1:*'`).
   */
  http?: boolean | { allow: string[] };
  /**
   * wasi:keyvalue stores the component may open, as a Spin component's `key_value_stores`
   * (e.g. `['default']`). Absent: none; any other store answers `access-denied`. The data lives
   * in the origin's IndexedDB (database `wasi-browser-keyvalue`), shared by every run and tab.
   */
  keyValueStores?: string[];
  /**
   * fermyon:spin/sqlite databases the component may open, as a Spin component's
   * `sqlite_databases` (e.g. `['default']`). Absent: none; any other database answers
   * `access-denied`. Each is a SQLite database in the origin's OPFS, shared by every run of the page.
   */
  sqliteDatabases?: string[];
  /**
   * wasi:config/store values, name -> value. Names as Spin's variables: lowercase letters, digits
   * and underscores, starting with a letter (`api_key`); another name is a TypeError.
   */
  config?: Record<string, string>;
  /**
   * Where to load the worker script from, for those who self-host the files of `dist/`
   * (a same-origin URL: browsers refuse cross-origin workers). Default: the one beside the library.
   */
  workerUrl?: string | URL;
  /**
   * Where to import the transpiler module from (`dist/transpiler.js`, with its `.wasm` files
   * beside it), fetched only on a cache miss. Default: the one beside the library.
   */
  transpilerUrl?: string | URL;
}

/** What backs a mount: a live OPFS directory, or files kept in memory for this run. */
export type Mount =
  /** A directory under the OPFS root (made if missing); '' or absent: the root itself. */
  | { kind: 'opfs'; path?: string; readonly?: boolean }
  /** Files (path -> contents) in the worker's memory, gone when the run ends. */
  | { kind: 'memory'; files?: Record<string, string | Uint8Array>; readonly?: boolean };

export interface Timings {
  transpileMs: number;
  instantiateMs: number;
  runMs: number;
  /** Whether the transpiled component came from the cache. */
  cached: boolean;
}

export interface RunResult {
  /**
   * 0, 1 for exit(err), n for exit-with-code(n), 134 for a trap. A preview 1 core module's
   * proc_exit(n): n below 126; from 126 on 1, with `trap` saying why (wasmtime refuses those codes).
   */
  exitCode: number;
  /** Everything written to stdout, also when streamed to the callback. */
  stdout: Uint8Array;
  stderr: Uint8Array;
  /** The trap's message, where the guest trapped (or called proc_exit(n) with n >= 126). */
  trap?: string;
  bridge: Bridge;
  timings: Timings;
}

export interface Instance {
  /**
   * The component's exports as jco names them (`'test:lib/calc'` and `calc` -> `{ add() }`).
   * Each function returns a Promise: it runs in the worker.
   */
  exports: Record<string, any>;
  bridge: Bridge;
  timings: Omit<Timings, 'runMs'>;
  /** Ends the worker. */
  close(): Promise<void>;
}
