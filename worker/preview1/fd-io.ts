/**
 * fd_read, fd_write, fd_pread, fd_pwrite, fd_seek, fd_tell. The fast path: an iovec list whose
 * buffers follow one another is one span of guest memory, moved by one backend call in place
 * (a file read lands straight in guest memory, a file write is taken straight from it); other
 * lists are gathered or scattered once, still one backend call.
 */
import { type Maybe, then } from '../bridge/index.ts';
import { WasiError } from '../wasi/io/error.ts';
import { EBADF, EINVAL, fail } from './errno.ts';
import type { FdTable, FileFd } from './fds.ts';
import type { Functions, Host } from './host.ts';
import type { GuestMemory, Span } from './memory.ts';

const WHENCE_SET = 0;
const WHENCE_CUR = 1;
const WHENCE_END = 2;

/** Run `op`; a failure `handle` takes (answering a value) is answered so, others are thrown. */
function recover<T>(op: () => Maybe<T>, handle: (e: unknown) => T): Maybe<T> {
  const onError = (e: unknown) => handle(e);
  try {
    const result = op();
    return result instanceof Promise ? result.catch(onError) : result;
  } catch (e) {
    return onError(e);
  }
}

/** A stream's `closed` reads as the end (0 bytes). */
function endOnClosed(e: unknown): Uint8Array {
  if (e instanceof WasiError && (e.payload as { tag?: string })?.tag === 'closed') return new Uint8Array(0);
  throw e;
}

function total(spans: Span[]): number {
  return spans.reduce((n, s) => n + s.len, 0);
}

/** Read from a file at `offset` into `spans`: in place where they are one span. */
function readFile(memory: GuestMemory, file: FileFd, spans: Span[], offset: bigint): Maybe<number> {
  const whole = memory.contiguous(spans);
  const alloc = whole ? (n: number) => memory.bytes(whole.ptr, n) : (n: number) => new Uint8Array(n);
  return then(file.descriptor.readInto(BigInt(total(spans)), offset, alloc), ([bytes]) =>
    whole ? bytes.byteLength : memory.scatter(spans, bytes),
  );
}

/** Write `spans` to a file at `offset` (or its end, appending): from guest memory in place where one span. */
function writeFile(memory: GuestMemory, file: FileFd, spans: Span[], offset: bigint | 'end'): Maybe<number> {
  const bytes = memory.gather(spans);
  if (offset !== 'end') return then(file.descriptor.write(bytes, offset), Number);
  const appender = file.appender ?? then(file.descriptor.appendViaStream(), (stream) => (file.appender = stream));
  return then(appender, (stream) => then(stream.write(bytes), () => bytes.byteLength));
}

function read(memory: GuestMemory, fds: FdTable, fd: number, iovs: number, count: number, out: number): Maybe<void> {
  const entry = fds.get(fd);
  const spans = memory.spans(iovs, count);
  const done = (n: number) => memory.u32(out, n);
  if (entry.kind === 'stdin') {
    const n = total(spans);
    if (n === 0) return done(0);
    return then(recover(() => entry.stream.blockingRead(BigInt(n)), endOnClosed), (bytes) => done(memory.scatter(spans, bytes)));
  }
  if (entry.kind !== 'file') fail(EBADF, `fd ${fd} cannot be read`);
  return then(readFile(memory, entry, spans, entry.position), (n) => {
    entry.position += BigInt(n);
    done(n);
  });
}

function write(memory: GuestMemory, fds: FdTable, fd: number, iovs: number, count: number, out: number): Maybe<void> {
  const entry = fds.get(fd);
  const spans = memory.spans(iovs, count);
  const done = (n: number) => memory.u32(out, n);
  if (entry.kind === 'stdout') {
    // The page gets its own copy (the chunk is transferred): one copy, one message per call.
    const bytes = memory.gather(spans, true);
    const n = bytes.byteLength;
    if (n === 0) return done(0);
    return then(entry.stream.write(bytes), () => done(n));
  }
  if (entry.kind !== 'file') fail(EBADF, `fd ${fd} cannot be written`);
  if (entry.append) return then(writeFile(memory, entry, spans, 'end'), done);
  return then(writeFile(memory, entry, spans, entry.position), (n) => {
    entry.position += BigInt(n);
    done(n);
  });
}

/** The fd_read/fd_write family over `host`. */
export function fdIoFunctions({ memory, fds }: Host): Functions {
  return {
    fd_read: (fd: number, iovs: number, count: number, out: number) => read(memory, fds, fd, iovs, count, out),
    fd_write: (fd: number, iovs: number, count: number, out: number) => write(memory, fds, fd, iovs, count, out),
    fd_pread(fd: number, iovs: number, count: number, offset: bigint, out: number) {
      const file = fds.file(fd);
      if (offset < 0n) fail(EINVAL, 'a negative offset');
      return then(readFile(memory, file, memory.spans(iovs, count), offset), (n) => memory.u32(out, n));
    },
    fd_pwrite(fd: number, iovs: number, count: number, offset: bigint, out: number) {
      const file = fds.file(fd);
      if (offset < 0n) fail(EINVAL, 'a negative offset');
      return then(writeFile(memory, file, memory.spans(iovs, count), offset), (n) => memory.u32(out, n));
    },
    fd_seek(fd: number, offset: bigint, whence: number, out: number) {
      const file = fds.file(fd);
      const seek = (base: bigint) => {
        const position = base + offset;
        if (position < 0n) fail(EINVAL, 'a position before the start');
        file.position = position;
        memory.u64(out, position);
      };
      if (whence === WHENCE_SET) return seek(0n);
      if (whence === WHENCE_CUR) return seek(file.position);
      if (whence === WHENCE_END) return then(file.descriptor.stat(), (stat) => seek(stat.size));
      fail(EINVAL, `whence ${whence}`);
    },
    fd_tell(fd: number, out: number) {
      memory.u64(out, fds.file(fd).position);
    },
  };
}

