import type { Bridge } from './types.ts';

const ISOLATION_HINT =
  'serve the page with the headers "Cross-Origin-Opener-Policy: same-origin" and ' +
  '"Cross-Origin-Embedder-Policy: require-corp" (or "credentialless")';

/** Whether this browser has JSPI (`WebAssembly.Suspending`). */
export function hasJspi(): boolean {
  return typeof (WebAssembly as { Suspending?: unknown }).Suspending === 'function';
}

/** Whether SharedArrayBuffer and Atomics.wait in workers are available to this page. */
export function isIsolated(): boolean {
  return globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function';
}

/** Pick the tier that serves blocking calls, or throw saying what to do. */
export function chooseBridge(wanted: 'auto' | Bridge = 'auto'): Bridge {
  if (wanted === 'jspi') {
    if (hasJspi()) return 'jspi';
    throw new Error(`bridge 'jspi' was asked for, but this browser has no JSPI (WebAssembly.Suspending); use bridge 'atomics' and ${ISOLATION_HINT}`);
  }
  if (wanted === 'atomics') {
    if (isIsolated()) return 'atomics';
    throw new Error(`bridge 'atomics' needs SharedArrayBuffer, which this page lacks because it is not cross-origin isolated: ${ISOLATION_HINT}`);
  }
  if (wanted !== 'auto') throw new TypeError(`unknown bridge '${String(wanted)}': use 'auto', 'jspi' or 'atomics'`);
  if (hasJspi()) return 'jspi';
  if (isIsolated()) return 'atomics';
  throw new Error(`this browser has no JSPI and the page is not cross-origin isolated, so no bridge can serve the component: ${ISOLATION_HINT}, or use a browser with JSPI (Chrome 137+, Firefox 153+)`);
}
