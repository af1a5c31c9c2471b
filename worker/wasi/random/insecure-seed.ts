/** wasi:random/insecure-seed: one seed per instance, as the WIT suggests. */
import { getRandomU64 } from './random.ts';

let seed: [bigint, bigint] | undefined;

export function insecureSeed(): [bigint, bigint] {
  seed ??= [getRandomU64(), getRandomU64()];
  return seed;
}
