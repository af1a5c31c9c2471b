/**
 * The bridge rows: a no-op blocking call in our tiers against the same mechanism done raw, each
 * timed inside its worker over `n` sequential round trips (µs per round trip comes back).
 */
import { startSession, type Session } from '../../src/session.ts';
import type { Bridge } from '../../src/types.ts';

const sessions = new Map<Bridge, Promise<Session>>();

/**
 * Ours: `n` `bridge.request(Op.Noop)` calls in a worker that hosts `component` (started once per
 * tier and page, through the internal `benchBridge` hook of worker/main.ts); µs per call.
 */
export async function bridgeOurs(component: string, bridge: Bridge, n: number): Promise<number> {
  if (!sessions.has(bridge)) sessions.set(bridge, startSession('run', component, { bridge }));
  const session = await sessions.get(bridge)!;
  if (session.bridge !== bridge) throw new Error(`asked for the ${bridge} tier, got ${session.bridge}`);
  const ms = await session.api.benchBridge(n);
  return (ms * 1000) / n;
}

let rawWorker: Worker | undefined;
let rawPort: MessagePort | undefined;

/** One raw worker per page, and the page's end of its channel. */
function raw(): { worker: Worker; port: MessagePort } {
  if (!rawWorker) {
    rawWorker = new Worker(new URL('./raw-bridge-worker.ts', import.meta.url), { type: 'module' });
    const { port1, port2 } = new MessageChannel();
    rawWorker.postMessage({ t: 'port', port: port2 }, [port2]);
    rawPort = port1;
  }
  return { worker: rawWorker, port: rawPort! };
}

function measureRaw(message: object, serve: (port: MessagePort, data: any) => void): Promise<number> {
  const { worker, port } = raw();
  port.onmessage = (event) => serve(port, event.data);
  return new Promise((resolve, reject) => {
    worker.onmessage = (event) => resolve(event.data.us);
    worker.onerror = (e) => reject(new Error(`the raw bridge worker failed: ${e.message}`));
    worker.postMessage(message);
  });
}

/**
 * Raw Atomics round trip, the mechanism of our Atomics tier without it: the worker stores a
 * request flag, wakes this page with a message on a MessagePort and `Atomics.wait`s; the page
 * stores the answer flag and `Atomics.notify`s. µs per round trip.
 */
export function bridgeRawAtomics(n: number): Promise<number> {
  const sab = new SharedArrayBuffer(16);
  const state = new Int32Array(sab);
  return measureRaw({ t: 'atomics', sab, n }, () => {
    Atomics.store(state, 0, 2);
    Atomics.notify(state, 0);
  });
}

/**
 * Raw message ping, the mechanism of our JSPI tier without it: the worker posts a request on a
 * MessagePort and awaits the page's reply message. µs per round trip.
 */
export function bridgeRawPing(n: number): Promise<number> {
  return measureRaw({ t: 'ping', n }, (port, data) => port.postMessage(data));
}
