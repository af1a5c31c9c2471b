/** wasi:io/streams */
import { type Maybe, repeat, then } from '../../bridge/index.ts';
import { forgetRep } from '../cabi.ts';
import { Error as IoError, fail } from './error.ts';
import { Pollable, type Source, readyPollable } from './poll.ts';

const MAX_LEN = 0xffff_ffff;

function toLength(len: bigint): number {
  return len > BigInt(MAX_LEN) ? MAX_LEN : Number(len);
}

function closed(): never {
  return fail({ tag: 'closed' });
}

/** Answer `last-operation-failed` with a message the guest can print. */
export function lastOperationFailed(message: string | IoError): never {
  return fail({ tag: 'last-operation-failed', val: message instanceof IoError ? message : new IoError(message) });
}

/**
 * Bytes that arrive over time (stdin, later HTTP bodies): a queue the host fills and the
 * guest drains. `fill(timeoutMs)` gets more, waiting at most `timeoutMs` (undefined: until
 * some bytes or the end arrive; 0: only what is there now).
 */
export class ByteQueue implements Source {
  #chunks: Uint8Array[] = [];
  #ended = false;
  #error: string | IoError | undefined;
  constructor(private readonly fill: (queue: ByteQueue, timeoutMs: number | undefined) => Maybe<void> = () => {}) {}

  push(chunk: Uint8Array): void {
    if (chunk.byteLength > 0) this.#chunks.push(chunk);
  }
  /** No more bytes will come; with `error`, reads fail with it once the queue is drained. */
  end(error?: string | IoError): void {
    this.#ended = true;
    this.#error = error;
  }
  get ended(): boolean {
    return this.#ended;
  }
  isReady(): boolean {
    return this.#chunks.length > 0 || this.#ended;
  }
  wait(timeoutMs: number | undefined): Maybe<void> {
    return this.isReady() ? undefined : this.fill(this, timeoutMs);
  }

  /**
   * Where a source can (a file), up to `len` bytes read straight into memory `alloc` gives, sized
   * to what was read; null at the end.
   */
  takeAlloc?(len: number, alloc: (n: number) => Uint8Array): Uint8Array | null;

  /** Up to `len` bytes now; null at the end. */
  take(len: number): Uint8Array | null {
    if (this.#chunks.length === 0) {
      if (!this.#ended) return new Uint8Array(0);
      const error = this.#error;
      // Failed once, then closed, as WASI has it.
      this.#error = undefined;
      if (error !== undefined) lastOperationFailed(error);
      return null;
    }
    const first = this.#chunks[0];
    if (first.byteLength <= len) {
      this.#chunks.shift();
      return first;
    }
    this.#chunks[0] = first.subarray(len);
    return first.subarray(0, len);
  }
}

export class InputStream {
  readonly #queue: ByteQueue;
  #open = true;
  constructor(queue: ByteQueue) {
    this.#queue = queue;
  }
  read(len: bigint): Maybe<Uint8Array> {
    if (!this.#open) closed();
    const n = toLength(len);
    const now = this.#queue.take(n);
    if (now === null) closed();
    if (now.byteLength > 0 || n === 0 || this.#queue.ended) return now;
    // Nothing buffered: ask the source for what it has right now, without waiting.
    return then(this.#queue.wait(0), () => this.#queue.take(n) ?? closed());
  }
  blockingRead(len: bigint): Maybe<Uint8Array> {
    if (!this.#open) closed();
    const n = toLength(len);
    return repeat(() => {
      if (n === 0) return new Uint8Array(0);
      if (this.#queue.isReady()) return this.#queue.take(n) ?? closed();
      return then(this.#queue.wait(undefined), () => undefined);
    });
  }
  /** read or blocking-read into memory `alloc` gives, where the source can; else undefined. */
  readInto(len: bigint, alloc: (n: number) => Uint8Array): Uint8Array | undefined {
    if (!this.#open) closed();
    if (!this.#queue.takeAlloc) return undefined;
    return this.#queue.takeAlloc(toLength(len), alloc) ?? closed();
  }
  skip(len: bigint): Maybe<bigint> {
    return then(this.read(len), (bytes) => BigInt(bytes.byteLength));
  }
  blockingSkip(len: bigint): Maybe<bigint> {
    return then(this.blockingRead(len), (bytes) => BigInt(bytes.byteLength));
  }
  subscribe(): Pollable {
    return new Pollable(this.#queue);
  }
  [Symbol.dispose](): void {
    this.#open = false;
    forgetRep(this);
  }
}

/** Where an OutputStream's bytes go. */
export interface Sink {
  write(bytes: Uint8Array): Maybe<void>;
  flush?(): Maybe<void>;
  /** How many bytes a write may take now. */
  capacity?(): number;
  /** When a full sink has room again. */
  source?: Source;
  /** `write` is done with the bytes when it returns and keeps no reference: no copy needed. */
  borrows?: boolean;
}

const DEFAULT_CAPACITY = 1 << 20;

export class OutputStream {
  readonly #sink: Sink;
  #open = true;
  constructor(sink: Sink) {
    this.#sink = sink;
  }
  /** Whether writes may hand over a view of guest memory (see Sink.borrows). */
  get borrows(): boolean {
    return this.#sink.borrows === true;
  }
  checkWrite(): bigint {
    if (!this.#open) closed();
    return BigInt(this.#sink.capacity?.() ?? DEFAULT_CAPACITY);
  }
  write(contents: Uint8Array): Maybe<void> {
    if (!this.#open) closed();
    return this.#sink.write(contents);
  }
  blockingWriteAndFlush(contents: Uint8Array): Maybe<void> {
    return then(this.write(contents), () => this.blockingFlush());
  }
  flush(): Maybe<void> {
    if (!this.#open) closed();
    return this.#sink.flush?.();
  }
  blockingFlush(): Maybe<void> {
    return this.flush();
  }
  subscribe(): Pollable {
    return this.#sink.source ? new Pollable(this.#sink.source) : readyPollable();
  }
  writeZeroes(len: bigint): Maybe<void> {
    return this.write(new Uint8Array(toLength(len)));
  }
  blockingWriteZeroesAndFlush(len: bigint): Maybe<void> {
    return this.blockingWriteAndFlush(new Uint8Array(toLength(len)));
  }
  splice(src: InputStream, len: bigint): Maybe<bigint> {
    const n = Math.min(toLength(len), Number(this.checkWrite()));
    return then(src.read(BigInt(n)), (bytes) => then(this.write(bytes), () => BigInt(bytes.byteLength)));
  }
  blockingSplice(src: InputStream, len: bigint): Maybe<bigint> {
    const n = Math.min(toLength(len), Number(this.checkWrite()));
    return then(src.blockingRead(BigInt(n)), (bytes) =>
      then(this.blockingWriteAndFlush(bytes), () => BigInt(bytes.byteLength)),
    );
  }
  [Symbol.dispose](): void {
    this.#open = false;
    forgetRep(this);
  }
}
