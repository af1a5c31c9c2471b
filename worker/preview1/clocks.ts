/**
 * clock_res_get, clock_time_get over wasi:clocks (realtime is the wall clock, monotonic the
 * monotonic clock); the CPU-time clocks are not there, EBADF as wasmtime answers.
 */
import * as monotonic from '../wasi/clocks/monotonic-clock.ts';
import * as wall from '../wasi/clocks/wall-clock.ts';
import { EBADF, EINVAL, fail } from './errno.ts';
import type { Functions, Host } from './host.ts';

export const CLOCK_REALTIME = 0;
export const CLOCK_MONOTONIC = 1;
const CLOCK_PROCESS_CPUTIME = 2;
const CLOCK_THREAD_CPUTIME = 3;

function checkClock(id: number): void {
  if (id === CLOCK_PROCESS_CPUTIME || id === CLOCK_THREAD_CPUTIME) fail(EBADF, 'no CPU-time clocks');
  if (id !== CLOCK_REALTIME && id !== CLOCK_MONOTONIC) fail(EINVAL, `clock ${id}`);
}

/** Nanoseconds now on clock `id` (realtime or monotonic). */
export function timeOf(id: number): bigint {
  checkClock(id);
  if (id === CLOCK_MONOTONIC) return monotonic.now();
  const { seconds, nanoseconds } = wall.now();
  return seconds * 1_000_000_000n + BigInt(nanoseconds);
}

/** The clock functions over `host`. */
export function clockFunctions({ memory }: Host): Functions {
  return {
    clock_res_get(id: number, out: number) {
      checkClock(id);
      memory.u64(out, monotonic.resolution());
    },
    clock_time_get(id: number, _precision: bigint, out: number) {
      memory.u64(out, timeOf(id));
    },
  };
}
