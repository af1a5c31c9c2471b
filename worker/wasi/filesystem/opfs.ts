/**
 * A live OPFS mount: `{ kind: 'opfs', path }`. Every operation reaches OPFS when the guest makes
 * it. Runs where sync access handles exist: in the component's worker (JSPI tier) or in the
 * helper worker (Atomics tier, worker/opfs-helper.ts).
 *
 * Cached: directory handles (a stale one fails with NotFoundError at its next use, which is the
 * check) and open sync handles, which this worker owns. Never cached: whether a name exists,
 * sizes, times, the metadata record.
 */
import {
  createSyncAccessHandle, entriesOf, moveEntry, opfsDirectory, opfsParts, type SyncAccessHandle,
} from '../../../shared/opfs/handles.ts';
import { finishMoves, journaled, moveDirectory } from '../../../shared/opfs/moves.ts';
import { type DirRecord, JOURNAL_NAME, RECORD_NAME, readRecord, updateRecord } from '../../../shared/opfs/record.ts';
import type { Backend, Entry, FileData, Kind, Nanos, Path, Stat, TimeChange } from './backend.ts';
import { fsFail, rethrowFs } from './errors.ts';

const DIRECTORY_SIZE = 4096;
/** How long to wait for another tab or run to release a file's lock before answering `busy`. */
const LOCK_WAIT_MS = 3000;

function nowNanos(): Nanos {
  return BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e3)) * 1000n;
}

function keyOf(dir: Path, name?: string): string {
  return name === undefined ? dir.join('/') : dir.length === 0 ? name : `${dir.join('/')}/${name}`;
}

/** What a name is, with the handle or record that told. */
type Found = { entry: Entry; file?: FileSystemFileHandle; record?: DirRecord | Promise<DirRecord> } | undefined;

function isNamed(e: unknown, name: string): boolean {
  return (e as Error | null)?.name === name;
}

/** One open file: a sync handle shared by every descriptor of it in this worker. */
class OpfsFile implements FileData {
  refs = 1;
  constructor(
    public handle: SyncAccessHandle,
    private readonly onClose: () => void,
  ) {}
  read(into: Uint8Array, offset: number): number {
    try {
      return this.handle.read(into, { at: offset });
    } catch (e) {
      return rethrowFs(e);
    }
  }
  readAlloc(max: number, offset: number, alloc: (n: number) => Uint8Array): Uint8Array {
    try {
      // getSize is ~0.3 µs: ask for exactly what is there, and read straight into it.
      const into = alloc(Math.max(0, Math.min(max, this.handle.getSize() - offset)));
      const got = into.byteLength === 0 ? 0 : this.handle.read(into, { at: offset });
      return got === into.byteLength ? into : into.subarray(0, got);
    } catch (e) {
      return rethrowFs(e);
    }
  }
  write(bytes: Uint8Array, offset: number): number {
    let n: number;
    try {
      n = this.handle.write(bytes, { at: offset });
    } catch (e) {
      return rethrowFs(e);
    }
    // Over the quota, Chromium's write answers a huge count (an error as unsigned) and writes nothing.
    if (n > bytes.byteLength) fsFail('insufficient-space', 'the origin storage quota is full');
    return n;
  }
  size(): number {
    try {
      return this.handle.getSize();
    } catch (e) {
      return rethrowFs(e);
    }
  }
  truncate(size: number): void {
    try {
      this.handle.truncate(size);
    } catch (e) {
      rethrowFs(e);
    }
  }
  flush(): void {
    try {
      this.handle.flush();
    } catch (e) {
      rethrowFs(e);
    }
  }
  release(): void {
    if (--this.refs > 0) return;
    this.close();
  }
  close(): void {
    this.refs = 0;
    // close() keeps every write (measured: so does a terminated worker); flush() is the guest's
    // sync, for durability across a browser crash, and costs ~1 ms a file.
    try {
      this.handle.close();
    } catch {}
    this.onClose();
  }
}

/** A reference to a shared OpfsFile: releasing it twice does not drop another descriptor's. */
class FileRef implements FileData {
  #released = false;
  constructor(private readonly file: OpfsFile) {}
  read(into: Uint8Array, offset: number): number {
    return this.file.read(into, offset);
  }
  readAlloc(max: number, offset: number, alloc: (n: number) => Uint8Array): Uint8Array {
    return this.file.readAlloc(max, offset, alloc);
  }
  write(bytes: Uint8Array, offset: number): number {
    return this.file.write(bytes, offset);
  }
  size(): number {
    return this.file.size();
  }
  truncate(size: number): void {
    this.file.truncate(size);
  }
  flush(): void {
    this.file.flush();
  }
  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.file.release();
  }
}

