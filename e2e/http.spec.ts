// wasi:http outgoing requests: a C guest (http-client.c, raw canonical ABI) against a local
// server on 127.0.0.1 (e2e/http-server.mjs), in both tiers.
import type { Page } from '@playwright/test';
import { expect, test, type RunReport } from './fixtures.ts';
// @ts-ignore: a plain .mjs helper
import { patternFnv, startHttpServer } from './http-server.mjs';

let server: { origin: string; h2: string; h1s: string; refused: string; close(): Promise<void> };
test.beforeAll(async () => {
  server = await startHttpServer();
});
test.afterAll(async () => {
  await server.close();
});

/** Run http-client.wasm with `args`; `http` is the run's permission (default: allowed). */
async function client(page: Page, bridge: string, args: string[], http: unknown = true): Promise<RunReport> {
  return page.evaluate(
    async ({ bridge, http, args }) => {
      try {
        const options: Record<string, unknown> = { bridge, args: ['http-client', ...args] };
        if (http !== null) options.http = http;
        const r = await (window as any).wasi.run('/guests/http-client.wasm', options);
        const text = new TextDecoder();
        return { exitCode: r.exitCode, stdout: text.decode(r.stdout), stderr: text.decode(r.stderr), trap: r.trap };
      } catch (e: any) {
        return { error: { name: e?.name, message: e?.message ?? String(e) } };
      }
    },
    { bridge, http, args },
  );
}

function ok(r: RunReport): string {
  expect(r.error).toBeUndefined();
  expect(r.trap).toBeUndefined();
  expect(r.exitCode, r.stdout).toBe(0);
  return r.stdout!;
}

test('GET: status, headers and body, read blocking and non-blocking', async ({ harness, bridge }) => {
  for (const mode of [[], ['--nonblocking']]) {
    const out = ok(await client(harness, bridge, [...mode, '--print-body', 'GET', `${server.origin}/hello`]));
    expect(out).toContain('status 200\n');
    expect(out).toContain('header content-type: text/plain\n');
    expect(out).toContain('header x-custom: yes\n');
    expect(out).toContain('body:hello from the server\n');
    expect(out).toContain('trailers none\n');
  }
  const missing = ok(await client(harness, bridge, ['GET', `${server.origin}/status?code=404`]));
  expect(missing).toContain('status 404\n');
});

test('10 MiB bodies both ways: a streamed POST echoed back', async ({ harness, bridge }) => {
  const size = 10 << 20;
  const out = ok(await client(harness, bridge, ['--body-size', String(size), 'POST', `${server.origin}/echo`]));
  expect(out).toContain('status 200\n');
  expect(out).toContain(`header x-received-bytes: ${size}\n`);
  expect(out).toContain(`header x-received-fnv: ${patternFnv(size)}\n`);
  expect(out).toContain(`body-bytes ${size}\nbody-fnv ${patternFnv(size)}\n`);
  const down = ok(await client(harness, bridge, ['--nonblocking', 'GET', `${server.origin}/bytes?n=${size}`]));
  expect(down).toContain(`body-bytes ${size}\nbody-fnv ${patternFnv(size)}\n`);
});

/** How the server got the request body: `none` (no Content-Length) when it was streamed. */
const contentLength = (out: string) => /header x-content-length: (\w+)\n/.exec(out)?.[1];

