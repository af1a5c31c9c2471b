/** wasi:filesystem/preopens: one directory per mount; no mounts, no preopens (as wasmtime without --dir). */
import { Descriptor } from './descriptor.ts';
import { getPreopens } from './mounts.ts';

export function getDirectories(): [Descriptor, string][] {
  return getPreopens().map(({ mount, guestPath }) => [
    new Descriptor(mount, [], 'directory', { read: true, mutateDirectory: !mount.readonly }),
    guestPath,
  ]);
}
