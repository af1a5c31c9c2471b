// serve(): a wasi:http/proxy component (http-handler.c) as a function from Request to Response.
import { expect, test } from './fixtures.ts';
// @ts-ignore: a plain .mjs helper
import { startHttpServer } from './http-server.mjs';

let upstream: { origin: string; close(): Promise<void> };
test.beforeAll(async () => {
  upstream = await startHttpServer();
});
test.afterAll(async () => {
  await upstream.close();
});

test('answers requests, several at once, each in a fresh instance', async ({ harness, bridge }) => {
  const out = await harness.evaluate(async (bridge) => {
    const server = await (window as any).wasi.serve('/guests/http-handler.wasm', { bridge });
    const hello = await server.fetch('/hello');
    const slow = await Promise.all([1, 2, 3, 4, 5].map((i) => server.fetch(`/slow?ms=${50 * i}`).then((r: Response) => r.text())));
    const counts = await Promise.all([1, 2, 3].map(() => server.fetch('/count').then((r: Response) => r.text())));
    const missing = await server.fetch(new Request('http://example.com/nothing'));
    const result = {
      status: hello.status,
      type: hello.headers.get('content-type'),
      handler: hello.headers.get('x-handler'),
      text: await hello.text(),
      slow,
      counts,
      missing: [missing.status, await missing.text()],
    };
    await server.close();
    return result;
  }, bridge);
  expect(out).toEqual({
    status: 200,
    type: 'text/plain',
    handler: 'c',
    text: 'hello from a component\n',
    slow: ['slept 50\n', 'slept 100\n', 'slept 150\n', 'slept 200\n', 'slept 250\n'],
    counts: ['count 1\n', 'count 1\n', 'count 1\n'],
    missing: [404, 'no route\n'],
  });
});

test('a request waiting on its body does not hold up the next (JSPI: one worker; Atomics: workers: 2)', async ({ harness, bridge }) => {
  const out = await harness.evaluate(async (bridge) => {
    // In the Atomics tier a worker blocks while its handler waits: a second worker answers.
    const server = await (window as any).wasi.serve('/guests/http-handler.wasm', { bridge, workers: bridge === 'atomics' ? 2 : 1 });
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    const first = server.fetch('/echo', { method: 'POST', body, duplex: 'half' } as RequestInit).then((r: Response) => r.text());
    // /echo now blocks reading its body, which comes only after /hello is answered.
    const hello = await (await server.fetch('/hello')).text();
    controller.enqueue(new TextEncoder().encode('late'));
    controller.close();
    const echoed = await first;
    await server.close();
    return { hello, echoed };
  }, bridge);
  expect(out).toEqual({ hello: 'hello from a component\n', echoed: 'late' });
});

test('reuseInstance keeps one instance across requests', async ({ harness, bridge }) => {
  const counts = await harness.evaluate(async (bridge) => {
    const server = await (window as any).wasi.serve('/guests/http-handler.wasm', { bridge, reuseInstance: true });
    const out = [];
    for (let i = 0; i < 3; i++) out.push(await (await server.fetch('/count')).text());
    await server.close();
    return out;
  }, bridge);
  expect(counts).toEqual(['count 1\n', 'count 2\n', 'count 3\n']);
});

test('bodies stream both ways: each piece is echoed before the request body ends', async ({ harness, bridge }) => {
  const out = await harness.evaluate(async (bridge) => {
    const server = await (window as any).wasi.serve('/guests/http-handler.wasm', { bridge });
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    const response: Response = await server.fetch('/echo?x=1', { method: 'POST', body, duplex: 'half', headers: { 'x-test': 'streamed' } } as RequestInit);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    const seen: string[] = [];
    for (const piece of ['one', 'two', 'three']) {
      controller.enqueue(new TextEncoder().encode(piece));
      let got = '';
      while (got.length < piece.length) {
        const { value, done } = await reader.read();
        if (done) break;
        got += decoder.decode(value);
      }
      seen.push(got);
    }
    controller.close();
    const end = await reader.read();
    const big = new Uint8Array(10 << 20).map((_, i) => i % 251);
    const echoed = new Uint8Array(await (await server.fetch('/echo', { method: 'PUT', body: big })).arrayBuffer());
    let same = echoed.byteLength === big.byteLength;
    for (let i = 0; same && i < big.byteLength; i++) same = echoed[i] === big[i];
    await server.close();
    return {
      seen,
      done: end.done,
      method: response.headers.get('x-method'),
      path: response.headers.get('x-path'),
      test: response.headers.get('x-test'),
      bigSame: same,
    };
  }, bridge);
  expect(out).toEqual({ seen: ['one', 'two', 'three'], done: true, method: 'POST', path: '/echo?x=1', test: 'streamed', bigSame: true });
});

test('a trap becomes a 500 with the message; a trap mid-body errors the body; the server goes on', async ({ harness, bridge }) => {
  const out = await harness.evaluate(async (bridge) => {
    const server = await (window as any).wasi.serve('/guests/http-handler.wasm', { bridge });
    const trapped = await server.fetch('/trap');
    const late = await server.fetch('/late-trap');
    let lateBody: string;
    try {
      lateBody = `resolved: ${await late.text()}`;
    } catch (e: any) {
      lateBody = `rejected: ${e.name}`;
    }
    const after = await (await server.fetch('/hello')).text();
    await server.close();
    return { status: trapped.status, text: await trapped.text(), late: late.status, lateBody, after };
  }, bridge);
  expect(out.status).toBe(500);
  expect(out.text).toMatch(/^the component trapped: .*unreachable/);
  expect(out.late).toBe(200);
  expect(out.lateBody).toBe('rejected: TypeError');
  expect(out.after).toBe('hello from a component\n');
});

test("the handler's own requests follow the http permission", async ({ harness, bridge }) => {
  const out = await harness.evaluate(async ({ bridge, origin }) => {
    const wasi = (window as any).wasi;
    const allowed = await wasi.serve('/guests/http-handler.wasm', { bridge, http: { allow: [origin] } });
    const yes = await (await allowed.fetch(`/fetch?${origin}/hello`)).text();
    await allowed.close();
    const denied = await wasi.serve('/guests/http-handler.wasm', { bridge });
    const no = await (await denied.fetch(`/fetch?${origin}/hello`)).text();
    await denied.close();
    return { yes, no };
  }, { bridge, origin: upstream.origin });
  expect(out.yes).toBe('upstream 200\n');
  expect(out.no).toBe('upstream error 15\n'); // 15: HTTP-request-denied
});

test('a component that is not a proxy, and a preview 1 core module, are refused at once', async ({ harness, bridge }) => {
  const [command, core] = await harness.evaluate(async (bridge) => {
    const refusal = (url: string) =>
      (window as any).wasi.serve(url, { bridge }).then(
        () => 'resolved',
        (e: any) => `${e.name}: ${e.message}`,
      );
    return [await refusal('/guests/hello.wasm'), await refusal('/guests/core/hello.wasm')];
  }, bridge);
  expect(command).toMatch(/does not export wasi:http\/incoming-handler/);
  // Preview 1 has no HTTP: the error says so and what to do instead.
  expect(core).toMatch(/^TypeError: serve\(\) takes a wasi:http\/proxy component, and this is a WASI preview 1 core module, which cannot serve HTTP/);
  expect(core).toContain('Run it with run() instead, or build the server as a wasi:http/proxy component');
});
