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
 * Origins that refused a streamed body: Chromium streams one only over HTTP/2 and up, and to an
 * HTTP/1.1 server fails the fetch before sending anything. Their later requests go whole at once.
 */
export const wholeOrigins = new Set<string>();

/** A streamed attempt the browser refused before taking any of the body: send it whole. */
export const REFUSED_STREAM = Symbol('refused stream');
