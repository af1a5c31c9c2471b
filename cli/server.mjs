// The static server the CLI's browser loads the page from: 127.0.0.1 only, cross-origin
// isolated (COOP/COEP): the library build, the page (PAGE.path), the component (COMPONENT_PATH).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { CliError } from './errors.mjs';
import { PAGE } from './page.mjs';

/** Where the page fetches the component from. */
export const COMPONENT_PATH = '/__wasi-browser/component.wasm';
/** Where the page fetches a Spin app's folder (`app`: its manifest, sources and files) from. */
export const APP_PATH = '/__wasi-browser/app/';

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.json': 'application/json', '.css': 'text/css',
};

/**
 * Serve `root`, the page and the component bytes (or the folder `app` under APP_PATH); resolves
 * with the origin and a close function.
 */
export async function startPageServer({ root, component, app, port = 0 }) {
  const base = normalize(root + sep);
  const appBase = app && normalize(app + sep);
  const server = createServer(async (req, res) => {
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('Cache-Control', 'no-store');
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path === '/favicon.ico') return res.writeHead(204).end();
    if (path === PAGE.path) {
      res.writeHead(200, { 'Content-Type': types['.html'] });
      return res.end(PAGE.html);
    }
    if (path === COMPONENT_PATH) {
      res.writeHead(200, { 'Content-Type': 'application/wasm' });
      return res.end(component);
    }
    const [folder, rel] = appBase && path.startsWith(APP_PATH) ? [appBase, path.slice(APP_PATH.length)] : [base, path];
    const file = normalize(join(folder, rel));
    if (!file.startsWith(folder)) return res.writeHead(403).end();
    try {
      const info = await stat(file);
      const target = info.isDirectory() ? join(file, 'index.html') : file;
      const body = await readFile(target);
      res.writeHead(200, { 'Content-Type': types[extname(target)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await listen(server, port);
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => closeServer(server) };
}

/** Listen on 127.0.0.1:port, rejecting with a message a user can act on when it is taken. */
export function listen(server, port) {
  return new Promise((resolve, reject) => {
    const onError = (e) => {
      server.off('listening', onListening);
      if (e.code === 'EADDRINUSE') reject(new CliError(`port ${port} on 127.0.0.1 is already in use: stop what listens there or choose another --port`));
      else if (e.code === 'EACCES') reject(new CliError(`no permission to listen on port ${port}: choose a port above 1023 with --port`));
      else reject(e);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, '127.0.0.1');
  });
}

function closeServer(server) {
  server.closeAllConnections?.();
  return new Promise((resolve) => server.close(() => resolve()));
}
