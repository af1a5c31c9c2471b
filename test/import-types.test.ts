// The import check's logic (worker/component-types/): structural type equality as the component
// model defines it, the WIT table read back, version matching, reading the test guests' binaries,
// and which host properties may satisfy an import.
import { expect, test } from '@playwright/test';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkNeeds, compatible, hostHas, readNeeds } from '../worker/component-types/check.ts';
import { type FuncType, type Resource, type ValType, equalFuncs, equalTypes, printFunc, printType } from '../worker/component-types/model.ts';
import { witInterface } from '../worker/component-types/wit.ts';

const built = resolve(import.meta.dirname, '../e2e/guests/built');
const resource = (name: string, id?: string): Resource => ({ k: 'resource', name, id });

test('records, variants, enums and flags compare by names and types; lists, options, results by their parts', () => {
  const point: ValType = { k: 'record', fields: [['x', 'u32'], ['y', 'u32']] };
  expect(equalTypes(point, { k: 'record', fields: [['x', 'u32'], ['y', 'u32']] })).toBe(true);
  expect(equalTypes(point, { k: 'record', fields: [['x', 'u32'], ['z', 'u32']] })).toBe(false);
  expect(equalTypes(point, { k: 'record', fields: [['x', 'u32'], ['y', 's32']] })).toBe(false);
  expect(equalTypes(point, { k: 'tuple', of: ['u32', 'u32'] })).toBe(false);
  expect(equalTypes({ k: 'variant', cases: [['a', 'u8'], ['b', undefined]] }, { k: 'variant', cases: [['a', 'u8'], ['b', undefined]] })).toBe(true);
  expect(equalTypes({ k: 'variant', cases: [['a', 'u8'], ['b', undefined]] }, { k: 'variant', cases: [['a', 'u8'], ['b', 'u8']] })).toBe(false);
  expect(equalTypes({ k: 'enum', names: ['a', 'b'] }, { k: 'enum', names: ['a', 'b'] })).toBe(true);
  expect(equalTypes({ k: 'enum', names: ['a', 'b'] }, { k: 'flags', names: ['a', 'b'] })).toBe(false);
  expect(equalTypes({ k: 'flags', names: ['a', 'b'] }, { k: 'flags', names: ['b', 'a'] })).toBe(false);
  expect(equalTypes({ k: 'list', of: 'u8' }, { k: 'list', of: 'u8', length: 4 })).toBe(false);
  expect(equalTypes({ k: 'result', ok: 'u64' }, { k: 'result', ok: 'u64', err: 'u64' })).toBe(false);
  expect(equalTypes({ k: 'result' }, { k: 'result' })).toBe(true);
  expect(equalTypes({ k: 'option', of: 'string' }, { k: 'option', of: 'char' })).toBe(false);
  expect(equalTypes('u32', 's32')).toBe(false);
});

test('resources compare by identity; own and borrow differ', () => {
  const wit = resource('input-stream', 'wasi:io/streams#input-stream');
  const imported = resource('input-stream');
  expect(equalTypes({ k: 'own', of: imported }, { k: 'own', of: wit })).toBe(false); // not bound yet
  imported.id = wit.id;
  expect(equalTypes({ k: 'own', of: imported }, { k: 'own', of: wit })).toBe(true);
  expect(equalTypes({ k: 'borrow', of: imported }, { k: 'own', of: wit })).toBe(false);
  expect(equalTypes({ k: 'own', of: resource('output-stream', 'wasi:io/streams#output-stream') }, { k: 'own', of: wit })).toBe(false);
  const local = resource('counter');
  expect(equalTypes({ k: 'own', of: local }, { k: 'own', of: local })).toBe(true);
  expect(equalTypes({ k: 'own', of: local }, { k: 'own', of: resource('counter') })).toBe(false);
});

test('functions compare by parameter and result types, not parameter names', () => {
  const f: FuncType = { k: 'func', params: [['status-code', 'u8']], results: [] };
  expect(equalFuncs(f, { k: 'func', params: [['code', 'u8']], results: [] })).toBe(true);
  expect(equalFuncs(f, { k: 'func', params: [['status-code', 'string']], results: [] })).toBe(false);
  expect(equalFuncs(f, { k: 'func', params: [['status-code', 'u8']], results: ['u8'] })).toBe(false);
  expect(equalFuncs(f, { k: 'func', params: [], results: [] })).toBe(false);
  expect(printFunc(f)).toBe('func(status-code: u8)');
});

