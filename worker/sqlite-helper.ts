/**
 * The page's SQLite worker (worker/sqlite/engine.ts behind a Comlink port): started by the
 * library's worker in its SQLite role (worker/main.ts's `startSqlite`) so that the engine and
 * its wasm stay out of the worker every run starts, and reached by the page through the port it
 * is handed first.
 */
import * as Comlink from 'comlink';
import { release, serveSqlite } from './sqlite/engine.ts';

const api = {
  /** One call of any run: encodeWire of a SqliteCall in, of a SqliteAnswer out. */
  sqlite: serveSqlite,
  /** Forget the connections of runs that ended. */
  release,
};

export type SqliteApi = typeof api;

self.addEventListener('message', (event: MessageEvent<MessagePort>) => Comlink.expose(api, event.data), { once: true });
