/**
 * wasi:filesystem/types fast paths (see ../cabi.ts): `descriptor.read` and `descriptor.write`
 * (pread/pwrite) on the core ABI, reading from OPFS straight into guest memory and writing
 * from it, with no copy in the JSPI tier and one in the Atomics tier (the helper's window).
 */
import { type CanonOptions, allocate, define, guestBytes, lift, settle, suspending, trackReps } from '../cabi.ts';
import { Descriptor } from './descriptor.ts';
import { ERROR_CODES, FsError } from './errors.ts';

/** Store `err(error-code)` at `retptr + payload`; anything but a filesystem error traps. */
function storeError(e: unknown, memory: WebAssembly.Memory, retptr: number, payload: number): void {
  if (!(e instanceof FsError)) throw e;
  const view = new DataView(memory.buffer);
  view.setUint8(retptr, 1);
  view.setUint8(retptr + payload, ERROR_CODES.indexOf(e.code));
}

/** `read(self, length, offset) -> result<tuple<list<u8>, bool>, error-code>`. */
function lowerRead(options: CanonOptions) {
  const tables = options.resourceTables!;
  const alloc = (n: number) => allocate(options, n);
  return suspending((handle: number, length: bigint, offset: bigint, retptr: number) => {
    const [descriptor] = lift(tables, handle, Descriptor);
    const store = ([bytes, end]: [Uint8Array, boolean]) => {
      const view = new DataView(options.memory.buffer);
      view.setUint8(retptr, 0);
      view.setUint32(retptr + 4, bytes.byteOffset, true);
      view.setUint32(retptr + 8, bytes.byteLength, true);
      view.setUint8(retptr + 12, end ? 1 : 0);
    };
    return settle(() => descriptor.readInto(length, offset, alloc), store, (e) => storeError(e, options.memory, retptr, 4));
  });
}

/** `write(self, buffer, offset) -> result<filesize, error-code>`. */
function lowerWrite(options: CanonOptions) {
  const tables = options.resourceTables!;
  return suspending((handle: number, ptr: number, len: number, offset: bigint, retptr: number) => {
    const [descriptor] = lift(tables, handle, Descriptor);
    const store = (n: bigint) => {
      const view = new DataView(options.memory.buffer);
      view.setUint8(retptr, 0);
      view.setBigUint64(retptr + 8, n, true);
    };
    // Every FileData's write is done with the bytes when it returns: no copy.
    return settle(() => descriptor.write(guestBytes(options.memory, ptr, len), offset), store, (e) => storeError(e, options.memory, retptr, 8));
  });
}

trackReps(Descriptor);
define(Descriptor.prototype.read, lowerRead);
define(Descriptor.prototype.write, lowerWrite);
