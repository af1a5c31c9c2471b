/**
 * wasi:io/streams fast paths (see ../cabi.ts): reads, writes, check-write and flushes of input
 * and output streams straight on the core ABI. They call the same InputStream/OutputStream
 * methods as the glue would; only the lifting and lowering is done here.
 */
import { type CanonOptions, allocate, define, disposeByRep, guestBytes, lift, lowerOwn, settle, suspending, trackReps } from '../cabi.ts';
import { Error as IoError, WasiError } from './error.ts';
import { InputStream, OutputStream } from './streams.ts';

/** Store `err(stream-error)` from what the host threw; anything but a stream error traps. */
function storeStreamError(e: unknown, memory: WebAssembly.Memory, retptr: number, payload: number, errors: number[][]): void {
  const error = e instanceof WasiError ? (e.payload as { tag?: string; val?: IoError } | undefined) : undefined;
  const view = new DataView(memory.buffer);
  if (error?.tag === 'closed') {
    view.setUint8(retptr, 1);
    view.setUint8(retptr + payload, 1);
  } else if (error?.tag === 'last-operation-failed' && error.val instanceof IoError && errors[0]) {
    view.setUint8(retptr, 1);
    view.setUint8(retptr + payload, 0);
    view.setInt32(retptr + payload + 4, lowerOwn(errors[0], error.val), true);
  } else {
    throw e;
  }
}

function lowerRead(method: 'read' | 'blockingRead') {
  return (options: CanonOptions) => {
    const tables = options.resourceTables!;
    return suspending((handle: number, len: bigint, retptr: number) => {
      const [stream, errors] = lift(tables, handle, InputStream);
      return settle(
        // A file reads straight into guest memory; other sources give bytes to copy in.
        () => stream.readInto(len, (n) => allocate(options, n)) ?? stream[method](len),
        (bytes) => {
          let into = bytes;
          if (bytes.buffer !== options.memory.buffer) {
            into = allocate(options, bytes.byteLength);
            into.set(bytes);
          }
          const view = new DataView(options.memory.buffer);
          view.setUint8(retptr, 0);
          view.setUint32(retptr + 4, into.byteOffset, true);
          view.setUint32(retptr + 8, bytes.byteLength, true);
        },
        (e) => storeStreamError(e, options.memory, retptr, 4, errors),
      );
    });
  };
}

/** write / blocking-write-and-flush: `(self, ptr, len, retptr)`, result<_, stream-error>. */
function lowerWrite(method: 'write' | 'blockingWriteAndFlush') {
  return (options: CanonOptions) => {
    const tables = options.resourceTables!;
    return suspending((handle: number, ptr: number, len: number, retptr: number) => {
      const [stream, errors] = lift(tables, handle, OutputStream);
      const given = guestBytes(options.memory, ptr, len);
      // A sink that keeps the bytes (a page message, a body buffer) gets its own copy.
      const bytes = stream.borrows ? given : given.slice();
      return settle(
        () => stream[method](bytes),
        () => new DataView(options.memory.buffer).setUint8(retptr, 0),
        (e) => storeStreamError(e, options.memory, retptr, 4, errors),
      );
    });
  };
}

/** flush / blocking-flush: `(self, retptr)`, result<_, stream-error>. */
function lowerFlush(method: 'flush' | 'blockingFlush') {
  return (options: CanonOptions) => {
    const tables = options.resourceTables!;
    return suspending((handle: number, retptr: number) => {
      const [stream, errors] = lift(tables, handle, OutputStream);
      return settle(
        () => stream[method](),
        () => new DataView(options.memory.buffer).setUint8(retptr, 0),
        (e) => storeStreamError(e, options.memory, retptr, 4, errors),
      );
    });
  };
}

function lowerCheckWrite(options: CanonOptions) {
  const tables = options.resourceTables!;
  return (handle: number, retptr: number) => {
    const [stream, errors] = lift(tables, handle, OutputStream);
    settle(
      () => stream.checkWrite(),
      (n) => {
        const view = new DataView(options.memory.buffer);
        view.setUint8(retptr, 0);
        view.setBigUint64(retptr + 8, n, true);
      },
      (e) => storeStreamError(e, options.memory, retptr, 8, errors),
    );
  };
}

trackReps(InputStream);
trackReps(OutputStream);
trackReps(IoError);
disposeByRep(IoError);
define(InputStream.prototype.read, lowerRead('read'));
define(InputStream.prototype.blockingRead, lowerRead('blockingRead'));
define(OutputStream.prototype.checkWrite, lowerCheckWrite);
define(OutputStream.prototype.write, lowerWrite('write'));
define(OutputStream.prototype.blockingWriteAndFlush, lowerWrite('blockingWriteAndFlush'));
define(OutputStream.prototype.flush, lowerFlush('flush'));
define(OutputStream.prototype.blockingFlush, lowerFlush('blockingFlush'));
