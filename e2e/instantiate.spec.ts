// instantiate(): a library component's exports called from the page.
import { expect, test } from './fixtures.ts';

test('exports are callable from the page, values cross by structured clone', async ({ harness, bridge }) => {
  const out = await harness.evaluate(async (bridge) => {
    const instance = await (window as any).wasi.instantiate('/guests/calc.wasm', { bridge });
    const calc = instance.exports['test:lib/calc'];
    const result = {
      keys: Object.keys(instance.exports).sort(),
      bridge: instance.bridge,
      add: await calc.add(2, 3),
      wrap: await calc.add(0xffffffff, 2),
      greet: await calc.greet('wörld'),
      empty: await calc.greet(''),
      sum: String(await calc.sum([1, 2, 0xffffffff])),
      none: String(await calc.sum([])),
      swap: await calc.swap({ x: 1, y: -2 }),
      short: await instance.exports.calc.add(40, 2),
    };
    await instance.close();
    return result;
  }, bridge);
  expect(out).toEqual({
    keys: ['calc', 'test:lib/calc'],
    bridge,
    add: 5,
    wrap: 1,
    greet: 'hello, wörld',
    empty: 'hello, ',
    sum: '4294967298',
    none: '0',
    swap: { x: -2, y: 1 },
    short: 42,
  });
});

test('a function returning a resource, and a resource constructor, reject with a clear error', async ({ harness, bridge }) => {
  const out = await harness.evaluate(async (bridge) => {
    const instance = await (window as any).wasi.instantiate('/guests/calc.wasm', { bridge });
    const calc = instance.exports['test:lib/calc'];
    const errors: string[] = [];
    for (const call of [() => calc.makeCounter(9), () => calc.Counter(5), () => calc.readCounter({})]) {
      try {
        await call();
        errors.push('resolved');
      } catch (e: any) {
        errors.push(e.message);
      }
    }
    const stillWorks = await calc.add(1, 1);
    await instance.close();
    return { errors, stillWorks };
  }, bridge);
  expect(out.errors[0]).toMatch(/returned a resource \(Counter\)/);
  expect(out.errors[1]).toMatch(/Counter is a resource/);
  expect(out.errors[2]).toMatch(/resource/i);
  expect(out.stillWorks).toBe(2);
});

test('a library has no run: run() says to use instantiate()', async ({ harness, bridge }) => {
  const message = await harness.evaluate(async (bridge) => {
    try {
      await (window as any).wasi.run('/guests/calc.wasm', { bridge });
      return 'resolved';
    } catch (e: any) {
      return e.message;
    }
  }, bridge);
  expect(message).toMatch(/does not export wasi:cli\/run.*instantiate\(\)/);
});

test('close() ends the worker: later calls reject', async ({ harness, bridge }) => {
  const message = await harness.evaluate(async (bridge) => {
    const instance = await (window as any).wasi.instantiate('/guests/calc.wasm', { bridge });
    await instance.close();
    try {
      await Promise.race([
        instance.exports.calc.add(1, 2),
        new Promise((_, reject) => setTimeout(() => reject(new Error('hung')), 3000)),
      ]);
      return 'resolved';
    } catch (e: any) {
      return e.message;
    }
  }, bridge);
  expect(message).toMatch(/closed/);
});