export class OpfsBackend implements Backend {
  readonly #root: FileSystemDirectoryHandle;
  /** The mount's OPFS path, naming the records' locks. */
  readonly #rootPath: string;
  readonly #dirs = new Map<string, FileSystemDirectoryHandle>();
  readonly #files = new Map<string, OpfsFile>();
  /**
   * File handles seen by a lookup or a create, for the open that usually follows. A handle names
   * a path, not a file: a stale one fails at its use (NotFoundError), which is the check.
   */
  readonly #fileHandles = new Map<string, FileSystemFileHandle>();

  private constructor(root: FileSystemDirectoryHandle, rootPath: string) {
    this.#root = root;
    this.#rootPath = rootPath;
    this.#dirs.set('', root);
  }

  /** The backend of OPFS directory `path` (made if missing). */
  static async mount(path = ''): Promise<OpfsBackend> {
    const parts = opfsParts(path, 'mount path');
    // A directory rename a closed tab or an aborted run left half done is finished first.
    await finishMoves().catch(() => {});
    return new OpfsBackend(await opfsDirectory(parts, true), parts.join('/'));
  }

  async #dir(path: Path): Promise<FileSystemDirectoryHandle> {
    const key = keyOf(path);
    const cached = this.#dirs.get(key);
    if (cached) return cached;
    let depth = path.length - 1;
    while (depth > 0 && !this.#dirs.has(keyOf(path.slice(0, depth)))) depth--;
    let dir = this.#dirs.get(keyOf(path.slice(0, depth)))!;
    for (let i = depth; i < path.length; i++) {
      try {
        dir = await dir.getDirectoryHandle(path[i]);
      } catch (e) {
        if (isNamed(e, 'TypeMismatchError')) fsFail('not-directory');
        this.#forget(keyOf(path.slice(0, i)));
        return rethrowFs(e);
      }
      this.#dirs.set(keyOf(path.slice(0, i + 1)), dir);
    }
    return dir;
  }

