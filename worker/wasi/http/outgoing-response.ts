/** wasi:http/types `outgoing-response` and `response-outparam`: what a served component answers. */
import { Op, fromUtf8, utf8 } from '../../../shared/protocol.ts';
import { type Maybe, then } from '../../bridge/index.ts';
import { currentBridge } from '../context.ts';
import { fail } from '../io/error.ts';
import { type BodySink, OutgoingBody } from './bodies.ts';
import { type ErrorCode, type Result, describe, internalError } from './error-code.ts';
import { Fields, latin1 } from './fields.ts';
import { pageEndpoint } from './remote.ts';

const DROPPED_RESPONSE_BODY = 'the response body was dropped unfinished';

/**
 * The body's bytes wait here until the response is set (the page has a stream for them only
 * then); after that they go straight to the page.
 */
class ResponseSink implements BodySink {
  #early: Uint8Array[] = [];
  #state: 'open' | 'finished' | 'aborted' = 'open';
  #id: number | undefined;

  write(bytes: Uint8Array): Maybe<void> {
    if (this.#id === undefined) {
      this.#early.push(bytes.slice());
      return;
    }
    return then(pageEndpoint().write(this.#id, bytes), () => undefined);
  }
  finish(): Maybe<void> {
    this.#state = 'finished';
    if (this.#id !== undefined) return pageEndpoint().end(this.#id, {});
  }
  abort(): void {
    this.#state = 'aborted';
    if (this.#id !== undefined) void pageEndpoint().end(this.#id, { error: internalError(DROPPED_RESPONSE_BODY) });
  }
  /** The page made a stream `id` for the body: send what was written so far. */
  attach(id: number): Maybe<void> {
    this.#id = id;
    const early = this.#early;
    this.#early = [];
    let i = 0;
    const step = (): Maybe<void> => {
      if (i < early.length) return then(pageEndpoint().write(id, early[i++]), step);
      if (this.#state === 'finished') return pageEndpoint().end(id, {});
      if (this.#state === 'aborted') return pageEndpoint().end(id, { error: internalError(DROPPED_RESPONSE_BODY) });
    };
    return step();
  }
}

export class OutgoingResponse {
  #status = 200;
  readonly #headers: Fields;
  #body: OutgoingBody | undefined;
  readonly sink = new ResponseSink();
  constructor(headers: Fields) {
    this.#headers = headers.freeze();
  }
  statusCode(): number {
    return this.#status;
  }
  setStatusCode(code: number): void {
    if (code < 100 || code > 999) fail(undefined);
    this.#status = code;
  }
  headers(): Fields {
    return this.#headers;
  }
  body(): OutgoingBody {
    if (this.#body) fail(undefined);
    const length = this.#headers.get('content-length')[0];
    const contentLength = length === undefined ? undefined : Number(latin1(length));
    this.#body = new OutgoingBody(this.sink, Number.isFinite(contentLength) ? contentLength : undefined);
    return this.#body;
  }
  get hasBody(): boolean {
    return this.#body !== undefined;
  }
}

/** Where serve() waits for the component's answer to request `requestId`. */
export class ResponseOutparam {
  #set = false;
  constructor(readonly requestId: number) {}

  get isSet(): boolean {
    return this.#set;
  }

  static set(param: ResponseOutparam, response: Result<OutgoingResponse, ErrorCode>): Maybe<void> {
    if (param.#set) throw new Error('response-outparam.set called twice');
    param.#set = true;
    const head =
      response.tag === 'ok'
        ? { status: response.val.statusCode(), headers: response.val.headers().toPairs(), body: response.val.hasBody }
        : { error: response.val, message: `the component answered with error-code ${describe(response.val)}` };
    const json = utf8(JSON.stringify(head));
    const payload = new Uint8Array(4 + json.byteLength);
    new DataView(payload.buffer).setInt32(0, param.requestId, true);
    payload.set(json, 4);
    return then(currentBridge().request(Op.HttpRespond, payload), (reply) => {
      if (response.tag !== 'ok' || !response.val.hasBody) return;
      const id = JSON.parse(fromUtf8(reply.payload)) as number;
      return response.val.sink.attach(id);
    });
  }
}
