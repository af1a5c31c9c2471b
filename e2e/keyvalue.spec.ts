import { test, expect, type RunReport } from './fixtures.ts';
import type { Page } from '@playwright/test';

/**
 * wasi:keyvalue and wasi:config through kv-counter.wasm (e2e/guests/src/kv-counter.c), in the
 * project's tier. Each test has a fresh browser context, so its IndexedDB starts empty.
 */

interface Options {
  bridge: string;
  args: string[];
  keyValueStores?: unknown;
  config?: unknown;
}

/** Run kv-counter with `args` and the given options (passed as they are, to test validation). */
function counter(page: Page, options: Options): Promise<RunReport> {
  return page.evaluate(async (options) => {
    const wasi = (window as any).wasi;
    try {
      const r = await wasi.run('/guests/kv-counter.wasm', { ...options, args: ['kv-counter', ...options.args] });
      const text = new TextDecoder();
      return { exitCode: r.exitCode, stdout: text.decode(r.stdout), stderr: text.decode(r.stderr), trap: r.trap };
    } catch (e: any) {
      return { error: { name: e?.name, message: e?.message ?? String(e) } };
    }
  }, options);
}

test('every function of store, atomics and batch', async ({ harness, bridge }) => {
  const r = await counter(harness, { bridge, args: ['default', 'exercise'], keyValueStores: ['default'] });
  expect(r.trap).toBeUndefined();
  expect(r.stdout).toBe(
    [
      'get a alpha',
      'get b bravo',
      'get missing none',
      'exists a 1 missing 0',
      'exists a 0',
      'many x=ex',
      'many none',
      'many z=',
      'many b=bravo',
      'after delete-many x 0 y 0 z 1',
      'increment 5',
      'increment -2',
      'increment -2',
      'n bytes 8',
      'increment text other',
      'cas current none',
      'cas retry current changed',
      'cas retry ok',
      'get c mine',
      'key b',
      'key c',
      'key n',
      'key z',
      'pages 1',
      '',
    ].join('\n'),
  );
  expect(r.exitCode).toBe(0);
});

test('data written by one run is read by the next, and after a reload', async ({ harness, bridge }) => {
  const stores = ['default', 'other'];
  const set = await counter(harness, { bridge, args: ['default', 'set', 'greeting', 'hello'], keyValueStores: stores });
  expect(set.stdout).toBe('ok\n');
  expect((await counter(harness, { bridge, args: ['default', 'count'], keyValueStores: stores })).stdout).toBe('count 1\n');
  expect((await counter(harness, { bridge, args: ['default', 'get', 'greeting'], keyValueStores: stores })).stdout).toBe('value hello\n');
  // Stores are apart: the same key in another store is not there.
  expect((await counter(harness, { bridge, args: ['other', 'get', 'greeting'], keyValueStores: stores })).stdout).toBe('value none\n');

  await harness.reload();
  await harness.waitForFunction(() => (window as any).harnessReady === true);
  expect((await counter(harness, { bridge, args: ['default', 'get', 'greeting'], keyValueStores: stores })).stdout).toBe('value hello\n');
  expect((await counter(harness, { bridge, args: ['default', 'count'], keyValueStores: stores })).stdout).toBe('count 2\n');
  expect((await counter(harness, { bridge, args: ['default', 'delete', 'greeting'], keyValueStores: stores })).stdout).toBe('ok\n');
  expect((await counter(harness, { bridge, args: ['default', 'exists', 'greeting'], keyValueStores: stores })).stdout).toBe('exists false\n');
});

