/**
 * The hidden metadata record of an OPFS directory: what OPFS cannot keep itself, symlinks
 * and the timestamps WASI can set. One small JSON file per directory, only where needed,
 * under a name longer than WASI's 255 bytes (OPFS takes it; a name with NUL it truncates at the NUL):
 * no guest path can name it, so guests never see or touch it.
 * Written by the worker's OPFS backend and by the page's `symlink()` alike.
 */
import { isNamed } from './errors.ts';

export const RECORD_NAME = `wasi-browser-record.${'_'.repeat(250)}`;

/** The journal of directory renames at the OPFS root (./moves.ts), as hidden. */
export const JOURNAL_NAME = `wasi-browser-moves.${'_'.repeat(250)}`;

/** Times set by `set-times`, nanoseconds as decimal strings. */
export interface RecordTimes {
  /** Access time. */
  a?: string;
  /** Modification time. */
  m?: string;
  /** The file's `lastModified` (ms) when set: a later write makes the file's own time win. */
  base?: number;
}

/**
 * A directory's record. Maps, not objects: a name is the guest's (`__proto__` is a name like
 * any other). On disk it is JSON objects, `{"links":{name:target},"times":{name:times}}`, as
 * older versions wrote it.
 */
export interface DirRecord {
  links: Map<string, string>;
  times: Map<string, RecordTimes>;
  /** When the record file was last written (ms; 0 when there is none): not kept in it. */
  written: number;
}

const empty = (): DirRecord => ({ links: new Map(), times: new Map(), written: 0 });

/** The own entries of a parsed JSON object, as a Map (JSON.parse makes `__proto__` an own key). */
function entriesOf<T>(value: unknown): Map<string, T> {
  if (typeof value !== 'object' || value === null) return new Map();
  return new Map(Object.entries(value as Record<string, T>));
}

/** The record of `dir`; an empty one when it has none. */
export async function readRecord(dir: FileSystemDirectoryHandle): Promise<DirRecord> {
  let text: string;
  let written: number;
  try {
    const handle = await dir.getFileHandle(RECORD_NAME);
    const file = await handle.getFile();
    written = file.lastModified;
    text = await file.text();
  } catch (e) {
    if (isNamed(e, 'NotFoundError')) return empty();
    throw e;
  }
  try {
    const parsed = JSON.parse(text) as { links?: unknown; times?: unknown };
    return { links: entriesOf(parsed.links), times: entriesOf(parsed.times), written };
  } catch {
    // A torn or foreign file: keep going without it rather than failing every lookup.
    return empty();
  }
}

/** Nanoseconds since the epoch, as a record keeps them. */
export function nowNanos(): bigint {
  return BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e3)) * 1000n;
}

/** Put symlink `name` -> `target` in `record`, its times the time it is made (as Linux gives a new link). */
export function addLink(record: DirRecord, name: string, target: string): void {
  const now = String(nowNanos());
  record.links.set(name, target);
  record.times.set(name, { a: now, m: now });
}

/** The record as the JSON of its file (Object.fromEntries defines `__proto__` as an own key). */
function serialize(record: DirRecord): string {
  return JSON.stringify({ links: Object.fromEntries(record.links), times: Object.fromEntries(record.times) });
}

/**
 * Change the record of `dir` (at OPFS path `lockName`), serialized with every other tab and
 * worker through a Web Lock; the new record replaces the old one atomically (createWritable).
 */
export async function updateRecord<T>(
  dir: FileSystemDirectoryHandle,
  lockName: string,
  change: (record: DirRecord) => T,
): Promise<T> {
  return navigator.locks.request(`wasi-browser:record:${lockName}`, async () => {
    const record = await readRecord(dir);
    const result = change(record);
    if (record.links.size === 0 && record.times.size === 0) {
      await dir.removeEntry(RECORD_NAME).catch((e) => {
        if (!isNamed(e, 'NotFoundError')) throw e;
      });
    } else {
      const handle = await dir.getFileHandle(RECORD_NAME, { create: true });
      const writable = await handle.createWritable();
      await writable.write(serialize(record));
      await writable.close();
    }
    return result;
  });
}
