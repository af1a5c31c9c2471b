/**
 * The filesystem benchmark's limit: the same loops as fs-bench.wasm, written straight against
 * OPFS in a dedicated worker (sync access handles for data, the async API for directories).
 * Answers the loop's microseconds, timed like the guest times its own.
 */
import { createSyncAccessHandle, entriesOf } from '../../shared/opfs/handles.ts';

const MIB = 1 << 20;

export interface RawFsRequest {
  /** seqwrite4k: the same bytes as seqwrite in 4 KiB writes, as the preview1 adapter's stream writes come. */
  op: 'seqwrite' | 'seqwrite4k' | 'seqread' | 'randread' | 'smallfiles';
  name: string;
  n: number;
}

async function measure({ op, name, n }: RawFsRequest): Promise<number> {
  const root = await navigator.storage.getDirectory();
  const dir = await root.getDirectoryHandle('bench-raw', { create: true });
  const buf = new Uint8Array(MIB);
  if (op === 'smallfiles') {
    const sub = await dir.getDirectoryHandle(name, { create: true });
    const data = new Uint8Array(100).fill(115);
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const handle = await createSyncAccessHandle(await sub.getFileHandle(`f${String(i).padStart(5, '0')}`, { create: true }), 'readwrite-unsafe');
      handle.truncate(0);
      handle.write(data, { at: 0 });
      handle.close();
    }
    let listed = 0;
    for await (const _ of entriesOf(sub)) listed++;
    for (let i = 0; i < n; i++) {
      const file = await (await sub.getFileHandle(`f${String(i).padStart(5, '0')}`)).getFile();
      if (file.size !== 100) throw new Error('bad size');
    }
    for (let i = 0; i < n; i++) await sub.removeEntry(`f${String(i).padStart(5, '0')}`);
    const t1 = performance.now();
    if (listed !== n) throw new Error(`listed ${listed}`);
    await dir.removeEntry(name, { recursive: true });
    return (t1 - t0) * 1000;
  }
  const handle = await createSyncAccessHandle(await dir.getFileHandle(name, { create: true }), 'readwrite-unsafe');
  try {
    const t0 = performance.now();
    if (op === 'seqwrite') {
      handle.truncate(0);
      for (let i = 0; i < n; i++) {
        buf[0] = i;
        handle.write(buf, { at: i * MIB });
      }
      handle.flush();
    } else if (op === 'seqwrite4k') {
      handle.truncate(0);
      for (let i = 0; i < n; i++) {
        buf[0] = i;
        for (let at = 0; at < MIB; at += 4096) handle.write(buf.subarray(at, at + 4096), { at: i * MIB + at });
      }
      handle.flush();
    } else if (op === 'seqread') {
      for (let at = 0; ; ) {
        const got = handle.read(buf, { at });
        if (got === 0) break;
        at += got;
      }
    } else {
      const blocks = BigInt(Math.floor(handle.getSize() / 4096));
      const small = new Uint8Array(4096);
      let x = 88172645463325252n;
      const mask = (1n << 64n) - 1n;
      for (let i = 0; i < n; i++) {
        x ^= (x << 13n) & mask;
        x ^= x >> 7n;
        x ^= (x << 17n) & mask;
        handle.read(small, { at: Number((x % blocks) * 4096n) });
      }
    }
    return (performance.now() - t0) * 1000;
  } finally {
    handle.close();
  }
}

self.onmessage = async (event: MessageEvent<RawFsRequest>) => {
  try {
    self.postMessage({ us: await measure(event.data) });
  } catch (e) {
    self.postMessage({ error: String((e as Error)?.message ?? e) });
  }
};
