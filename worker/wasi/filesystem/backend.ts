/**
 * What backs a mount. The descriptor layer (descriptor.ts, paths.ts) resolves paths, follows
 * symlinks and checks the sandbox and the WASI rules; a backend only does primitive operations
 * on canonical paths (names from the mount root, no `.`/`..`, no symlinks inside).
 * Directory operations may wait (Maybe); file data, once a file is opened, never does.
 */
import type { Maybe } from '../../bridge/index.ts';

export type Kind = 'directory' | 'regular-file' | 'symbolic-link';

/** Names from the mount root; [] is the root. */
export type Path = readonly string[];

/** What a name is, without following it. */
export interface Entry {
  type: Kind;
  /** A symlink's target. */
  target?: string;
}

/** Nanoseconds since the epoch. */
export type Nanos = bigint;

export interface Stat {
  type: Kind;
  size: number;
  atime?: Nanos;
  mtime?: Nanos;
}

/** A time to set: a value, 'now', or undefined to leave it. */
export type TimeChange = Nanos | 'now' | undefined;

/** An open file's data: one per file, shared by every descriptor of it (reference-counted). */
export interface FileData {
  /** Read into `into` from `offset`; answers the bytes read (0 at the end). */
  read(into: Uint8Array, offset: number): number;
  /**
   * Read at most `max` bytes from `offset` into memory that `alloc(n)` gives for exactly the
   * bytes there are (guest memory, on the fast path); answers the bytes read.
   */
  readAlloc(max: number, offset: number, alloc: (n: number) => Uint8Array): Uint8Array;
  /** Write `bytes` at `offset`; answers the bytes written (all of them, or throws). */
  write(bytes: Uint8Array, offset: number): number;
  size(): number;
  truncate(size: number): void;
  flush(): void;
  /** Drop one reference; the last one closes the file (and releases its lock). */
  release(): void;
}

export interface Backend {
  /** What `name` in `dir` is; undefined when nothing is there. */
  lookup(dir: Path, name: string): Maybe<Entry | undefined>;
  /** Stat `name` in `dir` (or `dir` itself), not following a symlink. */
  stat(dir: Path, name?: string): Maybe<Stat>;
  /** The names in `dir` and what each is. */
  list(dir: Path): Maybe<[string, Kind][]>;
  mkdir(dir: Path, name: string): Maybe<void>;
  /** Make an empty file unless one is there. */
  createFile(dir: Path, name: string): Maybe<void>;
  /** Remove a file, an empty directory or a symlink (the caller has checked which). */
  remove(dir: Path, name: string, type: Kind): Maybe<void>;
  /** Move `from` to `to`; `to` is free or was removed by the caller. */
  rename(fromDir: Path, fromName: string, toDir: Path, toName: string, type: Kind): Maybe<void>;
  symlink(dir: Path, name: string, target: string): Maybe<void>;
  setTimes(dir: Path, name: string | undefined, atime: TimeChange, mtime: TimeChange): Maybe<void>;
  /** Open (or share) the data of the file at `path`. */
  open(path: Path): Maybe<FileData>;
  /** Close every file opened (the run is over), releasing what OPFS locks; none where nothing locks. */
  closeAll?(): void;
}
