/**
 * fermyon:spin/sqlite's calls as they cross from the run's worker to the page and on to the
 * SQLite worker (src/services/sqlite.ts, worker/sqlite/engine.ts), in the key-value wire
 * encoding (shared/keyvalue/wire.ts). A database error is an answer, not a failed request: in
 * the JSPI tier a failed request ends the run (worker/bridge/jspi.ts).
 */
import type { WireValue } from '../keyvalue/wire.ts';

/**
 * A SQLite value as it crosses: integer as bigint, real as number, text as string, blob as
 * bytes, null as undefined (Spin's `value` variant, one JS type per case).
 */
export type SqliteValue = bigint | number | string | Uint8Array | undefined;

/** The calls: open a database, execute a statement on a connection, close a connection. */
export type SqliteCall =
  | ['open', string]
  | ['execute', number, string, SqliteValue[]]
  | ['close', number];

/** Spin's sqlite `error` cases. */
export type SqliteErrorTag = 'no-such-database' | 'access-denied' | 'invalid-connection' | 'database-full' | 'io';

/** A query's answer: its column names and its rows. */
export type QueryAnswer = [columns: string[], rows: SqliteValue[][]];

/** An answer: [true, result] (open: the connection id; execute: a QueryAnswer) or [false, tag, message]. */
export type SqliteAnswer = [true, WireValue] | [false, SqliteErrorTag, string];

/** The answer for a failure `tag`, with a message (io's string, or what the page's console shows). */
export function failure(tag: SqliteErrorTag, message: string): SqliteAnswer {
  return [false, tag, message];
}
