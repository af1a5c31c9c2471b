import { createStore } from 'idb-keyval';

let store: ReturnType<typeof createStore> | undefined;

/**
 * The IndexedDB store of transpiled components, shared by the page (clearCache) and the workers
 * (the transpile cache); opened once per context.
 */
export function transpileStore(): ReturnType<typeof createStore> {
  store ??= createStore('wasi-browser', 'transpiled');
  return store;
}
