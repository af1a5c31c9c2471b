/**
 * serve(): a wasi:http/proxy component as a function from Request to Response, run in a
 * dedicated worker. Each request gets a fresh instance by default, as Spin and wasmCloud give
 * each request a fresh sandbox.
 */
import { Op, Status, fromUtf8, utf8 } from '../shared/protocol.ts';
import { IncomingBody } from '../shared/http/incoming-body.ts';
import { ResponseSink } from '../shared/http/response-sink.ts';
import { HttpTable } from '../shared/http/table.ts';
import { internalFailure } from '../shared/http/error-code.ts';
import { streamingPolicy } from './services/http.ts';
import { startSession } from './session.ts';
import { loadBytes } from './load.ts';
import { serveApp } from './spin/app.ts';
import type { ComponentSource, RunOptions } from './types.ts';

export interface ServeOptions extends Omit<RunOptions, 'stdin' | 'args'> {
  /** Reuse one instance for every request (one at a time) instead of a fresh one per request. */
  reuseInstance?: boolean;
  /**
   * Workers to run requests in (default 1), each given the request with the fewest in flight.
   * In the Atomics tier a worker blocks while its handler waits, so one worker answers one
   * request at a time; in the JSPI tier one worker interleaves them.
   */
  workers?: number;
  /** argv the component sees. Default: ['component']. */
  args?: string[];
  /**
   * A Spin app's variables (its manifest's `[variables]`), name -> value; only with a manifest.
   * A variable not given takes its default; a required one not given is an Error.
   */
  variables?: Record<string, string>;
}

/** A served component. */
export interface Server {
  /** Answer `request` (or fetch-style arguments) with the component. */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** End the worker; requests in flight reject. */
  close(): Promise<void>;
}

type Head = { status: number; headers: [string, string][]; body: boolean } | { error: { tag: string }; message: string };

/** Statuses whose responses have no body (the Response constructor refuses one). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

function textResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

/** `options.workers` checked: a positive integer, 1 if not given; anything else throws a TypeError. */
export function workerCount(workers: ServeOptions['workers']): number {
  const count = workers ?? 1;
  if (!Number.isInteger(count) || count < 1) throw new TypeError(`workers must be a positive integer, not ${String(workers)}`);
  return count;
}

/**
 * Serve a `wasi:http/proxy` component, or a Spin app given by its manifest (`spin.toml`: a URL
 * whose path ends in `.toml`, or the manifest's text as bytes; see README "A Spin app"):
 * resolves once it is instantiated; rejects at once if it does not export
 * `wasi:http/incoming-handler`. A trap becomes a 500 with the message in the body.
 */
export async function serve(component: ComponentSource, options: ServeOptions = {}): Promise<Server> {
  const manifest = await manifestOf(component);
  if (manifest) return serveApp(manifest.text, manifest.base, options);
  if (options.variables !== undefined) throw new TypeError('the variables option is for a Spin manifest; a component takes config');
  return serveComponent(component, options);
}

/** WebAssembly's magic number: a component or module starts with it, a manifest does not. */
const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

/**
 * The manifest's text and where its relative paths start, if `source` is a Spin manifest: a
 * URL whose path ends in `.toml` (fetched), or bytes that are not WebAssembly (read as UTF-8,
 * relative to the page) with a `spin_manifest_version` line.
 */
async function manifestOf(source: ComponentSource): Promise<{ text: string; base: URL } | undefined> {
  const here = typeof location === 'undefined' ? 'http://localhost/' : location.href;
  if (source instanceof URL || typeof source === 'string') {
    const url = new URL(String(source), here);
    if (!url.pathname.endsWith('.toml')) return undefined;
    let bytes: Uint8Array;
    try {
      bytes = await loadBytes(url);
    } catch (e) {
      throw new Error((e as Error).message.replace('the component', 'the Spin manifest'));
    }
    return { text: new TextDecoder().decode(bytes), base: url };
  }
  if (source instanceof Response) return undefined;
  const bytes = await loadBytes(source);
  if (WASM_MAGIC.every((b, i) => bytes[i] === b)) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  // Other bytes go on to the component checks, which say what they are not.
  return /^\s*spin_manifest_version\s*=/m.test(text) ? { text, base: new URL(here) } : undefined;
}

/** serve() for one component (a Spin app serves each of its components with it). */
export async function serveComponent(component: ComponentSource, options: ServeOptions = {}): Promise<Server> {
  const count = workerCount(options.workers);
  let nextId = 1;
  const waiting = new Map<number, { resolve(response: Response): void; sink?: ResponseSink }>();

  /** One worker: its session, its body table, and how many requests it has in flight. */
  const startOne = async () => {
    const table = new HttpTable(streamingPolicy);
    const respond = (payload: Uint8Array) => {
      const id = new DataView(payload.buffer, payload.byteOffset).getInt32(0, true);
      const head = JSON.parse(fromUtf8(payload.subarray(4))) as Head;
      const entry = waiting.get(id);
      if (!entry) throw new Error(`no request ${id} is waiting for a response`);
      if ('error' in head) {
        entry.resolve(textResponse(500, head.message));
        return { status: Status.Ok, payload: utf8('0') };
      }
      let sinkId = 0;
      let body: ReadableStream<Uint8Array> | null = null;
      if (head.body && !NULL_BODY.has(head.status)) {
        entry.sink = new ResponseSink();
        sinkId = table.add(entry.sink);
        body = entry.sink.stream;
      }
      entry.resolve(new Response(body, { status: head.status, headers: head.headers }));
      return { status: Status.Ok, payload: utf8(String(sinkId)) };
    };
    const session = await startSession('serve', component, { ...options, stdin: undefined }, {
      httpTable: table,
      services: { [Op.HttpRespond]: respond },
    });
    return { session, table, inFlight: 0 };
  };
  // The first worker transpiles (or finds the cache); the others then find the cache.
  const first = await startOne();
  const settled = await Promise.allSettled(Array.from({ length: count - 1 }, startOne));
  const pool = [first, ...settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))];
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    for (const { session } of pool) session.close();
    throw failed.reason;
  }
  const fresh = !options.reuseInstance;

  return {
    async fetch(input, init) {
      const request = input instanceof Request && !init ? input : new Request(input, init);
      const worker = pool.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
      const { session, table } = worker;
      const id = nextId++;
      const bodyId = request.body ? table.add(new IncomingBody(request.body)) : 0;
      const head = { id, method: request.method, url: request.url, headers: [...request.headers], body: bodyId };
      const responded = new Promise<Response>((resolve) => waiting.set(id, { resolve }));
      worker.inFlight++;
      const handled = session.api.handle(head, fresh).then((outcome) => {
        const entry = waiting.get(id);
        waiting.delete(id);
        if (!outcome.responded) {
          entry?.resolve(
            textResponse(500, outcome.trap ? `the component trapped: ${outcome.trap}` : 'the component returned without setting a response'),
          );
        } else if (outcome.trap) {
          entry?.sink?.end(internalFailure(`the component trapped: ${outcome.trap}`));
        } else if (entry?.sink && !entry.sink.ended) {
          entry.sink.end(internalFailure('the component returned without outgoing-body.finish'));
        }
      });
      handled.catch(() => {}).finally(() => worker.inFlight--);
      return Promise.race([responded, handled.then(() => responded), session.ended]);
    },
    async close() {
      await Promise.all(pool.map(({ session }) => session.finish()));
    },
  };
}
