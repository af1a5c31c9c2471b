import { clear, createStore } from 'idb-keyval';

/** The IndexedDB store of transpiled components, shared by the page and the workers. */
export const transpileStore = (): ReturnType<typeof createStore> => createStore('wasi-browser', 'transpiled');

/** Forget every transpiled component: the next run of each transpiles again. */
export async function clearCache(): Promise<void> {
  await clear(transpileStore());
}
