/**
 * A component's imports and exports with their types, read from its binary (the component
 * model's binary format): the type, import, export, alias, instance and canon sections, and
 * nested components (whose instances give the exports their types), tracking the type, func,
 * instance and component index spaces. Core sections are skipped whole. Run after the
 * transpiler accepted the bytes, so a failure here is a form this reader does not know.
 */
import { readU32 } from '../../shared/component-sections.ts';
import type { ComponentType, Extern, FuncType, InstanceType, Primitive, Resource, TypeDef, ValType } from './model.ts';

/** The imports and exports of a component, in the order it declares them. */
export interface ComponentTypes {
  imports: [string, Extern][];
  exports: [string, Extern][];
}

const PRIMITIVES: Record<number, Primitive> = {
  0x7f: 'bool', 0x7e: 's8', 0x7d: 'u8', 0x7c: 's16', 0x7b: 'u16', 0x7a: 's32', 0x79: 'u32', 0x78: 's64',
  0x77: 'u64', 0x76: 'f32', 0x75: 'f64', 0x74: 'char', 0x73: 'string', 0x64: 'error-context',
};

const utf8 = new TextDecoder();

class Reader {
  constructor(readonly bytes: Uint8Array, public at: number, readonly end: number) {}

  fail(what: string): never {
    throw new Error(`${what} at byte ${this.at}`);
  }
  u8(): number {
    if (this.at >= this.end) this.fail('unexpected end');
    return this.bytes[this.at++];
  }
  u32(): number {
    const read = readU32(this.bytes, this.at);
    if (!read || this.at + read[1] > this.end) this.fail('bad u32');
    this.at += read[1];
    return read[0];
  }
  /** A LEB128 of any length (a u64 limit), skipped. */
  skipLeb(): void {
    while (this.u8() & 0x80);
  }
  /** A signed LEB128 up to 33 bits. */
  s33(): number {
    let value = 0;
    let shift = 0;
    let byte;
    do {
      byte = this.u8();
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80 && shift < 35);
    if (byte & 0x40) value -= 2 ** shift;
    return value;
  }
  string(): string {
    const length = this.u32();
    if (this.at + length > this.end) this.fail('a name runs past its section');
    const text = utf8.decode(this.bytes.subarray(this.at, this.at + length));
    this.at += length;
    return text;
  }
  /** An import or export name: a leading 0x00 (or the older 0x01), then the name. */
  externName(): string {
    const tag = this.u8();
    if (tag !== 0x00 && tag !== 0x01) this.fail(`unknown name form 0x${tag.toString(16)}`);
    return this.string();
  }
  vec<T>(item: () => T): T[] {
    const count = this.u32();
    const out: T[] = [];
    for (let i = 0; i < count; i++) out.push(item());
    return out;
  }
}

/** A type index space, with the enclosing ones for outer aliases. */
interface Scope {
  types: TypeDef[];
  components: ComponentType[];
  parent?: Scope;
}

function outer(scope: Scope, count: number): Scope {
  let s: Scope | undefined = scope;
  for (let i = 0; i < count; i++) s = s?.parent;
  if (!s) throw new Error(`an outer alias reaches ${count} levels out`);
  return s;
}

function at<T>(list: T[], index: number, what: string): T {
  if (index >= list.length) throw new Error(`${what} index ${index} is not defined (${list.length} are)`);
  return list[index];
}

function valType(r: Reader, scope: Scope): ValType {
  const code = r.s33();
  if (code < 0) {
    const prim = PRIMITIVES[code + 0x80];
    if (!prim) r.fail(`unknown value type 0x${(code + 0x80).toString(16)}`);
    return prim;
  }
  return at(scope.types, code, 'type') as ValType;
}

const optional = <T>(r: Reader, read: () => T): T | undefined => (r.u8() ? read() : undefined);

function resourceAt(scope: Scope, index: number): Resource {
  const t = at(scope.types, index, 'type');
  if (typeof t === 'string' || t.k !== 'resource') throw new Error(`own/borrow of type ${index}, which is not a resource`);
  return t;
}