test('concurrent runs lose no increment, with atomics and with compare-and-swap', async ({ harness, bridge }) => {
  const runs = 4;
  const times = 25;
  const results = await harness.evaluate(
    async ({ bridge, runs, times }) => {
      const wasi = (window as any).wasi;
      const text = new TextDecoder();
      const one = (args: string[]) =>
        wasi.run('/guests/kv-counter.wasm', { bridge, args: ['kv-counter', 'default', ...args], keyValueStores: ['default'] })
          .then((r: any) => text.decode(r.stdout) + text.decode(r.stderr) + (r.trap ?? ''));
      const all = [];
      for (let i = 0; i < runs; i++) {
        all.push(one(['incr', 'hits', String(times)]));
        all.push(one(['cas-incr', 'text', String(times)]));
      }
      const outputs = await Promise.all(all);
      return { outputs, hits: await one(['incr', 'hits', '0']), text: await one(['get', 'text']) };
    },
    { bridge, runs, times },
  );
  for (const output of results.outputs) expect(output).toMatch(/^value \d+( retries \d+)?\n$/);
  expect(results.hits).toBe(`value ${runs * times}\n`);
  expect(results.text).toBe(`value ${runs * times}\n`);
});

test('a store not granted is refused with access-denied', async ({ harness, bridge }) => {
  const none = await counter(harness, { bridge, args: ['default', 'count'] });
  expect(none.stdout).toBe('error access-denied\n');
  expect(none.exitCode).toBe(1);
  const other = await counter(harness, { bridge, args: ['secret', 'get', 'k'], keyValueStores: ['default'] });
  expect(other.stdout).toBe('error access-denied\n');
  const granted = await counter(harness, { bridge, args: ['secret', 'get', 'k'], keyValueStores: ['default', 'secret'] });
  expect(granted.stdout).toBe('value none\n');
});

test('a bad keyValueStores option is a TypeError', async ({ harness, bridge }) => {
  const r = await counter(harness, { bridge, args: ['default', 'count'], keyValueStores: 'default' });
  expect(r.error?.name).toBe('TypeError');
  expect(r.error?.message).toContain('keyValueStores must be an array');
});

test('config values read back with get and get-all', async ({ harness, bridge }) => {
  const config = { api_url: 'https://example.com/api', retries: '3', empty: '' };
  const r = await counter(harness, { bridge, args: ['config', 'api_url', 'retries', 'missing', 'Bad-Name'], config });
  expect(r.stdout).toBe(
    [
      'config api_url=https://example.com/api',
      'config retries=3',
      'config missing none',
      // A name Spin would refuse is none, as Spin answers it.
      'config Bad-Name none',
      'all 3',
      'pair api_url=https://example.com/api',
      'pair retries=3',
      'pair empty=',
      '',
    ].join('\n'),
  );
  const none = await counter(harness, { bridge, args: ['config'] });
  expect(none.stdout).toBe('all 0\n');
});

test('a bad config name or value is a TypeError', async ({ harness, bridge }) => {
  for (const [config, message] of [
    [{ 'API_URL': 'x' }, 'config name "API_URL" is not valid'],
    [{ 'a__b': 'x' }, 'config name "a__b" is not valid'],
    [{ '1abc': 'x' }, 'config name "1abc" is not valid'],
    [{ ok: 3 }, "config value of 'ok' must be a string"],
  ] as const) {
    const r = await counter(harness, { bridge, args: ['config'], config });
    expect(r.error?.name).toBe('TypeError');
    expect(r.error?.message).toContain(message);
  }
});

test('two tabs share the stores and their concurrent increments add up', async ({ harness, bridge }) => {
  const other = await harness.context().newPage();
  await other.goto('/e2e/harness.html');
  await other.waitForFunction(() => (window as any).harnessReady === true);
  const times = 30;
  const both = await Promise.all(
    [harness, other].map((page) => counter(page, { bridge, args: ['default', 'incr', 'tabs', String(times)], keyValueStores: ['default'] })),
  );
  for (const r of both) expect(r.stdout).toMatch(/^value \d+\n$/);
  const total = await counter(other, { bridge, args: ['default', 'incr', 'tabs', '0'], keyValueStores: ['default'] });
  expect(total.stdout).toBe(`value ${2 * times}\n`);
  await other.close();
});

