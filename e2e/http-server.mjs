// The HTTP server the wasi:http tests talk to, on 127.0.0.1 at a port of its own. It is
// cross-origin to the harness, so it sends CORS headers (except where a test wants none).
import { createServer } from 'node:http';

/** Byte i of a generated body. */
export const patternByte = (i) => i % 251;

/** FNV-1a of bytes, as the guests print it. */
export function fnv(bytes) {
  let h = 2166136261;
  for (const b of bytes) h = Math.imul(h ^ b, 16777619) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/** FNV-1a of `n` pattern bytes. */
export function patternFnv(n) {
  let h = 2166136261;
  for (let i = 0; i < n; i++) h = Math.imul(h ^ patternByte(i), 16777619) >>> 0;
  return h.toString(16).padStart(8, '0');
}

function pattern(from, n) {
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) out[i] = patternByte(from + i);
  return out;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function cors(res) {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Headers', '*');
  res.setHeader('Access-Control-Allow-Methods', '*');
  res.setHeader('Access-Control-Expose-Headers', '*');
}

async function readAll(req) {
  const parts = [];
  for await (const part of req) parts.push(part);
  return Buffer.concat(parts);
}

/** Start the server; resolves with its origin, a port nobody listens on, and close(). */
export async function startHttpServer() {
  const sockets = new Set();
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const q = (name, fallback) => Number(url.searchParams.get(name) ?? fallback);
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.setHeader('Cache-Control', 'no-store');
    if (url.pathname !== '/no-cors') cors(res);
    if (req.method === 'OPTIONS') return res.writeHead(204).end();
    switch (url.pathname) {
      case '/hello':
        res.writeHead(200, { 'Content-Type': 'text/plain', 'X-Custom': 'yes' });
        return res.end('hello from the server\n');
      case '/bytes': {
        const n = q('n', 1024);
        res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(n) });
        for (let at = 0; at < n; at += 65536) {
          if (!res.write(pattern(at, Math.min(65536, n - at)))) await new Promise((r) => res.once('drain', r));
        }
        return res.end();
      }
      case '/echo': {
        const body = await readAll(req);
        res.writeHead(200, {
          'Content-Type': 'application/octet-stream',
          'X-Method': req.method,
          'X-Received-Bytes': String(body.length),
          'X-Received-Fnv': fnv(body),
          'X-Received-Test': String(req.headers['x-test'] ?? ''),
        });
        return res.end(body);
      }
      case '/headers':
        res.writeHead(200, { 'Content-Type': 'application/json', 'Set-Cookie': 'a=b', 'X-Multi': ['one', 'two'] });
        return res.end(JSON.stringify(req.headers));
      case '/redirect':
        res.writeHead(302, { Location: '/hello' });
        return res.end();
      case '/slow-head':
        await sleep(q('ms', 2000));
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        return res.end('late\n');
      case '/slow-body':
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.write('first\n');
        await sleep(q('ms', 2000));
        return res.end('second\n');
      case '/no-cors':
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        return res.end('no CORS headers here\n');
      case '/status':
        res.writeHead(q('code', 200), { 'Content-Type': 'text/plain' });
        return res.end(`status ${q('code', 200)}\n`);
      default:
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        return res.end('not found\n');
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  // A port that refuses: bound once, then closed.
  const probe = createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const refusedPort = probe.address().port;
  await new Promise((resolve) => probe.close(resolve));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    refused: `http://127.0.0.1:${refusedPort}`,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(r));
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { origin, refused } = await startHttpServer();
  console.log(`serving on ${origin} (refused: ${refused})`);
}
