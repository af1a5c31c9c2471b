import { ONCE, test, expect, type RunReport } from './fixtures.ts';
import type { Page } from '@playwright/test';

/**
 * fermyon:spin/sqlite@2.0.0 through sqlite-cli.wasm (e2e/guests/src/sqlite-cli.c), in the
 * project's tier. Each test has a fresh browser context, so its OPFS starts empty.
 */

/** Run sqlite-cli with `args` and `sqliteDatabases` (passed as it is, to test validation). */
function sql(page: Page, bridge: string, args: string[], sqliteDatabases: unknown = ['default']): Promise<RunReport> {
  return page.evaluate(
    async ({ bridge, args, sqliteDatabases }) => {
      const wasi = (window as any).wasi;
      try {
        const r = await wasi.run('/guests/sqlite-cli.wasm', { bridge, args: ['sqlite-cli', ...args], sqliteDatabases });
        const text = new TextDecoder();
        return { exitCode: r.exitCode, stdout: text.decode(r.stdout), stderr: text.decode(r.stderr), trap: r.trap };
      } catch (e: any) {
        return { error: { name: e?.name, message: e?.message ?? String(e) } };
      }
    },
    { bridge, args, sqliteDatabases },
  );
}

test('create, insert with a parameter of every type, query typed rows and columns', async ({ harness, bridge }) => {
  const r = await sql(harness, bridge, [
    'default',
    '--', 'CREATE TABLE t (id INTEGER PRIMARY KEY, i INTEGER, r REAL, s TEXT, b BLOB, n TEXT)',
    '--', 'INSERT INTO t (i, r, s, b, n) VALUES (?, ?, ?, ?, ?)', 'i:-9007199254740993', 'r:2', 't:héllo wörld', 'b:00ff10', 'n',
    '--', 'INSERT INTO t (i, r, s, b, n) VALUES (?1, ?2, ?3, ?4, ?5)', 'i:42', 'r:1.5', 't:', 'b:', 'n',
    '--', 'SELECT id, i, r, s, b, n, i + 1 AS next FROM t ORDER BY id',
    '--', 'SELECT typeof(r), typeof(b) FROM t WHERE id = ?', 'i:1',
  ]);
  expect(r.trap).toBeUndefined();
  expect(r.stdout).toBe(
    [
      'columns',
      'columns',
      'columns',
      'columns id i r s b n next',
      // An s64 past 2^53 keeps every digit, a whole real stays real.
      'row integer:1 integer:-9007199254740993 real:2 text:héllo wörld blob:00ff10 null integer:-9007199254740992',
      'row integer:2 integer:42 real:1.5 text: blob: null integer:43',
      'columns typeof(r) typeof(b)',
      'row text:real text:blob',
      '',
    ].join('\n'),
  );
  expect(r.exitCode).toBe(0);
});

test('runs at once see each other\'s writes, and the data is there after a reload', async ({ harness, bridge }) => {
  const dbs = ['default', 'other'];
  expect((await sql(harness, bridge, ['default', '--', 'CREATE TABLE log (who TEXT)'], dbs)).exitCode).toBe(0);
  // Four runs insert at once through the page's one SQLite worker: nothing is lost.
  const runs = await Promise.all(
    ['a', 'b', 'c', 'd'].map((who) => sql(harness, bridge, ['default', '--', 'INSERT INTO log VALUES (?)', `t:${who}`], dbs)),
  );
  expect(runs.map((r) => r.exitCode)).toEqual([0, 0, 0, 0]);
  const count = ['default', '--', 'SELECT count(*) AS n FROM log'];
  expect((await sql(harness, bridge, count, dbs)).stdout).toBe('columns n\nrow integer:4\n');
  // Databases are apart: the table is not in 'other'.
  expect((await sql(harness, bridge, ['other', '--', 'SELECT count(*) FROM log'], dbs)).stdout).toBe('error io: no such table: log\n');

  // A transaction left open when the run ends is rolled back.
  const open = await sql(harness, bridge, ['default', '--', 'BEGIN', '--', 'INSERT INTO log VALUES (?)', 't:lost'], dbs);
  expect(open.exitCode).toBe(0);
  expect((await sql(harness, bridge, count, dbs)).stdout).toBe('columns n\nrow integer:4\n');

  await harness.reload();
  await harness.waitForFunction(() => (window as any).harnessReady === true);
  expect((await sql(harness, bridge, count, dbs)).stdout).toBe('columns n\nrow integer:4\n');
});

test('a database not granted is access-denied; bad SQL is io with SQLite\'s message', async ({ harness, bridge }) => {
  const denied = await sql(harness, bridge, ['secret', '--', 'SELECT 1'], ['default']);
  expect(denied.stdout).toBe('error access-denied\n');
  expect(denied.exitCode).toBe(1);
  expect((await sql(harness, bridge, ['default', '--', 'SELECT 1'], [])).stdout).toBe('error access-denied\n');

  const bad = await sql(harness, bridge, ['default', '--', 'SELEKT 1']);
  expect(bad.stdout).toBe('error io: near "SELEKT": syntax error\n');
  expect(bad.exitCode).toBe(1);
  const count = await sql(harness, bridge, ['default', '--', 'SELECT ?', 'i:1', 'i:2']);
  expect(count.stdout).toBe('error io: Wrong number of parameters passed to query. Got 2, needed 1\n');

  const option = await sql(harness, bridge, ['default'], 'default');
  expect(option.error?.name).toBe('TypeError');
  expect(option.error?.message).toContain('sqliteDatabases must be an array');
});

test('another tab of the origin is told the databases are in use, and gets them once the first closes', ONCE, async ({ harness, bridge }) => {
  // The SQLite worker and its lock are the same in both tiers: run once.
  const write = ['default', '--', 'CREATE TABLE t (x)', '--', 'INSERT INTO t VALUES (?)', 'i:7'];
  expect((await sql(harness, bridge, write)).exitCode).toBe(0);
  const other = await harness.context().newPage();
  await other.goto('/e2e/harness.html');
  await other.waitForFunction(() => (window as any).harnessReady === true);
  const read = ['default', '--', 'SELECT x FROM t'];
  const busy = await sql(other, bridge, read);
  expect(busy.stdout).toBe('error io: the SQLite databases of this origin are open in another tab or window (opfs-sahpool serves one at a time)\n');
  await harness.close();
  await expect.poll(async () => (await sql(other, bridge, read)).stdout, { timeout: 60_000 }).toBe('columns x\nrow integer:7\n');
});
