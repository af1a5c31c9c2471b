// wasi:sockets through the public run(): a page has no raw sockets, so every request is refused
// with the error code wasmtime gives without network access, and the component still runs.
import { expect, runGuest, test } from './fixtures.ts';

test('tcp and udp sockets are access-denied, name lookup a permanent resolver failure', async ({ harness, bridge }) => {
  const r = await runGuest(harness, 'sockets.wasm', { bridge });
  expect(r.error).toBeUndefined();
  expect(r).toMatchObject({
    exitCode: 0,
    stdout: 'tcp access-denied\nudp access-denied\nlookup permanent-resolver-failure\n',
    stderr: '',
    bridge,
  });
  expect(r.trap).toBeUndefined();
});
