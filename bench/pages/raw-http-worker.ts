// The raw side of the HTTP GET row: a worker that fetches a URL and reads the whole body as it
// streams, timed inside the worker (its start-up is not part of the GET).
self.onmessage = async (event: MessageEvent<{ url: string }>) => {
  const t0 = performance.now();
  const response = await fetch(event.data.url, { cache: 'no-store' });
  const reader = response.body!.getReader();
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
  }
  self.postMessage({ ms: performance.now() - t0, bytes });
};
