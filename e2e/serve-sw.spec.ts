// wasi-browser/service-worker: a Service Worker relays fetches and an iframe's navigation to
// a component served in the page.
import { expect, test } from './fixtures.ts';

test('fetch() and an iframe in the page are answered by the component', async ({ page, bridge }) => {
  page.on('pageerror', (e) => console.error('pageerror:', e.message));
  await page.goto('/e2e/sw-page.html');
  await page.waitForFunction(() => (window as any).harnessReady === true);
  const out = await page.evaluate(async (bridge) => {
    const w = window as any;
    const registration = await navigator.serviceWorker.register(w.swUrl, { type: 'module', scope: '/' });
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
    const before = await fetch('/hello');
    const beforeStatus = before.status;
    const server = await w.wasi.serve('/guests/http-handler.wasm', { bridge });
    const stop = await w.wasi.answerServiceWorker(server);
    const hello = await fetch('/hello');
    const iframe = document.createElement('iframe');
    iframe.src = '/app/';
    const loaded = new Promise((resolve) => (iframe.onload = resolve));
    document.body.append(iframe);
    await loaded;
    const framed = iframe.contentDocument?.getElementById('from')?.textContent;
    stop();
    await server.close();
    await registration.unregister();
    return { beforeStatus, status: hello.status, text: await hello.text(), handler: hello.headers.get('x-handler'), framed };
  }, bridge);
  expect(out).toEqual({
    beforeStatus: 503,
    status: 200,
    text: 'hello from a component\n',
    handler: 'c',
    framed: 'served by a component',
  });
});
