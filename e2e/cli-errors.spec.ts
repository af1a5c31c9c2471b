// The `wasi-browser` command line's errors found before any guest code runs: they do not
// depend on the tier, so this file runs in the jspi project only (playwright.config.ts).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, freePort, guest, root, useLibraryBuild } from './cli.ts';
import { expect, test } from './fixtures.ts';

useLibraryBuild();

test.describe.configure({ timeout: 120_000 });

test('serve: a component that is not a proxy, a preview 1 core module, --dir, a bad spin.toml and --env with one are refused with the reason', async ({ bridge }) => {
  const dir = mkdtempSync(join(tmpdir(), 'wasi-browser-spin-'));
  writeFileSync(join(dir, 'spin.toml'), 'spin_manifest_version = 2\n[application]\nname = "x"\n[[trigger.redis]]\nchannel = "c"\ncomponent = "a"\n');
  const [command, core, withDir, manifest, withEnv] = await Promise.all([
    cli(['serve', '--bridge', bridge, guest('cli.wasm'), '--port', String(await freePort())]),
    cli(['serve', '--bridge', bridge, guest('core/hello.wasm'), '--port', String(await freePort())]),
    cli(['serve', '--bridge', bridge, '--dir', `${root}::/x`, guest('http-handler.wasm')]),
    cli(['serve', '--bridge', bridge, join(dir, 'spin.toml'), '--port', String(await freePort())]),
    cli(['serve', '--bridge', bridge, '--env', 'A=1', guest('spin-app/spin.toml')]),
  ]);
  rmSync(dir, { recursive: true, force: true });
  expect(command.stderr).toContain('does not export wasi:http/incoming-handler');
  expect(core.stderr).toContain(`${guest('core/hello.wasm')} is a WASI preview 1 core module, which cannot serve HTTP`);
  expect(core.stderr).toContain('Run it with `wasi-browser run` instead, or build the server as a wasi:http/proxy component');
  expect(withDir.stderr).toContain('--dir is not supported by `wasi-browser serve`');
  expect(manifest.stderr).toContain('spin.toml: trigger type "redis" ([[trigger.redis]]) is not supported');
  expect(withEnv.stderr).toContain('--env and --allow-http cannot be given with a Spin app');
  expect([command.code, core.code, withDir.code, manifest.code, withEnv.code], [command.stderr, core.stderr, withDir.stderr, manifest.stderr].join('\n')).toEqual([1, 1, 1, 1, 1]);
});

test('errors: a file that is not WebAssembly, or not there, or no library build, before any browser starts', async ({ bridge }) => {
  const [text, missing, unbuilt] = await Promise.all([
    cli(['run', '--bridge', bridge, guest('bad/not-wasm.bin')]),
    cli(['run', '--bridge', bridge, guest('nothing-here.wasm')]),
    cli(['run', '--bridge', bridge, guest('hello.wasm')], { env: { WASI_BROWSER_DIST: join(root, 'no-such-dist') } }),
  ]);
  expect(unbuilt.stderr).toContain('the wasi-browser library is not built');
  expect(unbuilt.stderr).toContain('run `npm run build`');
  expect(unbuilt.code, unbuilt.stderr).toBe(1);
  expect(text.stderr).toContain('not-wasm.bin is not WebAssembly');
  expect(text.stderr).toContain('give a WASI 0.2 component or a WASI preview 1 core module');
  expect(missing.stderr).toContain('nothing-here.wasm: no such file');
  expect([text.code, missing.code], [text.stderr, missing.stderr].join('\n')).toEqual([1, 1]);
});

test('errors: a core module that is no preview 1 command gets the library\'s reason, exit 1, no stack', async ({ bridge }) => {
  const [unknown, threads, noStart] = await Promise.all([
    cli(['run', '--bridge', bridge, guest('bad/core-unknown-import.wasm')]),
    cli(['run', '--bridge', bridge, guest('bad/core-thread-spawn.wasm')]),
    cli(['run', '--bridge', bridge, guest('bad/core-no-start.wasm')]),
  ]);
  expect(unknown.stderr).toMatch(/^wasi-browser: .*the core module imports env\.missing/);
  expect(threads.stderr).toMatch(/^wasi-browser: .*the core module imports wasi\.thread-spawn/);
  expect(noStart.stderr).toMatch(/^wasi-browser: .*exports no _start/);
  for (const r of [unknown, threads, noStart]) {
    expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect({ code: r.code, stdout: r.stdout }, r.stderr).toEqual({ code: 1, stdout: '' });
  }
});

