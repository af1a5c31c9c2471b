/**
 * The import check, before a component is instantiated: every import must be an interface the
 * WASI host serves, at a version it serves, with the types the WIT gives it (as wasmtime's linker
 * refuses a component whose imports it cannot match), or one that options.imports gives; and the
 * entry export (`wasi:cli/run#run`, `wasi:http/incoming-handler#handle`) must have its WIT type.
 *
 * Two steps: `readNeeds` reads the binary and matches it against the WIT (once per transpile,
 * cached with it); `checkNeeds` runs at every start against the host objects and the page's
 * imports, where only an object's own properties (and its class's own methods) count, never a
 * JS built-in such as `Object.prototype.constructor`.
 */
import { readComponentTypes } from './decode.ts';
import { type Extern, type InstanceType, type Resource, type TypeNames, equalFuncs, equalTypes, printFunc, printType } from './model.ts';
import { type Interface, camel, witInterface } from './wit.ts';

export { camel };

/** One import of a component, as the check needs it. */
export interface ImportNeed {
  /** As the component names it (`wasi:cli/environment@0.2.0`). */
  name: string;
  sort: Extern['sort'];
  /** The functions it names (WIT names; `''` for a bare function import) and `[resource]r` for each WASI resource it imports. */
  members: string[];
  /** Whether the WIT table has its interface. */
  wasi: boolean;
  /** Why it does not match that WIT: its version or a type (refused unless options.imports gives the interface). */
  mismatch?: string;
}

/** What a component needs, read from its binary: cached with its transpile. */
export interface Needs {
  imports: ImportNeed[];
  /** `wasi:cli/run` / `wasi:http/incoming-handler` -> null where exported with the WIT's type, else why not. */
  entries: Record<string, string | null>;
  /** Why the binary's types could not be read (the check then refuses it). */
  unreadable?: string;
}

const ENTRIES: Record<string, string> = { 'wasi:cli/run': 'run', 'wasi:http/incoming-handler': 'handle' };

/** `wasi:cli/exit@0.2.3` -> [`wasi:cli/exit`, `0.2.3`]. */
function splitName(name: string): [string, string | undefined] {
  const at = name.lastIndexOf('@');
  return at > 0 && name.includes('/') ? [name.slice(0, at), name.slice(at + 1)] : [name, undefined];
}

/**
 * Whether `version` is served by the table's `served`: the same, or semver-compatible as
 * wasmtime's linker takes it (0.2.x for 0.2.y, 2.x for 2.y); a prerelease only as itself.
 */
export function compatible(version: string | undefined, served: string): boolean {
  if (version === undefined || version === served) return true;
  if (version.includes('-') || served.includes('-')) return false;
  const [a, b] = [version.split('.'), served.split('.')];
  return a[0] === b[0] && (a[0] !== '0' || a[1] === b[1]);
}

function family(version: string): string {
  return /^0\.\d+\.\d+$/.test(version) ? version.replace(/\.\d+$/, '.x') : version;
}

/** Names of the type exports of an instance, to print its types by. */
function namesOf(instance: InstanceType): TypeNames {
  const names: TypeNames = new Map();
  for (const [n, e] of instance.exports) if (e.sort === 'type' && typeof e.type === 'object' && !names.has(e.type)) names.set(e.type, n);
  return names;
}

/** Why the instance type `given` (imported as `name`) does not match the WIT `want`, or undefined. Binds its resources to the WIT's. */
function matchImport(name: string, given: InstanceType, want: Interface): string | undefined {
  const names = namesOf(given);
  const wit = `${want.name}@${want.version}`;
  const mismatch = (what: string, expected: string, found: string) =>
    `type mismatch in the component's import ${name}: ${what}: expected ${expected} (the WIT of ${wit}), given ${found}`;
  for (const [n, e] of given.exports) {
    if (e.sort === 'type') {
      const t = want.types.get(n);
      if (!t) return `the component imports ${name} with a type ${n}, which ${wit} does not have`;
      if (typeof t !== 'string' && t.k === 'resource') {
        const r = e.type as Resource;
        if (typeof r === 'string' || r.k !== 'resource') return mismatch(`type ${n}`, 'a resource', printType(e.type, names));
        r.id ??= t.id;
        if (r.id !== t.id) return mismatch(`type ${n}`, `the resource ${t.id}`, `the resource ${r.id}`);
      } else if (!equalTypes(e.type, t)) return mismatch(`type ${n}`, printType(t, want.names), printType(e.type, names));
    } else if (e.sort === 'func') {
      const f = want.funcs.get(n);
      if (!f) return `the component imports ${name} with a function ${n}, which ${wit} does not have`;
      if (!equalFuncs(e.type, f)) return mismatch(n, printFunc(f, want.names), printFunc(e.type, names));
    } else return `the component imports ${name} with a ${e.sort} ${n}, which ${wit} does not have`;
  }
  return undefined;
}

function needOf(name: string, e: Extern): ImportNeed {
  if (e.sort === 'func') return { name, sort: e.sort, members: [''], wasi: false };
  if (e.sort !== 'instance') return { name, sort: e.sort, members: [], wasi: false };
  const [iface, version] = splitName(name);
  const want = witInterface(iface);
  const members = [...e.type.exports].filter(([, x]) => x.sort === 'func').map(([n]) => n);
  if (!want) return { name, sort: e.sort, members, wasi: false };
  for (const [n, x] of e.type.exports) {
    const t = want.types.get(n);
    if (x.sort === 'type' && t && typeof t !== 'string' && t.k === 'resource' && t.id === `${iface}#${n}`) members.push(`[resource]${n}`);
  }
  if (!compatible(version, want.version)) {
    const what = iface.startsWith('wasi:') ? 'a WASI version' : 'a version';
    return { name, sort: e.sort, members, wasi: true, mismatch: `the component imports ${name}, ${what} wasi-browser does not provide (it provides ${family(want.version)})` };
  }
  return { name, sort: e.sort, members, wasi: true, mismatch: matchImport(name, e.type, want) };
}

