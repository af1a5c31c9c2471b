/**
 * wasi:filesystem error codes: how the host fails a call, and where the browser's errors
 * (DOMException names from OPFS, mapped in shared/opfs/errors.ts) become them.
 */
import { opfsErrorCode } from '../../../shared/opfs/errors.ts';
import { WasiError } from '../io/error.ts';

/** wasi:filesystem/types `error-code`, in the WIT's order (a code's index is its number). */
export const ERROR_CODES = [
  'access', 'would-block', 'already', 'bad-descriptor', 'busy', 'deadlock', 'quota', 'exist',
  'file-too-large', 'illegal-byte-sequence', 'in-progress', 'interrupted', 'invalid', 'io',
  'is-directory', 'loop', 'too-many-links', 'message-size', 'name-too-long', 'no-device',
  'no-entry', 'no-lock', 'insufficient-memory', 'insufficient-space', 'not-directory',
  'not-empty', 'not-recoverable', 'unsupported', 'no-tty', 'no-such-device', 'overflow',
  'not-permitted', 'pipe', 'read-only', 'invalid-seek', 'text-file-busy', 'cross-device',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** A filesystem call's `err(code)`: jco's glue hands `payload` to the guest. */
export class FsError extends WasiError {
  constructor(readonly code: ErrorCode, detail?: string) {
    super(code, detail ? `${code}: ${detail}` : code);
    this.name = 'FsError';
  }
}

/** Fail the current call with `code`. */
export function fsFail(code: ErrorCode, detail?: string): never {
  throw new FsError(code, detail);
}

/**
 * The WASI error code of a failure: an FsError's own, or the one of what OPFS reported
 * (shared/opfs/errors.ts). An unknown error stays an exception (a trap with its message).
 */
export function toErrorCode(e: unknown): ErrorCode | undefined {
  if (e instanceof FsError) return e.code;
  return opfsErrorCode(e);
}

/** Rethrow `e` as the FsError it maps to, or as it is. */
export function rethrowFs(e: unknown): never {
  if (e instanceof FsError) throw e;
  const code = toErrorCode(e);
  if (code) throw new FsError(code, (e as Error)?.message);
  throw e;
}
