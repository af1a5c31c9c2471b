/**
 * Where the guest's fetches are made and bodies stream from. JSPI tier: right here in the
 * worker, whose event loop runs while the guest is suspended, so a read is a promise, not a
 * message. Atomics tier: the page (src/services/http.ts), asked through the bridge, as the
 * blocked worker cannot await a fetch. serve()'s request and response bodies are always the
 * page's.
 */
import { Op, Status, fromUtf8, utf8 } from '../../../shared/protocol.ts';
import { IncomingBody } from '../../../shared/http/incoming-body.ts';
import { HttpTable } from '../../../shared/http/table.ts';
import { type BodyEnd, type HeadAnswer, type SendHead, encodeSend } from '../../../shared/http/wire.ts';
import { type Maybe, type Reply, then } from '../../bridge/index.ts';
import { currentBridge } from '../context.ts';
import { ByteQueue } from '../io/streams.ts';
import { HttpIoError, describe } from './error-code.ts';

export type { BodyEnd, HeadAnswer, SendHead };

/** Where a request or body lives: this worker (JSPI tier) or the page. */
export type Place = 'local' | 'page';

/** Read bodies in pieces this large: one answer carries many of the guest's reads. */
const READ_CHUNK = 1 << 20;

let local: HttpTable | undefined;

/**
 * The value of a host call that must not wait (it is not a suspending import in the JSPI tier,
 * where jco's glue would take a Promise for garbage).
 */
export function now<T>(value: Maybe<T>, what: string): T {
  if (value instanceof Promise) throw new Error(`wasi-browser: ${what} would have to wait, which it must not`);
  return value;
}

/** Where this run's fetches go. */
export function fetchPlace(): Place {
  return currentBridge().tier === 'jspi' ? 'local' : 'page';
}

function localTable(): HttpTable {
  local ??= new HttpTable();
  return local;
}

const args = new Int32Array(3);

function ints(...values: number[]): Uint8Array {
  for (let i = 0; i < values.length; i++) args[i] = values[i];
  return new Uint8Array(args.buffer, 0, values.length * 4).slice();
}

function waitArg(timeoutMs: number | undefined): number {
  return timeoutMs === undefined ? -1 : Math.ceil(timeoutMs);
}

/**
 * Start `head` where this run fetches, its body `body` (with `head.streamBody`: the body's start);
 * the request's id there, and with `head.streamBody` the id of the body to write the rest to.
 */
export function send(head: SendHead, body: Uint8Array | undefined): Maybe<[request: number, body: number]> {
  if (fetchPlace() === 'local') return localTable().send(head, body);
  const payload = encodeSend(head, body);
  return then(currentBridge().request(Op.HttpSend, payload), (reply) => {
    const ids = new Int32Array(reply.payload.slice().buffer);
    return [ids[0], ids[1] ?? 0];
  });
}

/** The response head of request `id` if it arrives within `timeoutMs` (undefined: wait for it). */
export function head(id: number, timeoutMs: number | undefined): Maybe<HeadAnswer | undefined> {
  if (fetchPlace() === 'local') {
    // A check without waiting answers at once: future-incoming-response.get does not suspend.
    return timeoutMs === 0 ? localTable().headNow(id) : localTable().head(id, waitArg(timeoutMs));
  }
  return then(currentBridge().request(Op.HttpHead, ints(id, waitArg(timeoutMs))), (reply) =>
    reply.payload.byteLength === 0 ? undefined : (JSON.parse(fromUtf8(reply.payload)) as HeadAnswer),
  );
}

/** The error an ended body gives the guest's reads. */
export function bodyError(end: BodyEnd): HttpIoError | undefined {
  if (!end.error) return undefined;
  return new HttpIoError(end.error, end.message ?? `the HTTP body failed: ${describe(end.error)}`);
}

/** A queue filled from body `id` in `place` (0: an empty body). */
export function bodyQueue(id: number, place: Place): ByteQueue {
  const take = (q: ByteQueue, reply: Reply) => {
    if (reply.status === Status.Eof) q.end(bodyError(JSON.parse(fromUtf8(reply.payload)) as BodyEnd));
    else q.push(reply.payload);
  };
  const queue = new ByteQueue((q, timeoutMs) => {
    if (place === 'local') return localTable().get(id, IncomingBody).read(READ_CHUNK, waitArg(timeoutMs)).then((r) => take(q, r));
    return then(currentBridge().request(Op.HttpBodyRead, ints(id, READ_CHUNK, waitArg(timeoutMs))), (r) => take(q, r));
  });
  if (id === 0) queue.end();
  return queue;
}

/** Forget request or body `id` in `place`; nothing waits for the page's answer. */
export function drop(id: number, place: Place): void {
  if (id === 0) return;
  if (place === 'local') return localTable().drop(id);
  try {
    const reply = currentBridge().request(Op.HttpDrop, ints(id));
    if (reply instanceof Promise) reply.catch(() => {});
  } catch {
    // The page forgot it already.
  }
}

/**
 * Write `bytes` to body `id` in `place` (serve's response: the page's); waits while its reader is
 * behind. False: the body is not wanted any more (its request is over).
 */
export function writeBody(id: number, bytes: Uint8Array, place: Place = 'page'): Maybe<boolean> {
  if (place === 'local') return localTable().write(id, bytes);
  const payload = new Uint8Array(4 + bytes.byteLength);
  new DataView(payload.buffer).setInt32(0, id, true);
  payload.set(bytes, 4);
  return then(currentBridge().request(Op.HttpBodyWrite, payload), (reply) => reply.status !== Status.Eof);
}

/** End body `id` in `place`. */
export function endBody(id: number, end: BodyEnd = {}, place: Place = 'page'): Maybe<void> {
  if (place === 'local') return localTable().end(id, end);
  const json = utf8(JSON.stringify(end));
  const payload = new Uint8Array(4 + json.byteLength);
  new DataView(payload.buffer).setInt32(0, id, true);
  payload.set(json, 4);
  return then(currentBridge().request(Op.HttpBodyEnd, payload), () => undefined);
}
