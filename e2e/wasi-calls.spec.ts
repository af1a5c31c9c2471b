// Every function of wasi:io (error, poll, streams), wasi:clocks (monotonic-clock, wall-clock),
// wasi:random (random, insecure, insecure-seed) and wasi:cli (environment, exit, stdin, stdout,
// stderr, terminal-*), called on the raw canonical ABI by e2e/guests/src/wasi-calls.c, which
// prints one `ok NAME VALUES` / `FAIL NAME VALUES` line per check.
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

const STDIN = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

interface Run {
  exitCode: number;
  stdout: string;
  stderr: string;
  trap?: string;
}

/** Run wasi-calls.wasm; `stdin: 'error'` gives it a stream that yields `abc`, then fails. */
function runCalls(
  page: Page,
  bridge: string,
  options: { args: string[]; env?: Record<string, string>; cwd?: string; stdin?: string | 'error' },
): Promise<Run> {
  return page.evaluate(
    async ({ bridge, options }) => {
      let stdin: Uint8Array | ReadableStream<Uint8Array> | undefined;
      if (options.stdin === 'error') {
        let pulls = 0;
        stdin = new ReadableStream<Uint8Array>({
          pull(controller) {
            if (pulls++ === 0) controller.enqueue(new TextEncoder().encode('abc'));
            else controller.error(new Error('the stdin source failed'));
          },
        });
      } else if (options.stdin !== undefined) {
        stdin = new TextEncoder().encode(options.stdin);
      }
      const r = await (window as any).wasi.run('/guests/wasi-calls.wasm', { ...options, bridge, stdin });
      const text = new TextDecoder();
      return { exitCode: r.exitCode, stdout: text.decode(r.stdout), stderr: text.decode(r.stderr), trap: r.trap };
    },
    { bridge, options },
  );
}

/** The environment lines every mode prints first, for a run without env or cwd. */
const bareEnvironment = (args: string[]) => [
  `ok environment.get-arguments ${args.length} ${args.map((a) => `[${a}]`).join('')}`,
  'ok environment.get-environment 0',
  'ok environment.initial-cwd none',
];

