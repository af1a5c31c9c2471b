// WASI preview 1 core modules run as they are (worker/preview1/). The behaviours a component
// shares (args, env, exit codes, stdin, stdout/stderr, clocks, random, poll) are the tests of
// wasi-cli.spec.ts and wasi-clocks-random.spec.ts, run over both forms of the guests (`forms` in
// fixtures.ts); the files and abort tests below are still copies of filesystem.spec.ts and
// runtime.spec.ts.
import { expect, runGuest, test, type Page } from './fixtures.ts';

interface CoreRun {
  exitCode?: number;
  stdout?: string;
  stderr?: string;
  trap?: string;
  transpileMs?: number;
  error?: string;
  ms?: number;
}

/** Run `/guests/<name>` with `options` (mounts and all), decoded, or the error it rejected with. */
async function runCore(page: Page, name: string, options: Record<string, unknown>): Promise<CoreRun> {
  return page.evaluate(
    async ({ name, options }) => {
      const t0 = performance.now();
      try {
        const r = await (window as any).wasi.run(`/guests/${name}`, options);
        const text = new TextDecoder();
        return {
          exitCode: r.exitCode,
          stdout: text.decode(r.stdout),
          stderr: text.decode(r.stderr),
          trap: r.trap,
          transpileMs: r.timings.transpileMs,
        };
      } catch (e: any) {
        return { error: `${e?.name}: ${e?.message}`, ms: performance.now() - t0 };
      }
    },
    { name, options },
  );
}

function expectPassed(r: CoreRun): void {
  expect(r.error).toBeUndefined();
  expect(r.trap).toBeUndefined();
  expect(r.stdout).toMatch(/^checks \d+ failed 0\n$/m);
  expect(r.stdout).not.toContain('FAIL');
  expect(r.exitCode).toBe(0);
}

test('the bytes the component tests once refused run as a core module, with no transpile', async ({ harness, bridge }) => {
  const r = await runGuest(harness, 'bad/core-module.wasm', { bridge });
  expect(r).toMatchObject({ exitCode: 0, stdout: 'hello from wasi-browser\n', transpileMs: 0 });
});

const opfsRoot = { '/': { kind: 'opfs', path: 'p1' } };
const memoryRoot = { '/': { kind: 'memory' } };

for (const [kind, mounts] of [['opfs', opfsRoot], ['memory', memoryRoot]] as const) {
  test(`preview 1 ${kind}: files, links, times, the sandbox and their errno values`, async ({ harness, bridge }) => {
    const run = (args: string[]) => runCore(harness, 'core/fs-ops.wasm', { bridge, args: ['fs-ops', ...args], mounts });
    expectPassed(await run(['basic', 'basic-dir']));
    expectPassed(await run(['links', 'links-dir']));
    expectPassed(await run(['times', 'times-dir']));
    expectPassed(await run(['sandbox']));
  });
}

test('preview 1: readonly mounts, no mounts, and what the page wrote', async ({ harness, bridge }) => {
  const fsOps = (args: string[], mounts?: object) => runCore(harness, 'core/fs-ops.wasm', { bridge, args: ['fs-ops', ...args], mounts });
  await harness.evaluate(() => (window as any).wasi.writeFile('p1ro/data.txt', 'read me'));
  const ro = await fsOps(['readonly', 'data.txt'], { '/': { kind: 'opfs', path: 'p1ro', readonly: true } });
  expectPassed(ro);
  expect(ro.stdout).toContain('read: read me\n');
  const none = await fsOps(['cat', 'anything.txt']);
  expect(none.exitCode).toBe(1);
  expect(none.stdout).toMatch(/^error /);
  expect((await fsOps(['write', 'out.txt', 'from a core module'], opfsRoot)).exitCode).toBe(0);
  expect(await harness.evaluate(() => (window as any).wasi.readFile('p1/out.txt', 'utf8'))).toBe('from a core module');
});

test('bad core modules are refused at once, naming the import or _start', async ({ harness, bridge }) => {
  const unknown = await runCore(harness, 'bad/core-unknown-import.wasm', { bridge });
  expect(unknown.error).toMatch(/imports env\.missing \(neither WASI preview 1 nor options\.imports provides it\)/);
  const threads = await runCore(harness, 'bad/core-thread-spawn.wasm', { bridge });
  expect(threads.error).toMatch(/imports wasi\.thread-spawn \(WASI threads/);
  const noStart = await runCore(harness, 'bad/core-no-start.wasm', { bridge });
  expect(noStart.error).toMatch(/exports no _start/);
  for (const r of [unknown, threads, noStart]) expect(r.ms).toBeLessThan(3000);
});

test('abort ends a core module blocked on stdin and rejects with AbortError', async ({ harness, bridge }) => {
  const out = await harness.evaluate(async (bridge) => {
    const controller = new AbortController();
    const stream = new ReadableStream<Uint8Array>({ start() {} });
    try {
      await (window as any).wasi.run('/guests/core/cli.wasm', {
        bridge, args: ['cli', 'prompt'], stdin: stream, signal: controller.signal,
        stdout: (c: Uint8Array) => {
          if (new TextDecoder().decode(c).includes('ready')) controller.abort();
        },
      });
      return 'resolved';
    } catch (e: any) {
      return e.name;
    }
  }, bridge);
  expect(out).toBe('AbortError');
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

for (const [kind, mounts] of [['opfs', { '/': { kind: 'opfs', path: 'p1calls' } }], ['memory', memoryRoot]] as const) {
  test(`preview 1 ${kind}: raw calls and their errno values (p1-calls.wasm)`, async ({ harness, bridge }) => {
    if (kind === 'opfs') await harness.evaluate(() => (window as any).wasi.remove('p1calls', { recursive: true }).catch(() => {}));
    expectPassed(await runCore(harness, 'core/p1-calls.wasm', { bridge, args: ['p1-calls', 'all'], mounts }));
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
  expect((await runCore(harness, 'core/uses-import.wasm', { bridge })).error).toMatch(/imports env\.twice/);
});

test('a core module aborted while writing to OPFS keeps every completed write and releases the file', async ({ harness, bridge }) => {
  const fsOps = (args: string[]) => runCore(harness, 'core/fs-ops.wasm', { bridge, args: ['fs-ops', ...args], mounts: opfsRoot });
  const outcome = await harness.evaluate(async ({ bridge, mounts }) => {
    const controller = new AbortController();
    let written = 0;
    const decoder = new TextDecoder();
    const run = (window as any).wasi.run('/guests/core/fs-ops.wasm', {
      bridge, mounts, signal: controller.signal,
      args: ['fs-ops', 'blocks', 'aborted.bin', '0', '0', 'slow'],
      stdout(chunk: Uint8Array) {
        written += (decoder.decode(chunk).match(/wrote/g) ?? []).length;
        if (written >= 20) controller.abort();
      },
    });
    return { error: await run.then(() => 'finished', (e: any) => e.name), written };
  }, { bridge, mounts: opfsRoot });
  expect(outcome.error).toBe('AbortError');
  const blocks = Number(/blocks (\d+)/.exec((await fsOps(['verify', 'aborted.bin'])).stdout ?? '')?.[1]);
  expect(blocks).toBeGreaterThanOrEqual(20);
  expect((await fsOps(['blocks', 'aborted.bin', String(blocks), '1'])).exitCode).toBe(0);
  expect((await fsOps(['verify', 'aborted.bin'])).stdout).toBe(`blocks ${blocks + 1}\n`);
});
