/**
 * The parts of OPFS that TypeScript's DOM library lacks, and path helpers shared by the page
 * API (index.ts) and the worker's OPFS backend.
 */

/** A `FileSystemSyncAccessHandle` (dedicated workers only). Views may be on shared memory. */
export interface SyncAccessHandle {
  read(into: ArrayBufferView, options?: { at?: number }): number;
  write(from: ArrayBufferView, options?: { at?: number }): number;
  getSize(): number;
  truncate(size: number): void;
  flush(): void;
  close(): void;
}

export type SyncAccessMode = 'readwrite' | 'read-only' | 'readwrite-unsafe';

/** Open a sync access handle on `file`. */
export function createSyncAccessHandle(file: FileSystemFileHandle, mode: SyncAccessMode): Promise<SyncAccessHandle> {
  return (file as unknown as { createSyncAccessHandle(o: { mode: SyncAccessMode }): Promise<SyncAccessHandle> })
    .createSyncAccessHandle({ mode });
}

/** The entries of a directory handle, by name. */
export function entriesOf(dir: FileSystemDirectoryHandle): AsyncIterable<[string, FileSystemHandle]> {
  return (dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries();
}

/** Move (and rename) an entry: `FileSystemHandle.move()`. */
export function moveEntry(handle: FileSystemHandle, to: FileSystemDirectoryHandle, name: string): Promise<void> {
  return (handle as unknown as { move(d: FileSystemDirectoryHandle, n: string): Promise<void> }).move(to, name);
}

/** `'a//b/'` -> `['a', 'b']`; refuses `.`, `..` and empty paths where a name is needed. */
export function opfsParts(path: string, what = 'path'): string[] {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw new TypeError(`${what} "${path}" may not contain ".."`);
  return parts;
}

/** The directory at `parts` under the OPFS root, made if `create`. */
export async function opfsDirectory(parts: string[], create: boolean): Promise<FileSystemDirectoryHandle> {
  let dir = await navigator.storage.getDirectory();
  for (const part of parts) dir = await dir.getDirectoryHandle(part, { create });
  return dir;
}
