/**
 * OPFS in the Atomics tier. The component's worker cannot wait for a Promise (it blocks in
 * `Atomics.wait`), and only a dedicated worker may open sync access handles, which is async.
 * So a helper worker (worker/opfs-helper.ts) runs the same OpfsBackend as the JSPI tier and this
 * module stands in for it, one blocking round trip per operation.
 *
 * Why the helper serves directory operations too, not the page (measured in Chromium when this
 * was built; those notes are not in the repository, and `npm run bench` measures only the page's
 * round trip, its `bridge no-op (atomics)` row): a round trip to a helper blocked in
 * `Atomics.wait` costs ~3 µs, one to the page woken by a message 12-16 µs (with 6-75 µs
 * outliers under `waitAsync`), and the OPFS call itself 0.2-1.4 ms either way. The page offers no speed, and
 * one owner for the directory-handle cache and the sync handles means no lock fights between
 * page and helper over the same file. The page keeps its thread free for the app.
 */
import { decode, encode, fromUtf8 } from '../../../shared/protocol.ts';
import type { Backend, Entry, FileData, Kind, Path, Stat, TimeChange } from './backend.ts';
import { type ErrorCode, FsError } from './errors.ts';
import { HelperChannel as C, HelperOp, HelperStatus } from './helper-channel.ts';

class Channel {
  readonly header: Int32Array;
  readonly number: Float64Array;
  readonly window: Uint8Array;
  constructor(sab: SharedArrayBuffer) {
    this.header = new Int32Array(sab, 0, C.HEADER_BYTES / 4);
    this.number = new Float64Array(sab, 0, C.HEADER_BYTES / 8);
    this.window = new Uint8Array(sab, C.HEADER_BYTES, C.WINDOW_BYTES);
  }

  /** One round trip; throws what the helper answered as an error. */
  roundTrip(op: number): void {
    const h = this.header;
    h[C.OP] = op;
    Atomics.store(h, C.STATE, C.Request);
    Atomics.notify(h, C.STATE);
    while (Atomics.load(h, C.STATE) !== C.Response) Atomics.wait(h, C.STATE, C.Request);
    Atomics.store(h, C.STATE, C.Idle);
    const status = h[C.STATUS];
    if (status === HelperStatus.Ok) return;
    const text = fromUtf8(this.window.subarray(0, h[C.LENGTH]));
    if (status === HelperStatus.FsError) {
      const space = text.indexOf(' ');
      throw new FsError(text.slice(0, space) as ErrorCode, text.slice(space + 1));
    }
    throw new Error(`OPFS helper: ${text}`);
  }

  call(mount: number, method: string, args: unknown[]): unknown {
    const bytes = encode([mount, method, ...args]);
    if (bytes.byteLength > C.WINDOW_BYTES) throw new FsError('name-too-long');
    this.window.set(bytes);
    this.header[C.LENGTH] = bytes.byteLength;
    this.roundTrip(HelperOp.Call);
    return decode(this.window.slice(0, this.header[C.LENGTH]));
  }
}

