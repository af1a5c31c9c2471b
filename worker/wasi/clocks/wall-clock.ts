/** wasi:clocks/wall-clock */
import { resolution as monotonicResolution } from './monotonic-clock.ts';

export interface Datetime {
  seconds: bigint;
  nanoseconds: number;
}

export function now(): Datetime {
  const ms = performance.timeOrigin + performance.now();
  const seconds = Math.floor(ms / 1000);
  return { seconds: BigInt(seconds), nanoseconds: Math.floor((ms - seconds * 1000) * 1e6) };
}

export function resolution(): Datetime {
  return { seconds: 0n, nanoseconds: Number(monotonicResolution()) };
}
