/**
 * The page's half of the guest's output channel (shared/output.ts): collect each chunk, hand it
 * to the `stdout`/`stderr` callback, and acknowledge it once the callback is done with it (a
 * Promise it returns has settled), which is what lets the worker post more.
 */
import { OUTPUT_ACK_BATCH, OUTPUT_CLOSED, OUTPUT_COUNT_MASK, OutputWord, outputCost } from '../shared/output.ts';
import { concat } from '../shared/protocol.ts';
import type { RunOptions } from './types.ts';

/** How long an aborted run waits for output already posted (a guard: it is normally there at once). */
const DRAIN_LIMIT_MS = 2000;
/** Without shared counters (a JSPI page not cross-origin isolated): the worker is done once this quiet. */
const DRAIN_QUIET_MS = 100;

export class OutputCollector {
  readonly #out: Uint8Array[] = [];
  readonly #err: Uint8Array[] = [];
  readonly #callbacks: Pick<RunOptions, 'stdout' | 'stderr'>;
  readonly #ack: (bytes: number) => void;
  readonly #counters: Int32Array | undefined;
  /** Chunks received; chunks received whose callback is not done; the cost of those done but not acknowledged. */
  #seen = 0;
  #busy = 0;
  #unacked = 0;
  #waiting: { count: number; resolve(): void } | undefined;
  #arrived: (() => void) | undefined;

  /**
   * `ack` tells the worker what was consumed (the chunks' cost) (by message or shared word, as the tier has
   * it); `counters` are the shared output words, where there are some.
   */
  constructor(callbacks: Pick<RunOptions, 'stdout' | 'stderr'>, ack: (bytes: number) => void, counters?: SharedArrayBuffer) {
    this.#callbacks = callbacks;
    this.#ack = ack;
    this.#counters = counters && new Int32Array(counters);
  }

  /** A chunk from the worker: kept, given to its callback, acknowledged when the callback is done. */
  receive(fd: 1 | 2, chunk: Uint8Array): void {
    (fd === 1 ? this.#out : this.#err).push(chunk);
    this.#seen++;
    this.#busy++;
    const done = () => this.#consumed(outputCost(chunk.byteLength));
    try {
      const result: unknown = (fd === 1 ? this.#callbacks.stdout : this.#callbacks.stderr)?.(chunk);
      if (result && typeof (result as PromiseLike<unknown>).then === 'function') {
        (result as PromiseLike<unknown>).then(done, (e) => {
          console.error('wasi-browser: an output callback failed', e);
          done();
        });
      } else done();
    } catch (e) {
      console.error('wasi-browser: an output callback threw', e);
      done();
    }
    if (this.#waiting && this.#seen >= this.#waiting.count) this.#waiting.resolve();
    this.#arrived?.();
  }

  #consumed(bytes: number): void {
    this.#busy--;
    this.#unacked += bytes;
    // In batches, but always once everything received is consumed: a worker waiting for room
    // then gets all of it.
    if (this.#unacked >= OUTPUT_ACK_BATCH || this.#busy === 0) {
      const n = this.#unacked;
      this.#unacked = 0;
      this.#ack(n);
    }
  }

  /** Everything received so far. */
  collected(): { stdout: Uint8Array; stderr: Uint8Array } {
    return { stdout: concat(this.#out), stderr: concat(this.#err) };
  }

  /** Resolves once `count` chunks have arrived. */
  whenReceived(count: number): Promise<void> {
    if (this.#seen >= count) return Promise.resolve();
    return new Promise((resolve) => (this.#waiting = { count, resolve }));
  }

  /**
   * The run is being closed: tell the worker to post no more (where memory is shared) and answer
   * how many chunks it posted; call before terminating the worker.
   */
  close(): number | undefined {
    if (!this.#counters) return undefined;
    const posted = Atomics.or(this.#counters, OutputWord.POSTED, OUTPUT_CLOSED) & OUTPUT_COUNT_MASK;
    // An Atomics-tier worker waiting for room wakes, sees the run closed and stops.
    Atomics.notify(this.#counters, OutputWord.ACKED);
    return posted;
  }

  /**
   * Wait for the chunks the worker posted before `close()` (which answered `posted`): they are
   * still on their way. Without shared counters, until the port has been quiet a while.
   */
  async drain(posted: number | undefined): Promise<void> {
    const limit = performance.now() + DRAIN_LIMIT_MS;
    const done = () => posted !== undefined && (this.#seen & OUTPUT_COUNT_MASK) === posted;
    while (!done() && performance.now() < limit) {
      const before = this.#seen;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, posted === undefined ? DRAIN_QUIET_MS : limit - performance.now());
        this.#arrived = () => {
          if (done()) {
            clearTimeout(timer);
            resolve();
          }
        };
      });
      this.#arrived = undefined;
      if (posted === undefined && this.#seen === before) return;
    }
  }
}
