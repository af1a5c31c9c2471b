#!/usr/bin/env node
// `npm run bench` (after `vite build --mode e2e`): drives Chromium through every row module in
// bench/rows/*.mjs, prints the table and writes the JSON. See bench/README.md.
//
//   node bench/run.mjs [--iterations N] [--out FILE] [--strict] [NAME...]
//
// --strict: exit 1 when a row misses its target (by default the table says so, exit 0).
// NAME picks row modules by file name (e.g. `startup`). Env: E2E_OUT (the build dir, default
// dist-e2e), E2E_PORT (default: any free port), WASI_BROWSER_CHROMIUM (see e2e/chromium.mjs).
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { chromiumArgs, findChromium } from '../e2e/chromium.mjs';
import { startServer } from '../e2e/server.mjs';
import { summarize, table, within } from './lib.mjs';

const root = resolve(import.meta.dirname, '..');
const { values: flags, positionals: names } = parseArgs({
  allowPositionals: true,
  options: {
    iterations: { type: 'string', default: '7' },
    out: { type: 'string', default: join(root, 'bench-results/latest.json') },
    strict: { type: 'boolean', default: false },
  },
});
const iterations = Number(flags.iterations);
if (!Number.isInteger(iterations) || iterations < 1) throw new Error('--iterations must be a positive integer');

const buildDir = process.env.E2E_OUT ?? join(root, 'dist-e2e');
const pagePath = '/bench/pages/bench.html';
if (!existsSync(join(buildDir, pagePath))) {
  throw new Error(`${join(buildDir, pagePath)} is missing: build first (npx vite build --mode e2e, with the same E2E_OUT)`);
}
const component = '/guests/hello.wasm';
if (!existsSync(join(root, 'e2e/guests/built/hello.wasm'))) {
  throw new Error('e2e/guests/built/hello.wasm is missing: build the test guests (npm run guests)');
}

const rowsDir = join(import.meta.dirname, 'rows');
const files = (await readdir(rowsDir)).filter((f) => f.endsWith('.mjs')).sort();
const picked = names.length ? files.filter((f) => names.includes(f.replace(/\.mjs$/, ''))) : files;
if (picked.length === 0) throw new Error(`no row module matches ${names.join(', ')}; there are: ${files.join(', ')}`);

const server = await startServer(Number(process.env.E2E_PORT ?? 0));
const executablePath = await findChromium();
const browser = await chromium.launch({ executablePath, args: chromiumArgs, headless: true });
const browserVersion = browser.version();

/**
 * What every row module's measure() gets.
 * @typedef {object} BenchContext
 * @property {import('playwright-core').Browser} browser
 *   a browser for what needs no storage (its contexts are incognito: OPFS there is in memory and
 *   ~50x slower, so measure storage in newContext())
 * @property {() => Promise<import('playwright-core').BrowserContext>} newContext
 *   a context with a new, empty profile on disk, as a user's browser has (its own browser process)
 * @property {string} origin         the server's origin (COOP/COEP on every response)
 * @property {number} iterations     samples to take per column (after one untimed warm-up round)
 * @property {string} component      the hello component's URL path, '/guests/hello.wasm'
 * @property {(context: import('playwright-core').BrowserContext) => Promise<import('playwright-core').Page>} openPage
 *   a new page in `context` at the benchmark page, ready (`window.bench` is there)
 * @property {(page: import('playwright-core').Page, method: string, ...args: unknown[]) => Promise<any>} call
 *   call `window.bench[method](...args)` in the page (60 s at most)
 * @property {(context: import('playwright-core').BrowserContext | undefined, method: string, ...args: unknown[]) => Promise<any>} callInNewPage
 *   the same in a new page of `context` (a newContext() when undefined), closed afterwards
 * @property {(message: string) => void} log
 */
/** @type {BenchContext} */
const ctx = {
  browser,
  origin: server.origin,
  iterations,
  component,
  async newContext() {
    const dir = await mkdtemp(join(tmpdir(), 'wasi-browser-bench-'));
    const context = await chromium.launchPersistentContext(dir, { executablePath, args: chromiumArgs, headless: true });
    // Chromium may still be writing the profile as the context closes: retry, and never fail the run.
    context.on('close', () => void rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }).catch(() => {}));
    return context;
  },
  async openPage(context) {
    const page = await context.newPage();
    // Each message once, and how often it came when the page closes (the shim's OPFS adapter can
    // raise the same one thousands of times).
    const seen = new Map();
    page.on('pageerror', (e) => {
      const n = (seen.get(e.message) ?? 0) + 1;
      seen.set(e.message, n);
      if (n === 1) console.error(`  pageerror: ${e.message}`);
    });
    page.on('close', () => {
      for (const [message, n] of seen) if (n > 1) console.error(`  pageerror (${n} times in all): ${message}`);
    });
    await page.goto(server.origin + pagePath);
    await page.waitForFunction(() => window.benchReady === true, undefined, { timeout: 30_000 });
    return page;
  },
  call(page, method, ...args) {
    return within(60_000, `bench.${method}()`, page.evaluate(({ method, args }) => window.bench[method](...args), { method, args }));
  },
  async callInNewPage(context, method, ...args) {
    const own = !context;
    context ??= await ctx.newContext();
    const page = await ctx.openPage(context);
    try {
      return await ctx.call(page, method, ...args);
    } finally {
      await page.close();
      if (own) await context.close();
    }
  },
  log(message) {
    console.log(`  ${message}`);
  },
};

const summaries = [];
const started = Date.now();
try {
  for (const file of picked) {
    console.log(`${file}:`);
    const module = await import(join(rowsDir, file));
    const t0 = Date.now();
    const rows = await module.measure(ctx);
    console.log(`  ${rows.length} rows in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    summaries.push(...rows.map(summarize));
  }
} finally {
  await browser.close().catch(() => {});
  await server.close();
}

console.log(`\n${table(summaries)}\n`);
const report = {
  date: new Date().toISOString(),
  seconds: (Date.now() - started) / 1000,
  chromium: browserVersion,
  node: process.version,
  cpus: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown'}`,
  iterations,
  rows: summaries,
};
await mkdir(dirname(flags.out), { recursive: true });
await writeFile(flags.out, `${JSON.stringify(report, null, 2)}\n`);
console.log(`wrote ${flags.out} (${report.seconds.toFixed(0)} s)`);
const judged = summaries.filter((s) => s.met !== undefined);
const missed = judged.filter((s) => !s.met);
console.log(`targets met: ${judged.length - missed.length}/${judged.length}${missed.length ? ` (missed: ${missed.map((s) => s.row).join(', ')})` : ''}`);
if (flags.strict && missed.length) process.exitCode = 1;
