// wasi:cli through the public run(): args, env, cwd, exit codes, stdin, stdout/stderr; each test
// whose guest is built in both forms runs for the component and for the preview 1 core module.
import { expect, forms, guestUrl, runGuest, test } from './fixtures.ts';

for (const form of forms) {
  const cli = `${form.dir}cli.wasm`;

  test(`${form.name}: a C hello prints`, async ({ harness, bridge }) => {
    const r = await runGuest(harness, `${form.dir}hello.wasm`, { bridge });
    expect(r.error).toBeUndefined();
    expect(r).toMatchObject({ exitCode: 0, stdout: 'hello from wasi-browser\n', stderr: '', bridge });
    // A core module runs as it is: nothing to transpile.
    if (form.name === 'preview 1') expect(r.transpileMs).toBe(0);
  });

  test(`${form.name}: args reach argv in order, args[0] first`, async ({ harness, bridge }) => {
    const args = ['cli', 'args', 'two words', 'ünïcode', ''];
    const r = await runGuest(harness, cli, { bridge, args });
    expect(r.stdout).toBe(args.map((a) => `${a}\n`).join(''));
  });

  test(`${form.name}: env reaches environ`, async ({ harness, bridge }) => {
    const r = await runGuest(harness, cli, { bridge, args: ['cli', 'env'], env: { A: '1', LANG: 'C.UTF-8', EMPTY: '' } });
    expect(r.stdout!.split('\n').filter(Boolean).sort()).toEqual(['A=1', 'EMPTY=', 'LANG=C.UTF-8']);
  });

  test(`${form.name}: exit(n) gives its code (the component's adapter folds it to 1; proc_exit(n) keeps n below 126)`, async ({ harness, bridge }) => {
    for (const code of form.name === 'component' ? [0, 1, 42] : [0, 1, 42, 125, 126, 255]) {
      const r = await runGuest(harness, cli, { bridge, args: ['cli', 'exit', String(code)] });
      // jco's preview1 adapter turns any non-zero preview1 code into 1; proc_exit(n) run as it
      // is keeps n below 126, and from there ends with 1 and wasmtime's message, as wasmtime.
      const refused = form.name === 'preview 1' && code >= 126;
      expect(r.exitCode, `exit ${code}`).toBe(form.name === 'component' ? (code === 0 ? 0 : 1) : refused ? 1 : code);
      expect(r.trap, `exit ${code}`).toBe(refused ? `proc_exit(${code}): exit with invalid exit status outside of [0..126)` : undefined);
    }
  });

  test(`${form.name}: a trap gives exit code 134 and its message, with output before it kept`, async ({ harness, bridge }) => {
    const r = await runGuest(harness, cli, { bridge, args: ['cli', 'trap'] });
    expect(r.exitCode).toBe(134);
    expect(r.trap).toMatch(/unreachable/);
    expect(r.stdout).toBe('about to trap\n');
  });

  test(`${form.name}: stdin given as a string and as bytes`, async ({ harness, bridge }) => {
    const r = await runGuest(harness, cli, { bridge, args: ['cli', 'echo'], stdin: 'line one\nline two\n' });
    expect(r.stdout).toBe('line one\nline two\n');
    const bytes = await harness.evaluate(async ({ bridge, url }) => {
      const r = await (window as any).wasi.run(url, {
        bridge, args: ['cli', 'count'], stdin: new Uint8Array([1, 2, 3, 250]),
      });
      return new TextDecoder().decode(r.stdout);
    }, { bridge, url: guestUrl(form, 'cli.wasm') });
    expect(bytes).toBe('bytes=4 sum=256\n');
  });

  test(`${form.name}: no stdin is EOF at once`, async ({ harness, bridge }) => {
    const r = await runGuest(harness, cli, { bridge, args: ['cli', 'count'] });
    expect(r.stdout).toBe('bytes=0 sum=0\n');
  });

  test(`${form.name}: 10 MiB of stdin through a ReadableStream, in uneven chunks`, async ({ harness, bridge }) => {
    const out = await harness.evaluate(async ({ bridge, url }) => {
      const data = new Uint8Array(10 * 1024 * 1024);
      let sum = 0;
      for (let i = 0; i < data.length; i++) {
        data[i] = (i * 31) ^ (i >>> 11);
        sum = (sum + data[i]) >>> 0;
      }
      let at = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (at >= data.length) return controller.close();
          const n = 1000 + ((at * 7) % 70001);
          controller.enqueue(data.slice(at, at + n));
          at += n;
        },
      });
      const r = await (window as any).wasi.run(url, { bridge, args: ['cli', 'count'], stdin: stream });
      return { stdout: new TextDecoder().decode(r.stdout), expected: `bytes=${data.length} sum=${sum}\n` };
    }, { bridge, url: guestUrl(form, 'cli.wasm') });
    expect(out.stdout).toBe(out.expected);
  });

  test(`${form.name}: a read blocked on a stream returns when bytes arrive`, async ({ harness, bridge }) => {
    const out = await harness.evaluate(async ({ bridge, url }) => {
      let push!: (s: string) => void;
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          push = (s) => controller.enqueue(new TextEncoder().encode(s));
        },
      });
      const events: string[] = [];
      const done = (window as any).wasi.run(url, {
        bridge, args: ['cli', 'prompt'], stdin: stream,
        stdout: (chunk: Uint8Array) => {
          const text = new TextDecoder().decode(chunk);
          events.push(text);
          // The guest is now blocked reading stdin: type the answer a little later.
          if (text.includes('ready')) setTimeout(() => push('typed line\n'), 100);
        },
      });
      const r = await done;
      return { events, stdout: new TextDecoder().decode(r.stdout), exitCode: r.exitCode };
    }, { bridge, url: guestUrl(form, 'cli.wasm') });
    expect(out.events[0]).toContain('ready');
    expect(out.stdout).toBe('ready\ngot typed line\n');
    expect(out.exitCode).toBe(0);
  });

  test(`${form.name}: stdout and stderr interleave in order and stream before exit`, async ({ harness, bridge }) => {
    const out = await harness.evaluate(async ({ bridge, url }) => {
      const log: string[] = [];
      const text = new TextDecoder();
      const r = await (window as any).wasi.run(url, {
        bridge, args: ['cli', 'interleave', '50'],
        stdout: (c: Uint8Array) => log.push(text.decode(c)),
        stderr: (c: Uint8Array) => log.push(text.decode(c)),
      });
      return { log: log.join(''), stdout: text.decode(r.stdout), stderr: text.decode(r.stderr) };
    }, { bridge, url: guestUrl(form, 'cli.wasm') });
    const expected = Array.from({ length: 50 }, (_, i) => `out ${i}\nerr ${i}\n`).join('');
    expect(out.log).toBe(expected);
    expect(out.stdout).toBe(Array.from({ length: 50 }, (_, i) => `out ${i}\n`).join(''));
    expect(out.stderr).toBe(Array.from({ length: 50 }, (_, i) => `err ${i}\n`).join(''));
  });

  test(`${form.name}: 10 MiB of stdout arrives whole, in the callback and the result`, async ({ harness, bridge }) => {
    const out = await harness.evaluate(async ({ bridge, url }) => {
      const n = 10 * 1024 * 1024;
      let streamed = 0;
      const r = await (window as any).wasi.run(url, {
        bridge, args: ['cli', 'bigout', String(n)], stdout: (c: Uint8Array) => { streamed += c.byteLength; },
      });
      let bad = -1;
      for (let k = 0; k < r.stdout.byteLength; k++) if (r.stdout[k] !== 97 + (k % 26)) { bad = k; break; }
      return { length: r.stdout.byteLength, streamed, bad, n };
    }, { bridge, url: guestUrl(form, 'cli.wasm') });
    expect(out.length).toBe(out.n);
    expect(out.streamed).toBe(out.n);
    expect(out.bad).toBe(-1);
  });
}

// The guests below are components only (no preview 1 build).

test('initial-cwd is what cwd says', async ({ harness, bridge }) => {
  const given = await runGuest(harness, 'initial-cwd.wasm', { bridge, cwd: '/work/dir' });
  expect(given.stdout).toBe('/work/dir\n');
  const none = await runGuest(harness, 'initial-cwd.wasm', { bridge });
  expect(none.stdout).toBe('none\n');
});

test('exit-with-code (wasi:cli/exit, unfolded) gives its code', async ({ harness, bridge }) => {
  expect((await runGuest(harness, 'exit-code.wasm', { bridge })).exitCode).toBe(42);
});

test('mixed 0.2.x versions in one component', async ({ harness, bridge }) => {
  const r = await runGuest(harness, 'mixed-versions.wasm', { bridge });
  expect(r.error).toBeUndefined();
  expect(r).toMatchObject({ exitCode: 0, stdout: 'mixed ok\n' });
});
