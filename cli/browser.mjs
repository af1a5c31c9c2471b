// Start headless Chromium on the page that holds wasi-browser.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumArgs, findChromium } from './chromium.mjs';
import { CliError } from './errors.mjs';
import { LIBRARY, PAGE } from './page.mjs';
import { startPageServer } from './server.mjs';

/**
 * Serve the page (and `component`), launch Chromium, open the page and wait for `window.wasi`.
 * Resolves with the Playwright page, the origin, and close(); throws a CliError a user can act on.
 */
export async function openPage({ browser: explicit, component, debug }) {
  let executablePath;
  try {
    executablePath = await findChromium(explicit);
  } catch (e) {
    throw new CliError(e.message);
  }
  if (!existsSync(join(LIBRARY.root, LIBRARY.entry))) {
    throw new CliError(`the wasi-browser library is not built (${join(LIBRARY.root, LIBRARY.entry)} is missing): run \`${LIBRARY.build}\``);
  }
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    throw new CliError('playwright-core is not installed: run `npm install playwright-core`');
  }
  const server = await startPageServer({ root: LIBRARY.root, component });
  let browser;
  try {
    browser = await chromium.launch({
      executablePath,
      args: chromiumArgs,
      headless: true,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (e) {
    await server.close();
    const reason = String(e.message).split('\n').find((line) => line.trim()) ?? String(e);
    throw new CliError(`could not start Chromium at ${executablePath} (is it a Chromium or Chrome executable?): ${reason}`);
  }
  const close = async () => {
    await browser.close().catch(() => {});
    await server.close();
  };
  // What went wrong while the page loaded, to say why if it never becomes ready.
  const problems = [];
  try {
    const page = await browser.newPage();
    // An error in the page's script means it will never be ready: stop waiting.
    let failed;
    const failure = new Promise((_, reject) => (failed = reject));
    failure.catch(() => {});
    page.on('pageerror', (e) => {
      problems.push(e.message);
      failed(e);
    });
    page.on('response', (r) => r.status() >= 400 && problems.push(`${r.url()}: HTTP ${r.status()}`));
    if (debug) {
      page.on('console', (m) => process.stderr.write(`[page ${m.type()}] ${m.text()}\n`));
      page.on('pageerror', (e) => process.stderr.write(`[page error] ${e.message}\n`));
    }
    await page.goto(server.origin + PAGE.path);
    await Promise.race([page.waitForFunction(() => window.wasiReady === true, undefined, { timeout: 60_000 }), failure]);
    return { page, origin: server.origin, close };
  } catch (e) {
    await close();
    const why = problems.length > 0 ? problems.join('; ') : e.message.split('\n')[0];
    throw new CliError(`the wasi-browser page did not load in Chromium: ${why}`);
  }
}
