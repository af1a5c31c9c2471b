/**
 * Preview 1 errno values (the witx `errno` enum, numbered as the spec has them) and the one
 * place where the host's failures become them: a filesystem `error-code` maps to the errno
 * wasmtime gives on Linux for it; anything else that is not a WASI failure stays an exception
 * (the guest traps with its message).
 */
import { streamErrorCode } from '../wasi/filesystem/file-streams.ts';
import { type ErrorCode, FsError } from '../wasi/filesystem/errors.ts';
import { Error as IoError, WasiError } from '../wasi/io/error.ts';

/** The errno names this host answers with, and their numbers. */
export const ESUCCESS = 0;
export const E2BIG = 1;
export const EACCES = 2;
export const EAGAIN = 6;
export const EALREADY = 7;
export const EBADF = 8;
export const EBUSY = 10;
export const EDEADLK = 16;
export const EDQUOT = 19;
export const EEXIST = 20;
export const EFAULT = 21;
export const EFBIG = 22;
export const EILSEQ = 25;
export const EINPROGRESS = 26;
export const EINTR = 27;
export const EINVAL = 28;
export const EIO = 29;
export const EISDIR = 31;
export const ELOOP = 32;
export const EMLINK = 34;
export const EMSGSIZE = 35;
export const ENAMETOOLONG = 37;
export const ENODEV = 43;
export const ENOENT = 44;
export const ENOLCK = 46;
export const ENOMEM = 48;
export const ENOSPC = 51;
export const ENOSYS = 52;
export const ENOTDIR = 54;
export const ENOTEMPTY = 55;
export const ENOTRECOVERABLE = 56;
export const ENOTSOCK = 57;
export const ENOTSUP = 58;
export const ENOTTY = 59;
export const ENXIO = 60;
export const EOVERFLOW = 61;
export const EPERM = 63;
export const EPIPE = 64;
export const EROFS = 69;
export const ESPIPE = 70;
export const ETXTBSY = 74;
export const EXDEV = 75;

/** wasi:filesystem error-code -> errno, as wasmtime's preview 1 host maps them. */
const FROM_CODE: Record<ErrorCode, number> = {
  'access': EACCES,
  'would-block': EAGAIN,
  'already': EALREADY,
  'bad-descriptor': EBADF,
  'busy': EBUSY,
  'deadlock': EDEADLK,
  'quota': EDQUOT,
  'exist': EEXIST,
  'file-too-large': EFBIG,
  'illegal-byte-sequence': EILSEQ,
  'in-progress': EINPROGRESS,
  'interrupted': EINTR,
  'invalid': EINVAL,
  'io': EIO,
  'is-directory': EISDIR,
  'loop': ELOOP,
  'too-many-links': EMLINK,
  'message-size': EMSGSIZE,
  'name-too-long': ENAMETOOLONG,
  'no-device': ENODEV,
  'no-entry': ENOENT,
  'no-lock': ENOLCK,
  'insufficient-memory': ENOMEM,
  'insufficient-space': ENOSPC,
  'not-directory': ENOTDIR,
  'not-empty': ENOTEMPTY,
  'not-recoverable': ENOTRECOVERABLE,
  'unsupported': ENOTSUP,
  'no-tty': ENOTTY,
  'no-such-device': ENXIO,
  'overflow': EOVERFLOW,
  'not-permitted': EPERM,
  'pipe': EPIPE,
  'read-only': EROFS,
  'invalid-seek': ESPIPE,
  'text-file-busy': ETXTBSY,
  'cross-device': EXDEV,
};

/** A preview 1 call's failure with `errno`. */
export class Errno extends globalThis.Error {
  constructor(readonly errno: number, detail?: string) {
    super(detail ? `errno ${errno}: ${detail}` : `errno ${errno}`);
    this.name = 'Errno';
  }
}

/** Fail the current preview 1 call with `errno`. */
export function fail(errno: number, detail?: string): never {
  throw new Errno(errno, detail);
}

/** The errno of a filesystem error code. */
export function errnoOfCode(code: ErrorCode): number {
  return FROM_CODE[code];
}

/**
 * The errno for what a host call threw; undefined where it is no WASI failure (it traps).
 * A stream's `closed` is EPIPE (a write to a closed stream); its `last-operation-failed` is the
 * filesystem code behind it, or EIO.
 */
export function errnoOf(e: unknown): number | undefined {
  if (e instanceof Errno) return e.errno;
  if (e instanceof FsError) return FROM_CODE[e.code];
  if (e instanceof WasiError) {
    const payload = e.payload as { tag?: string; val?: unknown } | undefined;
    if (payload?.tag === 'closed') return EPIPE;
    if (payload?.tag === 'last-operation-failed') {
      const code = payload.val instanceof IoError ? streamErrorCode(payload.val) : undefined;
      return code ? FROM_CODE[code] : EIO;
    }
  }
  return undefined;
}
