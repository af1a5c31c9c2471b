/**
 * The library as people get it: `npm run build` (dist/), the IIFE in a plain page (the script-tag
 * example), the ESM build imported by a module script, and the self-hosting options.
 * The library is built once into the e2e build dir, laid out as the repository is, so the example
 * pages run unchanged. The file runs in the jspi project only (playwright.config.ts): where a tier
 * shows (the IIFE's OPFS helper, an isolated page), a test runs the other tier itself.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { expect, test } from './fixtures.ts';

const root = resolve(import.meta.dirname, '..');
const served = resolve(root, process.env.E2E_OUT ?? 'dist-e2e');

/** Build the library into `<served>/<dir>/dist` beside copies of the examples and guests. */
export function buildLibrary(dir: string): string {
  const base = join(served, dir);
  rmSync(base, { recursive: true, force: true });
  mkdirSync(base, { recursive: true });
  execFileSync(process.execPath, [join(root, 'lib/build.mjs')], {
    cwd: root,
    env: { ...process.env, LIB_OUT: join(base, 'dist') },
    stdio: 'pipe',
  });
  cpSync(join(root, 'package.json'), join(base, 'package.json'));
  cpSync(join(root, 'examples/script-tag'), join(base, 'examples/script-tag'), { recursive: true });
  cpSync(join(root, 'e2e/guests/built'), join(base, 'e2e/guests/built'), { recursive: true });
  // A site that cannot send headers: the service worker copied to its root, loaded first.
  cpSync(join(base, 'dist/coi-service-worker.js'), join(base, 'coi-service-worker.js'));
  writeFileSync(
    join(base, 'coi.html'),
    '<!doctype html>\n<meta charset="utf-8">\n<script src="coi-service-worker.js"></script>\n' +
      '<script src="dist/wasi-browser.iife.js"></script>\n<p>cross-origin isolation by a service worker</p>\n',
  );
  return `/${dir}`;
}

test.describe.configure({ mode: 'default' });

/**
 * Build examples/vite-spa with its own vite.config.js into `<served>/<dir>/vite-spa`, with
 * `wasi-browser` resolved to the package built by {@link buildLibrary} (package.json + dist/), as
 * the example's `file:../..` dependency would after `npm install`.
 */
async function buildViteSpa(dir: string): Promise<void> {
  const example = join(root, 'examples/vite-spa');
  await build({
    root: example,
    configFile: join(example, 'vite.config.js'),
    base: `/${dir}/vite-spa/`,
    logLevel: 'error',
    resolve: { alias: { 'wasi-browser': join(served, dir) } },
    build: { outDir: join(served, dir, 'vite-spa'), emptyOutDir: true },
  });
}

let base: string;
test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(150_000);
  base = buildLibrary(`ship-${testInfo.project.name}`);
  await buildViteSpa(`ship-${testInfo.project.name}`);
});

test('the script-tag example runs cli.wasm through the IIFE, transpiling on the first visit only', async ({ page, bridge }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  page.on('pageerror', (e) => console.error('pageerror:', e.message));

  await page.goto(`${base}/examples/script-tag/index.html`);
  await expect(page.locator('#status')).toHaveAttribute('data-exit-code', '0', { timeout: 30_000 });
  await expect(page.locator('#output')).toHaveText('cli\nargs\nhello\nfrom a script tag\n');
  await expect(page.locator('#status')).toContainText('transpiled');
  // The worker is inlined; the transpiler and its wasm came from beside the script.
  const scripts = requests.filter((p) => p.endsWith('.js'));
  expect(scripts.sort()).toEqual([`${base}/dist/transpiler.js`, `${base}/dist/wasi-browser.iife.js`]);
  expect(requests).toContain(`${base}/dist/js-component-bindgen-component.core.wasm`);

  // Second visit: the transpiled glue is in IndexedDB, so neither the transpiler nor its wasm is fetched.
  requests.length = 0;
  await page.reload();
  await expect(page.locator('#status')).toHaveAttribute('data-exit-code', '0', { timeout: 30_000 });
  await expect(page.locator('#status')).toContainText('cached');
  expect(requests.filter((p) => p.includes('transpiler') || p.includes('bindgen'))).toEqual([]);

  // The same global in this project's tier (Atomics needs the isolation the server gives).
  const result = await page.evaluate(async (bridge) => {
    const w = (window as any).WasiBrowser;
    const r = await w.run('../../e2e/guests/built/hello.wasm', { bridge });
    return { exitCode: r.exitCode, stdout: new TextDecoder().decode(r.stdout), bridge: r.bridge, api: Object.keys(w).sort() };
  }, bridge);
  expect(result).toEqual({
    exitCode: 0,
    stdout: 'hello from wasi-browser\n',
    bridge,
    api: expect.arrayContaining(['chooseBridge', 'clearCache', 'hasJspi', 'instantiate', 'isIsolated', 'run']),
  });
});

