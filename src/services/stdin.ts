import type { Service } from '../host.ts';
import { Op, Status, utf8 } from '../../shared/protocol.ts';
import { messageOf } from '../../shared/message.ts';
import type { RunOptions } from '../types.ts';

/**
 * `options.stdin` checked and turned into what the session uses: bytes (a string as UTF-8, a
 * Blob read), a stream to read as the guest asks, or undefined. Anything else throws a TypeError.
 */
export function stdinSource(stdin: RunOptions['stdin']): Promise<Uint8Array | ReadableStream<Uint8Array> | undefined> | Uint8Array | undefined {
  if (stdin === undefined) return undefined;
  if (typeof stdin === 'string') return utf8(stdin);
  if (stdin instanceof Uint8Array) return stdin;
  if (typeof Blob !== 'undefined' && stdin instanceof Blob) return stdin.arrayBuffer().then((b) => new Uint8Array(b));
  if (typeof ReadableStream !== 'undefined' && stdin instanceof ReadableStream) return Promise.resolve(stdin);
  throw new TypeError('stdin must be a string, Uint8Array, Blob or ReadableStream');
}

/**
 * The page side of a streamed stdin: reads the user's ReadableStream as the guest asks,
 * keeping what arrived beyond the guest's request for its next read.
 */
export class StdinReader {
  #reader: ReadableStreamDefaultReader<Uint8Array>;
  #pending: Promise<ReadableStreamReadResult<Uint8Array> | { error: unknown }> | undefined;
  #rest: Uint8Array | undefined;
  #ended = false;

  constructor(stream: ReadableStream<Uint8Array>) {
    this.#reader = stream.getReader();
  }

  /** Up to `max` bytes; waits at most `timeoutMs` (-1: until bytes or the end). null at the end. */
  async read(max: number, timeoutMs: number): Promise<Uint8Array | null> {
    if (this.#rest) return this.#slice(this.#rest, max);
    if (this.#ended) return null;
    // A read that fails is kept as a value: a reader that gave up waiting (a timeout) finds it next time.
    this.#pending ??= this.#reader.read().then(
      (r) => r,
      (error: unknown) => ({ error }),
    );
    const next = this.#pending;
    const result =
      timeoutMs < 0
        ? await next
        : await Promise.race([
            next,
            // A zero timeout asks for what is there now: a settled read wins the race.
            timeoutMs === 0 ? Promise.resolve(undefined) : new Promise<undefined>((r) => setTimeout(r, timeoutMs)),
          ]);
    if (!result) return new Uint8Array(0);
    this.#pending = undefined;
    if ('error' in result) {
      this.#ended = true;
      throw result.error;
    }
    this.#ended = result.done;
    if (result.done) return null;
    return this.#slice(toBytes(result.value), max);
  }

  #slice(bytes: Uint8Array, max: number): Uint8Array {
    if (bytes.byteLength <= max) {
      this.#rest = undefined;
      return bytes;
    }
    this.#rest = bytes.subarray(max);
    return bytes.subarray(0, max);
  }

  cancel(): void {
    this.#reader.cancel().catch(() => {});
  }
}

function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') return utf8(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  throw new TypeError('stdin stream chunks must be Uint8Array (or strings)');
}

/** Serve Op.StdinRead from the user's stream (no stream: EOF at once). */
export function stdinServices(reader: StdinReader | undefined): Partial<Record<Op, Service>> {
  return {
    [Op.StdinRead]: async (payload) => {
      if (!reader) return { status: Status.Eof, payload: new Uint8Array(0) };
      const [max, timeoutMs] = new Int32Array(payload.slice().buffer);
      let bytes: Uint8Array | null;
      try {
        bytes = await reader.read(max, timeoutMs);
      } catch (e) {
        // The end, with why: the guest's read fails with last-operation-failed, then closed.
        return { status: Status.Eof, payload: utf8(`the stdin stream failed: ${messageOf(e)}`) };
      }
      return bytes ? { status: Status.Ok, payload: bytes } : { status: Status.Eof, payload: new Uint8Array(0) };
    },
  };
}
