/**
 * The page side of wasi:http: the `http` option checked, and the bridge's HTTP operations served
 * from the session's {@link HttpTable} (Atomics tier fetches, serve()'s bodies).
 */
import { type Answer, Op, Status, fromUtf8, utf8 } from '../../shared/protocol.ts';
import { IncomingBody } from '../../shared/http/incoming-body.ts';
import { StreamingPolicy } from '../../shared/http/streaming.ts';
import type { HttpTable } from '../../shared/http/table.ts';
import { type BodyEnd, decodeSend } from '../../shared/http/wire.ts';
import type { HttpPermission } from '../../shared/job.ts';
import type { Service } from '../host.ts';
import type { RunOptions } from '../types.ts';

const empty = new Uint8Array(0);
const ok = (payload: Uint8Array = empty): Answer => ({ status: Status.Ok, payload });
const json = (value: unknown): Uint8Array => utf8(JSON.stringify(value));

function ints(payload: Uint8Array, count: number): Int32Array {
  return new Int32Array(payload.slice(0, count * 4).buffer);
}

/**
 * The page's streaming policy, one for all its runs in both tiers: the page's own fetches
 * (Atomics tier) consult it, and each run that fetches in its worker (JSPI tier) starts from its
 * origins and reports back what it learns.
 */
export const streamingPolicy = new StreamingPolicy();

/**
 * `http` of RunOptions, checked and normalized for the worker: false, true or origin patterns.
 * Throws a TypeError naming what is wrong.
 */
export function httpPermission(http: RunOptions['http']): HttpPermission {
  if (http === undefined || http === false) return false;
  if (http === true) return true;
  if (!http || typeof http !== 'object' || !Array.isArray(http.allow)) {
    throw new TypeError("http must be true, false or { allow: ['https://api.example.com', 'http://127.0.0.1:*'] }");
  }
  for (const entry of http.allow) {
    if (typeof entry !== 'string' || !/^[a-z*][a-z0-9+.*-]*:\/\/[^/?#]+\/?$/i.test(entry)) {
      throw new TypeError(`http.allow entries are origins with * wildcards, like 'https://*.example.com' or 'http://127.0.0.1:*'; got ${JSON.stringify(entry)}`);
    }
  }
  return http.allow;
}

/** Serve the worker's wasi:http requests from `table`. */
export function fetchServices(table: HttpTable): Partial<Record<Op, Service>> {
  return {
    [Op.HttpSend]: (payload) => {
      const [head, body] = decodeSend(payload);
      return ok(new Uint8Array(Int32Array.of(...table.send(head, body)).buffer));
    },
    [Op.HttpHead]: async (payload) => {
      const [id, waitMs] = ints(payload, 2);
      const answer = await table.head(id, waitMs);
      return ok(answer ? json(answer) : empty);
    },
    [Op.HttpBodyRead]: (payload) => {
      const [id, max, waitMs] = ints(payload, 3);
      return table.get(id, IncomingBody).read(max, waitMs);
    },
    [Op.HttpDrop]: (payload) => {
      table.drop(ints(payload, 1)[0]);
      return ok();
    },
    [Op.HttpBodyWrite]: async (payload) => {
      const [id] = ints(payload, 1);
      return (await table.write(id, payload.slice(4))) ? ok() : { status: Status.Eof, payload: empty };
    },
    [Op.HttpBodyEnd]: (payload) => {
      const [id] = ints(payload, 1);
      table.end(id, JSON.parse(fromUtf8(payload.subarray(4))) as BodyEnd);
      return ok();
    },
  };
}
