// --dir HOST::GUEST: copy host folders into fresh OPFS folders before the run, and write back
// what the guest changed after it (new and changed files, removed files and folders).
//
// Write-back never tears a host file: each file is written to a temporary beside it and renamed
// over it, so a CLI killed half way leaves every file old or new. A host file that changed since
// the copy-in (another run, an editor) is left as the host has it and reported as a conflict.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, unlinkSync } from 'node:fs';
import { lstat, mkdir, open, readFile, readdir, readlink, rename, rmdir, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { CliError } from './errors.mjs';
import { OWNER, isStale } from './leftovers.mjs';

/** Bytes per page.evaluate call, as base64 (CDP messages stay small). */
const BATCH = 4 << 20;

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/**
 * A write-back temporary: `.wasi-browser-writeback.<owner>.<random>` beside the file it
 * replaces. Never copied in; removed by a later run once its owner is not running.
 */
const TEMPORARY = /^\.wasi-browser-writeback\.(.+)\.[0-9a-f]{8}$/;

/** The temporaries this process is writing, removed if it is made to exit half way. */
const inFlight = new Set();

/** Remove the write-back temporaries still being written (for an exit in the middle of one). */
export function removeTemporaries() {
  for (const path of inFlight) {
    try {
      unlinkSync(path);
    } catch {}
  }
  inFlight.clear();
}

/** Check each --dir: the host folder exists; guest paths are absolute and distinct. */
export async function checkDirs(dirs) {
  const guests = new Set();
  const checked = [];
  for (const { host, guest } of dirs) {
    const info = await stat(host).catch(() => undefined);
    if (!info) throw new CliError(`--dir ${host}::${guest}: ${host} does not exist`);
    if (!info.isDirectory()) throw new CliError(`--dir ${host}::${guest}: ${host} is not a folder`);
    const guestPath = guest.startsWith('/') ? guest.replace(/(.)\/+$/, '$1') : `/${guest}`;
    if (guests.has(guestPath)) throw new CliError(`--dir: ${guestPath} is given twice as a guest path`);
    guests.add(guestPath);
    checked.push({ host: resolve(host), guest: guestPath });
  }
  return checked;
}

/** A host file's SHA-256 (hex), read as a stream (the file may be large). */
async function hashFile(path) {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk);
  return hash.digest('hex');
}

/**
 * The host folder's tree: relative path ('a/b.txt') -> { type, hash, size, target }. Files are
 * read (their bytes handed to `onFile`); other kinds (sockets, devices) are left out with a
 * warning; write-back temporaries are left out, and removed once their CLI is not running.
 */
