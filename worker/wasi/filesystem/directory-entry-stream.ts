/** wasi:filesystem/types `directory-entry-stream`: a listing taken when the guest asked for it. */
import type { Kind } from './backend.ts';

export class DirectoryEntryStream {
  readonly #entries: [string, Kind][];
  #next = 0;

  constructor(entries: [string, Kind][]) {
    this.#entries = entries;
  }

  readDirectoryEntry(): { type: Kind; name: string } | undefined {
    const entry = this.#entries[this.#next];
    if (!entry) return undefined;
    this.#next++;
    return { type: entry[1], name: entry[0] };
  }
}
