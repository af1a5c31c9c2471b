/**
 * The bridge rows' worker (bench only, not shipped): the bridge a component's worker uses
 * (worker/bridge/, made by createBridge as worker/main.ts makes it), asked for {@link NOOP}
 * `n` times in a row; posts back the elapsed milliseconds, timed in this worker.
 */
import { type Bridge, createBridge } from '../../worker/bridge/index.ts';
import { NOOP } from './bridge-noop.ts';

let bridge: Bridge;

self.onmessage = async (event: MessageEvent) => {
  const data = event.data;
  if (data.t === 'start') {
    bridge = createBridge({ tier: data.tier, sab: data.sab }, data.port, (error) => postMessage({ error: error.message }));
    postMessage({ started: true });
    return;
  }
  const t0 = performance.now();
  for (let i = 0; i < data.n; i++) {
    const reply = bridge.request(NOOP);
    if (reply instanceof Promise) await reply;
  }
  postMessage({ ms: performance.now() - t0 });
};