test('fermyon:spin/key-value@2.0.0 serves the same stores, with the same grant', async ({ harness, bridge }) => {
  const stores = ['default'];
  await counter(harness, { bridge, args: ['default', 'set', 'shared', 'from-wasi'], keyValueStores: stores });
  const r = await counter(harness, { bridge, args: ['spin', 'default'], keyValueStores: stores });
  expect(r.stdout).toBe(
    [
      'spin get s spin',
      'spin get missing none',
      'spin exists s 1',
      'spin key s',
      'spin key shared',
      'spin exists s 0',
      '',
    ].join('\n'),
  );
  const denied = await counter(harness, { bridge, args: ['spin', 'secret'], keyValueStores: stores });
  expect(denied.stdout).toBe('error access-denied\n');
  expect(denied.exitCode).toBe(1);
});

test('fermyon:spin/variables@2.0.0 reads config, with Spin errors', async ({ harness, bridge }) => {
  const r = await counter(harness, {
    bridge,
    args: ['variables', 'api_url', 'missing', 'Bad-Name', 'a__b'],
    config: { api_url: 'https://example.com' },
  });
  expect(r.stdout).toBe(
    [
      'variable api_url=https://example.com',
      'variable missing undefined',
      'variable Bad-Name invalid-name',
      'variable a__b invalid-name',
      '',
    ].join('\n'),
  );
});

test('serve(): concurrent requests, each a fresh instance, lose no increment; the count outlives the server', async ({ harness, bridge }) => {
  const requests = 40;
  const out = await harness.evaluate(
    async ({ bridge, requests }) => {
      const wasi = (window as any).wasi;
      // Atomics: a worker answers one request at a time, so several workers race too.
      const options = { bridge, keyValueStores: ['default'], workers: bridge === 'atomics' ? 3 : 1 };
      const server = await wasi.serve('/guests/kv-handler.wasm', options);
      const answers = await Promise.all(
        Array.from({ length: requests }, () => server.fetch('/hit').then((r: Response) => r.text())),
      );
      await server.close();
      const again = await wasi.serve('/guests/kv-handler.wasm', options);
      const hits = await (await again.fetch('/hits')).text();
      await again.close();
      const denied = await wasi.serve('/guests/kv-handler.wasm', { bridge });
      const refused = await denied.fetch('/hit');
      const refusal = [refused.status, await refused.text()];
      await denied.close();
      return { answers, hits, refusal };
    },
    { bridge, requests },
  );
  // Every answer is a distinct count: no two requests saw the same value.
  expect(new Set(out.answers).size).toBe(requests);
  expect(out.hits).toBe(`hits ${requests}\n`);
  expect(out.refusal).toEqual([500, 'error access-denied\n']);
});

test('list-keys pages through a large store with its cursor', async ({ harness, bridge }) => {
  const count = 2500;
  // Written straight into the store's IndexedDB layout (database wasi-browser-keyvalue, entries
  // keyed [store, key]), as many writes from a guest would take long.
  await harness.evaluate(async (count) => {
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const request = indexedDB.open('wasi-browser-keyvalue', 1);
      request.onupgradeneeded = () => request.result.createObjectStore('entries');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('entries', 'readwrite');
      for (let i = 0; i < count; i++) tx.objectStore('entries').put(new Uint8Array([i % 256]), ['many', `k${String(i).padStart(5, '0')}`]);
      tx.objectStore('entries').put(new Uint8Array(1), ['other', 'not-mine']);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, count);
  const r = await counter(harness, { bridge, args: ['many', 'keys'], keyValueStores: ['many'] });
  const lines = r.stdout!.trim().split('\n');
  expect(lines.at(-1)).toBe('pages 3');
  const keys = lines.slice(0, -1);
  expect(keys.length).toBe(count);
  expect(keys).toEqual(Array.from({ length: count }, (_, i) => `key k${String(i).padStart(5, '0')}`));
});

test('the playground\'s kv: counter sample counts on, after a reload', async ({ page, bridge }) => {
  const screen = async () => (await page.locator('#terminal .xterm-rows').innerText()).replace(/\u00a0/g, ' ');
  await page.goto(`/demo/?bridge=${bridge}&sample=${encodeURIComponent('kv: counter')}`);
  await expect.poll(screen, { timeout: 30_000 }).toContain('count 1');
  await page.reload();
  await expect.poll(screen, { timeout: 30_000 }).toContain('count 2');
  await expect(page.locator('#stat-exit')).toHaveText('0');
});
