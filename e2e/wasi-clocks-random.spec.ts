// wasi:clocks, wasi:random and wasi:io/poll through real guests: the component and the same
// program as a preview 1 core module (clock_time_get, poll_oneoff, random_get).
import { expect, forms, runGuest, test } from './fixtures.ts';

for (const form of forms) {
  const cli = `${form.dir}cli.wasm`;

  test(`${form.name}: a 200 ms sleep lasts at least 200 ms`, async ({ harness, bridge }) => {
    const started = await harness.evaluate(() => performance.now());
    const r = await runGuest(harness, cli, { bridge, args: ['cli', 'sleep', '200'] });
    const ended = await harness.evaluate(() => performance.now());
    const slept = Number(/slept (\d+)/.exec(r.stdout!)?.[1]);
    expect(slept).toBeGreaterThanOrEqual(200);
    expect(ended - started).toBeGreaterThanOrEqual(200);
  });

  test(`${form.name}: poll over many pollables fires each`, async ({ harness, bridge }) => {
    const r = await runGuest(harness, cli, { bridge, args: ['cli', 'poll', '64'] });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('fired 64\n');
  });

  test(`${form.name}: the wall clock is close to Date.now() and the monotonic clock does not go back`, async ({ harness, bridge }) => {
    const before = await harness.evaluate(() => Date.now());
    const r = await runGuest(harness, cli, { bridge, args: ['cli', 'clock'] });
    const after = await harness.evaluate(() => Date.now());
    const realtime = Number(/realtime (\d+)/.exec(r.stdout!)?.[1]);
    expect(realtime).toBeGreaterThanOrEqual(before - 50);
    expect(realtime).toBeLessThanOrEqual(after + 50);
    expect(r.stdout).toContain('monotonic-ok');
  });

  test(`${form.name}: random bytes of every size, from 0 to 1,000,000`, async ({ harness, bridge }) => {
    for (const n of [0, 1, 7, 256, 4096, 65_536, 65_537, 1_000_000]) {
      const r = await runGuest(harness, cli, { bridge, args: ['cli', 'random', String(n)] });
      const m = /random (\d+) distinct=(\d+) zero=(\d)/.exec(r.stdout!);
      expect(m, `${n}: ${r.stdout}`).not.toBeNull();
      expect(Number(m![1])).toBe(n);
      if (n >= 4096) {
        expect(Number(m![2]), `${n}`).toBe(256);
        expect(m![3], `${n}`).toBe('0');
      }
    }
  });
}
