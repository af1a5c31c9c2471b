/**
 * The worker's half of serve(): one request through the component's exported
 * `wasi:http/incoming-handler.handle`, in a fresh instance or a reused one.
 */
import { IncomingRequest, type RequestHead } from './incoming-request.ts';
import { ResponseOutparam } from './outgoing-response.ts';

/** How a request's handler ended: `responded` is whether it set the response. */
export interface HandleOutcome {
  responded: boolean;
  trap?: string;
}

type Handler = { handle(request: IncomingRequest, out: ResponseOutparam): unknown };

/** The incoming-handler export of an instance, or a clear error. */
function handlerOf(instance: Record<string, unknown>): Handler {
  const key = Object.keys(instance).find((k) => k.startsWith('wasi:http/incoming-handler'));
  const handler = key ? (instance[key] as Handler) : undefined;
  if (!handler || typeof handler.handle !== 'function') {
    throw new Error('the component does not export wasi:http/incoming-handler: serve() needs a wasi:http/proxy component');
  }
  return handler;
}

/** Check that `instance` can serve, before the first request. */
export function checkHandler(instance: Record<string, unknown>): void {
  handlerOf(instance);
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Run `head` through `instance`. A reused instance takes one request at a time (two entries
 * into one instance would interleave their stacks under JSPI).
 */
export async function handleRequest(instance: Record<string, unknown>, head: RequestHead, serialize: boolean): Promise<HandleOutcome> {
  const run = async (): Promise<HandleOutcome> => {
    const out = new ResponseOutparam(head.id);
    try {
      await handlerOf(instance).handle(new IncomingRequest(head), out);
      return { responded: out.isSet };
    } catch (e) {
      const trap = e instanceof WebAssembly.RuntimeError ? e.message : `${(e as Error)?.name ?? 'Error'}: ${(e as Error)?.message ?? String(e)}`;
      return { responded: out.isSet, trap };
    }
  };
  if (!serialize) return run();
  const result = queue.then(run);
  queue = result.catch(() => undefined);
  return result;
}
