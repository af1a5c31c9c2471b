/**
 * The component model's types as the import check sees them: value types structural (records
 * by field names and types, variants, enums and flags by case names), resources by identity,
 * functions by their parameter and result types. Both sides of the check are built from this:
 * the component's (worker/component-types/decode.ts) and the WIT's (./wit.ts).
 */

export type Primitive =
  | 'bool' | 's8' | 'u8' | 's16' | 'u16' | 's32' | 'u32' | 's64' | 'u64'
  | 'f32' | 'f64' | 'char' | 'string' | 'error-context';

/**
 * A resource type. `id` is the interface that defines it and its name (`wasi:io/streams#input-stream`)
 * once known: a WIT resource has it, a component's imported resource gets it when its import is
 * matched. Resources without one are equal only to themselves.
 */
export interface Resource { k: 'resource'; name: string; id?: string }

export type ValType =
  | Primitive
  | { k: 'record'; fields: [string, ValType][] }
  | { k: 'variant'; cases: [string, ValType | undefined][] }
  | { k: 'list'; of: ValType; length?: number }
  | { k: 'tuple'; of: ValType[] }
  | { k: 'flags'; names: string[] }
  | { k: 'enum'; names: string[] }
  | { k: 'option'; of: ValType }
  | { k: 'result'; ok?: ValType; err?: ValType }
  | { k: 'own' | 'borrow'; of: Resource }
  | { k: 'stream' | 'future'; of?: ValType };

export interface FuncType { k: 'func'; params: [string, ValType][]; results: ValType[]; async?: boolean }
export interface InstanceType { k: 'instance'; exports: Map<string, Extern> }
export interface ComponentType { k: 'component'; imports: Map<string, Extern>; exports: Map<string, Extern> }

/** What a type index can name. */
export type TypeDef = ValType | Resource | FuncType | InstanceType | ComponentType;

/** An import's or export's kind and type. */
export type Extern =
  | { sort: 'func'; type: FuncType }
  | { sort: 'type'; type: ValType | Resource }
  | { sort: 'instance'; type: InstanceType }
  | { sort: 'component'; type: ComponentType }
  | { sort: 'module' }
  | { sort: 'value' };

const same = <T>(a: T[], b: T[], eq: (x: T, y: T) => boolean) => a.length === b.length && a.every((x, i) => eq(x, b[i]));
const opt = (a: ValType | undefined, b: ValType | undefined) => (a === undefined || b === undefined ? a === b : equalTypes(a, b));

/** Whether two resources are the same type. */
export function sameResource(a: Resource, b: Resource): boolean {
  return a === b || (a.id !== undefined && a.id === b.id);
}

/** Whether two value types (or resources) are the same type, structurally as the component model says. */
export function equalTypes(a: ValType | Resource, b: ValType | Resource): boolean {
  if (a === b) return true;
  if (typeof a === 'string' || typeof b === 'string') return false;
  if (a.k !== b.k) return false;
  switch (a.k) {
    case 'resource': return sameResource(a, b as Resource);
    case 'record': return same(a.fields, (b as typeof a).fields, ([n, t], [m, u]) => n === m && equalTypes(t, u));
    case 'variant': return same(a.cases, (b as typeof a).cases, ([n, t], [m, u]) => n === m && opt(t, u));
    case 'list': return a.length === (b as typeof a).length && equalTypes(a.of, (b as typeof a).of);
    case 'tuple': return same(a.of, (b as typeof a).of, equalTypes);
    case 'flags': case 'enum': return same(a.names, (b as typeof a).names, (x, y) => x === y);
    case 'option': return equalTypes(a.of, (b as typeof a).of);
    case 'result': return opt(a.ok, (b as typeof a).ok) && opt(a.err, (b as typeof a).err);
    case 'own': case 'borrow': return sameResource(a.of, (b as typeof a).of);
    case 'stream': case 'future': return opt(a.of, (b as typeof a).of);
  }
}

/**
 * Whether two function types match: the same parameter and result types, in order (parameter
 * names are not compared, as a host function's are not in wasmtime's linker).
 */
export function equalFuncs(a: FuncType, b: FuncType): boolean {
  return !!a.async === !!b.async && same(a.params, b.params, ([, t], [, u]) => equalTypes(t, u)) && same(a.results, b.results, equalTypes);
}

/** Names to print types by: the type exports of the interface being printed. */
export type TypeNames = Map<object, string>;

/** A value type in WIT's syntax; a type with a name in `names` is printed as the name. */
export function printType(t: ValType | Resource, names: TypeNames = new Map(), top = true): string {
  if (typeof t === 'string') return t;
  const name = names.get(t);
  if (name !== undefined && !top) return name;
  const p = (u: ValType | Resource) => printType(u, names, false);
  switch (t.k) {
    case 'resource': return name ?? t.name;
    case 'record': return `record { ${t.fields.map(([n, u]) => `${n}: ${p(u)}`).join(', ')} }`;
    case 'variant': return `variant { ${t.cases.map(([n, u]) => (u === undefined ? n : `${n}(${p(u)})`)).join(', ')} }`;
    case 'list': return t.length === undefined ? `list<${p(t.of)}>` : `list<${p(t.of)}, ${t.length}>`;
    case 'tuple': return `tuple<${t.of.map(p).join(', ')}>`;
    case 'flags': return `flags { ${t.names.join(', ')} }`;
    case 'enum': return `enum { ${t.names.join(', ')} }`;
    case 'option': return `option<${p(t.of)}>`;
    case 'result':
      if (!t.ok && !t.err) return 'result';
      return t.err ? `result<${t.ok ? p(t.ok) : '_'}, ${p(t.err)}>` : `result<${p(t.ok!)}>`;
    case 'own': return names.get(t.of) ?? t.of.name;
    case 'borrow': return `borrow<${names.get(t.of) ?? t.of.name}>`;
    case 'stream': case 'future': return t.of ? `${t.k}<${p(t.of)}>` : t.k;
  }
}

/** A function type in WIT's syntax. */
export function printFunc(f: FuncType, names: TypeNames = new Map()): string {
  const params = f.params.map(([n, t]) => `${n}: ${printType(t, names, false)}`).join(', ');
  const results = f.results.length === 0 ? '' : ` -> ${f.results.map((t) => printType(t, names, false)).join(', ')}`;
  return `${f.async ? 'async ' : ''}func(${params})${results}`;
}
