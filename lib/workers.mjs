// The library's worker builds: worker/main.ts as dist/worker.js (each worker it starts one more
// file beside it), or as source text with every worker inlined, for the IIFE.
import { basename, dirname, resolve } from 'node:path';
import { build } from 'vite';
import { TRANSPILER, common, marker, root } from './common.mjs';

/** `new Worker(new URL('./x.ts', import.meta.url)`, as the sources start their workers. */
const WORKER_RE = /new\s+Worker\(\s*new\s+URL\(\s*(['"])(\.{1,2}\/[^'"]+)\.ts\1\s*,\s*import\.meta\.url\s*\)/g;
const MAIN = resolve(root, 'worker/main.ts');

/** The output file of a worker's source: `worker/main.ts` is `worker.js`, others keep their name. */
const workerFile = (/** @type {string} */ source) => (source === MAIN ? 'worker' : basename(source, '.ts'));

/**
 * The workers a worker starts. `file`: each is `./name.js` beside it, written as bundlers look
 * for it (Vite would bundle it itself if it saw `new Worker(new URL(...))`, so the URL is a
 * marker until the code is final); the sources seen are added to `found`. `inline`: each is
 * bundled into its parent and started from a blob: URL (a data: URL would lose OPFS).
 * @param {'file' | 'inline'} how
 * @param {Set<string>} found
 * @returns {import('vite').Plugin}
 */
function nestedWorkers(how, found) {
  /** @type {Map<string, string>} */
  const names = new Map();
  return {
    name: `wasi-browser:nested-workers-${how}`,
    enforce: 'pre',
    transform(code, id) {
      if (!id.startsWith(resolve(root, 'worker')) || !new RegExp(WORKER_RE).test(code)) return;
      /** @type {string[]} */
      const imports = [];
      const out = code.replace(new RegExp(WORKER_RE), (_match, _quote, path) => {
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
      return imports.join('\n') + '\n' + out.replace(/(new __WASI_BROWSER_WORKER_\w+__\()\s*,\s*/g, '$1');
    },
    renderChunk(code) {
      if (how !== 'file' || !code.includes('__WASI_BROWSER_WORKER_')) return;
      return code.replace(/__WASI_BROWSER_WORKER_\w+?__/g, (m) => `new URL("./${names.get(m)}.js", import.meta.url)`);
    },
  };
}

/**
 * One worker as one self-contained file (the transpiler stays outside, as `./transpiler.js`).
 * @param {string} outDir
 * @param {string} source
 * @param {'file' | 'inline'} how
 * @param {Set<string>} [found]
 */
function workerConfig(outDir, source, how, found = new Set()) {
  return common(outDir, {
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

/**
 * worker.js and each worker it starts, each one file in `outDir`.
 * @param {string} outDir
 */
export async function buildWorkerFiles(outDir) {
  /** @type {Set<string>} */
  const found = new Set();
  const done = new Set();
  /** @type {string | undefined} */
  let next = MAIN;
  while (next) {
    done.add(next);
    await build(workerConfig(outDir, next, 'file', found));
    next = [...found].find((source) => !done.has(source));
  }
}

/**
 * The worker with every worker it starts inlined, as source text for the IIFE (nothing written).
 * @param {string} outDir
 * @returns {Promise<string>}
 */
export async function buildInlineWorker(outDir) {
  const result = await build(workerConfig(outDir, MAIN, 'inline'));
  const output = /** @type {{ output: { type: string; code?: string }[] }} */ (Array.isArray(result) ? result[0] : result);
  const chunk = output.output.find((o) => o.type === 'chunk');
  if (!chunk?.code) throw new Error('the inline worker build produced no code');
  return chunk.code;
}