async function walk(root, onFile, warn) {
  const tree = new Map();
  const visit = async (rel) => {
    for (const entry of await readdir(join(root, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      const full = join(root, path);
      const temporary = TEMPORARY.exec(entry.name);
      if (temporary) {
        if (isStale(temporary[1])) {
          await unlink(full).then(
            () => warn(`removed ${full}, left by a write-back that was interrupted`),
            () => {},
          );
        }
      } else if (entry.isDirectory()) {
        tree.set(path, { type: 'directory' });
        await visit(path);
      } else if (entry.isFile()) {
        const bytes = await readFile(full);
        tree.set(path, { type: 'file', hash: sha256(bytes), size: bytes.length });
        await onFile(path, bytes);
      } else if (entry.isSymbolicLink()) {
        tree.set(path, { type: 'symlink', target: await readlink(full) });
      } else {
        warn(`${full} is neither a file, a folder nor a symlink: not copied`);
      }
    }
  };
  await visit('');
  return tree;
}

/**
 * Whether the host's `full` is still what the copy-in saw (`was`, undefined: nothing there).
 * Files are compared by content, as a change within the clock's tick keeps size and mtime.
 */
async function isUnchanged(full, was) {
  const info = await lstat(full).catch((e) => {
    if (e.code === 'ENOENT') return undefined;
    throw e;
  });
  if (!info || !was) return !info && !was;
  if (was.type === 'directory') return info.isDirectory();
  if (was.type === 'symlink') return info.isSymbolicLink() && (await readlink(full)) === was.target;
  return info.isFile() && info.size === was.size && (await hashFile(full)) === was.hash;
}

/** Page side: apply a batch of copy-in operations with the public file API. */
async function applyInPage(ops) {
  const wasi = window.wasi;
  const fromBase64 = window.wasiBase64.decode;
  const parts = (window.__wasiParts ??= new Map());
  for (const op of ops) {
    if (op.kind === 'mkdir') await wasi.mkdir(op.path);
    else if (op.kind === 'symlink') await wasi.symlink(op.target, op.path);
    else if (op.kind === 'part') parts.set(op.path, [...(parts.get(op.path) ?? []), fromBase64(op.data)]);
    else if (op.kind === 'write') {
      const chunks = [...(parts.get(op.path) ?? []), fromBase64(op.data)];
      parts.delete(op.path);
      await wasi.writeFile(op.path, chunks.length === 1 ? chunks[0] : new Blob(chunks));
    }
  }
}

/** Page side: the OPFS tree under `base` with each file's SHA-256 (hex). */
async function listInPage(base) {
  const wasi = window.wasi;
  const tree = [];
  const visit = async (rel) => {
    for (const { name, type } of await wasi.readDir(rel ? `${base}/${rel}` : base)) {
      const path = rel ? `${rel}/${name}` : name;
      if (type === 'file') {
        const bytes = await wasi.readFile(`${base}/${path}`);
        const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
        tree.push({ path, type, hash: [...digest].map((b) => b.toString(16).padStart(2, '0')).join('') });
      } else {
        tree.push({ path, type });
        if (type === 'directory') await visit(path);
      }
    }
  };
  await visit('');
  return tree;
}

/** Page side: `length` bytes of an OPFS file from `offset`, as base64 (the file is kept for the next call). */
async function readInPage({ path, offset, length }) {
  if (window.__wasiReading?.path !== path) window.__wasiReading = { path, bytes: await window.wasi.readFile(path) };
  const bytes = window.__wasiReading.bytes.subarray(offset, offset + length);
  const done = offset + length >= window.__wasiReading.bytes.length;
  if (done) window.__wasiReading = undefined;
  return { data: window.wasiBase64.encode(bytes), done };
}

/**
 * Copy each host folder into a fresh OPFS folder of `page`'s origin. Resolves with the mounts
 * for run() and what write-back needs; rejects between batches once `signal` is aborted.
 */
export async function copyIn(page, dirs, warn, signal) {
  const id = randomBytes(6).toString('hex');
  const copies = [];
  for (const [i, { host, guest }] of dirs.entries()) {
    const base = `wasi-browser-cli/${id}/${i}`;
    let ops = [];
    let size = 0;
    const flush = async () => {
      signal?.throwIfAborted();
      if (ops.length > 0) await page.evaluate(applyInPage, ops);
      ops = [];
      size = 0;
    };
    const push = async (op, bytes = 0) => {
      ops.push(op);
      size += bytes + 100;
      if (size >= BATCH) await flush();
    };
    await push({ kind: 'mkdir', path: base });
    const tree = await walk(
      host,
      async (path, bytes) => {
        // Big files go in pieces, put together in the page.
        for (let at = 0; at + BATCH < bytes.length; at += BATCH) {
          await push({ kind: 'part', path: `${base}/${path}`, data: bytes.subarray(at, at + BATCH).toString('base64') }, BATCH);
        }
        const last = bytes.length - (Math.ceil(bytes.length / BATCH) - 1) * BATCH;
        const tail = bytes.length === 0 ? bytes : bytes.subarray(bytes.length - last);
        await push({ kind: 'write', path: `${base}/${path}`, data: tail.toString('base64') }, tail.length);
      },
      warn,
    );
    // Folders (only empty ones need it: writeFile makes parents) and symlinks after the files.
    const folders = [...tree].filter(([, e]) => e.type === 'directory').map(([p]) => ({ kind: 'mkdir', path: `${base}/${p}` }));
    const links = [...tree].filter(([, e]) => e.type === 'symlink').map(([p, e]) => ({ kind: 'symlink', target: e.target, path: `${base}/${p}` }));
    ops.push(...folders, ...links);
    await flush();
    copies.push({ host, guest, base, tree });
  }
  return { mounts: Object.fromEntries(copies.map((c) => [c.guest, { kind: 'opfs', path: c.base }])), copies, root: `wasi-browser-cli/${id}` };
}

/**
 * Replace the host's `full` with the bytes `read` yields, through a temporary beside it renamed
 * over it; keeps the mode of the file it replaces. Just before the rename the host file is
 * checked against the copy-in (`was`): if it changed, the temporary goes and false is returned.
 * `pause` (a test hook) is awaited between writing the temporary and the rename.
 */
async function replaceFile(full, was, read, pause) {
  const temporary = join(dirname(full), `.wasi-browser-writeback.${OWNER}.${randomBytes(4).toString('hex')}`);
  const old = await lstat(full).catch(() => undefined);
  inFlight.add(temporary);
  try {
    const file = await open(temporary, 'wx', 0o666);
    try {
      if (old?.isFile()) await file.chmod(old.mode & 0o7777);
      for await (const chunk of read()) await file.write(chunk);
      await file.datasync();
    } finally {
      await file.close();
    }
    await pause?.(temporary, full);
    if (!(await isUnchanged(full, was))) {
      await unlink(temporary);
      return false;
    }
    await rename(temporary, full);
    return true;
  } catch (e) {
    await unlink(temporary).catch(() => {});
    throw e;
  } finally {
    inFlight.delete(temporary);
  }
}

/** The bytes of OPFS file `path`, in pieces of BATCH. */
async function* readFromPage(page, path) {
  for (let offset = 0; ; offset += BATCH) {
    const { data, done } = await page.evaluate(readInPage, { path, offset, length: BATCH });
    yield Buffer.from(data, 'base64');
    if (done) return;
  }
}

/**
 * After the run: make each host folder match its OPFS copy where the guest changed it. What
 * changed on the host since the copy-in is left as it is there: a conflict, reported through
 * `warn`. Resolves with the number of conflicts and of other problems (also reported).
 * `options.pause(temporary, full)` (a test hook) runs before each rename.
 */
export async function writeBack(page, copied, warn, options = {}) {
  let problems = 0;
  let conflicts = 0;
  // Conflicting paths (relative to their host folder): a folder holding one is not removed.
  const kept = new Set();
  const attempt = async (what, fn) => {
    try {
      await fn();
    } catch (e) {
      problems++;
      warn(`could not write back ${what}: ${e.message}`);
    }
  };
  const conflict = (path, full, why) => {
    conflicts++;
    kept.add(path);
    warn(`${full}: ${why}; left as the host has it, the guest's change is not written back`);
  };
  for (const { host, base, tree: before } of copied.copies) {
    kept.clear();
    const after = new Map((await page.evaluate(listInPage, base)).map((e) => [e.path, e]));
    // Removed (or replaced by another kind): deepest first, so a folder is empty when its turn comes.
    const depth = (path) => path.split('/').length;
    const gone = [...before].filter(([path, e]) => after.get(path)?.type !== e.type).sort(([a], [b]) => depth(b) - depth(a));
    for (const [path, was] of gone) {
      const full = join(host, path);
      await attempt(full, async () => {
        if (was.type === 'directory') {
          try {
            await rmdir(full);
          } catch (e) {
            if (e.code === 'ENOENT') return;
            if (e.code === 'ENOTDIR') return conflict(path, full, 'the guest removed this folder, but the host put something else there during the run');
            if (e.code !== 'ENOTEMPTY' && e.code !== 'EEXIST') throw e;
            if ([...kept].some((k) => k.startsWith(`${path}/`))) kept.add(path);
            else conflict(path, full, 'the guest removed this folder, but it holds entries the run did not see (made on the host during the run, or not copied in)');
          }
        } else if (!(await isUnchanged(full, was))) {
          if (await lstat(full).then(() => true, () => false)) conflict(path, full, 'the guest removed it, but it changed on the host during the run');
        } else {
          await unlink(full);
        }
      });
    }
    for (const [path, entry] of [...after].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const was = before.get(path);
      const full = join(host, path);
      if (entry.type === 'directory' && was?.type !== 'directory') {
        await attempt(full, () => mkdir(full, { recursive: true }));
      } else if (entry.type === 'file' && (was?.type !== 'file' || was.hash !== entry.hash)) {
        if (TEMPORARY.test(path.slice(path.lastIndexOf('/') + 1))) {
          problems++;
          warn(`${full}: not written back, as its name is the one wasi-browser gives its write-back temporaries`);
          continue;
        }
        if ([...kept].some((k) => path === k || path.startsWith(`${k}/`))) continue;
        // What the host had there at the copy-in, unless the removals above took it away.
        const expected = was?.type === 'file' ? was : undefined;
        await attempt(full, async () => {
          if (await replaceFile(full, expected, () => readFromPage(page, `${base}/${path}`), options.pause)) return;
          conflict(path, full, expected ? 'it changed on the host during the run' : 'the guest made this file, but the host made one there during the run');
        });
      } else if (entry.type === 'symlink' && was?.type !== 'symlink') {
        problems++;
        warn(`${full}: the guest made a symlink there, which is not written back`);
      }
    }
  }
  await page.evaluate((root) => window.wasi.remove(root, { recursive: true }).catch(() => {}), copied.root);
  return { problems, conflicts };
}
