/**
 * An open OPFS file of a mount: one sync access handle per file, shared by every descriptor of
 * it in this worker (reference-counted), and how the handle is opened.
 */
import { createSyncAccessHandle, type SyncAccessHandle } from '../../../shared/opfs/handles.ts';
import { isNamed } from '../../../shared/opfs/errors.ts';
import type { FileData } from './backend.ts';
import { fsFail, rethrowFs } from './errors.ts';

/** How long to wait for another tab or run to release a file's lock before answering `busy`. */
const LOCK_WAIT_MS = 3000;

/** One open file: a sync handle shared by every descriptor of it in this worker. */
export class OpfsFile implements FileData {
  refs = 1;
  constructor(
    public handle: SyncAccessHandle,
    private readonly onClose: () => void,
  ) {}
  read(into: Uint8Array, offset: number): number {
    try {
      return this.handle.read(into, { at: offset });
    } catch (e) {
      return rethrowFs(e);
    }
  }
  readAlloc(max: number, offset: number, alloc: (n: number) => Uint8Array): Uint8Array {
    try {
      // getSize is ~0.3 µs: ask for exactly what is there, and read straight into it.
      const into = alloc(Math.max(0, Math.min(max, this.handle.getSize() - offset)));
      const got = into.byteLength === 0 ? 0 : this.handle.read(into, { at: offset });
      return got === into.byteLength ? into : into.subarray(0, got);
    } catch (e) {
      return rethrowFs(e);
    }
  }
  write(bytes: Uint8Array, offset: number): number {
    let n: number;
    // Over the quota, Chromium's write keeps part of the bytes, then throws or answers a huge
    // count (an error as unsigned): a failed write is undone to the size before it.
    const before = this.size();
    try {
      n = this.handle.write(bytes, { at: offset });
    } catch (e) {
      this.#shrinkTo(before);
      return rethrowFs(e);
    }
    if (n > bytes.byteLength) {
      this.#shrinkTo(before);
      fsFail('insufficient-space', 'the origin storage quota is full');
    }
    return n;
  }
  /** Undo what a failed write added past the end. */
  #shrinkTo(size: number): void {
    try {
      if (this.handle.getSize() > size) this.handle.truncate(size);
    } catch {}
  }
  size(): number {
    try {
      return this.handle.getSize();
    } catch (e) {
      return rethrowFs(e);
    }
  }
  truncate(size: number): void {
    try {
      this.handle.truncate(size);
    } catch (e) {
      rethrowFs(e);
    }
  }
  flush(): void {
    try {
      this.handle.flush();
    } catch (e) {
      rethrowFs(e);
    }
  }
  release(): void {
    if (--this.refs > 0) return;
    this.close();
  }
  close(): void {
    this.refs = 0;
    // close() keeps every write (measured: so does a terminated worker); flush() is the guest's
    // sync, for durability across a browser crash, and costs ~1 ms a file.
    try {
      this.handle.close();
    } catch {}
    this.onClose();
  }
}

/** A reference to a shared OpfsFile: releasing it twice does not drop another descriptor's. */
export class FileRef implements FileData {
  #released = false;
  constructor(private readonly file: OpfsFile) {}
  read(into: Uint8Array, offset: number): number {
    return this.file.read(into, offset);
  }
  readAlloc(max: number, offset: number, alloc: (n: number) => Uint8Array): Uint8Array {
    return this.file.readAlloc(max, offset, alloc);
  }
  write(bytes: Uint8Array, offset: number): number {
    return this.file.write(bytes, offset);
  }
  size(): number {
    return this.file.size();
  }
  truncate(size: number): void {
    this.file.truncate(size);
  }
  flush(): void {
    this.file.flush();
  }
  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.file.release();
  }
}

/**
 * Open a handle every run and tab can share ('readwrite-unsafe': several writers, as on
 * POSIX); while something holds an exclusive lock (a page's createWritable, another
 * library's handle) retry with back-off, then answer `busy`.
 */
export async function openWithRetry(file: FileSystemFileHandle): Promise<SyncAccessHandle> {
  const start = performance.now();
  for (let delay = 2; ; delay = Math.min(delay * 2, 200)) {
    try {
      return await createSyncAccessHandle(file, 'readwrite-unsafe');
    } catch (e) {
      if (!isNamed(e, 'NoModificationAllowedError') || performance.now() - start > LOCK_WAIT_MS) return rethrowFs(e);
    }
    await new Promise((r) => setTimeout(r, delay));
  }
}

