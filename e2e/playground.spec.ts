/**
 * The playground (demo/, built into the e2e build at /demo/): the first sample runs on open,
 * uploads and drops run, stdin is typed into the terminal, Stop stops, a bad file shows the
 * runtime's error. The page's logic is the same in both tiers: the file runs in the jspi project
 * only, and its first test opens the playground in the other tier too. Saves a screenshot for review (and, with UPDATE_DOCS=1, docs/playground.png).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Page, expect, test } from './fixtures.ts';

const guests = resolve(import.meta.dirname, 'guests/built');
/** What the terminal shows, a line per row. */
const screen = async (page: Page) => (await page.locator('#terminal .xterm-rows').innerText()).replace(/\u00a0/g, ' ');
/** Wait until the terminal shows `text`. */
const shows = (page: Page, text: string) => expect.poll(() => screen(page), { timeout: 15_000 }).toContain(text);

/** The last run {@link ended} saw end, per page: the next call waits for a later one. */
const seen = new WeakMap<Page, number>();

async function open(page: Page, bridge: string, sample?: string): Promise<void> {
  page.on('pageerror', (e) => console.error('pageerror:', e.message));
  seen.set(page, 0);
  await page.goto(`/demo/?bridge=${bridge}${sample ? `&sample=${sample}` : ''}`);
}

/**
 * Wait until a run after the last one this saw has ended in `state`. The page keeps the previous
 * run's end on show until the next run sets its own state, so the state alone could be the
 * previous run's; `data-run` (the run the state belongs to) changes with it.
 */
async function ended(page: Page, state: 'done' | 'error' | 'stopped'): Promise<void> {
  const after = seen.get(page) ?? 0;
  let run = 0;
  const now = async () => {
    const [number, shown] = await page.evaluate(() => [Number(document.body.dataset.run ?? 0), document.body.dataset.state]);
    run = number as number;
    return run > after ? shown : `run ${run}, not one after ${after}`;
  };
  await expect.poll(now, { timeout: 30_000, intervals: [100] }).toBe(state);
  seen.set(page, run);
}

test('opens with hello running, and shows tier, timings, cache and exit code', async ({ page, bridge }) => {
  await open(page, bridge);
  await ended(page, 'done');
  await shows(page, '$ hello');
  await shows(page, 'hello from wasi-browser');
  await shows(page, '[exit code 0]');
  await expect(page.locator('#stat-bridge')).toHaveText(bridge);
  await expect(page.locator('#stat-exit')).toHaveText('0');
  await expect(page.locator('#stat-cache')).toHaveText('miss');
  await expect(page.locator('#stat-transpile')).toHaveText(/^\d+\.\d ms$/);
  await expect(page.locator('#error')).toBeHidden();

  // Run again: the transpiled glue comes from the cache.
  await page.locator('#run').click();
  await expect(page.locator('#stat-cache')).toHaveText('hit');
  await ended(page, 'done');

  // This file runs in the jspi project only: the playground in the other tier.
  const other = bridge === 'jspi' ? 'atomics' : 'jspi';
  await open(page, other);
  await ended(page, 'done');
  await shows(page, 'hello from wasi-browser');
  await expect(page.locator('#stat-bridge')).toHaveText(other);
  await expect(page.locator('#stat-exit')).toHaveText('0');
});

test('a sample with edited args and env', async ({ page, bridge }) => {
  await open(page, bridge, 'args');
  await ended(page, 'done');
  await shows(page, 'cli\nargs\none\ntwo words');

  await page.locator('#sample').selectOption('env');
  await ended(page, 'done');
  await page.locator('#env').fill('COLOR=teal\nSHAPE=round  corner');
  await page.locator('#run').click();
  await ended(page, 'done');
  await shows(page, 'COLOR=teal\nSHAPE=round  corner');
});