/** Whether the entry export `name` has the WIT's type: null if so, else why not. */
function entryOf(name: string, e: Extern, fn: string): string | null {
  const [iface, version] = splitName(name);
  const want = witInterface(iface)!;
  if (!compatible(version, want.version)) return `the component exports ${name}, a version wasi-browser does not call (it calls ${family(want.version)})`;
  const f = e.sort === 'instance' ? e.type.exports.get(fn) : undefined;
  if (f?.sort !== 'func') return `the component exports ${name} without a function ${fn}`;
  const expected = want.funcs.get(fn)!;
  if (equalFuncs(f.type, expected)) return null;
  const names = e.sort === 'instance' ? namesOf(e.type) : new Map();
  return `type mismatch in the component's export ${name}: ${fn}: expected ${printFunc(expected, want.names)} (the WIT of ${want.name}@${want.version}), given ${printFunc(f.type, names)}`;
}

/** Read what the component in `bytes` imports and exports, matched against the WIT. */
export function readNeeds(bytes: Uint8Array): Needs {
  let types;
  try {
    types = readComponentTypes(bytes);
  } catch (e) {
    return { imports: [], entries: {}, unreadable: (e as Error).message };
  }
  const imports = types.imports.map(([name, e]) => needOf(name, e));
  const entries: Record<string, string | null> = {};
  for (const [name, e] of types.exports) {
    const fn = ENTRIES[splitName(name)[0]];
    if (fn && entries[splitName(name)[0]] !== null) entries[splitName(name)[0]] = entryOf(name, e, fn);
  }
  return { imports, entries };
}

const pascal = (name: string) => camel(`x-${name}`).slice(1);

/** Whether `object` has `key` as its own property, or (a class's prototype) on a class of ours up the chain. */
function hasOwnUpTo(object: object | null, key: string, stop: object): boolean {
  if (key === 'constructor') return false; // a prototype's own, but the class itself
  for (let o = object; o && o !== stop; o = Object.getPrototypeOf(o)) {
    if (Object.hasOwn(o, key)) return typeof (o as Record<string, unknown>)[key] === 'function';
  }
  return false;
}

/** Whether the host object of an interface implements `member` (a WIT function name or `[resource]r`). */
export function hostHas(host: object, member: string): boolean {
  const own = (o: object, key: string) => Object.hasOwn(o, key) && typeof (o as Record<string, unknown>)[key] === 'function';
  const m = /^\[(resource|constructor|method|static)\]([^.]+)(?:\.(.+))?$/.exec(member);
  if (!m) return own(host, camel(member));
  const [, kind, resource, fn] = m;
  if (!own(host, pascal(resource))) return false;
  const cls = (host as Record<string, { prototype: object }>)[pascal(resource)];
  if (kind === 'method') return hasOwnUpTo(cls.prototype, camel(fn), Object.prototype);
  if (kind === 'static') return hasOwnUpTo(cls, camel(fn), Function.prototype);
  return true;
}

/**
 * Refuse, with an Error naming the import and the types, a component whose needs the host
 * (`host`: interface -> object) and the page's imports (`user`: interface -> function names)
 * do not meet; `kind` says which entry export must be there.
 */
export function checkNeeds(needs: Needs, kind: 'run' | 'instantiate' | 'serve', host: Record<string, object>, user: Record<string, string[]>): void {
  if (needs.unreadable) throw new Error(`wasi-browser could not check the component's imports: ${needs.unreadable}`);
  const given = new Map(Object.entries(user).map(([k, fns]) => [splitName(k)[0], [k, fns] as const]));
  for (const need of needs.imports) {
    const [iface] = splitName(need.name);
    const page = given.get(iface);
    if (page && (need.sort === 'instance' || need.sort === 'func')) {
      const [key, fns] = page;
      for (const m of need.members) {
        const js = m === '' ? 'default' : camel(m);
        if (m.startsWith('[')) throw new Error(`the component imports ${need.name} with ${m}, a resource, which options.imports cannot provide`);
        if (!fns.includes(js)) throw new Error(`the component imports ${need.name} with a function ${m || '(the import itself)'}, which options.imports['${key}'] does not give as '${js}'`);
      }
      continue;
    }
    if (!need.wasi) {
      throw new Error(`the component imports ${need.name}, which neither WASI 0.2 (as wasi-browser provides it) nor options.imports provides`);
    }
    if (need.mismatch) throw new Error(need.mismatch);
    const object = Object.hasOwn(host, iface) ? host[iface] : undefined;
    if (!object) throw new Error(`the component imports ${need.name}, which wasi-browser does not provide`);
    for (const m of need.members) {
      if (!hostHas(object, m)) throw new Error(`the component imports ${need.name} with ${m}, which wasi-browser does not implement`);
    }
  }
  const entry = kind === 'run' ? 'wasi:cli/run' : kind === 'serve' ? 'wasi:http/incoming-handler' : undefined;
  if (!entry) return;
  const verdict = needs.entries[entry];
  if (verdict === undefined) {
    throw new Error(
      kind === 'run'
        ? 'the component does not export wasi:cli/run: it is not a command (use instantiate() for a library)'
        : 'the component does not export wasi:http/incoming-handler: serve() needs a wasi:http/proxy component',
    );
  }
  if (verdict !== null) throw new Error(verdict);
}
