/**
 * The SQLite benchmark's limit: the same inserts and point queries as `sqlite-cli bench`, made
 * straight on @sqlite.org/sqlite-wasm in a dedicated worker, with the same VFS (opfs-sahpool, in a
 * pool of its own so that it does not meet the library's) and the library's per-call API
 * (`exec` with `bind`, `selectValue`). Answers microseconds per call.
 */
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';

self.onmessage = async (event: MessageEvent<{ n: number }>) => {
  try {
    const { n } = event.data;
    const sqlite3 = await sqlite3InitModule();
    const pool = await sqlite3.installOpfsSAHPoolVfs({ name: 'bench-raw-sqlite', directory: '.bench-raw-sqlite' });
    const db = new pool.OpfsSAHPoolDb('/bench.sqlite3');
    db.exec('CREATE TABLE IF NOT EXISTS bench (k INTEGER PRIMARY KEY, v TEXT)');
    db.exec('DELETE FROM bench');
    const t0 = performance.now();
    for (let k = 1; k <= n; k++) db.exec({ sql: 'INSERT INTO bench (v) VALUES (?)', bind: [`value ${k}`] });
    const t1 = performance.now();
    for (let k = 1; k <= n; k++) {
      if (db.selectValue('SELECT v FROM bench WHERE k = ?', [k]) !== `value ${k}`) throw new Error(`row ${k} missing`);
    }
    const t2 = performance.now();
    db.close();
    self.postMessage({ insert: ((t1 - t0) * 1000) / n, query: ((t2 - t1) * 1000) / n });
  } catch (e) {
    self.postMessage({ error: e instanceof Error ? e.message : String(e) });
  }
};
