// Where wasi:filesystem was seen to differ from wasmtime on Linux (project issue 15), through
// fs-edges.wasm (a C program checking results and errno values) over OPFS and memory mounts,
// and what the page can do with a guest's files once run() has settled.
import { expect, test, type Page } from './fixtures.ts';

interface EdgeRun {
  exitCode?: number;
  stdout?: string;
  trap?: string;
  error?: string;
}

async function fsEdges(page: Page, bridge: string, args: string[], mounts: object): Promise<EdgeRun> {
  return page.evaluate(
    async ({ bridge, args, mounts }) => {
      try {
        const r = await (window as any).wasi.run('/guests/fs-edges.wasm', { bridge, args: ['fs-edges', ...args], mounts });
        return { exitCode: r.exitCode, stdout: new TextDecoder().decode(r.stdout), trap: r.trap };
      } catch (e: any) {
        return { error: `${e?.name}: ${e?.message}` };
      }
    },
    { bridge, args, mounts },
  );
}

function expectPassed(r: EdgeRun): void {
  expect(r.error).toBeUndefined();
  expect(r.trap).toBeUndefined();
  expect(r.stdout).not.toContain('FAIL');
  expect(r.stdout).toMatch(/^checks \d+ failed 0\n$/m);
  expect(r.exitCode).toBe(0);
}

const mountsOf = {
  opfs: { '/': { kind: 'opfs', path: 'edges' } },
  memory: { '/': { kind: 'memory' } },
};

for (const kind of ['opfs', 'memory'] as const) {
  test(`${kind}: names such as __proto__ are names; bytes that are not UTF-8 are refused with EILSEQ`, async ({ harness, bridge }) => {
    expectPassed(await fsEdges(harness, bridge, ['names'], mountsOf[kind]));
  });

  test(`${kind}: a symlink to an absolute path is made; following it is not permitted`, async ({ harness, bridge }) => {
    expectPassed(await fsEdges(harness, bridge, ['abs-link'], mountsOf[kind]));
  });

  test(`${kind}: a new path ending in / is refused where it names no directory`, async ({ harness, bridge }) => {
    expectPassed(await fsEdges(harness, bridge, ['slash'], mountsOf[kind]));
  });

  test(`${kind}: set-times changes only the times it is given`, async ({ harness, bridge }) => {
    expectPassed(await fsEdges(harness, bridge, ['no-change'], mountsOf[kind]));
  });

  test(`${kind}: a symlink has its own times`, async ({ harness, bridge }) => {
    expectPassed(await fsEdges(harness, bridge, ['link-times'], mountsOf[kind]));
  });

  test(`${kind}: reading or writing nothing answers 0 at any offset`, async ({ harness, bridge }) => {
    expectPassed(await fsEdges(harness, bridge, ['zero-read'], mountsOf[kind]));
  });
}

test('once run() has settled, the page may remove and rewrite the files the guest wrote', async ({ harness, bridge }) => {
  const outcomes = await harness.evaluate(async (bridge) => {
    const wasi = (window as any).wasi;
    const mounts = { '/': { kind: 'opfs', path: 'after-run' } };
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      // The guest ends with the file still open: the run must close it.
      const r = await wasi.run('/guests/fs-edges.wasm', { bridge, mounts, args: ['fs-edges', 'leave-open', 'out.bin'] });
      const step = async (what: string, f: () => Promise<unknown>) => {
        try {
          await f();
          seen.push(`${i} ${what}: ok`);
        } catch (e: any) {
          seen.push(`${i} ${what}: ${e?.name}: ${e?.message}`);
        }
      };
      seen.push(`${i} exit ${r.exitCode}`);
      if (i % 2 === 0) await step('remove', () => wasi.remove('after-run/out.bin'));
      else await step('writeFile', () => wasi.writeFile('after-run/out.bin', 'from the page'));
    }
    return seen;
  }, bridge);
  expect(outcomes).toEqual([
    '0 exit 0', '0 remove: ok', '1 exit 0', '1 writeFile: ok', '2 exit 0', '2 remove: ok', '3 exit 0', '3 writeFile: ok',
  ]);
});

test('once close() of instantiate() has settled, the page may remove the files the guest left open', async ({ harness, bridge }) => {
  const outcomes = await harness.evaluate(async (bridge) => {
    const wasi = (window as any).wasi;
    const mounts = { '/': { kind: 'opfs', path: 'after-close' } };
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      const instance = await wasi.instantiate('/guests/fs-edges.wasm', { bridge, mounts, args: ['fs-edges', 'leave-open', 'out.bin'] });
      const key = Object.keys(instance.exports).find((k) => k.startsWith('wasi:cli/run'))!;
      // The guest's exit ends the call one way or the other; the file stays open until close().
      await instance.exports[key].run().catch(() => {});
      await instance.close();
      try {
        await wasi.remove('after-close/out.bin');
        seen.push(`${i} remove: ok`);
      } catch (e: any) {
        seen.push(`${i} remove: ${e?.message}`);
      }
    }
    return seen;
  }, bridge);
  expect(outcomes).toEqual(['0 remove: ok', '1 remove: ok', '2 remove: ok']);
});
