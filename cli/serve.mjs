// `wasi-browser serve`: a wasi:http/proxy component, or a Spin app (spin.toml), answering HTTP on
// 127.0.0.1, inside the browser.
import { createServer } from 'node:http';
import { stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { openPage } from './browser.mjs';
import { coreModuleCannotServe, isCoreModule, readComponent } from './component.mjs';
import { CliError } from './errors.mjs';
import { httpOption } from './run.mjs';
import { APP_PATH, COMPONENT_PATH, listen } from './server.mjs';

const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/** Page side: start serve() and keep the server as window.__wasiServer. */
async function startInPage({ url, options }) {
  try {
    window.__wasiServer = await window.wasi.serve(url, options);
    return {};
  } catch (e) {
    return { error: e?.message ?? String(e) };
  }
}

/**
 * Page side: one request through the component. Resolves with the response's head; the body
 * follows through __wasiServeBody(id, base64) calls, then __wasiServeBody(id, null, error?).
 */
async function handleInPage({ id, method, url, headers, body, clientAddr }) {
  const { encode: toBase64, decode: fromBase64 } = window.wasiBase64;
  const bytes = body === null ? null : fromBase64(body);
  let response;
  try {
    // clientAddr: a Spin app's spin-client-addr (a component's server ignores it).
    response = await window.__wasiServer.fetch(url, { method, headers, body: bytes, clientAddr });
  } catch (e) {
    return { error: e?.message ?? String(e) };
  }
  (async () => {
    try {
      if (response.body) {
        const reader = response.body.getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          await window.__wasiServeBody(id, toBase64(value));
        }
      }
      await window.__wasiServeBody(id, null);
    } catch (e) {
      await window.__wasiServeBody(id, null, e?.message ?? String(e));
    }
  })();
  return { status: response.status, headers: [...response.headers] };
}

/** Read a Node request's body whole (the page gets it in one piece). */
function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Serve `options.component` on 127.0.0.1:`options.port` until a signal; resolves with the exit
 * code. The port is taken before the browser starts, so a port in use fails at once.
 */
/** A Spin app's folder and manifest name, or a CliError for a manifest that cannot be read. */
async function readApp(path) {
  const info = await stat(path).catch((e) => {
    throw new CliError(e.code === 'ENOENT' ? `${path}: no such file` : `${path} cannot be read: ${e.message}`);
  });
  if (!info.isFile()) throw new CliError(`${path} is not a file`);
  return { folder: dirname(resolve(path)), name: basename(path) };
}

export async function serveCommand(options, io = process) {
  if (options.dirs.length > 0) throw new CliError('--dir is not supported by `wasi-browser serve` yet');
  const isApp = options.component.endsWith('.toml');
  if (!isApp && Object.keys(options.variables ?? {}).length > 0) throw new CliError('--variable is for a Spin app (spin.toml)');
  if (isApp && (options.allowHttp.length > 0 || Object.keys(options.env).length > 0)) {
    throw new CliError('--env and --allow-http cannot be given with a Spin app: its manifest gives each component `environment` and `allowed_outbound_hosts`');
  }
  const app = isApp ? await readApp(options.component) : undefined;
  const component = isApp ? undefined : await readComponent(options.component);
  if (component && isCoreModule(component)) throw new CliError(coreModuleCannotServe(options.component));
  const bodies = new Map();
  let page;
  let nextId = 1;
  // Requests that come while the browser starts wait for it.
  let markReady;
  const ready = new Promise((resolve) => (markReady = resolve));
  const server = createServer(async (req, res) => {
    const id = nextId++;
    try {
      await ready;
      const body = req.method === 'GET' || req.method === 'HEAD' ? null : await readBody(req);
      const entry = { res, early: [], started: false };
      bodies.set(id, entry);
      const head = await page.evaluate(handleInPage, {
        id,
        method: req.method,
        url: `http://${req.headers.host ?? `127.0.0.1:${options.port}`}${req.url}`,
        headers: Object.entries(req.headers).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]])),
        body: body && body.toString('base64'),
        clientAddr: `${req.socket.remoteAddress}:${req.socket.remotePort}`,
      });
      if (head.error) {
        bodies.delete(id);
        res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' }).end(`wasi-browser: ${head.error}\n`);
        return;
      }
      res.writeHead(head.status, head.headers.flat());
      entry.started = true;
      for (const call of entry.early) call();
    } catch (e) {
      bodies.delete(id);
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`wasi-browser: ${e.message.split('\n')[0]}\n`);
    }
  });
  await listen(server, options.port);
  let session;
  try {
    session = await openPage({ browser: options.browser, component, app: app?.folder, debug: Boolean(process.env.WASI_BROWSER_DEBUG) });
  } catch (e) {
    server.close();
    throw e;
  }
  page = session.page;
  await page.exposeFunction('__wasiServeBody', (id, data, error) => {
    const entry = bodies.get(id);
    if (!entry) return;
    const apply = () => {
      if (data !== null) return void entry.res.write(Buffer.from(data, 'base64'));
      bodies.delete(id);
      // A body that fails half way: cut the connection, so the client sees it was not whole.
      if (error) entry.res.destroy(new Error(error));
      else entry.res.end();
    };
    if (entry.started) apply();
    else entry.early.push(apply);
  });
  const started = await page.evaluate(startInPage, {
    url: app ? APP_PATH + encodeURIComponent(app.name) : COMPONENT_PATH,
    options: app
      ? { bridge: options.bridge, variables: options.variables }
      : { args: [options.component], env: options.env, bridge: options.bridge, http: httpOption(options.allowHttp) },
  });
  if (started.error) {
    server.close();
    await session.close();
    throw new CliError(started.error);
  }
  markReady();
  io.stderr.write(`wasi-browser: serving ${options.component} on http://127.0.0.1:${options.port}/ (Ctrl-C stops)\n`);

  let stopping = false;
  const code = await new Promise((resolve) => {
    for (const signal of Object.keys(SIGNAL_EXIT)) process.once(signal, () => resolve(SIGNAL_EXIT[signal]));
    page.once('crash', () => {
      if (stopping) return;
      io.stderr.write('wasi-browser: the browser page crashed\n');
      resolve(1);
    });
    page.context().once('close', () => {
      if (stopping) return;
      io.stderr.write('wasi-browser: the browser closed\n');
      resolve(1);
    });
  });
  stopping = true;
  server.closeAllConnections?.();
  server.close();
  await session.close();
  return code;
}
