// What an OPFS mount caches and how one call forgets it (worker/wasi/filesystem/opfs-cache.ts),
// and the one table of OPFS errors (shared/opfs/errors.ts). Handles are stand-ins: the cache
// only keeps them.
import { expect, test } from '@playwright/test';
import { isNamed, opfsErrorCode } from '../shared/opfs/errors.ts';
import { keyOf, LookupCache } from '../worker/wasi/filesystem/opfs-cache.ts';

const dir = (name: string) => ({ name }) as unknown as FileSystemDirectoryHandle;
const file = (name: string) => ({ name }) as unknown as FileSystemFileHandle;

function filled(): LookupCache<string> {
  const cache = new LookupCache<string>(dir('root'));
  for (const key of ['a', 'a/b', 'a/b/c', 'ab', 'x']) cache.keepDir(key, dir(key));
  for (const key of ['a/f', 'a/b/g', 'ab/h', 'top']) cache.keepFile(key, file(key));
  return cache;
}

const dirs = (cache: LookupCache<string>) => ['', 'a', 'a/b', 'a/b/c', 'ab', 'x'].filter((k) => cache.dir(k));
const files = (cache: LookupCache<string>) => ['a/f', 'a/b/g', 'ab/h', 'top'].filter((k) => cache.file(k));

test('keyOf: names from the mount root, joined', () => {
  expect(keyOf([])).toBe('');
  expect(keyOf([], 'a')).toBe('a');
  expect(keyOf(['a', 'b'])).toBe('a/b');
  expect(keyOf(['a', 'b'], 'c')).toBe('a/b/c');
});

test('forget(key) drops the handles at and under key, not its siblings, never the root', () => {
  const cache = filled();
  cache.forget('a/b');
  expect(dirs(cache)).toEqual(['', 'a', 'ab', 'x']);
  expect(files(cache)).toEqual(['a/f', 'ab/h', 'top']);
  cache.forget('a');
  expect(dirs(cache)).toEqual(['', 'ab', 'x']);
  expect(files(cache)).toEqual(['ab/h', 'top']);
  cache.forget('top');
  expect(files(cache)).toEqual(['ab/h']);
  const all = filled();
  all.forget('');
  expect(dirs(all)).toEqual(['']);
  expect(files(all)).toEqual([]);
});

test('the last lookup is taken once, by the same key, and every forget drops it', () => {
  const cache = filled();
  cache.keepFound('a/f', 'file');
  expect(cache.takeFound('a/f')).toMatchObject({ found: 'file' });
  expect(cache.takeFound('a/f')).toBeUndefined();
  cache.keepFound('a/f', 'file');
  expect(cache.takeFound('other')).toBeUndefined();
  expect(cache.takeFound('a/f')).toBeUndefined();
  // Nothing found is an answer too.
  const nothing = new LookupCache<string | undefined>(dir('root'));
  nothing.keepFound('gone', undefined);
  expect(nothing.takeFound('gone')).toMatchObject({ found: undefined });
  cache.keepFound('a/f', 'file');
  cache.forget();
  expect(cache.takeFound('a/f')).toBeUndefined();
  expect(dirs(cache)).toEqual(['', 'a', 'a/b', 'a/b/c', 'ab', 'x']);
  cache.keepFound('x', 'dir');
  cache.forget('elsewhere');
  expect(cache.takeFound('x')).toBeUndefined();
});

test('OPFS errors: one code per DOMException name; anything else has none', () => {
  const dom = (name: string) => new DOMException('m', name);
  expect(opfsErrorCode(dom('NotFoundError'))).toBe('no-entry');
  expect(opfsErrorCode(dom('TypeMismatchError'))).toBe('not-directory');
  expect(opfsErrorCode(dom('NoModificationAllowedError'))).toBe('busy');
  expect(opfsErrorCode(dom('InvalidModificationError'))).toBe('not-empty');
  expect(opfsErrorCode(dom('QuotaExceededError'))).toBe('insufficient-space');
  expect(opfsErrorCode(dom('SecurityError'))).toBe('access');
  expect(opfsErrorCode(dom('InvalidStateError'))).toBe('bad-descriptor');
  expect(opfsErrorCode(new TypeError('bad name'))).toBe('invalid');
  expect(opfsErrorCode(dom('AbortError'))).toBe('io');
  expect(opfsErrorCode(new Error('other'))).toBeUndefined();
  expect(opfsErrorCode(dom('toString'))).toBeUndefined();
  expect(opfsErrorCode(null)).toBeUndefined();
  expect(opfsErrorCode('NotFoundError')).toBeUndefined();
  expect(isNamed(dom('NotFoundError'), 'NotFoundError')).toBe(true);
  expect(isNamed(dom('NotFoundError'), 'TypeMismatchError')).toBe(false);
  expect(isNamed(undefined, 'NotFoundError')).toBe(false);
});
