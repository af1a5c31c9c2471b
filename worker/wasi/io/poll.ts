/** wasi:io/poll */
import { type Maybe, repeat, then } from '../../bridge/index.ts';
import { currentBridge } from '../context.ts';

/**
 * What a Pollable watches. `deadline` (a `performance.now()` time) marks a timer;
 * `wait(timeoutMs)` blocks until the source may be ready or the timeout passes.
 */
export interface Source {
  isReady(): boolean;
  deadline?: number;
  wait?(timeoutMs: number | undefined): Maybe<void>;
}

const alwaysReady: Source = { isReady: () => true };

export class Pollable {
  readonly source: Source;
  constructor(source: Source = alwaysReady) {
    this.source = source;
  }
  ready(): boolean {
    return this.source.isReady();
  }
  block(): Maybe<void> {
    return then(poll([this]), () => undefined);
  }
}

/** A pollable that is ready at once. */
export function readyPollable(): Pollable {
  return new Pollable(alwaysReady);
}

/** A pollable that becomes ready at `deadline` (ms on the `performance.now()` clock). */
export function timerPollable(deadline: number): Pollable {
  return new Pollable({ deadline, isReady: () => performance.now() >= deadline });
}

/**
 * Wait until at least one pollable is ready; answer the indices of all ready ones.
 * Timers are waited for by sleeping until the earliest; other sources by asking them to
 * wait, bounded by the earliest timer.
 */
export function poll(list: Pollable[]): Maybe<Uint32Array> {
  if (list.length === 0) throw new globalThis.Error('poll called with an empty list');
  const bridge = currentBridge();
  return repeat(() => {
    const ready: number[] = [];
    for (let i = 0; i < list.length; i++) if (list[i].source.isReady()) ready.push(i);
    if (ready.length > 0) return Uint32Array.from(ready);

    let deadline = Infinity;
    const waiters: Source[] = [];
    for (const { source } of list) {
      if (source.deadline !== undefined) deadline = Math.min(deadline, source.deadline);
      else if (source.wait) waiters.push(source);
    }
    const timeout = deadline === Infinity ? undefined : Math.max(0, deadline - performance.now());
    if (waiters.length === 0) {
      if (timeout === undefined) throw new globalThis.Error('poll would wait forever: no pollable can become ready');
      return then(bridge.sleep(timeout), () => undefined);
    }
    if (waiters.length === 1) return then(waiters[0].wait!(timeout), () => undefined);
    // Several sources: take turns in short slices so none is starved.
    const slice = timeout === undefined ? 10 : Math.min(timeout, 10);
    let i = 0;
    const turns = repeat<true>(() => {
      if (i >= waiters.length) return true;
      const source = waiters[i++];
      return then(source.wait!(slice / waiters.length), () => (source.isReady() ? true : undefined));
    });
    return then(turns, () => undefined);
  });
}
