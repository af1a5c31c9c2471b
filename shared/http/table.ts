/**
 * The requests and bodies of one session, by id: on the page (Atomics tier, serve()) or in the
 * worker (JSPI tier's own fetches).
 */
import { FetchRequest } from './fetch-request.ts';
import { IncomingBody } from './incoming-body.ts';
import { RequestBody } from './request-body.ts';
import { ResponseSink } from './response-sink.ts';
import type { StreamingPolicy } from './streaming.ts';
import { sleep } from './wait.ts';
import type { BodyEnd, HeadAnswer, SendHead } from './wire.ts';

/** The requests and bodies of one session, by id (one id space, so a drop needs no kind). */
export class HttpTable {
  #next = 1;
  readonly entries = new Map<number, FetchRequest | IncomingBody | ResponseSink | RequestBody>();

  /** `streaming`: which of this table's requests may try a streamed body. */
  constructor(readonly streaming: StreamingPolicy) {}

  add(entry: FetchRequest | IncomingBody | ResponseSink | RequestBody): number {
    const id = this.#next++;
    this.entries.set(id, entry);
    return id;
  }

  get<T extends FetchRequest | IncomingBody | ResponseSink | RequestBody>(id: number, kind: new (...args: any[]) => T): T {
    const entry = this.entries.get(id);
    if (!(entry instanceof kind)) throw new Error(`no HTTP ${kind.name} ${id} on the page`);
    return entry;
  }

  /** Start a fetch; its id, and with `head.streamBody` the id of the body to write (`first` its start). */
  send(head: SendHead, first: Uint8Array | undefined): [request: number, body: number] {
    if (!head.streamBody) return [this.add(new FetchRequest(this, head, first)), 0];
    const body = new RequestBody(first);
    const bodyId = this.add(body);
    return [this.add(new FetchRequest(this, head, body)), bodyId];
  }

  /** The head of request `id` if it came already; then forget the request. */
  headNow(id: number): HeadAnswer | undefined {
    const settled = this.get(id, FetchRequest).settled;
    if (settled) this.entries.delete(id);
    return settled;
  }

  /** The head of request `id` if it comes within `waitMs` (-1: wait for it); then forget the request. */
  async head(id: number, waitMs: number): Promise<HeadAnswer | undefined> {
    const request = this.get(id, FetchRequest);
    if (!request.settled && waitMs !== 0) {
      await (waitMs < 0 ? request.head : Promise.race([request.head, sleep(waitMs)]));
    }
    return this.headNow(id);
  }

  /** Write to a body the worker writes (serve's response, a streamed request); false: it is not wanted any more. */
  write(id: number, bytes: Uint8Array): boolean | Promise<boolean> {
    const entry = this.entries.get(id);
    if (entry instanceof RequestBody) return entry.write(bytes);
    return this.get(id, ResponseSink).write(bytes).then(() => true);
  }

  /** End a body the worker writes, and forget it. */
  end(id: number, end: BodyEnd): void {
    const entry = this.entries.get(id);
    if (entry instanceof RequestBody) entry.finish(end);
    else this.get(id, ResponseSink).end(end);
    this.entries.delete(id);
  }

  /** Forget a request or body; cancel it if it is still going. */
  drop(id: number): void {
    const entry = this.entries.get(id);
    this.entries.delete(id);
    if (entry && !(entry instanceof ResponseSink)) entry.cancel();
  }

  /** Forget everything (the session ends). */
  clear(): void {
    for (const entry of this.entries.values()) if (!(entry instanceof ResponseSink)) entry.cancel();
    this.entries.clear();
  }
}
