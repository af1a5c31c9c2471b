/**
 * A mount kept in the worker's memory: `{ kind: 'memory', files }`. Gone when the run ends.
 */
import type { Backend, Entry, FileData, Kind, Nanos, Path, Stat, TimeChange } from './backend.ts';
import { fsFail } from './errors.ts';

interface FileNode { type: 'regular-file'; bytes: Uint8Array; size: number; atime: Nanos; mtime: Nanos; open: number }
interface DirNode { type: 'directory'; entries: Map<string, Node>; atime: Nanos; mtime: Nanos }
interface LinkNode { type: 'symbolic-link'; target: string; atime: Nanos; mtime: Nanos }
type Node = FileNode | DirNode | LinkNode;

function now(): Nanos {
  return BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e3)) * 1000n;
}

function dirNode(): DirNode {
  const t = now();
  return { type: 'directory', entries: new Map(), atime: t, mtime: t };
}

function fileNode(bytes = new Uint8Array(0)): FileNode {
  const t = now();
  return { type: 'regular-file', bytes, size: bytes.byteLength, atime: t, mtime: t, open: 0 };
}

class MemoryFile implements FileData {
  constructor(private readonly node: FileNode) {}
  read(into: Uint8Array, offset: number): number {
    const n = Math.max(0, Math.min(into.byteLength, this.node.size - offset));
    into.set(this.node.bytes.subarray(offset, offset + n));
    return n;
  }
  readAlloc(max: number, offset: number, alloc: (n: number) => Uint8Array): Uint8Array {
    const into = alloc(Math.max(0, Math.min(max, this.node.size - offset)));
    into.set(this.node.bytes.subarray(offset, offset + into.byteLength));
    return into;
  }
  write(bytes: Uint8Array, offset: number): number {
    // Writing nothing past the end makes no hole (as on Linux).
    if (bytes.byteLength === 0) return 0;
    const end = offset + bytes.byteLength;
    this.#reserve(end);
    this.node.bytes.set(bytes, offset);
    this.node.size = Math.max(this.node.size, end);
    this.node.mtime = now();
    return bytes.byteLength;
  }
  size(): number {
    return this.node.size;
  }
  truncate(size: number): void {
    this.#reserve(size);
    if (size < this.node.size) this.node.bytes.fill(0, size, this.node.size);
    this.node.size = size;
    this.node.mtime = now();
  }
  flush(): void {}
  release(): void {
    this.node.open--;
  }
  #reserve(end: number): void {
    if (end <= this.node.bytes.byteLength) return;
    let capacity = Math.max(this.node.bytes.byteLength * 2, 4096);
    while (capacity < end) capacity *= 2;
    let grown: Uint8Array;
    try {
      grown = new Uint8Array(capacity);
    } catch {
      fsFail('insufficient-space', 'out of memory for a memory mount');
    }
    grown.set(this.node.bytes.subarray(0, this.node.size));
    this.node.bytes = grown;
  }
}

export class MemoryBackend implements Backend {
  readonly #root = dirNode();

  /** Fill the mount from `files`: path -> contents, directories made as needed. */
  constructor(files: Record<string, string | Uint8Array> = {}) {
    const encoder = new TextEncoder();
    for (const [path, contents] of Object.entries(files)) {
      const parts = path.split('/').filter((p) => p !== '' && p !== '.');
      if (parts.length === 0 || parts.includes('..')) throw new TypeError(`memory mount: bad file path "${path}"`);
      let dir = this.#root;
      for (const part of parts.slice(0, -1)) {
        let next = dir.entries.get(part);
        if (!next) dir.entries.set(part, (next = dirNode()));
        if (next.type !== 'directory') throw new TypeError(`memory mount: "${part}" in "${path}" is a file`);
        dir = next;
      }
      const bytes = typeof contents === 'string' ? encoder.encode(contents) : contents.slice();
      dir.entries.set(parts[parts.length - 1], fileNode(bytes));
    }
  }

  #dir(path: Path): DirNode {
    let node: Node = this.#root;
    for (const name of path) {
      const next: Node | undefined = node.type === 'directory' ? node.entries.get(name) : undefined;
      if (!next) fsFail('no-entry');
      if (next.type !== 'directory') fsFail('not-directory');
      node = next;
    }
    return node as DirNode;
  }

  #node(dir: Path, name: string | undefined): Node {
    const parent = this.#dir(dir);
    if (name === undefined) return parent;
    return parent.entries.get(name) ?? fsFail('no-entry');
  }

  lookup(dir: Path, name: string): Entry | undefined {
    const node = this.#dir(dir).entries.get(name);
    if (!node) return undefined;
    return node.type === 'symbolic-link' ? { type: node.type, target: node.target } : { type: node.type };
  }

  stat(dir: Path, name?: string): Stat {
    const node = this.#node(dir, name);
    const size = node.type === 'regular-file' ? node.size : node.type === 'symbolic-link' ? new TextEncoder().encode(node.target).byteLength : 4096;
    return { type: node.type, size, atime: node.atime, mtime: node.mtime };
  }

  list(dir: Path): [string, Kind][] {
    return [...this.#dir(dir).entries].map(([name, node]) => [name, node.type]);
  }

  mkdir(dir: Path, name: string): void {
    const parent = this.#dir(dir);
    if (parent.entries.has(name)) fsFail('exist');
    parent.entries.set(name, dirNode());
    parent.mtime = now();
  }

  createFile(dir: Path, name: string): void {
    const parent = this.#dir(dir);
    if (parent.entries.has(name)) return;
    parent.entries.set(name, fileNode());
    parent.mtime = now();
  }

  remove(dir: Path, name: string): void {
    const parent = this.#dir(dir);
    if (!parent.entries.delete(name)) fsFail('no-entry');
    parent.mtime = now();
  }

  rename(fromDir: Path, fromName: string, toDir: Path, toName: string): void {
    const from = this.#dir(fromDir);
    const to = this.#dir(toDir);
    const node = from.entries.get(fromName) ?? fsFail('no-entry');
    from.entries.delete(fromName);
    to.entries.set(toName, node);
    from.mtime = to.mtime = now();
  }

  symlink(dir: Path, name: string, target: string): void {
    const parent = this.#dir(dir);
    if (parent.entries.has(name)) fsFail('exist');
    const t = now();
    parent.entries.set(name, { type: 'symbolic-link', target, atime: t, mtime: t });
  }

  setTimes(dir: Path, name: string | undefined, atime: TimeChange, mtime: TimeChange): void {
    const node = this.#node(dir, name);
    const t = now();
    if (atime !== undefined) node.atime = atime === 'now' ? t : atime;
    if (mtime !== undefined) node.mtime = mtime === 'now' ? t : mtime;
  }

  open(path: Path): FileData {
    const node = this.#node(path.slice(0, -1), path[path.length - 1]);
    if (node.type !== 'regular-file') fsFail('is-directory');
    node.open++;
    return new MemoryFile(node);
  }
}
