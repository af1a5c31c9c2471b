// Where is a Chromium to run pages in? Used by the CLI, the Playwright config and the benchmark.
import { existsSync, statSync } from 'node:fs';

const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

const HOW_TO_GET_ONE =
  'Install one: `sudo apt-get install chromium` (Debian/Ubuntu), or `npx playwright install chromium`, ' +
  'or point WASI_BROWSER_CHROMIUM (or --browser) at a Chromium/Chrome executable.';

/** The flags this project runs headless Chromium with (the machine's network is closed). */
export const chromiumArgs = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

function checkExecutable(path, source) {
  if (!existsSync(path)) throw new Error(`${source} is ${path}, which does not exist. ${HOW_TO_GET_ONE}`);
  if (statSync(path).isDirectory()) throw new Error(`${source} is ${path}, which is a folder, not an executable. ${HOW_TO_GET_ONE}`);
  return path;
}

/**
 * The path of a Chromium executable, or throw saying how to get one. In order: `explicit`
 * (the CLI's --browser), WASI_BROWSER_CHROMIUM, a Playwright-installed Chromium, the system's.
 */
export async function findChromium(explicit) {
  if (explicit) return checkExecutable(explicit, '--browser');
  const fromEnv = process.env.WASI_BROWSER_CHROMIUM;
  if (fromEnv) return checkExecutable(fromEnv, 'WASI_BROWSER_CHROMIUM');
  try {
    const { chromium } = await import('playwright-core');
    const installed = chromium.executablePath();
    if (installed && existsSync(installed)) return installed;
  } catch {}
  for (const path of candidates) if (existsSync(path)) return path;
  throw new Error(`No Chromium found. ${HOW_TO_GET_ONE}`);
}
