/**
 * The raw bridge rows' worker: `n` sequential round trips to the page, either blocked in
 * `Atomics.wait` while the page (woken by a message) notifies, or awaiting a reply message.
 * Posts back the µs per round trip, timed in this worker.
 */
let port: MessagePort;

async function ping(n: number): Promise<number> {
  let resolve: () => void = () => {};
  port.onmessage = () => resolve();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    await new Promise<void>((r) => {
      resolve = r;
      port.postMessage(i);
    });
  }
  return performance.now() - t0;
}

function atomics(sab: SharedArrayBuffer, n: number): number {
  const state = new Int32Array(sab);
  const wake = { t: 'wake' };
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    Atomics.store(state, 0, 1);
    port.postMessage(wake);
    while (Atomics.load(state, 0) !== 2) Atomics.wait(state, 0, 1);
    Atomics.store(state, 0, 0);
  }
  return performance.now() - t0;
}

self.onmessage = async (event: MessageEvent) => {
  const data = event.data;
  if (data.t === 'port') {
    port = data.port;
    return;
  }
  const ms = data.t === 'atomics' ? atomics(data.sab, data.n) : await ping(data.n);
  self.postMessage({ us: (ms * 1000) / data.n });
};
