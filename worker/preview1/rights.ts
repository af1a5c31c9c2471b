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

/** Every right there is (bits 0-29). */
const ALL_RIGHTS = (1n << 30n) - 1n;

/** What a preopen allows: its path_* rights; files opened from it may have the file rights too. */
const PREOPEN_RIGHTS = ((((1n << 12n) - 1n) << 9n) | (((1n << 3n) - 1n) << 24n) | RIGHT_FD_FILESTAT_GET | RIGHT_FD_FILESTAT_SET_TIMES) &
  ~(1n << 19n);
const FILE_RIGHTS =
  RIGHT_FD_DATASYNC | RIGHT_FD_READ | RIGHT_FD_SEEK | RIGHT_FD_FDSTAT_SET_FLAGS | RIGHT_FD_SYNC | RIGHT_FD_TELL |
  RIGHT_FD_WRITE | RIGHT_FD_ADVISE | RIGHT_FD_ALLOCATE | RIGHT_FD_FILESTAT_GET | RIGHT_FD_FILESTAT_SET_SIZE |
  RIGHT_FD_FILESTAT_SET_TIMES | RIGHT_POLL_FD_READWRITE;

/** A preopen's rights and what it passes on, as wasmtime reports them. */
export function preopenRights(): [bigint, bigint] {
  return [PREOPEN_RIGHTS, PREOPEN_RIGHTS | FILE_RIGHTS];
}

/**
 * An opened file's or directory's rights, as wasmtime reports them: all, less reading and
 * writing where it was not opened so, less seeking and resizing for a directory.
 */
export function openedRights(directory: boolean, read: boolean, write: boolean): bigint {
  let rights = ALL_RIGHTS;
  if (directory) rights &= ~(RIGHT_FD_SEEK | RIGHT_FD_FILESTAT_SET_SIZE);
  if (!read) rights &= ~(RIGHT_FD_READ | RIGHT_FD_READDIR);
  if (!write) rights &= ~RIGHT_FD_WRITE;
  return rights;
}

/** A cli stream's rights. */
export function streamRights(read: boolean): bigint {
  return read ? RIGHT_FD_READ : RIGHT_FD_WRITE;
}

/** Whether rights asked of path_open mean reading and writing, as wasmtime reads them. */
export function accessOf(rights: bigint): { read: boolean; write: boolean } {
  return { read: (rights & RIGHT_FD_READ) !== 0n, write: (rights & RIGHT_FD_WRITE) !== 0n };
}
