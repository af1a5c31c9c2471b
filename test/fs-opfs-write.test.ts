// What a write that fails over the storage quota leaves in an OPFS file (opfs-file.ts), with a
// fake sync handle that fails as Chromium's does (the e2e test provokes the real one).
import { expect, test } from '@playwright/test';
import type { SyncAccessHandle } from '../shared/opfs/handles.ts';
import { OpfsFile } from '../worker/wasi/filesystem/opfs-file.ts';
import { codeOf } from './fs-code.ts';


/** A sync handle over memory that keeps `keep` bytes of a write and then throws as Chromium does over the quota. */
function quotaHandle(size: number, keep: number, fail: 'throw' | 'count'): SyncAccessHandle & { size: number } {
  const handle = {
    size,
    getSize: () => handle.size,
    truncate: (n: number) => void (handle.size = n),
    write(bytes: Uint8Array, { at }: { at: number }) {
      handle.size = Math.max(handle.size, at + Math.min(keep, bytes.byteLength));
      if (fail === 'throw') throw new DOMException('quota', 'QuotaExceededError');
      return 2 ** 32 - 1;
    },
    read: () => 0,
    flush() {},
    close() {},
  };
  return handle as unknown as SyncAccessHandle & { size: number };
}

test('a write that fails over the quota leaves the file as it was', () => {
  for (const fail of ['throw', 'count'] as const) {
    const handle = quotaHandle(100, 300_000, fail);
    const file = new OpfsFile(handle, () => {});
    expect(codeOf(() => file.write(new Uint8Array(1 << 20), 100))).toBe('insufficient-space');
    expect(handle.size).toBe(100);
  }
});
