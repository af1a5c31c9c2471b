/** wasi:http/types `outgoing-request` and `request-options`. */
import { fail } from '../io/error.ts';
import { type BodySink, OutgoingBody } from './bodies.ts';
import { Fields, latin1 } from './fields.ts';

/** wasi:http/types `method`. */
export type Method = { tag: 'get' | 'head' | 'post' | 'put' | 'delete' | 'connect' | 'options' | 'trace' | 'patch' } | { tag: 'other'; val: string };
/** wasi:http/types `scheme`. */
export type Scheme = { tag: 'HTTP' | 'HTTPS' } | { tag: 'other'; val: string };

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function methodName(method: Method): string {
  return method.tag === 'other' ? method.val : method.tag.toUpperCase();
}

export class OutgoingRequest {
  #method: Method = { tag: 'get' };
  #scheme: Scheme | undefined;
  #authority: string | undefined;
  #pathWithQuery: string | undefined;
  readonly #headers: Fields;
  #body: OutgoingBody | undefined;
  /** Set by outgoing-handler.handle: where the body goes once it exists. */
  bodySink: BodySink | undefined;
  #pending: { chunks: Uint8Array[]; state: 'open' | 'finished' | 'aborted' } = { chunks: [], state: 'open' };

  constructor(headers: Fields) {
    this.#headers = headers.freeze();
  }

  body(): OutgoingBody {
    if (this.#body) fail(undefined);
    const length = this.#headers.get('content-length')[0];
    const contentLength = length === undefined ? undefined : Number(latin1(length));
    // The sink is chosen by handle(), which may come later: forward to it.
    this.#body = new OutgoingBody(
      {
        write: (bytes) => this.#sink().write(bytes),
        finish: (trailers) => this.#sink().finish(trailers),
        abort: () => this.#sink().abort(),
      },
      Number.isFinite(contentLength) ? contentLength : undefined,
    );
    return this.#body;
  }

  /** Before handle(), the body is kept here; handle() replays it into the real sink. */
  #sink(): BodySink {
    if (this.bodySink) return this.bodySink;
    const pending = this.#pending;
    return {
      write(bytes) {
        pending.chunks.push(bytes.slice());
      },
      finish() {
        pending.state = 'finished';
      },
      abort() {
        pending.state = 'aborted';
      },
    };
  }

  /** What handle() needs: whether a body exists, and what was written before it was called. */
  takeEarlyBody(): { hasBody: boolean; chunks: Uint8Array[]; state: 'open' | 'finished' | 'aborted' } {
    return { hasBody: this.#body !== undefined, ...this.#pending };
  }

  method(): Method {
    return this.#method;
  }
  setMethod(method: Method): void {
    if (method.tag === 'other' && !TOKEN.test(method.val ?? '')) fail(undefined);
    this.#method = method;
  }
  pathWithQuery(): string | undefined {
    return this.#pathWithQuery;
  }
  setPathWithQuery(path: string | undefined): void {
    if (path !== undefined && /[\s\x00-\x1f\x7f#]/.test(path)) fail(undefined);
    this.#pathWithQuery = path;
  }
  scheme(): Scheme | undefined {
    return this.#scheme;
  }
  setScheme(scheme: Scheme | undefined): void {
    if (scheme?.tag === 'other' && !/^[A-Za-z][A-Za-z0-9+.-]*$/.test(scheme.val ?? '')) fail(undefined);
    this.#scheme = scheme;
  }
  authority(): string | undefined {
    return this.#authority;
  }
  setAuthority(authority: string | undefined): void {
    if (authority !== undefined && /[\s\x00-\x1f\x7f/?#@]/.test(authority)) fail(undefined);
    this.#authority = authority;
  }
  headers(): Fields {
    return this.#headers;
  }
}

/** Timeouts in nanoseconds, as the WIT's `duration`. */
export class RequestOptions {
  #connect: bigint | undefined;
  #firstByte: bigint | undefined;
  #betweenBytes: bigint | undefined;
  connectTimeout(): bigint | undefined {
    return this.#connect;
  }
  setConnectTimeout(duration: bigint | undefined): void {
    this.#connect = duration;
  }
  firstByteTimeout(): bigint | undefined {
    return this.#firstByte;
  }
  setFirstByteTimeout(duration: bigint | undefined): void {
    this.#firstByte = duration;
  }
  betweenBytesTimeout(): bigint | undefined {
    return this.#betweenBytes;
  }
  setBetweenBytesTimeout(duration: bigint | undefined): void {
    this.#betweenBytes = duration;
  }
}

export function toMs(duration: bigint | undefined): number | undefined {
  return duration === undefined ? undefined : Number(duration) / 1e6;
}