test('stdin typed into the terminal reaches the guest', async ({ page, bridge }) => {
  await open(page, bridge, 'prompt');
  await shows(page, 'ready');
  await expect(page.locator('body')).toHaveAttribute('data-state', 'running');
  await page.locator('#terminal').click();
  await page.keyboard.type('hello there');
  await page.keyboard.press('Enter');
  await ended(page, 'done');
  await shows(page, 'got hello there');
  await expect(page.locator('#stat-exit')).toHaveText('0');

  // echo: lines go through as typed; Ctrl-D ends stdin and the guest exits.
  await page.locator('#sample').selectOption('echo');
  await expect(page.locator('body')).toHaveAttribute('data-state', 'running');
  await page.locator('#terminal').click();
  await page.keyboard.type('first line');
  await page.keyboard.press('Enter');
  await shows(page, 'first line\nfirst line');
  await page.keyboard.press('Control+D');
  await ended(page, 'done');
  await expect(page.locator('#stat-exit')).toHaveText('0');
});

test('an uploaded component and a dropped core module run', async ({ page, bridge }) => {
  await open(page, bridge);
  await ended(page, 'done');
  await page.locator('#file').setInputFiles(resolve(guests, 'cli.wasm'));
  await ended(page, 'done');
  await expect(page.locator('#stat-component')).toHaveText('cli.wasm');
  // args[0] only: the cli tool prints its usage to stderr and exits 2 (the preview1 adapter makes it 1).
  await shows(page, 'usage: cli');
  await expect(page.locator('#stat-exit')).toHaveText('1');
  await page.locator('#args').fill('cli args "from an upload"');
  await page.locator('#args').press('Enter');
  await ended(page, 'done');
  await shows(page, 'cli\nargs\nfrom an upload');

  // A dropped preview 1 core module runs as it is.
  const bytes = [...readFileSync(resolve(guests, 'core/hello.wasm'))];
  const drop = await page.evaluateHandle((bytes) => {
    const data = new DataTransfer();
    data.items.add(new File([new Uint8Array(bytes)], 'dropped.wasm', { type: 'application/wasm' }));
    return data;
  }, bytes);
  await page.dispatchEvent('#terminal', 'drop', { dataTransfer: drop });
  await expect(page.locator('#stat-component')).toHaveText('dropped.wasm');
  await ended(page, 'done');
  await shows(page, '$ dropped\nhello from wasi-browser');
  await expect(page.locator('#stat-cache')).toHaveText('none (core module)');
});

test('the preview 1 samples run as core modules: output, and a file in the mounted folder', async ({ page, bridge }) => {
  await open(page, bridge, encodeURIComponent('preview 1: hello'));
  await ended(page, 'done');
  await shows(page, '$ hello\nhello from wasi-browser\n[exit code 0]');
  await expect(page.locator('#stat-component')).toHaveText('sample: preview 1: hello');
  await expect(page.locator('#stat-transpile')).toHaveText('0.0 ms');
  await expect(page.locator('#stat-cache')).toHaveText('none (core module)');

  await page.locator('#sample').selectOption('preview 1: files');
  await ended(page, 'done');
  await page.locator('#args').fill('fs-ops write /p1.txt "from preview 1"');
  await page.locator('#args').press('Enter');
  await ended(page, 'done');
  await expect(page.locator('#stat-exit')).toHaveText('0');
  const list = page.locator('#files-list');
  await list.locator('li[data-name="p1.txt"] .entry').click();
  await expect(page.locator('#files-viewer')).toHaveText('from preview 1');
});

test('a bad file shows the runtime error', async ({ page, bridge }) => {
  await open(page, bridge);
  await ended(page, 'done');
  await page.locator('#file').setInputFiles(resolve(guests, 'bad/not-wasm.bin'));
  await ended(page, 'error');
  await expect(page.locator('#error')).toBeVisible();
  await expect(page.locator('#error')).toContainText('not WebAssembly');
  await shows(page, 'not WebAssembly');

  // A preview 1 core module runs; one that imports more than WASI preview 1 is refused, naming it.
  await page.locator('#file').setInputFiles(resolve(guests, 'bad/core-thread-spawn.wasm'));
  await ended(page, 'error');
  await expect(page.locator('#error')).toContainText('the core module imports wasi.thread-spawn');
});

