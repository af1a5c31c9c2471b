// The page `wasi-browser` drives, the library build it loads, and the script that runs a component in it.
import { join } from 'node:path';

const pkg = new URL('..', import.meta.url).pathname;

/**
 * The library build the CLI serves to the browser: the package's own dist/ (`npm run build`),
 * or WASI_BROWSER_DIST. Its index.js starts the worker (./worker.js) and the transpiler beside it.
 */
export const LIBRARY = {
  root: process.env.WASI_BROWSER_DIST ?? join(pkg, 'dist'),
  entry: 'index.js',
  build: 'npm run build',
};

/**
 * Runs in the page as it loads: `window.wasiBase64`, how bytes cross CDP both ways for every
 * page-side function of the CLI (output, stdin, --dir copies, serve bodies).
 */
function installBase64() {
  window.wasiBase64 = {
    encode(bytes) {
      if (typeof bytes.toBase64 === 'function') return bytes.toBase64();
      let text = '';
      for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
      return btoa(text);
    },
    decode(text) {
      if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(text);
      const binary = atob(text);
      const bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      return bytes;
    },
  };
}

/** The page the CLI drives, served beside the library: the public API as `window.wasi`. */
export const PAGE = {
  path: '/__wasi-browser/page.html',
  html:
    '<!doctype html><meta charset="utf-8"><title>wasi-browser</title>' +
    `<script>(${installBase64})();</script>` +
    `<script type="module">import * as wasi from '/${LIBRARY.entry}'; window.wasi = wasi; window.wasiReady = true;</script>`,
};

/**
 * Runs in the page (page.evaluate): run() with output and stdin tunnelled through the
 * functions the CLI exposed (`__wasiOutput(seq, fd, base64)`, `__wasiStdin() -> base64|null`).
 * Resolves with the outcome and how many output chunks were sent; never rejects.
 */
export async function runInPage({ url, options, timeoutMs }) {
  const { encode: toBase64, decode: fromBase64 } = window.wasiBase64;
  // Chunks that come while a batch is crossing to the CLI wait and go together, one call per
  // run of the same fd. A chunk's callback settles when the CLI has written it, which is what
  // lets the guest write more (run()'s back-pressure): a slow terminal slows the guest.
  let seq = 0;
  let batch = [];
  let crossing = false;
  const send = async () => {
    crossing = true;
    while (batch.length > 0) {
      const taken = batch;
      batch = [];
      const calls = [];
      for (let i = 0; i < taken.length; ) {
        let j = i + 1;
        while (j < taken.length && taken[j].fd === taken[i].fd) j++;
        const bytes = j === i + 1 ? taken[i].chunk : new Uint8Array(await new Blob(taken.slice(i, j).map((t) => t.chunk)).arrayBuffer());
        calls.push(window.__wasiOutput(seq++, taken[i].fd, toBase64(bytes)));
        i = j;
      }
      await Promise.allSettled(calls);
      for (const { done } of taken) done();
    }
    crossing = false;
    for (const resolve of idle.splice(0)) resolve();
  };
  const idle = [];
  /** Every chunk received so far has a seq (and its call made). */
  const sent = () => (crossing ? new Promise((resolve) => idle.push(resolve)) : Promise.resolve());
  const output = (fd) => (chunk) =>
    new Promise((done) => {
      batch.push({ fd, chunk, done });
      if (!crossing) void send();
    });
  // highWaterMark 0: the terminal is read only when the guest reads.
  const stdin = new ReadableStream(
    {
      async pull(controller) {
        const text = await window.__wasiStdin();
        if (text === null) controller.close();
        else controller.enqueue(fromBase64(text));
      },
    },
    { highWaterMark: 0 },
  );
  // The CLI aborts through __wasiAbort on Ctrl-C; --timeout through its own signal.
  const interrupt = new AbortController();
  window.__wasiAbort = () => interrupt.abort();
  if (window.__wasiAborted) interrupt.abort();
  const timeout = timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined;
  const signal = timeout ? AbortSignal.any([interrupt.signal, timeout]) : interrupt.signal;
  try {
    const result = await window.wasi.run(url, { ...options, stdin, stdout: output(1), stderr: output(2), signal });
    await sent();
    return { exitCode: result.exitCode, trap: result.trap, bridge: result.bridge, chunks: seq };
  } catch (e) {
    const timedOut = Boolean(timeout?.aborted);
    await sent();
    return { error: { name: e?.name ?? 'Error', message: e?.message ?? String(e) }, timedOut, chunks: seq };
  }
}
