/**
 * The dedicated worker that hosts one component: it transpiles (or takes from the cache),
 * instantiates with our WASI host, and runs it or calls its exports for the page.
 */
import * as Comlink from 'comlink';
import { Op, Status, decode, encode } from '../shared/protocol.ts';
import type { ExportShape, Job, RunOutcome, Started } from '../shared/job.ts';
import { type Bridge, BridgeError, createBridge, then } from './bridge/index.ts';
import { Exit } from './wasi/cli/exit.ts';
import { setRunContext } from './wasi/context.ts';
import { closeFiles, openMounts } from './wasi/filesystem/mounts.ts';
import { WasiError } from './wasi/io/error.ts';
import { wasiImports, waitingImports } from './wasi/index.ts';
import { transpile, useTranspilerUrl } from './transpile.ts';
import { checkNeeds } from './component-types/check.ts';
import { type HandleOutcome, checkHandler, handleRequest } from './wasi/http/incoming-handler.ts';
import type { RequestHead } from './wasi/http/incoming-request.ts';
import { messageOf } from '../shared/message.ts';
// Preview 1 core modules: their own face (worker/preview1/), no transpile.
import { isCoreModule } from '../shared/component-header.ts';
import { type CoreFace, startCore } from './preview1/face.ts';

type ComponentInstance = Record<string, unknown>;

let instance: ComponentInstance | undefined;
/** A new instance of the same component (serve() gives each request a fresh one). */
let reinstantiate: (() => Promise<ComponentInstance>) | undefined;
/** Rejects when the host fails in a way the guest cannot be unwound from (see bridge/jspi.ts). */
let rejectFatal: (error: Error) => void = () => {};
const fatal = new Promise<never>((_, reject) => (rejectFatal = reject));
fatal.catch(() => {});
let bridge: Bridge | undefined;
/** How many output chunks the run posted so far. */
let chunks: () => number = () => 0;
/** The started preview 1 core module, where the job is one. */
let core: CoreFace | undefined;

