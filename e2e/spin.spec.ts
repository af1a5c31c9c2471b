// A Spin app (spin.toml) served by serve() and through a Service Worker: the two-route app of
// e2e/guests/src/spin-app/ (kv-handler.c on /hit and /hits over wasi:keyvalue, spin-app.c on
// every other path over fermyon:spin key-value and variables). Each test has a fresh browser
// context, so the key-value stores start empty.
import { expect, test } from './fixtures.ts';

const MANIFEST = '/guests/spin-app/spin.toml';

test('a two-route app: routes, Spin headers, variables, files; data outlives requests, servers and a reload; concurrent increments add up', async ({ harness, bridge }) => {
  const requests = 20;
  const first = await harness.evaluate(
    async ({ manifest, bridge, requests }) => {
      const wasi = (window as any).wasi;
      // Atomics: a worker answers one request at a time, so several workers race too.
      const server = await wasi.serve(manifest, { bridge, workers: bridge === 'atomics' ? 3 : 1 });
      const text = async (path: string) => {
        const r: Response = await server.fetch(path);
        return `${r.status} ${await r.text()}`;
      };
      const info = await text('/info/a/b?q=1');
      const saved = await text('/note?first');
      const read = await text('/note');
      const hits = await Promise.all(Array.from({ length: requests }, () => text('/hit')));
      const total = await text('/hits');
      const denied = await text('/denied/note');
      await server.close();
      return { info, saved, read, hits, total, denied, origin: location.origin };
    },
    { manifest: MANIFEST, bridge, requests },
  );
  expect(first.info).toBe(
    [
      `200 spin-full-url: ${first.origin}/info/a/b?q=1`,
      'spin-path-info: /info/a/b',
      'spin-matched-route: /...',
      'spin-raw-component-route: /...',
      'spin-component-route: ',
      'spin-base-path: /',
      'spin-client-addr: 127.0.0.1:0',
      'variable greeting=hello, world',
      'env MODE=e2e',
      'file from a file of the manifest',
      '',
    ].join('\n'),
  );
  expect(first.saved).toBe('200 saved\n');
  expect(first.read).toBe('200 note first\n');
  // Every answer a distinct count: no two requests saw the same value, none was lost.
  expect(new Set(first.hits).size).toBe(requests);
  expect(first.total).toBe(`200 hits ${requests}\n`);
  // no-stores lists no key_value_stores.
  expect(first.denied).toBe('500 error access-denied\n');

  await harness.reload();
  await harness.waitForFunction(() => (window as any).harnessReady === true);
  const after = await harness.evaluate(
    async ({ manifest, bridge }) => {
      const wasi = (window as any).wasi;
      const server = await wasi.serve(manifest, { bridge, variables: { greeting: 'hi' } });
      const text = async (path: string) => (await server.fetch(path)).text();
      const out = { note: await text('/note'), hits: await text('/hits'), info: await text('/x') };
      await server.close();
      return out;
    },
    { manifest: MANIFEST, bridge },
  );
  expect(after.note).toBe('note first\n');
  expect(after.hits).toBe(`hits ${requests}\n`);
  expect(after.info).toContain('variable greeting=hi, world\n');
});

test('through a Service Worker: fetch() in the page reaches the app, and its data survives a reload', async ({ page, bridge }) => {
  page.on('pageerror', (e) => console.error('pageerror:', e.message));
  const serveAndFetch = (paths: string[]) =>
    page.evaluate(
      async ({ manifest, bridge, paths }) => {
        const w = window as any;
        const registration = await navigator.serviceWorker.register(w.swUrl, { type: 'module', scope: '/' });
        if (!navigator.serviceWorker.controller) {
          await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
        }
        const server = await w.wasi.serve(manifest, { bridge });
        const stop = await w.wasi.answerServiceWorker(server);
        const out = [];
        for (const path of paths) {
          const r = await fetch(path);
          out.push(`${r.status} ${await r.text()}`);
        }
        stop();
        await server.close();
        void registration;
        return out;
      },
      { manifest: MANIFEST, bridge, paths },
    );
  await page.goto('/e2e/sw-page.html');
  await page.waitForFunction(() => (window as any).harnessReady === true);
  expect(await serveAndFetch(['/spin/note?from-sw', '/spin/note'])).toEqual(['200 saved\n', '200 note from-sw\n']);
  await page.reload();
  await page.waitForFunction(() => (window as any).harnessReady === true);
  const [info, note] = await serveAndFetch(['/spin/info', '/spin/note']);
  expect(info).toContain('spin-path-info: /spin/info\n');
  expect(note).toBe('200 note from-sw\n');
});

test('a componentize-js component (JavaScript over wasi:keyvalue atomics, spin key-value and variables) in a Spin app', async ({ harness, bridge }) => {
  const requests = 8;
  const out = await harness.evaluate(
    async ({ bridge, requests }) => {
      const wasi = (window as any).wasi;
      const server = await wasi.serve('/guests/js-app/spin.toml', { bridge, workers: bridge === 'atomics' ? 2 : 1 });
      const text = async (path: string) => (await server.fetch(path)).text();
      const counts = await Promise.all(Array.from({ length: requests }, () => text('/js/count')));
      const out = { counts, greet: await text('/js/greet?from%20js'), again: await text('/js/greet'), missing: await text('/js/other') };
      await server.close();
      return out;
    },
    { bridge, requests },
  );
  expect(new Set(out.counts).size).toBe(requests);
  expect(out.counts).toContain(`js hits ${requests}\n`);
  expect(out.greet).toBe('greeting hello from the manifest note from js\n');
  expect(out.again).toBe('greeting hello from the manifest note from js\n');
  expect(out.missing).toBe('no route\n');
});
