/**
 * The benchmark page: `window.bench` holds one function per measurement, each returning plain
 * numbers for bench/run.mjs (and its rows) to collect. Every function measures on this page's
 * clock (`performance.now()`, 5 µs steps when the page is cross-origin isolated).
 */
import { bridgeOurs, bridgeRawAtomics, bridgeRawPing } from './bridge.ts';
import { startupOurs, startupRaw } from './startup.ts';
import { startupShim } from './shim.ts';
import * as httpBench from './http.ts';
import { filesystemBench } from './filesystem.ts';
import { preview1Bench } from './preview1.ts';
import { kvOurs, kvRaw } from './keyvalue.ts';
import { sqliteOurs, sqliteRaw } from './sqlite.ts';

const bench = { ...httpBench, startupOurs, startupRaw, startupShim, bridgeOurs, bridgeRawAtomics, bridgeRawPing, ...filesystemBench, ...preview1Bench, sqliteOurs, sqliteRaw, kvOurs, kvRaw };

export type BenchApi = typeof bench;

Object.assign(window, { bench, benchReady: true });
