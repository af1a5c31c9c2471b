// Start headless Chromium on the page that holds wasi-browser, in a fresh on-disk profile.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumArgs, findChromium } from './chromium.mjs';
import { CliError } from './errors.mjs';
import { OWNER, isStale } from './leftovers.mjs';
import { LIBRARY, PAGE } from './page.mjs';
import { startPageServer } from './server.mjs';

/** A profile folder: `wasi-browser-profile-<owner>-XXXXXX` in the temp folder. */
const PROFILE = /^wasi-browser-profile-(.+)-[A-Za-z0-9]{6}$/;

/**
 * A fresh profile folder for Chromium. A profile on disk, not an incognito context: there
 * Chromium keeps OPFS in memory (a 2 GB file fails at ~1.4 GB, file data is ~50x slower).
 * Profiles left by CLIs that were killed outright (no chance to remove theirs) go first.
 */
async function makeProfile() {
  const base = tmpdir();
  const names = await readdir(base).catch(() => []);
  for (const name of names) {
    const owner = PROFILE.exec(name)?.[1];
    if (owner && isStale(owner)) await rm(join(base, name), { recursive: true, force: true }).catch(() => {});
  }
  return mkdtemp(join(base, `wasi-browser-profile-${OWNER}-`));
}

/** Remove a profile folder; Chromium may still be finishing its writes there, so retry. */
function removeProfile(dir) {
  return rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }).catch(() => {});
}

/**
 * Serve the page (and `component`, or the Spin app folder `app`), launch Chromium, open the page and wait for `window.wasi`.
 * Resolves with the Playwright page, the origin, and close() (which also removes the profile);
 * throws a CliError a user can act on.
 */
export async function openPage({ browser: explicit, component, app, debug }) {
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
  const server = await startPageServer({ root: LIBRARY.root, component, app });
  let profile;
  try {
    profile = await makeProfile();
  } catch (e) {
    await server.close();
    throw new CliError(`could not make a browser profile folder in ${tmpdir()}: ${e.message}`);
  }
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      args: chromiumArgs,
      headless: true,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (e) {
    await server.close();
    await removeProfile(profile);
    const reason = String(e.message).split('\n').find((line) => line.trim()) ?? String(e);
    throw new CliError(`could not start Chromium at ${executablePath} (is it a Chromium or Chrome executable?): ${reason}`);
  }
  const close = async () => {
    await context.close().catch(() => {});
    await server.close();
    await removeProfile(profile);
  };
  // What went wrong while the page loaded, to say why if it never becomes ready.
  const problems = [];
  try {
    const page = context.pages()[0] ?? (await context.newPage());
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
