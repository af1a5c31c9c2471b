// --dir HOST::GUEST: copy host folders into fresh OPFS folders before the run, and write back
// what the guest changed after it (new and changed files, removed files and folders).
import { createHash, randomBytes } from 'node:crypto';
import { lstat, mkdir, readFile, readdir, readlink, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CliError } from './errors.mjs';

/** Bytes per page.evaluate call, as base64 (CDP messages stay small). */
const BATCH = 4 << 20;

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

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

/**
 * The host folder's tree: relative path ('a/b.txt') -> { type, hash, target }. Files are read
 * (their bytes handed to `onFile`); other kinds (sockets, devices) are left out with a warning.
 */
async function walk(root, onFile, warn) {
  const tree = new Map();
  const visit = async (rel) => {
    for (const entry of await readdir(join(root, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      const full = join(root, path);
      if (entry.isDirectory()) {
        tree.set(path, { type: 'directory' });
        await visit(path);
      } else if (entry.isFile()) {
        const bytes = await readFile(full);
        tree.set(path, { type: 'file', hash: sha256(bytes) });
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
 * After the run: make each host folder match its OPFS copy where the guest changed it.
 * Returns the number of problems (each reported through `warn`).
 */
export async function writeBack(page, copied, warn) {
  let problems = 0;
  const attempt = async (what, fn) => {
    try {
      await fn();
    } catch (e) {
      problems++;
      warn(`could not write back ${what}: ${e.message}`);
    }
  };
  for (const { host, base, tree: before } of copied.copies) {
    const after = new Map((await page.evaluate(listInPage, base)).map((e) => [e.path, e]));
    const gone = [...before].filter(([path, e]) => after.get(path)?.type !== e.type);
    // Removed (or replaced by another kind): shortest paths first, so a folder goes with its contents.
    const removed = new Set();
    for (const [path] of gone.sort(([a], [b]) => a.length - b.length)) {
      if ([...removed].some((r) => path.startsWith(`${r}/`))) continue;
      removed.add(path);
      await attempt(join(host, path), () => rm(join(host, path), { recursive: true, force: true }));
    }
    for (const [path, entry] of [...after].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const was = before.get(path);
      const full = join(host, path);
      if (entry.type === 'directory' && was?.type !== 'directory') {
        await attempt(full, () => mkdir(full, { recursive: true }));
      } else if (entry.type === 'file' && (was?.type !== 'file' || was.hash !== entry.hash)) {
        await attempt(full, async () => {
          const chunks = [];
          for (let offset = 0; ; offset += BATCH) {
            const { data, done } = await page.evaluate(readInPage, { path: `${base}/${path}`, offset, length: BATCH });
            chunks.push(Buffer.from(data, 'base64'));
            if (done) break;
          }
          // A symlink on the host at this path was replaced by a file in the guest: write a file, not through the link.
          if ((await lstat(full).catch(() => undefined))?.isSymbolicLink()) await rm(full);
          await writeFile(full, Buffer.concat(chunks));
        });
      } else if (entry.type === 'symlink' && was?.type !== 'symlink') {
        problems++;
        warn(`${full}: the guest made a symlink there, which is not written back`);
      }
    }
  }
  await page.evaluate((root) => window.wasi.remove(root, { recursive: true }).catch(() => {}), copied.root);
  return problems;
}
