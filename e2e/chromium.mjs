// Where is a Chromium to test in? Used by the Playwright config, the benchmark and the CLI.
import { existsSync } from 'node:fs';

const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** The flags this project runs headless Chromium with (the machine's network is closed). */
export const chromiumArgs = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

/** The path of a Chromium executable, or throw saying how to get one. */
export async function findChromium() {
  const fromEnv = process.env.WASI_BROWSER_CHROMIUM;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`WASI_BROWSER_CHROMIUM is set to ${fromEnv}, which does not exist`);
  }
  try {
    const { chromium } = await import('playwright-core');
    const installed = chromium.executablePath();
    if (installed && existsSync(installed)) return installed;
  } catch {}
  for (const path of candidates) if (existsSync(path)) return path;
  throw new Error(
    'No Chromium found. Install one: `sudo apt-get install chromium` (Debian/Ubuntu), or ' +
      '`npx playwright install chromium`, or set WASI_BROWSER_CHROMIUM to a Chromium/Chrome executable.',
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    console.log(await findChromium());
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