function defType(r: Reader, scope: Scope): TypeDef {
  const code = r.u8();
  if (PRIMITIVES[code]) return PRIMITIVES[code];
  switch (code) {
    case 0x72: return { k: 'record', fields: r.vec(() => [r.string(), valType(r, scope)] as [string, ValType]) };
    case 0x71: return {
      k: 'variant',
      cases: r.vec(() => {
        const c: [string, ValType | undefined] = [r.string(), optional(r, () => valType(r, scope))];
        if (r.u8() === 0x01) r.u32(); // an old `refines` clause
        return c;
      }),
    };
    case 0x70: return { k: 'list', of: valType(r, scope) };
    case 0x67: return { k: 'list', of: valType(r, scope), length: r.u32() };
    case 0x6f: return { k: 'tuple', of: r.vec(() => valType(r, scope)) };
    case 0x6e: return { k: 'flags', names: r.vec(() => r.string()) };
    case 0x6d: return { k: 'enum', names: r.vec(() => r.string()) };
    case 0x6b: return { k: 'option', of: valType(r, scope) };
    case 0x6a: return { k: 'result', ok: optional(r, () => valType(r, scope)), err: optional(r, () => valType(r, scope)) };
    case 0x69: return { k: 'own', of: resourceAt(scope, r.u32()) };
    case 0x68: return { k: 'borrow', of: resourceAt(scope, r.u32()) };
    case 0x66: return { k: 'stream', of: optional(r, () => valType(r, scope)) };
    case 0x65: return { k: 'future', of: optional(r, () => valType(r, scope)) };
    case 0x40: case 0x43: return funcType(r, scope, code === 0x43);
    case 0x41: return componentType(r, scope);
    case 0x42: return instanceType(r, scope);
    case 0x3f: case 0x3e: {
      if (r.u8() !== 0x7f) r.fail('a resource whose representation is not i32');
      optional(r, () => r.u32()); // destructor
      if (code === 0x3e) optional(r, () => r.u32()); // its callback
      return { k: 'resource', name: '' };
    }
  }
  r.fail(`unknown type form 0x${code.toString(16)}`);
}

function funcType(r: Reader, scope: Scope, async: boolean): FuncType {
  const params = r.vec(() => [r.string(), valType(r, scope)] as [string, ValType]);
  let results: ValType[];
  if (r.u8() === 0x00) results = [valType(r, scope)];
  else results = r.vec(() => (r.string(), valType(r, scope))); // none, or the older named results
  return async ? { k: 'func', params, results, async } : { k: 'func', params, results };
}

/** A core type inside an instance or component type: only skipped. */
function skipCoreType(r: Reader): void {
  const code = r.u8();
  if (code === 0x60) {
    r.vec(() => skipCoreValType(r));
    r.vec(() => skipCoreValType(r));
  } else if (code === 0x50) {
    r.vec(() => {
      switch (r.u8()) {
        case 0x00: r.string(); r.string(); skipCoreImportDesc(r); break;
        case 0x01: skipCoreType(r); break;
        case 0x02: r.u8(); if (r.u8() !== 0x01) r.fail('a core alias that is not outer'); r.u32(); r.u32(); break;
        case 0x03: r.string(); skipCoreImportDesc(r); break;
        default: r.fail('unknown module type declaration');
      }
    });
  } else r.fail(`unknown core type form 0x${code.toString(16)}`);
}

function skipCoreValType(r: Reader): void {
  const code = r.u8();
  if (code === 0x63 || code === 0x64) r.s33();
}

function skipLimits(r: Reader): void {
  const flags = r.u8();
  r.skipLeb();
  if (flags & 1) r.skipLeb();
  if (flags & 8) r.u32();
}

function skipCoreImportDesc(r: Reader): void {
  switch (r.u8()) {
    case 0x00: r.u32(); break;
    case 0x01: skipCoreValType(r); skipLimits(r); break;
    case 0x02: skipLimits(r); break;
    case 0x03: skipCoreValType(r); r.u8(); break;
    case 0x04: r.u8(); r.u32(); break;
    default: r.fail('unknown core import kind');
  }
}

