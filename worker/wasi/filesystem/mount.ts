/**
 * One mount of a run: its backend, whether the guest may change it, and what its last calls
 * found, kept for the preview1 adapter's metadata-hash-at (which would otherwise cost an OPFS
 * lookup per call) and forgotten at every change, in {@link Mount.change}.
 */
import type { Backend, Path } from './backend.ts';
import { fsFail } from './errors.ts';

/** A mount: what a descriptor reaches its files through. */
export class Mount {
  /**
   * The names of the directory this run listed last, until its next change: the preview1
   * adapter asks metadata-hash-at for every entry it lists, which needs no OPFS call then.
   */
  #listed: { dir: string; names: Set<string> } | undefined;
  /**
   * The path stat-at resolved last, until the next change: the preview1 adapter asks
   * metadata-hash-at of the same path right after every stat-at (for the inode number).
   */
  #statted: { from: string; path: string; follow: boolean; key: string } | undefined;

  constructor(
    readonly id: number,
    readonly backend: Backend,
    readonly readonly: boolean,
  ) {}

  /** The guest changes the mount: refused if it is read-only; what the last calls found is forgotten. */
  change(): void {
    if (this.readonly) fsFail('read-only');
    this.#listed = undefined;
    this.#statted = undefined;
  }

  /** What identifies `name` in `dir` (or `dir`) across the run: the metadata hash's input. */
  keyOf(dir: Path, name: string | undefined): string {
    return `${this.id}:${[...dir, ...(name === undefined ? [] : [name])].join('/')}`;
  }

  /** Directory `dir` was just listed: these are its names. */
  listed(dir: Path, names: string[]): void {
    this.#listed = { dir: dir.join('/'), names: new Set(names) };
  }

  /** stat-at of `path` from `from` resolved to the entry of `key`. */
  statted(from: Path, path: string, follow: boolean, key: string): void {
    this.#statted = { from: from.join('/'), path, follow, key };
  }

  /**
   * The key of `path` from `from`, when the last listing or stat-at already resolved it; the
   * stat-at's is taken once.
   */
  knownKey(from: Path, path: string, follow: boolean): string | undefined {
    const dir = from.join('/');
    const listed = this.#listed;
    if (!follow && listed?.dir === dir && listed.names.has(path)) return this.keyOf(from, path);
    const statted = this.#statted;
    this.#statted = undefined;
    if (statted && statted.from === dir && statted.path === path && statted.follow === follow) return statted.key;
    return undefined;
  }
}
