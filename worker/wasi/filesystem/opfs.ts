/**
 * A live OPFS mount: `{ kind: 'opfs', path }`. Every operation reaches OPFS when the guest makes
 * it. Runs where sync access handles exist: in the component's worker (JSPI tier) or in the
 * helper worker (Atomics tier, worker/opfs-helper.ts).
 *
 * Cached: handles, in a LookupCache (./opfs-cache.ts, which says what and how long), and the
 * open files' sync handles, which this worker owns (./opfs-file.ts).
 */
import { isNamed } from '../../../shared/opfs/errors.ts';
import { createSyncAccessHandle, entriesOf, moveEntry, opfsDirectory, opfsParts } from '../../../shared/opfs/handles.ts';
import { finishMoves, journaled, moveDirectory } from '../../../shared/opfs/moves.ts';
import {
  addLink, type DirRecord, JOURNAL_NAME, nowNanos, RECORD_NAME, readRecord, type RecordTimes, updateRecord,
} from '../../../shared/opfs/record.ts';
import type { Backend, Entry, FileData, Kind, Nanos, Path, Stat, TimeChange } from './backend.ts';
import { fsFail, rethrowFs } from './errors.ts';
import { keyOf, LookupCache } from './opfs-cache.ts';
import { FileRef, OpfsFile, openWithRetry } from './opfs-file.ts';

const DIRECTORY_SIZE = 4096;

/** What a name is, with the handle or record that told. */
type Found = { entry: Entry; file?: FileSystemFileHandle; record?: DirRecord | Promise<DirRecord> } | undefined;

export class OpfsBackend implements Backend {
  /** The mount's OPFS path, naming the records' locks. */
  readonly #rootPath: string;
  readonly #cache: LookupCache<Found>;
  /** The open files, by path. */
  readonly #files = new Map<string, OpfsFile>();

  private constructor(root: FileSystemDirectoryHandle, rootPath: string) {
    this.#rootPath = rootPath;
    this.#cache = new LookupCache(root);
  }

  /** The backend of OPFS directory `path` (made if missing). */
  static async mount(path = ''): Promise<OpfsBackend> {
    const parts = opfsParts(path, 'mount path');
    // A directory rename a closed tab or an aborted run left half done is finished first.
    await finishMoves().catch(() => {});
    return new OpfsBackend(await opfsDirectory(parts, true), parts.join('/'));
  }

  async #dir(path: Path): Promise<FileSystemDirectoryHandle> {
    const cached = this.#cache.dir(keyOf(path));
    if (cached) return cached;
    let depth = path.length - 1;
    while (depth > 0 && !this.#cache.dir(keyOf(path.slice(0, depth)))) depth--;
    let dir = this.#cache.dir(keyOf(path.slice(0, depth)))!;
    for (let i = depth; i < path.length; i++) {
      try {
        dir = await dir.getDirectoryHandle(path[i]);
      } catch (e) {
        if (isNamed(e, 'TypeMismatchError')) fsFail('not-directory');
        this.#cache.forget(keyOf(path.slice(0, i)));
        return rethrowFs(e);
      }
      this.#cache.keepDir(keyOf(path.slice(0, i + 1)), dir);
    }
    return dir;
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
    if (this.#cache.dir(keyOf(dir, name))) return { entry: { type: 'directory' } };
    const parent = await this.#dir(dir);
    // The record is asked at once, not after a miss: a missing name (a create) costs one round
    // trip less, and stat takes the record from here.
    const recorded = readRecord(parent);
    recorded.catch(() => {});
    try {
      const file = await parent.getFileHandle(name);
      this.#cache.keepFile(keyOf(dir, name), file);
      return { entry: { type: 'regular-file' }, file, record: recorded };
    } catch (e) {
      if (isNamed(e, 'TypeMismatchError')) {
        try {
          this.#cache.keepDir(keyOf(dir, name), await parent.getDirectoryHandle(name));
          return { entry: { type: 'directory' } };
        } catch (e2) {
          return rethrowFs(e2);
        }
      }
      if (!isNamed(e, 'NotFoundError')) return rethrowFs(e);
    }
    this.#cache.forget(keyOf(dir, name));
    const record = await recorded.catch(rethrowFs);
    const target = record.links.get(name);
    return target === undefined ? undefined : { entry: { type: 'symbolic-link', target }, record };
  }

  async lookup(dir: Path, name: string): Promise<Entry | undefined> {
    this.#cache.forget();
    const found = await this.#find(dir, name);
    this.#cache.keepFound(keyOf(dir, name), found);
    return found?.entry;
  }

  async stat(dir: Path, name?: string): Promise<Stat> {
    if (name === undefined) {
      if (dir.length === 0) return { type: 'directory', size: DIRECTORY_SIZE };
      return this.stat(dir.slice(0, -1), dir[dir.length - 1]);
    }
    // Usually the lookup of the path's resolution just found it (or found nothing there).
    const memo = this.#cache.takeFound(keyOf(dir, name));
    const found = memo ? memo.found : await this.#find(dir, name);
    if (!found) fsFail('no-entry');
    return (await this.#statFound(dir, name, found)).stat;
  }

  /** Stat what #find found, with the file's `lastModified` (ms) for a file. */
  async #statFound(dir: Path, name: string, found: NonNullable<Found>): Promise<{ stat: Stat; lastModified?: number }> {
    // The record (for set times) and the file's own size and time, asked at once.
    const [record, file] = await Promise.all([
      found.record ?? this.#record(dir),
      found.file?.getFile(),
    ]).catch(rethrowFs);
    const set = record.times.get(name);
    const setTime = (t: string | undefined) => (t === undefined ? undefined : BigInt(t));
    if (file) {
      const own = BigInt(Math.round(file.lastModified * 1e3)) * 1000n;
      // Times set by set-times hold until the file is written again.
      const current = set && (set.base === undefined || file.lastModified <= set.base);
      const mtime = current ? (setTime(set.m) ?? own) : own;
      const atime = current ? (setTime(set.a) ?? mtime) : mtime;
      return { stat: { type: 'regular-file', size: file.size, atime, mtime }, lastModified: file.lastModified };
    }
    if (found.entry.type === 'symbolic-link') {
      // A link made before links kept their times: the record's last write is the closest known.
      const made = BigInt(record.written) * 1_000_000n;
      const size = new TextEncoder().encode(found.entry.target).byteLength;
      return { stat: { type: 'symbolic-link', size, atime: setTime(set?.a) ?? made, mtime: setTime(set?.m) ?? made } };
    }
    return { stat: { type: 'directory', size: DIRECTORY_SIZE, atime: setTime(set?.a), mtime: setTime(set?.m) } };
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
      for (const name of record.links.keys()) out.push([name, 'symbolic-link']);
    }
    return out;
  }

