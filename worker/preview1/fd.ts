/**
 * The fd_* functions other than reads and writes (fd-io.ts): fdstat, filestat, close, renumber,
 * prestat, readdir, sync, advise, allocate. Each calls the Descriptor's method of the same
 * meaning; errors come back as its error codes, mapped in errno.ts.
 */
import { type Maybe, then } from '../bridge/index.ts';
import type { Kind } from '../wasi/filesystem/backend.ts';
import type { Advice, Descriptor } from '../wasi/filesystem/descriptor.ts';
import { drive, type Steps, wait } from '../wasi/filesystem/flow.ts';
import { EBADF, EINVAL, ENAMETOOLONG, ENOTDIR, ENOTSUP, fail } from './errno.ts';
import type { DirFd } from './fds.ts';
import type { Functions, Host } from './host.ts';
import { utf8Bytes } from './memory.ts';
import { openedRights, preopenRights, streamRights } from './rights.ts';
import { FILETYPE_DIRECTORY, FILETYPE_REGULAR_FILE, FILETYPE_UNKNOWN, filetypeOf, storeFilestat, timesOf } from './stat.ts';

const FDFLAGS_APPEND = 1;
const FDFLAGS_DSYNC = 2;
const FDFLAGS_RSYNC = 8;
const FDFLAGS_SYNC = 16;
const FDFLAGS_NONBLOCK = 4;
const ADVICE: Advice[] = ['normal', 'sequential', 'random', 'will-need', 'dont-need', 'no-reuse'];
const DIRENT_SIZE = 24;

interface Dirent {
  name: Uint8Array;
  type: Kind;
  ino: bigint;
}

/** A directory's entries as fd_readdir gives them: `.` and `..` first, as wasmtime does. */
function* listDirectory(dir: Descriptor): Steps<Dirent[]> {
  const stream = yield* wait(dir.readDirectory());
  const entries: Dirent[] = [
    { name: utf8Bytes('.'), type: 'directory', ino: dir.metadataHash().lower },
    // `..` has the directory's own inode, as in wasmtime.
    { name: utf8Bytes('..'), type: 'directory', ino: dir.metadataHash().lower },
  ];
  for (let entry = stream.readDirectoryEntry(); entry; entry = stream.readDirectoryEntry()) {
    const hash = yield* wait(dir.metadataHashAt({}, entry.name));
    entries.push({ name: utf8Bytes(entry.name), type: entry.type, ino: hash.lower });
  }
  return entries;
}

