// A plain Vite config (no imports, so it also builds from the repository's own node_modules).
// COOP/COEP make the page cross-origin isolated, which only the Atomics tier needs: browsers with
// JSPI run components without them.
const headers = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default {
  // This example takes wasi-browser and its components from the repository around it (`file:../..`
  // and e2e/guests/): let the dev server read them. An app of your own needs no such line.
  server: { headers, fs: { allow: ['../..'] } },
  preview: { headers },
  // wasi-browser's worker imports the transpiler lazily: keep the worker an ES module so it can.
  worker: { format: 'es' },
  // Pre-bundling would move wasi-browser away from its worker.js and transpiler files.
  optimizeDeps: { exclude: ['wasi-browser'] },
};
