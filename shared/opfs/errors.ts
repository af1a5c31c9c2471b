/**
 * What the browser's OPFS errors mean: the one table from a DOMException's name to the WASI
 * filesystem error code (as wasmtime gives it on Linux for the same failure). The worker answers
 * the guest with the code (worker/wasi/filesystem/errors.ts); the page's file API turns it into
 * its messages (src/files/index.ts).
 */

/** DOMException name -> wasi:filesystem `error-code`. */
const CODES = {
  NotFoundError: 'no-entry',
  /** A file where a directory is needed, or the reverse. */
  TypeMismatchError: 'not-directory',
  /** Another handle (another tab or run) holds the file's lock. */
  NoModificationAllowedError: 'busy',
  /** removeEntry on a non-empty directory without `recursive`. */
  InvalidModificationError: 'not-empty',
  QuotaExceededError: 'insufficient-space',
  NotAllowedError: 'access',
  SecurityError: 'access',
  /** A handle closed under us (its file was removed, or the worker is going away). */
  InvalidStateError: 'bad-descriptor',
  /** OPFS refuses names with `\` (Linux allows them). */
  TypeError: 'invalid',
  NotReadableError: 'io',
  UnknownError: 'io',
  AbortError: 'io',
} as const;

/** A DOMException name the table knows. */
export type OpfsErrorName = keyof typeof CODES;

/** A code an OPFS error maps to (a subset of wasi:filesystem `error-code`). */
export type OpfsErrorCode = (typeof CODES)[OpfsErrorName];

/** The code of what OPFS threw; undefined for anything else (better a trap than a wrong code). */
export function opfsErrorCode(e: unknown): OpfsErrorCode | undefined {
  const name = (e as { name?: unknown } | null)?.name;
  return typeof name === 'string' && Object.hasOwn(CODES, name) ? CODES[name as OpfsErrorName] : undefined;
}

/** Whether `e` is the browser's error `name`. */
export function isNamed(e: unknown, name: OpfsErrorName): boolean {
  return (e as { name?: unknown } | null)?.name === name;
}
