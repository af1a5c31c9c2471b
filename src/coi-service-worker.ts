/**
 * `coi-service-worker.js` (built to dist/): cross-origin isolation for hosts that cannot send
 * headers, such as GitHub Pages. Only the Atomics tier needs it. Copy the file to your site's
 * root folder (a service worker controls only pages at or below its own folder) and load it
 * first, as a classic script:
 *
 *     <script src="/coi-service-worker.js"></script>
 *
 * In the page it registers itself as a service worker and reloads the page once when that
 * worker takes control; in the service worker it adds `Cross-Origin-Opener-Policy: same-origin`,
 * `Cross-Origin-Embedder-Policy: require-corp` and `Cross-Origin-Resource-Policy: cross-origin`
 * to every response it can (opaque cross-origin responses pass unchanged, so cross-origin
 * resources still need CORS or their own CORP header). Pages already isolated are left alone.
 * One service worker per scope: with `wasi-browser/service-worker`'s relay, use that one (it can
 * add the same headers) instead of this.
 */
/// <reference lib="webworker" />

const HEADERS: Record<string, string> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'cross-origin',
};
/** Set in sessionStorage while a reload for isolation is under way, so it happens only once. */
const RELOADED = 'wasi-browser:coi-reloaded';

/** A copy of `response` with the isolation headers, where its headers can be read. */
function isolate(response: Response): Response {
  if (response.status === 0 || response.type === 'opaqueredirect') return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(HEADERS)) if (!headers.has(name)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

function serviceWorker(scope: ServiceWorkerGlobalScope): void {
  scope.addEventListener('install', () => void scope.skipWaiting());
  scope.addEventListener('activate', (event) => event.waitUntil(scope.clients.claim()));
  scope.addEventListener('fetch', (event) => {
    const request = event.request;
    // Chromium throws on these if re-fetched from a service worker.
    if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
    event.respondWith(fetch(request).then(isolate));
  });
}

async function page(): Promise<void> {
  if (globalThis.crossOriginIsolated) {
    sessionStorage.removeItem(RELOADED);
    return;
  }
  const script = document.currentScript as HTMLScriptElement | null;
  if (!window.isSecureContext || !navigator.serviceWorker || !script?.src) {
    console.warn('wasi-browser: coi-service-worker needs a secure context (https or localhost) and service workers; the page stays not isolated');
    return;
  }
  const registration = await navigator.serviceWorker.register(script.src);
  const reload = () => {
    if (sessionStorage.getItem(RELOADED)) {
      // Reloaded once and still not isolated: something else is in the way; do not loop.
      console.warn('wasi-browser: the page is controlled by coi-service-worker but still not cross-origin isolated');
      sessionStorage.removeItem(RELOADED);
      return;
    }
    sessionStorage.setItem(RELOADED, '1');
    location.reload();
  };
  if (navigator.serviceWorker.controller) return reload();
  navigator.serviceWorker.addEventListener('controllerchange', reload, { once: true });
  await registration.update().catch(() => {});
}

if (typeof window === 'undefined') serviceWorker(self as unknown as ServiceWorkerGlobalScope);
else void page().catch((e) => console.warn('wasi-browser: coi-service-worker could not register:', e));
