// Unit tests of fermyon:spin/sqlite's pure parts: the option's check (project "unit", Node: no
// OPFS or SQLite worker here; e2e/sqlite.spec.ts runs the rest).
import { expect, test } from '@playwright/test';
import { sqliteDatabases } from '../src/services/sqlite.ts';

test('sqliteDatabases: absent grants none; names are kept once each', () => {
  expect(sqliteDatabases(undefined)).toEqual([]);
  expect(sqliteDatabases(['default', 'orders', 'default'])).toEqual(['default', 'orders']);
});

test('sqliteDatabases: anything but an array of non-empty strings is a TypeError naming the option', () => {
  for (const bad of ['default', { default: true }, null, ['ok', ''], ['ok', 3]] as unknown[]) {
    expect(() => sqliteDatabases(bad as string[])).toThrow(TypeError);
  }
  expect(() => sqliteDatabases('default' as never)).toThrow(/sqliteDatabases must be an array of database names.*"default"/);
  expect(() => sqliteDatabases(['ok', 3] as never)).toThrow(/sqliteDatabases holds database names \(non-empty strings\); got number/);
});