/** `getFoo` -> `get-foo`: jco's JS names back to the WIT's. */
function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function unversioned(name: string): string {
  return name.replace(/@[^/#]*$/, '');
}

/** The user's imports: each function asks the page to call the real one. */
function userImports(spec: Record<string, string[]>): Record<string, object> {
  const result: Record<string, object> = {};
  for (const [iface, fns] of Object.entries(spec)) {
    const object: Record<string, (...args: unknown[]) => unknown> = {};
    for (const fn of fns) {
      object[fn] = (...args: unknown[]) => {
        const reply = bridge!.request(Op.CallImport, encode([iface, fn, args]));
        return then(
          (reply instanceof Promise ? reply.catch(rethrowImport) : reply) as ReturnType<Bridge['request']>,
          ({ payload }) => decode(payload),
        );
      };
    }
    result[unversioned(iface)] = object;
  }
  return result;
}

function rethrowImport(e: unknown): never {
  // A value (not an Error) thrown by the user's import is the `err` of a result-typed import.
  if (e instanceof BridgeError && e.status === Status.Thrown) throw new WasiError(decode(e.payload));
  throw e;
}

/**
 * The component's exported functions as `interface#function` (or a world-level `function`).
 * Where the bridge says so (JSPI), they are listed before the glue is made, so that an export
 * may call a waiting import;
 * they are read from the core modules' export names of a first, synchronous transpile.
 */
async function exportedFunctions(bytes: Uint8Array): Promise<string[]> {
  const { result } = await transpile(bytes, { tier: 'atomics', asyncImports: [], asyncExports: [] });
  const names = new Set<string>();
  for (const [file, data] of result.files) {
    if (!file.endsWith('.wasm')) continue;
    const module = await WebAssembly.compile(data as Uint8Array<ArrayBuffer>);
    for (const { name, kind } of WebAssembly.Module.exports(module)) {
      if (kind !== 'function' || name.startsWith('cabi_') || name.startsWith('_') || name.includes('[')) continue;
      const [iface, fn] = name.split('#');
      if (fn !== undefined) names.add(`${unversioned(iface)}#${fn}`);
    }
  }
  return [...names];
}

function describeExports(object: ComponentInstance): ExportShape {
  const shape: ExportShape = {};
  for (const [key, value] of Object.entries(object)) {
    if (typeof value === 'function') shape[key] = 'function';
    else if (value && typeof value === 'object') {
      const members: Record<string, 'function' | 'class'> = {};
      for (const [name, member] of Object.entries(value)) {
        if (typeof member === 'function') {
          members[name] = /^\s*class\b/.test(Function.prototype.toString.call(member)) ? 'class' : 'function';
        }
      }
      shape[key] = members;
    }
  }
  return shape;
}

/** Whether a value can cross to the page by structured clone, or holds a resource. */
function findResource(value: unknown, depth = 0): string | undefined {
  if (value === null || typeof value !== 'object' || depth > 64) return undefined;
  if (ArrayBuffer.isView(value)) return undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findResource(item, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return proto?.constructor?.name ?? 'resource';
  for (const item of Object.values(value)) {
    const found = findResource(item, depth + 1);
    if (found) return found;
  }
  return undefined;
}


const api = {
  /** Transpile (or take from the cache) and instantiate; reject at once on bad input. */
  async start(job: Job, port: MessagePort): Promise<Started> {
    if (job.module || isCoreModule(job.bytes)) {
      core = await startCore(job, port);
      return core.started;
    }
    const t0 = performance.now();
    useTranspilerUrl(job.transpilerUrl, job.transpilerMissing);
    bridge = createBridge(job, port, rejectFatal);
    const mounted = openMounts(job.mounts ?? [], bridge);
    mounted.catch(() => {});
    const asyncImports = [
      ...waitingImports,
      ...Object.entries(job.imports).flatMap(([iface, fns]) => fns.map((fn) => `${unversioned(iface)}#${kebab(fn)}`)),
    ];
    const asyncExports =
      job.kind === 'run' ? ['wasi:cli/run#run']
      : job.kind === 'serve' ? ['wasi:http/incoming-handler#handle']
      : bridge.listsExports ? await exportedFunctions(job.bytes) : [];
    const { result, cached } = await transpile(job.bytes, { tier: job.tier, asyncImports, asyncExports });
    const t1 = performance.now();

    const files = new Map(result.files);
    const js = new TextDecoder().decode(files.get('component.js'));
    const wasi = wasiImports();
    checkNeeds(result.needs, job.kind, wasi, job.imports);
    const imports = { ...wasi, ...userImports(job.imports) };

    await mounted;
    chunks = setRunContext(job, bridge);

    const url = URL.createObjectURL(new Blob([js], { type: 'text/javascript' }));
    try {
      const glue = await import(/* @vite-ignore */ url);
      const modules = new Map<string, Promise<WebAssembly.Module>>();
      const compile = (name: string) => {
        if (!modules.has(name)) modules.set(name, WebAssembly.compile(files.get(name) as Uint8Array<ArrayBuffer>));
        return modules.get(name)!;
      };
      reinstantiate = () => glue.instantiate(compile, imports);
      instance = await reinstantiate();
      if (job.kind === 'serve') checkHandler(instance!);
    } catch (e) {
      const missingFn = /unexpectedly undefined (?:instance )?import '([^']+)'/.exec(messageOf(e));
      if (missingFn) {
        throw new Error(`the component imports a function '${missingFn[1]}' that options.imports does not provide`);
      }
      throw new Error(`the component could not be instantiated: ${messageOf(e)}`);
    } finally {
      URL.revokeObjectURL(url);
    }
    const t2 = performance.now();
    return {
      cached,
      transpileMs: t1 - t0,
      instantiateMs: t2 - t1,
      exports: describeExports(instance!),
    };
  },

  /** Close every file the guest left open (its run or instance is over): OPFS then lets the page at them. */
  closeFiles(): void {
    closeFiles();
  },

  /** Call `wasi:cli/run#run` and report how it ended. */
  async run(): Promise<RunOutcome> {
    if (core) return core.run();
    const t0 = performance.now();
    const key = Object.keys(instance!).find((k) => k.startsWith('wasi:cli/run'));
    if (!key) throw new Error('the component does not export wasi:cli/run: it is not a command (use instantiate() for a library)');
    let exitCode = 0;
    let trap: string | undefined;
    try {
      await Promise.race([(instance![key] as { run(): unknown }).run(), fatal]);
    } catch (e) {
      if (e instanceof Exit) exitCode = e.code;
      else if (e instanceof Error && e.name === 'ComponentError') exitCode = 1;
      else {
        exitCode = 134;
        trap = e instanceof WebAssembly.RuntimeError ? e.message : `${(e as Error)?.name ?? 'Error'}: ${messageOf(e)}`;
      }
    }
    return { exitCode, trap, runMs: performance.now() - t0, chunks: chunks() };
  },

  /** Call an export for the page: `path` is [interface] + [function], or [function]. */
  async call(path: string[], args: unknown[]): Promise<{ value: unknown; chunks: number }> {
    if (core) return core.call(path, args);
    let target: unknown = instance;
    for (const part of path) target = (target as Record<string, unknown>)?.[part];
    if (typeof target !== 'function') throw new TypeError(`the component has no export ${path.join('.')}`);
    const value = await Promise.race([(target as (...a: unknown[]) => unknown)(...args), fatal]);
    const resource = findResource(value);
    if (resource) {
      throw new TypeError(
        `${path.join('.')} returned a resource (${resource}); resources cannot cross to the page yet`,
      );
    }
    return { value, chunks: chunks() };
  },

  /** serve(): one request through the component's incoming-handler, in a fresh instance or the one. */
  async handle(head: RequestHead, fresh: boolean): Promise<HandleOutcome> {
    const target = fresh ? await reinstantiate!() : instance!;
    const outcome = await handleRequest(target, head, !fresh);
    // A trapped instance cannot be entered again.
    if (outcome.trap && !fresh) instance = await reinstantiate!();
    return outcome;
  },

  /**
   * The page's SQLite worker (src/services/sqlite.ts) is this worker in another role: it starts
   * the SQLite helper (worker/sqlite-helper.ts, a file of its own, so that runs load none of it)
   * and hands the page a port to it. This worker must live as long as the helper.
   */
  startSqlite(): MessagePort {
    const helper = new Worker(new URL('./sqlite-helper.ts', import.meta.url), { type: 'module', name: 'wasi-browser-sqlite' });
    const { port1, port2 } = new MessageChannel();
    helper.postMessage(port2, [port2]);
    return Comlink.transfer(port1, [port1]);
  },
};

export type WorkerApi = typeof api;

Comlink.expose(api);