test('the IIFE reports a transpilerUrl that does not load, naming it', async ({ page, bridge }) => {
  await page.goto(`${base}/examples/script-tag/index.html`);
  await expect(page.locator('#status')).toHaveAttribute('data-exit-code', '0', { timeout: 30_000 });
  const error = await page.evaluate(async (bridge) => {
    const w = (window as any).WasiBrowser;
    await w.clearCache();
    try {
      await w.run('../../e2e/guests/built/hello.wasm', { bridge, transpilerUrl: '/nowhere/transpiler.js' });
      return 'resolved';
    } catch (e: any) {
      return e.message;
    }
  }, bridge);
  expect(error).toContain('could not load the transpiler from http://127.0.0.1:');
  expect(error).toContain('/nowhere/transpiler.js');
});

test('the IIFE run where its script URL cannot be told: cached runs work, a transpile asks for transpilerUrl', async ({ page, bridge }) => {
  await page.goto(`${base}/examples/script-tag/index.html`);
  await expect(page.locator('#status')).toHaveAttribute('data-exit-code', '0', { timeout: 30_000 });
  const result = await page.evaluate(
    async ({ base, bridge }) => {
      const hello = `${base}/e2e/guests/built/hello.wasm`;
      const text = new TextDecoder();
      await (window as any).WasiBrowser.run(hello, { bridge }); // cached by the script-tag copy
      // Evaluated rather than loaded by <script src>: document.currentScript is null as it starts.
      const source = await (await fetch(`${base}/dist/wasi-browser.iife.js`)).text();
      const w = new Function(`${source}\nreturn WasiBrowser;`)();
      const cached = await w.run(hello, { bridge });
      await w.clearCache();
      const refused = await w.run(hello, { bridge }).then(
        () => 'resolved',
        (e: Error) => e.message,
      );
      const given = await w.run(hello, { bridge, transpilerUrl: `${base}/dist/transpiler.js` });
      return { cached: [cached.exitCode, cached.timings.cached, text.decode(cached.stdout)], refused, given: [given.exitCode, given.timings.cached] };
    },
    { base, bridge },
  );
  expect(result.cached).toEqual([0, true, 'hello from wasi-browser\n']);
  expect(result.refused).toContain('cannot find transpiler.js: pass options.transpilerUrl');
  expect(result.given).toEqual([0, false]);
});

test('the IIFE mounts OPFS in both tiers (in the Atomics tier through its inlined helper worker)', async ({ page }) => {
  await page.goto(`${base}/examples/script-tag/index.html`);
  await expect(page.locator('#status')).toHaveAttribute('data-exit-code', '0', { timeout: 30_000 });
  for (const bridge of ['jspi', 'atomics']) {
    const result = await page.evaluate(async (bridge) => {
      const w = (window as any).WasiBrowser;
      const mounts = { '/': { kind: 'opfs', path: `iife-${bridge}` } };
      const text = `via the iife, ${bridge}`;
      const wrote = await w.run('../../e2e/guests/built/fs-ops.wasm', { bridge, mounts, args: ['fs-ops', 'write', '/x.txt', text] });
      const read = await w.run('../../e2e/guests/built/fs-ops.wasm', { bridge, mounts, args: ['fs-ops', 'cat', '/x.txt'] });
      return [wrote.exitCode, read.exitCode, read.bridge, new TextDecoder().decode(read.stdout), await w.readFile(`iife-${bridge}/x.txt`, 'utf8')];
    }, bridge);
    expect(result).toEqual([0, 0, bridge, `via the iife, ${bridge}`, `via the iife, ${bridge}`]);
  }
});