test('the WIT table reads back with use, resources and named types', () => {
  const streams = witInterface('wasi:io/streams')!;
  expect(streams.version).toBe('0.2.12');
  const read = streams.funcs.get('[method]input-stream.read')!;
  expect(printFunc(read, streams.names)).toBe('func(self: borrow<input-stream>, len: u64) -> result<list<u8>, stream-error>');
  expect(printType(streams.types.get('stream-error')!, streams.names)).toBe('variant { last-operation-failed(error), closed }');
  // `use wasi:io/error.{error}` is the same resource as wasi:io/error's.
  expect(streams.types.get('error')).toBe(witInterface('wasi:io/error')!.types.get('error'));
  expect((witInterface('wasi:cli/stdin')!.types.get('input-stream') as Resource).id).toBe('wasi:io/streams#input-stream');
  expect(printFunc(witInterface('wasi:http/incoming-handler')!.funcs.get('handle')!)).toBe(
    'func(request: incoming-request, response-out: response-outparam)',
  );
  expect(witInterface('wasi:keyvalue/store')!.version).toBe('0.2.0-draft2');
  expect(witInterface('wasi:nothing/here')).toBeUndefined();
  expect(witInterface('constructor')).toBeUndefined();
});

test('versions: any 0.2.x takes the 0.2 WIT, a prerelease only itself, 1.x and up by major', () => {
  expect(compatible('0.2.0', '0.2.12')).toBe(true);
  expect(compatible('0.2.13', '0.2.12')).toBe(true);
  expect(compatible(undefined, '0.2.12')).toBe(true);
  expect(compatible('0.3.0', '0.2.12')).toBe(false);
  expect(compatible('0.3.0-rc-2026-03-15', '0.2.12')).toBe(false);
  expect(compatible('0.2.0-draft2', '0.2.0-draft2')).toBe(true);
  expect(compatible('0.2.0-draft', '0.2.0-draft2')).toBe(false);
  expect(compatible('2.1.0', '2.0.0')).toBe(true);
  expect(compatible('3.0.0', '2.0.0')).toBe(false);
});

test('every test guest reads and matches; each bad one is refused with its import and both types', () => {
  for (const name of readdirSync(built).filter((n) => n.endsWith('.wasm'))) {
    const needs = readNeeds(readFileSync(join(built, name)));
    expect(needs.unreadable, name).toBeUndefined();
    for (const need of needs.imports) {
      expect(need.mismatch, `${name}: ${need.name}`).toBeUndefined();
      expect(need.wasi || need.name === 'test:host/log', `${name}: ${need.name}`).toBe(true);
    }
    for (const verdict of Object.values(needs.entries)) expect(verdict, name).toBeNull();
  }
  const bad = (name: string) => readNeeds(readFileSync(join(built, 'bad', name)));
  expect(bad('import-wrong-result.wasm').imports[0].mismatch).toBe(
    "type mismatch in the component's import wasi:cli/environment@0.2.0: get-arguments: expected func() -> list<string> (the WIT of wasi:cli/environment@0.2.12), given func() -> u32",
  );
  expect(bad('run-wrong-type.wasm').entries['wasi:cli/run']).toMatch(/expected func\(\) -> result .*given func\(\) -> u32/);
  // Resources by identity: handle's two resources swapped.
  expect(bad('handle-wrong-type.wasm').entries['wasi:http/incoming-handler']).toBe(
    "type mismatch in the component's export wasi:http/incoming-handler@0.2.0: handle: " +
      'expected func(request: incoming-request, response-out: response-outparam) (the WIT of wasi:http/incoming-handler@0.2.12), ' +
      'given func(request: response-outparam, response-out: incoming-request)',
  );
  expect(bad('wasi-0.3-import.wasm').imports[0].mismatch).toBe(
    'the component imports wasi:random/random@0.3.0, a WASI version wasi-browser does not provide (it provides 0.2.x)',
  );
});