test('Stop ends a guest blocked on stdin, and a new run works after it', async ({ page, bridge }) => {
  await open(page, bridge, 'prompt');
  await shows(page, 'ready');
  await expect(page.locator('body')).toHaveAttribute('data-state', 'running');
  await expect(page.locator('#stop')).toBeEnabled();
  await page.locator('#stop').click();
  await ended(page, 'stopped');
  await shows(page, '[stopped]');
  await expect(page.locator('#stop')).toBeDisabled();

  await page.locator('#sample').selectOption('hello');
  await ended(page, 'done');
  await shows(page, 'hello from wasi-browser');
});

test('the file explorer: upload, the guest reads it, writes one, download and delete', async ({ page, bridge }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await open(page, bridge);
  await ended(page, 'done');
  const list = page.locator('#files-list');

  await page.locator('#files-upload').setInputFiles({ name: 'upload.txt', mimeType: 'text/plain', buffer: Buffer.from('uploaded from the page\n') });
  await expect(list.locator('li[data-name="upload.txt"]')).toBeVisible();
  await list.locator('li[data-name="upload.txt"] .entry').click();
  await expect(page.locator('#files-viewer')).toHaveText('uploaded from the page\n');

  // The guest sees the mounted folder as /.
  await page.locator('#sample').selectOption('files: cat');
  await ended(page, 'done');
  await page.locator('#args').fill('fs-ops cat /upload.txt');
  await page.locator('#run').click();
  await ended(page, 'done');
  await shows(page, 'uploaded from the page');

  await page.locator('#sample').selectOption('files: write');
  await ended(page, 'done');
  await expect(page.locator('#stat-exit')).toHaveText('0');
  await expect(list.locator('li[data-name="note.txt"]')).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    list.locator('li[data-name="note.txt"] .download').click(),
  ]);
  expect(download.suggestedFilename()).toBe('note.txt');
  expect(readFileSync(await download.path()).toString()).toBe('written by a component');
  const [uploaded] = await Promise.all([
    page.waitForEvent('download'),
    list.locator('li[data-name="upload.txt"] .download').click(),
  ]);
  expect(uploaded.suggestedFilename()).toBe('upload.txt');
  expect(readFileSync(await uploaded.path()).toString()).toBe('uploaded from the page\n');

  await list.locator('li[data-name="upload.txt"] .delete').click();
  await expect(list.locator('li[data-name="upload.txt"]')).toHaveCount(0);
  await page.locator('#sample').selectOption('files: ls');
  await ended(page, 'done');
  await shows(page, '$ fs-ops ls /');
  expect(await screen(page)).toMatch(/\$ fs-ops ls \/\nnote\.txt\n/);

  // For review: saved in test-results/ and attached to the report; the README's picture with UPDATE_DOCS=1.
  const shot = await page.screenshot({ path: testInfo.outputPath('playground.png') });
  await testInfo.attach('playground', { path: testInfo.outputPath('playground.png'), contentType: 'image/png' });
  if (process.env.UPDATE_DOCS && bridge === 'jspi') {
    mkdirSync(resolve(import.meta.dirname, '../docs'), { recursive: true });
    writeFileSync(resolve(import.meta.dirname, '../docs/playground.png'), shot);
  }
});

test('HTTP: the client sample fetches the page; the proxy sample answers requests from the form', async ({ page, bridge }) => {
  await open(page, bridge, 'http: client');
  await ended(page, 'done');
  await shows(page, 'status 200');
  await expect(page.locator('#stat-exit')).toHaveText('0');

  await page.locator('#sample').selectOption('http: proxy');
  await expect(page.locator('body')).toHaveAttribute('data-state', 'serving', { timeout: 30_000 });
  await expect(page.locator('#proxy')).toBeVisible();
  await page.locator('#proxy-send').click();
  await shows(page, '> GET /hello');
  await shows(page, 'hello from a component');
  await shows(page, '< x-handler: c');

  await page.locator('#proxy-method').selectOption('POST');
  await page.locator('#proxy-path').fill('/echo');
  await page.locator('#proxy-body').fill('ping from the form');
  await page.locator('#proxy-send').click();
  await shows(page, '< x-method: POST');
  await shows(page, 'ping from the form');

  await page.locator('#stop').click();
  await ended(page, 'stopped');
  await expect(page.locator('#proxy')).toBeHidden();
});
