/** What the page hands the worker for one run, and what comes back (internal). */

/** The run's wasi:http permission, normalized: false (off), true (any origin), or origin patterns with `*`. */
export type HttpPermission = boolean | string[];

export interface Job {
  kind: 'run' | 'instantiate' | 'serve';
  /** The component's bytes; for a core module compiled on the page (`module`), its header only. */
  bytes: Uint8Array;
  /** A preview 1 core module, compiled on the page while the worker started. */
  module?: WebAssembly.Module;
  tier: 'jspi' | 'atomics';
  sab?: SharedArrayBuffer;
  /** The output counters (shared/output.ts), where the page can share memory (always in the Atomics tier). */
  output?: SharedArrayBuffer;
  args: string[];
  env: [string, string][];
  cwd?: string;
  /** Bytes given up front, 'remote' when the page streams stdin, undefined for EOF at once. */
  stdin?: Uint8Array | 'remote';
  /** The user's imports: interface -> function names. */
  imports: Record<string, string[]>;
  /** wasi:http permission. */
  http?: HttpPermission;
  /** Origins the page knows take request bodies only whole (shared/http/streaming.ts). */
  wholeOrigins?: string[];
  /** wasi:keyvalue: the store names the component may open. */
  keyValueStores?: string[];
  /** fermyon:spin/sqlite: the database names the component may open. */
  sqliteDatabases?: string[];
  /** wasi:config/store: the config values, checked. */
  config?: [string, string][];
  /** The mounts, in order: each becomes a preopen. */
  mounts?: MountSpec[];
  /** Absolute URL of the transpiler module to import on a cache miss; absent: the bundled one. */
  transpilerUrl?: string;
  /** Why no transpiler can be found: a transpile fails with it (a cached run needs none). */
  transpilerMissing?: string;
}

/** A mount as the worker gets it. */
export interface MountSpec {
  guestPath: string;
  kind: 'opfs' | 'memory';
  /** OPFS: the directory under the root. */
  path?: string;
  /** Memory: the files. */
  files?: Record<string, string | Uint8Array>;
  readonly: boolean;
}

/** Each export: a world-level function, or an interface's members. */
export type ExportShape = Record<string, 'function' | Record<string, 'function' | 'class'>>;

export interface Started {
  cached: boolean;
  transpileMs: number;
  instantiateMs: number;
  exports: ExportShape;
}

export interface RunOutcome {
  exitCode: number;
  trap?: string;
  runMs: number;
  /** How many output chunks the worker posted, so the page knows when it has them all. */
  chunks: number;
}
