// drive/wait (worker/wasi/filesystem/flow.ts): a host call's steps run synchronously while no
// step is a Promise (the Atomics tier never waits), and continue asynchronously from the first one.
import { expect, test } from '@playwright/test';
import { drive, type Steps, wait } from '../worker/wasi/filesystem/flow.ts';

test('steps that never wait give the result synchronously, each step its own value', () => {
  const seen: number[] = [];
  function* steps(): Steps<number> {
    const a = yield* wait(1);
    seen.push(a);
    const b = yield* wait(2);
    seen.push(b);
    return a + b;
  }
  const result = drive(steps());
  expect(result).toBe(3);
  expect(seen).toEqual([1, 2]);
});

test('a throw before any Promise is thrown synchronously, not a rejected Promise', () => {
  function* steps(): Steps<number> {
    yield* wait(1);
    throw new RangeError('early');
  }
  expect(() => drive(steps())).toThrow(RangeError);
});

test('from the first Promise step on, the result is a Promise; later steps run after it settles', async () => {
  const order: string[] = [];
  let settle!: (v: number) => void;
  const slow = new Promise<number>((r) => (settle = r));
  function* steps(): Steps<number> {
    order.push('before');
    const a = yield* wait(slow);
    order.push(`got ${a}`);
    const b = yield* wait(10);
    const c = yield* wait(Promise.resolve(100));
    return a + b + c;
  }
  const result = drive(steps());
  expect(result).toBeInstanceOf(Promise);
  expect(order).toEqual(['before']);
  settle(1);
  expect(await result).toBe(111);
  expect(order).toEqual(['before', 'got 1']);
});

test('a throw after a Promise step rejects the result', async () => {
  function* steps(): Steps<number> {
    yield* wait(Promise.resolve(1));
    throw new RangeError('late');
  }
  const result = drive(steps());
  expect(result).toBeInstanceOf(Promise);
  await expect(result).rejects.toThrow('late');
});

test('a rejected step is thrown into the steps, which may catch it and go on', async () => {
  let cleaned = false;
  function* recovers(): Steps<string> {
    try {
      yield* wait(Promise.reject(new Error('gone')));
      return 'not reached';
    } catch (e) {
      return `caught ${(e as Error).message}`;
    }
  }
  expect(await drive(recovers())).toBe('caught gone');
  function* gives(): Steps<string> {
    try {
      yield* wait(Promise.reject(new Error('gone')));
      return 'not reached';
    } finally {
      cleaned = true;
    }
  }
  await expect(drive(gives())).rejects.toThrow('gone');
  expect(cleaned).toBe(true);
});