/** An externdesc; a type import or export adds to `scope.types` (a `sub resource` makes a new resource). */
function externDesc(r: Reader, scope: Scope, name: string): Extern {
  switch (r.u8()) {
    case 0x00: r.u8(); r.u32(); return { sort: 'module' };
    case 0x01: return { sort: 'func', type: at(scope.types, r.u32(), 'type') as FuncType };
    case 0x02: if (r.u8() === 0x00) r.u32(); else valType(r, scope); return { sort: 'value' };
    case 0x03: {
      const type = r.u8() === 0x00 ? (at(scope.types, r.u32(), 'type') as ValType | Resource) : { k: 'resource' as const, name };
      nameResource(type, name);
      scope.types.push(type);
      return { sort: 'type', type };
    }
    case 0x04: return { sort: 'component', type: at(scope.types, r.u32(), 'type') as ComponentType };
    case 0x05: return { sort: 'instance', type: at(scope.types, r.u32(), 'type') as InstanceType };
  }
  r.fail('unknown extern kind');
}

function nameResource(type: TypeDef, name: string): void {
  if (typeof type !== 'string' && type.k === 'resource' && !type.name) type.name = name;
}

/** A declaration of an instance or component type: type, alias, export or (components) import. */
function declaration(r: Reader, scope: Scope, exports: Map<string, Extern>, imports?: Map<string, Extern>): void {
  const code = r.u8();
  switch (code) {
    case 0x00: skipCoreType(r); return;
    case 0x01: scope.types.push(defType(r, scope)); return;
    case 0x02: {
      const sort = r.u8();
      if (sort === 0x00) r.u8();
      if (r.u8() !== 0x02) r.fail('an alias in a type that is not outer');
      const from = outer(scope, r.u32());
      const index = r.u32();
      if (sort === 0x03) scope.types.push(at(from.types, index, 'type'));
      else if (sort === 0x04) scope.components.push(at(from.components, index, 'component'));
      return;
    }
    case 0x03: case 0x04: {
      if (code === 0x03 && !imports) r.fail('an import in an instance type');
      const name = r.externName();
      (code === 0x03 ? imports! : exports).set(name, externDesc(r, scope, name));
      return;
    }
  }
  r.fail(`unknown declaration 0x${code.toString(16)}`);
}

function instanceType(r: Reader, parent: Scope): InstanceType {
  const scope: Scope = { types: [], components: [], parent };
  const exports = new Map<string, Extern>();
  r.vec(() => declaration(r, scope, exports));
  return { k: 'instance', exports };
}

function componentType(r: Reader, parent: Scope): ComponentType {
  const scope: Scope = { types: [], components: [], parent };
  const imports = new Map<string, Extern>();
  const exports = new Map<string, Extern>();
  r.vec(() => declaration(r, scope, exports, imports));
  return { k: 'component', imports, exports };
}

/** `t` with the resources in `map` replaced (an instantiated component's exports). */
function substitute<T extends TypeDef>(t: T, map: Map<Resource, TypeDef>, memo = new Map<object, unknown>()): T {
  if (typeof t === 'string') return t;
  if (memo.has(t)) return memo.get(t) as T;
  const s = <U extends TypeDef>(u: U) => substitute(u, map, memo);
  const ext = (e: Extern): Extern => ('type' in e ? ({ sort: e.sort, type: s(e.type) } as Extern) : e);
  let out: TypeDef;
  switch (t.k) {
    case 'resource': out = map.get(t) ?? t; break;
    case 'record': out = { ...t, fields: t.fields.map(([n, u]) => [n, s(u)]) }; break;
    case 'variant': out = { ...t, cases: t.cases.map(([n, u]) => [n, u && s(u)]) }; break;
    case 'tuple': out = { ...t, of: t.of.map(s) }; break;
    case 'list': case 'option': out = { ...t, of: s(t.of) }; break;
    case 'stream': case 'future': out = { ...t, of: t.of && s(t.of) }; break;
    case 'result': out = { ...t, ok: t.ok && s(t.ok), err: t.err && s(t.err) }; break;
    case 'own': case 'borrow': out = { ...t, of: s(t.of) as Resource }; break;
    case 'func': out = { ...t, params: t.params.map(([n, u]) => [n, s(u)]), results: t.results.map(s) }; break;
    case 'instance': out = { k: 'instance', exports: new Map([...t.exports].map(([n, e]) => [n, ext(e)])) }; break;
    case 'component': out = t; break;
    default: out = t;
  }
  memo.set(t, out);
  return out as T;
}

