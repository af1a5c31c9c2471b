/**
 * The raw startup row's worker: a preview1 core module with just enough of preview1 to print
 * (fd_write to stdout/stderr, fd_fdstat_get, empty args and environ, proc_exit); every other
 * import answers ENOSYS. Stdout bytes are posted to the page as they are written.
 */
const ERRNO_SUCCESS = 0;
const ERRNO_BADF = 8;
const ERRNO_NOSYS = 52;
const FILETYPE_CHARACTER_DEVICE = 2;

class ProcExit {
  constructor(readonly code: number) {}
}

self.onmessage = async (event: MessageEvent<{ url: string }>) => {
  let memory: WebAssembly.Memory | undefined;
  const view = () => new DataView(memory!.buffer);
  const preview1: Record<string, (...args: number[]) => number | void> = {
    fd_write(fd, iovs, iovsLen, nwritten) {
      if (fd !== 1 && fd !== 2) return ERRNO_BADF;
      const dv = view();
      let total = 0;
      const parts: Uint8Array[] = [];
      for (let i = 0; i < iovsLen; i++) {
        const ptr = dv.getUint32(iovs + i * 8, true);
        const len = dv.getUint32(iovs + i * 8 + 4, true);
        parts.push(new Uint8Array(memory!.buffer, ptr, len).slice());
        total += len;
      }
      const bytes = new Uint8Array(total);
      let at = 0;
      for (const part of parts) {
        bytes.set(part, at);
        at += part.byteLength;
      }
      if (fd === 1 && total > 0) self.postMessage({ t: 'out', bytes }, { transfer: [bytes.buffer] });
      dv.setUint32(nwritten, total, true);
      return ERRNO_SUCCESS;
    },
    fd_fdstat_get(fd, out) {
      if (fd > 2) return ERRNO_BADF;
      const dv = view();
      for (let i = 0; i < 24; i++) dv.setUint8(out + i, 0);
      dv.setUint8(out, FILETYPE_CHARACTER_DEVICE);
      return ERRNO_SUCCESS;
    },
    args_sizes_get(argc, size) {
      view().setUint32(argc, 0, true);
      view().setUint32(size, 0, true);
      return ERRNO_SUCCESS;
    },
    args_get: () => ERRNO_SUCCESS,
    environ_sizes_get(count, size) {
      view().setUint32(count, 0, true);
      view().setUint32(size, 0, true);
      return ERRNO_SUCCESS;
    },
    environ_get: () => ERRNO_SUCCESS,
    proc_exit(code) {
      throw new ProcExit(code);
    },
  };
  const imports = new Proxy(preview1, {
    get: (target, name: string) => target[name] ?? (() => ERRNO_NOSYS),
  });
  try {
    const { instance } = await WebAssembly.instantiateStreaming(fetch(event.data.url), {
      wasi_snapshot_preview1: imports,
    });
    memory = instance.exports.memory as WebAssembly.Memory;
    let code = 0;
    try {
      (instance.exports._start as () => void)();
    } catch (e) {
      if (!(e instanceof ProcExit)) throw e;
      code = e.code;
    }
    self.postMessage({ t: 'exit', code });
  } catch (e) {
    self.postMessage({ t: 'error', message: e instanceof Error ? e.message : String(e) });
  }
};
