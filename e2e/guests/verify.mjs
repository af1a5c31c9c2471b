// Checks every component of built/ in Node (jco run / jco transpile with
// @bytecodealliance/preview2-shim's Node build). Not part of the browser
// tests; it only proves that the guests behave as README.md says.
//   node e2e/guests/verify.mjs
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import assert from 'node:assert/strict';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const built = join(here, 'built');
const jcoJs = join(root, 'node_modules/@bytecodealliance/jco/dist/jco.js');
const preload = join(here, 'src/jco-preload.mjs');

let failures = 0;
async function check(name, fn) {
  try {
    await fn();
    console.log(`ok   ${name}`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${name}\n     ${String(e.stack || e).split('\n').slice(0, 6).join('\n     ')}`);
  }
}

function jco(args, opts = {}) {
  const r = spawnSync(process.execPath, ['--import', preload, jcoJs, ...args], {
    input: opts.input ?? '',
    env: { ...process.env, ...(opts.env ?? {}) },
    maxBuffer: 64 * 1024 * 1024,
    cwd: opts.cwd ?? here,
  });
  return { stdout: r.stdout, stderr: r.stderr, out: r.stdout.toString(), err: r.stderr.toString(), code: r.status };
}
const run = (file, args = [], opts) => jco(['run', join(built, file), ...args], opts);

await check('hello', () => {
  const r = run('hello.wasm');
  assert.equal(r.out, 'hello from wasi-browser\n');
  assert.equal(r.code, 0);
});
await check('cli args', () => {
  const r = run('cli.wasm', ['args', 'a', 'b c', '', 'ünï']);
  assert.deepEqual(r.out.split('\n').slice(1), ['args', 'a', 'b c', '', 'ünï', '']);
  assert.equal(r.code, 0);
});
await check('cli env', () => {
  const r = run('cli.wasm', ['env'], { env: { GUEST_TEST_VAR: 'x=y z' } });
  assert.ok(r.out.split('\n').includes('GUEST_TEST_VAR=x=y z'), r.out);
  assert.equal(r.code, 0);
});
await check('cli exit 0 / 7', () => {
  assert.equal(run('cli.wasm', ['exit', '0']).code, 0);
  const r = run('cli.wasm', ['exit', '7']);
  assert.equal(r.code, 1); // preview1 adapter: any non-zero exit(N) becomes exit(err) = 1
  assert.equal(r.out, '');
});
const input = randomBytes(1_000_000);
await check('cli echo', () => {
  const r = run('cli.wasm', ['echo'], { input });
  assert.ok(r.stdout.equals(input));
  assert.equal(r.code, 0);
  assert.equal(run('cli.wasm', ['echo']).out, '');
});
await check('cli count', () => {
  let sum = 0;
  for (const b of input) sum = (sum + b) >>> 0;
  assert.equal(run('cli.wasm', ['count'], { input }).out, `bytes=${input.length} sum=${sum}\n`);
  assert.equal(run('cli.wasm', ['count']).out, 'bytes=0 sum=0\n');
});
await check('cli interleave', () => {
  const r = run('cli.wasm', ['interleave', '3']);
  assert.equal(r.out, 'out 0\nout 1\nout 2\n');
  assert.equal(r.err, 'err 0\nerr 1\nerr 2\n');
});
await check('cli bigout', () => {
  const n = 200_000;
  const r = run('cli.wasm', ['bigout', String(n)]);
  const want = Buffer.alloc(n);
  for (let k = 0; k < n; k++) want[k] = 97 + (k % 26);
  assert.ok(r.stdout.equals(want));
  assert.equal(r.code, 0);
});
await check('cli sleep', () => {
  const m = /^slept (\d+)\n$/.exec(run('cli.wasm', ['sleep', '50']).out);
  assert.ok(m && Number(m[1]) >= 50, String(m));
});
await check('cli poll', () => {
  assert.equal(run('cli.wasm', ['poll', '1']).out, 'fired 1\n');
  assert.equal(run('cli.wasm', ['poll', '100']).out, 'fired 100\n');
  assert.equal(run('cli.wasm', ['poll', '0']).out, 'fired 0\n');
});
await check('cli random', () => {
  assert.equal(run('cli.wasm', ['random', '3000000']).out, 'random 3000000 distinct=256 zero=0\n');
  assert.equal(run('cli.wasm', ['random', '0']).out, 'random 0 distinct=0 zero=1\n');
});
await check('cli clock', () => {
  const m = /^realtime (\d+)\nmonotonic-ok\n$/.exec(run('cli.wasm', ['clock']).out);
  assert.ok(m && Math.abs(Number(m[1]) - Date.now()) < 60_000, String(m));
});
await check('cli trap', () => {
  const r = run('cli.wasm', ['trap']);
  assert.equal(r.out, 'about to trap\n');
  assert.notEqual(r.code, 0);
});
await check('cli prompt', () => {
  assert.equal(run('cli.wasm', ['prompt'], { input: 'hi there\nmore\n' }).out, 'ready\ngot hi there\n');
  const r = run('cli.wasm', ['prompt']);
  assert.equal(r.out, 'ready\ngot-eof\n');
  assert.equal(r.code, 1);
});
await check('cli cwd', () => assert.equal(run('cli.wasm', ['cwd']).out, '/\n'));
await check('cli usage', () => {
  const r = run('cli.wasm', ['nope']);
  assert.equal(r.code, 1);
  assert.match(r.err, /^usage: cli /);
});
await check('exit-code', () => {
  const r = run('exit-code.wasm');
  assert.equal(r.code, 42);
  assert.equal(r.out, '');
});
await check('mixed-versions', () => {
  const r = run('mixed-versions.wasm');
  assert.equal(r.out, 'mixed ok\n');
  assert.equal(r.code, 0);
});
await check('initial-cwd (jco run: host cwd)', () => {
  assert.equal(run('initial-cwd.wasm', [], { cwd: '/tmp' }).out, '/tmp\n');
});
await check('bad inputs are rejected', () => {
  for (const f of ['bad/not-wasm.bin', 'bad/core-module.wasm', 'bad/truncated.wasm', 'bad/missing-import.wasm']) {
    assert.notEqual(run(f).code, 0, f);
  }
});

// Transpiled components, instantiated with our own imports.
const tmp = mkdtempSync(join(tmpdir(), 'guests-verify-'));
symlinkSync(join(root, 'node_modules'), join(tmp, 'node_modules'));
async function transpile(file) {
  const name = file.replace(/\.wasm$/, '');
  const out = join(tmp, name);
  const r = jco(['transpile', join(built, file), '-o', out, '--instantiation', 'async', '-q', '--name', name]);
  assert.equal(r.code, 0, r.err);
  const mod = await import(pathToFileURL(join(out, `${name}.js`)));
  const getCoreModule = (p) => WebAssembly.compile(readFileSync(join(out, p)));
  return (imports) => mod.instantiate(getCoreModule, imports);
}
const shim = async () => {
  const [cli, clocks, filesystem, io, random] = await Promise.all(
    ['cli', 'clocks', 'filesystem', 'io', 'random'].map((m) => import(`@bytecodealliance/preview2-shim/${m}`)),
  );
  return {
    'wasi:cli/environment': cli.environment, 'wasi:cli/exit': cli.exit, 'wasi:cli/stdin': cli.stdin,
    'wasi:cli/stdout': cli.stdout, 'wasi:cli/stderr': cli.stderr,
    'wasi:cli/terminal-input': cli.terminalInput, 'wasi:cli/terminal-output': cli.terminalOutput,
    'wasi:cli/terminal-stdin': cli.terminalStdin, 'wasi:cli/terminal-stdout': cli.terminalStdout,
    'wasi:cli/terminal-stderr': cli.terminalStderr,
    'wasi:clocks/wall-clock': clocks.wallClock, 'wasi:clocks/monotonic-clock': clocks.monotonicClock,
    'wasi:filesystem/types': filesystem.types, 'wasi:filesystem/preopens': filesystem.preopens,
    'wasi:io/error': io.error, 'wasi:io/streams': io.streams, 'wasi:io/poll': io.poll,
    'wasi:random/random': random.random,
  };
};

await check('calc (library)', async () => {
  const inst = await transpile('calc.wasm');
  const { calc } = await inst({});
  assert.equal(calc.add(2, 3), 5);
  assert.equal(calc.add(0xffffffff, 2), 1);
  assert.equal(calc.greet('wörld'), 'hello, wörld');
  assert.equal(calc.greet(''), 'hello, ');
  assert.equal(calc.sum([1, 2, 0xffffffff]), 4294967298n);
  assert.equal(calc.sum([]), 0n);
  assert.deepEqual(calc.swap({ x: 1, y: -2 }), { x: -2, y: 1 });
  const c = new calc.Counter(5);
  assert.equal(c.get(), 5);
  assert.equal(c.increment(), 6);
  const d = calc.makeCounter(9);
  assert.equal(calc.readCounter(d), 9);
  assert.equal(calc.readCounter(c), 6);
  assert.equal(calc.liveCounters(), 2);
  c[Symbol.dispose]();
  d[Symbol.dispose]();
  assert.equal(calc.liveCounters(), 0);
});

await check('uses-import (user-supplied test:host/log)', async () => {
  const inst = await transpile('uses-import.wasm');
  const calls = [];
  const imports = {
    ...(await shim()),
    'test:host/log': {
      log: (msg) => calls.push(['log', msg]),
      add: (a, b) => (calls.push(['add', a, b]), a + b),
    },
  };
  const { run } = await inst(imports);
  let exit;
  try {
    run.run();
  } catch (e) {
    exit = e; // the shim's exit() throws a ComponentExit
  }
  assert.ok(!exit || exit.exitError === false || exit.code === 0, String(exit));
  assert.deepEqual(calls, [['log', 'hello host'], ['add', 40, 2]]);
});

await check('initial-cwd (host returns none)', async () => {
  const inst = await transpile('initial-cwd.wasm');
  const base = await shim();
  const chunks = [];
  const { run } = await inst({
    ...base,
    'wasi:cli/environment': { ...base['wasi:cli/environment'], initialCwd: () => undefined },
  });
  const orig = process.stdout.write.bind(process.stdout);
  process.stdout.write = (c) => (chunks.push(Buffer.from(c).toString()), true);
  try {
    run.run();
  } finally {
    process.stdout.write = orig;
  }
  assert.equal(chunks.join(''), 'none\n');
});

rmSync(tmp, { recursive: true, force: true });
console.log(failures ? `${failures} check(s) failed` : 'all checks passed');
process.exit(failures ? 1 : 0);
