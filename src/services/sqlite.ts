/**
 * The page side of fermyon:spin/sqlite: the `sqliteDatabases` option checked, and every run's
 * calls (both tiers, Op.Sqlite) passed to the page's one SQLite worker, started at the first
 * call and kept for the page's life (worker/sqlite/engine.ts says why one).
 */
import * as Comlink from 'comlink';
import { type Answer, Op, Status } from '../../shared/protocol.ts';
import { type WireValue, decodeWire, encodeWire } from '../../shared/keyvalue/wire.ts';
import { type SqliteAnswer, type SqliteCall, failure } from '../../shared/sqlite/call.ts';
import { messageOf } from '../../shared/message.ts';
import type { WorkerApi } from '../../worker/main.ts';
import type { SqliteApi } from '../../worker/sqlite-helper.ts';
import type { Service } from '../host.ts';
import { grantedNames } from './grants.ts';
import type { RunOptions } from '../types.ts';
import { startWorker } from '../worker-url.ts';

/**
 * `sqliteDatabases` of RunOptions, checked: the database names the component may open, as a
 * Spin component's `sqlite_databases` (absent: none). Throws a TypeError naming what is wrong.
 */
export function sqliteDatabases(option: RunOptions['sqliteDatabases']): string[] {
  return grantedNames(option, 'sqliteDatabases', 'database');
}

let engine: Promise<Comlink.Remote<SqliteApi>> | undefined;
/** The library's worker that started the SQLite worker, held for the page's life. */
let host: Worker | undefined;

/**
 * The page's SQLite worker, started once: the library's worker in its SQLite role starts it and
 * hands over a port (worker/main.ts's `startSqlite`); the library's worker is kept, as the
 * SQLite worker lives only as long as it does.
 */
function sqliteWorker(workerUrl: RunOptions['workerUrl']): Promise<Comlink.Remote<SqliteApi>> {
  if (!engine) {
    const worker = (host = startWorker(workerUrl));
    const started = Comlink.wrap<WorkerApi>(worker).startSqlite().then((port) => Comlink.wrap<SqliteApi>(port));
    engine = started;
    worker.addEventListener('error', () => {
      // A failed worker is replaced at the next call; its connections are gone with it.
      if (engine === started) engine = undefined;
    });
    started.catch(() => engine === started && (engine = undefined));
  }
  return engine;
}

/**
 * One run's SQLite service on the databases in `granted` (checked again here), and `release`,
 * which closes the connections the run left open (rolling back a transaction left open).
 */
export function sqliteServices(
  granted: string[],
  workerUrl: RunOptions['workerUrl'],
): { services: Partial<Record<Op, Service>>; release(): void } {
  const open = new Set<number>();
  const answer = (value: SqliteAnswer): Answer => ({ status: Status.Ok, payload: encodeWire(value as WireValue) });
  return {
    services: {
      [Op.Sqlite]: async (payload): Promise<Answer> => {
        try {
          const call = decodeWire(payload) as SqliteCall;
          if (call[0] === 'open' && !granted.includes(call[1])) {
            return answer(failure('access-denied', `database '${call[1]}' was not granted (sqliteDatabases)`));
          }
          if (call[0] !== 'open' && !open.has(call[1])) {
            return answer(failure('invalid-connection', `no SQLite connection ${call[1]} in this run`));
          }
          const reply = decodeWire(await (await sqliteWorker(workerUrl)).sqlite(payload)) as SqliteAnswer;
          if (call[0] === 'open' && reply[0]) open.add(reply[1] as number);
          if (call[0] === 'close') open.delete(call[1]);
          return answer(reply);
        } catch (e) {
          return answer(failure('io', messageOf(e)));
        }
      },
    },
    release() {
      if (open.size === 0 || !engine) return;
      const ids = [...open];
      engine.then((remote) => remote.release(ids)).catch(() => {});
      open.clear();
    },
  };
}
