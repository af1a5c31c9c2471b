/**
 * wasi:http rows: a 1 MiB GET through a component (http-client.wasm) against a raw fetch from a
 * worker and against preview2-shim running the same component; serve() against preview2-shim's
 * InMemoryHttpClient on the same handler (http-handler.wasm).
 */
import { run, serve } from '../../src/index.ts';
import type { Bridge } from '../../src/types.ts';
import { instantiateGlue, jspiImports, runCommand, shimImports } from './shim.ts';

/** One GET: ms from the request to the body's last byte, and the bytes read. */
export interface HttpGet {
  ms: number;
  bytes: number;
}

/** GETs per run: the last is measured, warm (the first pays for the just-compiled code). */
const ROUNDS = 3;

/** The last GET as the component timed it (`get-ms`: monotonic clock, from handle() to the body's end). */
function timedGet(stdout: string): HttpGet {
  const bytes = [...stdout.matchAll(/body-bytes (\d+)/g)];
  const ms = [...stdout.matchAll(/get-ms ([\d.]+)/g)];
  if (bytes.length !== ROUNDS || ms.length !== ROUNDS) throw new Error(`the client did not finish: ${stdout.slice(0, 300)}`);
  return { ms: Number(ms[ROUNDS - 1][1]), bytes: Number(bytes[ROUNDS - 1][1]) };
}

/**
 * Ours: run() http-client.wasm (`--discard GET url`, blocking or non-blocking reads); the time is
 * the component's own (`get-ms`), so worker start, instantiation and guest start-up are not counted.
 */
export async function httpGetOurs(component: string, url: string, bridge: Bridge, nonblocking: boolean): Promise<HttpGet> {
  const args = ['http-client', '--discard', '--repeat', String(ROUNDS), ...(nonblocking ? ['--nonblocking'] : []), 'GET', url];
  const r = await run(component, { bridge, http: true, args });
  const stdout = new TextDecoder().decode(r.stdout);
  if (r.exitCode !== 0) throw new Error(`http-client failed (${r.exitCode}): ${stdout}`);
  return timedGet(stdout);
}

/** Raw: fetch + read the body in a worker, the last of ROUNDS GETs (see raw-http-worker.ts). */
export function httpGetRaw(url: string): Promise<HttpGet> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./raw-http-worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<HttpGet>) => {
      worker.terminate();
      resolve(event.data);
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(event.message));
    };
    worker.postMessage({ url, rounds: ROUNDS });
  });
}

/** The blocking imports preview2-shim suspends on, plus HTTP's. */
const shimJspiImports = [
  ...jspiImports,
  'wasi:http/outgoing-handler#handle',
  'wasi:http/types#[method]future-incoming-response.get',
  'wasi:http/types#[static]outgoing-body.finish',
  'wasi:http/types#[static]response-outparam.set',
];


/** Transpile `component` in the page and instantiate it with preview2-shim (JSPI). */
async function instantiateOnShim(component: string, exports: string[]): Promise<{ instance: Record<string, any>; shim: any }> {
  const [bytes, transpiler, shim] = await Promise.all([
    fetch(component).then((r) => r.arrayBuffer()),
    import('@bytecodealliance/jco-transpile/component'),
    import('@bytecodealliance/preview2-shim'),
  ]);
  await transpiler.$init;
  const out = transpiler.generate(new Uint8Array(bytes), {
    name: 'peer',
    noTypescript: true,
    instantiation: { tag: 'async' },
    asyncMode: { tag: 'jspi', val: { imports: shimJspiImports, exports } },
  });
  return { instance: await instantiateGlue(new Map(out.files), 'peer.js', shimImports(shim, out.imports)), shim };
}

/** preview2-shim: the same component and arguments, timed by the component (`get-ms`). */
export async function httpGetShim(component: string, url: string, nonblocking: boolean): Promise<HttpGet> {
  const { instance, shim } = await instantiateOnShim(component, ['wasi:cli/run#run']);
  const chunks: string[] = [];
  shim.cli._setArgs(['http-client', '--discard', '--repeat', String(ROUNDS), ...(nonblocking ? ['--nonblocking'] : []), 'GET', url]);
  shim.cli._setStdout({ write: (buf: Uint8Array) => void chunks.push(new TextDecoder().decode(buf)), blockingFlush() {} });
  const exitCode = await runCommand(instance);
  if (exitCode !== 0) throw new Error(`http-client on preview2-shim exited with ${exitCode}`);
  return timedGet(chunks.join(''));
}

/** ms per request of `n` sequential GET /hello through serve() (after one untimed request). */
export async function serveOurs(component: string, bridge: Bridge, n: number, reuseInstance: boolean): Promise<number> {
  const server = await serve(component, { bridge, reuseInstance });
  try {
    await (await server.fetch('/hello')).text();
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const text = await (await server.fetch('/hello')).text();
      if (text !== 'hello from a component\n') throw new Error(`unexpected answer: ${text}`);
    }
    return (performance.now() - t0) / n;
  } finally {
    await server.close();
  }
}

/** The same with preview2-shim's InMemoryHttpClient on one instance in the page. */
export async function serveShim(component: string, n: number): Promise<number> {
  const { instance, shim } = await instantiateOnShim(component, ['wasi:http/incoming-handler#handle']);
  const key = Object.keys(instance).find((k) => k.startsWith('wasi:http/incoming-handler'))!;
  const client = new shim.http.InMemoryHttpClient(instance[key]);
  const url = new URL('/hello', location.href);
  await (await client.fetch(new Request(url))).text();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const text = await (await client.fetch(new Request(url))).text();
    if (text !== 'hello from a component\n') throw new Error(`unexpected answer: ${text}`);
  }
  return (performance.now() - t0) / n;
}
