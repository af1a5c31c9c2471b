// The `wasi-browser` command line as a child process: shared by cli.spec.ts (once per bridge
// tier) and cli-errors.spec.ts (tier-independent, jspi project only).
import { execFileSync, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { test } from './fixtures.ts';

export const root = join(import.meta.dirname, '..');
const bin = join(root, 'bin/wasi-browser.mjs');
export const guest = (name: string) => join(root, 'e2e/guests/built', name);

/** The library build the CLI serves (as `npm run build` makes it), set by useLibraryBuild(). */
let dist: string;

/** Build the library once per test worker, before the file's tests. */
export function useLibraryBuild(): void {
  test.beforeAll(async ({}, testInfo) => {
    testInfo.setTimeout(120_000);
    // One per worker: a worker's beforeAll must not rebuild what another worker's CLI is serving.
    dist = resolve(root, process.env.E2E_OUT ?? 'dist-e2e', `cli-${testInfo.project.name}-${testInfo.workerIndex}`, 'dist');
    rmSync(dist, { recursive: true, force: true });
    execFileSync(process.execPath, [join(root, 'lib/build.mjs')], {
      cwd: root,
      env: { ...process.env, LIB_OUT: dist },
      stdio: 'pipe',
    });
  });
}

export interface Cli {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Start the CLI with `args`, serving the library build; its stdin stays open. */
export function start(args: string[], env: Record<string, string> = {}): ReturnType<typeof spawn> {
  return spawn(process.execPath, [bin, ...args], { cwd: root, env: { ...process.env, WASI_BROWSER_DIST: dist, ...env } });
}

/** Run the CLI to its end; `stdin` is piped in and closed (absent: closed at once). */
export function cli(args: string[], options: { stdin?: string | Buffer; env?: Record<string, string> } = {}): Promise<Cli> {
  const child = start(args, options.env);
  child.stdin!.end(options.stdin ?? '');
  return collect(child);
}

/** Resolve once `child` has written `marker` to `stream`; reject, saying `before`, if it ends first. */
export function waitForOutput(child: ReturnType<typeof spawn>, stream: 'stdout' | 'stderr', marker: string, before: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let seen = '';
    child[stream]!.on('data', (d: Buffer) => {
      seen += d.toString();
      if (seen.includes(marker)) resolve();
    });
    child.on('close', () => reject(new Error(`${before}: ${seen}`)));
  });
}

export function collect(child: ReturnType<typeof spawn>): Promise<Cli> {
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));
  return port;
}
