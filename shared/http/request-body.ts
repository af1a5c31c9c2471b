/**
 * A wasi:http outgoing request body the guest is still writing, streamed into the fetch or
 * gathered and sent whole (see fetch-request.ts).
 */
import { concat } from '../protocol.ts';
import type { BodyEnd } from './wire.ts';

/** Pause the guest's writes to a streamed request body once this much waits for the network. */
const REQUEST_HIGH_WATER = 1 << 20;

/**
 * A request body the guest is still writing. Streamed into the fetch (`duplex: 'half'`) where
 * that can work, else gathered and sent whole: see FetchRequest.
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
