/**
 * wasi:http/types `error-code` and `http-error-code`: the codes as the WIT spells them, and the
 * io-error that carries one when an HTTP body stream fails.
 */
import { real } from '../cabi.ts';
import { type ErrorCode, internalError } from '../../../shared/http/error-code.ts';
import { Error as IoError } from '../io/error.ts';

export { type ErrorCode, internalError };

/** A stream error of an HTTP body: its debug string is the message, its code the cause. */
export class HttpIoError extends IoError {
  constructor(readonly code: ErrorCode, message: string) {
    super(message);
  }
}

export function httpErrorCode(err: IoError): ErrorCode | undefined {
  const error = real(err);
  return error instanceof HttpIoError ? error.code : undefined;
}

/** A WIT `result` as jco represents it. */
export type Result<T, E> = { tag: 'ok'; val: T } | { tag: 'err'; val: E };

/** A code as one line of text, for messages. */
export function describe(code: ErrorCode): string {
  const val = 'val' in code ? code.val : undefined;
  return val === undefined ? code.tag : `${code.tag}(${JSON.stringify(val, (_, v) => (typeof v === 'bigint' ? Number(v) : v))})`;
}