/** Bind the abstract resources of an import of a nested component to what instantiates it. */
function bind(wanted: Extern, given: Extern | undefined, map: Map<Resource, TypeDef>): void {
  if (!given) return;
  if (wanted.sort === 'type' && typeof wanted.type !== 'string' && wanted.type.k === 'resource' && given.sort === 'type' && !map.has(wanted.type)) {
    map.set(wanted.type, given.type);
  } else if (wanted.sort === 'instance' && given.sort === 'instance') {
    for (const [name, e] of wanted.type.exports) bind(e, given.type.exports.get(name), map);
  }
}

/** One component (the top level or a nested one) and its index spaces. */
class ComponentReader {
  readonly scope: Scope;
  readonly funcs: FuncType[] = [];
  readonly instances: InstanceType[] = [];
  readonly imports: [string, Extern][] = [];
  readonly exports: [string, Extern][] = [];

  constructor(parent?: Scope) {
    this.scope = { types: [], components: [], parent };
  }

  /** The item `sortidx` names, as an extern. */
  item(r: Reader): Extern {
    const sort = r.u8();
    if (sort === 0x00) {
      const core = r.u8();
      r.u32();
      if (core === 0x11) return { sort: 'module' };
      r.fail('a core item where a component item belongs');
    }
    return this.byIndex(sort, r.u32());
  }

  byIndex(sort: number, index: number): Extern {
    switch (sort) {
      case 0x01: return { sort: 'func', type: at(this.funcs, index, 'func') };
      case 0x02: return { sort: 'value' };
      case 0x03: return { sort: 'type', type: at(this.scope.types, index, 'type') as ValType | Resource };
      case 0x04: return { sort: 'component', type: at(this.scope.components, index, 'component') };
      case 0x05: return { sort: 'instance', type: at(this.instances, index, 'instance') };
    }
    throw new Error(`unknown sort 0x${sort.toString(16)}`);
  }

  /** Add an item to its index space (an import, alias, export or definition). */
  add(e: Extern): void {
    if (e.sort === 'func') this.funcs.push(e.type);
    else if (e.sort === 'type') this.scope.types.push(e.type);
    else if (e.sort === 'instance') this.instances.push(e.type);
    else if (e.sort === 'component') this.scope.components.push(e.type);
  }

  read(bytes: Uint8Array, start: number, end: number): void {
    let at = start;
    while (at < end) {
      const id = bytes[at];
      const size = readU32(bytes, at + 1);
      if (!size) throw new Error(`section ${id} at byte ${at} has no size`);
      const body = at + 1 + size[1];
      const r = new Reader(bytes, body, body + size[0]);
      this.section(id, r);
      at = body + size[0];
    }
  }

  section(id: number, r: Reader): void {
    switch (id) {
      case 4: { // a nested component
        const nested = new ComponentReader(this.scope);
        nested.read(r.bytes, r.at + 8, r.end); // after its preamble
        this.scope.components.push({ k: 'component', imports: new Map(nested.imports), exports: new Map(nested.exports) });
        return;
      }
      case 5: r.vec(() => this.instances.push(this.instance(r))); return;
      case 6: r.vec(() => this.alias(r)); return;
      case 7: r.vec(() => this.scope.types.push(defType(r, this.scope))); return;
      case 8: r.vec(() => this.canon(r)); return;
      case 10: r.vec(() => {
        const name = r.externName();
        const e = externDesc(r, this.scope, name);
        if (e.sort !== 'type') this.add(e);
        this.imports.push([name, e]);
      }); return;
      case 11: r.vec(() => {
        const name = r.externName();
        let e = this.item(r);
        if (r.u8() === 0x01) {
          const ascribed = externDesc(r, this.scope, name);
          if (ascribed.sort === 'type') this.scope.types.pop(); // added below, once
          e = ascribed;
        }
        if (e.sort === 'type') nameResource(e.type, name);
        this.add(e);
        this.exports.push([name, e]);
      }); return;
      // custom, core module/instance/type, start, value: no component-level types
    }
  }

