/**
 * The streams of an open file (read-via-stream, write-via-stream, append-via-stream), and how a
 * failed file operation reaches the guest through them: `last-operation-failed`, whose io error
 * carries the filesystem code (filesystem-error-code).
 */
import { Error as IoError, fail } from '../io/error.ts';
import { ByteQueue, InputStream, OutputStream } from '../io/streams.ts';
import type { FileData } from './backend.ts';
import { type ErrorCode, toErrorCode } from './errors.ts';

/** The most one read answers (wasmtime: 4 MiB too). */
export const MAX_READ = 4 << 20;
/** How much a file output stream takes per write. */
const STREAM_CAPACITY = 1 << 20;

/** The io `error` of a failed stream operation, and the filesystem code behind it. */
const streamErrors = new WeakMap<IoError, ErrorCode>();

/** The error-code a stream error came from (wasi:filesystem/types filesystem-error-code). */
export function streamErrorCode(err: IoError): ErrorCode | undefined {
  return streamErrors.get(err);
}

/** Run a stream's file operation; a failure becomes `last-operation-failed` carrying its code. */
function streamOp<T>(op: () => T): T {
  try {
    return op();
  } catch (e) {
    const code = toErrorCode(e);
    if (!code) throw e;
    const err = new IoError(`${code}: ${(e as Error).message}`);
    streamErrors.set(err, code);
    return fail({ tag: 'last-operation-failed', val: err });
  }
}

/** A stream's reads straight from the file at its position, as the guest asks. */
class FileQueue extends ByteQueue {
  constructor(private readonly data: FileData, private position: number) {
    super();
  }
  override isReady(): boolean {
    return true;
  }
  override takeAlloc(len: number, alloc: (n: number) => Uint8Array): Uint8Array | null {
    if (len === 0) return alloc(0);
    const got = streamOp(() => this.data.readAlloc(Math.min(len, MAX_READ), this.position, alloc));
    if (got.byteLength === 0) return null;
    this.position += got.byteLength;
    return got;
  }
  override take(len: number): Uint8Array | null {
    return this.takeAlloc(len, (n) => new Uint8Array(n));
  }
}

/** An input stream reading `data` from offset `at`. */
export function readStream(data: FileData, at: number): InputStream {
  return new InputStream(new FileQueue(data, at));
}

/** An output stream writing `data` from offset `at` on. */
export function writeStream(data: FileData, at: number): OutputStream {
  return new OutputStream({
    write: (bytes) => {
      at += streamOp(() => data.write(bytes, at));
    },
    // A stream's flush makes bytes visible, which a sync handle's write already did; durability
    // is sync/sync-data (a handle flush costs ~1 ms, per 4 KiB call of the preview1 adapter).
    capacity: () => STREAM_CAPACITY,
    borrows: true,
  });
}

/** An output stream appending to `data`. */
export function appendStream(data: FileData): OutputStream {
  return new OutputStream({
    write: (bytes) => {
      streamOp(() => data.write(bytes, data.size()));
    },
    capacity: () => STREAM_CAPACITY,
    borrows: true,
  });
}