test('a body written after handle() streams to an HTTP/2 server and goes whole to HTTP/1.1 ones', async ({ harness, bridge }) => {
  // Three 1000-byte pieces, 400 ms apart: streamed, the request states no length up front.
  const slow = ['--body-size', '3000', '--chunk', '1000', '--chunk-delay', '400', 'POST'];
  const streamed = ok(await client(harness, bridge, [...slow, `${server.h2}/arrivals`]));
  expect(streamed).toContain('header x-http-version: 2.0\n');
  expect(streamed).toContain(`header x-received-bytes: 3000\nheader x-received-fnv: ${patternFnv(3000)}\n`);
  expect(contentLength(streamed)).toBe('none');
  // Chromium streams only over HTTP/2+: to HTTP/1.1 (TLS or not) the body goes whole, once.
  for (const origin of [server.h1s, server.h1s, server.origin]) {
    const whole = ok(await client(harness, bridge, [...slow, `${origin}/arrivals`]));
    expect(whole).toContain('header x-http-version: 1.1\n');
    expect(whole).toContain(`header x-received-bytes: 3000\nheader x-received-fnv: ${patternFnv(3000)}\n`);
    expect(contentLength(whole)).toBe('3000');
  }
  // The server saw this one (a 307 a stream cannot follow): it fails, and is not sent again.
  const seen = await client(harness, bridge, [...slow, `${server.h2}/redirect307`]);
  expect(seen.exitCode, seen.stdout).toBe(1);
  expect(seen.stdout).toMatch(/^error /m);
  expect(seen.stdout).not.toContain('status 200');
  const size = 10 << 20;
  const big = ok(await client(harness, bridge, ['--body-size', String(size), 'POST', `${server.h2}/echo`]));
  expect(big).toContain(`header x-received-bytes: ${size}\n`);
  expect(big).toContain(`body-bytes ${size}\nbody-fnv ${patternFnv(size)}\n`);
});

test('the page remembers an origin that takes bodies only whole: a second run to it does not try streaming again', async ({ harness, bridge }) => {
  // A streamed attempt Chromium refuses never reaches the server, but the browser reports it
  // (worker fetches too): each run's requests to the HTTP/1.1 server, as seen by the browser.
  let attempts: string[] = [];
  harness.context().on('request', (request) => {
    if (request.url().startsWith(server.h1s)) attempts.push(request.method());
  });
  harness.context().on('requestfailed', (request) => {
    const refusal = request.failure()?.errorText ?? '';
    if (request.url().startsWith(server.h1s) && /ALPN|H2_OR_QUIC/.test(refusal)) attempts.push(`refused ${refusal}`);
  });
  const slow = ['--body-size', '3000', '--chunk', '1000', '--chunk-delay', '100', 'POST', `${server.h1s}/arrivals`];
  const runs: string[][] = [];
  for (let i = 0; i < 2; i++) {
    attempts = [];
    const whole = ok(await client(harness, bridge, slow));
    expect(whole).toContain(`header x-http-version: 1.1\nheader x-received-bytes: 3000\nheader x-received-fnv: ${patternFnv(3000)}\n`);
    expect(contentLength(whole)).toBe('3000');
    runs.push(attempts);
  }
  // The first run tries a stream, is refused, and sends the body whole; the second (a new
  // worker, in the same page) sends it whole at once.
  expect(runs[0]).toEqual(['POST', expect.stringMatching(/^refused net::ERR_/), 'POST']);
  expect(runs[1]).toEqual(['POST']);
});

test('a body written before handle(), with the method and a header the server sees', async ({ harness, bridge }) => {
  const out = ok(
    await client(harness, bridge, ['--body-first', '-H', 'X-Test: hello', '--print-body', '--body', 'ping', 'PUT', `${server.origin}/echo`]),
  );
  expect(out).toContain('header x-method: PUT\n');
  expect(out).toContain('header x-received-test: hello\n');
  expect(out).toContain('body:ping\n');
});

test('fields: forbidden and malformed names refused, request headers immutable, repeated headers kept', async ({ harness, bridge }) => {
  const out = ok(
    await client(harness, bridge, [
      '-H', 'Connection: close', '-H', 'Host: example.com', '-H', 'bad name: x', '-H', 'x-test: yes',
      '--check-immutable', 'GET', `${server.origin}/headers`,
    ]),
  );
  expect(out).toContain('header-error Connection forbidden\n');
  expect(out).toContain('header-error Host forbidden\n');
  expect(out).toContain('header-error bad name invalid-syntax\n');
  expect(out).toContain('request headers append: immutable\n');
  expect(out).toContain('header x-multi: one, two\n');
  expect(out).toContain('status 200\n');
});

test('redirects are followed as fetch follows them', async ({ harness, bridge }) => {
  const out = ok(await client(harness, bridge, ['--print-body', 'GET', `${server.origin}/redirect`]));
  expect(out).toContain('status 200\n');
  expect(out).toContain('body:hello from the server\n');
});

