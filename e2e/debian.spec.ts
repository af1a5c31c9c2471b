// Real programs none of us wrote, as WASI preview 1 core modules: SQLite's shell and bzip2, built
// from Debian's source packages by e2e/guests/debian/build.sh (versions in built/debian/README.md).
import { expect, test, type Page } from './fixtures.ts';

/** Run `/guests/debian/<name>` with bytes or text on stdin; stdout and stderr come back as text. */
async function runDebian(
  page: Page,
  name: string,
  options: { bridge: string; args: string[]; env?: Record<string, string>; stdin?: string; mounts?: object },
): Promise<{ exitCode: number; stdout: string; stderr: string; trap?: string }> {
  return page.evaluate(async ({ name, options }) => {
    const r = await (window as any).wasi.run(`/guests/debian/${name}`, options);
    const text = new TextDecoder();
    return { exitCode: r.exitCode, stdout: text.decode(r.stdout), stderr: text.decode(r.stderr), trap: r.trap };
  }, { name, options });
}

// Two transactions of inserts (a table and an index over ~130 pages), then updates and deletes
// scattered over the file by id, then aggregates. The expected output is what Debian's native
// sqlite3 3.40.1 prints for the same script.
const WRITE_SQL = `
CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER NOT NULL, v TEXT NOT NULL);
CREATE INDEX t_k ON t(k);
BEGIN;
WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 1500)
INSERT INTO t SELECT x, (x * 7919) % 97, printf('row %d ', x) || substr(replace(hex(zeroblob(150)), '0', 'ab'), 1, (x * 31) % 250) FROM n;
COMMIT;
BEGIN;
WITH RECURSIVE n(x) AS (SELECT 1501 UNION ALL SELECT x + 1 FROM n WHERE x < 3000)
INSERT INTO t SELECT x, (x * 7919) % 97, printf('row %d ', x) || substr(replace(hex(zeroblob(150)), '0', 'cd'), 1, (x * 37) % 250) FROM n;
COMMIT;
BEGIN;
UPDATE t SET v = v || ' updated', k = (k * 13 + 5) % 97 WHERE (id * 2654435761) % 7 = 3;
DELETE FROM t WHERE (id * 48271) % 11 = 0;
COMMIT;
SELECT count(*), sum(k), sum(length(v)) FROM t;
SELECT k, count(*) FROM t GROUP BY k ORDER BY count(*) DESC, k LIMIT 3;
SELECT id, k, length(v) FROM t WHERE id IN (7, 1234, 2999) ORDER BY id;
`;
const WRITE_OUT = '2728|131397|366924\n91|31\n15|30\n26|30\n7|46|223\n1234|68|21\n2999|86|222\n';
const READ_SQL = `
PRAGMA integrity_check;
SELECT count(*), sum(k), sum(length(v)) FROM t;
SELECT count(*) FROM t WHERE v LIKE '% updated';
`;
const READ_OUT = 'ok\n2728|131397|366924\n390\n';

test('sqlite3: a database on an OPFS mount, written, reloaded, read back by sqlite3 and the page', async ({ harness, bridge }) => {
  const dir = `debian-sqlite-${bridge}`;
  const mounts = { '/data': { kind: 'opfs', path: dir } };
  // The shell looks for ~/.sqliterc and warns on stderr without a home directory.
  const env = { HOME: '/data' };
  await harness.evaluate((dir) => (window as any).wasi.remove(dir, { recursive: true }).catch(() => {}), dir);

  const written = await runDebian(harness, 'sqlite3.wasm', { bridge, args: ['sqlite3', '/data/test.db'], env, stdin: WRITE_SQL, mounts });
  expect(written).toEqual({ exitCode: 0, stdout: WRITE_OUT, stderr: '' });

  await harness.reload();
  await harness.waitForFunction(() => (window as any).harnessReady === true);

  const read = await runDebian(harness, 'sqlite3.wasm', { bridge, args: ['sqlite3', '/data/test.db'], env, stdin: READ_SQL, mounts });
  expect(read).toEqual({ exitCode: 0, stdout: READ_OUT, stderr: '' });

  // The file itself, through the page's readFile: a SQLite 3 database (file format section 1.3),
  // and no rollback journal left behind.
  const file = await harness.evaluate(async (dir) => {
    const wasi = (window as any).wasi;
    const bytes: Uint8Array = await wasi.readFile(`${dir}/test.db`);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const rawPageSize = view.getUint16(16);
    return {
      magic: new TextDecoder().decode(bytes.subarray(0, 16)),
      pageSize: rawPageSize === 1 ? 65536 : rawPageSize,
      pageCount: view.getUint32(28),
      size: bytes.byteLength,
      names: (await wasi.readDir(dir)).map((e: { name: string }) => e.name).sort(),
    };
  }, dir);
  expect(file.magic).toBe('SQLite format 3\0');
  expect([512, 1024, 2048, 4096, 8192, 16384, 32768, 65536]).toContain(file.pageSize);
  expect(file.size % file.pageSize).toBe(0);
  expect(file.pageCount * file.pageSize).toBe(file.size);
  expect(file.size).toBeGreaterThan(100 * 1024);
  expect(file.names).toEqual(['test.db']);
});

