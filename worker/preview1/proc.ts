/**
 * proc_exit, proc_raise, sched_yield, random_get, and the sock_* functions answered as wasmtime
 * answers them without sockets (no socket can be opened, so none is one: ENOTSOCK).
 */
import { Exit } from '../wasi/cli/exit.ts';
import { ENOTSOCK, ENOTSUP, fail } from './errno.ts';
import type { Functions, Host } from './host.ts';

/** `crypto.getRandomValues` fills at most 65,536 bytes a call. */
const MAX_FILL = 65_536;

/**
 * proc_exit(n) for n >= 126, which wasmtime refuses ("exit with invalid exit status outside of
 * [0..126)"): the run ends as wasmtime's does, with exit code 1 and this message as its trap.
 */
export class InvalidExit extends Error {
  constructor(readonly code: number) {
    super(`proc_exit(${code}): exit with invalid exit status outside of [0..126)`);
    this.name = 'InvalidExit';
  }
}

/** proc_*, sched_yield and random_get over `host`. */
export function procFunctions({ memory }: Host): Functions {
  return {
    proc_exit(code: number): never {
      // The code as given, not folded to 1; as wasmtime, only below 126 (the shell's own codes).
      const status = code >>> 0;
      throw status < 126 ? new Exit(status) : new InvalidExit(status);
    },
    proc_raise(_signal: number) {
      fail(ENOTSUP, 'signals');
    },
    sched_yield() {},
    random_get(ptr: number, len: number) {
      const bytes = memory.bytes(ptr, len >>> 0);
      for (let at = 0; at < bytes.byteLength; at += MAX_FILL) {
        crypto.getRandomValues(bytes.subarray(at, at + MAX_FILL));
      }
    },
  };
}

/** sock_accept, sock_recv, sock_send, sock_shutdown: EBADF for a closed fd, else ENOTSOCK. */
export function sockFunctions({ fds }: Host): Functions {
  const notSocket = (fd: number) => {
    fds.get(fd);
    fail(ENOTSOCK, `fd ${fd} is not a socket`);
  };
  return {
    sock_accept: (fd: number) => notSocket(fd),
    sock_recv: (fd: number) => notSocket(fd),
    sock_send: (fd: number) => notSocket(fd),
    sock_shutdown: (fd: number) => notSocket(fd),
  };
}