test('with an allow-list a redirect is refused, also to an origin the list does not allow', async ({ harness, bridge }) => {
  const allow = { allow: [server.origin] };
  // Asked directly, the other origin is denied; through a redirect from an allowed one, too.
  const direct = await client(harness, bridge, ['GET', `${server.h1s}/hello`], allow);
  expect(direct.stdout).toContain('error HTTP-request-denied');
  const hop = `${server.origin}/redirect-to?url=${encodeURIComponent(`${server.h1s}/hello`)}`;
  const bounced = await client(harness, bridge, ['--print-body', 'GET', hop], allow);
  expect(bounced.stdout).not.toContain('hello from the server');
  expect(bounced.stdout).toContain('error HTTP-request-denied');
  expect(bounced.stderr).toContain('answered with a redirect, refused');
  expect(bounced.stderr).toContain("--allow-http '*'");
  expect(bounced.exitCode).toBe(1);
  // The browser hides even a same-origin redirect's target: refused too, where a list limits origins.
  const same = await client(harness, bridge, ['GET', `${server.origin}/redirect`], allow);
  expect(same.stdout).toContain('error HTTP-request-denied');
  // With every origin allowed, redirects are followed.
  const open = ok(await client(harness, bridge, ['--print-body', 'GET', hop], true));
  expect(open).toContain('body:hello from the server\n');
});

test('each timeout against a slow server', async ({ harness, bridge }) => {
  const firstByte = await client(harness, bridge, ['--first-byte-timeout', '300', 'GET', `${server.origin}/slow-head?ms=5000`]);
  expect(firstByte.stdout).toContain('error connection-read-timeout');
  const connect = await client(harness, bridge, ['--connect-timeout', '300', 'GET', `${server.origin}/slow-head?ms=5000`]);
  expect(connect.stdout).toContain('error connection-timeout');
  const between = await client(harness, bridge, ['--between-bytes-timeout', '300', 'GET', `${server.origin}/slow-body?ms=5000`]);
  expect(between.stdout).toContain('status 200\n');
  expect(between.stdout).toMatch(/stream-error .*between-bytes-timeout/);
  expect(between.stdout).toContain('error connection-read-timeout');
  for (const r of [firstByte, connect, between]) expect(r.exitCode).toBe(1);
  // A timeout longer than the wait is no failure.
  ok(await client(harness, bridge, ['--first-byte-timeout', '5000', 'GET', `${server.origin}/slow-head?ms=200`]));
});

test('network failures: a refused port, an unknown host, a CORS refusal', async ({ harness, bridge }) => {
  const refused = await client(harness, bridge, ['GET', `${server.refused}/`]);
  expect(refused.stdout).toContain('error connection-refused');
  const unknown = await client(harness, bridge, ['GET', 'http://no-such-host.invalid/']);
  expect(unknown.stdout).toContain('error DNS-error rcode=address not available');
  const cors = await client(harness, bridge, ['GET', `${server.origin}/no-cors`]);
  expect(cors.stdout).toContain('error HTTP-request-denied');
  for (const r of [refused, unknown, cors]) expect(r.exitCode).toBe(1);
});

test('permission: off by default, an allow-list with wildcards, bad entries rejected', async ({ harness, bridge }) => {
  const denied = await client(harness, bridge, ['GET', `${server.origin}/hello`], null);
  expect(denied.stdout).toContain('error HTTP-request-denied');
  expect(denied.stderr).toContain('pass `http: true`');
  expect(denied.stderr).toContain(`the CLI: \`--allow-http ${server.origin}\``);
  const allowed = ok(await client(harness, bridge, ['GET', `${server.origin}/hello`], { allow: ['http://127.0.0.1:*'] }));
  expect(allowed).toContain('status 200\n');
  const other = await client(harness, bridge, ['GET', `${server.origin}/hello`], { allow: ['https://*.example.com'] });
  expect(other.stdout).toContain('error HTTP-request-denied');
  expect(other.stderr).toContain('not in `http.allow`');
  const bad = await client(harness, bridge, ['GET', `${server.origin}/hello`], { allow: ['127.0.0.1'] });
  expect(bad.error?.message).toMatch(/http.allow entries are origins/);
});
