/**
 * The page's half of `wasi-browser/service-worker`: answer the requests the Service Worker
 * relays with a served component.
 */
import type { RelayedRequest, RelayedResponse } from './service-worker.ts';
import type { Server } from './serve.ts';
import { messageOf } from '../shared/message.ts';

/**
 * Answer the requests this origin's Service Worker relays (see `relay()` in
 * `wasi-browser/service-worker`) with `server`. Resolves once the Service Worker knows this
 * page; the function it resolves with stops answering.
 */
export async function answerServiceWorker(server: Server): Promise<() => void> {
  if (!('serviceWorker' in navigator)) throw new Error('this browser (or this page, not a secure context) has no Service Workers');
  const registration = await navigator.serviceWorker.ready;
  const worker = registration.active;
  if (!worker) throw new Error('the Service Worker is not active');

  const onMessage = async (event: MessageEvent) => {
    const data = event.data as RelayedRequest;
    if (data?.t !== 'wasi-browser:request') return;
    const port = event.ports[0];
    let answer: RelayedResponse;
    try {
      const init: RequestInit & { duplex?: 'half' } = { method: data.method, headers: data.headers };
      if (data.body) {
        init.body = data.body;
        init.duplex = 'half';
      }
      const response = await server.fetch(new Request(data.url, init));
      answer = { status: response.status, statusText: response.statusText, headers: [...response.headers], body: response.body };
    } catch (e) {
      answer = { error: `the component could not answer: ${messageOf(e)}` };
    }
    const transfer = 'body' in answer && answer.body ? [answer.body as unknown as Transferable] : [];
    port.postMessage(answer, transfer);
  };
  navigator.serviceWorker.addEventListener('message', onMessage);
  navigator.serviceWorker.startMessages();

  const say = (t: string) =>
    new Promise<void>((resolve) => {
      const { port1, port2 } = new MessageChannel();
      port1.onmessage = () => resolve();
      worker.postMessage({ t }, [port2]);
    });
  await say('wasi-browser:answer');
  return () => {
    navigator.serviceWorker.removeEventListener('message', onMessage);
    void say('wasi-browser:stop');
  };
}
