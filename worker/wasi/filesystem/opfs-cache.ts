/**
 * What an OPFS mount remembers between its calls, and the one way to forget it
 * ({@link LookupCache.forget}), which every change of the mount goes through.
 *
 * Handles name paths, not entries: if another tab removed what one names, its next use fails with
 * NotFoundError (no-entry), which is the check. So they stay cached until this mount changes the
 * path or finds it gone. Never cached: whether a name exists, sizes, times, the metadata record
 * (beyond the one lookup a stat-at or open-at repeats in the same host call).
 */

/** `dir/name` (or `dir`) as a cache key; '' is the mount root. */
export function keyOf(dir: readonly string[], name?: string): string {
  return name === undefined ? dir.join('/') : dir.length === 0 ? name : `${dir.join('/')}/${name}`;
}

/** Whether `key` is `at` or under it. */
function within(key: string, at: string): boolean {
  return at === '' || key === at || key.startsWith(`${at}/`);
}

/** The handles of one mount by path (keyOf), and what its last lookup found (`Found`). */
export class LookupCache<Found> {
  readonly #dirs = new Map<string, FileSystemDirectoryHandle>();
  /** File handles seen by a lookup or a create, for the open that usually follows. */
  readonly #files = new Map<string, FileSystemFileHandle>();
  /**
   * What the last lookup found, for the stat-at or open-at on the same name that follows it in
   * the same host call. Taken once, dropped by every change: it never ages.
   */
  #found: { key: string; found: Found } | undefined;

  constructor(root: FileSystemDirectoryHandle) {
    this.#dirs.set('', root);
  }

  dir(key: string): FileSystemDirectoryHandle | undefined {
    return this.#dirs.get(key);
  }

  keepDir(key: string, handle: FileSystemDirectoryHandle): void {
    this.#dirs.set(key, handle);
  }

  file(key: string): FileSystemFileHandle | undefined {
    return this.#files.get(key);
  }

  keepFile(key: string, handle: FileSystemFileHandle): void {
    this.#files.set(key, handle);
  }

  /** Remember what the lookup of `key` found (the last lookup is forgotten first, see lookup). */
  keepFound(key: string, found: Found): void {
    this.#found = { key, found };
  }

  /** What the lookup just before found for `key`, if it was that one; taken once. */
  takeFound(key: string): { found: Found } | undefined {
    const memo = this.#found;
    this.#found = undefined;
    return memo && memo.key === key ? memo : undefined;
  }

  /**
   * The mount changed: forget the last lookup and, given `key`, every handle at and under it
   * (it was removed, renamed, or found gone; '' is the whole mount but its root).
   */
  forget(key?: string): void {
    this.#found = undefined;
    if (key === undefined) return;
    for (const k of this.#dirs.keys()) if (k !== '' && within(k, key)) this.#dirs.delete(k);
    for (const k of this.#files.keys()) if (within(k, key)) this.#files.delete(k);
  }
}
