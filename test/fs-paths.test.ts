// The sandbox of wasi:filesystem paths (worker/wasi/filesystem/paths.ts), over a memory backend,
// whose calls never wait: `drive` answers at once.
import { expect, test } from '@playwright/test';
import { drive } from '../worker/wasi/filesystem/flow.ts';
import { MemoryBackend } from '../worker/wasi/filesystem/memory.ts';
import { type Resolved, resolve, splitPath } from '../worker/wasi/filesystem/paths.ts';
import { codeOf } from './fs-code.ts';

/** A mount with a/b.txt, an empty directory e, and the symlinks given as name -> target. */
function backend(links: Record<string, string> = {}): MemoryBackend {
  const mount = new MemoryBackend({ 'a/b.txt': 'b', 'top.txt': 't' });
  mount.mkdir([], 'e');
  for (const [name, target] of Object.entries(links)) {
    const parts = name.split('/');
    mount.symlink(parts.slice(0, -1), parts[parts.length - 1], target);
  }
  return mount;
}

function at(mount: MemoryBackend, path: string, follow = false, base: string[] = []): Resolved {
  const resolved = drive(resolve(mount, base, path, follow));
  if (resolved instanceof Promise) throw new Error('a memory backend never waits');
  return resolved;
}

test('a relative path resolves to its directory and name, with what is there', () => {
  const mount = backend();
  expect(at(mount, 'a/b.txt')).toEqual({ dir: ['a'], name: 'b.txt', entry: { type: 'regular-file' }, mustBeDirectory: false });
  expect(at(mount, 'a/new')).toEqual({ dir: ['a'], name: 'new', entry: undefined, mustBeDirectory: false });
  expect(at(mount, './a//b.txt')).toMatchObject({ dir: ['a'], name: 'b.txt' });
  expect(at(mount, 'a/')).toEqual({ dir: [], name: 'a', entry: { type: 'directory' }, mustBeDirectory: true });
  expect(at(mount, 'b.txt', false, ['a'])).toMatchObject({ dir: ['a'], name: 'b.txt' });
});

test('.. may climb back to the base, never past it', () => {
  const mount = backend();
  expect(at(mount, 'a/..')).toEqual({ dir: [], name: undefined, entry: { type: 'directory' }, mustBeDirectory: false });
  expect(at(mount, 'a/../top.txt')).toMatchObject({ dir: [], name: 'top.txt', entry: { type: 'regular-file' } });
  expect(codeOf(() => at(mount, '..'))).toBe('not-permitted');
  expect(codeOf(() => at(mount, 'a/../..'))).toBe('not-permitted');
  expect(codeOf(() => at(mount, 'a/../../x'))).toBe('not-permitted');
  // From a: the mount root is outside the descriptor's directory too.
  expect(codeOf(() => at(mount, '../top.txt', false, ['a']))).toBe('not-permitted');
});

test('absolute, empty and NUL paths are refused', () => {
  const mount = backend();
  expect(codeOf(() => at(mount, '/top.txt'))).toBe('not-permitted');
  expect(codeOf(() => at(mount, ''))).toBe('no-entry');
  expect(codeOf(() => at(mount, 'a\0b'))).toBe('invalid');
});

test('a path through a file or a missing directory fails', () => {
  const mount = backend();
  expect(codeOf(() => at(mount, 'top.txt/x'))).toBe('not-directory');
  expect(codeOf(() => at(mount, 'missing/x'))).toBe('no-entry');
});

test('symlinks: the last one followed only when asked, the ones inside always', () => {
  const mount = backend({ l: 'a', 'a/up': '../top.txt', slash: 'a/' });
  expect(at(mount, 'l')).toEqual({ dir: [], name: 'l', entry: { type: 'symbolic-link', target: 'a' }, mustBeDirectory: false });
  expect(at(mount, 'l', true)).toMatchObject({ dir: [], name: 'a', entry: { type: 'directory' } });
  expect(at(mount, 'l/b.txt')).toMatchObject({ dir: ['a'], name: 'b.txt', entry: { type: 'regular-file' } });
  // A trailing slash follows the last symlink, and so does a target ending in one.
  expect(at(mount, 'l/')).toMatchObject({ dir: [], name: 'a', mustBeDirectory: true });
  expect(at(mount, 'slash', true)).toMatchObject({ name: 'a', mustBeDirectory: true });
  // ../ inside the base is fine from a symlink too.
  expect(at(mount, 'a/up', true)).toMatchObject({ dir: [], name: 'top.txt', entry: { type: 'regular-file' } });
});

test('symlinks that point out of the sandbox are refused where they are followed', () => {
  const mount = backend({ out: '../x', abs: '/etc/passwd', 'a/out': '../../x' });
  expect(codeOf(() => at(mount, 'out', true))).toBe('not-permitted');
  expect(codeOf(() => at(mount, 'abs', true))).toBe('not-permitted');
  expect(codeOf(() => at(mount, 'abs/x'))).toBe('not-permitted');
  expect(codeOf(() => at(mount, 'a/out', true))).toBe('not-permitted');
  // Not followed, they are only names.
  expect(at(mount, 'abs').entry).toEqual({ type: 'symbolic-link', target: '/etc/passwd' });
  // From a, a link to .. leaves the base even though it stays in the mount.
  const inner = backend({ 'a/parent': '..' });
  expect(codeOf(() => at(inner, 'parent', true, ['a']))).toBe('not-permitted');
  expect(at(inner, 'a/parent', true)).toMatchObject({ dir: [], name: undefined, entry: { type: 'directory' } });
});

test('40 symlinks are followed, the 41st is a loop; a loop is a loop', () => {
  const chain = (n: number) => {
    const links: Record<string, string> = {};
    for (let i = 1; i < n; i++) links[`l${i}`] = `l${i + 1}`;
    links[`l${n}`] = 'top.txt';
    return backend(links);
  };
  expect(at(chain(40), 'l1', true)).toMatchObject({ name: 'top.txt', entry: { type: 'regular-file' } });
  expect(codeOf(() => at(chain(41), 'l1', true))).toBe('loop');
  const loops = backend({ self: 'self', ping: 'pong', pong: 'ping' });
  expect(codeOf(() => at(loops, 'self', true))).toBe('loop');
  expect(codeOf(() => at(loops, 'ping/x'))).toBe('loop');
});

test('a name of 255 UTF-8 bytes is fine, 256 is name-too-long', () => {
  const mount = backend();
  expect(at(mount, 'x'.repeat(255)).name).toBe('x'.repeat(255));
  expect(codeOf(() => at(mount, 'x'.repeat(256)))).toBe('name-too-long');
  expect(at(mount, 'é'.repeat(127)).name).toBe('é'.repeat(127)); // 254 bytes
  expect(codeOf(() => at(mount, 'é'.repeat(128)))).toBe('name-too-long'); // 256 bytes
  expect(codeOf(() => at(mount, `${'x'.repeat(256)}/b.txt`))).toBe('name-too-long');
});

test('splitPath: the parent and the name, or the root alone', () => {
  expect(splitPath([])).toEqual([[], undefined]);
  expect(splitPath(['a'])).toEqual([[], 'a']);
  expect(splitPath(['a', 'b', 'c'])).toEqual([['a', 'b'], 'c']);
});
