// wasi:http rows (bench/pages/http.ts):
//   http GET 1 MiB (jspi|atomics[, non-blocking]): ms from the request to the body's last byte,
//     http-client.wasm through run() (as the component times it) against a raw fetch read in a worker
//     and against preview2-shim running the same component; target: ours/raw <= 1.25, that is at
//     least 80% of the raw throughput.
//   serve hello (jspi|atomics): ms per sequential GET /hello through serve() (a fresh instance per
//     request), against preview2-shim's InMemoryHttpClient on one instance of the same handler.
// The GETs go to e2e/http-server.mjs on 127.0.0.1 (CORS), started here.
import { startHttpServer } from '../../e2e/http-server.mjs';

const SIZE = 1 << 20;
const SERVE_N = 50;

/** @param {import('../run.mjs').BenchContext} ctx */
export async function measure(ctx) {
  const upstream = await startHttpServer();
  const url = `${upstream.origin}/bytes?n=${SIZE}`;
  const client = '/guests/http-client.wasm';
  const handler = '/guests/http-handler.wasm';
  const context = await ctx.newContext();
  const page = await ctx.openPage(context);
  const get = {};
  const served = {};
  const columns = () => ({ ours: [], raw: [], shim: [] });
  for (const key of ['jspi', 'atomics', 'jspi non-blocking']) get[key] = columns();
  for (const key of ['jspi', 'atomics', 'jspi reuse']) served[key] = columns();
  const check = (r) => {
    if (r.bytes !== SIZE) throw new Error(`a GET read ${r.bytes} bytes, not ${SIZE}`);
    return r.ms;
  };
  try {
    for (let i = -1; i < ctx.iterations; i++) {
      const keep = (list, value) => i >= 0 && list.push(value);
      const raw = check(await ctx.call(page, 'httpGetRaw', url));
      keep(get.jspi.raw, raw);
      keep(get['jspi non-blocking'].raw, raw);
      keep(get.atomics.raw, raw);
      keep(get.jspi.ours, check(await ctx.call(page, 'httpGetOurs', client, url, 'jspi', false)));
      keep(get['jspi non-blocking'].ours, check(await ctx.call(page, 'httpGetOurs', client, url, 'jspi', true)));
      keep(get.atomics.ours, check(await ctx.call(page, 'httpGetOurs', client, url, 'atomics', false)));
      // The shim keeps module state (args, stdout): a new page each time.
      const shim = check(await ctx.callInNewPage(context, 'httpGetShim', client, url, false));
      keep(get.jspi.shim, shim);
      keep(get.atomics.shim, shim);
      keep(get['jspi non-blocking'].shim, check(await ctx.callInNewPage(context, 'httpGetShim', client, url, true)));

      keep(served.jspi.ours, await ctx.call(page, 'serveOurs', handler, 'jspi', SERVE_N, false));
      keep(served['jspi reuse'].ours, await ctx.call(page, 'serveOurs', handler, 'jspi', SERVE_N, true));
      keep(served.atomics.ours, await ctx.call(page, 'serveOurs', handler, 'atomics', SERVE_N, false));
      const shimServe = await ctx.callInNewPage(context, 'serveShim', handler, SERVE_N);
      for (const key of Object.keys(served)) keep(served[key].shim, shimServe);
    }
  } finally {
    await context.close();
    await upstream.close();
  }
  const strip = ({ raw, ...rest }) => rest;
  return [
    ...Object.entries(get).map(([key, samples]) => ({
      row: `http GET 1 MiB (${key})`,
      unit: 'ms',
      ...samples,
      target: { vs: 'raw', max: 1.25 },
      note: `ms from the request to the last body byte, the last of 3 GETs in one run (warm); ours: get-ms printed by http-client.wasm --discard --repeat 3${key.includes('non-blocking') ? ' --nonblocking' : ''}; raw: fetch + reader in a worker; shim: preview2-shim (JSPI), the same component's run export`,
    })),
    ...Object.entries(served).map(([key, samples]) => ({
      row: `serve hello (${key})`,
      unit: 'ms',
      ...strip(samples),
      note: `ms per request of ${SERVE_N} sequential GET /hello (requests/s = 1000 / ms); ours: serve()${key.includes('reuse') ? ' with reuseInstance' : ', a fresh instance per request'}; shim: preview2-shim's InMemoryHttpClient on one instance in the page`,
    })),
  ];
}
