// temporary: quick fs measurements in a persistent profile
import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { startServer } from '../e2e/server.mjs';
import { chromiumArgs } from '../e2e/chromium.mjs';
const server = await startServer(Number(process.env.E2E_PORT));
const context = await chromium.launchPersistentContext(mkdtempSync('/tmp/prof-'), { executablePath: '/usr/bin/chromium', args: chromiumArgs, headless: true });
const page = await context.newPage();
page.on('pageerror', (e) => console.log('pageerror', e.message)); page.on('console', (m) => m.text().startsWith('STDERR') && console.log(m.text()));
await page.goto(server.origin + '/bench/pages/bench.html');
await page.waitForFunction(() => window.benchReady === true);
const what = (process.argv[2] ?? 'seqwrite,seqread,randread,smallfiles,streamwrite,streamread').split(',');
const tiers = (process.argv[3] ?? 'jspi,atomics').split(',');
const call = (m, ...a) => page.evaluate(([m, a]) => window.bench[m](...a), [m, a]);
for (let rep = 0; rep < 2; rep++) for (const op of what) {
  const args = { seqwrite: ['seqwrite', 'seq.bin', '64'], seqread: ['seqread', 'seq.bin'], randread: ['randread', 'seq.bin', process.env.N ?? '10000'], smallfiles: ['smallfiles', 'small', '1000'], streamwrite: ['streamwrite', 'stream.bin', '64'], streamread: ['streamread', 'stream.bin'] }[op];
  const scale = op === 'randread' ? Number(process.env.N ?? 10000) : 1000;
  const out = [];
  for (const t of tiers) out.push(`${t} ${((await call('fsOurs', '/guests/fs-bench.wasm', t, 'opfs', args)) / scale).toFixed(2)}`);
  if (!op.startsWith('stream')) {
    const raw = op === 'smallfiles' ? await call('fsRaw', 'smallfiles', 'small', 1000) : await call('fsRaw', op, 'seq.bin', op === 'randread' ? 10000 : op === 'seqwrite' ? 64 : 0);
    out.push(`raw ${(raw / scale).toFixed(2)}`);
  }
  console.log(op, out.join('  '));
}
await context.close(); await server.close();
