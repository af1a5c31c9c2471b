/**
 * Component -> JS glue + core modules, with jco's browser entry, cached in IndexedDB.
 * The transpiler (3.5 MB of wasm) is imported only on a cache miss.
 */
import { get, set } from 'idb-keyval';
import { transpileStore } from '../shared/cache.ts';
import { checkComponentHeader } from '../shared/component-header.ts';
import { checkComponentSections } from '../shared/component-sections.ts';
import { messageOf } from '../shared/message.ts';
import { markInvalidUtf8 } from './glue-strings.ts';
import { type Needs, readNeeds } from './component-types/check.ts';
import { WIT_TABLE_VERSION } from './component-types/wit-table.ts';

/**
 * Part of the cache key: a new transpiler must not serve glue made by an old one. package.json
 * pins jco-transpile to exactly this version, as the core-ABI host functions (wasi/cabi.ts) rely
 * on the glue's handle tables: change both together.
 */
export const TRANSPILER_VERSION = 'jco-transpile@0.15.0+hybrid+marked-utf8';

export interface TranspileOptions {
  tier: 'jspi' | 'atomics';
  /** `interface#function` imports that may suspend (JSPI tier). */
  asyncImports: string[];
  /** `interface#function` exports that may suspend (JSPI tier). */
  asyncExports: string[];
}

export interface Transpiled {
  files: [string, Uint8Array][];
  exports: [string, string][];
  /** The component's imports and entry exports, matched against the WIT (component-types/check.ts). */
  needs: Needs;
}

let transpilerUrl: string | undefined;
let transpilerMissing: string | undefined;

/**
 * Import the transpiler from `url` (options.transpilerUrl) instead of the bundled one; with
 * `missing`, there is none to import, and a transpile fails saying that.
 */
export function useTranspilerUrl(url: string | undefined, missing?: string): void {
  transpilerUrl = url;
  transpilerMissing = missing;
}

type Transpiler = typeof import('@bytecodealliance/jco-transpile/component');

async function loadTranspiler(): Promise<Transpiler> {
  if (transpilerMissing) throw new Error(transpilerMissing);
  if (!transpilerUrl) return import('@bytecodealliance/jco-transpile/component');
  try {
    return await import(/* @vite-ignore */ transpilerUrl);
  } catch (e) {
    throw new Error(`could not load the transpiler from ${transpilerUrl}: ${messageOf(e)}`);
  }
}

async function cacheKey(bytes: Uint8Array, options: TranspileOptions): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  const hex = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex}|${TRANSPILER_VERSION}|wit-${WIT_TABLE_VERSION}|${JSON.stringify(options)}`;
}

/**
 * Why the transpiler refused a binary. Its own errors say where; a trap (a panic in its Rust
 * code, e.g. on a size or count far larger than the binary) says only "unreachable": then the
 * panic's reason, which it printed, is named.
 */
function transpileFailure(e: unknown, printed: string[]): string {
  if (!(e instanceof WebAssembly.RuntimeError)) return messageOf(e);
  const lines = printed.join('\n').split('\n').map((line) => line.trim());
  const at = lines.findIndex((line) => / panicked at /.test(line));
  const reason = at >= 0 ? lines.slice(at + 1).find((line) => line && !line.startsWith('note:') && line !== 'stack backtrace:') : undefined;
  return (
    `the transpiler stopped on it (${reason ? `a panic: ${reason}` : e.message}): ` +
    'a size or count in the binary is probably corrupt'
  );
}

/** Transpile `bytes`, or take the result from the cache. */
export async function transpile(
  bytes: Uint8Array,
  options: TranspileOptions,
): Promise<{ result: Transpiled; cached: boolean }> {
  checkComponentHeader(bytes);
  const key = await cacheKey(bytes, options);
  const store = transpileStore();
  const hit = await get<Transpiled>(key, store).catch(() => undefined);
  if (hit) return { result: hit, cached: true };

  checkComponentSections(bytes);
  const { $init, generate } = await loadTranspiler();
  await $init;
  let out;
  // The transpiler prints a Rust panic's reason to the console before it traps.
  const printed: string[] = [];
  const consoleError = console.error;
  console.error = (...args: unknown[]) => void printed.push(args.map(String).join(' '));
  try {
    out = generate(bytes, {
      name: 'component',
      noTypescript: true,
      instantiation: { tag: 'async' },
      // The glue uses a host function's own core-ABI version where it has one (wasi/cabi.ts).
      importBindings: { tag: 'hybrid' },
      asyncMode:
        options.tier === 'jspi'
          ? { tag: 'jspi', val: { imports: options.asyncImports, exports: options.asyncExports } }
          : { tag: 'sync' },
    });
  } catch (e) {
    throw new TypeError(`not a valid WebAssembly component: ${transpileFailure(e, printed)}`);
  } finally {
    console.error = consoleError;
  }
  // The glue is cached with its string decoder already replaced: a cached run pays nothing for it.
  // The import check's reading of the binary is cached with the glue: a cached start pays nothing for it.
  const result = withMarkedStrings({ files: out.files, exports: out.exports, needs: readNeeds(bytes) });
  // A cache that cannot be written (private mode, quota) only costs the next run a transpile.
  await set(key, result, store).catch(() => undefined);
  return { result, cached: false };
}

/** The glue with a string decoder that shows the host which strings were not UTF-8 (./glue-strings.ts). */
function withMarkedStrings(result: Transpiled): Transpiled {
  const files = result.files.map(([name, bytes]): [string, Uint8Array] =>
    name === 'component.js' ? [name, new TextEncoder().encode(markInvalidUtf8(new TextDecoder().decode(bytes)))] : [name, bytes],
  );
  return { ...result, files };
}
