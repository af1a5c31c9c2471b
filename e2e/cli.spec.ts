// The `wasi-browser` command line, run as a child process against the test components, with
// `--bridge` following the Playwright project. What the CLI adds around run() does not depend on
// the tier (run() itself is tested in both): those tests are tagged ONCE and run in the jspi
// project only; what waits, blocks or is interrupted mid-run runs in both.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, collect, freePort, guest, start, useLibraryBuild, waitForOutput } from './cli.ts';
import { ONCE, expect, test } from './fixtures.ts';

useLibraryBuild();

test.describe.configure({ timeout: 120_000 });

test('run: stdout, args in order with argv[0] the component path, options after COMPONENT are the guest’s', ONCE, async ({ bridge }) => {
  const r = await cli(['run', '--bridge', bridge, guest('cli.wasm'), 'args', 'two words', 'ünïcode', '', '--env', 'X=1']);
  expect(r.stderr).toBe('');
  expect(r.stdout).toBe([guest('cli.wasm'), 'args', 'two words', 'ünïcode', '', '--env', 'X=1', ''].join('\n'));
  expect(r.code, r.stderr).toBe(0);
  const renamed = await cli(['run', '--bridge', bridge, '--argv0', 'tool', guest('cli.wasm'), 'args']);
  expect({ code: renamed.code, stdout: renamed.stdout }, renamed.stderr).toEqual({ code: 0, stdout: 'tool\nargs\n' });
});

test('run: without --bridge the tier is chosen as run() chooses it (auto)', ONCE, async () => {
  const r = await cli(['run', guest('hello.wasm')]);
  expect({ code: r.code, stdout: r.stdout }, r.stderr).toEqual({ code: 0, stdout: 'hello from wasi-browser\n' });
});

test('run: --env NAME=VALUE, --env NAME takes the host value, nothing else leaks in', ONCE, async ({ bridge }) => {
  // (An empty value is left out: jco's preview1 adapter drops its NUL, also under `jco run`.)
  const r = await cli(['run', '--bridge', bridge, '--env', 'A=1', '--env=B=x=y', '--env', 'FROM_HOST', '--env', 'UNSET_HERE', guest('cli.wasm'), 'env'], {
    env: { FROM_HOST: 'host value', NOT_PASSED: 'x' },
  });
  const lines = r.stdout.split('\n').filter(Boolean).sort();
  expect({ code: r.code, lines }, r.stderr).toEqual({ code: 0, lines: ['A=1', 'B=x=y', 'FROM_HOST=host value'] });
});

test('run: exit codes are the guest’s: exit(1), exit-with-code(42) (0 in the other tests)', ONCE, async ({ bridge }) => {
  const [one, fortyTwo] = await Promise.all([
    cli(['run', '--bridge', bridge, guest('cli.wasm'), 'exit', '1']),
    cli(['run', '--bridge', bridge, guest('exit-code.wasm')]),
  ]);
  expect([one.code, fortyTwo.code], [one.stderr, fortyTwo.stderr].join('\n')).toEqual([1, 42]);
  expect(one.stderr + fortyTwo.stderr).toBe('');
});

test('run: stdin piped in reaches the guest byte for byte', ONCE, async ({ bridge }) => {
  const input = Buffer.alloc(300_000);
  let sum = 0;
  for (let i = 0; i < input.length; i++) sum = (sum + (input[i] = (i * 7919) & 0xff)) >>> 0;
  const count = await cli(['run', '--bridge', bridge, guest('cli.wasm'), 'count'], { stdin: input });
  expect({ code: count.code, stdout: count.stdout }, count.stderr).toEqual({ code: 0, stdout: `bytes=${input.length} sum=${sum}\n` });
});

test('run: output streams while the guest waits on stdin, and a read returns when a line arrives', async ({ bridge }) => {
  const child = start(['run', '--bridge', bridge, guest('cli.wasm'), 'prompt']);
  const done = collect(child);
  // The guest prints `ready` and blocks reading; only then is a line typed, and stdin stays open.
  await waitForOutput(child, 'stdout', 'ready\n', 'the CLI ended before the guest asked for input');
  child.stdin!.write('Ada Lovelace\n');
  const r = await done;
  expect({ code: r.code, stdout: r.stdout }, r.stderr).toEqual({ code: 0, stdout: 'ready\ngot Ada Lovelace\n' });
  child.stdin!.end();
});