test('every wasi:io, clocks, random and cli function, as a guest calls it', async ({ harness, bridge }) => {
  const args = ['wasi-calls', 'all', 'two words'];
  const before = await harness.evaluate(() => Date.now());
  const r = await runCalls(harness, bridge, { args, env: { A: '1', EMPTY: '' }, cwd: '/some/where', stdin: STDIN });
  const after = await harness.evaluate(() => Date.now());
  expect(r.trap).toBeUndefined();
  expect(r.stderr).toBe('wasi-calls on stderr\n');

  const n = String.raw`(\d+)`;
  // Each line as printed, a string exactly or a pattern whose groups are checked below.
  const expected: (string | RegExp)[] = [
    'ok environment.get-arguments 3 [wasi-calls][all][two words]',
    'ok environment.get-environment 2 [A=1][EMPTY=]',
    'ok environment.initial-cwd some /some/where',
    'ok stdout.get-stdout (written through a second stdout stream)',
    'ok stderr.get-stderr wrote 21 bytes',
    'ok stdin.get-stdin',
    // stdio is not a terminal (worker/wasi/cli/terminal.ts): none, as wasmtime with pipes.
    'ok terminal-stdin.get-terminal-stdin none',
    'ok terminal-stdout.get-terminal-stdout none',
    'ok terminal-stderr.get-terminal-stderr none',
    // stdin is 0-9A-Z: read 3, blocking-read 3, skip 4 (6789), blocking-skip 3 (CDE), ...
    'ok input-stream.subscribe ready=1',
    'ok input-stream.read 012',
    'ok input-stream.blocking-read 345',
    'ok input-stream.skip 4 next=AB',
    'ok input-stream.blocking-skip 3 next=FG',
    // ... splice 4 and blocking-splice 5 of stdin onto stdout, between the brackets ...
    'output-stream.splice-data [HIJK]',
    'ok output-stream.splice 4',
    'output-stream.blocking-splice-data [LMNOP]',
    'ok output-stream.blocking-splice 5',
    // ... the rest, and then every input operation at the end says closed.
    'ok input-stream.blocking-read QRSTUVWXYZ',
    'ok input-stream.read eof=closed',
    'ok input-stream.blocking-read eof=closed',
    'ok input-stream.skip eof=closed',
    'ok input-stream.blocking-skip eof=closed',
    'ok output-stream.splice eof=closed',
    'ok output-stream.blocking-splice eof=closed',
    'ok input-stream.subscribe eof-ready=1',
    new RegExp(`^ok output-stream\\.check-write ${n}$`),
    'ok output-stream.write (this line)',
    'ok output-stream.flush',
    'ok output-stream.blocking-flush',
    'output-stream.write-zeroes-data [\0\0\0]',
    'ok output-stream.write-zeroes 3',
    'output-stream.blocking-write-zeroes-and-flush-data [\0\0]',
    'ok output-stream.blocking-write-zeroes-and-flush 2',
    'ok output-stream.subscribe ready=1',
    'ok output-stream.blocking-write-and-flush (every line)',
    new RegExp(`^ok monotonic-clock\\.now ${n} ${n}$`),
    // The browser's timer resolution where the page is cross-origin isolated (the harness is).
    'ok monotonic-clock.resolution 5000',
    // 50 ms timers: not ready before, ready after, and block waited at least 50 ms.
    new RegExp(`^ok monotonic-clock\\.subscribe-duration ready-before=0 ready-after=1 waited-ms=${n}$`),
    new RegExp(`^ok monotonic-clock\\.subscribe-instant ready-before=0 ready-after=1 waited-ms=${n}$`),
    'ok monotonic-clock.subscribe-instant past ready=1',
    new RegExp(`^ok pollable\\.block waited-ms=${n}$`),
    'ok pollable.ready before=0 after=1',
    // poll([10 s, 30 ms]) -> [1] after 30 ms; poll([10 s, 30 ms (fired), 0 ms]) -> [1, 2].
    new RegExp(`^ok poll\\.poll \\[1\\] waited-ms=${n}$`),
    'ok poll.poll [1,2]',
    new RegExp(`^ok wall-clock\\.now ${n} ${n}$`),
    'ok wall-clock.resolution 0 5000',
    new RegExp(`^ok random\\.get-random-bytes 4096 distinct=${n}$`),
    'ok random.get-random-bytes 0 distinct=0',
    'ok random.get-random-u64 differ=1',
    new RegExp(`^ok insecure\\.get-insecure-random-bytes 4096 distinct=${n}$`),
    'ok insecure.get-insecure-random-bytes 0 distinct=0',
    'ok insecure.get-insecure-random-u64 differ=1',
    // Two u64 (hex); the same pair on both calls of one instance, as wasmtime gives.
    /^ok insecure-seed\.insecure-seed ([0-9a-f]{16}) ([0-9a-f]{16}) same=1$/,
    'checks failed=0; calling exit.exit ok',
  ];
  const lines = r.stdout.split('\n');
  expect(lines.pop(), 'stdout ends with a newline').toBe('');
  const groups: Record<string, number[]> = {};
  for (let i = 0; i < Math.max(lines.length, expected.length); i++) {
    const want = expected[i];
    if (typeof want === 'string' || want === undefined) {
      expect(lines[i], `line ${i + 1}`).toBe(want);
    } else {
      expect(lines[i], `line ${i + 1}`).toMatch(want);
      const key = lines[i].split(' ').slice(0, 2).join(' ');
      expect(groups[key], `one pattern line for ${key}`).toBeUndefined();
      groups[key] = want.exec(lines[i])!.slice(1).map(Number);
    }
  }
  // exit(ok) after the last line, and nothing after it.
  expect(r.exitCode).toBe(0);

  expect(groups['ok output-stream.check-write'][0]).toBeGreaterThan(0);
  const [t0, t1] = groups['ok monotonic-clock.now'];
  expect(t0).toBeGreaterThan(0);
  expect(t1).toBeGreaterThanOrEqual(t0);
  for (const [key, least] of [
    ['ok monotonic-clock.subscribe-duration', 50],
    ['ok monotonic-clock.subscribe-instant', 50],
    ['ok pollable.block', 30],
    ['ok poll.poll', 30],
  ] as const) {
    expect(groups[key][0], key).toBeGreaterThanOrEqual(least);
  }
  const [seconds, nanoseconds] = groups['ok wall-clock.now'];
  expect(nanoseconds).toBeLessThan(1e9);
  const wallMs = seconds * 1000 + Math.floor(nanoseconds / 1e6);
  expect(wallMs).toBeGreaterThanOrEqual(before - 100);
  expect(wallMs).toBeLessThanOrEqual(after + 100);
  // 4096 random bytes miss one of the 256 values with a probability of about 3e-5.
  expect(groups['ok random.get-random-bytes'][0]).toBeGreaterThanOrEqual(250);
  expect(groups['ok insecure.get-insecure-random-bytes'][0]).toBeGreaterThanOrEqual(250);
  const seed = /insecure-seed ([0-9a-f]{16}) ([0-9a-f]{16})/.exec(r.stdout)!;
  expect(seed[1] + seed[2]).not.toBe('0'.repeat(32));
});

test('exit(err) ends the run with 1, exit-with-code(n) with n', async ({ harness, bridge }) => {
  const err = await runCalls(harness, bridge, { args: ['wasi-calls', 'exit-err'] });
  expect(err).toEqual({
    exitCode: 1,
    stdout: [...bareEnvironment(['wasi-calls', 'exit-err']), 'calling exit.exit err', ''].join('\n'),
    stderr: '',
    trap: undefined,
  });
  for (const code of [0, 42, 255]) {
    const args = ['wasi-calls', 'exit-code', String(code)];
    const r = await runCalls(harness, bridge, { args });
    expect(r).toEqual({
      exitCode: code,
      stdout: [...bareEnvironment(args), `calling exit.exit-with-code ${code}`, ''].join('\n'),
      stderr: '',
      trap: undefined,
    });
  }
});

// wasmtime answers a failing stdin read with last-operation-failed(error), whose
// to-debug-string says what failed, and the stream is closed after it; so does wasi-browser when
// the page's stdin ReadableStream errors.
test('a stdin source that fails gives last-operation-failed, an error with a debug string, then closed', async ({ harness, bridge }) => {
  const args = ['wasi-calls', 'stdin-error'];
  const r = await runCalls(harness, bridge, { args, stdin: 'error' });
  const lines = r.stdout.split('\n');
  expect(lines.slice(0, 4)).toEqual([...bareEnvironment(args), 'ok input-stream.blocking-read data=abc']);
  expect(r.trap).toBeUndefined();
  expect(lines[4]).toBe('ok input-stream.blocking-read last-operation-failed');
  expect(lines[5]).toMatch(/^ok error\.to-debug-string [1-9]\d* \S/);
  expect(lines.slice(6)).toEqual(['ok input-stream.read after-error=closed', 'checks failed=0; calling exit.exit ok', '']);
  expect(r.exitCode).toBe(0);
});
