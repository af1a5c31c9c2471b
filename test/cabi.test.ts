// The handle-table side of the core-ABI fast paths (worker/wasi/cabi.ts): tables laid out as jco's
// glue lays them out (pairs of scope and rep | own; pair 0 the head of a free list).
import { expect, test } from '@playwright/test';
import { disposeByRep, forgetRep, lift, lowerOwn, real, trackReps } from '../worker/wasi/cabi.ts';

const OWN = 1 << 30;
const repSymbol = Symbol.for('cabiRep');

class Stream {}
class Failure {
  disposed = false;
  [Symbol.dispose]() {
    this.disposed = true;
  }
}
trackReps(Stream);
trackReps(Failure);
disposeByRep(Failure);

/** A table holding `objects` as own handles 1..n, as the glue makes them. */
function tableOf(...objects: object[]): number[] {
  const table = [OWN, 0];
  for (const obj of objects) table.push(0, (obj as Record<symbol, number>)[repSymbol] | OWN);
  return table;
}

test('lift finds the object of a handle in whichever table holds its class, and names the others', () => {
  const a = new Stream();
  const b = new Stream();
  const errors = tableOf(new Failure(), new Failure());
  const streams = tableOf(a, b);
  const [found, others] = lift([errors, streams], 2, Stream);
  expect(found).toBe(b);
  expect(others).toEqual([errors]);
  expect(lift([streams, errors], 1, Stream)[0]).toBe(a);
});

test('lift traps on a handle that is free, out of range, or of another class', () => {
  const streams = tableOf(new Stream());
  expect(() => lift([streams], 5, Stream)).toThrow(WebAssembly.RuntimeError);
  expect(() => lift([tableOf(new Failure())], 1, Stream)).toThrow(/unknown handle 1 for Stream/);
  const freed = tableOf(new Stream(), new Stream());
  freed[2] = freed[0] | OWN; // handle 1 back on the free list, as the glue's drop leaves it
  freed[0] = 1 | OWN;
  expect(() => lift([freed], 1, Stream)).toThrow(WebAssembly.RuntimeError);
});

test('lowerOwn appends an own handle, or reuses the head of the free list', () => {
  const table = tableOf(new Failure());
  const first = new Failure();
  expect(lowerOwn(table, first)).toBe(2);
  expect(table[5]).toBe((first as unknown as Record<symbol, number>)[repSymbol] | OWN);
  // Free handle 1 as the glue does: its scope slot links the old head, the head points at it.
  table[2] = table[0] | OWN;
  table[0] = 1 | OWN;
  const second = new Failure();
  expect(lowerOwn(table, second)).toBe(1);
  expect(table[0]).toBe(OWN); // the list is empty again
  expect(lift([table], 1, Failure)[0]).toBe(second);
});

test('a stand-in the glue builds from a rep resolves to the real object; dropping it by rep disposes it', () => {
  const failure = new Failure();
  const rep = (failure as unknown as Record<symbol, number>)[repSymbol];
  const standIn = Object.create(Failure.prototype) as Failure;
  Object.defineProperty(standIn, repSymbol, { value: rep });
  expect(real(standIn)).toBe(failure);
  expect(real(failure)).toBe(failure);
  (Failure as unknown as Record<symbol, (rep: number) => void>)[Symbol.for('cabiDispose')](rep);
  expect(failure.disposed).toBe(true);
  expect(real(standIn)).toBe(standIn);
});

test('an object behind several own handles is let go only when the last of them is dropped', () => {
  const failure = new Failure();
  const table = tableOf();
  lowerOwn(table, failure);
  const second = lowerOwn(table, failure);
  const rep = (failure as unknown as Record<symbol, number>)[repSymbol];
  const standIn = Object.create(Failure.prototype) as Failure;
  Object.defineProperty(standIn, repSymbol, { value: rep });
  const dispose = (Failure as unknown as Record<symbol, (rep: number) => void>)[Symbol.for('cabiDispose')];
  dispose(rep);
  expect(failure.disposed).toBe(false);
  expect(real(standIn)).toBe(failure);
  expect(lift([table], second, Failure)[0]).toBe(failure);
  dispose(rep);
  expect(failure.disposed).toBe(true);
  expect(real(standIn)).toBe(standIn);
});

test('a forgotten object gets a new rep when it is handed out again', () => {
  const stream = new Stream();
  const rep = (stream as unknown as Record<symbol, number>)[repSymbol];
  forgetRep(stream);
  expect(() => lift([[OWN, 0, 0, rep | OWN]], 1, Stream)).toThrow(WebAssembly.RuntimeError);
  expect((stream as unknown as Record<symbol, number>)[repSymbol]).not.toBe(rep);
});
