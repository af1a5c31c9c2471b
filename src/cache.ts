import { clear } from 'idb-keyval';
import { transpileStore } from '../shared/cache.ts';

/** Forget every transpiled component: the next run of each transpiles again. */
export async function clearCache(): Promise<void> {
  await clear(transpileStore());
}
