/**
 * The page's half of wasi:http, asked through the bridge: fetches, response heads, and bodies
 * that stream between the page and the guest (src/services/fetch.ts answers). Both tiers use
 * it: in the Atomics tier the worker cannot await a fetch of its own.
 */
import { Op, Status, fromUtf8, utf8 } from '../../../src/protocol.ts';
import { type Maybe, then } from '../../bridge/index.ts';
import { currentBridge } from '../context.ts';
import { ByteQueue } from '../io/streams.ts';
import { type ErrorCode, HttpIoError, describe } from './error-code.ts';

/** What the page needs to make the request. Timeouts in ms. */
export interface SendHead {
  method: string;
  url: string;
  headers: [string, string][];
  connectMs?: number;
  firstByteMs?: number;
  betweenMs?: number;
}

/** The response head, or why there is none. `body` 0: no body. */
export type HeadAnswer =
  | { status: number; headers: [string, string][]; body: number }
  | { error: ErrorCode; message?: string };

/** How a body ended: cleanly, or with an error. */
export interface BodyEnd {
  error?: ErrorCode;
  message?: string;
}

/** Read bodies in pieces this large: one round trip carries many of the guest's reads. */
const READ_CHUNK = 1 << 20;

const args = new Int32Array(3);

function ints(...values: number[]): Uint8Array {
  for (let i = 0; i < values.length; i++) args[i] = values[i];
  return new Uint8Array(args.buffer, 0, values.length * 4).slice();
}

function waitArg(timeoutMs: number | undefined): number {
  return timeoutMs === undefined ? -1 : Math.ceil(timeoutMs);
}

/** Ask the page to start `head` with `body`; the page's id for the request. */
export function send(head: SendHead, body: Uint8Array | undefined): Maybe<number> {
  const json = utf8(JSON.stringify(head));
  const payload = new Uint8Array(4 + json.byteLength + (body?.byteLength ?? 0));
  new DataView(payload.buffer).setUint32(0, json.byteLength, true);
  payload.set(json, 4);
  if (body) payload.set(body, 4 + json.byteLength);
  return then(currentBridge().request(Op.HttpSend, payload), (reply) => new DataView(reply.payload.slice().buffer).getInt32(0, true));
}

/** The response head of request `id` if it arrives within `timeoutMs` (undefined: wait for it). */
export function head(id: number, timeoutMs: number | undefined): Maybe<HeadAnswer | undefined> {
  return then(currentBridge().request(Op.HttpHead, ints(id, waitArg(timeoutMs))), (reply) =>
    reply.payload.byteLength === 0 ? undefined : (JSON.parse(fromUtf8(reply.payload)) as HeadAnswer),
  );
}

/** The error an ended body gives the guest's reads. */
export function bodyError(end: BodyEnd): HttpIoError | undefined {
  if (!end.error) return undefined;
  return new HttpIoError(end.error, end.message ?? `the HTTP body failed: ${describe(end.error)}`);
}

/** A queue filled from the page's body `id` (0: an empty body). */
export function bodyQueue(id: number): ByteQueue {
  const queue = new ByteQueue((q, timeoutMs) =>
    then(currentBridge().request(Op.HttpBodyRead, ints(id, READ_CHUNK, waitArg(timeoutMs))), (reply) => {
      if (reply.status === Status.Eof) q.end(bodyError(JSON.parse(fromUtf8(reply.payload)) as BodyEnd));
      else q.push(reply.payload);
    }),
  );
  if (id === 0) queue.end();
  return queue;
}

/** Tell the page the guest dropped request or body `id`; nothing waits for the answer. */
export function drop(id: number): void {
  if (id === 0) return;
  try {
    const reply = currentBridge().request(Op.HttpDrop, ints(id));
    if (reply instanceof Promise) reply.catch(() => {});
  } catch {
    // The page forgot it already.
  }
}

/** Write `bytes` to the page's body `id`; waits while the page's reader is behind. */
export function writeBody(id: number, bytes: Uint8Array): Maybe<void> {
  const payload = new Uint8Array(4 + bytes.byteLength);
  new DataView(payload.buffer).setInt32(0, id, true);
  payload.set(bytes, 4);
  return then(currentBridge().request(Op.HttpBodyWrite, payload), () => undefined);
}

/** End the page's body `id`. */
export function endBody(id: number, end: BodyEnd = {}): Maybe<void> {
  const json = utf8(JSON.stringify(end));
  const payload = new Uint8Array(4 + json.byteLength);
  new DataView(payload.buffer).setInt32(0, id, true);
  payload.set(json, 4);
  return then(currentBridge().request(Op.HttpBodyEnd, payload), () => undefined);
}
