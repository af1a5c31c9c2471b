/**
 * Path resolution and the sandbox, as wasmtime (cap-std) does it: a path is relative to its
 * base descriptor, and no step of it (`..`, a symlink, an absolute path) may leave that
 * directory: `not-permitted`. Symlinks are followed where asked, 40 at most (`loop`).
 */
import type { Backend, Entry, Path } from './backend.ts';
import { fsFail } from './errors.ts';
import { type Steps, wait } from './flow.ts';

/** Linux's MAXSYMLINKS. */
const MAX_LINKS = 40;
/** NAME_MAX, in UTF-8 bytes. */
const MAX_NAME_BYTES = 255;

const encoder = new TextEncoder();
const DIRECTORY: Entry = { type: 'directory' };

/** Where a path leads: `name` in `dir`, or `dir` itself when `name` is undefined. */
export interface Resolved {
  dir: string[];
  name: string | undefined;
  /** What is there (after following, where asked); undefined when nothing is. */
  entry: Entry | undefined;
  /** The path ended in `/`: it must name a directory. */
  mustBeDirectory: boolean;
}

/** A lone surrogate: a byte that was not UTF-8 in the guest's string (worker/glue-strings.ts). */
const NOT_UTF8 = /\p{Cs}/u;

/** Refuse bytes that are not UTF-8, as wasmtime's preview1 host does (OPFS names are Unicode). */
function checkUtf8(path: string): void {
  if (NOT_UTF8.test(path)) fsFail('illegal-byte-sequence', 'a path that is not UTF-8');
}

/** Refuse what no symlink target may be. */
export function checkTarget(target: string): void {
  if (target.includes('\0')) fsFail('invalid', 'a path may not contain NUL');
  checkUtf8(target);
  if (target === '') fsFail('no-entry', 'empty symlink target');
}

/** Refuse what no WASI path may hold. */
export function checkPath(path: string): void {
  if (path.includes('\0')) fsFail('invalid', 'a path may not contain NUL');
  checkUtf8(path);
  if (path === '') fsFail('no-entry', 'empty path');
  if (path.startsWith('/')) fsFail('not-permitted', `absolute path "${path}" in a sandbox`);
}

function checkName(name: string): void {
  if (name.length * 3 > MAX_NAME_BYTES && encoder.encode(name).byteLength > MAX_NAME_BYTES) {
    fsFail('name-too-long', `a name of more than ${MAX_NAME_BYTES} bytes`);
  }
}

/**
 * Resolve `path` from the directory `base`. Intermediate symlinks are always followed; the
 * last one when `follow` is set or the path ends in `/`, unless the path is one a call makes
 * (`made`: mkdir, symlink, link and rename's new path): as on Linux, that never follows its last name.
 */
export function* resolve(backend: Backend, base: Path, path: string, follow: boolean, made = false): Steps<Resolved> {
  checkPath(path);
  const rootDepth = base.length;
  const dir = [...base];
  let parts = path.split('/');
  let mustBeDirectory = parts[parts.length - 1] === '';
  parts = parts.filter((p) => p !== '');
  let links = 0;
  let i = 0;
  while (i < parts.length) {
    const part = parts[i];
    const last = i === parts.length - 1;
    i++;
    if (part === '.' || part === '..') {
      if (part === '..') {
        if (dir.length <= rootDepth) fsFail('not-permitted', `"${path}" leaves its directory`);
        dir.pop();
      }
      if (last) return { dir, name: undefined, entry: DIRECTORY, mustBeDirectory };
      continue;
    }
    checkName(part);
    const entry = yield* wait(backend.lookup(dir, part));
    if (entry?.type === 'symbolic-link' && (!last || (!made && (follow || mustBeDirectory)))) {
      if (++links > MAX_LINKS) fsFail('loop', `more than ${MAX_LINKS} symlinks in "${path}"`);
      const target = entry.target!;
      if (target.startsWith('/')) fsFail('not-permitted', `symlink "${part}" points outside the sandbox`);
      const targetParts = target.split('/');
      if (last && targetParts[targetParts.length - 1] === '') mustBeDirectory = true;
      parts = [...targetParts.filter((p) => p !== ''), ...parts.slice(i)];
      i = 0;
      if (parts.length === 0) return { dir, name: undefined, entry: DIRECTORY, mustBeDirectory };
      continue;
    }
    if (last) return { dir, name: part, entry, mustBeDirectory };
    if (!entry) fsFail('no-entry', `"${part}" in "${path}"`);
    if (entry.type !== 'directory') fsFail('not-directory', `"${part}" in "${path}"`);
    dir.push(part);
  }
  return { dir, name: undefined, entry: DIRECTORY, mustBeDirectory };
}

/** The parent of a canonical path and its last name (undefined for the mount root). */
export function splitPath(path: Path): [Path, string | undefined] {
  if (path.length === 0) return [path, undefined];
  return [path.slice(0, -1), path[path.length - 1]];
}
