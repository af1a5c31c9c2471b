/**
 * `npm run demo` itself: the Vite dev server (vite.config.ts), not the e2e build. `/` opens the
 * playground, every response carries COOP/COEP, and the first sample runs with no further step.
 * The tier makes no difference to the server: it runs in the jspi project only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort } from './cli.ts';
import { expect, test } from './fixtures.ts';

const root = resolve(import.meta.dirname, '..');
let server: ChildProcess;
let origin: string;

test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(60_000);
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  // What `npm run demo` runs (`vite`), on a port of its own.
  server = spawn(process.execPath, [resolve(root, 'node_modules/vite/bin/vite.js'), '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1' },
  });
  await new Promise<void>((ready, fail) => {
    let seen = '';
    server.stdout!.on('data', (d: Buffer) => {
      seen += d.toString();
      if (seen.includes(origin)) ready();
    });
    server.stderr!.on('data', (d: Buffer) => (seen += d.toString()));
    server.on('exit', (code) => fail(new Error(`npm run demo ended (${code}): ${seen}`)));
  });
});

test.afterAll(() => {
  server?.kill();
});

test('npm run demo: / opens the playground, cross-origin isolated, and its first sample runs', async ({ page, bridge }) => {
  const root = await fetch(`${origin}/`, { redirect: 'manual' });
  expect(root.status).toBe(302);
  expect(root.headers.get('location')).toBe('/demo/');
  const html = await fetch(`${origin}/demo/`);
  expect(html.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  expect(html.headers.get('cross-origin-embedder-policy')).toBe('require-corp');

  page.on('pageerror', (e) => console.error('pageerror:', e.message));
  await page.goto(`${origin}/?bridge=${bridge}`);
  await expect(page).toHaveURL(`${origin}/demo/?bridge=${bridge}`);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  // The dev server transforms the worker and the transpiler on first use: allow it time.
  await expect(page.locator('body')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(page.locator('#stat-exit')).toHaveText('0');
  await expect(page.locator('#stat-bridge')).toHaveText(bridge);
  await expect.poll(() => page.locator('#terminal .xterm-rows').innerText(), { timeout: 10_000 }).toContain('hello from wasi-browser');
});
