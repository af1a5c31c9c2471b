/** Preview 1 rights bits, and what fd_fdstat_get reports for each kind of descriptor. */
export const RIGHT_FD_DATASYNC = 1n << 0n;
export const RIGHT_FD_READ = 1n << 1n;
export const RIGHT_FD_SEEK = 1n << 2n;
export const RIGHT_FD_FDSTAT_SET_FLAGS = 1n << 3n;
export const RIGHT_FD_SYNC = 1n << 4n;
export const RIGHT_FD_TELL = 1n << 5n;
export const RIGHT_FD_WRITE = 1n << 6n;
export const RIGHT_FD_ADVISE = 1n << 7n;
export const RIGHT_FD_ALLOCATE = 1n << 8n;
export const RIGHT_FD_READDIR = 1n << 14n;
export const RIGHT_FD_FILESTAT_GET = 1n << 21n;
export const RIGHT_FD_FILESTAT_SET_SIZE = 1n << 22n;
export const RIGHT_FD_FILESTAT_SET_TIMES = 1n << 23n;
export const RIGHT_POLL_FD_READWRITE = 1n << 27n;

/** Every path_* right and fd_readdir: bits 9-20 and 24-26. */
const DIRECTORY_RIGHTS =
  RIGHT_FD_FDSTAT_SET_FLAGS | RIGHT_FD_SYNC | RIGHT_FD_ADVISE | RIGHT_FD_FILESTAT_GET | RIGHT_FD_FILESTAT_SET_TIMES |
  (((1n << 12n) - 1n) << 9n) | (((1n << 3n) - 1n) << 24n);

const FILE_RIGHTS =
  RIGHT_FD_DATASYNC | RIGHT_FD_SEEK | RIGHT_FD_FDSTAT_SET_FLAGS | RIGHT_FD_SYNC | RIGHT_FD_TELL | RIGHT_FD_ADVISE |
  RIGHT_FD_ALLOCATE | RIGHT_FD_FILESTAT_GET | RIGHT_FD_FILESTAT_SET_SIZE | RIGHT_FD_FILESTAT_SET_TIMES |
  RIGHT_POLL_FD_READWRITE;

/** A file's rights: the file rights, with read and write as it was opened. */
export function fileRights(read: boolean, write: boolean): bigint {
  return FILE_RIGHTS | (read ? RIGHT_FD_READ : 0n) | (write ? RIGHT_FD_WRITE : 0n);
}

/** A directory's rights, and what files opened from it may have. */
export function directoryRights(): [bigint, bigint] {
  return [DIRECTORY_RIGHTS, DIRECTORY_RIGHTS | FILE_RIGHTS | RIGHT_FD_READ | RIGHT_FD_WRITE];
}

/** A cli stream's rights. */
export function streamRights(read: boolean): bigint {
  return (read ? RIGHT_FD_READ : RIGHT_FD_WRITE) | RIGHT_POLL_FD_READWRITE;
}

/** Whether rights asked of path_open mean reading and writing, as wasmtime reads them. */
export function accessOf(rights: bigint): { read: boolean; write: boolean } {
  return {
    read: (rights & (RIGHT_FD_READ | RIGHT_FD_READDIR)) !== 0n,
    write: (rights & (RIGHT_FD_DATASYNC | RIGHT_FD_WRITE | RIGHT_FD_ALLOCATE | RIGHT_FD_FILESTAT_SET_SIZE)) !== 0n,
  };
}
