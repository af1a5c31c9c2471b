// temporary: CPU profile of the component worker during one fs-bench run
import { chromium } from 'playwright-core';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { startServer } from '../e2e/server.mjs';
import { chromiumArgs } from '../e2e/chromium.mjs';
const server = await startServer(Number(process.env.E2E_PORT));
const context = await chromium.launchPersistentContext(mkdtempSync('/tmp/prof-'), { executablePath: '/usr/bin/chromium', args: chromiumArgs, headless: true });
const page = await context.newPage();
await page.goto(server.origin + '/bench/pages/bench.html');
await page.waitForFunction(() => window.benchReady === true);
const tier = process.argv[2] ?? 'jspi';
const args = process.argv.slice(3);
const call = (m, ...a) => page.evaluate(([m, a]) => window.bench[m](...a), [m, a]);
await call('fsOurs', '/guests/fs-bench.wasm', tier, 'opfs', ['seqwrite', 'seq.bin', '1']);
const cdp = await context.newCDPSession(page);
const sessions = [];
let nextId = 1;
const pending = new Map();
cdp.on('Target.receivedMessageFromTarget', ({ sessionId, message }) => {
  const m = JSON.parse(message);
  if (m.id && pending.has(m.id)) { pending.get(m.id)(m); pending.delete(m.id); }
});
const send = (sessionId, method, params = {}) => new Promise((resolve) => {
  const id = nextId++;
  pending.set(id, resolve);
  cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(() => resolve(null));
});
cdp.on('Target.attachedToTarget', async ({ sessionId, targetInfo }) => {
  if (targetInfo.type !== 'worker') return;
  sessions.push({ sessionId, targetInfo });
  await send(sessionId, 'Profiler.enable');
  await send(sessionId, 'Profiler.setSamplingInterval', { interval: 50 });
  await send(sessionId, 'Profiler.start');
  await send(sessionId, 'Runtime.runIfWaitingForDebugger');
});
await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: false });
const running = call('fsOurs', '/guests/fs-bench.wasm', tier, 'opfs', args);
await new Promise((r) => setTimeout(r, Number(process.env.PROFILE_MS ?? 5000)));
let i = 0;
for (const s of sessions) {
  const r = await Promise.race([send(s.sessionId, 'Profiler.stop').catch(() => null), new Promise((r) => setTimeout(() => r(null), 3000))]);
  console.log(s.targetInfo.url, !!r?.result?.profile);
  if (r?.result?.profile) writeFileSync(`/tmp/worker-${i++}.cpuprofile`, JSON.stringify(r.result.profile));
}
console.log('result', await running);
await context.close(); await server.close();
