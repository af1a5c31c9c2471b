// The import check (worker/component-types/): a component whose imports or entry export do not
// match the WIT of the interface they name is refused before it runs, naming the import and
// both types, as wasmtime's linker refuses it. The check does not depend on the tier: this file
// runs in the jspi project only (playwright.config.ts).
import { expect, test } from './fixtures.ts';

test('wrong import types, a function the WIT lacks, an unused unknown import and a wrong run are refused by name', async ({ harness, bridge }) => {
  const cases = await harness.evaluate(async (bridge) => {
    const out: Record<string, string> = {};
    for (const name of ['import-wrong-result', 'import-wrong-param', 'import-not-in-wit', 'import-unused', 'run-wrong-type']) {
      try {
        const r = await (window as any).wasi.run(`/guests/bad/${name}.wasm`, { bridge });
        out[name] = `resolved with exit code ${JSON.stringify(r.exitCode)}`;
      } catch (e: any) {
        out[name] = `${e.name}: ${e.message}`;
      }
    }
    return out;
  }, bridge);
  expect(cases['import-wrong-result']).toBe(
    "Error: type mismatch in the component's import wasi:cli/environment@0.2.0: get-arguments: " +
      'expected func() -> list<string> (the WIT of wasi:cli/environment@0.2.12), given func() -> u32',
  );
  expect(cases['import-wrong-param']).toBe(
    "Error: type mismatch in the component's import wasi:cli/exit@0.2.0: exit-with-code: " +
      'expected func(status-code: u8) (the WIT of wasi:cli/exit@0.2.12), given func(status-code: string)',
  );
  expect(cases['import-not-in-wit']).toBe(
    'Error: the component imports wasi:cli/environment@0.2.0 with a function constructor, which wasi:cli/environment@0.2.12 does not have',
  );
  expect(cases['import-unused']).toBe(
    'Error: the component imports example:unused/thing, which neither WASI 0.2 (as wasi-browser provides it) nor options.imports provides',
  );
  expect(cases['run-wrong-type']).toBe(
    "Error: type mismatch in the component's export wasi:cli/run@0.2.0: run: expected func() -> result (the WIT of wasi:cli/run@0.2.12), given func() -> u32",
  );
});

test('options.imports cannot stand in with a missing function, nor for a resource', async ({ harness, bridge }) => {
  const message = await harness.evaluate(async (bridge) => {
    try {
      await (window as any).wasi.run('/guests/bad/import-unused.wasm', { bridge, imports: { 'example:unused/thing': { other() {} } } });
      return 'resolved';
    } catch (e: any) {
      return e.message;
    }
  }, bridge);
  expect(message).toBe("the component imports example:unused/thing with a function call, which options.imports['example:unused/thing'] does not give as 'call'");
  const given = await harness.evaluate(async (bridge) => {
    const r = await (window as any).wasi.run('/guests/bad/import-unused.wasm', { bridge, imports: { 'example:unused/thing': { call() {} } } });
    return r.exitCode;
  }, bridge);
  expect(given).toBe(0);
});

test('serve(): a handle export of the wrong type is refused before any request', async ({ harness, bridge }) => {
  const message = await harness.evaluate(async (bridge) => {
    try {
      await (window as any).wasi.serve('/guests/bad/handle-wrong-type.wasm', { bridge });
      return 'resolved';
    } catch (e: any) {
      return e.message;
    }
  }, bridge);
  expect(message).toBe(
    "type mismatch in the component's export wasi:http/incoming-handler@0.2.0: handle: " +
      'expected func(request: incoming-request, response-out: response-outparam) (the WIT of wasi:http/incoming-handler@0.2.12), ' +
      'given func(request: response-outparam, response-out: incoming-request)',
  );
});
