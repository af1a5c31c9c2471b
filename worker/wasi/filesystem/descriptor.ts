/**
 * wasi:filesystem/types `descriptor`: a directory or a file of a mount. Paths are resolved
 * and checked here (paths.ts), then one primitive of the mount's backend does the work.
 */
import type { Maybe } from '../../bridge/index.ts';
import { then } from '../../bridge/index.ts';
import { forgetRep } from '../cabi.ts';
import { Error as IoError, fail } from '../io/error.ts';
import { ByteQueue, InputStream, OutputStream } from '../io/streams.ts';
import type { Backend, FileData, Kind, Nanos, Path, Stat, TimeChange } from './backend.ts';
import { DirectoryEntryStream } from './directory-entry-stream.ts';
import { type ErrorCode, FsError, fsFail, toErrorCode } from './errors.ts';
import { drive, type Steps, wait } from './flow.ts';
import { resolve, splitPath } from './paths.ts';

/** One mount: a backend, and whether the guest may change it. */
export interface Mount {
  id: number;
  backend: Backend;
  readonly: boolean;
  /**
   * The names of the directory this run listed last, until its next change: the preview1
   * adapter asks metadata-hash-at for every entry it lists, which needs no OPFS call then.
   */
  listed?: { dir: string; names: Set<string> };
  /**
   * The path stat-at resolved last, until the next change: the preview1 adapter asks
   * metadata-hash-at of the same path right after every stat-at (for the inode number).
   */
  statted?: { from: string; path: string; follow: boolean; key: string };
}

export interface DescriptorFlags {
  read?: boolean;
  write?: boolean;
  fileIntegritySync?: boolean;
  dataIntegritySync?: boolean;
  requestedWriteSync?: boolean;
  mutateDirectory?: boolean;
}
export interface PathFlags { symlinkFollow?: boolean }
export interface OpenFlags { create?: boolean; directory?: boolean; exclusive?: boolean; truncate?: boolean }
export interface Datetime { seconds: bigint; nanoseconds: number }
export type NewTimestamp = { tag: 'no-change' } | { tag: 'now' } | { tag: 'timestamp'; val: Datetime };
export type Advice = 'normal' | 'sequential' | 'random' | 'will-need' | 'dont-need' | 'no-reuse';

export interface DescriptorStat {
  type: Kind;
  linkCount: bigint;
  size: bigint;
  dataAccessTimestamp?: Datetime;
  dataModificationTimestamp?: Datetime;
  statusChangeTimestamp?: Datetime;
}

/** The io `error` of a failed stream operation, and the filesystem code behind it. */
const streamErrors = new WeakMap<IoError, ErrorCode>();

/** The error-code a stream error came from (wasi:filesystem/types filesystem-error-code). */
export function streamErrorCode(err: IoError): ErrorCode | undefined {
  return streamErrors.get(err);
}

/** Run a stream's file operation; a failure becomes `last-operation-failed` carrying its code. */
function streamOp<T>(op: () => T): T {
  try {
    return op();
  } catch (e) {
    const code = toErrorCode(e);
    if (!code) throw e;
    const err = new IoError(`${code}: ${(e as Error).message}`);
    streamErrors.set(err, code);
    return fail({ tag: 'last-operation-failed', val: err });
  }
}

/** A stream's reads straight from the file at its position, as the guest asks. */
class FileQueue extends ByteQueue {
  constructor(private readonly data: FileData, private position: number) {
    super();
  }
  override isReady(): boolean {
    return true;
  }
  override takeAlloc(len: number, alloc: (n: number) => Uint8Array): Uint8Array | null {
    if (len === 0) return alloc(0);
    const got = streamOp(() => this.data.readAlloc(Math.min(len, MAX_READ), this.position, alloc));
    if (got.byteLength === 0) return null;
    this.position += got.byteLength;
    return got;
  }
  override take(len: number): Uint8Array | null {
    return this.takeAlloc(len, (n) => new Uint8Array(n));
  }
}

/** The most one read answers (wasmtime: 4 MiB too). */
const MAX_READ = 4 << 20;
/** How much a file output stream takes per write. */
const STREAM_CAPACITY = 1 << 20;
const MAX_SIZE = Number.MAX_SAFE_INTEGER;

