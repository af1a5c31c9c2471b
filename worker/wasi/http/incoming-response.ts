/** wasi:http/types `incoming-response` and `future-incoming-response`. */
import { type Maybe, then } from '../../bridge/index.ts';
import { utf8 } from '../../../shared/protocol.ts';
import { currentBridge, getContext } from '../context.ts';
import { fail } from '../io/error.ts';
import { Pollable, type Source } from '../io/poll.ts';
import { IncomingBody } from './bodies.ts';
import type { ErrorCode, Result } from './error-code.ts';
import { type Fields, fieldsFromPairs } from './fields.ts';
import { type HeadAnswer, type HttpEndpoint, bodyQueue, drop, fetchEndpoint, now } from './remote.ts';

export class IncomingResponse {
  #body: IncomingBody | undefined;
  #consumed = false;
  readonly #headers: Fields;
  constructor(readonly code: number, headers: [string, string][], readonly bodyId: number, readonly endpoint: HttpEndpoint) {
    this.#headers = fieldsFromPairs(headers);
  }
  status(): number {
    return this.code;
  }
  headers(): Fields {
    return this.#headers;
  }
  consume(): IncomingBody {
    if (this.#consumed) fail(undefined);
    this.#consumed = true;
    this.#body = new IncomingBody(bodyQueue(this.bodyId, this.endpoint), () => drop(this.bodyId, this.endpoint));
    return this.#body;
  }
  [Symbol.dispose](): void {
    if (!this.#consumed) drop(this.bodyId, this.endpoint);
  }
}

type Outcome = Result<IncomingResponse, ErrorCode>;

/**
 * The response to come. Until the request is sent (its body finished), there is nothing to ask
 * the page; after, each wait asks it for the head, bounded by the poll's timeout.
 */
export class FutureIncomingResponse implements Source {
  #id: number | undefined;
  #outcome: Outcome | undefined;
  #taken = false;
  readonly #endpoint = fetchEndpoint();

  /** The page has the request as `id`. */
  sent(id: number): void {
    this.#id = id;
  }

  /** The request failed before it reached the page. */
  failed(code: ErrorCode): void {
    this.#outcome ??= { tag: 'err', val: code };
  }

  isReady(): boolean {
    return this.#outcome !== undefined;
  }

  wait(timeoutMs: number | undefined): Maybe<void> {
    if (this.#outcome) return;
    if (this.#id === undefined) {
      if (timeoutMs === undefined) {
        throw new Error(
          'the guest waits for an HTTP response before finishing the request body (outgoing-body.finish): ' +
            'wasi-browser sends the request once its body is finished, so this would wait forever',
        );
      }
      return currentBridge().sleep(timeoutMs);
    }
    return then(this.#endpoint.head(this.#id, timeoutMs), (answer) => this.#settle(answer));
  }

  #settle(answer: HeadAnswer | undefined): void {
    if (!answer || this.#outcome) return;
    // A refused redirect says why on the guest's stderr, as a denied origin does.
    if ('error' in answer && answer.error.tag === 'HTTP-request-denied' && answer.message?.startsWith('wasi-browser:')) {
      getContext().output(2, utf8(`${answer.message}\n`));
    }
    this.#outcome =
      'error' in answer
        ? { tag: 'err', val: answer.error }
        : { tag: 'ok', val: new IncomingResponse(answer.status, answer.headers, answer.body, this.#endpoint) };
  }

  subscribe(): Pollable {
    return new Pollable(this);
  }

  get(): Result<Outcome, undefined> | undefined {
    const take = (): Result<Outcome, undefined> | undefined => {
      if (!this.#outcome) return undefined;
      if (this.#taken) return { tag: 'err', val: undefined };
      this.#taken = true;
      return { tag: 'ok', val: this.#outcome };
    };
    // Look without waiting (Atomics tier: ask the page), so a guest that only calls get() sees progress.
    if (!this.#outcome && this.#id !== undefined) return now(then(this.wait(0), take), 'future-incoming-response.get');
    return take();
  }

  [Symbol.dispose](): void {
    if (!this.#outcome && this.#id !== undefined) drop(this.#id, this.#endpoint);
  }
}
