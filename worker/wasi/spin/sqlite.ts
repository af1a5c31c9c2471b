/**
 * fermyon:spin/sqlite@2.0.0: a connection to a database the run was granted (`sqliteDatabases`,
 * as a Spin component's `sqlite_databases`). Every call goes to the page, which passes it to its
 * one SQLite worker (src/services/sqlite.ts, worker/sqlite/engine.ts): the same path in both
 * tiers, awaited in JSPI and blocked on in Atomics.
 */
import { type Maybe, then } from '../../bridge/index.ts';
import { type WireValue, decodeWire, encodeWire } from '../../../shared/keyvalue/wire.ts';
import { Op } from '../../../shared/protocol.ts';
import type { QueryAnswer, SqliteAnswer, SqliteCall, SqliteErrorTag, SqliteValue } from '../../../shared/sqlite/call.ts';
import { messageOf } from '../../../shared/message.ts';
import { getContext } from '../context.ts';
import { WasiError } from '../io/error.ts';

/** Spin's `value`, as jco represents the variant. */
export type Value =
  | { tag: 'integer'; val: bigint }
  | { tag: 'real'; val: number }
  | { tag: 'text'; val: string }
  | { tag: 'blob'; val: Uint8Array }
  | { tag: 'null' };

/** Spin's `query-result`. */
export interface QueryResult {
  columns: string[];
  rows: { values: Value[] }[];
}

export class Connection {
  readonly #id: number;

  private constructor(id: number) {
    this.#id = id;
  }

  /** `access-denied` unless `database` was granted; every granted database exists (empty until written). */
  static open(database: string): Maybe<Connection> {
    if (!(getContext().sqliteDatabases ?? []).includes(database)) {
      throw sqliteError('access-denied', `database '${database}' was not granted (sqliteDatabases)`);
    }
    return then(call(['open', database]), (id) => new Connection(id as number));
  }

  /** Run `statement` with `parameters` bound in order (`?`, `?NNN`); its columns and rows. */
  execute(statement: string, parameters: Value[]): Maybe<QueryResult> {
    return then(call(['execute', this.#id, statement, parameters.map(toWire)]), (answer) => {
      const [columns, rows] = answer as QueryAnswer;
      return { columns, rows: rows.map((row) => ({ values: row.map(fromWire) })) };
    });
  }

  /** The guest dropped the connection: the page forgets it (and rolls back a transaction left open). */
  [Symbol.dispose](): void {
    try {
      const sent = getContext().bridge.request(Op.Sqlite, encodeWire(['close', this.#id]));
      if (sent instanceof Promise) sent.catch(() => {});
    } catch {
      // The run's end releases it too.
    }
  }
}

/** Send `c` to the page; its result, or Spin's error thrown as the guest's `err`. */
function call(c: SqliteCall): Maybe<WireValue> {
  let reply;
  try {
    reply = getContext().bridge.request(Op.Sqlite, encodeWire(c as WireValue));
  } catch (e) {
    throw sqliteError('io', messageOf(e));
  }
  return then(reply, ({ payload }) => {
    const answer = decodeWire(payload) as SqliteAnswer;
    if (answer[0]) return answer[1];
    throw sqliteError(answer[1], answer[2]);
  });
}

function sqliteError(tag: SqliteErrorTag, message: string): WasiError {
  const payload = tag === 'io' ? { tag, val: message } : { tag };
  return new WasiError(payload, `fermyon:spin/sqlite: ${message}`);
}

function toWire(value: Value): SqliteValue {
  switch (value.tag) {
    case 'integer': return BigInt(value.val);
    case 'real': return value.val;
    case 'text': return value.val;
    case 'blob': return value.val;
    default: return undefined;
  }
}

function fromWire(value: SqliteValue): Value {
  if (typeof value === 'bigint') return { tag: 'integer', val: value };
  if (typeof value === 'number') return { tag: 'real', val: value };
  if (typeof value === 'string') return { tag: 'text', val: value };
  if (value instanceof Uint8Array) return { tag: 'blob', val: value };
  return { tag: 'null' };
}
