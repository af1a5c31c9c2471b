/** When a request body may be streamed into a fetch, and where it must go whole. */

let streamsRequests: boolean | undefined;

/** Whether this browser's fetch takes a ReadableStream body (`duplex: 'half'`). */
export function canStreamRequests(): boolean {
  if (streamsRequests === undefined) {
    let askedDuplex = false;
    try {
      const init = {
        method: 'POST',
        body: new ReadableStream(),
        get duplex() {
          askedDuplex = true;
          return 'half';
        },
      };
      // A browser without streams turns the stream into the text "[object ReadableStream]".
      const typed = new Request('https://example.invalid/', init as RequestInit).headers.has('content-type');
      streamsRequests = askedDuplex && !typed;
    } catch {
      streamsRequests = false;
    }
  }
  return streamsRequests;
}

/**
 * Which requests may try a streamed body. Chromium streams one only over HTTP/2 and up, and to
 * an HTTP/1.1 server fails the fetch before sending anything: an origin that refused once gets
 * its later bodies whole at once. The page owns one policy for all its runs; a run that fetches
 * in its worker (JSPI tier) starts from the page's origins and reports back what it learns.
 */
export class StreamingPolicy {
  readonly #whole: Set<string>;
  readonly #learned: (origin: string) => void;

  /** Start knowing `whole` as whole-only origins; `learned` hears of each origin learned later. */
  constructor(whole: Iterable<string> = [], learned: (origin: string) => void = () => {}) {
    this.#whole = new Set(whole);
    this.#learned = learned;
  }

  /** Whether a body to `url` may be tried streamed. */
  mayStream(url: URL): boolean {
    // Browsers speak HTTP/2 only over TLS: a streamed body to an http: URL could never go.
    return url.protocol === 'https:' && !this.#whole.has(url.origin) && canStreamRequests();
  }

  /** `origin` refused a streamed body and took it whole: from now on its bodies go whole at once. */
  learnWhole(origin: string): void {
    if (this.#whole.has(origin)) return;
    this.#whole.add(origin);
    this.#learned(origin);
  }

  /** The whole-only origins known, to hand to a run. */
  wholeOrigins(): string[] {
    return [...this.#whole];
  }
}

/** A streamed attempt the browser refused before taking any of the body: send it whole. */
export const REFUSED_STREAM = Symbol('refused stream');
