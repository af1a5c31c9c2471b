// The raw side of the HTTP GET row: a worker that fetches a URL `rounds` times and reads each
// body as it streams, timed inside the worker; it answers the last (warm) GET.
async function get(url: string): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now();
  const response = await fetch(url, { cache: 'no-store' });
  const reader = response.body!.getReader();
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
  }
  return { ms: performance.now() - t0, bytes };
}

self.onmessage = async (event: MessageEvent<{ url: string; rounds: number }>) => {
  let last = { ms: Number.NaN, bytes: 0 };
  for (let i = 0; i < event.data.rounds; i++) last = await get(event.data.url);
  self.postMessage(last);
};
