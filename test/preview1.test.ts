// The preview 1 face's pure parts (worker/preview1/): guest memory and iovec lists, the errno of
// each filesystem error code, and the fd_write/fd_read fast path (one backend call per iovec
// list, in place where the iovecs follow one another).
import { expect, test } from '@playwright/test';
import type { Bridge } from '../worker/bridge/index.ts';
import { setContext } from '../worker/wasi/context.ts';
import type { Descriptor } from '../worker/wasi/filesystem/descriptor.ts';
import { ERROR_CODES, FsError } from '../worker/wasi/filesystem/errors.ts';
import { EBADF, EFAULT, EILSEQ, ENOENT, EPERM, EROFS, ESPIPE, Errno, errnoOf } from '../worker/preview1/errno.ts';
import { fdIoFunctions } from '../worker/preview1/fd-io.ts';
import { FdTable } from '../worker/preview1/fds.ts';
import { GuestMemory } from '../worker/preview1/memory.ts';

function memoryOf(pages = 1): [GuestMemory, WebAssembly.Memory] {
  const wasm = new WebAssembly.Memory({ initial: pages });
  const memory = new GuestMemory();
  memory.attach(wasm);
  return [memory, wasm];
}

/** Lay out an iovec list at `at`: [ptr, len] pairs. */
function iovecs(memory: GuestMemory, at: number, spans: [number, number][]): void {
  spans.forEach(([ptr, len], i) => {
    memory.u32(at + i * 8, ptr);
    memory.u32(at + i * 8 + 4, len);
  });
}

test('iovec lists: contiguous ones are one span, others are gathered and scattered in order', () => {
  const [memory] = memoryOf();
  iovecs(memory, 0, [[100, 3], [103, 0], [103, 4]]);
  const spans = memory.spans(0, 3);
  expect(spans).toEqual([{ ptr: 100, len: 3 }, { ptr: 103, len: 4 }]);
  expect(memory.contiguous(spans)).toEqual({ ptr: 100, len: 7 });
  memory.bytes(100, 7).set([1, 2, 3, 4, 5, 6, 7]);
  expect(memory.gather(spans).buffer).toBe(memory.buffer);
  iovecs(memory, 0, [[200, 2], [300, 2]]);
  const apart = memory.spans(0, 2);
  expect(memory.contiguous(apart)).toBeUndefined();
  expect(memory.scatter(apart, new Uint8Array([9, 8, 7]))).toBe(3);
  expect([...memory.gather(apart)]).toEqual([9, 8, 7, 0]);
  expect(() => memory.bytes(65_530, 10)).toThrow(Errno);
  try {
    memory.bytes(65_530, 10);
  } catch (e) {
    expect(errnoOf(e)).toBe(EFAULT);
  }
  memory.bytes(0, 2).set([0xc3, 0x28]);
  expect(() => memory.string(0, 2)).toThrow(expect.objectContaining({ errno: EILSEQ }));
});

test('every filesystem error code has an errno; wasmtime\'s for the common ones', () => {
  for (const code of ERROR_CODES) expect(errnoOf(new FsError(code))).toBeGreaterThan(0);
  expect(errnoOf(new FsError('no-entry'))).toBe(ENOENT);
  expect(errnoOf(new FsError('not-permitted'))).toBe(EPERM);
  expect(errnoOf(new FsError('read-only'))).toBe(EROFS);
  expect(errnoOf(new FsError('bad-descriptor'))).toBe(EBADF);
  expect(errnoOf(new Error('a host bug'))).toBeUndefined();
});

test('fd_write and fd_read move an iovec list in one backend call, in place where contiguous', () => {
  const bridge: Bridge = { tier: 'atomics', request: () => ({ status: 0, payload: new Uint8Array(0) }), sleep() {} };
  setContext({ bridge, args: [], env: [], output() {} });
  const [memory, wasm] = memoryOf(32);
  const fds = new FdTable();
  const writes: { bytes: Uint8Array; offset: bigint; inPlace: boolean }[] = [];
  const reads: { length: bigint; offset: bigint }[] = [];
  const file = {
    write(bytes: Uint8Array, offset: bigint) {
      writes.push({ bytes: bytes.slice(), offset, inPlace: bytes.buffer === wasm.buffer });
      return BigInt(bytes.byteLength);
    },
    readInto(length: bigint, offset: bigint, alloc: (n: number) => Uint8Array): [Uint8Array, boolean] {
      reads.push({ length, offset });
      const into = alloc(Number(length));
      into.fill(0x61);
      return [into, false];
    },
  } as unknown as Descriptor;
  const fd = fds.add({ kind: 'file', descriptor: file, position: 0n, append: false });
  const { fd_write, fd_read, fd_seek } = fdIoFunctions({ memory, fds }) as Record<string, (...a: unknown[]) => unknown>;

  // 1 MiB in three contiguous iovecs: one write, straight from guest memory.
  const MiB = 1 << 20;
  iovecs(memory, 0, [[4096, 1000], [4096 + 1000, MiB - 2000], [4096 + MiB - 1000, 1000]]);
  fd_write(fd, 0, 3, 64);
  expect(memory.getU32(64)).toBe(MiB);
  expect(writes.map((w) => [w.bytes.byteLength, w.offset, w.inPlace])).toEqual([[MiB, 0n, true]]);

  // Apart: still one write, of a gathered copy, at the new position.
  iovecs(memory, 0, [[4096, 2], [8192, 3]]);
  fd_write(fd, 0, 2, 64);
  expect(writes.slice(1).map((w) => [w.bytes.byteLength, w.offset, w.inPlace])).toEqual([[5, BigInt(MiB), false]]);

  fd_seek(fd, 0n, 0, 64);
  iovecs(memory, 0, [[4096, 10], [4106, 20]]);
  fd_read(fd, 0, 2, 64);
  expect(memory.getU32(64)).toBe(30);
  expect(reads).toEqual([{ length: 30n, offset: 0n }]);
  expect([...memory.bytes(4096, 30)].every((b) => b === 0x61)).toBe(true);

  // A cli stream has no position.
  expect(() => fd_seek(1, 0n, 0, 64)).toThrow(expect.objectContaining({ errno: ESPIPE }));
});
