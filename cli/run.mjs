// `wasi-browser run`: one component or WASI preview 1 core module, in headless Chromium, through
// the public run().
import { openPage } from './browser.mjs';
import { readComponent } from './component.mjs';
import { checkDirs, copyIn, removeTemporaries, writeBack } from './dirs.mjs';
import { CliError } from './errors.mjs';
import { runInPage } from './page.mjs';
import { COMPONENT_PATH } from './server.mjs';
import { stdinReader } from './stdin.mjs';

/** Exit code for a run ended by --timeout, as `timeout(1)` gives. */
export const TIMEOUT_EXIT = 124;

/**
 * Exit code when --dir write-back left host files as the host has them because they changed
 * there during the run (another run, an editor): EX_TEMPFAIL of sysexits.h, as a retry may do.
 * It replaces the guest's own code (said on stderr); a signal's or --timeout's code stays.
 */
export const CONFLICT_EXIT = 75;

/** Exit codes for a run ended by a signal to the CLI, as a shell reports them. */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/**
 * Writes the guest's output chunks in the order the page numbered them, whatever order
 * the calls arrive in; `settled(n)` resolves once n chunks are written.
 */
function orderedOutput(io) {
  const early = new Map();
  let next = 0;
  let waiter;
  // A reader that went away (`| head`) gets no more; the guest's writes still succeed.
  const gone = new Set();
  for (const stream of [io.stdout, io.stderr]) stream.on('error', () => gone.add(stream));
  const write = (seq, fd, text) => {
    early.set(seq, [fd, text]);
    while (early.has(next)) {
      const [fd, text] = early.get(next);
      early.delete(next++);
      const stream = fd === 1 ? io.stdout : io.stderr;
      if (!gone.has(stream)) stream.write(Buffer.from(text, 'base64'));
    }
    if (waiter && next >= waiter.count) waiter.resolve();
  };
  const settled = (count) =>
    next >= count ? Promise.resolve() : new Promise((resolve) => (waiter = { count, resolve }));
  return { write, settled };
}

/** run()'s `http` option from the --allow-http origins: off unless some are given. */
export function httpOption(origins) {
  if (origins.length === 0) return undefined;
  return origins.includes('*') ? true : { allow: origins };
}

/**
 * A signal stops the guest (the page aborts the run), so --dir still writes back; before the
 * guest starts, it stops the copy into the browser and the guest never runs. A second signal
 * ends the CLI at once.
 */
function onSignals() {
  let received;
  let session;
  const stop = new AbortController();
  const handlers = Object.keys(SIGNAL_EXIT).map((signal) => {
    const handler = () => {
      if (received) {
        // Out at once, also in the middle of a --dir write-back: its temporary goes, the host file stays old.
        removeTemporaries();
        return (session?.close() ?? Promise.resolve()).finally(() => process.exit(SIGNAL_EXIT[signal]));
      }
      received = signal;
      stop.abort();
      // Marked in the page too: a run that starts after this aborts at once.
      session?.page
        .evaluate(() => {
          window.__wasiAborted = true;
          window.__wasiAbort?.();
        })
        .catch(() => {});
    };
    process.on(signal, handler);
    return [signal, handler];
  });
  return {
    get received() {
      return received;
    },
    signal: stop.signal,
    attach: (s) => (session = s),
    off: () => handlers.forEach(([signal, handler]) => process.off(signal, handler)),
  };
}

/**
 * WASI_BROWSER_PAUSE_WRITEBACK=1, a test hook: each --dir write-back stops for good after writing
 * a file's temporary and before renaming it over the file, and says so on stderr; the tests kill
 * the CLI there to check that the host file is intact.
 */
function writeBackPause(warn) {
  if (!process.env.WASI_BROWSER_PAUSE_WRITEBACK) return undefined;
  return (temporary, full) => {
    warn(`write-back paused before renaming ${temporary} over ${full} (WASI_BROWSER_PAUSE_WRITEBACK)`);
    return new Promise(() => setInterval(() => {}, 1 << 30));
  };
}

/**
 * Run `options.component` (a component or a preview 1 core module) as `wasmtime run` would; resolves with the exit code to leave with.
 * Problems the user can fix reject with a CliError.
 */
export async function runCommand(options, io = process) {
  const component = await readComponent(options.component);
  const dirs = await checkDirs(options.dirs);
  const debug = Boolean(process.env.WASI_BROWSER_DEBUG);
  const signals = onSignals();
  let session;
  try {
    session = await openPage({ browser: options.browser, component, debug });
  } catch (e) {
    signals.off();
    throw e;
  }
  signals.attach(session);
  const warn = (message) => io.stderr.write(`wasi-browser: ${message}\n`);
  try {
    if (signals.received) return SIGNAL_EXIT[signals.received];
    const output = orderedOutput(io);
    const readStdin = stdinReader(io.stdin);
    await session.page.exposeFunction('__wasiOutput', output.write);
    await session.page.exposeFunction('__wasiStdin', async () => {
      const chunk = await readStdin();
      return chunk === null ? null : chunk.toString('base64');
    });
    let copied;
    try {
      if (debug && dirs.length > 0) warn('copying the --dir folders into the browser');
      copied = dirs.length > 0 ? await copyIn(session.page, dirs, warn, signals.signal) : undefined;
    } catch (e) {
      if (signals.received) return SIGNAL_EXIT[signals.received];
      throw new CliError(`--dir: copying into the browser failed: ${e.message.split('\n')[0]}`);
    }
    let outcome;
    try {
      outcome = await session.page.evaluate(runInPage, {
        url: COMPONENT_PATH,
        options: {
          args: [options.argv0 ?? options.component, ...options.args],
          env: options.env,
          bridge: options.bridge,
          http: httpOption(options.allowHttp),
          mounts: copied?.mounts,
        },
        timeoutMs: options.timeout ? options.timeout * 1000 : undefined,
      });
    } catch (e) {
      throw new CliError(`the browser stopped during the run: ${e.message.split('\n')[0]}`);
    }
    await output.settled(outcome.chunks);
    // What the guest wrote is written back however the run ended.
    const { problems, conflicts } = copied ? await writeBack(session.page, copied, warn, { pause: writeBackPause(warn) }) : { problems: 0, conflicts: 0 };
    if (conflicts > 0) {
      warn(`${conflicts} ${conflicts === 1 ? 'path' : 'paths'} under --dir changed on the host during the run and ${conflicts === 1 ? 'was' : 'were'} not written back (see above)`);
    }
    if (signals.received) return SIGNAL_EXIT[signals.received];
    if (outcome.timedOut) {
      warn(`the guest did not finish within ${options.timeout} s; it was stopped`);
      return TIMEOUT_EXIT;
    }
    if (outcome.error) throw new CliError(outcome.error.message);
    // A trap (134); or, with code 1, a preview 1 proc_exit(n >= 126), which wasmtime refuses too.
    if (outcome.trap !== undefined) warn(`${outcome.exitCode !== 134 || /^wasm trap/.test(outcome.trap) ? '' : 'wasm trap: '}${outcome.trap}`);
    if (conflicts > 0) {
      warn(`exit code ${CONFLICT_EXIT} for the conflicts (the guest's was ${outcome.exitCode})`);
      return CONFLICT_EXIT;
    }
    return problems > 0 && outcome.exitCode === 0 ? 1 : outcome.exitCode;
  } finally {
    signals.off();
    await session.close();
  }
}
