/** One fetch the guest made, within its timeouts, its body streamed or whole. */
import { DROPPED_REQUEST_BODY, type ErrorCode, internalFailure } from './error-code.ts';
import { classify } from './failure.ts';
import { IncomingBody } from './incoming-body.ts';
import { RequestBody } from './request-body.ts';
import { REFUSED_STREAM } from './streaming.ts';
import type { HttpTable } from './table.ts';
import type { BodyEnd, HeadAnswer, SendHead } from './wire.ts';

/** One fetch the guest made. */
export class FetchRequest {
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
      if (!bodyless && table.streaming.mayStream(url)) {
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
      return internalFailure(`the browser's fetch cannot send a body with ${head.method}`);
    }
    const answer = (await this.#fetch(table, head, bodyless ? undefined : body)) as HeadAnswer;
    // Answered whole after a refused stream: an HTTP/1.1 server, not a network failure.
    if (refused && !('error' in answer)) table.streaming.learnWhole(refused);
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
    const arm = (ms: number | undefined, tag: 'connection-timeout' | 'connection-read-timeout', what: string) => {
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
        redirect: head.refuseRedirects ? 'manual' : 'follow',
        cache: 'no-store',
        ...(streamed ? { duplex: 'half' } : {}),
      } as RequestInit);
      if (response.type === 'opaqueredirect') return refusedRedirect(head.url);
      const id = response.body ? table.add(new IncomingBody(response.body, head.betweenMs)) : 0;
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

/** The answer for a redirect where `http.allow` limits the origins. */
function refusedRedirect(url: string): HeadAnswer {
  return {
    error: { tag: 'HTTP-request-denied' },
    message:
      `wasi-browser: ${url} answered with a redirect, refused (HTTP-request-denied): the browser does not say where ` +
      'a redirect leads before following it, so its next hop cannot be checked against the allowed origins; ' +
      'allow every origin (`http: true`; the CLI: `--allow-http \'*\'`) to follow redirects',
  };
}

/** The answer for a request whose body the guest dropped unfinished. */
function dropped(end: BodyEnd): HeadAnswer {
  return internalFailure(end.message ?? DROPPED_REQUEST_BODY);
}