test('run: stdout and stderr go to their own streams; a big output arrives whole', ONCE, async ({ bridge }) => {
  const [interleave, big] = await Promise.all([
    cli(['run', '--bridge', bridge, guest('cli.wasm'), 'interleave', '3']),
    cli(['run', '--bridge', bridge, guest('cli.wasm'), 'bigout', '600000']),
  ]);
  expect({ code: interleave.code, stdout: interleave.stdout }, interleave.stderr).toEqual({ code: 0, stdout: 'out 0\nout 1\nout 2\n' });
  expect(interleave.stderr).toBe('err 0\nerr 1\nerr 2\n');
  expect(big.stdout.length, big.stderr).toBe(600_000);
  expect(big.stdout.slice(0, 30)).toBe('abcdefghijklmnopqrstuvwxyzabcd');
  const expected = Array.from({ length: 600_000 }, (_, k) => String.fromCharCode(97 + (k % 26))).join('');
  expect(big.stdout === expected).toBe(true);
  expect(big.code, big.stderr).toBe(0);
});

test('run: a trap exits 134 with the message on stderr, output before it kept', ONCE, async ({ bridge }) => {
  const r = await cli(['run', '--bridge', bridge, guest('cli.wasm'), 'trap']);
  expect(r.stdout).toBe('about to trap\n');
  expect(r.stderr).toMatch(/^wasi-browser: wasm trap: .*unreachable/);
  expect(r.code, r.stderr).toBe(134);
});

test('run: --timeout stops a guest that runs too long, exit 124', async ({ bridge }) => {
  const r = await cli(['run', '--bridge', bridge, '--timeout', '1', guest('cli.wasm'), 'sleep', '600000']);
  expect(r.stderr).toContain('did not finish within 1 s');
  expect(r.stdout).toBe('');
  expect(r.code, r.stderr).toBe(124);
});

test('run: --timeout ends a guest flooding stdout: exit 124, its lines in order, no crash', async ({ bridge }) => {
  // Without back-pressure the page flooded Node with output calls: minutes, then out of memory.
  const child = start(['run', '--bridge', bridge, '--timeout', '3', guest('cli.wasm'), 'flood']);
  child.stdin!.end();
  let bytes = 0;
  let head = '';
  let tail = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    bytes += d.length;
    if (head.length < 64) head += d.slice(0, 64);
    tail = (tail + d).slice(-64);
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const code = await new Promise((resolve) => child.on('close', resolve));
  expect(stderr).toContain('did not finish within 3 s');
  expect(code, stderr).toBe(124);
  expect(bytes).toBeGreaterThan(0);
  expect(head.startsWith('0\n1\n2\n')).toBe(true);
  expect(tail).toMatch(/\n\d+\n$/);
});