function toDatetime(ns: Nanos | undefined): Datetime | undefined {
  if (ns === undefined) return undefined;
  return { seconds: ns / 1_000_000_000n, nanoseconds: Number(ns % 1_000_000_000n) };
}

function toTimeChange(t: NewTimestamp): TimeChange {
  if (t.tag === 'no-change') return undefined;
  if (t.tag === 'now') return 'now';
  if (t.val.nanoseconds >= 1e9) fsFail('invalid', 'nanoseconds beyond a second');
  return t.val.seconds * 1_000_000_000n + BigInt(t.val.nanoseconds);
}

function toStat(stat: Stat): DescriptorStat {
  const mtime = toDatetime(stat.mtime);
  return {
    type: stat.type,
    linkCount: 1n,
    size: BigInt(stat.size),
    dataAccessTimestamp: toDatetime(stat.atime) ?? mtime,
    dataModificationTimestamp: mtime,
    statusChangeTimestamp: mtime,
  };
}

function toOffset(offset: bigint): number {
  if (offset > BigInt(MAX_SIZE)) fsFail('file-too-large');
  return Number(offset);
}

/** 128 bits from a string: two FNV-1a 64-bit hashes with different seeds. */
function hash128(text: string): { lower: bigint; upper: bigint } {
  const prime = 0x100000001b3n;
  const mask = (1n << 64n) - 1n;
  let lower = 0xcbf29ce484222325n;
  let upper = 0x84222325cbf29ce4n;
  for (let i = 0; i < text.length; i++) {
    const c = BigInt(text.charCodeAt(i));
    lower = ((lower ^ c) * prime) & mask;
    upper = ((upper ^ (c + 0x9en)) * prime) & mask;
  }
  return { lower, upper };
}

function key(mount: Mount, dir: Path, name: string | undefined): string {
  return `${mount.id}:${[...dir, ...(name === undefined ? [] : [name])].join('/')}`;
}

export class Descriptor {
  readonly #mount: Mount;
  #path: string[];
  readonly #type: Kind;
  readonly #flags: DescriptorFlags;
  #data: FileData | undefined;
  #open = true;

  constructor(mount: Mount, path: Path, type: Kind, flags: DescriptorFlags, data?: FileData) {
    this.#mount = mount;
    this.#path = [...path];
    this.#type = type;
    this.#flags = flags;
    this.#data = data;
  }

