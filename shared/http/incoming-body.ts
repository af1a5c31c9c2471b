/**
 * A wasi:http incoming body (a fetch's response, serve()'s request): pumped from a
 * ReadableStream as it arrives, read by the guest's input-stream. Bodies are pumped as they
 * arrive, so a read takes what is there in one round trip, without a timer.
 */
import { type Answer, Status, concat, utf8 } from '../protocol.ts';
import { sleep, yieldTask } from './wait.ts';
import type { BodyEnd } from './wire.ts';
import { messageOf } from '../message.ts';

/** Pause pumping a body the guest is not reading once this much is buffered. */
const HIGH_WATER = 8 << 20;
/** Never answer more than this in one read (the Atomics window). */
const MAX_ANSWER = 1 << 20;

const empty = new Uint8Array(0);
const ok = (payload: Uint8Array = empty): Answer => ({ status: Status.Ok, payload });
const json = (value: unknown): Uint8Array => utf8(JSON.stringify(value));

export class IncomingBody {
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
          message: `the body ended early: ${messageOf(e)}`,
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
