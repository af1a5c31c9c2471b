/**
 * wasi:http's place in the bridge: where a run's requests are made and their bodies live. The
 * JSPI tier fetches in the worker itself (its event loop runs while the guest is suspended, so a
 * read is a promise, not a message); the Atomics tier asks the page, as a blocked worker cannot
 * await a fetch. serve()'s request and response bodies are always the page's.
 */
import { IncomingBody } from '../../shared/http/incoming-body.ts';
import type { HttpTable } from '../../shared/http/table.ts';
import { type BodyEnd, type HeadAnswer, type SendHead, encodeSend } from '../../shared/http/wire.ts';
import { Op, Status, fromUtf8, utf8 } from '../../shared/protocol.ts';
import { type Bridge, type Maybe, type Reply, then } from './index.ts';

/**
 * Requests and bodies by id, in one place: this worker's HttpTable or the page's. Every wait
 * takes `timeoutMs`, undefined to wait as long as it takes.
 */
export interface HttpEndpoint {
  /** Start `head`; the request's id, and with `head.streamBody` the id of the body to write (`first` its start). */
  send(head: SendHead, first: Uint8Array | undefined): Maybe<[request: number, body: number]>;
  /** The response head of request `id` if it comes within `timeoutMs`; then the request is forgotten. */
  head(id: number, timeoutMs: number | undefined): Maybe<HeadAnswer | undefined>;
  /** Up to `max` bytes of incoming body `id`: Ok with bytes (none yet: empty), or Eof with the end as JSON. */
  read(id: number, max: number, timeoutMs: number | undefined): Maybe<Reply>;
  /** Write to body `id` (a streamed request's, serve's response); false: it is not wanted any more. */
  write(id: number, bytes: Uint8Array): Maybe<boolean>;
  /** End body `id`, finished or (with an error) dropped. */
  end(id: number, end: BodyEnd): Maybe<void>;
  /** Forget request or body `id`; nothing waits for it. */
  drop(id: number): void;
}

function waitArg(timeoutMs: number | undefined): number {
  return timeoutMs === undefined ? -1 : Math.ceil(timeoutMs);
}

/** Requests made and bodies kept in this worker, in `table`. */
export function localHttp(table: HttpTable): HttpEndpoint {
  return {
    send: (head, first) => table.send(head, first),
    // A check without waiting answers at once: future-incoming-response.get does not suspend.
    head: (id, timeoutMs) => (timeoutMs === 0 ? table.headNow(id) : table.head(id, waitArg(timeoutMs))),
    read: (id, max, timeoutMs) => table.get(id, IncomingBody).read(max, waitArg(timeoutMs)),
    write: (id, bytes) => table.write(id, bytes),
    end: (id, end) => table.end(id, end),
    drop: (id) => table.drop(id),
  };
}

const args = new Int32Array(3);

function ints(...values: number[]): Uint8Array {
  for (let i = 0; i < values.length; i++) args[i] = values[i];
  return new Uint8Array(args.buffer, 0, values.length * 4).slice();
}

/** `id` then `bytes`: the payload of a body write or end. */
function withId(id: number, bytes: Uint8Array): Uint8Array {
  const payload = new Uint8Array(4 + bytes.byteLength);
  new DataView(payload.buffer).setInt32(0, id, true);
  payload.set(bytes, 4);
  return payload;
}

/** Requests and bodies on the page (src/services/http.ts), asked with `request`. */
export function pageHttp(request: (op: Op, payload?: Uint8Array) => Maybe<Reply>): HttpEndpoint {
  return {
    send: (head, first) =>
      then(request(Op.HttpSend, encodeSend(head, first)), (reply) => {
        const ids = new Int32Array(reply.payload.slice().buffer);
        return [ids[0], ids[1] ?? 0];
      }),
    head: (id, timeoutMs) =>
      then(request(Op.HttpHead, ints(id, waitArg(timeoutMs))), (reply) =>
        reply.payload.byteLength === 0 ? undefined : (JSON.parse(fromUtf8(reply.payload)) as HeadAnswer),
      ),
    read: (id, max, timeoutMs) => request(Op.HttpBodyRead, ints(id, max, waitArg(timeoutMs))),
    write: (id, bytes) => then(request(Op.HttpBodyWrite, withId(id, bytes)), (reply) => reply.status !== Status.Eof),
    end: (id, end) => then(request(Op.HttpBodyEnd, withId(id, utf8(JSON.stringify(end)))), () => undefined),
    drop: (id) => {
      try {
        const reply = request(Op.HttpDrop, ints(id));
        if (reply instanceof Promise) reply.catch(() => {});
      } catch {
        // The page forgot it already.
      }
    },
  };
}

/** `bridge` with its wasi:http places: `fetches` where the run fetches (default: the page). */
export function withHttp(bridge: Omit<Bridge, 'http'>, fetches?: HttpEndpoint): Bridge {
  const page = pageHttp(bridge.request);
  return { ...bridge, http: { fetches: fetches ?? page, page } };
}