/** The fd_* metadata functions over `host`. */
export function fdFunctions({ memory, fds }: Host): Functions {
  /** fd_readdir: entries from `cookie` on, the last one cut where the buffer ends. */
  function readdir(dir: DirFd, buf: number, len: number, cookie: bigint, out: number): Maybe<void> {
    const cached = cookie > 0n ? (dir.listing as Dirent[] | undefined) : undefined;
    const listing = cached ?? drive(listDirectory(dir.descriptor));
    return then(listing, (entries) => {
      dir.listing = entries;
      const target = memory.bytes(buf, len);
      let used = 0;
      for (let i = Number(cookie); i < entries.length && used < len; i++) {
        const { name, type, ino } = entries[i];
        const record = new Uint8Array(DIRENT_SIZE + name.byteLength);
        const view = new DataView(record.buffer);
        view.setBigUint64(0, BigInt(i + 1), true);
        view.setBigUint64(8, ino, true);
        view.setUint32(16, name.byteLength, true);
        view.setUint8(20, filetypeOf(type));
        record.set(name, DIRENT_SIZE);
        const n = Math.min(record.byteLength, len - used);
        target.set(record.subarray(0, n), used);
        used += n;
      }
      memory.u32(out, used);
    });
  }

  return {
    fd_advise(fd: number, offset: bigint, length: bigint, advice: number) {
      const descriptor = fds.descriptor(fd);
      if (!ADVICE[advice]) fail(EINVAL, `advice ${advice}`);
      descriptor.advise(offset, length, ADVICE[advice]);
    },
    fd_allocate(fd: number) {
      if (fds.descriptor(fd).getType() !== 'regular-file') fail(EBADF, `fd ${fd} is not a file`);
      fail(ENOTSUP, 'fd_allocate');
    },
    fd_close(fd: number) {
      fds.close(fd);
    },
    fd_datasync: (fd: number) => fds.descriptor(fd).syncData(),
    fd_sync: (fd: number) => fds.descriptor(fd).sync(),
    fd_fdstat_get(fd: number, out: number) {
      const entry = fds.get(fd);
      let type = FILETYPE_UNKNOWN;
      let flags = 0;
      let [base, inheriting] = [0n, 0n];
      if (entry.kind === 'stdin' || entry.kind === 'stdout') {
        base = inheriting = streamRights(entry.kind === 'stdin');
      } else if (entry.kind === 'directory' && entry.preopen !== undefined) {
        type = FILETYPE_DIRECTORY;
        [base, inheriting] = preopenRights();
      } else {
        const given = entry.descriptor.getFlags();
        const directory = entry.kind === 'directory';
        type = directory ? FILETYPE_DIRECTORY : FILETYPE_REGULAR_FILE;
        if (entry.kind === 'file' && entry.append) flags |= FDFLAGS_APPEND;
        if (given.dataIntegritySync) flags |= FDFLAGS_DSYNC;
        if (given.requestedWriteSync) flags |= FDFLAGS_RSYNC;
        if (given.fileIntegritySync) flags |= FDFLAGS_SYNC;
        base = inheriting = openedRights(directory, !!given.read, !!given.write);
      }
      memory.bytes(out, 24).fill(0);
      memory.u8(out, type);
      memory.u16(out + 2, flags);
      memory.u64(out + 8, base);
      memory.u64(out + 16, inheriting);
    },
    fd_fdstat_set_flags(fd: number, flags: number) {
      const entry = fds.get(fd);
      if (entry.kind !== 'file') fail(EBADF, `fd ${fd} is not a file`);
      if (flags & ~(FDFLAGS_APPEND | FDFLAGS_NONBLOCK)) fail(EINVAL, `fdflags ${flags}: only append and nonblock may change`);
      entry.append = !!(flags & FDFLAGS_APPEND);
    },
    fd_fdstat_set_rights(fd: number) {
      // Rights are not kept: wasmtime checks the fd and does nothing.
      fds.get(fd);
    },
    fd_filestat_get(fd: number, out: number) {
      const entry = fds.get(fd);
      if (entry.kind === 'stdin' || entry.kind === 'stdout') return storeFilestat(memory, out, undefined, 0n);
      const { descriptor } = entry;
      return then(descriptor.stat(), (stat) => storeFilestat(memory, out, stat, descriptor.metadataHash().lower));
    },
    fd_filestat_set_size: (fd: number, size: bigint) => fds.descriptor(fd).setSize(BigInt.asUintN(64, size)),
    fd_filestat_set_times(fd: number, atim: bigint, mtim: bigint, flags: number) {
      const descriptor = fds.descriptor(fd);
      const [atime, mtime] = timesOf(atim, mtim, flags);
      return descriptor.setTimes(atime, mtime);
    },
    fd_prestat_get(fd: number, out: number) {
      const entry = fds.get(fd);
      if (entry.kind !== 'directory' || entry.preopen === undefined) fail(EBADF, `fd ${fd} is not a preopen`);
      memory.u8(out, 0);
      memory.u32(out + 4, utf8Bytes(entry.preopen).byteLength);
    },
    fd_prestat_dir_name(fd: number, ptr: number, len: number) {
      const entry = fds.get(fd);
      // ENOTDIR, not EBADF, for an open fd that is no preopen: wasmtime's answer.
      if (entry.kind !== 'directory' || entry.preopen === undefined) fail(ENOTDIR, `fd ${fd} is not a preopen`);
      const name = utf8Bytes(entry.preopen);
      if (name.byteLength > len) fail(ENAMETOOLONG, 'the buffer is shorter than the name');
      memory.bytes(ptr, name.byteLength).set(name);
    },
    fd_readdir(fd: number, buf: number, len: number, cookie: bigint, out: number) {
      const entry = fds.get(fd);
      if (entry.kind !== 'directory') fail(entry.kind === 'file' ? ENOTDIR : EBADF, `fd ${fd} is not a directory`);
      return readdir(entry, buf, len, cookie, out);
    },
    fd_renumber(from: number, to: number) {
      fds.renumber(from, to);
    },
  };
}
