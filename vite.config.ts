import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { playgroundAtRoot } from './demo/serve.ts';

/**
 * COOP/COEP on every response, so the page is cross-origin isolated and the Atomics tier
 * works. A request with `no-isolation` in its query string is served without them.
 */
function crossOriginIsolation(): Plugin {
  const headers = (url: string | undefined, res: { setHeader(k: string, v: string): void }) => {
    if (url?.includes('no-isolation')) return;
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  };
  return {
    name: 'cross-origin-isolation',
    configureServer(server) {
      server.middlewares.use((req, res, next) => (headers(req.url, res), next()));
    },
    configurePreviewServer(server) {
      server.middlewares.use((req, res, next) => (headers(req.url, res), next()));
    },
  };
}

/**
 * `vite` (npm run demo): the playground and the test pages; `vite build --mode e2e`: the test
 * pages, built. The library is not built here: `npm run build` (lib/build.mjs) builds it.
 */
export default defineConfig(({ command, mode }) => {
  if (command === 'build' && mode !== 'e2e') {
    throw new Error('`vite build` builds the test pages (--mode e2e) only: the library is built by `npm run build` (node lib/build.mjs)');
  }
  return {
    plugins: [crossOriginIsolation(), playgroundAtRoot()],
    worker: { format: 'es' },
    optimizeDeps: { exclude: ['@bytecodealliance/jco-transpile'] },
    build:
      mode === 'e2e'
        ? {
            outDir: process.env.E2E_OUT ?? 'dist-e2e',
            emptyOutDir: true,
            target: 'es2022',
            rollupOptions: {
              input: {
                harness: resolve(import.meta.dirname, 'e2e/harness.html'),
                demo: resolve(import.meta.dirname, 'demo/index.html'),
                bench: resolve(import.meta.dirname, 'bench/pages/bench.html'),
                'sw-page': resolve(import.meta.dirname, 'e2e/sw-page.html'),
              },
            },
          }
        : { target: 'es2022' },
  };
});
