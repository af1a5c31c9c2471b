// The filesystem host is written once for both tiers: where they differ (where OPFS mounts are
// served) is the Bridge's business (worker/bridge/), so no module of worker/wasi/filesystem/ asks
// which tier runs.
import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const folder = resolve(import.meta.dirname, '../worker/wasi/filesystem');

/** Code that tests the tier: reads `.tier`, or names a tier in a string. */
const TIER_TEST = /\.tier\b|['"](jspi|atomics)['"]/;

test('no module of worker/wasi/filesystem/ tests the tier', () => {
  const testing = readdirSync(folder)
    .filter((name) => name.endsWith('.ts'))
    .filter((name) => TIER_TEST.test(readFileSync(join(folder, name), 'utf8')));
  expect(testing).toEqual([]);
});

test('the tier check sees a tier test', () => {
  expect(TIER_TEST.test("if (bridge.tier === 'atomics') connect();")).toBe(true);
  expect(TIER_TEST.test("openMounts(specs, 'jspi')")).toBe(true);
  expect(TIER_TEST.test('// in the JSPI tier a Promise, in the Atomics tier a value')).toBe(false);
});
