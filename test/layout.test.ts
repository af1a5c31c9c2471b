// The layout's rules. The import rule: src/ is the page, worker/ the worker, shared/ what both
// run; worker/** and shared/** never import src/**; src/** and shared/** import worker/** for
// types only. The tier rule: the tiers differ in worker/bridge/ only, so no module of the WASI
// faces (worker/wasi/, worker/preview1/) asks which tier runs.
import { expect, test } from '@playwright/test';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

function sources(folder: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, folder))) {
    const path = join(folder, name);
    if (statSync(join(root, path)).isDirectory()) out.push(...sources(path));
    else if (/\.(ts|mts|js|mjs)$/.test(name)) out.push(path);
  }
  return out;
}

interface Import {
  file: string;
  target: string;
  typeOnly: boolean;
}

/** Every relative import and re-export of `file`, with whether it is `import type`. */
export function importsOf(file: string, text: string): Import[] {
  const found: Import[] = [];
  const pattern = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;
  for (const m of text.matchAll(pattern)) {
    const spec = m[3] ?? m[4];
    const target = relative(root, resolve(root, dirname(file), spec));
    found.push({ file, target, typeOnly: !!m[2] });
  }
  return found;
}

const top = (path: string) => path.split('/')[0];

function violations(): string[] {
  const bad: string[] = [];
  for (const file of [...sources('src'), ...sources('worker'), ...sources('shared')]) {
    for (const { target, typeOnly } of importsOf(file, readFileSync(join(root, file), 'utf8'))) {
      const from = top(file);
      const to = top(target);
      if ((from === 'worker' || from === 'shared') && to === 'src') bad.push(`${file} imports ${target}`);
      if ((from === 'src' || from === 'shared') && to === 'worker' && !typeOnly) bad.push(`${file} imports ${target} (not a type-only import)`);
    }
  }
  return bad;
}

test('worker/ and shared/ never import src/; src/ and shared/ import worker/ for types only', () => {
  expect(violations()).toEqual([]);
});

test('the import check sees the imports it must refuse', () => {
  const text = [
    "import { a } from '../src/x.ts';",
    "import type { B } from '../worker/y.ts';",
    "export { c } from './z.ts';",
    "const m = await import('../src/lazy.ts');",
    "import {\n  d,\n  e,\n} from '../../src/files/moves.ts';",
  ].join('\n');
  const found = importsOf('worker/wasi/f.ts', text).map(({ target, typeOnly }) => [target, typeOnly]);
  expect(found).toEqual([
    ['worker/src/x.ts', false],
    ['worker/worker/y.ts', true],
    ['worker/wasi/z.ts', false],
    ['worker/src/lazy.ts', false],
    ['src/files/moves.ts', false],
  ]);
});

/** Code that tests the tier: reads `.tier`, or names a tier in a string. */
const TIER_TEST = /\.tier\b|['"](jspi|atomics)['"]/;

test('no module of worker/wasi/ or worker/preview1/ tests the tier', () => {
  const testing = [...sources('worker/wasi'), ...sources('worker/preview1')].filter((file) =>
    TIER_TEST.test(readFileSync(join(root, file), 'utf8')),
  );
  expect(testing).toEqual([]);
});

test('the tier check sees a tier test', () => {
  expect(TIER_TEST.test("if (bridge.tier === 'atomics') connect();")).toBe(true);
  expect(TIER_TEST.test("openMounts(specs, 'jspi')")).toBe(true);
  expect(TIER_TEST.test('// in the JSPI tier a Promise, in the Atomics tier a value')).toBe(false);
});
