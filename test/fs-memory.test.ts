// The memory backend (worker/wasi/filesystem/memory.ts), alone and under descriptors
// (descriptor.ts, mount.ts): every call answers at once, so no step here is a Promise.
import { expect, test } from '@playwright/test';
import type { FileData } from '../worker/wasi/filesystem/backend.ts';
import { Descriptor, type DescriptorStat } from '../worker/wasi/filesystem/descriptor.ts';
import { MemoryBackend } from '../worker/wasi/filesystem/memory.ts';
import { Mount } from '../worker/wasi/filesystem/mount.ts';
import { codeOf } from './fs-code.ts';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const bytes = (s: string) => new TextEncoder().encode(s);

/** Everything `file` holds. */
function contents(file: FileData): string {
  return text(file.readAlloc(1 << 20, 0, (n) => new Uint8Array(n)));
}

test('the backend starts with its files, directories made as needed', () => {
  const mount = new MemoryBackend({ 'a/b/c.txt': 'deep', 'top.txt': bytes('top'), './d//e.txt': '' });
  expect(mount.list([]).sort()).toEqual([['a', 'directory'], ['d', 'directory'], ['top.txt', 'regular-file']]);
  expect(mount.lookup(['a', 'b'], 'c.txt')).toEqual({ type: 'regular-file' });
  expect(mount.lookup([], 'none')).toBeUndefined();
  expect(mount.stat(['a', 'b'], 'c.txt')).toMatchObject({ type: 'regular-file', size: 4 });
  expect(mount.stat(['d'], 'e.txt').size).toBe(0);
  expect(() => new MemoryBackend({ '../x': 'out' })).toThrow(TypeError);
  expect(() => new MemoryBackend({ 'top.txt': '', 'top.txt/x': '' })).toThrow(TypeError);
});

test('files: write anywhere, read back, truncate, append', () => {
  const mount = new MemoryBackend();
  mount.createFile([], 'f');
  const file = mount.open(['f']);
  expect(file.write(bytes('hello'), 0)).toBe(5);
  expect(file.write(bytes('!'), 8)).toBe(1);
  expect(file.size()).toBe(9);
  expect(contents(file)).toBe('hello\0\0\0!');
  const into = new Uint8Array(3);
  expect(file.read(into, 1)).toBe(3);
  expect(text(into)).toBe('ell');
  expect(file.read(new Uint8Array(4), 9)).toBe(0);
  file.truncate(2);
  file.truncate(4);
  expect(contents(file)).toBe('he\0\0');
  // A second writer sees the same bytes: one file, whoever opened it.
  const other = mount.open(['f']);
  other.write(bytes('XY'), other.size());
  expect(contents(file)).toBe('he\0\0XY');
  // A big write grows the file past its buffer.
  file.write(new Uint8Array(100_000).fill(7), 0);
  expect(file.size()).toBe(100_000);
  expect(mount.stat([], 'f').size).toBe(100_000);
});

test('directories: make, list, rename with their contents, remove', () => {
  const mount = new MemoryBackend({ 'a/x.txt': 'x' });
  mount.mkdir([], 'b');
  expect(codeOf(() => mount.mkdir([], 'b'))).toBe('exist');
  mount.createFile(['a'], 'x.txt'); // already there: kept as it is
  expect(contents(mount.open(['a', 'x.txt']))).toBe('x');
  mount.rename([], 'a', ['b'], 'moved', 'directory');
  expect(mount.lookup([], 'a')).toBeUndefined();
  expect(contents(mount.open(['b', 'moved', 'x.txt']))).toBe('x');
  mount.rename(['b', 'moved'], 'x.txt', [], 'y.txt', 'regular-file');
  expect(mount.list(['b', 'moved'])).toEqual([]);
  expect(mount.lookup([], 'y.txt')).toEqual({ type: 'regular-file' });
  mount.remove(['b'], 'moved', 'directory');
  expect(mount.list(['b'])).toEqual([]);
  expect(codeOf(() => mount.remove(['b'], 'moved', 'directory'))).toBe('no-entry');
  expect(codeOf(() => mount.list(['y.txt']))).toBe('not-directory');
  expect(codeOf(() => mount.list(['none']))).toBe('no-entry');
  expect(codeOf(() => mount.open(['b']))).toBe('is-directory');
});

test('symlinks and times', () => {
  const mount = new MemoryBackend({ 'f.txt': 'f' });
  mount.symlink([], 'l', 'f.txt');
  expect(mount.lookup([], 'l')).toEqual({ type: 'symbolic-link', target: 'f.txt' });
  expect(mount.stat([], 'l')).toMatchObject({ type: 'symbolic-link', size: 5 });
  expect(codeOf(() => mount.symlink([], 'f.txt', 'x'))).toBe('exist');
  mount.setTimes([], 'f.txt', 1_000_000_000n, 2_000_000_000n);
  expect(mount.stat([], 'f.txt')).toMatchObject({ atime: 1_000_000_000n, mtime: 2_000_000_000n });
  mount.setTimes([], 'f.txt', undefined, 'now');
  const stat = mount.stat([], 'f.txt');
  expect(stat.atime).toBe(1_000_000_000n);
  expect(stat.mtime! > 1_600_000_000_000_000_000n).toBe(true);
});

