/** wasi:http/types `incoming-request`: a request serve() hands the component. */
import { fail } from '../io/error.ts';
import { IncomingBody } from './bodies.ts';
import { type Fields, fieldsFromPairs } from './fields.ts';
import type { Method, Scheme } from './outgoing-request.ts';
import { bodyQueue, drop, pageEndpoint } from './remote.ts';

/** What the page sends of a Request: `body` is the page's body id, 0 for none. */
export interface RequestHead {
  id: number;
  method: string;
  url: string;
  headers: [string, string][];
  body: number;
}

const METHODS = ['get', 'head', 'post', 'put', 'delete', 'connect', 'options', 'trace', 'patch'];

export class IncomingRequest {
  readonly #url: URL;
  readonly #headers: Fields;
  #consumed = false;
  constructor(readonly head: RequestHead) {
    this.#url = new URL(head.url);
    this.#headers = fieldsFromPairs(head.headers);
  }
  method(): Method {
    const lower = this.head.method.toLowerCase();
    return METHODS.includes(lower) ? ({ tag: lower } as Method) : { tag: 'other', val: this.head.method };
  }
  pathWithQuery(): string | undefined {
    return this.#url.pathname + this.#url.search;
  }
  scheme(): Scheme | undefined {
    const name = this.#url.protocol.slice(0, -1);
    return name === 'http' ? { tag: 'HTTP' } : name === 'https' ? { tag: 'HTTPS' } : { tag: 'other', val: name };
  }
  authority(): string | undefined {
    return this.#url.host;
  }
  headers(): Fields {
    return this.#headers;
  }
  consume(): IncomingBody {
    if (this.#consumed) fail(undefined);
    this.#consumed = true;
    const page = pageEndpoint();
    return new IncomingBody(bodyQueue(this.head.body, page), () => drop(this.head.body, page));
  }
  [Symbol.dispose](): void {
    if (!this.#consumed) drop(this.head.body, pageEndpoint());
  }
}
