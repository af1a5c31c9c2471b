/**
 * The preview 1 rows' peer: a core module run by `@bjorn3/browser_wasi_shim` in a dedicated
 * worker, as its README shows (compileStreaming, `new WASI(args, env, fds)`, `start`). Stdout
 * bytes are posted to the page as they are written. `/` is the shim's in-memory directory, or,
 * with `opfsFile`, holds that one file as a SyncOPFSFile over OPFS `bench-peer/<name>` (the shim
 * has no OPFS directories).
 */
import { ConsoleStdout, File, OpenFile, PreopenDirectory, SyncOPFSFile, WASI, WASIProcExit } from '@bjorn3/browser_wasi_shim';
import type { Inode } from '@bjorn3/browser_wasi_shim';
import { createSyncAccessHandle } from '../../shared/opfs/handles.ts';

export interface PeerRequest {
  url: string;
  args: string[];
  opfsFile?: string;
}

self.onmessage = async (event: MessageEvent<PeerRequest>) => {
  const { url, args, opfsFile } = event.data;
  let handle: Awaited<ReturnType<typeof createSyncAccessHandle>> | undefined;
  try {
    const contents = new Map<string, Inode>();
    if (opfsFile) {
      const root = await navigator.storage.getDirectory();
      const dir = await root.getDirectoryHandle('bench-peer', { create: true });
      handle = await createSyncAccessHandle(await dir.getFileHandle(opfsFile, { create: true }), 'readwrite-unsafe');
      contents.set(opfsFile, new SyncOPFSFile(handle));
    }
    const stdout = new ConsoleStdout((bytes) => {
      const copy = bytes.slice();
      self.postMessage({ t: 'out', bytes: copy }, { transfer: [copy.buffer] });
    });
    const stderr = new ConsoleStdout((bytes) => self.postMessage({ t: 'err', bytes: bytes.slice() }));
    const wasi = new WASI(args, [], [new OpenFile(new File([])), stdout, stderr, new PreopenDirectory('/', contents)]);
    const module = await WebAssembly.compileStreaming(fetch(url));
    const instance = await WebAssembly.instantiate(module, { wasi_snapshot_preview1: wasi.wasiImport });
    let code: number;
    try {
      code = wasi.start(instance as unknown as Parameters<WASI['start']>[0]);
    } catch (e) {
      if (!(e instanceof WASIProcExit)) throw e;
      code = e.code;
    }
    self.postMessage({ t: 'exit', code });
  } catch (e) {
    self.postMessage({ t: 'error', message: e instanceof Error ? e.message : String(e) });
  } finally {
    handle?.close();
  }
};
