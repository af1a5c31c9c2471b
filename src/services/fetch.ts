/**
 * The page side of wasi:http: the page makes the guest's fetches (in both tiers, so one code
 * path serves them) and streams bodies to and from the worker. Bodies the worker reads are
 * pumped as they arrive, so a read takes what is there in one round trip, without a timer.
 */
import type { Answer, Service } from '../host.ts';
import { Op, Status, concat, fromUtf8, utf8 } from '../protocol.ts';
import type { RunOptions } from '../types.ts';

export type ErrorCode = { tag: string; val?: unknown };
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
}

/** Pause pumping a body the guest is not reading once this much is buffered. */
const HIGH_WATER = 8 << 20;
/** Never answer more than this in one read (the Atomics window). */
const MAX_ANSWER = 1 << 20;

const empty = new Uint8Array(0);
const ok = (payload: Uint8Array = empty): Answer => ({ status: Status.Ok, payload });
const json = (value: unknown): Uint8Array => utf8(JSON.stringify(value));

function ints(payload: Uint8Array, count: number): Int32Array {
  return new Int32Array(payload.slice(0, count * 4).buffer);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

let yieldChannel: MessageChannel | undefined;
const yielders: (() => void)[] = [];

/**
 * Let the event loop run once (the network's tasks too): a MessageChannel message, as
 * `setTimeout(0)` is clamped to ~4 ms.
 */
function yieldTask(): Promise<void> {
  if (!yieldChannel) {
    yieldChannel = new MessageChannel();
    yieldChannel.port1.onmessage = () => yielders.shift()?.();
  }
  const channel = yieldChannel;
  return new Promise((resolve) => {
    yielders.push(resolve);
    channel.port2.postMessage(0);
  });
}

/**
 * `http` of RunOptions, checked and normalized for the worker: false, true or origin patterns.
 * Throws a TypeError naming what is wrong.
 */
export function httpPermission(http: RunOptions['http']): boolean | string[] {
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

/** A body the worker reads, pumped from a ReadableStream as it arrives. */
export class PageBody {
  #reader: ReadableStreamDefaultReader<Uint8Array>;
  #chunks: Uint8Array[] = [];
  #size = 0;
  #end: BodyEnd | undefined;
  #waiters: (() => void)[] = [];
  #resume: (() => void) | undefined;

  constructor(stream: ReadableStream<Uint8Array>, readonly betweenMs?: number) {
    this.#reader = stream.getReader();
    void this.#pump();
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }

  #finish(end: BodyEnd): void {
    this.#end ??= end;
    this.#wake();
  }

  async #pump(): Promise<void> {
    while (!this.#end) {
      if (this.#size >= HIGH_WATER) {
        await new Promise<void>((resolve) => (this.#resume = resolve));
        continue;
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      if (this.betweenMs !== undefined) {
        timer = setTimeout(() => {
          this.#finish({
            error: { tag: 'connection-read-timeout' },
            message: `no bytes of the response body arrived for ${this.betweenMs} ms (between-bytes-timeout)`,
          });
          this.#reader.cancel().catch(() => {});
        }, this.betweenMs);
      }
      try {
        const { done, value } = await this.#reader.read();
        if (done) this.#finish({});
        else if (value.byteLength > 0) {
          this.#chunks.push(value);
          this.#size += value.byteLength;
          this.#wake();
        }
      } catch (e) {
        this.#finish({
          error: { tag: 'HTTP-response-incomplete' },
          message: `the body ended early: ${e instanceof Error ? e.message : String(e)}`,
        });
      } finally {
        clearTimeout(timer);
      }
    }
  }

  /** Up to `max` bytes now, waiting up to `waitMs` (-1: until bytes or the end) for the first. */
  async read(max: number, waitMs: number): Promise<Answer> {
    if (this.#chunks.length === 0 && !this.#end) {
      if (waitMs === 0) {
        // A non-blocking read: let arrived network data in first, without a timer.
        await yieldTask();
      } else {
        const arrived = new Promise<void>((resolve) => this.#waiters.push(resolve));
        await (waitMs < 0 ? arrived : Promise.race([arrived, sleep(waitMs)]));
      }
    }
    if (this.#chunks.length > 0) return ok(this.#take(Math.min(max, MAX_ANSWER)));
    if (this.#end) return { status: Status.Eof, payload: json(this.#end) };
    return ok();
  }

  #take(max: number): Uint8Array {
    const first = this.#chunks[0];
    let bytes: Uint8Array;
    if (first.byteLength >= max) {
      bytes = first.subarray(0, max);
      if (first.byteLength === max) this.#chunks.shift();
      else this.#chunks[0] = first.subarray(max);
    } else {
      // Gather several small chunks into one answer.
      let total = 0;
      let n = 0;
      while (n < this.#chunks.length && total + this.#chunks[n].byteLength <= max) total += this.#chunks[n++].byteLength;
      bytes = concat(this.#chunks.splice(0, n));
    }
    this.#size -= bytes.byteLength;
    if (this.#size < HIGH_WATER) {
      this.#resume?.();
      this.#resume = undefined;
    }
    return bytes;
  }

  cancel(): void {
    this.#finish({});
    this.#resume?.();
    this.#reader.cancel().catch(() => {});
  }
}

/** Pause the guest's writes to a streamed request body once this much waits for the network. */
const REQUEST_HIGH_WATER = 1 << 20;

/**
 * A request body the guest is still writing. Streamed into the fetch (`duplex: 'half'`) where
 * that can work, else gathered and sent whole: see PageRequest.
 */
export class RequestBody {
  #chunks: Uint8Array[] = [];
  #size = 0;
  #end: BodyEnd | undefined;
  #pulled = false;
  #closed = false;
  #streaming = false;
  /** Which stream() is current: one the fetch gave up on takes nothing and cancels nothing. */
  #generation = 0;
  #waiters: (() => void)[] = [];

  constructor(first: Uint8Array | undefined) {
    if (first && first.byteLength > 0) this.#push(first);
  }

  #push(bytes: Uint8Array): void {
    this.#chunks.push(bytes);
    this.#size += bytes.byteLength;
    this.#notify();
  }

  #notify(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }

  #next(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /**
   * Whether the browser ever asked for any of it. Until then nothing of the request has left
   * (measured: refusing an HTTP/1.1 server, Chromium neither pulls nor sends).
   */
  get pulled(): boolean {
    return this.#pulled;
  }

  /** How the guest ended it, once it has. */
  get end(): BodyEnd | undefined {
    return this.#end;
  }

  /** The body as a stream the fetch pulls from, a chunk per pull. */
  stream(): ReadableStream<Uint8Array> {
    this.#streaming = true;
    const generation = ++this.#generation;
    const current = () => generation === this.#generation;
    return new ReadableStream<Uint8Array>(
      {
        pull: async (controller) => {
          this.#pulled = true;
          while (this.#chunks.length === 0 && !this.#end && !this.#closed && current()) await this.#next();
          if (!current()) return controller.close();
          const chunk = this.#chunks.shift();
          if (chunk) {
            this.#size -= chunk.byteLength;
            this.#notify();
            controller.enqueue(chunk);
          } else if (this.#end?.error) controller.error(new Error(this.#end.message ?? 'the request body failed'));
          else controller.close();
        },
        cancel: () => {
          if (current()) this.cancel();
        },
      },
      { highWaterMark: 0 },
    );
  }

  /** Gather the body instead: the bytes written so far stay, the writer no longer waits. */
  gather(): void {
    this.#streaming = false;
    this.#generation++;
    this.#notify();
  }

  /** The whole body once the guest finishes it; an error where it dropped it unfinished. */
  async whole(): Promise<Uint8Array | BodyEnd> {
    while (!this.#end) await this.#next();
    if (this.#end.error) return this.#end;
    return concat(this.#chunks);
  }

  /** Take `bytes` from the guest; false once nobody will send them (the request is over). */
  write(bytes: Uint8Array): boolean | Promise<boolean> {
    if (this.#closed || this.#end) return false;
    this.#push(bytes);
    return !this.#streaming || this.#size < REQUEST_HIGH_WATER ? true : this.#room();
  }

  async #room(): Promise<boolean> {
    while (this.#streaming && this.#size >= REQUEST_HIGH_WATER && !this.#closed) await this.#next();
    return !this.#closed;
  }

  /** The guest finished the body, or dropped it (an error). */
  finish(end: BodyEnd): void {
    this.#end ??= end;
    this.#notify();
  }

  /** The request is over: later writes are refused. */
  cancel(): void {
    this.#closed = true;
    this.#chunks = [];
    this.#size = 0;
    this.#notify();
  }
}

/** A body the worker writes and the page reads as a ReadableStream (serve's responses). */
export class PageSink {
  readonly stream: ReadableStream<Uint8Array>;
  #controller!: ReadableStreamDefaultController<Uint8Array>;
  #room: (() => void) | undefined;
  #cancelled = false;
  #ended = false;

  constructor() {
    this.stream = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.#controller = controller;
        },
        pull: () => this.#free(),
        cancel: () => {
          this.#cancelled = true;
          this.#free();
        },
      },
      { highWaterMark: 1 << 20, size: (chunk) => chunk.byteLength },
    );
  }

  #free(): void {
    this.#room?.();
    this.#room = undefined;
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (this.#cancelled) throw new Error('the reader of this body went away');
    this.#controller.enqueue(bytes);
    if ((this.#controller.desiredSize ?? 1) <= 0) await new Promise<void>((resolve) => (this.#room = resolve));
  }

  /** Whether the writer ended the body (or the reader went away). */
  get ended(): boolean {
    return this.#ended || this.#cancelled;
  }

  end(end: BodyEnd): void {
    if (this.ended) return;
    this.#ended = true;
    if (end.error) this.#controller.error(new Error(end.message ?? `the body failed: ${end.error.tag}`));
    else this.#controller.close();
  }
}

function isAddressLiteral(hostname: string): boolean {
  return /^\d+\.\d+\.\d+\.\d+$/.test(hostname) || hostname.startsWith('[') || hostname === 'localhost';
}

/**
 * A failed fetch says only "Failed to fetch": the browser hides whether the connection was
 * refused, the name did not resolve, or CORS refused the answer. A second request without CORS
 * tells a server that answered from one that did not; the rest is guessed from the host.
 */
async function classify(error: unknown, url: string): Promise<HeadAnswer> {
  const reason = error instanceof Error ? error.message : String(error);
  if (!(error instanceof TypeError)) return { error: { tag: 'internal-error', val: reason }, message: reason };
  const answered = await fetch(url, { mode: 'no-cors', cache: 'no-store', signal: AbortSignal.timeout(3000) }).then(
    () => true,
    () => false,
  );
  const hidden = 'the browser does not say why a fetch failed';
  let answer: HeadAnswer;
  if (answered) {
    answer = {
      error: { tag: 'HTTP-request-denied' },
      message: `${url}: the server answered, but the browser refused the response by CORS: the server must send Access-Control-Allow-Origin for this page (and answer the preflight)`,
    };
  } else if (isAddressLiteral(new URL(url).hostname)) {
    answer = { error: { tag: 'connection-refused' }, message: `${url}: connection refused or unreachable (${hidden})` };
  } else {
    answer = {
      error: { tag: 'DNS-error', val: { rcode: 'address not available', infoCode: 0 } },
      message: `${url}: the host did not resolve or could not be reached (${hidden}: DNS failure and refused connection look alike)`,
    };
  }
  console.warn(`wasi-browser: HTTP request failed: ${answer.message}`);
  return answer;
}

let streamsRequests: boolean | undefined;

/** Whether this browser's fetch takes a ReadableStream body (`duplex: 'half'`). */
function canStreamRequests(): boolean {
  if (streamsRequests === undefined) {
    let askedDuplex = false;
    try {
      const init = {
        method: 'POST',
        body: new ReadableStream(),
        get duplex() {
          askedDuplex = true;
          return 'half';
        },
      };
      // A browser without streams turns the stream into the text "[object ReadableStream]".
      const typed = new Request('https://example.invalid/', init as RequestInit).headers.has('content-type');
      streamsRequests = askedDuplex && !typed;
    } catch {
      streamsRequests = false;
    }
  }
  return streamsRequests;
}

/**
 * Origins that refused a streamed body: Chromium streams one only over HTTP/2 and up, and to an
 * HTTP/1.1 server fails the fetch before sending anything. Their later requests go whole at once.
 */
const wholeOrigins = new Set<string>();

/** A streamed attempt the browser refused before taking any of the body: send it whole. */
const REFUSED_STREAM = Symbol('refused stream');

/** One fetch the guest made. */
class PageRequest {
  settled: HeadAnswer | undefined;
  readonly head: Promise<HeadAnswer>;
  readonly #controller = new AbortController();
  readonly #body: RequestBody | undefined;

  constructor(table: HttpTable, head: SendHead, body: Uint8Array | RequestBody | undefined) {
    this.#body = body instanceof RequestBody ? body : undefined;
    this.head = this.#send(table, head, body);
    this.head.then((answer) => (this.settled = answer));
  }

  async #send(table: HttpTable, head: SendHead, body: Uint8Array | RequestBody | undefined): Promise<HeadAnswer> {
    const bodyless = head.method === 'GET' || head.method === 'HEAD';
    let refused: string | undefined;
    if (body instanceof RequestBody) {
      const url = new URL(head.url);
      // Browsers speak HTTP/2 only over TLS: a streamed body to an http: URL could never go.
      if (!bodyless && url.protocol === 'https:' && canStreamRequests() && !wholeOrigins.has(url.origin)) {
        const answer = await this.#fetch(table, head, body.stream());
        if (answer !== REFUSED_STREAM) return answer;
        refused = url.origin;
      }
      body.gather();
      const whole = await body.whole();
      if (!(whole instanceof Uint8Array)) return dropped(whole);
      body = whole;
    }
    if (bodyless && body && body.byteLength > 0) {
      const message = `the browser's fetch cannot send a body with ${head.method}`;
      return { error: { tag: 'internal-error', val: message }, message };
    }
    const answer = (await this.#fetch(table, head, bodyless ? undefined : body)) as HeadAnswer;
    // Answered whole after a refused stream: an HTTP/1.1 server, not a network failure.
    if (refused && !('error' in answer)) wholeOrigins.add(refused);
    return answer;
  }

  /** One attempt: `fetch` within the request's timeouts. */
  async #fetch(
    table: HttpTable,
    head: SendHead,
    body: Uint8Array | ReadableStream<Uint8Array> | undefined,
  ): Promise<HeadAnswer | typeof REFUSED_STREAM> {
    let timeout: { code: ErrorCode; message: string } | undefined;
    const timers: ReturnType<typeof setTimeout>[] = [];
    // The browser does not tell connecting from waiting for the first byte: both bound the head.
    const arm = (ms: number | undefined, tag: string, what: string) => {
      if (ms === undefined) return;
      timers.push(
        setTimeout(() => {
          timeout ??= { code: { tag }, message: `no response head from ${head.url} within ${ms} ms (${what})` };
          this.#controller.abort();
        }, ms),
      );
    };
    arm(head.connectMs, 'connection-timeout', 'connect-timeout');
    arm(head.firstByteMs, 'connection-read-timeout', 'first-byte-timeout');
    const streamed = body instanceof ReadableStream;
    try {
      const response = await fetch(head.url, {
        method: head.method,
        headers: head.headers,
        body: body as BodyInit | undefined,
        signal: this.#controller.signal,
        redirect: 'follow',
        cache: 'no-store',
        ...(streamed ? { duplex: 'half' } : {}),
      } as RequestInit);
      const id = response.body ? table.add(new PageBody(response.body, head.betweenMs)) : 0;
      return { status: response.status, headers: [...response.headers], body: id };
    } catch (e) {
      if (timeout) return { error: timeout.code, message: timeout.message };
      const ended = this.#body?.end;
      if (streamed && ended?.error) return dropped(ended);
      if (streamed && e instanceof TypeError && !this.#body!.pulled && !this.#controller.signal.aborted) return REFUSED_STREAM;
      return classify(e, head.url);
    } finally {
      for (const t of timers) clearTimeout(t);
    }
  }

  cancel(): void {
    this.#controller.abort();
    this.#body?.cancel();
  }
}

/** The answer for a request whose body the guest dropped unfinished. */
function dropped(end: BodyEnd): HeadAnswer {
  const message = end.message ?? 'the request body was dropped before outgoing-body.finish';
  return { error: { tag: 'internal-error', val: message }, message };
}

/** The requests and bodies of one session, by id (one id space, so a drop needs no kind). */
export class HttpTable {
  #next = 1;
  readonly entries = new Map<number, PageRequest | PageBody | PageSink | RequestBody>();

  add(entry: PageRequest | PageBody | PageSink | RequestBody): number {
    const id = this.#next++;
    this.entries.set(id, entry);
    return id;
  }

  get<T extends PageRequest | PageBody | PageSink | RequestBody>(id: number, kind: new (...args: any[]) => T): T {
    const entry = this.entries.get(id);
    if (!(entry instanceof kind)) throw new Error(`no HTTP ${kind.name} ${id} on the page`);
    return entry;
  }

  /** Start a fetch; its id, and with `head.streamBody` the id of the body to write (`first` its start). */
  send(head: SendHead, first: Uint8Array | undefined): [request: number, body: number] {
    if (!head.streamBody) return [this.add(new PageRequest(this, head, first)), 0];
    const body = new RequestBody(first);
    const bodyId = this.add(body);
    return [this.add(new PageRequest(this, head, body)), bodyId];
  }

  /** The head of request `id` if it came already; then forget the request. */
  headNow(id: number): HeadAnswer | undefined {
    const settled = this.get(id, PageRequest).settled;
    if (settled) this.entries.delete(id);
    return settled;
  }

  /** The head of request `id` if it comes within `waitMs` (-1: wait for it); then forget the request. */
  async head(id: number, waitMs: number): Promise<HeadAnswer | undefined> {
    const request = this.get(id, PageRequest);
    if (!request.settled && waitMs !== 0) {
      await (waitMs < 0 ? request.head : Promise.race([request.head, sleep(waitMs)]));
    }
    return this.headNow(id);
  }

  /** Write to a body the worker writes (serve's response, a streamed request); false: it is not wanted any more. */
  write(id: number, bytes: Uint8Array): boolean | Promise<boolean> {
    const entry = this.entries.get(id);
    if (entry instanceof RequestBody) return entry.write(bytes);
    return this.get(id, PageSink).write(bytes).then(() => true);
  }

  /** End a body the worker writes, and forget it. */
  end(id: number, end: BodyEnd): void {
    const entry = this.entries.get(id);
    if (entry instanceof RequestBody) entry.finish(end);
    else this.get(id, PageSink).end(end);
    this.entries.delete(id);
  }

  /** Forget a request or body; cancel it if it is still going. */
  drop(id: number): void {
    const entry = this.entries.get(id);
    this.entries.delete(id);
    if (entry && !(entry instanceof PageSink)) entry.cancel();
  }

  /** Forget everything (the session ends). */
  clear(): void {
    for (const entry of this.entries.values()) if (!(entry instanceof PageSink)) entry.cancel();
    this.entries.clear();
  }
}

/** Serve the worker's wasi:http requests from `table`. */
export function fetchServices(table: HttpTable): Partial<Record<Op, Service>> {
  return {
    [Op.HttpSend]: (payload) => {
      const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
      const headLength = view.getUint32(0, true);
      const head = JSON.parse(fromUtf8(payload.subarray(4, 4 + headLength))) as SendHead;
      const body = payload.byteLength > 4 + headLength ? payload.slice(4 + headLength) : undefined;
      return ok(new Uint8Array(Int32Array.of(...table.send(head, body)).buffer));
    },
    [Op.HttpHead]: async (payload) => {
      const [id, waitMs] = ints(payload, 2);
      const answer = await table.head(id, waitMs);
      return ok(answer ? json(answer) : empty);
    },
    [Op.HttpBodyRead]: (payload) => {
      const [id, max, waitMs] = ints(payload, 3);
      return table.get(id, PageBody).read(max, waitMs);
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
