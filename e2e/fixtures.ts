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

/** What `run()` gave, with stdout/stderr decoded, or the error it rejected with. */
export interface RunReport {
  exitCode?: number;
  stdout?: string;
  stderr?: string;
  trap?: string;
  bridge?: string;
  cached?: boolean;
  error?: { name: string; message: string };
}

/**
 * Run a test guest (`/guests/<name>`) through the public `run()` in the page.
 * `stdin` as a string; anything fancier is written inline with page.evaluate.
 */
export async function runGuest(
  page: Page,
  name: string,
  options: { bridge: string; args?: string[]; env?: Record<string, string>; cwd?: string; stdin?: string },
): Promise<RunReport> {
  return page.evaluate(
    async ({ name, options }) => {
      const wasi = (window as any).wasi;
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
        };
      } catch (e: any) {
        return { error: { name: e?.name, message: e?.message ?? String(e) } };
      }
    },
    { name, options },
  );
}
