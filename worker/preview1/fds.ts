/**
 * The preview 1 descriptor table: small numbers for the host's objects. 0, 1 and 2 are the
 * cli streams, 3 on the preopens in mount order, then what path_open gives (the lowest free
 * number, as POSIX and wasmtime do). Files keep their position here: a Descriptor has none.
 */
import { getStderr, getStdin, getStdout } from '../wasi/cli/stdio.ts';
import type { Descriptor } from '../wasi/filesystem/descriptor.ts';
import { getDirectories } from '../wasi/filesystem/preopens.ts';
import type { InputStream, OutputStream } from '../wasi/io/streams.ts';
import { EBADF, ENOTDIR, ESPIPE, fail } from './errno.ts';

export interface StdinFd {
  kind: 'stdin';
  stream: InputStream;
}
export interface StdoutFd {
  kind: 'stdout';
  fd: 1 | 2;
  stream: OutputStream;
}
export interface FileFd {
  kind: 'file';
  descriptor: Descriptor;
  position: bigint;
  /** fdflags.append: every write goes to the end. */
  append: boolean;
  /** The stream appends go through (made on the first one). */
  appender?: OutputStream;
}
export interface DirFd {
  kind: 'directory';
  descriptor: Descriptor;
  /** The guest path of a preopen. */
  preopen?: string;
  /** fd_readdir's listing, reused while the guest reads on from a cookie. */
  listing?: unknown;
}
export type Fd = StdinFd | StdoutFd | FileFd | DirFd;

export class FdTable {
  readonly #fds = new Map<number, Fd>();

  /** The cli streams and the preopens, numbered as wasmtime numbers them. */
  constructor() {
    this.#fds.set(0, { kind: 'stdin', stream: getStdin() });
    this.#fds.set(1, { kind: 'stdout', fd: 1, stream: getStdout() });
    this.#fds.set(2, { kind: 'stdout', fd: 2, stream: getStderr() });
    let n = 3;
    for (const [descriptor, guestPath] of getDirectories()) {
      this.#fds.set(n++, { kind: 'directory', descriptor, preopen: guestPath });
    }
  }

  /** What `fd` is; EBADF where nothing is. */
  get(fd: number): Fd {
    const entry = this.#fds.get(fd);
    if (!entry) fail(EBADF, `fd ${fd} is not open`);
    return entry;
  }

  /** A file or directory: its Descriptor; EBADF for the cli streams. */
  descriptor(fd: number): Descriptor {
    const entry = this.get(fd);
    if (entry.kind !== 'file' && entry.kind !== 'directory') fail(EBADF, `fd ${fd} is not a file or directory`);
    return entry.descriptor;
  }

  /** A directory to resolve paths from: ENOTDIR for a file, EBADF for a cli stream. */
  directory(fd: number): Descriptor {
    const entry = this.get(fd);
    if (entry.kind === 'file') fail(ENOTDIR, `fd ${fd} is a file`);
    if (entry.kind !== 'directory') fail(EBADF, `fd ${fd} is not a directory`);
    return entry.descriptor;
  }

  /** A file with a position: ESPIPE for a cli stream, EBADF for a directory. */
  file(fd: number): FileFd {
    const entry = this.get(fd);
    if (entry.kind === 'stdin' || entry.kind === 'stdout') fail(ESPIPE, `fd ${fd} is a pipe`);
    if (entry.kind !== 'file') fail(EBADF, `fd ${fd} is a directory`);
    return entry;
  }

  /** Give `entry` the lowest free number. */
  add(entry: Fd): number {
    let fd = 0;
    while (this.#fds.has(fd)) fd++;
    this.#fds.set(fd, entry);
    return fd;
  }

  /** Close `fd`: its descriptor or stream is let go. */
  close(fd: number): void {
    const entry = this.get(fd);
    this.#fds.delete(fd);
    release(entry);
  }

  /** Move `from` to `to`, closing what `to` was (`to` need not be open, as in wasmtime). */
  renumber(from: number, to: number): void {
    const entry = this.get(from);
    if (from === to) return;
    const old = this.#fds.get(to);
    this.#fds.delete(from);
    this.#fds.set(to, entry);
    if (old) release(old);
  }
}

function release(entry: Fd): void {
  if (entry.kind === 'file' || entry.kind === 'directory') entry.descriptor[Symbol.dispose]();
  else entry.stream[Symbol.dispose]();
  if (entry.kind === 'file') entry.appender?.[Symbol.dispose]();
}