test('bzip2: 4 MiB round trip through stdin/stdout and through files on an OPFS mount', async ({ harness, bridge }) => {
  const dir = `debian-bzip2-${bridge}`;
  const out = await harness.evaluate(async ({ bridge, dir }) => {
    const wasi = (window as any).wasi;
    await wasi.remove(dir, { recursive: true }).catch(() => {});
    // 4 MiB of words picked by a xorshift generator: deterministic, compressible, no long repeats.
    const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima', 'mike', 'november', 'oscar', 'papa'];
    const data = new Uint8Array(4 << 20);
    let seed = 0x2545f491, at = 0;
    while (at < data.length) {
      seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
      const word = words[(seed >>> 0) % words.length] + ((seed & 0x300) === 0 ? '\n' : ' ');
      for (let i = 0; i < word.length && at < data.length; i++) data[at++] = word.charCodeAt(i);
    }
    const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);
    const text = new TextDecoder();
    const report = (r: any) => ({ exitCode: r.exitCode, stderr: text.decode(r.stderr), trap: r.trap });

    const packed = await wasi.run('/guests/debian/bzip2.wasm', { bridge, args: ['bzip2', '-c'], stdin: data });
    const unpacked = await wasi.run('/guests/debian/bzip2.wasm', { bridge, args: ['bzip2', '-dc'], stdin: packed.stdout });

    const mounts = { '/': { kind: 'opfs', path: dir } };
    await wasi.writeFile(`${dir}/data.txt`, data);
    const fileIn = await wasi.run('/guests/debian/bzip2.wasm', { bridge, args: ['bzip2', 'data.txt'], mounts });
    const afterPack = (await wasi.readDir(dir)).map((e: { name: string }) => e.name).sort();
    const packedFile: Uint8Array = await wasi.readFile(`${dir}/data.txt.bz2`);
    const fileOut = await wasi.run('/guests/debian/bzip2.wasm', { bridge, args: ['bzip2', '-d', 'data.txt.bz2'], mounts });
    const afterUnpack = (await wasi.readDir(dir)).map((e: { name: string }) => e.name).sort();
    const unpackedFile: Uint8Array = await wasi.readFile(`${dir}/data.txt`);
    return {
      runs: [packed, unpacked, fileIn, fileOut].map(report),
      packedSize: packed.stdout.length,
      packedMagic: text.decode(packed.stdout.subarray(0, 4)),
      streamRoundTrip: same(unpacked.stdout, data),
      afterPack,
      filePackedAsStream: same(packedFile, packed.stdout),
      afterUnpack,
      fileRoundTrip: same(unpackedFile, data),
    };
  }, { bridge, dir });
  for (const r of out.runs) expect(r).toEqual({ exitCode: 0, stderr: '' });
  expect(out.packedMagic).toBe('BZh9');
  expect(out.packedSize).toBeLessThan((4 << 20) / 4);
  expect(out.streamRoundTrip).toBe(true);
  expect(out.afterPack).toEqual(['data.txt.bz2']);
  expect(out.filePackedAsStream).toBe(true);
  expect(out.afterUnpack).toEqual(['data.txt']);
  expect(out.fileRoundTrip).toBe(true);
});
