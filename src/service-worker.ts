/**
 * `wasi-browser/service-worker`: route a Service Worker's fetch events under path prefixes to
 * a component served in a page (`answerServiceWorker(await serve(...))`), so `fetch('/api/x')`
 * or `<iframe src="/app/">` is answered by the component. A Service Worker cannot start the
 * dedicated worker a component runs in, and must not block: it only relays, to the page.
 *
 * In the Service Worker (a module worker: `register(url, { type: 'module' })`):
 *
 *     import { relay } from 'wasi-browser/service-worker';
 *     relay({ prefix: ['/api/', '/app/'] });
 */
/// <reference lib="webworker" />

export interface RelayOptions {
  /** Path prefixes (same origin) answered by the component. */
  prefix: string | string[];
  /**
   * Headers added to each response where the component did not set them. Default: those that
   * let the response load in a cross-origin isolated page (an iframe under COEP needs them).
   */
  headers?: Record<string, string>;
  /** Take control of open pages at once (skipWaiting + clients.claim). Default true. */
  claim?: boolean;
}

/** What the Service Worker sends the page for one request. */
export interface RelayedRequest {
  t: 'wasi-browser:request';
  method: string;
  url: string;
  headers: [string, string][];
  body: ReadableStream<Uint8Array> | null;
}

/** What the page answers. */
export type RelayedResponse =
  | { status: number; statusText: string; headers: [string, string][]; body: ReadableStream<Uint8Array> | null }
  | { error: string };

const ISOLATION_HEADERS = {
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Install the fetch handler in this Service Worker. */
export function relay(options: RelayOptions): void {
  const sw = self as unknown as ServiceWorkerGlobalScope;
  const prefixes = Array.isArray(options.prefix) ? options.prefix : [options.prefix];
  if (prefixes.length === 0 || prefixes.some((p) => typeof p !== 'string' || !p.startsWith('/'))) {
    throw new TypeError("relay(): prefix must be a path or paths starting with '/', like '/api/'");
  }
  const extra = options.headers ?? ISOLATION_HEADERS;
  /** Pages that said they answer (answerServiceWorker), by client id. */
  const answerers = new Set<string>();

  if (options.claim !== false) {
    sw.addEventListener('install', () => void sw.skipWaiting());
    sw.addEventListener('activate', (event) => event.waitUntil(sw.clients.claim()));
  }

  sw.addEventListener('message', (event) => {
    const source = event.source as Client | null;
    if (!source) return;
    if (event.data?.t === 'wasi-browser:answer') answerers.add(source.id);
    if (event.data?.t === 'wasi-browser:stop') answerers.delete(source.id);
    // Reply on the given port so the page knows it is registered.
    event.ports[0]?.postMessage('ok');
  });

  sw.addEventListener('fetch', (event) => {
    const url = new URL(event.request.url);
    if (url.origin !== sw.location.origin || !prefixes.some((p) => url.pathname.startsWith(p))) return;
    event.respondWith(forward(event.request));
  });

  async function answerer(): Promise<Client | undefined> {
    for (const id of answerers) {
      const client = await sw.clients.get(id);
      if (client) return client;
      answerers.delete(id);
    }
    return undefined;
  }

  async function forward(request: Request): Promise<Response> {
    const client = await answerer();
    if (!client) {
      return new Response('no page is serving a component here: call answerServiceWorker(server) in a page of this origin', {
        status: 503,
        headers: { 'content-type': 'text/plain; charset=utf-8', ...extra },
      });
    }
    const body = request.body && request.method !== 'GET' && request.method !== 'HEAD' ? request.body : null;
    const message: RelayedRequest = {
      t: 'wasi-browser:request',
      method: request.method,
      url: request.url,
      headers: [...request.headers],
      body,
    };
    const { port1, port2 } = new MessageChannel();
    const answered = new Promise<RelayedResponse>((resolve) => {
      port1.onmessage = (event) => resolve(event.data as RelayedResponse);
    });
    client.postMessage(message, body ? [port2, body as unknown as Transferable] : [port2]);
    const answer = await answered;
    port1.close();
    if ('error' in answer) {
      return new Response(answer.error, { status: 502, headers: { 'content-type': 'text/plain; charset=utf-8', ...extra } });
    }
    const headers = new Headers(answer.headers);
    for (const [name, value] of Object.entries(extra)) if (!headers.has(name)) headers.set(name, value);
    return new Response(answer.body, { status: answer.status, statusText: answer.statusText, headers });
  }
}
