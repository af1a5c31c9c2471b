/**
 * The library builds: `vite build` (npm run build) writes dist/ (or $LIB_OUT):
 *
 * | file | what |
 * |---|---|
 * | index.js | ESM for bundlers and `<script type="module">`; starts `new Worker(new URL('./worker.js', import.meta.url), {type: 'module'})` so bundlers find the worker |
 * | worker.js | the worker, one self-contained ES module |
 * | transpiler.js + *.wasm | jco's transpiler, imported by the worker only on a cache miss |
 * | wasi-browser.iife.js | a classic script defining the global `WasiBrowser`, the worker inlined |
 * | index.d.ts, types/ | declarations |
 *
 * Vite's library mode inlines every asset as base64 (the transpiler's 3.5 MB wasm too), so these
 * are app builds with JS entries and kept exports instead.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, type InlineConfig, type Plugin } from 'vite';

const root = import.meta.dirname;
const outDir = resolve(root, process.env.LIB_OUT ?? 'dist');
const workerUrlModule = resolve(root, 'src/worker-url.ts');
const SOURCE_WORKER_URL = "new URL('../worker/main.ts', import.meta.url)";
const MARKER = '__WASI_BROWSER_WORKER_URL__';
const WORKER_SOURCE_ID = 'virtual:wasi-browser/worker-source';

/** The modes of `vite build` this file answers: the default one starts the others. */
export function isLibraryMode(command: string, mode: string): boolean {
  return command === 'build' && (mode === 'production' || mode.startsWith('lib-'));
}

const common = (config: InlineConfig): InlineConfig => ({
  configFile: false,
  root,
  base: './',
  logLevel: 'warn',
  ...config,
  build: {
    outDir,
    emptyOutDir: false,
    target: 'es2022',
    modulePreload: false,
    copyPublicDir: false,
    reportCompressedSize: false,
    ...config.build,
  },
});

const TRANSPILER = '@bytecodealliance/jco-transpile/component';

/**
 * The worker, dist/worker.js: one file with no imports (the IIFE build inlines it), but the
 * transpiler, imported on a cache miss as `./transpiler.js` (or options.transpilerUrl).
 */
function workerBuild(): InlineConfig {
  return common({
    build: {
      minify: false,
      rolldownOptions: {
        input: { worker: resolve(root, 'worker/main.ts') },
        preserveEntrySignatures: 'strict',
        external: [TRANSPILER],
        output: { format: 'es', entryFileNames: '[name].js', codeSplitting: false, paths: { [TRANSPILER]: './transpiler.js' } },
      },
    },
  });
}

/** jco's transpiler, dist/transpiler.js, with its wasm beside it (fetched when it starts). */
function transpilerBuild(): InlineConfig {
  return common({
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
 * src/worker-url.ts in the ESM build: the worker is `./worker.js` beside `index.js`, written
 * exactly as bundlers look for it. Vite would bundle it itself if it saw `new Worker(new URL(...))`
 * in the source, so the URL is swapped for a marker and put back after bundling.
 */
function esmWorkerUrl(): Plugin {
  return {
    name: 'wasi-browser:esm-worker-url',
    enforce: 'pre',
    transform(code, id) {
      if (id !== workerUrlModule) return;
      if (!code.includes(SOURCE_WORKER_URL)) this.error(`${id} no longer contains ${SOURCE_WORKER_URL}`);
      return code.replace(SOURCE_WORKER_URL, MARKER);
    },
    renderChunk(code) {
      if (!code.includes(MARKER)) return;
      return code.replace(MARKER, 'new URL("./worker.js", import.meta.url)');
    },
    generateBundle(_, bundle) {
      const index = bundle['index.js'];
      if (index?.type !== 'chunk' || !index.code.includes('new Worker(new URL("./worker.js", import.meta.url), {')) {
        this.error('index.js does not start its worker as `new Worker(new URL("./worker.js", import.meta.url), {...})`');
      }
    },
  };
}

function esmBuild(): InlineConfig {
  return common({
    plugins: [esmWorkerUrl()],
    build: {
      emptyOutDir: true,
      minify: false,
      rolldownOptions: {
        input: { index: resolve(root, 'src/index.ts') },
        preserveEntrySignatures: 'strict',
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  });
}

/** The IIFE's worker-url module (lib/worker-url.iife.ts) and the worker's source it inlines. */
function iifeWorker(): Plugin {
  return {
    name: 'wasi-browser:iife-worker',
    enforce: 'pre',
    resolveId(id) {
      if (id === WORKER_SOURCE_ID) return `\0${WORKER_SOURCE_ID}`;
    },
    load(id) {
      if (id === `\0${WORKER_SOURCE_ID}`) {
        return `export default ${JSON.stringify(readFileSync(join(outDir, 'worker.js'), 'utf8'))};`;
      }
      if (id === workerUrlModule) return readFileSync(resolve(root, 'lib/worker-url.iife.ts'), 'utf8');
    },
  };
}

function iifeBuild(): InlineConfig {
  return common({
    plugins: [iifeWorker()],
    build: {
      rolldownOptions: {
        input: { 'wasi-browser': resolve(root, 'src/index.ts') },
        preserveEntrySignatures: 'strict',
        output: { format: 'iife', name: 'WasiBrowser', entryFileNames: '[name].iife.js' },
      },
    },
  });
}

/** dist/types/ from tsc, with the sources' `.ts` import paths turned into `.js`. */
function emitTypes(): void {
  const types = join(outDir, 'types');
  const tsc = resolve(root, 'node_modules/typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', resolve(root, 'lib/tsconfig.types.json'), '--outDir', types], { stdio: 'inherit' });
  const rewrite = (dir: string): void => {
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

/** In the default build: after index.js, the worker, then the IIFE (which inlines it), then types. */
function buildTheRest(): Plugin {
  return {
    name: 'wasi-browser:build-the-rest',
    apply: 'build',
    async closeBundle() {
      await build(workerBuild());
      await build(transpilerBuild());
      await build(iifeBuild());
      emitTypes();
    },
  };
}

/** The config of a library mode: the default (everything), or one part for debugging it. */
export function libraryConfig(mode: string): InlineConfig {
  switch (mode) {
    case 'lib-worker':
      return workerBuild();
    case 'lib-transpiler':
      return transpilerBuild();
    case 'lib-iife':
      return iifeBuild();
    case 'lib-esm':
      return esmBuild();
    default: {
      const config = esmBuild();
      return { ...config, plugins: [...(config.plugins ?? []), buildTheRest()] };
    }
  }
}
