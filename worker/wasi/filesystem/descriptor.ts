/**
 * wasi:filesystem/types `descriptor`: a directory or a file of a mount. Paths are resolved
 * and checked here (paths.ts), then one primitive of the mount's backend does the work.
 * A call of several steps is a private generator (`*#…Steps`): see flow.ts.
 */
import type { Maybe } from '../../bridge/index.ts';
import { then } from '../../bridge/index.ts';
import { forgetRep } from '../cabi.ts';
import type { InputStream, OutputStream } from '../io/streams.ts';
import type { Backend, FileData, Kind, Path } from './backend.ts';
import { DirectoryEntryStream } from './directory-entry-stream.ts';
import { FsError, fsFail } from './errors.ts';
import { appendStream, MAX_READ, readStream, writeStream } from './file-streams.ts';
import { drive, type Steps, wait } from './flow.ts';
import type { Mount } from './mount.ts';
import { checkTarget, resolve, splitPath } from './paths.ts';
import {
  type DescriptorStat, hash128, type MetadataHashValue, type NewTimestamp, toStat, toTimeChange,
} from './stat.ts';

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
export type Advice = 'normal' | 'sequential' | 'random' | 'will-need' | 'dont-need' | 'no-reuse';

const MAX_SIZE = Number.MAX_SAFE_INTEGER;

