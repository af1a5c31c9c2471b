/** wasi:http/outgoing-handler: the guest's requests, made with the page's fetch. */
import { type Maybe, then } from '../../bridge/index.ts';
import { getContext } from '../context.ts';
import { fail } from '../io/error.ts';
import { BufferSink } from './bodies.ts';
import { utf8 } from '../../../src/protocol.ts';
import { FutureIncomingResponse } from './incoming-response.ts';
import { type OutgoingRequest, type RequestOptions, methodName, toMs } from './outgoing-request.ts';
import { denialMessage, isAllowed } from './permission.ts';
import { type SendHead, now, send } from './remote.ts';

/** The request's URL, as wasmtime builds it: scheme (default https), authority, path. */
function urlOf(request: OutgoingRequest): URL {
  const scheme = request.scheme();
  if (scheme?.tag === 'other') fail({ tag: 'HTTP-protocol-error' });
  const authority = request.authority();
  if (!authority) fail({ tag: 'HTTP-request-URI-invalid' });
  const path = request.pathWithQuery() ?? '/';
  try {
    return new URL(`${scheme?.tag === 'HTTP' ? 'http' : 'https'}://${authority}${path.startsWith('/') ? '' : '/'}${path}`);
  } catch {
    return fail({ tag: 'HTTP-request-URI-invalid' });
  }
}

export function handle(request: OutgoingRequest, options: RequestOptions | undefined): FutureIncomingResponse {
  const url = urlOf(request);
  if (!isAllowed(url)) {
    const message = denialMessage(url);
    getContext().output(2, utf8(message));
    console.warn(message.trim());
    fail({ tag: 'HTTP-request-denied' });
  }
  const head: SendHead = {
    method: methodName(request.method()),
    url: url.href,
    headers: request.headers().toPairs(),
    connectMs: toMs(options?.connectTimeout()),
    firstByteMs: toMs(options?.firstByteTimeout()),
    betweenMs: toMs(options?.betweenBytesTimeout()),
  };
  const future = new FutureIncomingResponse();
  const early = request.takeEarlyBody();
  // The body is buffered: the request goes to the page once it is finished.
  const start = (body: Uint8Array | undefined): Maybe<void> =>
    then(send(head, body), (id) => future.sent(id));
  const sink = new BufferSink((buffered, outcome) => {
    if (outcome === 'aborted') {
      future.failed({ tag: 'internal-error', val: 'the request body was dropped before outgoing-body.finish' });
      return;
    }
    return start(buffered.bytes());
  });
  for (const chunk of early.chunks) sink.write(chunk);
  request.bodySink = sink;
  if (!early.hasBody) return now(then(start(undefined), () => future), 'outgoing-handler.handle');
  if (early.state === 'finished') return now(then(sink.finish(), () => future), 'outgoing-handler.handle');
  if (early.state === 'aborted') sink.abort();
  return future;
}
