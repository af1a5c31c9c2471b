import { test as base, expect, type Page } from '@playwright/test';
import type { Options } from '../playwright.config.ts';

/**
 * `page` is the harness (cross-origin isolated) with `window.wasi` = the public API, and
 * `bridge` the tier this project runs the suite in.
 */
export const test = base.extend<Options & { harness: Page }>({
  bridge: ['jspi', { option: true }],
  harness: async ({ page }, use) => {
    page.on('pageerror', (e) => console.error('pageerror:', e.message));
    await page.goto('/e2e/harness.html');
    await page.waitForFunction(() => (window as any).harnessReady === true);
    await use(page);
  },
});

export { expect };
export type { Page };

/**
 * A test's details for one whose outcome cannot depend on the tier (what run() does is tested in
 * both): it runs in the jspi project only (`grepInvert` of the atomics project in
 * playwright.config.ts). Whole files of such tests are listed in its `testIgnore` instead.
 */
export const ONCE = { tag: '@once' };

/**
 * The two forms e2e/guests/build.sh builds the C command guests in (hello, cli, fs-ops, fs-bench,
 * dir-ops): a component (`built/X.wasm`, through jco's preview 1 adapter) and the same program as
 * a WASI preview 1 core module run as it is (`built/core/X.wasm`, worker/preview1/). A spec
 * loops over them so that one test answers for both faces.
 */
export const forms = [
  { name: 'component', dir: '' },
  { name: 'preview 1', dir: 'core/' },
] as const;
export type Form = (typeof forms)[number];

/** The URL of guest `name` (e.g. 'cli.wasm') in `form`. */
export function guestUrl(form: Form, name: string): string {
  return `/guests/${form.dir}${name}`;
}

/** What `run()` gave, with stdout/stderr decoded, or the error it rejected with (and after how long). */
export interface RunReport {
  exitCode?: number;
  stdout?: string;
  stderr?: string;
  trap?: string;
  bridge?: string;
  cached?: boolean;
  transpileMs?: number;
  error?: { name: string; message: string };
  ms?: number;
}

/**
 * Run a test guest (`/guests/<name>`) through the public `run()` in the page.
 * `stdin` as a string; anything fancier is written inline with page.evaluate.
 */
export async function runGuest(
  page: Page,
  name: string,
  options: { bridge: string; args?: string[]; env?: Record<string, string>; cwd?: string; stdin?: string; mounts?: object },
): Promise<RunReport> {
  return page.evaluate(
    async ({ name, options }) => {
      const wasi = (window as any).wasi;
      const t0 = performance.now();
      try {
        const r = await wasi.run(`/guests/${name}`, options);
        const text = new TextDecoder();
        return {
          exitCode: r.exitCode,
          stdout: text.decode(r.stdout),
          stderr: text.decode(r.stderr),
          trap: r.trap,
          bridge: r.bridge,
          cached: r.timings.cached,
          transpileMs: r.timings.transpileMs,
        };
      } catch (e: any) {
        return { error: { name: e?.name, message: e?.message ?? String(e) }, ms: performance.now() - t0 };
      }
    },
    { name, options },
  );
}

/** A run of a guest that counts its checks (fs-ops, p1-calls): every check held. */
export function expectPassed(r: RunReport): void {
  expect(r.error).toBeUndefined();
  expect(r.trap).toBeUndefined();
  expect(r.stdout).toMatch(/^checks \d+ failed 0\n$/m);
  expect(r.stdout).not.toContain('FAIL');
  expect(r.exitCode).toBe(0);
}
