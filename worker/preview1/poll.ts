/**
 * poll_oneoff over wasi:io/poll: each subscription becomes a Pollable (a timer for a clock, the
 * stream's for stdin, a ready one for what never blocks: files and output streams), and one
 * poll() waits for the first, through the tier's blocking primitive.
 */
import { then } from '../bridge/index.ts';
import { drive, type Steps, wait } from '../wasi/filesystem/flow.ts';
import { Pollable, poll, readyPollable, timerPollable } from '../wasi/io/poll.ts';
import { CLOCK_MONOTONIC, CLOCK_REALTIME } from './clocks.ts';
import { EBADF, EINVAL, fail } from './errno.ts';
import type { FileFd } from './fds.ts';
import type { Functions, Host } from './host.ts';

const EVENTTYPE_CLOCK = 0;
const EVENTTYPE_FD_READ = 1;
const EVENTTYPE_FD_WRITE = 2;
const SUBCLOCK_ABSTIME = 1;
const SUBSCRIPTION_SIZE = 48;
const EVENT_SIZE = 32;
const EVENTRWFLAGS_HANGUP = 1;

interface Watch {
  userdata: bigint;
  type: number;
  pollable: Pollable;
  /** An errno for the event (the fd cannot be waited on so). */
  error: number;
  /** A file polled for reading: at its end, the event says hangup (as wasmtime's does). */
  file?: FileFd;
}

/** When (on the `performance.now()` clock) a clock subscription fires. */
function deadlineOf(id: number, timeout: bigint, flags: number): number {
  const ms = Number(timeout) / 1e6;
  if (id !== CLOCK_REALTIME && id !== CLOCK_MONOTONIC) fail(EINVAL, `clock ${id}`);
  if (!(flags & SUBCLOCK_ABSTIME)) return performance.now() + ms;
  return id === CLOCK_MONOTONIC ? ms : ms - performance.timeOrigin;
}

/** poll_oneoff over `host`. */
export function pollFunctions({ memory, fds }: Host): Functions {
  function watch(ptr: number): Watch {
    const userdata = memory.getU64(ptr);
    const type = memory.getU8(ptr + 8);
    if (type === EVENTTYPE_CLOCK) {
      const deadline = deadlineOf(memory.getU32(ptr + 16), memory.getU64(ptr + 24), memory.getU16(ptr + 40));
      return { userdata, type, pollable: timerPollable(deadline), error: 0 };
    }
    if (type !== EVENTTYPE_FD_READ && type !== EVENTTYPE_FD_WRITE) fail(EINVAL, `eventtype ${type}`);
    const fd = memory.getU32(ptr + 16);
    const entry = fds.get(fd);
    if (type === EVENTTYPE_FD_READ && entry.kind === 'stdin') return { userdata, type, pollable: entry.stream.subscribe(), error: 0 };
    // Files never block; what cannot be waited on so fails the whole call, as in wasmtime.
    const usable = entry.kind === 'file' || (type === EVENTTYPE_FD_WRITE && entry.kind === 'stdout');
    if (!usable) fail(EBADF, `fd ${fd} cannot be polled for ${type === EVENTTYPE_FD_READ ? 'reading' : 'writing'}`);
    const file = type === EVENTTYPE_FD_READ && entry.kind === 'file' ? entry : undefined;
    return { userdata, type, pollable: readyPollable(), error: 0, file };
  }

  return {
    poll_oneoff(subscriptions: number, events: number, count: number, out: number) {
      if (count === 0) fail(EINVAL, 'no subscriptions');
      memory.bytes(subscriptions, count * SUBSCRIPTION_SIZE);
      memory.bytes(events, count * EVENT_SIZE);
      const watches: Watch[] = [];
      for (let i = 0; i < count; i++) watches.push(watch(subscriptions + i * SUBSCRIPTION_SIZE));
      function* store(ready: Uint32Array): Steps<void> {
        for (let n = 0; n < ready.length; n++) {
          const { userdata, type, error, file } = watches[ready[n]];
          const hangup = file ? (yield* wait(file.descriptor.stat())).size <= file.position : false;
          const at = events + n * EVENT_SIZE;
          memory.bytes(at, EVENT_SIZE).fill(0);
          memory.u64(at, userdata);
          memory.u16(at + 8, error);
          memory.u8(at + 10, type);
          if (type !== EVENTTYPE_CLOCK) memory.u64(at + 16, 1n);
          if (hangup) memory.u16(at + 24, EVENTRWFLAGS_HANGUP);
        }
        memory.u32(out, ready.length);
      }
      return then(poll(watches.map((w) => w.pollable)), (ready) => drive(store(ready)));
    },
  };
}

