/**
 * fermyon:spin/sqlite's databases: SQLite (@sqlite.org/sqlite-wasm) over its `opfs-sahpool` VFS,
 * in the page's one SQLite worker (worker/sqlite-helper.ts; src/services/sqlite.ts starts it).
 * Every run of the page reaches its databases through here, so runs see each other's committed
 * writes at once and no two SQLite connections ever write the same file.
 *
 * opfs-sahpool keeps a pool of OPFS sync access handles open for as long as this worker lives:
 * it needs no SharedArrayBuffer (so the JSPI tier's pages need no isolation), but only one worker
 * of the origin can hold the pool. A Web Lock says which: a second tab waits up to
 * {@link LOCK_WAIT_MS} for it (long enough for a reload's old page to let go), then its calls
 * answer `io` saying that another tab has the databases.
 *
 * One SQLite connection per database serves every guest connection. A guest connection that
 * leaves a transaction open (BEGIN without COMMIT) owns the database until it ends it: the others'
 * statements wait, and answer `io("database is locked")` (SQLite's SQLITE_BUSY) after
 * {@link BUSY_WAIT_MS}. A guest connection that is dropped, or whose run ends, with its
 * transaction open is rolled back.
 */
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { type WireValue, decodeWire, encodeWire } from '../../shared/keyvalue/wire.ts';
import { type SqliteAnswer, type SqliteCall, type SqliteValue, failure } from '../../shared/sqlite/call.ts';
import { messageOf } from '../../shared/message.ts';

type Sqlite3 = Awaited<ReturnType<typeof sqlite3InitModule>>;
type Pool = Awaited<ReturnType<Sqlite3['installOpfsSAHPoolVfs']>>;
type Db = InstanceType<Pool['OpfsSAHPoolDb']>;
type Stmt = ReturnType<Db['prepare']>;

/** The Web Lock that says which worker of the origin holds the pool. */
const LOCK = 'wasi-browser-sqlite';
/** How long a new SQLite worker waits for the pool's lock (a reloaded page's old worker letting go). */
const LOCK_WAIT_MS = 3000;
/** How long a statement waits for another connection's open transaction, as a busy timeout. */
const BUSY_WAIT_MS = 5000;
/** SQLite's result codes used here. */
const SQLITE_FULL = 13;

interface Database {
  db: Db;
  /** The guest connection whose transaction is open, if one is. */
  owner?: number;
  /** Statements waiting for the owner to end its transaction. */
  waiting: (() => void)[];
}

let setup: Promise<{ sqlite3: Sqlite3; pool: Pool }> | undefined;
const databases = new Map<string, Database>();
const connections = new Map<number, string>();
let nextConnection = 1;

/** SQLite and the pool, set up at the first call; a failed setup is tried again at the next. */
function ready(): Promise<{ sqlite3: Sqlite3; pool: Pool }> {
  setup ??= (async () => {
    await holdLock();
    const sqlite3 = await sqlite3InitModule();
    const pool = await sqlite3.installOpfsSAHPoolVfs({ name: 'wasi-browser-sqlite', directory: '.wasi-browser-sqlite' });
    return { sqlite3, pool };
  })();
  setup.catch(() => (setup = undefined));
  return setup;
}

/** Take the pool's Web Lock and keep it for the worker's life (the browser frees it when the worker ends). */
function holdLock(): Promise<void> {
  return new Promise((resolve, reject) => {
    navigator.locks
      .request(LOCK, { signal: AbortSignal.timeout(LOCK_WAIT_MS) }, () => {
        resolve();
        return new Promise<never>(() => {});
      })
      .catch(() =>
        reject(new Error('the SQLite databases of this origin are open in another tab or window (opfs-sahpool serves one at a time)')),
      );
  });
}

/** The database `name`, opened (and made, empty) at its first use. */
async function database(name: string): Promise<Database> {
  const { pool } = await ready();
  let found = databases.get(name);
  if (!found) {
    // A database and its journal each take a handle of the pool; keep room for one more.
    await pool.reserveMinimumCapacity((databases.size + 2) * 2 + 2);
    found = databases.get(name);
    if (!found) {
      found = { db: new pool.OpfsSAHPoolDb(`/${encodeURIComponent(name)}.sqlite3`), waiting: [] };
      databases.set(name, found);
    }
  }
  return found;
}

/** Serve one call (encodeWire of a {@link SqliteCall}); the answer is encodeWire of a {@link SqliteAnswer}. */
export async function serveSqlite(payload: Uint8Array): Promise<Uint8Array> {
  let answer: SqliteAnswer;
  try {
    answer = await apply(decodeWire(payload) as SqliteCall);
  } catch (e) {
    answer = failure('io', messageOf(e));
  }
  return encodeWire(answer as WireValue);
}

