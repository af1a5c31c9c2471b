import { type Op, type PageEvent, Status, fromUtf8 } from '../../shared/protocol.ts';
import { HttpTable } from '../../shared/http/table.ts';
import { StreamingPolicy } from '../../shared/http/streaming.ts';
import { localHttp, withHttp } from './http.ts';
import { localKeyValue } from './keyvalue.ts';
import { jspiOutput } from './output.ts';
import { OpfsBackend } from '../wasi/filesystem/opfs.ts';
import { type Bridge, type Reply, BridgeError } from './index.ts';

/**
 * The JSPI tier: a wait is a Promise. The guest's stack is suspended by the glue
 * (`WebAssembly.Suspending` imports) and the worker's event loop keeps running, so requests
 * to the page are ordinary messages, and the run's fetches are made right here in the worker.
 * `wholeOrigins`: the page's whole-only origins (shared/http/streaming.ts); one learned here is
 * reported back to the page. `output`: the shared output counters, where the page could share memory.
 */
export function createJspiBridge(
  port: MessagePort,
  onFatal: (error: Error) => void,
  wholeOrigins: string[] = [],
  output?: SharedArrayBuffer,
): Bridge {
  let nextId = 1;
  const pending = new Map<number, (reply: Reply) => void>();
  port.addEventListener('message', (event: MessageEvent<PageEvent>) => {
    const data = event.data;
    if (data?.t !== 'res') return;
    const resolve = pending.get(data.id);
    pending.delete(data.id);
    resolve?.({ status: data.status, payload: data.payload });
  });
  port.start();
  const learned = (origin: string) => port.postMessage({ t: 'whole-origin', origin });
  const fetches = localHttp(new HttpTable(new StreamingPolicy(wholeOrigins, learned)));

  return withHttp({
    tier: 'jspi',
    output: jspiOutput(port, output),
    async request(op: Op, payload = new Uint8Array(0)): Promise<Reply> {
      const id = nextId++;
      const reply = await new Promise<Reply>((resolve) => {
        pending.set(id, resolve);
        port.postMessage({ t: 'req', id, op, payload });
      });
      if (reply.status === Status.Thrown) throw new BridgeError('thrown', reply.status, reply.payload);
      if (reply.status === Status.Error) {
        // jco's async glue does not unwind when a suspending import rejects with an Error: the
        // run would hang. End the run from outside instead, and leave the guest suspended.
        onFatal(new BridgeError(fromUtf8(reply.payload), reply.status, reply.payload));
        return new Promise<never>(() => {});
      }
      return reply;
    },
    sleep(ms: number): Promise<void> {
      return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
    },
    async mountOpfs(paths: string[]): Promise<OpfsBackend[]> {
      const backends: OpfsBackend[] = [];
      for (const path of paths) backends.push(await OpfsBackend.mount(path));
      return backends;
    },
    wrapImport<F>(fn: F): F {
      return new (WebAssembly as unknown as { Suspending: new (f: F) => F }).Suspending(fn);
    },
    listsExports: true,
    keyValue: localKeyValue,
    wrapExport<F>(fn: F) {
      return (WebAssembly as unknown as { promising(f: F): F }).promising(fn);
    },
  }, fetches);
}
