/**
 * The library builds: `vite build` (npm run build) writes dist/ (or $LIB_OUT):
 *
 * | file | what |
 * |---|---|
 * | index.js | ESM for bundlers and `<script type="module">`; starts `new Worker(new URL('./worker.js', import.meta.url), {type: 'module'})` so bundlers find the worker |
 * | worker.js | the worker, one self-contained ES module; a worker it starts itself (the OPFS helper) is one more file beside it, started the same way |
 * | transpiler.js + *.wasm | jco's transpiler, imported by the worker only on a cache miss |
 * | wasi-browser.iife.js | a classic script defining the global `WasiBrowser`, every worker inlined |
 * | service-worker.js | `wasi-browser/service-worker`: `relay()` for a module Service Worker (serve() from a page) |
 * | coi-service-worker.js | the optional service worker that makes a page cross-origin isolated |
 * | index.d.ts, types/ | declarations |
 *
 * Vite's library mode inlines every asset as base64 (the transpiler's 3.5 MB wasm too), so these
 * are app builds with JS entries and kept exports instead.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { build, type InlineConfig, type Plugin } from 'vite';

const root = import.meta.dirname;
const outDir = resolve(root, process.env.LIB_OUT ?? 'dist');
const workerUrlModule = resolve(root, 'src/worker-url.ts');
const TRANSPILER = '@bytecodealliance/jco-transpile/component';
const WORKER_SOURCE_ID = 'virtual:wasi-browser/worker-source';
/** `new Worker(new URL('./x.ts', import.meta.url)`, as the sources start their workers. */
const WORKER_RE = /new\s+Worker\(\s*new\s+URL\(\s*(['"])(\.{1,2}\/[^'"]+)\.ts\1\s*,\s*import\.meta\.url\s*\)/g;

/** `vite build` with no mode builds the library; other modes (e2e, ...) are vite.config.ts's. */
export function isLibraryMode(command: string, mode: string): boolean {
  return command === 'build' && mode === 'production';
}

const common = (config: InlineConfig): InlineConfig => ({
  configFile: false,
  root,
  base: './',
  logLevel: 'warn',
  worker: { format: 'es' },
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

/** The output file of a worker's source: `worker/main.ts` is `worker.js`, others keep their name. */
const workerFile = (source: string) => (source === resolve(root, 'worker/main.ts') ? 'worker' : basename(source, '.ts'));
const marker = (name: string) => `__WASI_BROWSER_WORKER_${name.replace(/\W/g, '_')}__`;

/**
 * The workers a worker starts. `file`: each is `./name.js` beside it, written as bundlers look
 * for it (Vite would bundle it itself if it saw `new Worker(new URL(...))`, so the URL is a
 * marker until the code is final); the sources seen are added to `found`. `inline`: each is
 * bundled into its parent and started from a blob: URL (a data: URL would lose OPFS).
 */
function nestedWorkers(how: 'file' | 'inline', found: Set<string>): Plugin {
  const names = new Map<string, string>();
  return {
    name: `wasi-browser:nested-workers-${how}`,
    enforce: 'pre',
    transform(code, id) {
      if (!id.startsWith(resolve(root, 'worker')) || !new RegExp(WORKER_RE).test(code)) return;
      const imports: string[] = [];
      const out = code.replace(new RegExp(WORKER_RE), (_match, _quote: string, path: string) => {
        const source = resolve(dirname(id), `${path}.ts`);
        const name = workerFile(source);
        names.set(marker(name), name);
        if (how === 'file') {
          found.add(source);
          return `new Worker(${marker(name)}`;
        }
        imports.push(`import ${marker(name)} from ${JSON.stringify(`${source}?worker&inline`)};`);
        return `new ${marker(name)}(`;
      });
      // `new X(` + `, options)` -> `new X(options)`
      return imports.join('\n') + '\n' + out.replace(new RegExp(`(new ${'__WASI_BROWSER_WORKER_\\w+__'}\\()\\s*,\\s*`, 'g'), '$1');
    },
    renderChunk(code) {
      if (how !== 'file' || !code.includes('__WASI_BROWSER_WORKER_')) return;
      return code.replace(/__WASI_BROWSER_WORKER_\w+?__/g, (m) => `new URL("./${names.get(m)}.js", import.meta.url)`);
    },
  };
}

/** One worker as one self-contained file (the transpiler stays outside, as `./transpiler.js`). */
function workerBuild(source: string, how: 'file' | 'inline', found = new Set<string>()): InlineConfig {
  return common({
    plugins: [nestedWorkers(how, found)],
    build: {
      minify: how === 'inline',
      write: how === 'file',
      rolldownOptions: {
        input: { [workerFile(source)]: source },
        preserveEntrySignatures: 'strict',
        external: [TRANSPILER],
        output: { format: 'es', entryFileNames: '[name].js', codeSplitting: false, paths: { [TRANSPILER]: './transpiler.js' } },
      },
    },
  });
}

/** dist/worker.js and each worker it starts, each one file. */
async function buildWorkerFiles(): Promise<void> {
  const found = new Set<string>();
  const done = new Set<string>();
  let next: string | undefined = resolve(root, 'worker/main.ts');
  while (next) {
    done.add(next);
    await build(workerBuild(next, 'file', found));
    next = [...found].find((source) => !done.has(source));
  }
}

/** The worker with every worker it starts inlined, as source text for the IIFE. */
async function buildInlineWorker(): Promise<string> {
  const result = await build(workerBuild(resolve(root, 'worker/main.ts'), 'inline'));
  const output = (Array.isArray(result) ? result[0] : result) as { output: { type: string; code?: string }[] };
  const chunk = output.output.find((o) => o.type === 'chunk');
  if (!chunk?.code) throw new Error('the inline worker build produced no code');
  return chunk.code;
}

/** jco's transpiler, dist/transpiler.js, with its wasm beside it (fetched when it starts). */
function transpilerBuild(): InlineConfig {
  return common({
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

/** src/worker-url.ts in the ESM build: the worker is `./worker.js` beside `index.js`. */
function esmWorkerUrl(): Plugin {
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

function esmBuild(): InlineConfig {
  return common({
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

/** The IIFE's worker-url module (lib/worker-url.iife.ts) and the worker's source it inlines. */
function iifeWorker(workerSource: string): Plugin {
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

function iifeBuild(workerSource: string): InlineConfig {
  return common({
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

/** dist/coi-service-worker.js: a classic script, both the page's half and the service worker. */
function coiServiceWorkerBuild(): InlineConfig {
  return common({
    build: {
      rolldownOptions: {
        input: { 'coi-service-worker': resolve(root, 'src/coi-service-worker.ts') },
        output: { format: 'iife', entryFileNames: '[name].js' },
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

/** After index.js: the workers, the transpiler, the IIFE (which inlines the worker), the types. */
function buildTheRest(): Plugin {
  return {
    name: 'wasi-browser:build-the-rest',
    apply: 'build',
    async closeBundle() {
      await buildWorkerFiles();
      await build(transpilerBuild());
      await build(iifeBuild(await buildInlineWorker()));
      await build(coiServiceWorkerBuild());
      emitTypes();
    },
  };
}

/** The config of `vite build`: index.js, then the rest (see {@link buildTheRest}). */
export function libraryConfig(_mode?: string): InlineConfig {
  const config = esmBuild();
  return { ...config, plugins: [...(config.plugins ?? []), buildTheRest()] };
}
