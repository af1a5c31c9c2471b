/**
 * The peer: preview2-shim's browser build with JSPI, as a page would use it with no cache:
 * fetch the component, transpile it in the page with jco's browser transpiler (`generate()`,
 * JSPI async mode), instantiate the glue with the shim's modules and call `run`.
 *
 * Timed from before the fetch and the dynamic imports of the transpiler and the shim, to the
 * first stdout byte: the shim's own stdout OutputStream, whose handler (`cli._setStdout`) notes
 * the time when the guest's bytes arrive, where the shim would otherwise start a console.log.
 */
import type { Startup } from './startup.ts';

/** The blocking WASI imports to suspend on, listed by hand (generate() has no asyncWasiImports). */
export const jspiImports = [
  'wasi:io/poll#poll',
  'wasi:io/poll#[method]pollable.block',
  'wasi:io/streams#[method]input-stream.blocking-read',
  'wasi:io/streams#[method]input-stream.blocking-skip',
  'wasi:io/streams#[method]output-stream.blocking-flush',
  'wasi:io/streams#[method]output-stream.blocking-write-and-flush',
  'wasi:io/streams#[method]output-stream.blocking-write-zeroes-and-flush',
  'wasi:io/streams#[method]output-stream.blocking-splice',
];

/** `terminal-stdout` -> `terminalStdout`: the shim's export names. */
function camel(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** The import object for glue that reads `names`, from preview2-shim's packages. */
export function shimImports(shim: object, names: string[]): Record<string, unknown> {
  const packages = shim as Record<string, Record<string, unknown>>;
  const imports: Record<string, unknown> = {};
  for (const name of names) {
    const [, pkg, iface] = /^wasi:([^/]+)\/(.+)$/.exec(name) ?? [];
    const module = pkg && packages[pkg]?.[camel(iface)];
    if (!module) throw new Error(`preview2-shim has no ${name}`);
    imports[name] = module;
  }
  return imports;
}

/** Import the glue `main` of transpiled `files` and instantiate it with `imports`. */
export async function instantiateGlue(
  files: Map<string, Uint8Array>,
  main: string,
  imports: Record<string, unknown>,
): Promise<Record<string, any>> {
  const js = URL.createObjectURL(new Blob([files.get(main) as Uint8Array<ArrayBuffer>], { type: 'text/javascript' }));
  try {
    const glue = await import(/* @vite-ignore */ js);
    return await glue.instantiate((file: string) => WebAssembly.compile(files.get(file) as Uint8Array<ArrayBuffer>), imports);
  } finally {
    URL.revokeObjectURL(js);
  }
}

/** Call `wasi:cli/run#run`; the exit code (the shim ends a run by throwing, also for exit(0)). */
export async function runCommand(instance: Record<string, any>): Promise<number> {
  const key = Object.keys(instance).find((k) => k.startsWith('wasi:cli/run'))!;
  try {
    await instance[key].run();
    return 0;
  } catch (e) {
    if ((e as { exitError?: boolean })?.exitError) return (e as { code: number }).code;
    if ((e as Error)?.name === 'ComponentError') return 1;
    throw e;
  }
}

/** Run the hello component at `url` on the peer; see the module comment for what is timed. */
export async function startupShim(url: string): Promise<Startup> {
  const chunks: Uint8Array[] = [];
  let first: number | undefined;
  const t0 = performance.now();
  const [bytes, transpiler, shim] = await Promise.all([
    fetch(url).then((r) => r.arrayBuffer()),
    import('@bytecodealliance/jco-transpile/component'),
    import('@bytecodealliance/preview2-shim'),
  ]);
  await transpiler.$init;
  const out = transpiler.generate(new Uint8Array(bytes), {
    name: 'hello',
    noTypescript: true,
    instantiation: { tag: 'async' },
    asyncMode: { tag: 'jspi', val: { imports: jspiImports, exports: ['wasi:cli/run#run'] } },
  });

  (shim.cli as unknown as { _setStdout(handler: object): void })._setStdout({
    write(buf: Uint8Array) {
      first ??= performance.now();
      chunks.push(buf.slice());
    },
    blockingFlush() {},
  });
  const instance = await instantiateGlue(new Map(out.files), 'hello.js', shimImports(shim, out.imports));
  const exitCode = await runCommand(instance);
  const t1 = performance.now();
  return {
    firstByteMs: (first ?? Number.NaN) - t0,
    totalMs: t1 - t0,
    stdout: chunks.map((c) => new TextDecoder().decode(c)).join(''),
    exitCode,
  };
}
