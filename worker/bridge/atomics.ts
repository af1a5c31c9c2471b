import { Channel, Op, Status, concat, fromUtf8 } from '../../shared/protocol.ts';
import type { Backend } from '../wasi/filesystem/backend.ts';
import { connectOpfsHelper } from '../wasi/filesystem/remote.ts';
import { withHttp } from './http.ts';
import { pageKeyValue } from './keyvalue.ts';
import { atomicsOutput } from './output.ts';
import { type Bridge, type Reply, BridgeError } from './index.ts';

/**
 * The Atomics tier: the worker blocks in `Atomics.wait` on a SharedArrayBuffer while the page
 * serves the request. One channel per worker, reused for every call; nothing is allocated
 * per call but the answer's own bytes. The run's fetches are the page's.
 */
export function createAtomicsBridge(sab: SharedArrayBuffer, port: MessagePort, output: SharedArrayBuffer): Bridge {
  const header = new Int32Array(sab, 0, Channel.HEADER_BYTES / 4);
  const window = new Uint8Array(sab, Channel.HEADER_BYTES, Channel.WINDOW_BYTES);
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const wake = { t: 'wake' } as const;

  /** One round trip: the page is woken by a message (the steadiest wake measured here). */
  function roundTrip(op: number, chunk: Uint8Array): void {
    window.set(chunk);
    header[Channel.OP] = op;
    header[Channel.LENGTH] = chunk.byteLength;
    Atomics.store(header, Channel.STATE, Channel.Request);
    port.postMessage(wake);
    while (Atomics.load(header, Channel.STATE) !== Channel.Response) {
      Atomics.wait(header, Channel.STATE, Channel.Request);
    }
  }

  function take(): Uint8Array {
    return window.slice(0, header[Channel.LENGTH]);
  }

  /** Ask the page to serve `op`, blocked until it answers; a long payload or answer goes in chunks. */
  function request(op: Op, payload = new Uint8Array(0)): Reply {
    let offset = 0;
    while (payload.byteLength - offset > Channel.WINDOW_BYTES) {
      roundTrip(Op.More, payload.subarray(offset, offset + Channel.WINDOW_BYTES));
      offset += Channel.WINDOW_BYTES;
    }
    roundTrip(op, payload.subarray(offset));
    let status = header[Channel.STATUS];
    let answer = take();
    if (status === Status.More) {
      const parts = [answer];
      while (status === Status.More) {
        roundTrip(Op.Next, new Uint8Array(0));
        status = header[Channel.STATUS];
        parts.push(take());
      }
      answer = concat(parts);
    }
    Atomics.store(header, Channel.STATE, Channel.Idle);
    if (status === Status.Error || status === Status.Thrown) {
      throw new BridgeError(status === Status.Error ? fromUtf8(answer) : 'thrown', status, answer);
    }
    return { status, payload: answer };
  }

  return withHttp({
    tier: 'atomics',
    output: atomicsOutput(port, output),
    request,
    sleep(ms: number): void {
      if (ms > 0) Atomics.wait(sleeper, 0, 0, ms);
    },
    async mountOpfs(paths: string[]): Promise<Backend[]> {
      // The helper checks this run's CLOSED word (in `sab`) before every request.
      const helper = await connectOpfsHelper(paths, sab);
      return paths.map((_, index) => helper.backend(index));
    },
    wrapImport: (fn) => fn,
    listsExports: false,
    wrapExport: (fn) => fn,
    keyValue: pageKeyValue(request),
  });
}
