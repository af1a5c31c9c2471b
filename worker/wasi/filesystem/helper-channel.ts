/**
 * The shared-memory channel between a component's worker (Atomics tier) and its OPFS helper
 * worker. One SharedArrayBuffer: an Int32 header and a window that file data is read into and
 * written from by the helper's sync handles directly (they accept views on shared memory), so
 * the bytes are copied once on each side.
 */
export const HelperChannel = {
  STATE: 0,
  OP: 1,
  STATUS: 2,
  LENGTH: 3,
  FILE: 4,
  /** Float64 index (byte 32) of an offset or a size. */
  NUMBER: 4,
  HEADER_BYTES: 64,
  /** Big enough for the largest read (4 MiB, as wasmtime) in one round trip. */
  WINDOW_BYTES: 4 << 20,
  Idle: 0,
  Request: 1,
  Response: 2,
} as const;

export const HelperOp = {
  /** A backend method: window holds encode([mount, method, ...args]); answer encode(result). */
  Call: 1,
  /** Read LENGTH bytes of FILE at NUMBER into the window; answer LENGTH = bytes read. */
  Read: 2,
  /** Write LENGTH bytes of the window to FILE at NUMBER; answer LENGTH = bytes written. */
  Write: 3,
  /** Answer NUMBER = the size of FILE. */
  Size: 4,
  /** Truncate FILE to NUMBER. */
  Truncate: 5,
  Flush: 6,
  Release: 7,
} as const;

export const HelperStatus = {
  Ok: 0,
  /** A WASI error: the window holds the error code, a space, and a message. */
  FsError: 1,
  /** Anything else: the window holds the message. */
  Error: 2,
} as const;