  async mkdir(dir: Path, name: string): Promise<void> {
    this.#cache.forget();
    const parent = await this.#dir(dir);
    try {
      this.#cache.keepDir(keyOf(dir, name), await parent.getDirectoryHandle(name, { create: true }));
    } catch (e) {
      if (isNamed(e, 'TypeMismatchError')) fsFail('exist');
      rethrowFs(e);
    }
  }

  async createFile(dir: Path, name: string): Promise<void> {
    this.#cache.forget();
    const parent = await this.#dir(dir);
    try {
      this.#cache.keepFile(keyOf(dir, name), await parent.getFileHandle(name, { create: true }));
    } catch (e) {
      if (isNamed(e, 'TypeMismatchError')) fsFail('is-directory');
      rethrowFs(e);
    }
  }

  async remove(dir: Path, name: string, type: Kind): Promise<void> {
    const key = keyOf(dir, name);
    this.#cache.forget(key);
    if (type === 'symbolic-link') {
      await this.#update(dir, (r) => {
        r.links.delete(name);
        r.times.delete(name);
      });
      return;
    }
    const parent = await this.#dir(dir);
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
      // Old set-times of a directory would stick to a new one of the same name.
      const record = await readRecord(parent).catch(() => undefined);
      if (record?.times.has(name)) await this.#update(dir, (r) => void r.times.delete(name));
    }
  }

  async rename(fromDir: Path, fromName: string, toDir: Path, toName: string, type: Kind): Promise<void> {
    const fromKey = keyOf(fromDir, fromName);
    const toKey = keyOf(toDir, toName);
    this.#cache.forget(fromKey);
    this.#cache.forget(toKey);
    if (type === 'symbolic-link') {
      // A link keeps its times, as a renamed inode does.
      const [target, times] = await this.#update(fromDir, (r) => {
        const moved = [r.links.get(fromName)!, r.times.get(fromName)] as const;
        r.links.delete(fromName);
        r.times.delete(fromName);
        return moved;
      });
      await this.#update(toDir, (r) => {
        r.links.set(toName, target);
        if (times) r.times.set(toName, times);
        else r.times.delete(toName);
      });
      return;
    }
    const from = await this.#dir(fromDir);
    const to = await this.#dir(toDir);
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
    if (open) {
      // Descriptors open on the file keep working at its new name.
      this.#files.delete(fromKey);
      this.#files.set(toKey, open);
      open.handle = await createSyncAccessHandle(await to.getFileHandle(toName), 'readwrite-unsafe').catch(rethrowFs);
    }
  }

  async symlink(dir: Path, name: string, target: string): Promise<void> {
    this.#cache.forget();
    await this.#update(dir, (r) => {
      if (r.links.has(name)) fsFail('exist');
      addLink(r, name, target);
    });
  }

  async setTimes(dir: Path, name: string | undefined, atime: TimeChange, mtime: TimeChange): Promise<void> {
    this.#cache.forget();
    if (name === undefined) {
      if (dir.length === 0) return; // The mount root keeps no record of its own.
      return this.setTimes(dir.slice(0, -1), dir[dir.length - 1], atime, mtime);
    }
    const found = await this.#find(dir, name);
    if (!found) fsFail('no-entry');
    // What is not asked keeps the time it shows now (a time never set shows a default, as
    // atime shows mtime): kept in the record, so that it stays.
    const { stat, lastModified: base } = await this.#statFound(dir, name, found);
    const now = nowNanos();
    const value = (t: TimeChange, shown: Nanos | undefined) => {
      const v = t === undefined ? shown : t === 'now' ? now : t;
      return v === undefined ? undefined : String(v);
    };
    const times: RecordTimes = { a: value(atime, stat.atime), m: value(mtime, stat.mtime), base };
    await this.#update(dir, (r) => void r.times.set(name, times));
  }

  async open(path: Path): Promise<FileData> {
    const key = keyOf(path);
    const shared = this.#files.get(key);
    if (shared) {
      shared.refs++;
      return new FileRef(shared);
    }
    let file = this.#cache.file(key);
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