/** A file opened in the helper. */
class RemoteFile implements FileData {
  #released = false;
  constructor(private readonly channel: Channel, private readonly id: number) {}
  read(into: Uint8Array, offset: number): number {
    const ch = this.channel;
    let done = 0;
    while (done < into.byteLength) {
      const n = Math.min(into.byteLength - done, C.WINDOW_BYTES);
      ch.header[C.FILE] = this.id;
      ch.header[C.LENGTH] = n;
      ch.number[C.NUMBER] = offset + done;
      ch.roundTrip(HelperOp.Read);
      const got = ch.header[C.LENGTH];
      into.set(ch.window.subarray(0, got), done);
      done += got;
      if (got < n) break;
    }
    return done;
  }
  readAlloc(max: number, offset: number, alloc: (n: number) => Uint8Array): Uint8Array {
    // One round trip into the window, then one copy into memory of exactly the size read.
    const ch = this.channel;
    ch.header[C.FILE] = this.id;
    ch.header[C.LENGTH] = Math.min(max, C.WINDOW_BYTES);
    ch.number[C.NUMBER] = offset;
    ch.roundTrip(HelperOp.Read);
    const into = alloc(ch.header[C.LENGTH]);
    into.set(ch.window.subarray(0, into.byteLength));
    return into;
  }
  write(bytes: Uint8Array, offset: number): number {
    // One window's worth the helper writes whole or undoes (opfs-file.ts); more, this undoes.
    if (bytes.byteLength <= C.WINDOW_BYTES) return this.#write(bytes, offset);
    const before = this.size();
    try {
      return this.#write(bytes, offset);
    } catch (e) {
      if (this.size() > before) this.truncate(before);
      throw e;
    }
  }
  #write(bytes: Uint8Array, offset: number): number {
    const ch = this.channel;
    let done = 0;
    do {
      const n = Math.min(bytes.byteLength - done, C.WINDOW_BYTES);
      ch.window.set(bytes.subarray(done, done + n));
      ch.header[C.FILE] = this.id;
      ch.header[C.LENGTH] = n;
      ch.number[C.NUMBER] = offset + done;
      ch.roundTrip(HelperOp.Write);
      const wrote = ch.header[C.LENGTH];
      done += wrote;
      if (wrote < n) break;
    } while (done < bytes.byteLength);
    return done;
  }
  size(): number {
    this.channel.header[C.FILE] = this.id;
    this.channel.roundTrip(HelperOp.Size);
    return this.channel.number[C.NUMBER];
  }
  truncate(size: number): void {
    this.channel.header[C.FILE] = this.id;
    this.channel.number[C.NUMBER] = size;
    this.channel.roundTrip(HelperOp.Truncate);
  }
  flush(): void {
    this.channel.header[C.FILE] = this.id;
    this.channel.roundTrip(HelperOp.Flush);
  }
  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.channel.header[C.FILE] = this.id;
    this.channel.roundTrip(HelperOp.Release);
  }
}

/** Mount `index` of the helper, as a synchronous backend. */
class RemoteBackend implements Backend {
  constructor(private readonly channel: Channel, private readonly index: number) {}
  #call(method: string, ...args: unknown[]): unknown {
    return this.channel.call(this.index, method, args);
  }
  lookup(dir: Path, name: string): Entry | undefined {
    return this.#call('lookup', dir, name) as Entry | undefined;
  }
  stat(dir: Path, name?: string): Stat {
    return this.#call('stat', dir, name) as Stat;
  }
  list(dir: Path): [string, Kind][] {
    return this.#call('list', dir) as [string, Kind][];
  }
  mkdir(dir: Path, name: string): void {
    this.#call('mkdir', dir, name);
  }
  createFile(dir: Path, name: string): void {
    this.#call('createFile', dir, name);
  }
  remove(dir: Path, name: string, type: Kind): void {
    this.#call('remove', dir, name, type);
  }
  rename(fromDir: Path, fromName: string, toDir: Path, toName: string, type: Kind): void {
    this.#call('rename', fromDir, fromName, toDir, toName, type);
  }
  symlink(dir: Path, name: string, target: string): void {
    this.#call('symlink', dir, name, target);
  }
  setTimes(dir: Path, name: string | undefined, atime: TimeChange, mtime: TimeChange): void {
    this.#call('setTimes', dir, name, atime, mtime);
  }
  open(path: Path): FileData {
    return new RemoteFile(this.channel, this.#call('open', path) as number);
  }
  closeAll(): void {
    this.#call('closeAll');
  }
}

export interface OpfsHelper {
  backend(index: number): Backend;
}

/** Start the helper worker with the OPFS mounts at `paths`; resolves once they are open. */
export async function connectOpfsHelper(paths: string[], runChannel?: SharedArrayBuffer): Promise<OpfsHelper> {
  const sab = new SharedArrayBuffer(C.HEADER_BYTES + C.WINDOW_BYTES);
  const worker = new Worker(new URL('../../opfs-helper.ts', import.meta.url), { type: 'module', name: 'wasi-browser-opfs' });
  await new Promise<void>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<{ ready?: true; error?: string }>) => {
      if (event.data.error) reject(new Error(`an OPFS mount could not be opened: ${event.data.error}`));
      else resolve();
    };
    worker.onerror = (event) => reject(new Error(`the OPFS helper worker failed to start: ${event.message || 'see the console'}`));
    worker.postMessage({ sab, paths, channel: runChannel });
  });
  const channel = new Channel(sab);
  return { backend: (index) => new RemoteBackend(channel, index) };
}

