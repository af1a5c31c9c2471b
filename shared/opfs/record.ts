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

export interface DirRecord {
  links: Record<string, string>;
  times: Record<string, RecordTimes>;
}

const empty = (): DirRecord => ({ links: {}, times: {} });

/** The record of `dir`; an empty one when it has none. */
export async function readRecord(dir: FileSystemDirectoryHandle): Promise<DirRecord> {
  let text: string;
  try {
    const handle = await dir.getFileHandle(RECORD_NAME);
    text = await (await handle.getFile()).text();
  } catch (e) {
    if (isNamed(e, 'NotFoundError')) return empty();
    throw e;
  }
  try {
    const parsed = JSON.parse(text) as Partial<DirRecord>;
    return { links: parsed.links ?? {}, times: parsed.times ?? {} };
  } catch {
    // A torn or foreign file: keep going without it rather than failing every lookup.
    return empty();
  }
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
    if (Object.keys(record.links).length === 0 && Object.keys(record.times).length === 0) {
      await dir.removeEntry(RECORD_NAME).catch((e) => {
        if (!isNamed(e, 'NotFoundError')) throw e;
      });
    } else {
      const handle = await dir.getFileHandle(RECORD_NAME, { create: true });
      const writable = await handle.createWritable();
      await writable.write(JSON.stringify(record));
      await writable.close();
    }
    return result;
  });
}
