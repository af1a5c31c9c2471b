/** wasi:filesystem/preopens */
import type { Descriptor } from './types.ts';

export function getDirectories(): [Descriptor, string][] {
  return [];
}
