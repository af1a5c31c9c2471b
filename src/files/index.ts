/**
 * Files from the page: put a run's input into OPFS and take its results out, without OPFS code.
 * Paths are OPFS paths from the origin's root (`'app/in.txt'`), the same a mount's `path` names,
 * so `{ '/': { kind: 'opfs', path: 'app' } }` shows `app/in.txt` to the guest as `/in.txt`.
 * Symlinks are the guest's (kept in the directories' hidden record); the page API follows none.
 * Each call first finishes a directory rename a closed tab or an aborted run cut short
 * (./moves.ts), so the page never sees one half done.
 */
import { isNamed, type OpfsErrorCode, opfsErrorCode } from '../../shared/opfs/errors.ts';
import { finishMoves } from '../../shared/opfs/moves.ts';
import { entriesOf, opfsDirectory, opfsParts } from '../../shared/opfs/handles.ts';
import { JOURNAL_NAME, RECORD_NAME, addLink, readRecord, updateRecord } from '../../shared/opfs/record.ts';

export type EntryType = 'file' | 'directory' | 'symlink';

/** Renames cut short, finished; a journal that cannot be read now is left for a later call. */
function settled(): Promise<void> {
  return finishMoves().catch(() => {});
}

/** One entry of {@link readDir}. */
export interface DirEntry {
  name: string;
  type: EntryType;
}

function split(path: string): { dir: string[]; name: string } {
  const parts = opfsParts(path);
  if (parts.length === 0) throw new TypeError(`"${path}" names the OPFS root, not a file`);
  const name = parts.pop()!;
  if (name.includes('\0')) throw new TypeError(`"${path}": a name may not contain NUL`);
  return { dir: parts, name };
}

/** The page's words for the OPFS failures it explains; other errors are thrown as they are. */
const MESSAGES: Partial<Record<OpfsErrorCode, string>> = {
  'no-entry': 'no such file or directory',
  'not-directory': 'a file where a directory is needed, or the reverse',
  busy: 'the file is open in a running component (or another tab); try again when it ends',
  'not-empty': 'the directory is not empty (pass { recursive: true })',
  'insufficient-space': "the origin's storage quota is full",
};

function explain(e: unknown, what: string, path: string): Error {
  const code = opfsErrorCode(e);
  const message = code && MESSAGES[code];
  if (message) return new Error(`${what} "${path}": ${message}`, { cause: e });
  return e instanceof Error ? e : new Error(String(e));
}

/** Write `data` to the OPFS file at `path`, replacing it; parent directories are made. */
export async function writeFile(path: string, data: string | Uint8Array | Blob | ArrayBuffer): Promise<void> {
  await settled();
  const { dir, name } = split(path);
  try {
    const parent = await opfsDirectory(dir, true);
    const writable = await (await parent.getFileHandle(name, { create: true })).createWritable();
    try {
      await writable.write(data as FileSystemWriteChunkType);
      await writable.close();
    } catch (e) {
      await writable.abort().catch(() => {});
      throw e;
    }
  } catch (e) {
    throw explain(e, 'writeFile', path);
  }
}

/** The bytes of the OPFS file at `path` (following no symlink). */
export async function readFile(path: string): Promise<Uint8Array>;
/** The text of the OPFS file at `path`, decoded as UTF-8. */
export async function readFile(path: string, encoding: 'utf8'): Promise<string>;
export async function readFile(path: string, encoding?: 'utf8'): Promise<Uint8Array | string> {
  await settled();
  const { dir, name } = split(path);
  try {
    const file = await (await (await opfsDirectory(dir, false)).getFileHandle(name)).getFile();
    return encoding === 'utf8' ? await file.text() : new Uint8Array(await file.arrayBuffer());
  } catch (e) {
    throw explain(e, 'readFile', path);
  }
}

/** The entries of the OPFS directory at `path`, sorted by name ('' is the root). */
export async function readDir(path = ''): Promise<DirEntry[]> {
  await settled();
  const parts = opfsParts(path);
  try {
    const dir = await opfsDirectory(parts, false);
    const out: DirEntry[] = [];
    for await (const [name, handle] of entriesOf(dir)) {
      if (name !== RECORD_NAME && name !== JOURNAL_NAME) out.push({ name, type: handle.kind === 'directory' ? 'directory' : 'file' });
    }
    const record = await readRecord(dir);
    for (const name of record.links.keys()) out.push({ name, type: 'symlink' });
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (e) {
    throw explain(e, 'readDir', path);
  }
}

/** Make the OPFS directory at `path` and its parents; fine if it exists. */
export async function mkdir(path: string): Promise<void> {
  await settled();
  try {
    await opfsDirectory(opfsParts(path), true);
  } catch (e) {
    throw explain(e, 'mkdir', path);
  }
}

/** Remove the file, symlink or directory at `path` (a non-empty directory only with `recursive`). */
export async function remove(path: string, options: { recursive?: boolean } = {}): Promise<void> {
  await settled();
  const { dir, name } = split(path);
  try {
    const parent = await opfsDirectory(dir, false);
    const record = await readRecord(parent);
    if (record.links.has(name)) {
      await updateRecord(parent, dir.join('/'), (r) => {
        r.links.delete(name);
        r.times.delete(name);
      });
      return;
    }
    await parent.removeEntry(name, { recursive: !!options.recursive });
    if (record.times.has(name)) await updateRecord(parent, dir.join('/'), (r) => void r.times.delete(name));
  } catch (e) {
    throw explain(e, 'remove', path);
  }
}

/**
 * Make a symlink at `path` pointing to `target` (relative, as a guest would write it), in the
 * same hidden record the guest's symlinks use; a guest under a mount follows it.
 */
export async function symlink(target: string, path: string): Promise<void> {
  await settled();
  if (target === '' || target.includes('\0')) throw new TypeError('symlink: the target must be a non-empty path without NUL');
  const { dir, name } = split(path);
  try {
    const parent = await opfsDirectory(dir, true);
    const exists = await parent.getFileHandle(name).then(() => true, (e) => isNamed(e, 'TypeMismatchError'));
    if (exists) throw new Error(`symlink "${path}": something is already there`);
    await updateRecord(parent, dir.join('/'), (r) => {
      if (r.links.has(name)) throw new Error(`symlink "${path}": a symlink is already there`);
      addLink(r, name, target);
    });
  } catch (e) {
    throw explain(e, 'symlink', path);
  }
}
