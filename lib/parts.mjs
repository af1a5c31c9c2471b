// The library's builds other than the workers (lib/workers.mjs): the ESM entry, the transpiler,
// the IIFE, the COI service worker, and the declarations.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TRANSPILER, common, marker, root } from './common.mjs';

const workerUrlModule = resolve(root, 'src/worker-url.ts');
const WORKER_SOURCE_ID = 'virtual:wasi-browser/worker-source';

/**
 * src/worker-url.ts in the ESM build: the worker is `./worker.js` beside `index.js`.
 * @returns {import('vite').Plugin}
 */
function esmWorkerUrl() {
  const source = "new URL('../worker/main.ts', import.meta.url)";
  const wanted = 'new Worker(new URL("./worker.js", import.meta.url), {';
  return {
    name: 'wasi-browser:esm-worker-url',
    enforce: 'pre',
    transform(code, id) {
      if (id !== workerUrlModule) return;
      if (!code.includes(source)) this.error(`${id} no longer contains ${source}`);
      return code.replace(source, marker('worker'));
    },
    renderChunk(code) {
      if (code.includes(marker('worker'))) return code.replace(marker('worker'), 'new URL("./worker.js", import.meta.url)');
    },
    generateBundle(_, bundle) {
      const index = bundle['index.js'];
      if (index?.type !== 'chunk' || !index.code.includes(wanted)) this.error(`index.js does not start its worker as \`${wanted}...\``);
    },
  };
}

/**
 * index.js and service-worker.js (ESM); empties `outDir` first.
 * @param {string} outDir
 */
export function esmConfig(outDir) {
  return common(outDir, {
    plugins: [esmWorkerUrl()],
    build: {
      emptyOutDir: true,
      minify: false,
      rolldownOptions: {
        input: { index: resolve(root, 'src/index.ts'), 'service-worker': resolve(root, 'src/service-worker.ts') },
        preserveEntrySignatures: 'strict',
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  });
}

/**
 * jco's transpiler, transpiler.js, with its wasm beside it (fetched when it starts).
 * @param {string} outDir
 */
export function transpilerConfig(outDir) {
  return common(outDir, {
    // jco's module starts with a "use components" directive that means nothing to bundlers but a warning.
    plugins: [{ name: 'wasi-browser:no-directive', renderChunk: (code) => code.replace(/^(['"])use components\1;?\s*/, '') }],
    build: {
      minify: true,
      rolldownOptions: {
        input: { transpiler: TRANSPILER },
        preserveEntrySignatures: 'strict',
        output: { format: 'es', entryFileNames: '[name].js', codeSplitting: false, assetFileNames: '[name][extname]' },
      },
    },
  });
}

/**
 * The IIFE's worker-url module (lib/worker-url.iife.ts) and the worker's source it inlines.
 * @param {string} workerSource
 * @returns {import('vite').Plugin}
 */
function iifeWorker(workerSource) {
  return {
    name: 'wasi-browser:iife-worker',
    enforce: 'pre',
    resolveId(id) {
      if (id === WORKER_SOURCE_ID) return `\0${WORKER_SOURCE_ID}`;
    },
    load(id) {
      if (id === `\0${WORKER_SOURCE_ID}`) return `export default ${JSON.stringify(workerSource)};`;
      if (id === workerUrlModule) return readFileSync(resolve(root, 'lib/worker-url.iife.ts'), 'utf8');
    },
  };
}

/**
 * wasi-browser.iife.js, the global `WasiBrowser`, with `workerSource` (every worker) inlined.
 * @param {string} outDir
 * @param {string} workerSource
 */
export function iifeConfig(outDir, workerSource) {
  return common(outDir, {
    plugins: [iifeWorker(workerSource)],
    build: {
      rolldownOptions: {
        input: { 'wasi-browser': resolve(root, 'src/index.ts') },
        preserveEntrySignatures: 'strict',
        output: { format: 'iife', name: 'WasiBrowser', entryFileNames: '[name].iife.js' },
      },
    },
  });
}

/**
 * coi-service-worker.js: a classic script, both the page's half and the service worker.
 * @param {string} outDir
 */
export function coiServiceWorkerConfig(outDir) {
  return common(outDir, {
    build: {
      rolldownOptions: {
        input: { 'coi-service-worker': resolve(root, 'src/coi-service-worker.ts') },
        output: { format: 'iife', entryFileNames: '[name].js' },
      },
    },
  });
}

/**
 * types/ from tsc, with the sources' `.ts` import paths turned into `.js`, and index.d.ts.
 * @param {string} outDir
 */
export function emitTypes(outDir) {
  const types = join(outDir, 'types');
  const tsc = resolve(root, 'node_modules/typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', resolve(root, 'lib/tsconfig.types.json'), '--outDir', types], { stdio: 'inherit' });
  /** @param {string} dir */
  const rewrite = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) rewrite(path);
      else if (name.endsWith('.d.ts')) {
        const text = readFileSync(path, 'utf8');
        writeFileSync(path, text.replace(/((?:from|import)\s*\(?\s*['"]\.{1,2}\/[^'"]*)\.ts(['"])/g, '$1.js$2'));
      }
    }
  };
  rewrite(types);
  writeFileSync(join(outDir, 'index.d.ts'), "export * from './types/src/index.js';\n");
}
