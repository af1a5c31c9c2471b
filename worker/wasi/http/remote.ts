/**
 * The wasi:http host's view of where requests and bodies live: an {@link HttpEndpoint} of the
 * bridge (worker/bridge/http.ts). `fetchEndpoint()` is where this run's fetches are made,
 * `pageEndpoint()` the page's table, which holds serve()'s request and response bodies.
 */
import { Status, fromUtf8 } from '../../../shared/protocol.ts';
import type { BodyEnd, HeadAnswer, SendHead } from '../../../shared/http/wire.ts';
import type { HttpEndpoint } from '../../bridge/http.ts';
import { type Maybe, type Reply, then } from '../../bridge/index.ts';
import { currentBridge } from '../context.ts';
import { ByteQueue } from '../io/streams.ts';
import { HttpIoError, describe } from './error-code.ts';

export type { BodyEnd, HeadAnswer, HttpEndpoint, SendHead };

/** Read bodies in pieces this large: one answer carries many of the guest's reads. */
const READ_CHUNK = 1 << 20;

/**
 * The value of a host call that must not wait (it is not a suspending import in the JSPI tier,
 * where jco's glue would take a Promise for garbage).
 */
export function now<T>(value: Maybe<T>, what: string): T {
  if (value instanceof Promise) throw new Error(`wasi-browser: ${what} would have to wait, which it must not`);
  return value;
}

/** Where this run's fetches are made. */
export function fetchEndpoint(): HttpEndpoint {
  return currentBridge().http.fetches;
}

/** The page's requests and bodies: serve()'s. */
export function pageEndpoint(): HttpEndpoint {
  return currentBridge().http.page;
}

/** The error an ended body gives the guest's reads. */
export function bodyError(end: BodyEnd): HttpIoError | undefined {
  if (!end.error) return undefined;
  return new HttpIoError(end.error, end.message ?? `the HTTP body failed: ${describe(end.error)}`);
}

/** A queue filled from body `id` at `endpoint` (0: an empty body). */
export function bodyQueue(id: number, endpoint: HttpEndpoint): ByteQueue {
  const take = (q: ByteQueue, reply: Reply) => {
    if (reply.status === Status.Eof) q.end(bodyError(JSON.parse(fromUtf8(reply.payload)) as BodyEnd));
    else q.push(reply.payload);
  };
  const queue = new ByteQueue((q, timeoutMs) => then(endpoint.read(id, READ_CHUNK, timeoutMs), (r) => take(q, r)));
  if (id === 0) queue.end();
  return queue;
}

/** Forget request or body `id` at `endpoint` (0: none); nothing waits for the answer. */
export function drop(id: number, endpoint: HttpEndpoint): void {
  if (id !== 0) endpoint.drop(id);
}
