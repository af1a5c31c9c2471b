/** wasi:http/outgoing-handler: the guest's requests, made with the page's fetch. */
import { type Maybe, then } from '../../bridge/index.ts';
import { getContext } from '../context.ts';
import { fail } from '../io/error.ts';
import { DROPPED_REQUEST_BODY, internalError, internalFailure } from '../../../shared/http/error-code.ts';
import { type BodySink, BufferSink } from './bodies.ts';
import { concat, utf8 } from '../../../shared/protocol.ts';
import { FutureIncomingResponse } from './incoming-response.ts';
import { type OutgoingRequest, type RequestOptions, methodName, toMs } from './outgoing-request.ts';
import { denialMessage, isAllowed } from './permission.ts';
import { type HttpEndpoint, type SendHead, fetchEndpoint, now } from './remote.ts';

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
  const permission = getContext().http ?? false;
  if (!isAllowed(permission, url)) {
    const message = denialMessage(permission, url);
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
    refuseRedirects: getContext().http !== true,
  };
  const future = new FutureIncomingResponse();
  const fetches = fetchEndpoint();
  const early = request.takeEarlyBody();
  if (early.state === 'open' && early.hasBody) {
    // The guest writes the body after handle(): it goes to the fetch as it comes (see RequestBody).
    const first = early.chunks.length > 0 ? concat(early.chunks) : undefined;
    const [id, bodyId] = now(fetches.send({ ...head, streamBody: true }, first), 'outgoing-handler.handle');
    future.sent(id);
    request.bodySink = new StreamSink(bodyId, fetches);
    return future;
  }
  // Finished (or none) already: the request goes whole.
  const start = (body: Uint8Array | undefined): Maybe<void> => then(fetches.send(head, body), ([id]) => future.sent(id));
  const sink = new BufferSink((buffered, outcome) => {
    if (outcome === 'aborted') {
      future.failed(internalError(DROPPED_REQUEST_BODY));
      return;
    }
    return start(buffered.bytes());
  });
  for (const chunk of early.chunks) sink.write(chunk);
  request.bodySink = sink;
  if (!early.hasBody) return now(then(start(undefined), () => future), 'outgoing-handler.handle');
  if (early.state === 'finished') return now(then(sink.finish(), () => future), 'outgoing-handler.handle');
  sink.abort();
  return future;
}

/** A request body written while its fetch runs, to the RequestBody `id` where the fetch is. */
class StreamSink implements BodySink {
  constructor(private readonly id: number, private readonly endpoint: HttpEndpoint) {}
  write(bytes: Uint8Array): Maybe<void> {
    // The request is over (failed or dropped): its answer says why, the stream says closed.
    return then(this.endpoint.write(this.id, bytes), (wanted) => (wanted ? undefined : fail({ tag: 'closed' })));
  }
  finish(): Maybe<void> {
    return this.endpoint.end(this.id, {});
  }
  abort(): void {
    const ended = this.endpoint.end(this.id, internalFailure(DROPPED_REQUEST_BODY));
    if (ended instanceof Promise) ended.catch(() => {});
  }
}