/** Every path under `dir` (folders end in `/`), with each file's text. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true }) as any[]) {
    const path = join(entry.parentPath ?? entry.path, entry.name).slice(dir.length + 1);
    if (entry.isDirectory()) out[`${path}/`] = '';
    else if (entry.isSymbolicLink()) out[`${path}@`] = '';
    else out[path] = readFileSync(join(dir, path), 'utf8');
  }
  return out;
}

test('run: a preview 1 core module runs as it is: output, stdin, --dir written back, proc_exit(n) as wasmtime gives it', ONCE, async ({ bridge }) => {
  const host = mkdtempSync(join(tmpdir(), 'wasi-browser-cli-'));
  writeFileSync(join(host, 'a.txt'), 'old');
  writeFileSync(join(host, 'rm.txt'), 'remove me');
  const [hello, count, ops, exit42, exit200] = await Promise.all([
    cli(['run', '--bridge', bridge, guest('core/hello.wasm')]),
    cli(['run', '--bridge', bridge, guest('core/cli.wasm'), 'count'], { stdin: Buffer.from([1, 2, 3, 250]) }),
    cli(['run', '--bridge', bridge, '--dir', `${host}::/data`, guest('core/dir-ops.wasm'),
      'cat', '/data/a.txt', 'write', '/data/a.txt', 'new', 'mkdir', '/data/made', 'rm', '/data/rm.txt']),
    cli(['run', '--bridge', bridge, guest('core/cli.wasm'), 'exit', '42']),
    cli(['run', '--bridge', bridge, guest('core/cli.wasm'), 'exit', '200']),
  ]);
  expect({ code: hello.code, stdout: hello.stdout, stderr: hello.stderr }).toEqual({ code: 0, stdout: 'hello from wasi-browser\n', stderr: '' });
  expect({ code: count.code, stdout: count.stdout }, count.stderr).toEqual({ code: 0, stdout: 'bytes=4 sum=256\n' });
  expect({ code: ops.code, stdout: ops.stdout }, ops.stderr).toEqual({ code: 0, stdout: 'oldwrote /data/a.txt\nmkdir /data/made\nrm /data/rm.txt\n' });
  expect(tree(host)).toEqual({ 'a.txt': 'new', 'made/': '' });
  rmSync(host, { recursive: true, force: true });
  // n itself (a component's adapter folds it to 1), but from 126 on 1 and wasmtime's message.
  expect({ code: exit42.code, stderr: exit42.stderr }).toEqual({ code: 42, stderr: '' });
  expect(exit200.stderr).toBe('wasi-browser: proc_exit(200): exit with invalid exit status outside of [0..126)\n');
  expect(exit200.code).toBe(1);
});

test('--dir: the host folder is the guest’s; new, changed and removed files and folders are written back', ONCE, async ({ bridge }) => {
  const host = mkdtempSync(join(tmpdir(), 'wasi-browser-cli-'));
  mkdirSync(join(host, 'sub'));
  mkdirSync(join(host, 'gone/deep'), { recursive: true });
  mkdirSync(join(host, 'empty'));
  writeFileSync(join(host, 'a.txt'), 'old');
  writeFileSync(join(host, 'sub/keep.txt'), 'untouched');
  writeFileSync(join(host, 'gone/deep/x'), 'bye');
  writeFileSync(join(host, 'rm.txt'), 'remove me');
  symlinkSync('a.txt', join(host, 'link'));
  const r = await cli(['run', '--bridge', bridge, '--dir', `${host}::/data`, guest('dir-ops.wasm'),
    'ls', '/data', 'cat', '/data/a.txt', 'cat', '/data/link', 'cat', '/data/sub/keep.txt',
    'write', '/data/a.txt', 'new', 'write', '/data/sub/n.txt', 'fresh', 'mkdir', '/data/made',
    'rm', '/data/rm.txt', 'rm', '/data/gone/deep/x', 'rmdir', '/data/gone/deep', 'rmdir', '/data/gone']);
  expect(r.stdout.split('\n').slice(0, 1)).toEqual(['ls /data: a.txt empty gone link rm.txt sub']);
  expect(r.stdout).toContain('\noldolduntouchedwrote /data/a.txt\n');
  expect(r.code, r.stderr).toBe(0);
  expect(tree(host)).toEqual({
    'a.txt': 'new',
    'empty/': '',
    'link@': '',
    'made/': '',
    'sub/': '',
    'sub/keep.txt': 'untouched',
    'sub/n.txt': 'fresh',
  });
  rmSync(host, { recursive: true, force: true });
});

test('--dir: a run that traps still writes back what it wrote; HOST alone mounts at the same path', ONCE, async ({ bridge }) => {
  const host = mkdtempSync(join(tmpdir(), 'wasi-browser-cli-'));
  writeFileSync(join(host, 'a.txt'), 'old');
  const r = await cli(['run', '--bridge', bridge, '--dir', host, guest('dir-ops.wasm'),
    'write', `${host}/before-trap.txt`, 'kept', 'rm', `${host}/a.txt`, 'trap', 'write', `${host}/after.txt`, 'never']);
  expect(r.stdout).toBe(`wrote ${host}/before-trap.txt\nrm ${host}/a.txt\n`);
  expect(r.code, r.stderr).toBe(134);
  expect(tree(host)).toEqual({ 'before-trap.txt': 'kept' });
  rmSync(host, { recursive: true, force: true });
});

test('--dir: Ctrl-C stops a blocked guest, writes back what it wrote, exits 130', async ({ bridge }) => {
  const host = mkdtempSync(join(tmpdir(), 'wasi-browser-cli-'));
  const child = start(['run', '--bridge', bridge, '--dir', `${host}::/d`, guest('dir-ops.wasm'),
    'write', '/d/before.txt', 'kept', 'wait', 'write', '/d/after.txt', 'never']);
  const done = collect(child);
  // Once the guest has written and blocks on stdin (left open), the user presses Ctrl-C.
  await waitForOutput(child, 'stdout', 'wrote /d/before.txt\n', 'the CLI ended before the guest blocked');
  child.kill('SIGINT');
  const r = await done;
  expect({ code: r.code, stdout: r.stdout }, r.stderr).toEqual({ code: 130, stdout: 'wrote /d/before.txt\n' });
  expect(tree(host)).toEqual({ 'before.txt': 'kept' });
  rmSync(host, { recursive: true, force: true });
});

test('--dir: Ctrl-C while the folder is still being copied in stops there; the guest never runs', ONCE, async ({ bridge }) => {
  const host = mkdtempSync(join(tmpdir(), 'wasi-browser-cli-'));
  // Big enough that copying it into the browser takes seconds.
  for (const name of ['a.bin', 'b.bin', 'c.bin']) writeFileSync(join(host, name), Buffer.alloc(32 << 20, 7));
  const child = start(['run', '--bridge', bridge, '--dir', `${host}::/d`, guest('dir-ops.wasm'), 'write', '/d/x.txt', 'ran'], { WASI_BROWSER_DEBUG: '1' });
  child.stdin!.end();
  const done = collect(child);
  await waitForOutput(child, 'stderr', 'copying the --dir folders into the browser', 'the CLI ended before copying');
  child.kill('SIGINT');
  const r = await done;
  expect({ code: r.code, stdout: r.stdout }, r.stderr).toEqual({ code: 130, stdout: '' });
  expect(readdirSync(host).sort()).toEqual(['a.bin', 'b.bin', 'c.bin']);
  rmSync(host, { recursive: true, force: true });
});

test('--allow-http: wasi:http requests go out only to the origins given', ONCE, async ({ bridge }) => {
  const upstream = createServer((req, res) => {
    res.writeHead(200, { 'access-control-allow-origin': '*', 'content-type': 'text/plain' });
    res.end(`upstream saw ${req.method} ${req.url}\n`);
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  try {
    const [allowed, wildcard, denied] = await Promise.all([
      cli(['run', '--bridge', bridge, '--allow-http', origin, guest('http-client.wasm'), '--print-body', 'GET', `${origin}/x?y=1`]),
      cli(['run', '--bridge', bridge, '--allow-http', 'http://127.0.0.1:*', guest('http-client.wasm'), 'GET', `${origin}/`]),
      cli(['run', '--bridge', bridge, guest('http-client.wasm'), 'GET', `${origin}/`]),
    ]);
    expect(allowed.stdout).toContain('status 200\n');
    expect(allowed.stdout).toContain('upstream saw GET /x?y=1\n');
    expect(wildcard.stdout).toContain('status 200\n');
    expect(denied.stdout).toContain('error HTTP-request-denied');
    expect([allowed.code, wildcard.code, denied.code], [allowed.stderr, wildcard.stderr, denied.stderr].join('\n')).toEqual([0, 0, 1]);
  } finally {
    upstream.close();
  }
});

test('serve: a wasi:http/proxy component answers Node’s fetch; a port in use is refused; a signal stops it', ONCE, async ({ bridge }) => {
  const port = await freePort();
  const child = start(['serve', '--bridge', bridge, guest('http-handler.wasm'), '--port', String(port)]);
  const done = collect(child);
  try {
    await waitForOutput(child, 'stderr', 'serving', 'serve ended before it was serving');
    const origin = `http://127.0.0.1:${port}`;
    const hello = await fetch(`${origin}/hello`);
    expect(hello.status).toBe(200);
    expect(hello.headers.get('x-handler')).toBe('c');
    expect(await hello.text()).toBe('hello from a component\n');

    const echo = await fetch(`${origin}/echo?q=1`, { method: 'POST', body: 'a request body', headers: { 'x-test': 'yes' } });
    expect(echo.headers.get('x-method')).toBe('POST');
    expect(echo.headers.get('x-path')).toBe('/echo?q=1');
    expect(echo.headers.get('x-test')).toBe('yes');
    expect(await echo.text()).toBe('a request body');

    const [missing, trap] = await Promise.all([fetch(`${origin}/nope`), fetch(`${origin}/trap`)]);
    expect([missing.status, await missing.text()]).toEqual([404, 'no route\n']);
    expect(trap.status).toBe(500);
    expect(await trap.text()).toContain('unreachable');

    const second = await cli(['serve', '--bridge', bridge, guest('http-handler.wasm'), '--port', String(port)]);
    expect(second.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
    expect(second.code, second.stderr).toBe(1);
  } finally {
    child.kill('SIGTERM');
  }
  const r = await done;
  expect(r.code, r.stderr).toBe(143);
});

test('serve spin.toml: a Spin app answers Node’s fetch, routed by the manifest, with --variable', async ({ bridge }) => {
  const port = await freePort();
  const child = start(['serve', '--bridge', bridge, guest('spin-app/spin.toml'), '--port', String(port), '--variable', 'greeting=from the CLI']);
  const done = collect(child);
  try {
    await waitForOutput(child, 'stderr', 'serving', 'serve ended before it was serving');
    const origin = `http://127.0.0.1:${port}`;
    const info = await (await fetch(`${origin}/info`)).text();
    expect(info).toContain(`spin-full-url: ${origin}/info\n`);
    expect(info).toMatch(/\nspin-client-addr: 127\.0\.0\.1:\d+\n/);
    expect(info).toContain('variable greeting=from the CLI, world\n');
    expect(info).toContain('file from a file of the manifest\n');
    expect(await (await fetch(`${origin}/hit`)).text()).toBe('hits 1\n');
  } finally {
    child.kill('SIGTERM');
  }
  expect((await done).code).toBe(143);
});
