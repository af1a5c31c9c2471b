/**
 * The worker's preview 1 face: a core module importing `wasi_snapshot_preview1` is compiled and
 * instantiated as it is (no adapter, no transpile) with the preview 1 host over the same host
 * classes, then run (`_start`) or called (its exports) for the page, as worker/main does for a
 * component.
 */
import { CORE_MODULE_CANNOT_SERVE } from '../../shared/component-header.ts';
import type { ExportShape, Job, RunOutcome, Started } from '../../shared/job.ts';
import { messageOf } from '../../shared/message.ts';
import { type Bridge, createBridge } from '../bridge/index.ts';
import { Exit } from '../wasi/cli/exit.ts';
import { setRunContext } from '../wasi/context.ts';
import { openMounts } from '../wasi/filesystem/mounts.ts';
import { FdTable } from './fds.ts';
import { checkImports, pageImports, preview1Imports, PREVIEW1 } from './imports.ts';
import { GuestMemory } from './memory.ts';
import { InvalidExit } from './proc.ts';

type Exported = (...args: unknown[]) => unknown;

/** A started core module: what start() answers, and how to run or call it. */
export interface CoreFace {
  started: Started;
  run(): Promise<RunOutcome>;
  call(path: string[], args: unknown[]): Promise<{ value: unknown; chunks: number }>;
}

/** An export as the page calls it: wrapped by the bridge so that the imports it calls may wait. */
function entry(fn: Exported, bridge: Bridge): (...args: unknown[]) => Promise<unknown> {
  const wrapped = bridge.wrapExport(fn);
  return (...args: unknown[]) => Promise.resolve().then(() => wrapped(...args));
}

async function compile(bytes: Uint8Array): Promise<WebAssembly.Module> {
  try {
    return await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
  } catch (e) {
    throw new Error(`not a valid WebAssembly module: ${messageOf(e)}`);
  }
}

/** Compile, check and instantiate the core module of `job`; reject at once on bad input. */
export async function startCore(job: Job, port: MessagePort): Promise<CoreFace> {
  const t0 = performance.now();
  let rejectFatal: (error: Error) => void = () => {};
  const fatal = new Promise<never>((_, reject) => (rejectFatal = reject));
  fatal.catch(() => {});
  const bridge = createBridge(job, port, rejectFatal);
  const mounted = openMounts(job.mounts ?? [], bridge);
  mounted.catch(() => {});

  const module = await compile(job.bytes);
  if (job.kind === 'serve') throw new TypeError(CORE_MODULE_CANNOT_SERVE);
  checkImports(module, job.imports);
  const exported = new Map(WebAssembly.Module.exports(module).map((e) => [e.name, e.kind]));
  if (job.kind === 'run' && exported.get('_start') !== 'function') {
    throw new Error('the core module exports no _start function: it is not a command (use instantiate() for a reactor)');
  }

  await mounted;
  const chunks = setRunContext(job, bridge, port);
  const memory = new GuestMemory();
  const host = { memory, fds: new FdTable() };
  const imports = { ...pageImports(job.imports, bridge), [PREVIEW1]: preview1Imports(host, bridge) };
  let instance: WebAssembly.Instance;
  try {
    instance = await WebAssembly.instantiate(module, imports as WebAssembly.Imports);
  } catch (e) {
    throw new Error(`the core module could not be instantiated: ${messageOf(e)}`);
  }
  const exports = instance.exports as Record<string, unknown>;
  if (exports.memory instanceof WebAssembly.Memory) memory.attach(exports.memory);
  else if (WebAssembly.Module.imports(module).some((i) => i.module === PREVIEW1)) {
    throw new Error('the core module exports no memory named "memory", which WASI preview 1 needs');
  }
  if (job.kind === 'instantiate' && typeof exports._initialize === 'function') {
    await Promise.race([entry(exports._initialize as Exported, bridge)(), fatal]);
  }

  const shape: ExportShape = {};
  for (const [name, value] of Object.entries(exports)) {
    if (typeof value === 'function' && name !== '_initialize') shape[name] = 'function';
  }
  const started: Started = { cached: false, transpileMs: 0, instantiateMs: performance.now() - t0, exports: shape };

  return {
    started,
    async run() {
      const t1 = performance.now();
      let exitCode = 0;
      let trap: string | undefined;
      try {
        await Promise.race([entry(exports._start as Exported, bridge)(), fatal]);
      } catch (e) {
        if (e instanceof Exit) exitCode = e.code;
        else if (e instanceof InvalidExit) {
          exitCode = 1;
          trap = e.message;
        } else {
          exitCode = 134;
          trap = e instanceof WebAssembly.RuntimeError ? e.message : `${(e as Error)?.name ?? 'Error'}: ${messageOf(e)}`;
        }
      }
      return { exitCode, trap, runMs: performance.now() - t1, chunks: chunks() };
    },
    async call(path, args) {
      const fn = path.length === 1 ? exports[path[0]] : undefined;
      if (typeof fn !== 'function') throw new TypeError(`the module has no export ${path.join('.')}`);
      const value = await Promise.race([entry(fn as Exported, bridge)(...args), fatal]);
      return { value, chunks: chunks() };
    },
  };
}
