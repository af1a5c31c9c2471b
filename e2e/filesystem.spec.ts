// wasi:filesystem over live OPFS and memory mounts, through fs-ops.wasm (a C program checking
// results and errno values) and the page's file API; each test runs for the component and for
// the same programs as preview 1 core modules.
import { expect, expectPassed, forms, guestUrl, runGuest, test, type Page } from './fixtures.ts';

const opfsRoot = { '/': { kind: 'opfs', path: 'app' } };
const memoryRoot = { '/': { kind: 'memory' } };

for (const form of forms) {
  /** Run fs-ops.wasm (in this form) with `args` (argv[1..]) and `mounts`; stdout decoded. */
  const fsOps = (page: Page, bridge: string, args: string[], mounts?: object) =>
    runGuest(page, `${form.dir}fs-ops.wasm`, { bridge, args: ['fs-ops', ...args], mounts });

  for (const [kind, mounts] of [['opfs', opfsRoot], ['memory', memoryRoot]] as const) {
    test(`${form.name} ${kind}: files, directories, reads, writes, renames and their error codes`, async ({ harness, bridge }) => {
      expectPassed(await fsOps(harness, bridge, ['basic', 'basic-dir'], mounts));
    });

    test(`${form.name} ${kind}: symlinks, loops and escapes through them`, async ({ harness, bridge }) => {
      expectPassed(await fsOps(harness, bridge, ['links', 'links-dir'], mounts));
    });

    test(`${form.name} ${kind}: set-times, and a later write wins over a set mtime`, async ({ harness, bridge }) => {
      expectPassed(await fsOps(harness, bridge, ['times', 'times-dir'], mounts));
    });

    test(`${form.name} ${kind}: the sandbox: .., absolute paths, bad names`, async ({ harness, bridge }) => {
      expectPassed(await fsOps(harness, bridge, ['sandbox'], mounts));
    });
  }

  test(`${form.name}: no mounts: no preopens, so no file can be opened`, async ({ harness, bridge }) => {
    const r = await fsOps(harness, bridge, ['cat', 'anything.txt']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/^error /);
  });

  test(`${form.name}: a memory mount starts with its files and sits beside an OPFS mount`, async ({ harness, bridge }) => {
    const mounts = {
      '/': { kind: 'opfs', path: 'two' },
      '/mem': { kind: 'memory', files: { 'in.txt': 'from memory', 'deep/er/x.bin': 'x' } },
    };
    expect((await fsOps(harness, bridge, ['cat', '/mem/in.txt'], mounts)).stdout).toBe('from memory');
    expect((await fsOps(harness, bridge, ['ls', '/mem/deep'], mounts)).stdout).toBe('er/\n');
    expect((await fsOps(harness, bridge, ['write', '/mem/new.txt', 'gone after the run'], mounts)).exitCode).toBe(0);
    expect((await fsOps(harness, bridge, ['cat', '/mem/new.txt'], mounts)).stdout).toBe('error No such file or directory\n');
  });

  test(`${form.name}: readonly mounts refuse every change with read-only`, async ({ harness, bridge }) => {
    await harness.evaluate(() => (window as any).wasi.writeFile('ro/data.txt', 'read me'));
    const opfs = await fsOps(harness, bridge, ['readonly', 'data.txt'], { '/': { kind: 'opfs', path: 'ro', readonly: true } });
    expectPassed(opfs);
    expect(opfs.stdout).toContain('read: read me\n');
    const memory = await fsOps(harness, bridge, ['readonly', 'data.txt'], { '/': { kind: 'memory', files: { 'data.txt': 'mem' }, readonly: true } });
    expectPassed(memory);
    expect(await harness.evaluate(() => (window as any).wasi.readDir('ro'))).toEqual([{ name: 'data.txt', type: 'file' }]);
  });

  test(`${form.name}: files from the page: the guest reads what the page wrote, the page reads what the guest wrote`, async ({ harness, bridge }) => {
    await harness.evaluate(async () => {
      const { writeFile, mkdir, symlink } = (window as any).wasi;
      await writeFile('app/in/hello.txt', 'hello from the page');
      await writeFile('app/in/bytes.bin', new Uint8Array([0, 1, 2, 255]));
      await mkdir('app/out');
      await symlink('in/hello.txt', 'app/hello-link');
    });
    expect((await fsOps(harness, bridge, ['cat', 'in/hello.txt'], opfsRoot)).stdout).toBe('hello from the page');
    expect((await fsOps(harness, bridge, ['cat', 'hello-link'], opfsRoot)).stdout).toBe('hello from the page');
    expect((await fsOps(harness, bridge, ['ls', '.'], opfsRoot)).stdout).toBe('hello-link@ in/ out/\n');
    expect((await fsOps(harness, bridge, ['write', 'out/result.txt', 'from the guest'], opfsRoot)).exitCode).toBe(0);
    const seen = await harness.evaluate(async () => {
      const { readFile, readDir, remove } = (window as any).wasi;
      const result = await readFile('app/out/result.txt', 'utf8');
      const bytes = Array.from(await readFile('app/in/bytes.bin'));
      const root = await readDir('app');
      await remove('app/hello-link');
      await remove('app/in', { recursive: true });
      let missing = '';
      try {
        await readFile('app/in/hello.txt');
      } catch (e: any) {
        missing = e.message;
      }
      return { result, bytes, root, after: await readDir('app'), missing };
    });
    expect(seen.result).toBe('from the guest');
    expect(seen.bytes).toEqual([0, 1, 2, 255]);
    expect(seen.root).toEqual([
      { name: 'hello-link', type: 'symlink' },
      { name: 'in', type: 'directory' },
      { name: 'out', type: 'directory' },
    ]);
    expect(seen.after).toEqual([{ name: 'out', type: 'directory' }]);
    expect(seen.missing).toMatch(/no such file or directory/);
  });

  test(`${form.name}: bad mounts are refused with a clear error`, async ({ harness, bridge }) => {
    expect((await fsOps(harness, bridge, ['sandbox'], { data: { kind: 'opfs' } })).error?.message).toMatch(/must start with "\/"/);
    expect((await fsOps(harness, bridge, ['sandbox'], { '/': { kind: 'disk' } })).error?.message).toMatch(/kind must be 'opfs' or 'memory'/);
    expect((await fsOps(harness, bridge, ['sandbox'], { '/': { kind: 'opfs', path: '../x' } })).error?.message).toMatch(/may not contain "\.\."/);
  });

  test(`${form.name}: what a run wrote is there after a reload`, async ({ harness, bridge }) => {
    expect((await fsOps(harness, bridge, ['blocks', 'persist.bin', '0', '8'], opfsRoot)).exitCode).toBe(0);
    expect((await fsOps(harness, bridge, ['links', 'unused'], opfsRoot)).exitCode).toBe(0);
    await harness.evaluate(() => (window as any).wasi.symlink('persist.bin', 'app/persist-link'));
    await harness.reload();
    await harness.waitForFunction(() => (window as any).harnessReady === true);
    expect((await fsOps(harness, bridge, ['verify', 'persist.bin'], opfsRoot)).stdout).toBe('blocks 8\n');
    expect((await fsOps(harness, bridge, ['verify', 'persist-link'], opfsRoot)).stdout).toBe('blocks 8\n');
    const size = await harness.evaluate(async () => (await (window as any).wasi.readFile('app/persist.bin')).byteLength);
    expect(size).toBe(8 * 65536);
  });

  test(`${form.name}: a directory rename cut short (its tab closed, its run aborted) is finished by the next mount or page file call`, async ({ harness, bridge }) => {
    // What a mover leaves when it dies midway through renaming mv/old to mv/new (directories move
    // entry by entry): the new directory made, some entries moved, the journal at the OPFS root
    // still naming the move. 'live' is a second move whose mover (the page, here) still works;
    // 'gone' one whose source folder the page has removed since.
    const journalName = `wasi-browser-moves.${'_'.repeat(250)}`;
    await harness.evaluate(async (journalName) => {
      const w = (window as any).wasi;
      await w.writeFile('mv/old/a.txt', 'a');
      await w.writeFile('mv/old/sub/b.txt', 'b');
      await w.writeFile('mv/new/c.txt', 'c');
      await w.writeFile('mv/new/sub/d.txt', 'd');
      await w.writeFile('mv/busy/e.txt', 'e');
      const root = await navigator.storage.getDirectory();
      const journal = await (await root.getFileHandle(journalName, { create: true })).createWritable();
      await journal.write(JSON.stringify([
        { id: 'cut-short', from: ['mv', 'old'], to: ['mv', 'new'] },
        { id: 'live', from: ['mv', 'busy'], to: ['mv', 'moved'] },
        { id: 'gone', from: ['mv', 'nowhere', 'x'], to: ['mv', 'y'] },
      ]));
      await journal.close();
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      await new Promise<void>((locked) => navigator.locks.request('wasi-browser:move:live', () => (locked(), held)));
      (window as any).releaseLive = release;
    }, journalName);

    const ls = (dirs: string[]) =>
      harness.evaluate(
        async ({ bridge, dirs, url }) => {
          const r = await (window as any).wasi.run(url, {
            bridge, args: ['dir-ops', ...dirs.flatMap((d) => ['ls', d])], mounts: { '/': { kind: 'opfs', path: 'mv' } },
          });
          return new TextDecoder().decode(r.stdout);
        },
        { bridge, dirs, url: guestUrl(form, 'dir-ops.wasm') },
      );
    expect(await ls(['/', '/new', '/new/sub'])).toBe('ls /: busy new\nls /new: a.txt c.txt sub\nls /new/sub: b.txt d.txt\n');
    const journalLeft = () =>
      harness.evaluate(async (name) => {
        const root = await navigator.storage.getDirectory();
        return root.getFileHandle(name).then((h) => h.getFile()).then((f) => f.text(), () => null);
      }, journalName);
    expect(JSON.parse((await journalLeft())!)).toEqual([{ id: 'live', from: ['mv', 'busy'], to: ['mv', 'moved'] }]);
    const names = (path: string) =>
      harness.evaluate(async (path) => (await (window as any).wasi.readDir(path)).map((e: { name: string }) => e.name), path);
    expect(await names('')).not.toContain(journalName); // hidden from the page's readDir

    // Its mover gone, the other move is finished by the page's next file call, the journal removed.
    await harness.evaluate(() => (window as any).releaseLive());
    expect(await names('mv')).toEqual(['moved', 'new']);
    expect(await journalLeft()).toBeNull();
    expect(await ls(['/moved'])).toBe('ls /moved: e.txt\n');
  });

  test(`${form.name}: two runs on one mount, one after the other and at the same time`, async ({ harness, bridge }) => {
    expect((await fsOps(harness, bridge, ['blocks', 'shared.bin', '0', '4'], opfsRoot)).exitCode).toBe(0);
    expect((await fsOps(harness, bridge, ['verify', 'shared.bin'], opfsRoot)).stdout).toBe('blocks 4\n');
    // At once: each writes its own blocks of the same file; both sets must be whole.
    const both = await harness.evaluate(
      async ({ bridge, mounts, url }) => {
        const wasi = (window as any).wasi;
        const go = (first: number) => wasi.run(url, { bridge, mounts, args: ['fs-ops', 'blocks', 'shared.bin', String(first), '16'] });
        const runs = await Promise.all([go(4), go(20)]);
        return runs.map((r: any) => r.exitCode);
      },
      { bridge, mounts: opfsRoot, url: guestUrl(form, 'fs-ops.wasm') },
    );
    expect(both).toEqual([0, 0]);
    expect((await fsOps(harness, bridge, ['verify', 'shared.bin'], opfsRoot)).stdout).toBe('blocks 36\n');
  });

  test(`${form.name}: a run aborted while writing keeps every completed write and releases the file`, async ({ harness, bridge }) => {
    const outcome = await harness.evaluate(
      async ({ bridge, mounts, url }) => {
        const wasi = (window as any).wasi;
        const controller = new AbortController();
        let written = 0;
        const decoder = new TextDecoder();
        const run = wasi.run(url, {
          bridge, mounts, signal: controller.signal,
          args: ['fs-ops', 'blocks', 'aborted.bin', '0', '0', 'slow'],
          stdout(chunk: Uint8Array) {
            written += (decoder.decode(chunk).match(/wrote/g) ?? []).length;
            if (written >= 20) controller.abort();
          },
        });
        const error = await run.then(() => 'finished', (e: any) => e.name);
        return { error, written };
      },
      { bridge, mounts: opfsRoot, url: guestUrl(form, 'fs-ops.wasm') },
    );
    expect(outcome.error).toBe('AbortError');
    const verify = await fsOps(harness, bridge, ['verify', 'aborted.bin'], opfsRoot);
    const blocks = Number(/blocks (\d+)/.exec(verify.stdout ?? '')?.[1]);
    expect(blocks).toBeGreaterThanOrEqual(20);
    // Reopened for writing by the next run: the lock was released.
    expect((await fsOps(harness, bridge, ['blocks', 'aborted.bin', String(blocks), '1'], opfsRoot)).exitCode).toBe(0);
    expect((await fsOps(harness, bridge, ['verify', 'aborted.bin'], opfsRoot)).stdout).toBe(`blocks ${blocks + 1}\n`);
  });

  test(`${form.name}: a full quota gives insufficient-space, keeps what was written and nothing of the failed write`, async ({ harness, bridge, browserName }) => {
    const cdp = await harness.context().newCDPSession(harness);
    const origin = new URL(harness.url()).origin;
    const usage = await harness.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
    await cdp.send('Storage.overrideQuotaForOrigin' as any, { origin, quotaSize: usage + 6 * 1024 * 1024 });
    try {
      const r = await fsOps(harness, bridge, ['fill', 'full.bin'], opfsRoot);
      const m = /wrote (\d+) then ENOSPC/.exec(r.stdout ?? '');
      expect(m, r.stdout).not.toBeNull();
      const written = Number(m![1]);
      expect(written).toBeGreaterThan(0);
      const size = await harness.evaluate(async () => (await (window as any).wasi.readFile('app/full.bin')).byteLength);
      expect(size).toBe(written);
    } finally {
      await cdp.send('Storage.overrideQuotaForOrigin' as any, { origin });
    }
    expect(browserName).toBe('chromium');
  });
}
