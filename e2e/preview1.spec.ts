// What is WASI preview 1 only (worker/preview1/): core modules run as they are, p1-calls.wasm's
// raw calls, refused core modules, a core module's env imports and instantiate(). The behaviours
// a component shares (args, env, exit codes, stdin, stdout/stderr, clocks, random, poll, files,
// the sandbox, abort) are the tests of wasi-cli, wasi-clocks-random, filesystem and runtime
// .spec.ts, each run over both forms of the guests (`forms` in fixtures.ts).
import { expect, expectPassed, runGuest, test } from './fixtures.ts';

test('the bytes the component tests once refused run as a core module, with no transpile', async ({ harness, bridge }) => {
  const r = await runGuest(harness, 'bad/core-module.wasm', { bridge });
  expect(r).toMatchObject({ exitCode: 0, stdout: 'hello from wasi-browser\n', transpileMs: 0 });
});

test('bad core modules are refused at once, naming the import or _start', async ({ harness, bridge }) => {
  const unknown = await runGuest(harness, 'bad/core-unknown-import.wasm', { bridge });
  expect(unknown.error?.message).toMatch(/imports env\.missing \(neither WASI preview 1 nor options\.imports provides it\)/);
  const threads = await runGuest(harness, 'bad/core-thread-spawn.wasm', { bridge });
  expect(threads.error?.message).toMatch(/imports wasi\.thread-spawn \(WASI threads/);
  const noStart = await runGuest(harness, 'bad/core-no-start.wasm', { bridge });
  expect(noStart.error?.message).toMatch(/exports no _start/);
});

test('instantiate() calls a core module\'s own exports', async ({ harness, bridge }) => {
  const out = await harness.evaluate(async (bridge) => {
    const instance = await (window as any).wasi.instantiate('/guests/bad/core-no-start.wasm', { bridge });
    const sum = await instance.exports.add(2, 3);
    await instance.close();
    return { sum, transpileMs: instance.timings.transpileMs };
  }, bridge);
  expect(out).toEqual({ sum: 5, transpileMs: 0 });
});

const memoryRoot = { '/': { kind: 'memory' } };

for (const [kind, mounts] of [['opfs', { '/': { kind: 'opfs', path: 'p1calls' } }], ['memory', memoryRoot]] as const) {
  test(`preview 1 ${kind}: raw calls and their errno values (p1-calls.wasm)`, async ({ harness, bridge }) => {
    if (kind === 'opfs') await harness.evaluate(() => (window as any).wasi.remove('p1calls', { recursive: true }).catch(() => {}));
    expectPassed(await runGuest(harness, 'core/p1-calls.wasm', { bridge, args: ['p1-calls', 'all'], mounts }));
  });
}

test('poll_oneoff on stdin: ready when the page types, the clock when it does not', async ({ harness, bridge }) => {
  const out = await harness.evaluate(async (bridge) => {
    const runPoll = async (command: string, type: boolean) => {
      let push!: (s: string) => void;
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          push = (s) => controller.enqueue(new TextEncoder().encode(s));
        },
      });
      const r = await (window as any).wasi.run('/guests/core/p1-calls.wasm', {
        bridge, args: ['p1-calls', command], stdin: stream,
        stdout: (chunk: Uint8Array) => {
          if (type && new TextDecoder().decode(chunk) === 'ready\n') setTimeout(() => push('typed\n'), 100);
        },
      });
      return new TextDecoder().decode(r.stdout);
    };
    return { typed: await runPoll('pollin', true), idle: await runPoll('polltimeout', false) };
  }, bridge);
  expect(out.typed).toBe('ready\nstdin ready\ngot typed\n');
  expect(out.idle).toBe('ready\ntimeout\n');
});

test('a core module\'s env imports come from options.imports, on the page', async ({ harness, bridge }) => {
  const out = await harness.evaluate(async (bridge) => {
    const calls: number[] = [];
    const r = await (window as any).wasi.run('/guests/core/uses-import.wasm', {
      bridge, imports: { env: { twice: async (n: number) => (calls.push(n), n * 2) } },
    });
    return { exitCode: r.exitCode, calls };
  }, bridge);
  expect(out).toEqual({ exitCode: 42, calls: [21] });
  // Without it, the import is named at once.
  expect((await runGuest(harness, 'core/uses-import.wasm', { bridge })).error?.message).toMatch(/imports env\.twice/);
});
