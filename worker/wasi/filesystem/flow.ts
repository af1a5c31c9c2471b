/**
 * Multi-step host calls written once for both tiers: a generator yields values that may be
 * Promises (`yield* wait(x)`), and {@link drive} runs it synchronously until a step is really
 * a Promise (JSPI tier), then continues asynchronously.
 */
import type { Maybe } from '../../bridge/index.ts';

export type Steps<T> = Generator<unknown, T, unknown>;

/** Wait for a value that may still be coming. */
export function* wait<T>(value: Maybe<T>): Generator<unknown, T, unknown> {
  return (yield value) as T;
}

/** Run `steps` to the end: synchronously while no step is a Promise. */
export function drive<T>(steps: Steps<T>, input?: unknown, error?: unknown, failed = false): Maybe<T> {
  for (;;) {
    const step = failed ? steps.throw(error) : steps.next(input);
    failed = false;
    if (step.done) return step.value;
    if (step.value instanceof Promise) {
      return step.value.then(
        (value) => drive(steps, value),
        (e) => drive(steps, undefined, e, true),
      );
    }
    input = step.value;
  }
}
