// The `wasi-browser` command line, parsed (cli/args.mjs): no browser needed.
import { expect, test } from '@playwright/test';
// @ts-ignore: a plain .mjs module of the CLI
import { UsageError, parseArgs } from '../cli/args.mjs';

test('run: options before COMPONENT, everything after it is the guest’s', () => {
  const o = parseArgs(['run', '--env', 'A=1', '--dir=/h::/g', '--bridge', 'atomics', 'x.wasm', '--env', 'B=2', '--', 'z']);
  expect(o).toMatchObject({
    command: 'run', component: 'x.wasm', args: ['--env', 'B=2', '--', 'z'], env: { A: '1' }, dirs: [{ host: '/h', guest: '/g' }], bridge: 'atomics',
  });
  expect(parseArgs(['x.wasm', 'a'])).toMatchObject({ command: 'run', component: 'x.wasm', args: ['a'] });
  expect(parseArgs(['run', '--', '-odd.wasm', 'a'])).toMatchObject({ component: '-odd.wasm', args: ['a'] });
});

test('--env NAME takes the host value or nothing; --dir HOST alone mounts at HOST', () => {
  expect(parseArgs(['run', '--env', 'HOME', '--env', 'NOPE', '--env', 'E=', 'x.wasm'], { HOME: '/root' }).env).toEqual({ HOME: '/root', E: '' });
  expect(parseArgs(['run', '--dir', '/data', 'x.wasm']).dirs).toEqual([{ host: '/data', guest: '/data' }]);
});

test('serve: options may follow COMPONENT; the port defaults to 8080', () => {
  expect(parseArgs(['serve', 'p.wasm', '--port', '9000'])).toMatchObject({ command: 'serve', component: 'p.wasm', port: 9000 });
  expect(parseArgs(['serve', 'p.wasm']).port).toBe(8080);
  expect(() => parseArgs(['serve', 'p.wasm', 'extra'])).toThrow(/passes no arguments/);
});

test('serve spin.toml: --variable NAME=VALUE gives the app\'s variables', () => {
  expect(parseArgs(['serve', 'spin.toml', '--variable', 'a=1', '--variable=b=x=y']).variables).toEqual({ a: '1', b: 'x=y' });
  expect(() => parseArgs(['serve', 'spin.toml', '--variable', 'a'])).toThrow(/--variable a: expected NAME=VALUE/);
  expect(() => parseArgs(['run', '--variable', 'a=1', 'x.wasm'])).toThrow(/unknown option --variable for `wasi-browser run`/);
});

test('bad command lines throw a UsageError naming the problem', () => {
  const bad: [string[], RegExp][] = [
    [['run', '--bridge', 'x', 'a.wasm'], /--bridge x: expected one of auto, jspi, atomics/],
    [['run', '--timeout', '0', 'a.wasm'], /--timeout 0: expected a positive number/],
    [['run', '--timeout', 'soon', 'a.wasm'], /--timeout soon/],
    [['serve', '--port', '70000', 'a.wasm'], /--port 70000/],
    [['run', '--allow-http', 'ftp://x', 'a.wasm'], /--allow-http ftp:\/\/x/],
    [['run', '--dir', '::/g', 'a.wasm'], /--dir ::\/g/],
    [['run', '--env', '=v', 'a.wasm'], /--env =v/],
    [['run', '--frob', 'a.wasm'], /unknown option --frob/],
    [['run', '--port', '1', 'a.wasm'], /unknown option --port for `wasi-browser run`/],
    [['run', '--env'], /--env needs a value/],
    [['run'], /needs a WASM file \(a component or a preview 1 core module\)/],
    [['serve'], /needs a COMPONENT/],
  ];
  for (const [argv, message] of bad) {
    expect(() => parseArgs(argv), argv.join(' ')).toThrow(UsageError);
    expect(() => parseArgs(argv), argv.join(' ')).toThrow(message);
  }
  expect(parseArgs(['run', '--allow-http', 'https://*.example.com/', '--allow-http', '*', 'a.wasm']).allowHttp).toEqual(['https://*.example.com', '*']);
});

test('help and version', () => {
  expect(parseArgs([]).command).toBe('help');
  expect(parseArgs(['run', '--help']).command).toBe('help');
  expect(parseArgs(['--version']).command).toBe('version');
});
