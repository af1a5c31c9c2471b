// The runtime around the guest: tiers, bad input, abort, the transpile cache, user imports.
import { expect, forms, guestUrl, runGuest, test } from './fixtures.ts';

test('each kind of bad input rejects at once with its cause named', async ({ harness, bridge }) => {
  const cases = await harness.evaluate(async (bridge) => {
    const wasi = (window as any).wasi;
    const out: Record<string, string> = {};
    for (const name of ['not-wasm.bin', 'core-module.wasm', 'core-unknown-import.wasm', 'truncated.wasm', 'missing-import.wasm', 'wasi-0.3-import.wasm']) {
      const t0 = performance.now();
      try {
        await wasi.run(`/guests/bad/${name}`, { bridge });
        out[name] = 'resolved';
      } catch (e: any) {
        out[name] = `${e.message} (${Math.round(performance.now() - t0)} ms)`;
      }
    }
    try {
      await wasi.run('/guests/no-such-file.wasm', { bridge });
    } catch (e: any) {
      out.missing = e.message;
    }
    return out;
  }, bridge);
  expect(cases['not-wasm.bin']).toMatch(/not WebAssembly/);
  // A preview 1 core module runs as it is (e2e/preview1.spec.ts); one importing more is refused.
  expect(cases['core-module.wasm']).toBe('resolved');
  expect(cases['core-unknown-import.wasm']).toMatch(/the core module imports env\.missing/);
  expect(cases['truncated.wasm']).toMatch(/not a valid WebAssembly component/);
  expect(cases['missing-import.wasm']).toMatch(/imports example:missing\/thing/);
  expect(cases['wasi-0.3-import.wasm']).toMatch(/imports wasi:random\/random@0\.3\.0, a WASI version wasi-browser does not provide \(it provides 0\.2\.x\)/);
  expect(cases.missing).toMatch(/HTTP 404/);
});

test('a corrupt size is named, not a bare "wasm trap: unreachable" from the transpiler', async ({ harness, bridge }) => {
  const cases = await harness.evaluate(async (bridge) => {
    const out: Record<string, string> = {};
    for (const name of ['huge-section.wasm', 'transpiler-trap.wasm']) {
      try {
        await (window as any).wasi.run(`/guests/bad/${name}`, { bridge });
        out[name] = 'resolved';
      } catch (e: any) {
        out[name] = e.message;
      }
    }
    return out;
  }, bridge);
  expect(cases['huge-section.wasm']).toMatch(/section 7 at byte 8 says it is 4294967295 bytes long, but only \d+ bytes follow/);
  expect(cases['transpiler-trap.wasm']).toMatch(/not a valid WebAssembly component: the transpiler stopped on it \(a panic: capacity overflow\)/);
  for (const message of Object.values(cases)) expect(message).not.toMatch(/^[^:]*: wasm trap/);
});

test('a second run comes from the cache, also after a reload', async ({ harness, bridge }) => {
  await harness.evaluate(() => (window as any).wasi.clearCache());
  const first = await runGuest(harness, 'hello.wasm', { bridge });
  expect(first.cached).toBe(false);
  const second = await runGuest(harness, 'hello.wasm', { bridge });
  expect(second.cached).toBe(true);
  await harness.reload();
  await harness.waitForFunction(() => (window as any).harnessReady === true);
  const third = await runGuest(harness, 'hello.wasm', { bridge });
  expect(third).toMatchObject({ cached: true, stdout: 'hello from wasi-browser\n' });
});

test('the user\'s imports are called on the page', async ({ harness, bridge }) => {
  const out = await harness.evaluate(async (bridge) => {
    const calls: string[] = [];
    const r = await (window as any).wasi.run('/guests/uses-import.wasm', {
      bridge,
      imports: {
        'test:host/log': {
          log: async (msg: string) => { calls.push(msg); },
          add: (a: number, b: number) => a + b,
        },
      },
    });
    return { calls, exitCode: r.exitCode, stdout: new TextDecoder().decode(r.stdout) };
  }, bridge);
  expect(out).toEqual({ calls: ['hello host'], exitCode: 0, stdout: 'add 42\n' });
});

test('a missing user import, or a missing function of one, is named', async ({ harness, bridge }) => {
  const r = await runGuest(harness, 'uses-import.wasm', { bridge });
  expect(r.error?.message).toMatch(/imports test:host\/log, which neither WASI/);
  const partial = await harness.evaluate(async (bridge) => {
    try {
      await (window as any).wasi.run('/guests/uses-import.wasm', { bridge, imports: { 'test:host/log': { log() {} } } });
      return 'resolved';
    } catch (e: any) {
      return e.message;
    }
  }, bridge);
  expect(partial).toMatch(/'add'/);
});

test('a user import that throws an Error traps the guest with its message', async ({ harness, bridge }) => {
  const out = await harness.evaluate(async (bridge) => {
    const r = await (window as any).wasi.run('/guests/uses-import.wasm', {
      bridge,
      imports: { 'test:host/log': { log() { throw new Error('no logging today'); }, add: () => 0 } },
    });
    return { exitCode: r.exitCode, trap: r.trap };
  }, bridge);
  expect(out.exitCode).toBe(134);
  expect(out.trap).toMatch(/no logging today/);
});