function toOffset(offset: bigint): number {
  if (offset > BigInt(MAX_SIZE)) fsFail('file-too-large');
  return Number(offset);
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

  /** The file's data, opened on first use and shared with other descriptors of the file. */
  #openData(): Maybe<FileData> {
    if (this.#data) return this.#data;
    return then(this.#backend.open(this.#path), (data) => {
      if (this.#data) data.release();
      else this.#data = data;
      return this.#data;
    });
  }

  /** Run a call's steps: synchronously while none waits (flow.ts). */
  #run<T>(steps: Steps<T>): Maybe<T> {
    return drive(steps);
  }

  readViaStream(offset: bigint): Maybe<InputStream> {
    this.#file('read');
    const at = toOffset(offset);
    return then(this.#openData(), (data) => readStream(data, at));
  }

  writeViaStream(offset: bigint): Maybe<OutputStream> {
    this.#file('write');
    const at = toOffset(offset);
    return then(this.#openData(), (data) => writeStream(data, at));
  }

  appendViaStream(): Maybe<OutputStream> {
    this.#file('write');
    return then(this.#openData(), appendStream);
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
    this.#mount.change();
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
      // Nothing read is the end, as in wasmtime: the adapter takes 0 bytes short of it for EINTR.
      return [got, got.byteLength === 0];
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
      this.#mount.listed(this.#path, entries.map(([name]) => name));
      return new DirectoryEntryStream(entries);
    });
  }

  createDirectoryAt(path: string): Maybe<void> {
    this.#mount.change();
    this.#directory();
    return this.#run(this.#createDirectoryAtSteps(path));
  }

  *#createDirectoryAtSteps(path: string): Steps<void> {
    const at = yield* resolve(this.#backend, this.#path, path, false, true);
    if (at.name === undefined || at.entry) fsFail('exist');
    yield* wait(this.#backend.mkdir(at.dir, at.name));
  }

  stat(): Maybe<DescriptorStat> {
    if (!this.#open) fsFail('bad-descriptor');
    const [dir, name] = splitPath(this.#path);
    return then(this.#backend.stat(dir, name), toStat);
  }

  statAt(pathFlags: PathFlags, path: string): Maybe<DescriptorStat> {
    this.#directory();
    return this.#run(this.#statAtSteps(!!pathFlags.symlinkFollow, path));
  }

  *#statAtSteps(follow: boolean, path: string): Steps<DescriptorStat> {
    const at = yield* resolve(this.#backend, this.#path, path, follow);
    if (at.name !== undefined && !at.entry) fsFail('no-entry');
    if (at.mustBeDirectory && at.entry?.type !== 'directory') fsFail('not-directory');
    const stat = toStat(yield* wait(this.#backend.stat(at.dir, at.name)));
    this.#mount.statted(this.#path, path, follow, this.#mount.keyOf(at.dir, at.name));
    return stat;
  }

  setTimesAt(pathFlags: PathFlags, path: string, atime: NewTimestamp, mtime: NewTimestamp): Maybe<void> {
    this.#mount.change();
    this.#directory();
    return this.#run(this.#setTimesAtSteps(!!pathFlags.symlinkFollow, path, atime, mtime));
  }

  *#setTimesAtSteps(follow: boolean, path: string, atime: NewTimestamp, mtime: NewTimestamp): Steps<void> {
    const at = yield* resolve(this.#backend, this.#path, path, follow);
    if (at.name !== undefined && !at.entry) fsFail('no-entry');
    yield* wait(this.#backend.setTimes(at.dir, at.name, toTimeChange(atime), toTimeChange(mtime)));
  }

  linkAt(oldPathFlags: PathFlags, oldPath: string, newDescriptor: Descriptor, newPath: string): Maybe<void> {
    this.#mount.change();
    this.#directory();
    newDescriptor.#directory();
    return this.#run(this.#linkAtSteps(!!oldPathFlags.symlinkFollow, oldPath, newDescriptor, newPath));
  }

  *#linkAtSteps(follow: boolean, oldPath: string, newDescriptor: Descriptor, newPath: string): Steps<void> {
    const from = yield* resolve(this.#backend, this.#path, oldPath, follow);
    if (from.name === undefined || !from.entry) fsFail(from.name === undefined ? 'is-directory' : 'no-entry');
    if (from.mustBeDirectory && from.entry.type !== 'directory') fsFail('not-directory');
    const to = yield* resolve(newDescriptor.#backend, newDescriptor.#path, newPath, false, true);
    if (to.name === undefined || to.entry) fsFail('exist');
    if (to.mustBeDirectory) fsFail('no-entry'); // a new name ending in `/` (Linux's ENOENT)
    if (newDescriptor.#mount !== this.#mount) fsFail('cross-device');
    // OPFS has no hard links: see the README.
    fsFail('unsupported', 'hard links');
  }

  openAt(pathFlags: PathFlags, path: string, openFlags: OpenFlags, flags: DescriptorFlags): Maybe<Descriptor> {
    this.#directory();
    if (openFlags.directory && (openFlags.create || openFlags.exclusive || openFlags.truncate)) fsFail('invalid');
    return this.#run(this.#openAtSteps(!!pathFlags.symlinkFollow, path, openFlags, flags));
  }

  *#openAtSteps(follow: boolean, path: string, openFlags: OpenFlags, flags: DescriptorFlags): Steps<Descriptor> {
    const mount = this.#mount;
    const at = yield* resolve(mount.backend, this.#path, path, follow);
    if (openFlags.create && at.mustBeDirectory) fsFail('is-directory'); // Linux's, before it looks
    const changes = openFlags.create || openFlags.truncate || flags.write;
    let type = at.entry?.type;
    if (!at.entry) {
      if (!openFlags.create || openFlags.directory) fsFail('no-entry');
      mount.change();
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
  }

  readlinkAt(path: string): Maybe<string> {
    this.#directory();
    return this.#run(this.#readlinkAtSteps(path));
  }

  *#readlinkAtSteps(path: string): Steps<string> {
    const at = yield* resolve(this.#backend, this.#path, path, false);
    if (at.name !== undefined && !at.entry) fsFail('no-entry');
    if (at.entry?.type !== 'symbolic-link') fsFail('invalid', 'not a symlink');
    return at.entry.target!;
  }

  removeDirectoryAt(path: string): Maybe<void> {
    this.#mount.change();
    this.#directory();
    return this.#run(this.#removeDirectoryAtSteps(path));
  }

  *#removeDirectoryAtSteps(path: string): Steps<void> {
    const at = yield* resolve(this.#backend, this.#path, path, false);
    if (at.name === undefined) fsFail('invalid', 'cannot remove "." or ".."');
    if (!at.entry) fsFail('no-entry');
    if (at.entry.type !== 'directory') fsFail('not-directory');
    const entries = yield* wait(this.#backend.list([...at.dir, at.name]));
    if (entries.length > 0) fsFail('not-empty');
    yield* wait(this.#backend.remove(at.dir, at.name, 'directory'));
  }

  renameAt(oldPath: string, newDescriptor: Descriptor, newPath: string): Maybe<void> {
    this.#mount.change();
    this.#directory();
    newDescriptor.#directory();
    return this.#run(this.#renameAtSteps(oldPath, newDescriptor, newPath));
  }

  *#renameAtSteps(oldPath: string, newDescriptor: Descriptor, newPath: string): Steps<void> {
    const from = yield* resolve(this.#backend, this.#path, oldPath, false);
    if (from.name === undefined) fsFail('invalid', 'cannot rename "." or ".."');
    if (!from.entry) fsFail('no-entry');
    const to = yield* resolve(newDescriptor.#backend, newDescriptor.#path, newPath, false, true);
    if (to.name === undefined) fsFail(from.entry.type === 'directory' ? 'invalid' : 'is-directory');
    if (newDescriptor.#mount !== this.#mount) fsFail('cross-device');
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
        const entries = yield* wait(this.#backend.list(target));
        if (entries.length > 0) fsFail('not-empty');
      }
      yield* wait(this.#backend.remove(to.dir, to.name, to.entry.type));
    }
    yield* wait(this.#backend.rename(from.dir, from.name, to.dir, to.name, from.entry.type));
  }

  symlinkAt(oldPath: string, newPath: string): Maybe<void> {
    this.#mount.change();
    this.#directory();
    checkTarget(oldPath);
    return this.#run(this.#symlinkAtSteps(oldPath, newPath));
  }

  *#symlinkAtSteps(oldPath: string, newPath: string): Steps<void> {
    const at = yield* resolve(this.#backend, this.#path, newPath, false, true);
    if (at.name === undefined || at.entry) fsFail('exist');
    if (at.mustBeDirectory) fsFail('no-entry'); // a new name ending in `/` (Linux's ENOENT)
    yield* wait(this.#backend.symlink(at.dir, at.name, oldPath));
  }

  unlinkFileAt(path: string): Maybe<void> {
    this.#mount.change();
    this.#directory();
    return this.#run(this.#unlinkFileAtSteps(path));
  }

  *#unlinkFileAtSteps(path: string): Steps<void> {
    const at = yield* resolve(this.#backend, this.#path, path, false);
    if (at.name === undefined) fsFail('is-directory');
    if (!at.entry) fsFail('no-entry');
    if (at.entry.type === 'directory') fsFail('is-directory');
    if (at.mustBeDirectory) fsFail('not-directory');
    yield* wait(this.#backend.remove(at.dir, at.name, at.entry.type));
  }

  isSameObject(other: Descriptor): boolean {
    return other.#mount === this.#mount && other.#path.join('/') === this.#path.join('/');
  }

  metadataHash(): MetadataHashValue {
    if (!this.#open) fsFail('bad-descriptor');
    const [dir, name] = splitPath(this.#path);
    return hash128(this.#mount.keyOf(dir, name));
  }

  metadataHashAt(pathFlags: PathFlags, path: string): Maybe<MetadataHashValue> {
    this.#directory();
    const follow = !!pathFlags.symlinkFollow;
    const known = this.#mount.knownKey(this.#path, path, follow);
    if (known !== undefined) return hash128(known);
    return this.#run(this.#metadataHashAtSteps(follow, path));
  }

  *#metadataHashAtSteps(follow: boolean, path: string): Steps<MetadataHashValue> {
    const at = yield* resolve(this.#backend, this.#path, path, follow);
    if (at.name !== undefined && !at.entry) fsFail('no-entry');
    return hash128(this.#mount.keyOf(at.dir, at.name));
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

export type { DescriptorStat, Datetime, NewTimestamp } from './stat.ts';
export { FsError };
