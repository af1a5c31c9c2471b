/** wasi:http/types `outgoing-body`, `incoming-body` and `future-trailers`. */
import { concat } from '../../../shared/protocol.ts';
import { type Maybe, then } from '../../bridge/index.ts';
import { fail } from '../io/error.ts';
import { Pollable } from '../io/poll.ts';
import { type ByteQueue, InputStream, OutputStream } from '../io/streams.ts';
import { type ErrorCode, type Result, internalError } from './error-code.ts';
import type { Fields } from './fields.ts';

/** Where an outgoing body's bytes go: buffered for a fetch, or streamed to the page (serve). */
export interface BodySink {
  write(bytes: Uint8Array): Maybe<void>;
  /** The guest finished the body. Throw `fail(error-code)` to refuse it. */
  finish(trailers: Fields | undefined): Maybe<void>;
  /** The guest dropped the body unfinished. */
  abort(): void;
}

/** Counts what is written, so a `content-length` the guest set can be held to. */
export class OutgoingBody {
  #stream: OutputStream | undefined;
  #done = false;
  #written = 0;
  constructor(readonly sink: BodySink, readonly contentLength?: number) {}

  write(): OutputStream {
    if (this.#stream || this.#done) fail(undefined);
    this.#stream = new OutputStream({
      write: (bytes) => {
        if (this.#done) fail({ tag: 'closed' });
        this.#written += bytes.byteLength;
        if (this.contentLength !== undefined && this.#written > this.contentLength) {
          fail({ tag: 'closed' });
        }
        return this.sink.write(bytes);
      },
    });
    return this.#stream;
  }

  static finish(body: OutgoingBody, trailers: Fields | undefined): Maybe<void> {
    if (body.#done) fail(internalError('outgoing-body.finish called twice'));
    body.#done = true;
    if (body.contentLength !== undefined && body.#written !== body.contentLength) {
      const code: ErrorCode = { tag: 'HTTP-request-body-size', val: BigInt(body.#written) };
      body.sink.abort();
      fail(code);
    }
    return body.sink.finish(trailers?.freeze());
  }

  [Symbol.dispose](): void {
    if (!this.#done) {
      this.#done = true;
      this.sink.abort();
    }
  }
}

/** A body the guest reads: a response's (fetch) or a request's (serve). */
export class IncomingBody {
  #stream: InputStream | undefined;
  #finished = false;
  constructor(readonly queue: ByteQueue, readonly onDrop: () => void = () => {}) {}

  stream(): InputStream {
    if (this.#stream || this.#finished) fail(undefined);
    this.#stream = new InputStream(this.queue);
    return this.#stream;
  }

  static finish(body: IncomingBody): FutureTrailers {
    body.#finished = true;
    // fetch and Request expose no trailers: the body's end is all there is to wait for.
    if (!body.queue.ended) body.onDrop();
    return new FutureTrailers();
  }

  [Symbol.dispose](): void {
    if (!this.#finished && !this.queue.ended) this.onDrop();
  }
}

/** Trailers of an incoming body: always none, as the browser's fetch gives none. */
export class FutureTrailers {
  #taken = false;
  subscribe(): Pollable {
    return new Pollable();
  }
  get(): Result<Result<Fields | undefined, ErrorCode>, undefined> | undefined {
    if (this.#taken) return { tag: 'err', val: undefined };
    this.#taken = true;
    return { tag: 'ok', val: { tag: 'ok', val: undefined } };
  }
}

/** Gather a buffered body. */
export class BufferSink implements BodySink {
  chunks: Uint8Array[] = [];
  constructor(private readonly onEnd: (sink: BufferSink, outcome: 'finished' | 'aborted') => Maybe<void>) {}
  write(bytes: Uint8Array): void {
    this.chunks.push(bytes.slice());
  }
  finish(): Maybe<void> {
    return then(this.onEnd(this, 'finished'), () => undefined);
  }
  abort(): void {
    void this.onEnd(this, 'aborted');
  }
  bytes(): Uint8Array {
    return concat(this.chunks);
  }
}
