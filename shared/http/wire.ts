/**
 * The wasi:http values that cross between the worker and the page (the Atomics tier's bridge,
 * serve()'s responses), and how a send is laid out on the wire.
 */
import { fromUtf8, utf8 } from '../protocol.ts';
import type { ErrorCode } from './error-code.ts';

export type { ErrorCode };
export type HeadAnswer = { status: number; headers: [string, string][]; body: number } | { error: ErrorCode; message?: string };
export type BodyEnd = { error?: ErrorCode; message?: string };

export interface SendHead {
  method: string;
  url: string;
  headers: [string, string][];
  connectMs?: number;
  firstByteMs?: number;
  betweenMs?: number;
  /** The body is still being written: the sender gets a RequestBody id to write it to. */
  streamBody?: boolean;
  /**
   * Refuse a redirect instead of following it: where `http.allow` limits the origins, as the
   * browser hides where a redirect leads before following it, so no hop could be checked.
   */
  refuseRedirects?: boolean;
}

/** `Op.HttpSend`'s payload: u32 head length, the head as JSON, then the body's first bytes. */
export function encodeSend(head: SendHead, body: Uint8Array | undefined): Uint8Array {
  const json = utf8(JSON.stringify(head));
  const payload = new Uint8Array(4 + json.byteLength + (body?.byteLength ?? 0));
  new DataView(payload.buffer).setUint32(0, json.byteLength, true);
  payload.set(json, 4);
  if (body) payload.set(body, 4 + json.byteLength);
  return payload;
}

/** The inverse of {@link encodeSend}. */
export function decodeSend(payload: Uint8Array): [head: SendHead, body: Uint8Array | undefined] {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const headLength = view.getUint32(0, true);
  const head = JSON.parse(fromUtf8(payload.subarray(4, 4 + headLength))) as SendHead;
  const body = payload.byteLength > 4 + headLength ? payload.slice(4 + headLength) : undefined;
  return [head, body];
}
