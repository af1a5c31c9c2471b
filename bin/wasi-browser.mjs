#!/usr/bin/env node
// wasi-browser: run a WASI 0.2 component or a WASI preview 1 core module in headless Chromium,
// like `wasmtime run`.
import { readFileSync } from 'node:fs';
import { USAGE, UsageError, parseArgs } from '../cli/args.mjs';
import { CliError } from '../cli/errors.mjs';
import { runCommand } from '../cli/run.mjs';

/** Leave with `code` once what was written to stdout and stderr has reached them. */
function exit(code) {
  let pending = 2;
  const done = () => --pending === 0 && process.exit(code);
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.destroyed || !stream.writable) done();
    else stream.write('', done);
  }
}

async function main(argv) {
  let options;
  try {
    options = parseArgs(argv, process.env);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`wasi-browser: ${e.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options.command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (options.command === 'version') {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    process.stdout.write(`wasi-browser ${pkg.version}\n`);
    return 0;
  }
  try {
    if (options.command === 'run') return await runCommand(options);
    const { serveCommand } = await import('../cli/serve.mjs');
    return await serveCommand(options);
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    process.stderr.write(`wasi-browser: ${e.message}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then(exit, (e) => {
  process.stderr.write(`wasi-browser: internal error: ${e?.stack ?? e}\n`);
  exit(70);
});
