import { defineConfig } from '@playwright/test';
// @ts-ignore: a plain .mjs helper shared with the benchmark and the CLI
import { chromiumArgs, findChromium } from './e2e/chromium.mjs';

const executablePath = await findChromium();
const PORT = Number(process.env.E2E_PORT ?? 4173);

export type Options = { bridge: 'jspi' | 'atomics' };

export default defineConfig<Options>({
  timeout: 90_000,
  // A locator waits for a run to show its result, which on a busy 2-core machine can take seconds
  // (a transpile, a worker start): waiting longer costs a passing test nothing.
  expect: { timeout: 20_000 },
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    launchOptions: { executablePath, args: chromiumArgs },
    // The wasi:http tests' HTTPS servers (e2e/http-server.mjs) use a self-signed certificate.
    ignoreHTTPSErrors: true,
  },
  webServer: {
    command: `node e2e/server.mjs`,
    env: { PORT: String(PORT) },
    url: `http://127.0.0.1:${PORT}/e2e/harness.html`,
    reuseExistingServer: !process.env.CI,
  },
  projects: [
    { name: 'unit', testDir: 'test', testMatch: '**/*.test.ts' },
    { name: 'jspi', testDir: 'e2e', testMatch: '**/*.spec.ts', use: { bridge: 'jspi' } },
    // What the tier makes no difference to runs once, in the jspi project: whole files listed here
    // (errors refused before a guest runs, import types checked before instantiating, a Spin manifest's errors, the --dir write-back and the CLI's profile, the
    // playground's and the packages' pages, which test both tiers where a tier shows), and single
    // tests tagged ONCE (e2e/fixtures.ts).
    {
      name: 'atomics',
      testDir: 'e2e',
      testMatch: '**/*.spec.ts',
      testIgnore: ['**/cli-errors.spec.ts', '**/cli-dirs.spec.ts', '**/playground.spec.ts', '**/ship.spec.ts', '**/demo-server.spec.ts', '**/import-check.spec.ts', '**/spin-manifest.spec.ts'],
      grepInvert: /@once/,
      use: { bridge: 'atomics' },
    },
  ],
});