  instance(r: Reader): InstanceType {
    if (r.u8() === 0x00) {
      const component = at(this.scope.components, r.u32(), 'component');
      const args = new Map(r.vec(() => [r.string(), this.item(r)] as [string, Extern]));
      const map = new Map<Resource, TypeDef>();
      for (const [name, wanted] of component.imports) bind(wanted, args.get(name), map);
      const exports = new Map([...component.exports].map(([n, e]) => [n, 'type' in e ? ({ sort: e.sort, type: substitute(e.type, map) } as Extern) : e]));
      return { k: 'instance', exports };
    }
    const exports = new Map<string, Extern>();
    r.vec(() => {
      const name = r.externName();
      const e = this.item(r);
      if (e.sort === 'type') nameResource(e.type, name);
      exports.set(name, e);
    });
    return { k: 'instance', exports };
  }

  alias(r: Reader): void {
    const sort = r.u8();
    if (sort === 0x00) { // a core item: no component index space
      r.u8();
      const target = r.u8();
      if (target === 0x01) { r.u32(); r.string(); } else { r.u32(); r.u32(); }
      return;
    }
    const target = r.u8();
    if (target === 0x00) {
      const instance = at(this.instances, r.u32(), 'instance');
      const name = r.string();
      const e = instance.exports.get(name);
      if (!e) throw new Error(`an alias of ${name}, which the instance does not export`);
      this.add(e);
    } else if (target === 0x02) {
      const from = outer(this.scope, r.u32());
      const index = r.u32();
      if (sort === 0x03) this.scope.types.push(at(from.types, index, 'type'));
      else if (sort === 0x04) this.scope.components.push(at(from.components, index, 'component'));
    } else r.fail('unknown alias target');
  }

  canon(r: Reader): void {
    const op = r.u8();
    const opts = () => r.vec(() => {
      const o = r.u8();
      if (o >= 0x03 && o <= 0x05 || o === 0x07 || o === 0x08) r.u32();
    });
    switch (op) {
      case 0x00: r.u8(); r.u32(); opts(); this.funcs.push(at(this.scope.types, r.u32(), 'type') as FuncType); return;
      case 0x01: r.u8(); r.u32(); opts(); return;
      case 0x02: case 0x03: case 0x04: case 0x07: case 0x0e: case 0x13: case 0x14: case 0x15: case 0x1a: case 0x1b: case 0x40:
        r.u32(); return;
      case 0x05: case 0x08: case 0x0d: case 0x1e: case 0x1f: case 0x22: case 0x23: case 0x24: case 0x25: case 0x42: return;
      case 0x06: case 0x0c: r.u8(); return;
      case 0x09: if (r.u8() === 0x00) valType(r, this.scope); else r.vec(() => (r.string(), valType(r, this.scope))); opts(); return;
      case 0x0a: case 0x0b: r.u8(); r.u32(); return;
      case 0x0f: case 0x10: case 0x16: case 0x17: r.u32(); opts(); return;
      case 0x11: case 0x12: case 0x18: case 0x19: r.u32(); r.u8(); return;
      case 0x1c: case 0x1d: opts(); return;
      case 0x20: case 0x21: r.u8(); r.u32(); return;
      case 0x41: r.u32(); r.u32(); return;
    }
    r.fail(`unknown canon 0x${op.toString(16)}`);
  }
}

/** The imports and exports of the component in `bytes`, with their types. */
export function readComponentTypes(bytes: Uint8Array): ComponentTypes {
  const top = new ComponentReader();
  try {
    top.read(bytes, 8, bytes.byteLength);
  } catch (e) {
    throw new Error(`could not read the component's types: ${(e as Error).message}`);
  }
  return { imports: top.imports, exports: top.exports };
}
