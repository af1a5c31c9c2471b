// A static server for the e2e suite and the benchmark: the built harness, the test guests,
// and COOP/COEP on every response unless the query string says `no-isolation`.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const mounts = [
  ['/guests/', join(root, 'e2e/guests/built')],
  ['/bench/', join(root, 'bench/pages')],
  ['/node_modules/', join(root, 'node_modules')],
  ['/', process.env.E2E_OUT ? normalize(process.env.E2E_OUT) : join(root, 'dist-e2e')],
];
const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.json': 'application/json', '.css': 'text/css',
};

/** Start the server on 127.0.0.1; resolves with its origin and a close function. */
export async function startServer(port = 0) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    if (!url.search.includes('no-isolation')) {
      res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
      res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    }
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('Cache-Control', 'no-store');
    // The test Service Worker (built under /assets/) controls the whole origin.
    res.setHeader('Service-Worker-Allowed', '/');
    const path = normalize(decodeURIComponent(url.pathname));
    // A file missing from a mount is looked for in the next one that matches (the built
    // benchmark pages are in the build dir under /bench/, beside bench/pages/).
    for (const [prefix, dir] of mounts.filter(([p]) => path.startsWith(p))) {
      const file = join(dir, path.slice(prefix.length));
      if (!file.startsWith(dir)) return res.writeHead(403).end();
      try {
        const info = await stat(file);
        const target = info.isDirectory() ? join(file, 'index.html') : file;
        const body = await readFile(target);
        res.writeHead(200, { 'Content-Type': types[extname(target)] ?? 'application/octet-stream' });
        return res.end(body);
      } catch {}
    }
    res.writeHead(404).end('not found');
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: actual } = server.address();
  return { origin: `http://127.0.0.1:${actual}`, close: () => new Promise((r) => server.close(r)) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { origin } = await startServer(Number(process.env.PORT ?? 4173));
  console.log(`serving on ${origin}`);
}
