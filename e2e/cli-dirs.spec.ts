// What `wasi-browser run` promises around the guest rather than inside it: a `--dir` write-back
// that is killed never tears a host file, one that would overwrite a host change refuses, and
// the page runs in a profile on disk (OPFS on disk, not in memory as in an incognito context).
// None of it depends on the tier, so it runs once, in the jspi project.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, collect, guest, start, useLibraryBuild, waitForOutput } from './cli.ts';
import { expect, test } from './fixtures.ts';

useLibraryBuild();

test.describe.configure({ timeout: 120_000 });

/** The files under `dir` (recursively) whose bytes contain `text`. */
function filesContaining(dir: string, text: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true }) as any[]) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath ?? entry.path, entry.name);
    try {
      if (readFileSync(path).includes(text)) found.push(path);
    } catch {}
  }
  return found;
}

test('--dir: a write-back killed before its rename leaves the host file old; the next run skips and removes the leftover, keeps the mode', async ({ bridge }) => {
  const host = mkdtempSync(join(tmpdir(), 'wasi-browser-cli-'));
  const file = join(host, 'a.txt');
  writeFileSync(file, 'old');
  chmodSync(file, 0o640);
  // The hook stops the write-back once the new version is whole in its temporary, before the rename.
  const child = start(['run', '--bridge', bridge, '--dir', `${host}::/d`, guest('dir-ops.wasm'), 'write', '/d/a.txt', 'new'], {
    WASI_BROWSER_PAUSE_WRITEBACK: '1',
  });
  child.stdin!.end();
  const done = collect(child);
  await waitForOutput(child, 'stderr', 'write-back paused before renaming', 'the CLI ended before its write-back paused');
  // Killed outright: no handler of the CLI runs.
  child.kill('SIGKILL');
  const killed = await done;
  expect(killed.code, killed.stderr).toBe(null);
  expect(readFileSync(file, 'utf8')).toBe('old');
  const names = readdirSync(host).sort();
  expect(names).toHaveLength(2);
  const [leftover] = names;
  expect(leftover).toMatch(/^\.wasi-browser-writeback\./);
  expect(readFileSync(join(host, leftover), 'utf8')).toBe('new');

  // Its CLI is gone: the next run does not show the guest the leftover, and removes it.
  const next = await cli(['run', '--bridge', bridge, '--dir', `${host}::/d`, guest('dir-ops.wasm'), 'ls', '/d', 'write', '/d/a.txt', 'newer']);
  expect(next.stdout).toBe('ls /d: a.txt\nwrote /d/a.txt\n');
  expect(next.stderr).toContain(`removed ${join(host, leftover)}, left by a write-back that was interrupted`);
  expect(next.code, next.stderr).toBe(0);
  expect(readdirSync(host)).toEqual(['a.txt']);
  expect(readFileSync(file, 'utf8')).toBe('newer');
  expect(statSync(file).mode & 0o777).toBe(0o640);
  rmSync(host, { recursive: true, force: true });
});

test('--dir: what changed on the host during the run is left as the host has it, named on stderr, exit 75', async ({ bridge }) => {
  const host = mkdtempSync(join(tmpdir(), 'wasi-browser-cli-'));
  mkdirSync(join(host, 'gone'));
  for (const [name, text] of [['a.txt', 'a0'], ['b.txt', 'b0'], ['c.txt', 'c0'], ['keep.txt', 'k0'], ['gone/x', 'x0']]) writeFileSync(join(host, name), text);
  const child = start(['run', '--bridge', bridge, '--dir', `${host}::/d`, guest('dir-ops.wasm'),
    'write', '/d/a.txt', 'guest a', 'rm', '/d/b.txt', 'write', '/d/c.txt', 'guest c', 'write', '/d/new.txt', 'guest new',
    'rm', '/d/gone/x', 'rmdir', '/d/gone', 'wait']);
  const done = collect(child);
  await waitForOutput(child, 'stdout', 'rmdir /d/gone\n', 'the CLI ended before the guest blocked');
  // Meanwhile on the host (another run, an editor): a.txt keeps its size, so only its bytes tell.
  writeFileSync(join(host, 'a.txt'), 'aH');
  writeFileSync(join(host, 'b.txt'), 'host b');
  writeFileSync(join(host, 'new.txt'), 'host new');
  writeFileSync(join(host, 'gone/y'), 'host y');
  child.stdin!.end();
  const r = await done;
  expect(r.stderr).toContain(`${join(host, 'a.txt')}: it changed on the host during the run; left as the host has it`);
  expect(r.stderr).toContain(`${join(host, 'b.txt')}: the guest removed it, but it changed on the host during the run`);
  expect(r.stderr).toContain(`${join(host, 'new.txt')}: the guest made this file, but the host made one there during the run`);
  expect(r.stderr).toContain(`${join(host, 'gone')}: the guest removed this folder, but it holds entries the run did not see`);
  expect(r.stderr).toContain('4 paths under --dir changed on the host during the run and were not written back');
  expect(r.code, r.stderr).toBe(75);
  const files = Object.fromEntries(
    (readdirSync(host, { recursive: true }) as string[]).sort().map((p) => [p, statSync(join(host, p)).isDirectory() ? '/' : readFileSync(join(host, p), 'utf8')]),
  );
  // c.txt changed only in the guest: written back; gone/x unchanged on the host: removed.
  expect(files).toEqual({ 'a.txt': 'aH', 'b.txt': 'host b', 'c.txt': 'guest c', 'gone': '/', 'gone/y': 'host y', 'keep.txt': 'k0', 'new.txt': 'host new' });
  rmSync(host, { recursive: true, force: true });
});

test('the page runs in a profile on disk made for the run (OPFS data is in its files), removed when the CLI ends on Ctrl-C', async ({ bridge }) => {
  const temp = mkdtempSync(join(tmpdir(), 'wasi-browser-tmp-'));
  const host = mkdtempSync(join(tmpdir(), 'wasi-browser-cli-'));
  const marker = `on-disk-${randomBytes(8).toString('hex')}`;
  const child = start(['run', '--bridge', bridge, '--dir', `${host}::/d`, guest('dir-ops.wasm'), 'write', '/d/w.txt', marker, 'wait'], { TMPDIR: temp });
  const done = collect(child);
  await waitForOutput(child, 'stdout', 'wrote /d/w.txt\n', 'the CLI ended before the guest blocked');
  // In an incognito context Chromium keeps OPFS in memory: no file would hold the guest's bytes.
  const holding = filesContaining(temp, marker);
  expect(holding).not.toEqual([]);
  const profiles = readdirSync(temp).filter((name) => name.startsWith('wasi-browser-profile-'));
  expect(profiles).toHaveLength(1);
  expect(holding.every((path) => path.startsWith(join(temp, profiles[0], '/')))).toBe(true);
  child.kill('SIGINT');
  const r = await done;
  expect({ code: r.code, stdout: r.stdout }, r.stderr).toEqual({ code: 130, stdout: 'wrote /d/w.txt\n' });
  expect(readdirSync(temp).filter((name) => name.startsWith('wasi-browser-profile-'))).toEqual([]);
  expect(readFileSync(join(host, 'w.txt'), 'utf8')).toBe(marker);
  rmSync(temp, { recursive: true, force: true });
  rmSync(host, { recursive: true, force: true });
});
