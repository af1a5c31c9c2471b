/**
 * The playground's file explorer: the OPFS folder mounted for the guest, through the page file
 * API (`readDir`, `readFile`, `writeFile`, `mkdir`, `remove`). Upload, download, view, delete.
 */
import { type DirEntry, mkdir, readDir, readFile, remove, writeFile } from '../src/index.ts';

export interface ExplorerElements {
  path: HTMLElement;
  list: HTMLElement;
  upload: HTMLInputElement;
  newFolder: HTMLButtonElement;
  refresh: HTMLButtonElement;
  viewer: HTMLElement;
  error: HTMLElement;
}

const join = (...parts: string[]) => parts.filter(Boolean).join('/');

export class FileExplorer {
  /** The folder shown, relative to the mounted one. */
  #dir = '';

  constructor(readonly root: string, private readonly ui: ExplorerElements) {
    ui.upload.addEventListener('change', () => void this.#guard(() => this.#upload()));
    ui.refresh.addEventListener('click', () => void this.refresh());
    ui.newFolder.addEventListener('click', () => void this.#guard(() => this.#newFolder()));
  }

  /** Show the current folder again (after a run changed it). */
  async refresh(): Promise<void> {
    await this.#guard(async () => {
      await mkdir(this.root);
      const entries = await readDir(join(this.root, this.#dir));
      this.#render(entries);
    });
  }

  async #guard(action: () => Promise<void>): Promise<void> {
    this.ui.error.hidden = true;
    try {
      await action();
    } catch (e) {
      this.ui.error.hidden = false;
      this.ui.error.textContent = (e as Error).message;
    }
  }

  #render(entries: DirEntry[]): void {
    this.ui.path.textContent = `/${this.#dir}`;
    const rows: HTMLElement[] = [];
    if (this.#dir) rows.push(this.#row('..', 'directory', () => this.#open(this.#dir.split('/').slice(0, -1).join('/'))));
    for (const entry of entries) {
      const path = join(this.#dir, entry.name);
      if (entry.type === 'directory') rows.push(this.#row(entry.name, 'directory', () => this.#open(path), path));
      else if (entry.type === 'file') rows.push(this.#row(entry.name, 'file', () => this.#view(path), path));
      else rows.push(this.#row(entry.name, 'symlink', undefined, path));
    }
    if (entries.length === 0 && !this.#dir) {
      const empty = document.createElement('li');
      empty.className = 'hint';
      empty.textContent = 'empty: upload a file, or run a files sample';
      rows.push(empty);
    }
    this.ui.list.replaceChildren(...rows);
  }

  #row(name: string, type: DirEntry['type'], open?: () => void, path?: string): HTMLElement {
    const li = document.createElement('li');
    li.dataset.name = name;
    li.dataset.type = type;
    const label = document.createElement('button');
    label.type = 'button';
    label.className = 'entry';
    label.textContent = type === 'directory' && name !== '..' ? `${name}/` : type === 'symlink' ? `${name}@` : name;
    if (open) label.addEventListener('click', () => void this.#guard(async () => open()));
    else label.disabled = true;
    li.append(label);
    if (path && type === 'file') li.append(this.#action('download', `Download ${name}`, () => this.#download(path, name)));
    if (path) li.append(this.#action('delete', `Delete ${name}`, () => this.#delete(path, type)));
    return li;
  }

  #action(kind: string, title: string, run: () => Promise<void>): HTMLButtonElement {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = kind;
    button.title = title;
    button.setAttribute('aria-label', title);
    button.textContent = kind === 'download' ? '⤓' : '✕';
    button.addEventListener('click', () => void this.#guard(run));
    return button;
  }

  async #open(dir: string): Promise<void> {
    this.#dir = dir;
    this.ui.viewer.hidden = true;
    await this.refresh();
  }

  async #view(path: string): Promise<void> {
    const bytes = await readFile(join(this.root, path));
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 64 * 1024));
    const binary = /[\u0000-\u0008\u000e-\u001f]/.test(text);
    this.ui.viewer.hidden = false;
    this.ui.viewer.dataset.path = path;
    this.ui.viewer.textContent = binary
      ? `${path}: ${bytes.byteLength.toLocaleString()} bytes of binary`
      : `${text}${bytes.byteLength > 64 * 1024 ? '\n…' : ''}`;
  }

  async #download(path: string, name: string): Promise<void> {
    const bytes = await readFile(join(this.root, path));
    const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>]));
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  async #delete(path: string, type: DirEntry['type']): Promise<void> {
    await remove(join(this.root, path), { recursive: type === 'directory' });
    if (this.ui.viewer.dataset.path === path) this.ui.viewer.hidden = true;
    await this.refresh();
  }

  async #upload(): Promise<void> {
    for (const file of this.ui.upload.files ?? []) await writeFile(join(this.root, this.#dir, file.name), file);
    this.ui.upload.value = '';
    await this.refresh();
  }

  async #newFolder(): Promise<void> {
    const name = prompt('New folder name')?.trim();
    if (!name) return;
    await mkdir(join(this.root, this.#dir, name));
    await this.refresh();
  }
}
