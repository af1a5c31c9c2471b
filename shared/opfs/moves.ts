/**
 * Directory renames that a closed tab or an aborted run cannot leave half done. Chromium's
 * directory handles cannot move, so a directory is renamed entry by entry (`moveDirectory`).
 * Before that starts, the move is added to a journal at the OPFS root, and its mover holds a Web
 * Lock named after it for as long as it works. A move in the journal whose lock is free was cut
 * short (the browser releases a dead context's locks): the next mount of any OPFS folder of the
 * origin, or the page's next file call (src/files/index.ts), finishes it, moving what is left at
 * the old path to the new one. So the guest finds the rename either done or never started, as
 * `rename(2)` has it.
 */
import { isNamed } from './errors.ts';
import { entriesOf, moveEntry, opfsDirectory } from './handles.ts';
import { JOURNAL_NAME } from './record.ts';

/** A directory being renamed: OPFS paths from the origin's root, as parts. */
export interface Move {
  id: string;
  from: string[];
  to: string[];
}

const JOURNAL_LOCK = 'wasi-browser:moves';
const moveLock = (id: string) => `wasi-browser:move:${id}`;

async function readJournal(root: FileSystemDirectoryHandle): Promise<Move[]> {
  try {
    const text = await (await (await root.getFileHandle(JOURNAL_NAME)).getFile()).text();
    const moves = JSON.parse(text) as unknown;
    return Array.isArray(moves) ? (moves as Move[]) : [];
  } catch (e) {
    if (isNamed(e, 'NotFoundError') || e instanceof SyntaxError) return [];
    throw e;
  }
}

/** Change the journal under its lock; it is replaced whole (createWritable), or removed when empty. */
async function updateJournal(change: (moves: Move[]) => Move[]): Promise<void> {
  await navigator.locks.request(JOURNAL_LOCK, async () => {
    const root = await navigator.storage.getDirectory();
    const moves = change(await readJournal(root));
    if (moves.length === 0) {
      await root.removeEntry(JOURNAL_NAME).catch((e) => {
        if (!isNamed(e, 'NotFoundError')) throw e;
      });
      return;
    }
    const writable = await (await root.getFileHandle(JOURNAL_NAME, { create: true })).createWritable();
    await writable.write(JSON.stringify(moves));
    await writable.close();
  });
}

/**
 * Rename directory `source` (named `fromName` in `from`) to `toName` in `to`, entry by entry:
 * make the new directory, move every entry into it, remove the old one. Moving what is left
 * again finishes an interrupted move.
 */
export async function moveDirectory(
  source: FileSystemDirectoryHandle,
  from: FileSystemDirectoryHandle,
  fromName: string,
  to: FileSystemDirectoryHandle,
  toName: string,
): Promise<void> {
  const target = await to.getDirectoryHandle(toName, { create: true });
  const entries: [string, FileSystemHandle][] = [];
  for await (const entry of entriesOf(source)) entries.push(entry);
  for (const [name, handle] of entries) {
    if (handle.kind === 'directory') await moveDirectory(handle as FileSystemDirectoryHandle, source, name, target, name);
    else await moveEntry(handle, target, name);
  }
  await from.removeEntry(fromName, { recursive: true });
}

/**
 * Run `move` (a directory's rename from OPFS path `from` to `to`) journaled: if this context
 * dies before it ends, the next mount finishes it. A move that fails (and says so to the guest)
 * leaves no journal entry.
 */
export async function journaled(from: string[], to: string[], move: () => Promise<void>): Promise<void> {
  const id = crypto.randomUUID();
  await navigator.locks.request(moveLock(id), async () => {
    await updateJournal((moves) => [...moves, { id, from, to }]);
    try {
      await move();
    } finally {
      // Left behind, the entry is harmless: a later mount finds its source gone and drops it.
      await updateJournal((moves) => moves.filter((m) => m.id !== id)).catch(() => {});
    }
  });
}

/**
 * Finish `move` if its source is still there. True: done, or nothing left to do (the source or
 * either parent is gone: the page removed them since); false: try again at a later mount (a file
 * held elsewhere).
 */
async function finish(move: Move): Promise<boolean> {
  const fromName = move.from.at(-1);
  const toName = move.to.at(-1);
  if (!fromName || !toName) return true;
  let fromParent: FileSystemDirectoryHandle;
  let toParent: FileSystemDirectoryHandle;
  let source: FileSystemDirectoryHandle;
  try {
    fromParent = await opfsDirectory(move.from.slice(0, -1), false);
    source = await fromParent.getDirectoryHandle(fromName);
    toParent = await opfsDirectory(move.to.slice(0, -1), false);
  } catch (e) {
    return isNamed(e, 'NotFoundError') || isNamed(e, 'TypeMismatchError');
  }
  try {
    await moveDirectory(source, fromParent, fromName, toParent, toName);
    return true;
  } catch {
    return false;
  }
}

/** Finish the moves whose movers died; called as a mount opens and by the page's file calls (one lookup when there are none). */
export async function finishMoves(): Promise<void> {
  const root = await navigator.storage.getDirectory();
  for (const move of await readJournal(root)) {
    // A free lock: its mover is gone. A held one: it is still at work (another tab, another run).
    await navigator.locks.request(moveLock(move.id), { ifAvailable: true }, async (lock) => {
      if (!lock) return;
      // Still in the journal? Another mount may have finished it since the read above, and
      // the path may hold a new directory by now.
      const pending = await navigator.locks.request(JOURNAL_LOCK, async () =>
        (await readJournal(root)).some((m) => m.id === move.id),
      );
      // Dropped while its lock is held, so no other mount finishes it a second time.
      if (pending && (await finish(move))) await updateJournal((moves) => moves.filter((m) => m.id !== move.id));
    });
  }
}