test('errors: a component the browser refuses says why', async ({ bridge }) => {
  const [truncated, missingImport, wrongType] = await Promise.all([
    cli(['run', '--bridge', bridge, guest('bad/truncated.wasm')]),
    cli(['run', '--bridge', bridge, guest('bad/missing-import.wasm')]),
    // exit-with-code typed with a string: it once made the CLI crash with a Node stack.
    cli(['run', '--bridge', bridge, guest('bad/import-wrong-param.wasm')]),
  ]);
  expect(truncated.stderr).toMatch(/^wasi-browser: .*(end-of-file|malformed|truncated)/s);
  expect(missingImport.stderr).toContain('example:missing/thing');
  expect(wrongType.stderr).toBe(
    "wasi-browser: type mismatch in the component's import wasi:cli/exit@0.2.0: exit-with-code: " +
      'expected func(status-code: u8) (the WIT of wasi:cli/exit@0.2.12), given func(status-code: string)\n',
  );
  const codes = [truncated.code, missingImport.code, wrongType.code];
  expect(codes, [truncated.stderr, missingImport.stderr, wrongType.stderr].join('\n')).toEqual([1, 1, 1]);
});

test('errors: no browser found says how to get one', async ({ bridge }) => {
  const missing = join(root, 'no-such-chromium');
  const [fromEnv, fromFlag, notABrowser] = await Promise.all([
    cli(['run', '--bridge', bridge, guest('hello.wasm')], { env: { WASI_BROWSER_CHROMIUM: missing } }),
    cli(['run', '--bridge', bridge, '--browser', missing, guest('hello.wasm')]),
    cli(['run', '--bridge', bridge, '--browser', join(root, 'package.json'), guest('hello.wasm')]),
  ]);
  expect(fromEnv.stderr).toContain(`WASI_BROWSER_CHROMIUM is ${missing}, which does not exist`);
  expect(fromEnv.stderr).toContain('apt-get install chromium');
  expect(fromEnv.stderr).toContain('npx playwright install chromium');
  expect(fromFlag.stderr).toContain(`--browser is ${missing}, which does not exist`);
  expect(notABrowser.stderr).toContain('could not start Chromium at');
  expect([fromEnv.code, fromFlag.code, notABrowser.code], [fromEnv.stderr, fromFlag.stderr, notABrowser.stderr].join('\n')).toEqual([1, 1, 1]);
});

test('usage: a bad command line exits 2 with the usage; --help and --version exit 0', async ({ bridge }) => {
  const [noDir, bad, noComponent, help, version] = await Promise.all([
    cli(['run', '--bridge', bridge, '--dir', join(root, 'no-such-folder::/x'), guest('hello.wasm')]),
    cli(['run', '--bridge', 'quantum', guest('hello.wasm')]),
    cli(['run', '--bridge', bridge]),
    cli(['--help']),
    cli(['--version']),
  ]);
  expect(noDir.stderr).toContain(`${join(root, 'no-such-folder')} does not exist`);
  expect(noDir.code, noDir.stderr).toBe(1);
  expect(bad.stderr).toContain('--bridge quantum: expected one of auto, jspi, atomics');
  expect(bad.stderr).toContain('usage:');
  expect(noComponent.stderr).toContain('needs a WASM file');
  expect([bad.code, noComponent.code], [bad.stderr, noComponent.stderr].join('\n')).toEqual([2, 2]);
  expect(help.stdout).toContain('wasi-browser run [OPTIONS] WASM [ARGS...]');
  const { version: expected } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  expect(version.stdout).toBe(`wasi-browser ${expected}\n`);
  expect([help.code, version.code], [help.stderr, version.stderr].join('\n')).toEqual([0, 0]);
});