test('the ESM build runs from a module script, and with a self-hosted workerUrl', async ({ page, bridge }) => {
  await page.goto(`${base}/examples/script-tag/index.html`);
  const result = await page.evaluate(
    async ({ base, bridge }) => {
      const { run, instantiate } = await import(`${base}/dist/index.js`);
      const text = new TextDecoder();
      const a = await run(`${base}/e2e/guests/built/cli.wasm`, { bridge, args: ['cli', 'args', 'esm'] });
      const b = await run(`${base}/e2e/guests/built/hello.wasm`, { bridge, workerUrl: `${base}/dist/worker.js` });
      const calc = await instantiate(`${base}/e2e/guests/built/calc.wasm`, { bridge });
      const names = Object.keys(calc.exports);
      await calc.close();
      return { a: [a.exitCode, text.decode(a.stdout)], b: [b.exitCode, text.decode(b.stdout)], names };
    },
    { base, bridge },
  );
  expect(result.a).toEqual([0, 'cli\nargs\nesm\n']);
  expect(result.b).toEqual([0, 'hello from wasi-browser\n']);
  expect(result.names.length).toBeGreaterThan(0);
});

test('the Vite SPA example, built by Vite from the package, runs a command and a library', async ({ page, bridge }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  page.on('pageerror', (e) => console.error('pageerror:', e.message));
  await page.goto(`${base}/vite-spa/?bridge=${bridge}`);
  await expect(page.locator('#status')).toHaveAttribute('data-exit-code', '0', { timeout: 30_000 });
  await expect(page.locator('#status')).toHaveText(`exit code 0, bridge ${bridge}`);
  await expect(page.locator('#stdout')).toHaveText('cli\nargs\nhello\nfrom vite\n');
  // The library is instantiated (a transpile of its own) only after the command ends: as long again.
  await expect(page.locator('#calc')).toHaveText('add(2, 40) = 42; hello, vite', { timeout: 30_000 });
  // The app's own build emitted the worker and the transpiler: nothing came from the package's dist/.
  expect(requests.some((p) => /\/vite-spa\/assets\/worker-[\w-]+\.js$/.test(p))).toBe(true);
  expect(requests.some((p) => /\/vite-spa\/assets\/transpiler-[\w-]+\.js$/.test(p))).toBe(true);
  expect(requests.filter((p) => p.includes('/dist/'))).toEqual([]);
});

test('coi-service-worker.js makes a page served without COOP/COEP isolated, and the Atomics tier runs there', async ({ page }) => {
  const bridge = 'atomics';
  page.on('pageerror', (e) => console.error('pageerror:', e.message));
  // `no-isolation`: the test server sends no COOP/COEP, as GitHub Pages would not.
  await page.goto(`${base}/examples/script-tag/index.html?no-isolation`);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);

  await page.goto(`${base}/coi.html?no-isolation`);
  // The script registers the service worker, which takes control; the page reloads once, isolated.
  const ready = () => page.evaluate(() => crossOriginIsolated && 'WasiBrowser' in window).catch(() => false);
  await expect.poll(ready, { timeout: 20_000 }).toBe(true);
  const result = await page.evaluate(async (bridge) => {
    const w = (window as any).WasiBrowser;
    const r = await w.run('e2e/guests/built/hello.wasm', { bridge });
    return { exitCode: r.exitCode, stdout: new TextDecoder().decode(r.stdout), bridge: r.bridge, controlled: !!navigator.serviceWorker.controller };
  }, bridge);
  expect(result).toEqual({ exitCode: 0, stdout: 'hello from wasi-browser\n', bridge, controlled: true });
});
