// The HTTP server the wasi:http tests talk to, on 127.0.0.1 at a port of its own. It is
// cross-origin to the harness, so it sends CORS headers (except where a test wants none).
// The same answers come over TLS too, from an HTTP/2 server and an HTTP/1.1 one (the
// self-signed certificate in e2e/tls/ is for 127.0.0.1; the tests' browser ignores its issuer).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createSecureServer } from 'node:http2';
import { createServer as createHttpsServer } from 'node:https';

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

/** Resolves once the first bytes of the request body arrived, or its end. */
function bodyStarted(req) {
  return new Promise((resolve) => {
    req.once('data', resolve);
    req.once('end', resolve);
    req.once('error', resolve);
  });
}

async function readAll(req) {
  const parts = [];
  for await (const part of req) parts.push(part);
  return Buffer.concat(parts);
}

/** Answer one request (the same over HTTP/1.1 and HTTP/2). */
async function answer(req, res) {
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
    case '/arrivals': {
      // How the body came: a streamed body has no Content-Length (HTTP/1.1 would say chunked),
      // a whole one states its length up front. Unlike arrival times, this does not depend on load.
      const parts = [];
      for await (const part of req) parts.push(part);
      const body = Buffer.concat(parts);
      res.writeHead(200, {
        'Content-Type': 'text/plain',
        'X-Http-Version': req.httpVersion,
        'X-Received-Bytes': String(body.length),
        'X-Received-Fnv': fnv(body),
        'X-Content-Length': req.headers['content-length'] ?? 'none',
      });
      return res.end('ok\n');
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
    case '/redirect-to':
      // A redirect to another origin (?url=): every hop must pass the run's allow-list.
      res.writeHead(302, { Location: url.searchParams.get('url') ?? '/hello' });
      return res.end();
    case '/redirect307':
      // A redirect that keeps the method and body: a streamed body cannot be sent again. It is
      // answered once the body's first bytes (or its end) are in: until the browser has taken
      // some of a streamed body, its fetch cannot tell an early answer from an HTTP/1.1 server
      // refusing the stream, and how early "early" is depends on the machine's load.
      await bodyStarted(req);
      res.writeHead(307, { Location: '/echo' });
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
}

/** Listen on 127.0.0.1 at a free port; the port and close() (which ends open connections too). */
async function listen(server) {
  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(r));
    },
  };
}

/**
 * Start the servers; resolves with the plain HTTP origin, the HTTPS origins of the HTTP/2
 * (`h2`) and HTTP/1.1 (`h1s`) servers, a port nobody listens on, and close().
 */
export async function startHttpServer() {
  const tls = { key: readFileSync(new URL('tls/key.pem', import.meta.url)), cert: readFileSync(new URL('tls/cert.pem', import.meta.url)) };
  const plain = await listen(createServer(answer));
  const h2 = await listen(createSecureServer({ ...tls, allowHTTP1: false }, answer));
  const h1s = await listen(createHttpsServer(tls, answer));
  // A port that refuses: bound once, then closed.
  const probe = createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const refusedPort = probe.address().port;
  await new Promise((resolve) => probe.close(resolve));
  return {
    origin: `http://127.0.0.1:${plain.port}`,
    h2: `https://127.0.0.1:${h2.port}`,
    h1s: `https://127.0.0.1:${h1s.port}`,
    refused: `http://127.0.0.1:${refusedPort}`,
    close: () => Promise.all([plain.close(), h2.close(), h1s.close()]),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { origin, h2, h1s, refused } = await startHttpServer();
  console.log(`serving on ${origin}, ${h2} (HTTP/2) and ${h1s} (HTTP/1.1 over TLS); refused: ${refused}`);
}