  /** Drop cached directory handles at and under `key`. */
  #forget(key: string): void {
    for (const k of this.#dirs.keys()) {
      if (k !== '' && (k === key || k.startsWith(`${key}/`) || key === '')) this.#dirs.delete(k);
    }
    for (const k of this.#fileHandles.keys()) {
      if (k.startsWith(`${key}/`) || key === '') this.#fileHandles.delete(k);
    }
  }

  #lock(dir: Path): string {
    return [this.#rootPath, ...dir].filter((p) => p !== '').join('/');
  }

  async #record(dir: Path): Promise<DirRecord> {
    return readRecord(await this.#dir(dir));
  }

  async #update<T>(dir: Path, change: (r: DirRecord) => T): Promise<T> {
    try {
      return await updateRecord(await this.#dir(dir), this.#lock(dir), change);
    } catch (e) {
      return rethrowFs(e);
    }
  }

  /** What `name` is: a file, a directory, a symlink of the record, or nothing. */
  async #find(dir: Path, name: string): Promise<Found> {
    // A directory handle this run holds stays good until it is used: if another tab removed the
    // directory, that use fails with NotFoundError (no-entry), which is the check.
    if (this.#dirs.has(keyOf(dir, name))) return { entry: { type: 'directory' } };
    const parent = await this.#dir(dir);
    // The record is asked at once, not after a miss: a missing name (a create) costs one round
    // trip less, and stat takes the record from here.
    const recorded = readRecord(parent);
    recorded.catch(() => {});
    try {
      const file = await parent.getFileHandle(name);
      this.#fileHandles.set(keyOf(dir, name), file);
      return { entry: { type: 'regular-file' }, file, record: recorded };
    } catch (e) {
      if (isNamed(e, 'TypeMismatchError')) {
        try {
          this.#dirs.set(keyOf(dir, name), await parent.getDirectoryHandle(name));
          return { entry: { type: 'directory' } };
        } catch (e2) {
          return rethrowFs(e2);
        }
      }
      if (!isNamed(e, 'NotFoundError')) return rethrowFs(e);
    }
    this.#forget(keyOf(dir, name));
    this.#fileHandles.delete(keyOf(dir, name));
    const record = await recorded.catch(rethrowFs);
    const target = Object.hasOwn(record.links, name) ? record.links[name] : undefined;
    return target === undefined ? undefined : { entry: { type: 'symbolic-link', target }, record };
  }

  /**
   * What the last lookup found, for the stat-at or open-at on the same name that follows it in
   * the same host call. Taken by the next stat, dropped by every change: it never ages.
   */
  #justFound: { key: string; found: Found } | undefined;

  /** #find, reusing what the lookup just before found for the same name. */
  #findAgain(dir: Path, name: string): Promise<Found> {
    const memo = this.#justFound;
    this.#justFound = undefined;
    if (memo && memo.key === keyOf(dir, name)) return Promise.resolve(memo.found);
    return this.#find(dir, name);
  }

  async lookup(dir: Path, name: string): Promise<Entry | undefined> {
    this.#justFound = undefined;
    const found = await this.#find(dir, name);
    this.#justFound = { key: keyOf(dir, name), found };
    return found?.entry;
  }

  async stat(dir: Path, name?: string): Promise<Stat> {
    if (name === undefined) {
      if (dir.length === 0) return { type: 'directory', size: DIRECTORY_SIZE };
      return this.stat(dir.slice(0, -1), dir[dir.length - 1]);
    }
    const found = await this.#findAgain(dir, name);
    if (!found) fsFail('no-entry');
    // The record (for set times) and the file's own size and time, asked at once.
    const [record, file] = await Promise.all([
      found.record ?? this.#record(dir),
      found.file?.getFile(),
    ]).catch(rethrowFs);
    const set = Object.hasOwn(record.times, name) ? record.times[name] : undefined;
    const setTime = (t: string | undefined) => (t === undefined ? undefined : BigInt(t));
    if (file) {
      const own = BigInt(Math.round(file.lastModified * 1e3)) * 1000n;
      // Times set by set-times hold until the file is written again.
      const current = set && (set.base === undefined || file.lastModified <= set.base);
      const mtime = current ? (setTime(set.m) ?? own) : own;
      const atime = current ? (setTime(set.a) ?? mtime) : mtime;
      return { type: 'regular-file', size: file.size, atime, mtime };
    }
    if (found.entry.type === 'symbolic-link') {
      return { type: 'symbolic-link', size: new TextEncoder().encode(found.entry.target).byteLength, atime: setTime(set?.a), mtime: setTime(set?.m) };
    }
    return { type: 'directory', size: DIRECTORY_SIZE, atime: setTime(set?.a), mtime: setTime(set?.m) };
  }

  async list(dir: Path): Promise<[string, Kind][]> {
    const handle = await this.#dir(dir);
    const out: [string, Kind][] = [];
    let hasRecord = false;
    try {
      for await (const [name, entry] of entriesOf(handle)) {
        if (name === RECORD_NAME) hasRecord = true;
        else if (name !== JOURNAL_NAME) out.push([name, entry.kind === 'directory' ? 'directory' : 'regular-file']);
      }
    } catch (e) {
      return rethrowFs(e);
    }
    if (hasRecord) {
      const record = await readRecord(handle).catch(rethrowFs);
      for (const name of Object.keys(record.links)) out.push([name, 'symbolic-link']);
    }
    return out;
  }

  async mkdir(dir: Path, name: string): Promise<void> {
    this.#justFound = undefined;
    const parent = await this.#dir(dir);
    try {
      this.#dirs.set(keyOf(dir, name), await parent.getDirectoryHandle(name, { create: true }));
    } catch (e) {
      if (isNamed(e, 'TypeMismatchError')) fsFail('exist');
      rethrowFs(e);
    }
  }

  async createFile(dir: Path, name: string): Promise<void> {
    this.#justFound = undefined;
    const parent = await this.#dir(dir);
    try {
      this.#fileHandles.set(keyOf(dir, name), await parent.getFileHandle(name, { create: true }));
    } catch (e) {
      if (isNamed(e, 'TypeMismatchError')) fsFail('is-directory');
      rethrowFs(e);
    }
  }

  async remove(dir: Path, name: string, type: Kind): Promise<void> {
    this.#justFound = undefined;
    if (type === 'symbolic-link') {
      await this.#update(dir, (r) => {
        delete r.links[name];
        delete r.times[name];
      });
      return;
    }
    const parent = await this.#dir(dir);
    const key = keyOf(dir, name);
    this.#fileHandles.delete(key);
    // POSIX lets a file be removed while open; OPFS does not while a handle holds it.
    this.#files.get(key)?.close();
    try {
      await parent.removeEntry(name);
    } catch (e) {
      // A directory that holds only its hidden record is empty to the guest.
      if (type === 'directory' && isNamed(e, 'InvalidModificationError')) {
        await parent.removeEntry(name, { recursive: true }).catch(rethrowFs);
      } else {
        rethrowFs(e);
      }
    }
    if (type === 'directory') {
      this.#forget(key);
      // Old set-times of a directory would stick to a new one of the same name.
      const record = await readRecord(parent).catch(() => undefined);
      if (record && Object.hasOwn(record.times, name)) await this.#update(dir, (r) => void delete r.times[name]);
    }
  }

  async rename(fromDir: Path, fromName: string, toDir: Path, toName: string, type: Kind): Promise<void> {
    this.#justFound = undefined;
    if (type === 'symbolic-link') {
      const target = await this.#update(fromDir, (r) => {
        const t = r.links[fromName];
        delete r.links[fromName];
        delete r.times[fromName];
        return t;
      });
      await this.#update(toDir, (r) => void (r.links[toName] = target));
      return;
    }
    const from = await this.#dir(fromDir);
    const to = await this.#dir(toDir);
    const fromKey = keyOf(fromDir, fromName);
    this.#fileHandles.delete(fromKey);
    this.#fileHandles.delete(keyOf(toDir, toName));
    const open = this.#files.get(fromKey);
    let handle: FileSystemHandle;
    try {
      handle = type === 'directory' ? await from.getDirectoryHandle(fromName) : await from.getFileHandle(fromName);
    } catch (e) {
      return rethrowFs(e);
    }
    if (open) open.handle.close();
    try {
      if (type === 'directory') {
        const opfsPath = (dir: Path, name: string) => [...opfsParts(this.#rootPath), ...dir, name];
        await journaled(opfsPath(fromDir, fromName), opfsPath(toDir, toName), () =>
          moveDirectory(handle as FileSystemDirectoryHandle, from, fromName, to, toName),
        );
      } else {
        await moveEntry(handle, to, toName);
      }
    } catch (e) {
      if (open) open.handle = await createSyncAccessHandle(handle as FileSystemFileHandle, 'readwrite-unsafe');
      return rethrowFs(e);
    }
    if (type === 'directory') this.#forget(fromKey);
    if (open) {
      // Descriptors open on the file keep working at its new name.
      this.#files.delete(fromKey);
      this.#files.set(keyOf(toDir, toName), open);
      open.handle = await createSyncAccessHandle(await to.getFileHandle(toName), 'readwrite-unsafe').catch(rethrowFs);
    }
  }

  async symlink(dir: Path, name: string, target: string): Promise<void> {
    this.#justFound = undefined;
    await this.#update(dir, (r) => {
      if (Object.hasOwn(r.links, name)) fsFail('exist');
      r.links[name] = target;
      delete r.times[name];
    });
  }

  async setTimes(dir: Path, name: string | undefined, atime: TimeChange, mtime: TimeChange): Promise<void> {
    this.#justFound = undefined;
    if (name === undefined) {
      if (dir.length === 0) return; // The mount root keeps no record of its own.
      return this.setTimes(dir.slice(0, -1), dir[dir.length - 1], atime, mtime);
    }
    const found = await this.#find(dir, name);
    if (!found) fsFail('no-entry');
    const base = found.file ? (await found.file.getFile().catch(rethrowFs)).lastModified : undefined;
    const now = nowNanos();
    const value = (t: TimeChange, old: string | undefined) => (t === undefined ? old : String(t === 'now' ? now : t));
    await this.#update(dir, (r) => {
      const old = Object.hasOwn(r.times, name) ? r.times[name] : {};
      const stale = old.base !== undefined && base !== undefined && base > old.base;
      r.times[name] = {
        a: value(atime, stale ? undefined : old.a),
        m: value(mtime, stale ? undefined : old.m),
        base,
      };
    });
  }

  async open(path: Path): Promise<FileData> {
    const key = keyOf(path);
    const shared = this.#files.get(key);
    if (shared) {
      shared.refs++;
      return new FileRef(shared);
    }
    let file = this.#fileHandles.get(key);
    if (!file) {
      const parent = await this.#dir(path.slice(0, -1));
      try {
        file = await parent.getFileHandle(path[path.length - 1]);
      } catch (e) {
        if (isNamed(e, 'TypeMismatchError')) fsFail('is-directory');
        return rethrowFs(e);
      }
    }
    const handle = await openWithRetry(file);
    const again = this.#files.get(key);
    if (again) {
      handle.close();
      again.refs++;
      return new FileRef(again);
    }
    const opened = new OpfsFile(handle, () => {
      if (this.#files.get(key) === opened) this.#files.delete(key);
    });
    this.#files.set(key, opened);
    return new FileRef(opened);
  }

  /** Close every open file (the run is over). */
  closeAll(): void {
    for (const file of [...this.#files.values()]) file.close();
  }
}

/**
 * Open a handle every run and tab can share ('readwrite-unsafe': several writers, as on
 * POSIX); while something holds an exclusive lock (a page's createWritable, another
 * library's handle) retry with back-off, then answer `busy`.
 */
async function openWithRetry(file: FileSystemFileHandle): Promise<SyncAccessHandle> {
  const start = performance.now();
  for (let delay = 2; ; delay = Math.min(delay * 2, 200)) {
    try {
      return await createSyncAccessHandle(file, 'readwrite-unsafe');
    } catch (e) {
      if (!isNamed(e, 'NoModificationAllowedError') || performance.now() - start > LOCK_WAIT_MS) return rethrowFs(e);
    }
    await new Promise((r) => setTimeout(r, delay));
  }
}