/** The root descriptor of a memory mount with `files`. */
function rootOf(files: Record<string, string> = {}, readonly = false): Descriptor {
  const mount = new Mount(0, new MemoryBackend(files), readonly);
  return new Descriptor(mount, [], 'directory', { read: true, mutateDirectory: !readonly });
}

function names(dir: Descriptor): string[] {
  const stream = dir.readDirectory() as ReturnType<Descriptor['readDirectory']> & { readDirectoryEntry(): { name: string } | undefined };
  const out: string[] = [];
  for (let e = stream.readDirectoryEntry(); e; e = stream.readDirectoryEntry()) out.push(e.name);
  return out.sort();
}

test('descriptors on a memory mount: create, write, read, list, rename, remove', () => {
  const root = rootOf({ 'in.txt': 'input' });
  root.createDirectoryAt('out');
  expect(codeOf(() => root.createDirectoryAt('out'))).toBe('exist');
  const file = root.openAt({}, 'out/r.txt', { create: true }, { read: true, write: true }) as Descriptor;
  expect(file.write(bytes('result'), 0n)).toBe(6n);
  const [got, end] = file.read(100n, 0n) as [Uint8Array, boolean];
  expect([text(got), end]).toEqual(['result', false]);
  expect((file.read(100n, 6n) as [Uint8Array, boolean])[1]).toBe(true);
  expect((root.statAt({}, 'out/r.txt') as DescriptorStat).size).toBe(6n);
  expect(names(root)).toEqual(['in.txt', 'out']);
  root.renameAt('out/r.txt', root, 'r.txt');
  expect(names(root)).toEqual(['in.txt', 'out', 'r.txt']);
  expect(codeOf(() => root.removeDirectoryAt('in.txt'))).toBe('not-directory');
  root.createDirectoryAt('out/sub');
  expect(codeOf(() => root.removeDirectoryAt('out'))).toBe('not-empty');
  root.removeDirectoryAt('out/sub');
  root.removeDirectoryAt('out');
  root.unlinkFileAt('in.txt');
  expect(names(root)).toEqual(['r.txt']);
  expect(codeOf(() => root.openAt({}, 'in.txt', {}, { read: true }))).toBe('no-entry');
  expect(codeOf(() => root.openAt({}, 'r.txt', { create: true, exclusive: true }, { write: true }))).toBe('exist');
  const truncated = root.openAt({}, 'r.txt', { truncate: true }, { write: true }) as Descriptor;
  expect((truncated.stat() as DescriptorStat).size).toBe(0n);
});

test('a readonly mount refuses every change with read-only, and reads as usual', () => {
  const root = rootOf({ 'f.txt': 'kept', 'd/x': '' }, true);
  expect(codeOf(() => root.createDirectoryAt('n'))).toBe('read-only');
  expect(codeOf(() => root.openAt({}, 'new.txt', { create: true }, { write: true }))).toBe('read-only');
  expect(codeOf(() => root.openAt({}, 'f.txt', {}, { write: true }))).toBe('read-only');
  expect(codeOf(() => root.openAt({}, 'f.txt', { truncate: true }, { read: true }))).toBe('read-only');
  expect(codeOf(() => root.unlinkFileAt('f.txt'))).toBe('read-only');
  expect(codeOf(() => root.removeDirectoryAt('d'))).toBe('read-only');
  expect(codeOf(() => root.renameAt('f.txt', root, 'g.txt'))).toBe('read-only');
  expect(codeOf(() => root.symlinkAt('f.txt', 'l'))).toBe('read-only');
  expect(codeOf(() => root.setTimesAt({}, 'f.txt', { tag: 'now' }, { tag: 'now' }))).toBe('read-only');
  const file = root.openAt({}, 'f.txt', {}, { read: true }) as Descriptor;
  const dir = root.openAt({}, 'd', { directory: true }, { read: true, mutateDirectory: true }) as Descriptor;
  expect(dir.getFlags()).toMatchObject({ read: true, mutateDirectory: false });
  expect(text((file.read(10n, 0n) as [Uint8Array, boolean])[0])).toBe('kept');
  expect(codeOf(() => file.write(bytes('x'), 0n))).toBe('bad-descriptor');
});

test('metadata hashes: one per entry, the same from a listing, a stat-at or a lookup, none for a removed name', () => {
  const root = rootOf({ 'a.txt': 'a', 'b.txt': 'b' });
  const opened = root.openAt({}, 'a.txt', {}, { read: true }) as Descriptor;
  const own = opened.metadataHash();
  const looked = root.metadataHashAt({}, 'a.txt');
  expect(looked).toEqual(own);
  expect(root.metadataHashAt({}, 'b.txt')).not.toEqual(own);
  names(root);
  expect(root.metadataHashAt({}, 'a.txt')).toEqual(own); // from the listing
  root.statAt({}, 'a.txt');
  expect(root.metadataHashAt({}, 'a.txt')).toEqual(own); // from the stat-at
  // After a change the listing and the stat-at are forgotten: the name is looked up again.
  root.statAt({}, 'a.txt');
  names(root);
  root.unlinkFileAt('a.txt');
  expect(codeOf(() => root.metadataHashAt({}, 'a.txt'))).toBe('no-entry');
  // Creating a file is a change too.
  names(root);
  root.openAt({}, 'c.txt', { create: true }, { write: true });
  root.renameAt('b.txt', root, 'moved.txt');
  expect(codeOf(() => root.metadataHashAt({}, 'b.txt'))).toBe('no-entry');
});
