/**
 * The OPFS helper worker of the Atomics tier: owns the sync access handles of a run's OPFS
 * mounts and serves the component's worker through shared memory (see
 * wasi/filesystem/remote.ts). Between requests it blocks in `Atomics.wait` (a ~3 µs wake);
 * a request that needs an async OPFS call is awaited, so the event loop runs meanwhile.
 */
import { Channel, decode, encode, utf8 } from '../shared/protocol.ts';
import type { Backend, FileData } from './wasi/filesystem/backend.ts';
import { FsError, toErrorCode } from './wasi/filesystem/errors.ts';
import { HelperChannel as C, HelperOp, HelperStatus } from './wasi/filesystem/helper-channel.ts';
import { OpfsBackend } from './wasi/filesystem/opfs.ts';
import { messageOf } from '../shared/message.ts';

const files = new Map<number, FileData>();
let nextFile = 1;

async function serve(sab: SharedArrayBuffer, backends: OpfsBackend[], channel?: SharedArrayBuffer): Promise<never> {
  const run = channel && new Int32Array(channel, 0, Channel.HEADER_BYTES / 4);
  const header = new Int32Array(sab, 0, C.HEADER_BYTES / 4);
  const number = new Float64Array(sab, 0, C.HEADER_BYTES / 8);
  const window = new Uint8Array(sab, C.HEADER_BYTES, C.WINDOW_BYTES);

  const answer = (status: number, bytes?: Uint8Array) => {
    if (bytes) {
      window.set(bytes.subarray(0, C.WINDOW_BYTES));
      header[C.LENGTH] = Math.min(bytes.byteLength, C.WINDOW_BYTES);
    }
    header[C.STATUS] = status;
    Atomics.store(header, C.STATE, C.Response);
    Atomics.notify(header, C.STATE);
  };

  const file = (): FileData => files.get(header[C.FILE]) ?? (() => { throw new FsError('bad-descriptor'); })();

  for (;;) {
    for (let s = Atomics.load(header, C.STATE); s !== C.Request; s = Atomics.load(header, C.STATE)) {
      Atomics.wait(header, C.STATE, s);
    }
    if (run && Atomics.load(run, Channel.CLOSED) === 1) {
      // The run was aborted or closed while its worker is still being terminated.
      for (const backend of backends) backend.closeAll();
      answer(HelperStatus.Error, utf8('the run was closed'));
      continue;
    }
    try {
      switch (header[C.OP]) {
        case HelperOp.Read:
          header[C.LENGTH] = file().read(window.subarray(0, header[C.LENGTH]), number[C.NUMBER]);
          answer(HelperStatus.Ok);
          break;
        case HelperOp.Write:
          header[C.LENGTH] = file().write(window.subarray(0, header[C.LENGTH]), number[C.NUMBER]);
          answer(HelperStatus.Ok);
          break;
        case HelperOp.Size:
          number[C.NUMBER] = file().size();
          answer(HelperStatus.Ok);
          break;
        case HelperOp.Truncate:
          file().truncate(number[C.NUMBER]);
          answer(HelperStatus.Ok);
          break;
        case HelperOp.Flush:
          file().flush();
          answer(HelperStatus.Ok);
          break;
        case HelperOp.Release:
          files.get(header[C.FILE])?.release();
          files.delete(header[C.FILE]);
          answer(HelperStatus.Ok);
          break;
        case HelperOp.Call: {
          const [mount, method, ...args] = decode(window.slice(0, header[C.LENGTH])) as [number, keyof Backend, ...unknown[]];
          const backend = backends[mount] as unknown as Record<string, (...a: unknown[]) => unknown>;
          let result = await backend[method](...args);
          if (method === 'open') {
            const id = nextFile++;
            files.set(id, result as FileData);
            result = id;
          }
          answer(HelperStatus.Ok, encode(result));
          break;
        }
        default:
          answer(HelperStatus.Error, utf8(`unknown operation ${header[C.OP]}`));
      }
    } catch (e) {
      const code = toErrorCode(e);
      if (code) answer(HelperStatus.FsError, utf8(`${code} ${messageOf(e)}`));
      else answer(HelperStatus.Error, utf8(`${(e as Error)?.name ?? 'Error'}: ${messageOf(e)}`));
    }
  }
}

self.onmessage = async (event: MessageEvent<{ sab: SharedArrayBuffer; paths: string[]; channel?: SharedArrayBuffer }>) => {
  const { sab, paths, channel } = event.data;
  let backends: OpfsBackend[];
  try {
    backends = await Promise.all(paths.map((path) => OpfsBackend.mount(path)));
  } catch (e) {
    self.postMessage({ error: messageOf(e) });
    return;
  }
  self.postMessage({ ready: true });
  void serve(sab, backends, channel);
};