async function apply(call: SqliteCall): Promise<SqliteAnswer> {
  switch (call[0]) {
    case 'open': {
      await database(call[1]);
      const id = nextConnection++;
      connections.set(id, call[1]);
      return [true, id];
    }
    case 'execute': {
      const name = connections.get(call[1]);
      if (name === undefined) return failure('invalid-connection', `no SQLite connection ${call[1]}`);
      const { sqlite3 } = await ready();
      const target = await database(name);
      if (!(await turn(target, call[1]))) return failure('io', 'database is locked');
      const answer = execute(sqlite3, target.db, call[2], call[3]);
      settle(sqlite3, target, call[1]);
      return answer;
    }
    case 'close':
      release([call[1]]);
      return [true, undefined];
    default:
      return failure('io', `no SQLite call ${String((call as unknown[])[0])}`);
  }
}

/** Wait until no other connection has a transaction open on `target`; false after {@link BUSY_WAIT_MS}. */
async function turn(target: Database, connection: number): Promise<boolean> {
  const deadline = performance.now() + BUSY_WAIT_MS;
  while (target.owner !== undefined && target.owner !== connection) {
    const left = deadline - performance.now();
    if (left <= 0) return false;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(wake, left);
      function wake() {
        clearTimeout(timer);
        target.waiting = target.waiting.filter((w) => w !== wake);
        resolve();
      }
      target.waiting.push(wake);
    });
  }
  return true;
}

/** After a statement of `connection`: it owns `target` while its transaction is open. */
function settle(sqlite3: Sqlite3, target: Database, connection: number): void {
  const open = sqlite3.capi.sqlite3_get_autocommit(target.db.pointer!) === 0;
  target.owner = open ? connection : undefined;
  if (!open) for (const wake of [...target.waiting]) wake();
}

/** Forget `ids` (dropped connections, or those of a run that ended), rolling back a transaction one left open. */
export function release(ids: number[]): void {
  for (const id of ids) {
    const name = connections.get(id);
    connections.delete(id);
    const target = name === undefined ? undefined : databases.get(name);
    if (!target || target.owner !== id) continue;
    try {
      target.db.exec('ROLLBACK');
    } catch (e) {
      console.warn('wasi-browser: rolling back a dropped SQLite connection failed', e);
    }
    target.owner = undefined;
    for (const wake of [...target.waiting]) wake();
  }
}

/** Run one statement with `params` bound in order; its columns and rows, or Spin's error. */
function execute(sqlite3: Sqlite3, db: Db, sql: string, params: SqliteValue[]): SqliteAnswer {
  const { capi } = sqlite3;
  let stmt: Stmt | undefined;
  try {
    stmt = db.prepare(sql);
    if (params.length !== stmt.parameterCount) {
      return failure('io', `Wrong number of parameters passed to query. Got ${params.length}, needed ${stmt.parameterCount}`);
    }
    params.forEach((value, i) => bind(capi, stmt!, i + 1, value));
    const columns: string[] = [];
    for (let i = 0; i < stmt.columnCount; i++) columns.push(stmt.getColumnName(i));
    const rows: SqliteValue[][] = [];
    while (stmt.step()) rows.push(columns.map((_, i) => column(capi, stmt!, i)));
    return [true, [columns, rows] as WireValue];
  } catch (e) {
    return sqliteError(capi, db, e);
  } finally {
    stmt?.finalize();
  }
}

function bind(capi: Sqlite3['capi'], stmt: Stmt, index: number, value: SqliteValue): void {
  // A real is bound as a double even when it holds a whole number (the oo1 API would make 1.0 an integer).
  if (typeof value === 'number') check(capi, capi.sqlite3_bind_double(stmt.pointer!, index, value));
  else if (value instanceof Uint8Array) stmt.bindAsBlob(index, value);
  else stmt.bind(index, value ?? null);
}

function check(capi: Sqlite3['capi'], rc: number): void {
  if (rc !== capi.SQLITE_OK) throw Object.assign(new Error(capi.sqlite3_errstr(rc)), { resultCode: rc });
}

function column(capi: Sqlite3['capi'], stmt: Stmt, i: number): SqliteValue {
  switch (capi.sqlite3_column_type(stmt.pointer!, i)) {
    case capi.SQLITE_INTEGER: return capi.sqlite3_column_int64(stmt.pointer!, i);
    case capi.SQLITE_FLOAT: return capi.sqlite3_column_double(stmt.pointer!, i);
    case capi.SQLITE_TEXT: return stmt.get(i, capi.SQLITE_TEXT) as string;
    case capi.SQLITE_BLOB: return (stmt.get(i, capi.SQLITE_BLOB) as Uint8Array | null) ?? new Uint8Array(0);
    default: return undefined;
  }
}

/** SQLite's failure as Spin's error: a full database is `database-full`, anything else `io` with SQLite's message. */
function sqliteError(capi: Sqlite3['capi'], db: Db, e: unknown): SqliteAnswer {
  const code = (e as { resultCode?: number }).resultCode;
  if (code === undefined) return failure('io', messageOf(e));
  const message = db.pointer ? capi.sqlite3_errmsg(db.pointer) : capi.sqlite3_errstr(code);
  return (code & 0xff) === SQLITE_FULL ? failure('database-full', message) : failure('io', message);
}
