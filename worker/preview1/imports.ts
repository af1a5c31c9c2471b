/**
 * The import object of a preview 1 core module: `wasi_snapshot_preview1` (every function of the
 * spec, each answering its errno), and the page's `options.imports` for other modules. Checked
 * against the module's imports before instantiation, so what is missing is named at once.
 */
import { Op, decode, encode } from '../../shared/protocol.ts';
import { type Bridge, type Maybe, then } from '../bridge/index.ts';
import { argsFunctions } from './args.ts';
import { clockFunctions } from './clocks.ts';
import { errnoOf } from './errno.ts';
import { fdFunctions } from './fd.ts';
import { fdIoFunctions } from './fd-io.ts';
import type { Functions, Host, HostFunction } from './host.ts';
import { pathFunctions } from './path.ts';
import { pollFunctions } from './poll.ts';
import { procFunctions, sockFunctions } from './proc.ts';

export const PREVIEW1 = 'wasi_snapshot_preview1';

type CoreFunction = (...args: never[]) => unknown;

/** A host function as the guest calls it: 0 where it succeeds, its errno where it fails; anything else traps. */
function answering(fn: HostFunction): (...args: never[]) => Maybe<number> {
  const failed = (e: unknown): number => {
    const errno = errnoOf(e);
    if (errno === undefined) throw e;
    return errno;
  };
  return (...args) => {
    try {
      const result = fn(...args);
      return result instanceof Promise ? result.then(() => 0, failed) : 0;
    } catch (e) {
      return failed(e);
    }
  };
}

/** Every preview 1 function: those that never wait, and those that may. */
function groups(host: Host): { plain: Functions; waiting: Functions } {
  return {
    plain: { ...argsFunctions(host), ...clockFunctions(host), ...procFunctions(host), ...sockFunctions(host) },
    waiting: { ...fdIoFunctions(host), ...fdFunctions(host), ...pathFunctions(host), ...pollFunctions(host) },
  };
}

/** The names of the preview 1 functions this host provides. */
export function preview1Names(): Set<string> {
  const stub = {} as Host;
  const { plain, waiting } = groups(stub);
  return new Set([...Object.keys(plain), ...Object.keys(waiting)]);
}

/** The `wasi_snapshot_preview1` import object over `host`. */
export function preview1Imports(host: Host, bridge: Bridge): Record<string, CoreFunction> {
  const { plain, waiting } = groups(host);
  const imports: Record<string, CoreFunction> = {};
  for (const [name, fn] of Object.entries(plain)) imports[name] = answering(fn);
  for (const [name, fn] of Object.entries(waiting)) imports[name] = bridge.wrapImport(answering(fn));
  return imports;
}

/** The page's imports (module -> function names): each call asks the page for the real one. */
export function pageImports(spec: Record<string, string[]>, bridge: Bridge): Record<string, Record<string, CoreFunction>> {
  const result: Record<string, Record<string, CoreFunction>> = {};
  for (const [module, names] of Object.entries(spec)) {
    result[module] = {};
    for (const name of names) {
      const call = (...args: unknown[]) =>
        then(bridge.request(Op.CallImport, encode([module, name, args])), ({ payload }) => decode(payload));
      result[module][name] = bridge.wrapImport(call);
    }
  }
  return result;
}

/** Why an import cannot be given, or undefined where it can. */
function refusal(entry: WebAssembly.ModuleImportDescriptor, preview1: Set<string>, page: Record<string, string[]>): string | undefined {
  const name = `${entry.module}.${entry.name}`;
  if (entry.kind !== 'function') return `the ${entry.kind} ${name} (only functions can be given)`;
  if (entry.module === PREVIEW1) return preview1.has(entry.name) ? undefined : `${name} (not a WASI preview 1 function)`;
  if (page[entry.module]?.includes(entry.name)) return undefined;
  if (entry.module === 'wasi' && entry.name === 'thread-spawn') return `${name} (WASI threads, which wasi-browser does not provide)`;
  return `${name} (neither WASI preview 1 nor options.imports provides it)`;
}

/** Refuse a module whose imports cannot all be given, naming each that cannot. */
export function checkImports(module: WebAssembly.Module, page: Record<string, string[]>): void {
  const preview1 = preview1Names();
  const refused = WebAssembly.Module.imports(module)
    .map((entry) => refusal(entry, preview1, page))
    .filter((r): r is string => r !== undefined);
  if (refused.length > 0) throw new Error(`the core module imports ${refused.join(', ')}`);
}