  get #backend(): Backend {
    return this.#mount.backend;
  }

  #file(access?: 'read' | 'write'): void {
    if (!this.#open || this.#type !== 'regular-file') fsFail('bad-descriptor');
    if (access && !this.#flags[access]) fsFail('bad-descriptor', `not opened for ${access}`);
  }

  #directory(): void {
    if (!this.#open) fsFail('bad-descriptor');
    if (this.#type !== 'directory') fsFail('not-directory');
  }

  #mutable(): void {
    if (this.#mount.readonly) fsFail('read-only');
    this.#mount.listed = undefined;
    this.#mount.statted = undefined;
  }

  /** The file's data, opened on first use and shared with other descriptors of the file. */
  #openData(): Maybe<FileData> {
    if (this.#data) return this.#data;
    return then(this.#backend.open(this.#path), (data) => {
      if (this.#data) data.release();
      else this.#data = data;
      return this.#data;
    });
  }

  #run<T>(steps: Steps<T>): Maybe<T> {
    return drive(steps);
  }

  readViaStream(offset: bigint): Maybe<InputStream> {
    this.#file('read');
    const at = toOffset(offset);
    return then(this.#openData(), (data) => new InputStream(new FileQueue(data, at)));
  }

  writeViaStream(offset: bigint): Maybe<OutputStream> {
    this.#file('write');
    let at = toOffset(offset);
    return then(this.#openData(), (data) =>
      new OutputStream({
        write: (bytes) => {
          at += streamOp(() => data.write(bytes, at));
        },
        // A stream's flush makes bytes visible, which a sync handle's write already did; durability
        // is sync/sync-data (a handle flush costs ~1 ms, per 4 KiB call of the preview1 adapter).
        capacity: () => STREAM_CAPACITY,
        borrows: true,
      }),
    );
  }

  appendViaStream(): Maybe<OutputStream> {
    this.#file('write');
    return then(this.#openData(), (data) =>
      new OutputStream({
        write: (bytes) => {
          streamOp(() => data.write(bytes, data.size()));
        },
        capacity: () => STREAM_CAPACITY,
        borrows: true,
      }),
    );
  }

  advise(_offset: bigint, _length: bigint, _advice: Advice): void {
    // OPFS takes no advice; the call still checks its descriptor, as wasmtime's does.
    this.#file();
  }

  syncData(): Maybe<void> {
    return this.sync();
  }

  sync(): Maybe<void> {
    if (!this.#open) fsFail('bad-descriptor');
    if (this.#type !== 'regular-file' || !this.#data) return;
    this.#data.flush();
  }

  getFlags(): DescriptorFlags {
    if (!this.#open) fsFail('bad-descriptor');
    return this.#flags;
  }

  getType(): Kind {
    if (!this.#open) fsFail('bad-descriptor');
    return this.#type;
  }

  setSize(size: bigint): Maybe<void> {
    this.#file('write');
    const n = toOffset(size);
    return then(this.#openData(), (data) => data.truncate(n));
  }

  setTimes(atime: NewTimestamp, mtime: NewTimestamp): Maybe<void> {
    if (!this.#open) fsFail('bad-descriptor');
    this.#mutable();
    const [dir, name] = splitPath(this.#path);
    return this.#backend.setTimes(dir, name, toTimeChange(atime), toTimeChange(mtime));
  }

  read(length: bigint, offset: bigint): Maybe<[Uint8Array, boolean]> {
    return this.readInto(length, offset, (n) => new Uint8Array(n));
  }

  /** read() into memory `alloc` gives, as big as what is read (the fast path: no copy). */
  readInto(length: bigint, offset: bigint, alloc: (n: number) => Uint8Array): Maybe<[Uint8Array, boolean]> {
    this.#file('read');
    const at = toOffset(offset);
    const n = length > BigInt(MAX_READ) ? MAX_READ : Number(length);
    const read = (data: FileData): [Uint8Array, boolean] => {
      const got = data.readAlloc(n, at, alloc);
      return [got, got.byteLength === 0 && n > 0];
    };
    return this.#data ? read(this.#data) : then(this.#openData(), read);
  }

  write(buffer: Uint8Array, offset: bigint): Maybe<bigint> {
    this.#file('write');
    const at = toOffset(offset);
    if (at + buffer.byteLength > MAX_SIZE) fsFail('file-too-large');
    const write = (data: FileData) => BigInt(data.write(buffer, at));
    return this.#data ? write(this.#data) : then(this.#openData(), write);
  }

  readDirectory(): Maybe<DirectoryEntryStream> {
    this.#directory();
    return then(this.#backend.list(this.#path), (entries) => {
      this.#mount.listed = { dir: this.#path.join('/'), names: new Set(entries.map(([name]) => name)) };
      return new DirectoryEntryStream(entries);
    });
  }

  createDirectoryAt(path: string): Maybe<void> {
    this.#mutable();
    this.#directory();
    const self = this;
    return this.#run((function* () {
      const at = yield* resolve(self.#backend, self.#path, path, false);
      if (at.name === undefined || at.entry) fsFail('exist');
      yield* wait(self.#backend.mkdir(at.dir, at.name));
    })());
  }

  stat(): Maybe<DescriptorStat> {
    if (!this.#open) fsFail('bad-descriptor');
    const [dir, name] = splitPath(this.#path);
    return then(this.#backend.stat(dir, name), toStat);
  }

  statAt(pathFlags: PathFlags, path: string): Maybe<DescriptorStat> {
    this.#directory();
    const self = this;
    return this.#run((function* () {
      const at = yield* resolve(self.#backend, self.#path, path, !!pathFlags.symlinkFollow);
      if (at.name !== undefined && !at.entry) fsFail('no-entry');
      if (at.mustBeDirectory && at.entry?.type !== 'directory') fsFail('not-directory');
      const stat = toStat(yield* wait(self.#backend.stat(at.dir, at.name)));
      const from = self.#path.join('/');
      self.#mount.statted = { from, path, follow: !!pathFlags.symlinkFollow, key: key(self.#mount, at.dir, at.name) };
      return stat;
    })());
  }

  setTimesAt(pathFlags: PathFlags, path: string, atime: NewTimestamp, mtime: NewTimestamp): Maybe<void> {
    this.#mutable();
    this.#directory();
    const self = this;
    return this.#run((function* () {
      const at = yield* resolve(self.#backend, self.#path, path, !!pathFlags.symlinkFollow);
      if (at.name !== undefined && !at.entry) fsFail('no-entry');
      yield* wait(self.#backend.setTimes(at.dir, at.name, toTimeChange(atime), toTimeChange(mtime)));
    })());
  }

  linkAt(oldPathFlags: PathFlags, oldPath: string, newDescriptor: Descriptor, newPath: string): Maybe<void> {
    this.#mutable();
    this.#directory();
    newDescriptor.#directory();
    const self = this;
    return this.#run((function* () {
      const from = yield* resolve(self.#backend, self.#path, oldPath, !!oldPathFlags.symlinkFollow);
      if (from.name === undefined || !from.entry) fsFail(from.name === undefined ? 'is-directory' : 'no-entry');
      const to = yield* resolve(newDescriptor.#backend, newDescriptor.#path, newPath, false);
      if (to.name === undefined || to.entry) fsFail('exist');
      if (newDescriptor.#mount !== self.#mount) fsFail('cross-device');
      // OPFS has no hard links: see the README.
      fsFail('unsupported', 'hard links');
    })());
  }

  openAt(pathFlags: PathFlags, path: string, openFlags: OpenFlags, flags: DescriptorFlags): Maybe<Descriptor> {
    this.#directory();
    if (openFlags.directory && (openFlags.create || openFlags.exclusive || openFlags.truncate)) fsFail('invalid');
    const self = this;
    const mount = this.#mount;
    return this.#run((function* () {
      const at = yield* resolve(mount.backend, self.#path, path, !!pathFlags.symlinkFollow);
      const changes = openFlags.create || openFlags.truncate || flags.write;
      let type = at.entry?.type;
      if (!at.entry) {
        if (!openFlags.create || openFlags.directory) fsFail('no-entry');
        if (at.mustBeDirectory) fsFail('is-directory');
        if (mount.readonly) fsFail('read-only');
        mount.listed = undefined;
        mount.statted = undefined;
        yield* wait(mount.backend.createFile(at.dir, at.name!));
        type = 'regular-file';
      } else {
        if (openFlags.create && openFlags.exclusive) fsFail('exist');
        if (type === 'symbolic-link') fsFail('loop', 'not following a symlink');
        if (type === 'directory') {
          if (flags.write || openFlags.truncate) fsFail('is-directory');
        } else if (openFlags.directory || at.mustBeDirectory) {
          fsFail('not-directory');
        }
        if (changes && mount.readonly) fsFail('read-only');
      }
      const canonical = at.name === undefined ? at.dir : [...at.dir, at.name];
      const given = mount.readonly ? { ...flags, write: false, mutateDirectory: false } : flags;
      const opened = new Descriptor(mount, canonical, type!, given);
      if (openFlags.truncate && type === 'regular-file') {
        const data = yield* wait(opened.#openData());
        data.truncate(0);
      }
      return opened;
    })());
  }

  readlinkAt(path: string): Maybe<string> {
    this.#directory();
    const self = this;
    return this.#run((function* () {
      const at = yield* resolve(self.#backend, self.#path, path, false);
      if (at.name !== undefined && !at.entry) fsFail('no-entry');
      if (at.entry?.type !== 'symbolic-link') fsFail('invalid', 'not a symlink');
      return at.entry.target!;
    })());
  }

  removeDirectoryAt(path: string): Maybe<void> {
    this.#mutable();
    this.#directory();
    const self = this;
    return this.#run((function* () {
      const at = yield* resolve(self.#backend, self.#path, path, false);
      if (at.name === undefined) fsFail('invalid', 'cannot remove "." or ".."');
      if (!at.entry) fsFail('no-entry');
      if (at.entry.type !== 'directory') fsFail('not-directory');
      const entries = yield* wait(self.#backend.list([...at.dir, at.name]));
      if (entries.length > 0) fsFail('not-empty');
      yield* wait(self.#backend.remove(at.dir, at.name, 'directory'));
    })());
  }

  renameAt(oldPath: string, newDescriptor: Descriptor, newPath: string): Maybe<void> {
    this.#mutable();
    this.#directory();
    newDescriptor.#directory();
    const self = this;
    return this.#run((function* () {
      const from = yield* resolve(self.#backend, self.#path, oldPath, false);
      if (from.name === undefined) fsFail('invalid', 'cannot rename "." or ".."');
      if (!from.entry) fsFail('no-entry');
      const to = yield* resolve(newDescriptor.#backend, newDescriptor.#path, newPath, false);
      if (to.name === undefined) fsFail(from.entry.type === 'directory' ? 'invalid' : 'is-directory');
      if (newDescriptor.#mount !== self.#mount) fsFail('cross-device');
      const source = [...from.dir, from.name];
      const target = [...to.dir, to.name];
      if (source.join('/') === target.join('/')) return;
      const isDir = from.entry.type === 'directory';
      if (isDir && target.length > source.length && source.every((p, i) => target[i] === p)) {
        fsFail('invalid', 'a directory cannot move into itself');
      }
      if ((from.mustBeDirectory || to.mustBeDirectory) && !isDir) fsFail('not-directory');
      if (to.entry) {
        const toDir = to.entry.type === 'directory';
        if (isDir && !toDir) fsFail('not-directory');
        if (!isDir && toDir) fsFail('is-directory');
        if (toDir) {
          const entries = yield* wait(self.#backend.list(target));
          if (entries.length > 0) fsFail('not-empty');
        }
        yield* wait(self.#backend.remove(to.dir, to.name, to.entry.type));
      }
      yield* wait(self.#backend.rename(from.dir, from.name, to.dir, to.name, from.entry.type));
    })());
  }

  symlinkAt(oldPath: string, newPath: string): Maybe<void> {
    this.#mutable();
    this.#directory();
    if (oldPath.includes('\0')) fsFail('invalid', 'a path may not contain NUL');
    if (oldPath === '') fsFail('no-entry', 'empty symlink target');
    const self = this;
    return this.#run((function* () {
      const at = yield* resolve(self.#backend, self.#path, newPath, false);
      if (at.name === undefined || at.entry) fsFail('exist');
      yield* wait(self.#backend.symlink(at.dir, at.name, oldPath));
    })());
  }

  unlinkFileAt(path: string): Maybe<void> {
    this.#mutable();
    this.#directory();
    const self = this;
    return this.#run((function* () {
      const at = yield* resolve(self.#backend, self.#path, path, false);
      if (at.name === undefined) fsFail('is-directory');
      if (!at.entry) fsFail('no-entry');
      if (at.entry.type === 'directory') fsFail('is-directory');
      if (at.mustBeDirectory) fsFail('not-directory');
      yield* wait(self.#backend.remove(at.dir, at.name, at.entry.type));
    })());
  }

  isSameObject(other: Descriptor): boolean {
    return other.#mount === this.#mount && other.#path.join('/') === this.#path.join('/');
  }

  metadataHash(): { lower: bigint; upper: bigint } {
    if (!this.#open) fsFail('bad-descriptor');
    const [dir, name] = splitPath(this.#path);
    return hash128(key(this.#mount, dir, name));
  }

  metadataHashAt(pathFlags: PathFlags, path: string): Maybe<{ lower: bigint; upper: bigint }> {
    this.#directory();
    const listed = this.#mount.listed;
    if (!pathFlags.symlinkFollow && listed?.dir === this.#path.join('/') && listed.names.has(path)) {
      return hash128(key(this.#mount, this.#path, path));
    }
    const statted = this.#mount.statted;
    this.#mount.statted = undefined;
    if (statted && statted.from === this.#path.join('/') && statted.path === path && statted.follow === !!pathFlags.symlinkFollow) {
      return hash128(statted.key);
    }
    const self = this;
    return this.#run((function* () {
      const at = yield* resolve(self.#backend, self.#path, path, !!pathFlags.symlinkFollow);
      if (at.name !== undefined && !at.entry) fsFail('no-entry');
      return hash128(key(self.#mount, at.dir, at.name));
    })());
  }

  [Symbol.dispose](): void {
    forgetRep(this);
    if (!this.#open) return;
    this.#open = false;
    const data = this.#data;
    this.#data = undefined;
    data?.release();
  }
}

export { FsError };
