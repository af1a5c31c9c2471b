/**
 * Core-ABI fast paths for the hottest imports, through jco's `hybrid` import bindings: where a
 * host function has `[Symbol.for('cabiLower')]`, the glue calls it once with the component's
 * memory, realloc and handle tables, and wires the core function it returns straight into the
 * component. That skips the glue's generic lifting, lowering and task bookkeeping, which cost
 * 10-40 µs a call here (a JSPI suspension on every call of an async-listed import included),
 * and lets file data move between OPFS and guest memory without a copy.
 * The contract: jco's docs/src/optimized-host-bindings.md.
 */
import { currentBridge } from './context.ts';

const cabiLower = Symbol.for('cabiLower');
const cabiRep = Symbol.for('cabiRep');
const cabiDispose = Symbol.for('cabiDispose');

/** What the glue gives a `cabiLower` function. */
export interface CanonOptions {
  memory: WebAssembly.Memory;
  realloc?: (old: number, oldSize: number, align: number, size: number) => number;
  /** Handle tables: pairs of (scope, rep | OWN) per handle, a free list threaded through. */
  resourceTables?: number[][];
}

/** A core function for the component, or one it may suspend in (JSPI tier). */
type CoreFunction = (...args: never[]) => unknown;

const OWN = 1 << 30;
const byRep = new Map<number, object>();
const repOf = new WeakMap<object, number>();
let nextRep = 1;

function repFor(obj: object): number {
  let rep = repOf.get(obj);
  if (rep === undefined) {
    rep = nextRep++;
    repOf.set(obj, rep);
    byRep.set(rep, obj);
  }
  return rep;
}

/**
 * Let the fast paths find instances of `cls` from their handles: the glue asks an instance for
 * `Symbol.for('cabiRep')` when it hands it to the guest, and that rep is what the handle tables
 * hold. `Symbol.dispose` (the guest dropped its handle) forgets it again.
 */
export function trackReps(cls: { prototype: object }): void {
  Object.defineProperty(cls.prototype, cabiRep, {
    configurable: true,
    get(this: object) {
      return repFor(this);
    },
  });
}

/** Forget `obj`'s rep (its handle was dropped). */
export function forgetRep(obj: object): void {
  const rep = repOf.get(obj);
  if (rep === undefined) return;
  repOf.delete(obj);
  byRep.delete(rep);
}

/**
 * The real object behind `obj`: itself, or, where the glue lifted a handle a fast path made (it
 * has no record of those), the stand-in it built, which carries only the rep.
 */
export function real<T extends object>(obj: T): T {
  if (!Object.hasOwn(obj, cabiRep)) return obj;
  return (byRep.get((obj as Record<symbol, number>)[cabiRep]) as T | undefined) ?? obj;
}

/** Own handles lowerOwn made, per rep: one object (an error a stream keeps failing with) may have several. */
const ownHandles = new Map<number, number>();

/**
 * Resources the fast paths create handles for: dropping such a handle comes here, and the
 * object is let go with its last one.
 */
export function disposeByRep(cls: object): void {
  Object.defineProperty(cls, cabiDispose, {
    configurable: true,
    value(rep: number) {
      const left = (ownHandles.get(rep) ?? 1) - 1;
      if (left > 0) {
        ownHandles.set(rep, left);
        return;
      }
      ownHandles.delete(rep);
      const obj = byRep.get(rep) as { [Symbol.dispose]?: () => void } | undefined;
      if (obj) forgetRep(obj);
      obj?.[Symbol.dispose]?.();
    },
  });
}

/**
 * The instance of `cls` behind `handle`, and the table it was found in, looked for in each of
 * `tables` (the glue passes them in an order of its own, so the class decides).
 */
export function lift<T>(tables: number[][], handle: number, cls: abstract new (...args: never[]) => T): [T, number[][]] {
  for (const table of tables) {
    const scope = table[handle << 1];
    const value = table[(handle << 1) + 1];
    if (value === undefined || value === 0 || scope & OWN) continue;
    const obj = byRep.get(value & ~OWN);
    if (obj instanceof cls) return [obj, tables.filter((t) => t !== table)];
  }
  throw new WebAssembly.RuntimeError(`unknown handle ${handle} for ${cls.name}`);
}

/** A new own handle for `obj` in `table`. */
export function lowerOwn(table: number[], obj: object): number {
  const rep = repFor(obj);
  ownHandles.set(rep, (ownHandles.get(rep) ?? 0) + 1);
  (table as number[] & { _createdReps?: Set<number> })._createdReps?.add(rep);
  const free = table[0] & ~OWN;
  if (free === 0) {
    table.push(0, rep | OWN);
    return (table.length >> 1) - 1;
  }
  table[0] = table[free << 1];
  table[free << 1] = 0;
  table[(free << 1) + 1] = rep | OWN;
  return free;
}

/**
 * `fn` as the import the component calls, made by the run's bridge so that where `fn` returns a
 * Promise the guest's stack waits for it (see `Bridge.wrapImport`).
 */
export function suspending<F extends CoreFunction>(fn: F): F {
  return currentBridge().wrapImport(fn);
}

/** Give the host function `fn` its core-ABI version: `lower` makes it from the glue's options. */
export function define(fn: unknown, lower: (options: CanonOptions) => unknown): void {
  (fn as { [cabiLower]?: unknown })[cabiLower] = lower;
}

/**
 * Run `op` and store its outcome: its value with `store`, or what it threw with `fail` (which
 * stores an `err` or rethrows). Where `op` waits, so does the answer (a Promise for JSPI).
 */
export function settle<T>(op: () => T | Promise<T>, store: (value: T) => void, fail: (e: unknown) => void): void | Promise<void> {
  let result: T | Promise<T>;
  try {
    result = op();
  } catch (e) {
    return fail(e);
  }
  if (result instanceof Promise) return result.then(store, fail);
  store(result);
}

/** Bytes of guest memory the guest passed (valid until the guest runs again). */
export function guestBytes(memory: WebAssembly.Memory, ptr: number, len: number): Uint8Array {
  return new Uint8Array(memory.buffer, ptr, len);
}

/** `len` bytes allocated in guest memory with its realloc, as a view. */
export function allocate(options: CanonOptions, len: number): Uint8Array {
  const ptr = options.realloc!(0, 0, 1, len);
  return new Uint8Array(options.memory.buffer, ptr, len);
}
