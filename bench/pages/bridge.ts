/**
 * The bridge rows: a no-op blocking call in our tiers against the same mechanism done raw, each
 * timed inside its worker over `n` sequential round trips (µs per round trip comes back).
 */
import { serveHost } from '../../src/host.ts';
import { Channel, Status } from '../../shared/protocol.ts';
import type { Bridge } from '../../src/types.ts';
import { NOOP } from './bridge-noop.ts';

const ours = new Map<Bridge, Worker>();

/** Ask `worker` something and wait for its answer (or its failure). */
function ask(worker: Worker, message: object, transfer: Transferable[] = []): Promise<{ ms?: number }> {
  return new Promise((resolve, reject) => {
    worker.onmessage = (event) => (event.data.error ? reject(new Error(event.data.error)) : resolve(event.data));
    worker.onerror = (e) => reject(new Error(`the bridge worker failed: ${e.message}`));
    worker.postMessage(message, transfer);
  });
}

/**
 * The worker of our `bridge` tier (bridge-worker.ts), one per tier and page, its requests served
 * by the page's host (src/host.ts) as a session's are.
 */
async function oursWorker(bridge: Bridge): Promise<Worker> {
  let worker = ours.get(bridge);
  if (worker) return worker;
  if (bridge === 'atomics' && !crossOriginIsolated) throw new Error('the atomics tier needs a cross-origin isolated page');
  worker = new Worker(new URL('./bridge-worker.ts', import.meta.url), { type: 'module' });
  const { port1, port2 } = new MessageChannel();
  const sab = bridge === 'atomics' ? new SharedArrayBuffer(Channel.HEADER_BYTES + Channel.WINDOW_BYTES) : undefined;
  serveHost({
    port: port1,
    sab,
    services: { [NOOP]: () => ({ status: Status.Ok, payload: new Uint8Array(0) }) },
    onOutput() {},
  });
  await ask(worker, { t: 'start', tier: bridge, sab, port: port2 }, [port2]);
  ours.set(bridge, worker);
  return worker;
}

/**
 * Ours: `n` no-op `bridge.request`s through our `bridge` tier, page to worker and back, in a
 * bench-only worker (bridge-worker.ts); µs per call.
 */
export async function bridgeOurs(bridge: Bridge, n: number): Promise<number> {
  const { ms } = await ask(await oursWorker(bridge), { t: 'measure', n });
  return (ms! * 1000) / n;
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
