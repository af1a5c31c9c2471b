/**
 * The guest's stdout/stderr between the worker and the page, with back-pressure: the worker
 * posts a chunk only while the bytes the page has not yet acknowledged stay within
 * {@link OUTPUT_WINDOW} (a chunk larger than the window goes alone), and the page acknowledges a
 * chunk once its `stdout`/`stderr` callback is done with it (a returned Promise settled). A slow
 * consumer so slows the guest, and no more than a window is ever buffered between them.
 *
 * Where the page can share memory (always in the Atomics tier), the two sides also share
 * {@link OutputWord}s, so that an aborted run's page knows how many chunks the worker posted and
 * waits for them before it settles.
 */

/** The most bytes in flight between the worker and the page's callbacks (see {@link outputCost}). */
export const OUTPUT_WINDOW = 1 << 20;

/**
 * What a chunk counts against the window: its bytes, but at least 1 KiB, as each message costs
 * the page a task whatever its size (so at most 1024 tiny writes are in flight, not a million).
 */
export function outputCost(bytes: number): number {
  return Math.max(bytes, 1024);
}

/** The page acknowledges in batches this large, or as soon as it has consumed every chunk received. */
export const OUTPUT_ACK_BATCH = OUTPUT_WINDOW / 8;

/** Int32 words of the shared output counters (`Job.output`). */
export const OutputWord = {
  /** Chunks the worker posted (low 30 bits), and {@link OUTPUT_CLOSED} once the page closed the run. */
  POSTED: 0,
  /** The cost ({@link outputCost}) of the chunks the page acknowledged, wrapping at 2^32 (Atomics tier: the worker waits on this word). */
  ACKED: 1,
  BYTES: 8,
} as const;

/** Set in POSTED by the page when it closes the run: the worker posts no more. */
export const OUTPUT_CLOSED = 1 << 30;
/** The chunk count's bits of POSTED. */
export const OUTPUT_COUNT_MASK = OUTPUT_CLOSED - 1;
