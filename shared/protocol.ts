/**
 * What the page and the worker say to each other, shared by both sides.
 *
 * The control calls (start, run, call an export) go through comlink. Everything the worker
 * needs *while the guest runs* goes through one MessagePort per worker, the "event port":
 * stdout/stderr chunks, and host requests (stdin, the user's imports, wasi:http where the page
 * serves it: the Atomics tier's fetches, serve()'s requests). OPFS directories are served in
 * the worker or its helper (worker/wasi/filesystem/), not here. How a host request waits is the
 * bridge's business: see worker/bridge/README.md.
 */

/** Operation codes of host requests served by the page. */
export const Op = {
  /** Continue a request whose payload did not fit the window (Atomics tier only). */
  More: 1,
  /** Fetch the next chunk of a response that did not fit the window (Atomics tier only). */
  Next: 2,
  /** Read stdin: payload Int32[max bytes, timeout ms or -1]; answer: bytes, status Eof at end. */
  StdinRead: 4,
  /** Call a function of `options.imports`: payload encode([iface, fn, args]); answer encode(result). */
  CallImport: 5,
  // wasi:http (40-49), see shared/http/ and src/services/http.ts. Int32 arguments, then bytes.
  /** Start a fetch: payload u32 head length, head JSON, body bytes; answer: Int32[request id]. */
  HttpSend: 40,
  /** The response head: payload Int32[id, wait ms or -1]; answer: head JSON, empty if not yet. */
  HttpHead: 41,
  /** Read a body: payload Int32[id, max, wait ms or -1]; answer: bytes (empty: none yet), status Eof + end JSON. */
  HttpBodyRead: 42,
  /** Forget a body or a request the guest dropped: payload Int32[id]. */
  HttpDrop: 43,
  /** Write to a body the page reads: payload Int32[id] + bytes; answered when there is room. */
  HttpBodyWrite: 44,
  /** End a body the page reads: payload Int32[id] + end JSON ({} or {error}). */
  HttpBodyEnd: 45,
  /** serve(): the handler's response head: payload Int32[request id] + head JSON. */
  HttpRespond: 46,
  // wasi:keyvalue (60-69), see shared/keyvalue/ and src/services/keyvalue.ts.
  /** A key-value call (Atomics tier): payload encodeWire(call); answer encodeWire(result). */
  KeyValue: 60,
  // fermyon:spin/sqlite (70-79), see shared/sqlite/ and src/services/sqlite.ts.
  /** A SQLite call (both tiers): payload encodeWire(SqliteCall); answer encodeWire(SqliteAnswer). */
  Sqlite: 70,
} as const;
export type Op = (typeof Op)[keyof typeof Op];

/** The answer to a host request: a status and its bytes. */
export interface Answer {
  status: Status;
  payload: Uint8Array;
}

/** Status of an answer. */
export const Status = {
  Ok: 0,
  /** More of this answer follows: ask with Op.Next (Atomics tier). */
  More: 1,
  /** The stream has ended. */
  Eof: 2,
  /** The service failed: the payload is the UTF-8 message. */
  Error: 3,
  /** The user's import threw a value (not an Error): the payload is encode(value). */
  Thrown: 4,
} as const;
export type Status = (typeof Status)[keyof typeof Status];

/**
 * Atomics channel layout: a SharedArrayBuffer with an Int32 header and a payload window.
 * The worker writes a request, sets STATE to Request and wakes the page with a message; the
 * page answers into the same window, sets STATE to Response and notifies.
 */
export const Channel = {
  STATE: 0,
  OP: 1,
  STATUS: 2,
  LENGTH: 3,
  /**
   * Set to 1 by the page when the run is closed or aborted. A terminated worker blocked in
   * `Atomics.wait` runs on for up to ~1.5 s in Chromium (measured); the OPFS helper checks this
   * word before every request so no write lands after an abort, and releases its files at once.
   */
  CLOSED: 15,
  HEADER_BYTES: 64,
  WINDOW_BYTES: 1 << 20,
  Idle: 0,
  Request: 1,
  Response: 2,
} as const;

/** Messages on the event port, worker to page. */
export type WorkerEvent =
  | { t: 'out'; fd: 1 | 2; chunk: Uint8Array }
  | { t: 'wake' }
  | { t: 'req'; id: number; op: Op; payload: Uint8Array }
  /** A run fetching in its worker learned that `origin` takes request bodies only whole (shared/http/streaming.ts). */
  | { t: 'whole-origin'; origin: string };

/**
 * Messages on the event port, page to worker: JSPI tier answers, and (JSPI tier) the output bytes
 * the page's callbacks are done with (shared/output.ts).
 */
export type PageEvent = { t: 'res'; id: number; status: Status; payload: Uint8Array } | { t: 'ack'; bytes: number };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Encode a value as jco represents WIT values (numbers, bigints, strings, arrays, typed
 * arrays, plain objects, undefined) into bytes that fit the Atomics window.
 */
export function encode(value: unknown): Uint8Array {
  const json = JSON.stringify(value === undefined ? { $u: 1 } : value, (_key, v) => {
    if (typeof v === 'bigint') return { $b: v.toString() };
    if (v === undefined) return { $u: 1 };
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      return { $t: v.constructor.name, d: Array.from(v as unknown as ArrayLike<number | bigint>, String) };
    }
    return v;
  });
  return encoder.encode(json);
}

const typedArrays: Record<string, { from(xs: unknown[]): unknown }> = {
  Uint8Array, Int8Array, Uint16Array, Int16Array, Uint32Array, Int32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array,
} as never;

/** The inverse of {@link encode}. */
export function decode(bytes: Uint8Array): unknown {
  return JSON.parse(decoder.decode(bytes), (_key, v) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      if ('$b' in v) return BigInt(v.$b);
      if ('$u' in v) return undefined;
      if ('$t' in v) {
        const big = v.$t.startsWith('Big');
        return typedArrays[v.$t].from(v.d.map((s: string) => (big ? BigInt(s) : Number(s))));
      }
    }
    return v;
  });
}

/** UTF-8 helpers that accept views on shared memory (TextDecoder refuses them). */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}
export function fromUtf8(bytes: Uint8Array): string {
  return decoder.decode(isShared(bytes) ? bytes.slice() : bytes);
}

/** `parts` one after another in one new array. */
export function concat(parts: Uint8Array[]): Uint8Array {
  let total = 0;
  for (const part of parts) total += part.byteLength;
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

/** Whether a view is on shared memory (the global is missing where the page is not isolated). */
export function isShared(view: ArrayBufferView): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && view.buffer instanceof SharedArrayBuffer;
}
