/** wasi:clocks/monotonic-clock: nanoseconds on the `performance.now()` clock. */
import { type Pollable, timerPollable } from '../io/poll.ts';

export function now(): bigint {
  return BigInt(Math.round(performance.now() * 1e6));
}

/** The browser coarsens timers: 5 µs where the page is cross-origin isolated, 100 µs otherwise. */
export function resolution(): bigint {
  return globalThis.crossOriginIsolated ? 5_000n : 100_000n;
}

export function subscribeInstant(when: bigint): Pollable {
  return timerPollable(Number(when) / 1e6);
}

export function subscribeDuration(duration: bigint): Pollable {
  return timerPollable(performance.now() + Number(duration) / 1e6);
}
