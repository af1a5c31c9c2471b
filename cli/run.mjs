// `wasi-browser run`: one component, in headless Chromium, through the public run().
import { openPage } from './browser.mjs';
import { readComponent } from './component.mjs';
import { CliError } from './errors.mjs';
import { runInPage } from './page.mjs';
import { COMPONENT_PATH } from './server.mjs';
import { stdinReader } from './stdin.mjs';

/** Exit code for a run ended by --timeout, as `timeout(1)` gives. */
export const TIMEOUT_EXIT = 124;

/**
 * Writes the guest's output chunks in the order the page numbered them, whatever order
 * the calls arrive in; `settled(n)` resolves once n chunks are written.
 */
function orderedOutput(io) {
  const early = new Map();
  let next = 0;
  let waiter;
  const write = (seq, fd, text) => {
    early.set(seq, [fd, text]);
    while (early.has(next)) {
      const [fd, text] = early.get(next);
      early.delete(next++);
      (fd === 1 ? io.stdout : io.stderr).write(Buffer.from(text, 'base64'));
    }
    if (waiter && next >= waiter.count) waiter.resolve();
  };
  const settled = (count) =>
    next >= count ? Promise.resolve() : new Promise((resolve) => (waiter = { count, resolve }));
  return { write, settled };
}

/**
 * Run `options.component` as `wasmtime run` would; resolves with the exit code to leave with.
 * Problems the user can fix reject with a CliError.
 */
export async function runCommand(options, io = process) {
  const component = await readComponent(options.component);
  if (options.dirs.length > 0) throw new CliError('--dir is not available yet: the filesystem is not in this build of wasi-browser');
  if (options.allowHttp.length > 0) throw new CliError('--allow-http is not available yet: wasi:http is not in this build of wasi-browser');
  const session = await openPage({ browser: options.browser, component, debug: Boolean(process.env.WASI_BROWSER_DEBUG) });
  const stopOnSignal = (signal, code) => {
    const handler = () => {
      session.close().finally(() => process.exit(code));
    };
    process.once(signal, handler);
    return () => process.off(signal, handler);
  };
  const unhook = [stopOnSignal('SIGINT', 130), stopOnSignal('SIGTERM', 143), stopOnSignal('SIGHUP', 129)];
  try {
    const output = orderedOutput(io);
    const readStdin = stdinReader(io.stdin);
    await session.page.exposeFunction('__wasiOutput', output.write);
    await session.page.exposeFunction('__wasiStdin', async () => {
      const chunk = await readStdin();
      return chunk === null ? null : chunk.toString('base64');
    });
    let outcome;
    try {
      outcome = await session.page.evaluate(runInPage, {
        url: COMPONENT_PATH,
        options: {
          args: [options.argv0 ?? options.component, ...options.args],
          env: options.env,
          bridge: options.bridge,
        },
        timeoutMs: options.timeout ? options.timeout * 1000 : undefined,
      });
    } catch (e) {
      throw new CliError(`the browser stopped during the run: ${e.message.split('\n')[0]}`);
    }
    await output.settled(outcome.chunks);
    if (outcome.timedOut) {
      io.stderr.write(`wasi-browser: the component did not finish within ${options.timeout} s; it was stopped\n`);
      return TIMEOUT_EXIT;
    }
    if (outcome.error) throw new CliError(outcome.error.message);
    if (outcome.trap !== undefined) {
      io.stderr.write(`wasi-browser: ${/^wasm trap/.test(outcome.trap) ? '' : 'wasm trap: '}${outcome.trap}\n`);
    }
    return outcome.exitCode;
  } finally {
    for (const off of unhook) off();
    await session.close();
  }
}