test('only own properties of the host objects, and our classes\' own methods, satisfy an import', () => {
  class Base { blockingRead() {} }
  class InputStream extends Base { read() {} static open() {} }
  const host = { getArguments() {}, InputStream };
  expect(hostHas(host, 'get-arguments')).toBe(true);
  expect(hostHas(host, 'constructor')).toBe(false);
  expect(hostHas(host, 'to-string')).toBe(false);
  expect(hostHas(host, 'has-own-property')).toBe(false);
  expect(hostHas(host, '[resource]input-stream')).toBe(true);
  expect(hostHas(host, '[method]input-stream.read')).toBe(true);
  expect(hostHas(host, '[method]input-stream.blocking-read')).toBe(true);
  expect(hostHas(host, '[method]input-stream.to-string')).toBe(false);
  expect(hostHas(host, '[method]input-stream.constructor')).toBe(false);
  expect(hostHas(host, '[static]input-stream.open')).toBe(true);
  expect(hostHas(host, '[static]input-stream.bind')).toBe(false);
  expect(hostHas(host, '[constructor]output-stream')).toBe(false);
  expect(hostHas(Object.create(host), 'get-arguments')).toBe(false);
});

test('checkNeeds: the page may stand in for an interface; the entry export must be there', () => {
  const needs = readNeeds(readFileSync(join(built, 'uses-import.wasm')));
  const host = { 'wasi:cli/exit': { exit() {} } };
  // The host lacks most of what uses-import.wasm imports: the first one it lacks is named.
  expect(() => checkNeeds(needs, 'run', host, { 'test:host/log': ['log', 'add'] })).toThrow(
    'the component imports wasi:io/error@0.2.12, which wasi-browser does not provide',
  );
  expect(() => checkNeeds(needs, 'run', { ...host, 'wasi:io/error': {} }, { 'test:host/log': ['log', 'add'] })).toThrow(
    'the component imports wasi:io/error@0.2.12 with [resource]error, which wasi-browser does not implement',
  );
  expect(() => checkNeeds(needs, 'run', host, { 'test:host/log': ['log'] })).toThrow(
    "the component imports test:host/log with a function add, which options.imports['test:host/log'] does not give as 'add'",
  );
  const calc = readNeeds(readFileSync(join(built, 'calc.wasm')));
  expect(() => checkNeeds(calc, 'instantiate', {}, {})).not.toThrow();
  expect(() => checkNeeds(calc, 'run', {}, {})).toThrow('the component does not export wasi:cli/run: it is not a command');
  expect(() => checkNeeds(calc, 'serve', {}, {})).toThrow('the component does not export wasi:http/incoming-handler');
  const unused = readNeeds(readFileSync(join(built, 'bad/import-unused.wasm')));
  expect(() => checkNeeds(unused, 'run', {}, {})).toThrow('the component imports example:unused/thing, which neither WASI 0.2');
  expect(() => checkNeeds(unused, 'run', {}, { 'example:unused/thing@1.0.0': ['call'] })).not.toThrow();
  expect(() => checkNeeds({ imports: [], entries: {}, unreadable: 'unknown canon 0x99 at byte 7' }, 'run', {}, {})).toThrow(
    "wasi-browser could not check the component's imports: unknown canon 0x99 at byte 7",
  );
});

test('the host implements every function of the WIT of each interface it serves (unstable ones aside)', async () => {
  const { wasiImports } = await import('../worker/wasi/index.ts');
  const { WIT_TABLE } = await import('../worker/component-types/wit-table.ts');
  const host = wasiImports() as Record<string, object>;
  const gaps: string[] = [];
  for (const [iface, def] of Object.entries(WIT_TABLE)) {
    if (!Object.hasOwn(host, iface)) {
      gaps.push(iface);
      continue;
    }
    const resources = Object.entries(def.types).filter(([, t]) => t === 'resource').map(([n]) => `[resource]${n}`);
    for (const member of [...resources, ...Object.keys(def.funcs)]) if (!hostHas(host[iface], member)) gaps.push(`${iface}#${member}`);
  }
  // Exports (never imported from the host), and @unstable WIT the host does not serve.
  expect(gaps).toEqual(['wasi:cli/run', 'wasi:clocks/timezone', 'wasi:http/types#[method]response-outparam.send-informational', 'wasi:http/incoming-handler']);
});
