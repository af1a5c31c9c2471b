/**
 * The path_* functions: each resolves through the Descriptor's `*-at` method of the same
 * meaning (the sandbox, symlinks and mounts are the component host's), converting flags in and
 * results out.
 */
import { then } from '../bridge/index.ts';
import type { DescriptorFlags, OpenFlags, PathFlags } from '../wasi/filesystem/descriptor.ts';
import { EINVAL, fail } from './errno.ts';
import type { Functions, Host } from './host.ts';
import { utf8Bytes } from './memory.ts';
import { accessOf } from './rights.ts';
import { storeFilestat, timesOf } from './stat.ts';

const LOOKUP_SYMLINK_FOLLOW = 1;
const OFLAGS_CREAT = 1;
const OFLAGS_DIRECTORY = 2;
const OFLAGS_EXCL = 4;
const OFLAGS_TRUNC = 8;
const FDFLAGS_APPEND = 1;
const FDFLAGS_DSYNC = 2;
const FDFLAGS_RSYNC = 8;
const FDFLAGS_SYNC = 16;

function pathFlags(lookup: number): PathFlags {
  return { symlinkFollow: (lookup & LOOKUP_SYMLINK_FOLLOW) !== 0 };
}

function openFlags(oflags: number): OpenFlags {
  if (oflags & ~(OFLAGS_CREAT | OFLAGS_DIRECTORY | OFLAGS_EXCL | OFLAGS_TRUNC)) fail(EINVAL, `oflags ${oflags}`);
  return {
    create: (oflags & OFLAGS_CREAT) !== 0,
    directory: (oflags & OFLAGS_DIRECTORY) !== 0,
    exclusive: (oflags & OFLAGS_EXCL) !== 0,
    truncate: (oflags & OFLAGS_TRUNC) !== 0,
  };
}

function descriptorFlags(rights: bigint, fdflags: number): DescriptorFlags {
  const { read, write } = accessOf(rights);
  return {
    read,
    write,
    dataIntegritySync: (fdflags & FDFLAGS_DSYNC) !== 0,
    requestedWriteSync: (fdflags & FDFLAGS_RSYNC) !== 0,
    fileIntegritySync: (fdflags & FDFLAGS_SYNC) !== 0,
    mutateDirectory: true,
  };
}

/** The path_* functions over `host`. */
export function pathFunctions({ memory, fds }: Host): Functions {
  const path = (ptr: number, len: number) => memory.string(ptr, len);
  return {
    path_create_directory: (fd: number, ptr: number, len: number) => fds.directory(fd).createDirectoryAt(path(ptr, len)),
    path_filestat_get(fd: number, lookup: number, ptr: number, len: number, out: number) {
      const dir = fds.directory(fd);
      const name = path(ptr, len);
      const flags = pathFlags(lookup);
      return then(dir.statAt(flags, name), (stat) =>
        then(dir.metadataHashAt(flags, name), (hash) => storeFilestat(memory, out, stat, hash.lower)),
      );
    },
    path_filestat_set_times(fd: number, lookup: number, ptr: number, len: number, atim: bigint, mtim: bigint, fst: number) {
      const dir = fds.directory(fd);
      const [atime, mtime] = timesOf(atim, mtim, fst);
      return dir.setTimesAt(pathFlags(lookup), path(ptr, len), atime, mtime);
    },
    path_link(oldFd: number, lookup: number, oldPtr: number, oldLen: number, newFd: number, newPtr: number, newLen: number) {
      const from = fds.directory(oldFd);
      const to = fds.directory(newFd);
      return from.linkAt(pathFlags(lookup), path(oldPtr, oldLen), to, path(newPtr, newLen));
    },
    path_open(
      fd: number, lookup: number, ptr: number, len: number, oflags: number,
      rights: bigint, _inheriting: bigint, fdflags: number, out: number,
    ) {
      const dir = fds.directory(fd);
      const opening = dir.openAt(pathFlags(lookup), path(ptr, len), openFlags(oflags), descriptorFlags(rights, fdflags));
      return then(opening, (descriptor) => {
        const opened = descriptor.getType() === 'directory'
          ? fds.add({ kind: 'directory', descriptor })
          : fds.add({ kind: 'file', descriptor, position: 0n, append: (fdflags & FDFLAGS_APPEND) !== 0 });
        memory.u32(out, opened);
      });
    },
    path_readlink(fd: number, ptr: number, len: number, buf: number, bufLen: number, out: number) {
      return then(fds.directory(fd).readlinkAt(path(ptr, len)), (target) => {
        // Cut to the buffer, as readlink(2) does.
        const bytes = utf8Bytes(target).subarray(0, bufLen);
        memory.bytes(buf, bytes.byteLength).set(bytes);
        memory.u32(out, bytes.byteLength);
      });
    },
    path_remove_directory: (fd: number, ptr: number, len: number) => fds.directory(fd).removeDirectoryAt(path(ptr, len)),
    path_rename(fd: number, oldPtr: number, oldLen: number, newFd: number, newPtr: number, newLen: number) {
      const from = fds.directory(fd);
      const to = fds.directory(newFd);
      return from.renameAt(path(oldPtr, oldLen), to, path(newPtr, newLen));
    },
    path_symlink(oldPtr: number, oldLen: number, fd: number, newPtr: number, newLen: number) {
      const dir = fds.directory(fd);
      return dir.symlinkAt(path(oldPtr, oldLen), path(newPtr, newLen));
    },
    path_unlink_file: (fd: number, ptr: number, len: number) => fds.directory(fd).unlinkFileAt(path(ptr, len)),
  };
}
