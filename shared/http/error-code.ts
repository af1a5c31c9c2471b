/**
 * wasi:http `error-code` values as both sides build them: the worker's host and the page's
 * fetches and serve().
 */

/** A wasi:http `error-code` as jco represents it: `{ tag }` or `{ tag, val }`. */
export type ErrorCode = { tag: string; val?: unknown };

/** `internal-error(message)`; `internal-error(none)` without one. */
export function internalError(message?: string): ErrorCode {
  return message === undefined ? { tag: 'internal-error' } : { tag: 'internal-error', val: message };
}

/** A failed head or body end: `internal-error(message)` and the same text to show. */
export function internalFailure(message: string): { error: ErrorCode; message: string } {
  return { error: internalError(message), message };
}

/** Why a request failed whose body the guest dropped before finishing it. */
export const DROPPED_REQUEST_BODY = 'the request body was dropped before outgoing-body.finish';
