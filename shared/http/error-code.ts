/**
 * wasi:http `error-code` values as both sides build them: the worker's host and the page's
 * fetches and serve().
 */

/** The `error-code` cases without a payload. */
type PlainCode =
  | 'DNS-timeout' | 'destination-not-found' | 'destination-unavailable' | 'destination-IP-prohibited'
  | 'destination-IP-unroutable' | 'connection-refused' | 'connection-terminated' | 'connection-timeout'
  | 'connection-read-timeout' | 'connection-write-timeout' | 'connection-limit-reached'
  | 'TLS-protocol-error' | 'TLS-certificate-error' | 'HTTP-request-denied' | 'HTTP-request-length-required'
  | 'HTTP-request-method-invalid' | 'HTTP-request-URI-invalid' | 'HTTP-request-URI-too-long'
  | 'HTTP-response-incomplete' | 'HTTP-response-timeout' | 'HTTP-upgrade-failed' | 'HTTP-protocol-error'
  | 'loop-detected' | 'configuration-error';

/** `field-size-payload`. */
export interface FieldSize {
  fieldName?: string;
  fieldSize?: number;
}

/** A wasi:http `error-code` as jco represents it: `{ tag }`, or `{ tag, val }` for a case with a payload. */
export type ErrorCode =
  | { tag: PlainCode }
  | { tag: 'DNS-error'; val: { rcode?: string; infoCode?: number } }
  | { tag: 'TLS-alert-received'; val: { alertId?: number; alertMessage?: string } }
  | { tag: 'HTTP-request-body-size' | 'HTTP-response-body-size'; val: bigint | undefined }
  | {
      tag: 'HTTP-request-header-section-size' | 'HTTP-request-trailer-section-size' | 'HTTP-response-header-section-size' | 'HTTP-response-trailer-section-size';
      val: number | undefined;
    }
  | { tag: 'HTTP-request-header-size'; val: FieldSize | undefined }
  | { tag: 'HTTP-request-trailer-size' | 'HTTP-response-header-size' | 'HTTP-response-trailer-size'; val: FieldSize }
  | { tag: 'HTTP-response-transfer-coding' | 'HTTP-response-content-coding' | 'internal-error'; val: string | undefined };

/** `internal-error(message)`; `internal-error(none)` without one. */
export function internalError(message?: string): ErrorCode {
  return { tag: 'internal-error', val: message };
}

/** A failed head or body end: `internal-error(message)` and the same text to show. */
export function internalFailure(message: string): { error: ErrorCode; message: string } {
  return { error: internalError(message), message };
}

/** Why a request failed whose body the guest dropped before finishing it. */
export const DROPPED_REQUEST_BODY = 'the request body was dropped before outgoing-body.finish';
