/**
 * The worker's half of the guest's output channel (shared/output.ts): post each chunk to the
 * page, first waiting for credit while the page has a window of unacknowledged bytes. How the
 * wait is made is the tier's business: JSPI suspends the guest on a Promise of the page's `ack`
 * message; Atomics blocks in `Atomics.wait` on the shared ACKED word.
 */
import { OUTPUT_CLOSED, OUTPUT_WINDOW, OutputWord, outputCost } from '../../shared/output.ts';
import type { PageEvent } from '../../shared/protocol.ts';
import type { Maybe } from './index.ts';

export interface Output {
  /** Post `chunk` (transferred) as fd's output once the window has room for it. */
  write(fd: 1 | 2, chunk: Uint8Array): Maybe<void>;
  /** How many chunks were posted so far. */
  readonly chunks: number;
}

function closedRun(): Error {
  return new Error('the run was closed by the page');
}

/**
 * Post one chunk and count it; in `counters` only if the page has not closed the run (then the
 * page waits for exactly the chunks counted there).
 */
function poster(port: MessagePort, counters: Int32Array | undefined) {
  let chunks = 0;
  return {
    get chunks() {
      return chunks;
    },
    post(fd: 1 | 2, chunk: Uint8Array): void {
      if (counters && Atomics.add(counters, OutputWord.POSTED, 1) & OUTPUT_CLOSED) throw closedRun();
      chunks++;
      port.postMessage({ t: 'out', fd, chunk }, [chunk.buffer as ArrayBuffer]);
    },
  };
}

/** The JSPI tier: a write that must wait for credit returns a Promise; writes stay in order. */
export function jspiOutput(port: MessagePort, shared?: SharedArrayBuffer): Output {
  const counters = shared && new Int32Array(shared);
  const count = poster(port, counters);
  const post = count.post;
  let inFlight = 0;
  let waiter: (() => void) | undefined;
  let queue: Promise<void> | undefined;
  const fits = (n: number) => inFlight === 0 || inFlight + n <= OUTPUT_WINDOW;
  // The port is started by the bridge (jspi.ts).
  port.addEventListener('message', (event: MessageEvent<PageEvent>) => {
    if (event.data?.t !== 'ack') return;
    inFlight -= event.data.bytes;
    const wake = waiter;
    waiter = undefined;
    wake?.();
  });
  const send = (fd: 1 | 2, chunk: Uint8Array) => {
    const cost = outputCost(chunk.byteLength); // before the chunk is transferred (then empty)
    post(fd, chunk);
    inFlight += cost;
  };
  const room = async (n: number): Promise<void> => {
    while (!fits(n)) await new Promise<void>((resolve) => (waiter = resolve));
  };
  return {
    get chunks() {
      return count.chunks;
    },
    write(fd, chunk) {
      const cost = outputCost(chunk.byteLength);
      if (!queue && fits(cost)) return send(fd, chunk);
      const turn: Promise<void> = (queue ?? Promise.resolve()).then(() => room(cost)).then(() => send(fd, chunk));
      queue = turn;
      const done = () => {
        if (queue === turn) queue = undefined;
      };
      turn.then(done, done);
      return turn;
    },
  };
}

/** The Atomics tier: the worker blocks until the page's acknowledgements make room. */
export function atomicsOutput(port: MessagePort, shared: SharedArrayBuffer): Output {
  const counters = new Int32Array(shared);
  const count = poster(port, counters);
  const post = count.post;
  let sent = 0; // the cost of the chunks posted, wrapping at 2^32 as ACKED does
  return {
    get chunks() {
      return count.chunks;
    },
    write(fd, chunk) {
      const n = outputCost(chunk.byteLength);
      for (;;) {
        const acked = Atomics.load(counters, OutputWord.ACKED);
        const inFlight = (sent - acked) >>> 0;
        if (inFlight === 0 || inFlight + n <= OUTPUT_WINDOW) break;
        if (Atomics.load(counters, OutputWord.POSTED) & OUTPUT_CLOSED) throw closedRun();
        Atomics.wait(counters, OutputWord.ACKED, acked);
      }
      post(fd, chunk);
      sent = (sent + n) | 0;
    },
  };
}