// The guests below are built in both forms: each test runs for the component and for the
// preview 1 core module.
for (const form of forms) {
  test(`${form.name}: abort ends a run blocked on stdin and rejects with AbortError`, async ({ harness, bridge }) => {
    const out = await harness.evaluate(async ({ bridge, url }) => {
      const controller = new AbortController();
      const stream = new ReadableStream<Uint8Array>({ start() {} });
      const t0 = performance.now();
      const done = (window as any).wasi.run(url, {
        bridge, args: ['cli', 'prompt'], stdin: stream, signal: controller.signal,
        stdout: (c: Uint8Array) => {
          if (new TextDecoder().decode(c).includes('ready')) controller.abort();
        },
      });
      try {
        await done;
        return { outcome: 'resolved' };
      } catch (e: any) {
        return { outcome: e.name, ms: performance.now() - t0 };
      }
    }, { bridge, url: guestUrl(form, 'cli.wasm') });
    expect(out.outcome).toBe('AbortError');
  });

  test(`${form.name}: what the guest wrote before an abort reaches the callbacks and the AbortError`, async ({ harness, bridge }) => {
    // `cli flood /out/last` prints 0, 1, 2, ... and after each line writes its number to
    // /out/last: every number in the file was printed first, so the page must have it.
    const out = await harness.evaluate(async ({ bridge, url, dir }) => {
      const wasi = (window as any).wasi;
      const controller = new AbortController();
      const seen: Uint8Array[] = [];
      let bytes = 0;
      const mounts = { '/out': { kind: 'opfs', path: dir } };
      const error = await wasi
        .run(url, {
          bridge, args: ['cli', 'flood', '/out/last'], mounts, signal: controller.signal,
          stdout: (c: Uint8Array) => {
            seen.push(c.slice());
            bytes += c.byteLength;
            if (bytes >= 30_000) controller.abort();
          },
        })
        .then(() => undefined, (e: any) => e);
      const last = Number(await wasi.readFile(`${dir}/last`, 'utf8'));
      const printed = await new Blob(seen).text();
      const lines = printed.split('\n').slice(0, -1);
      return {
        name: error?.name,
        last,
        count: lines.length,
        ordered: lines.every((line: string, i: number) => line === String(i)),
        same: new TextDecoder().decode(error?.stdout) === printed,
        stderr: error?.stderr?.byteLength,
      };
    }, { bridge, url: guestUrl(form, 'cli.wasm'), dir: `abort-output-${form.dir ? 'core' : 'component'}-${bridge}` });
    expect(out.name).toBe('AbortError');
    expect(out.ordered).toBe(true);
    expect(out.count).toBeGreaterThan(out.last);
    expect(out.same).toBe(true);
    expect(out.stderr).toBe(0);
  });

  test(`${form.name}: an already-aborted signal rejects before anything starts`, async ({ harness, bridge }) => {
    const name = await harness.evaluate(async ({ bridge, url }) => {
      try {
        await (window as any).wasi.run(url, { bridge, signal: AbortSignal.abort() });
        return 'resolved';
      } catch (e: any) {
        return e.name;
      }
    }, { bridge, url: guestUrl(form, 'hello.wasm') });
    expect(name).toBe('AbortError');
  });

  test(`${form.name}: without isolation, forcing atomics says which headers to send`, async ({ page }) => {
    await page.goto('/e2e/harness.html?no-isolation');
    await page.waitForFunction(() => (window as any).harnessReady === true);
    const out = await page.evaluate(async (url) => {
      const isolated = crossOriginIsolated;
      try {
        await (window as any).wasi.run(url, { bridge: 'atomics' });
        return { isolated, message: 'resolved' };
      } catch (e: any) {
        return { isolated, message: e.message };
      }
    }, guestUrl(form, 'hello.wasm'));
    expect(out.isolated).toBe(false);
    expect(out.message).toMatch(/Cross-Origin-Opener-Policy: same-origin/);
    expect(out.message).toMatch(/Cross-Origin-Embedder-Policy: require-corp/);
  });

  test(`${form.name}: without isolation, auto still runs through JSPI`, async ({ page }) => {
    await page.goto('/e2e/harness.html?no-isolation');
    await page.waitForFunction(() => (window as any).harnessReady === true);
    const r = await runGuest(page, `${form.dir}hello.wasm`, { bridge: 'auto' });
    expect(r).toMatchObject({ exitCode: 0, bridge: 'jspi', stdout: 'hello from wasi-browser\n' });
  });
}

test('back-pressure: a consumer that does not finish stops the guest at the window, and abort still ends the run', async ({ harness, bridge }) => {
  // `bigout` writes without end; the callback's Promise never settles, so after a window
  // (shared/output.ts: 1 MiB) the guest must wait, and nothing more reaches the page.
  const out = await harness.evaluate(async (bridge) => {
    const controller = new AbortController();
    let bytes = 0;
    let started!: () => void;
    const writing = new Promise<void>((resolve) => (started = resolve));
    const done = (window as any).wasi
      .run('/guests/cli.wasm', {
        bridge, args: ['cli', 'bigout', '1000000000000'], signal: controller.signal,
        stdout: (c: Uint8Array) => {
          bytes += c.byteLength;
          started();
          return new Promise(() => {});
        },
      })
      .then(() => 'resolved', (e: any) => e.name);
    await writing;
    // Long enough for an unchecked guest to send many MB (it did: 3 GB in 10 s).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const held = bytes;
    controller.abort();
    return { held, outcome: await done };
  }, bridge);
  expect(out.held).toBeGreaterThan(0);
  expect(out.held).toBeLessThanOrEqual((1 << 20) + 64 * 1024);
  expect(out.outcome).toBe('AbortError');
});
