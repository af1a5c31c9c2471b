import { instantiate, run } from 'wasi-browser';

// Components from this repository's test guests: point these at your own.
const cliUrl = new URL('../../../e2e/guests/built/cli.wasm', import.meta.url);
const calcUrl = new URL('../../../e2e/guests/built/calc.wasm', import.meta.url);

// Which tier serves blocking calls: ?bridge=jspi or ?bridge=atomics (the page is cross-origin isolated).
const bridge = new URLSearchParams(location.search).get('bridge') ?? 'auto';
const text = new TextDecoder();
const $ = (id) => document.getElementById(id);

async function runCommand() {
  const result = await run(cliUrl, {
    bridge,
    args: ['cli', 'args', 'hello', 'from vite'],
    stdout: (chunk) => ($('stdout').textContent += text.decode(chunk, { stream: true })),
  });
  $('status').textContent = `exit code ${result.exitCode}, bridge ${result.bridge}`;
  $('status').dataset.exitCode = String(result.exitCode);
}

async function useLibrary() {
  const calc = await instantiate(calcUrl, { bridge });
  try {
    const { add, greet } = calc.exports.calc;
    $('calc').textContent = `add(2, 40) = ${await add(2, 40)}; ${await greet('vite')}`;
  } finally {
    await calc.close();
  }
}

runCommand().then(useLibrary).catch((error) => {
  $('status').textContent = `error: ${error.message}`;
  $('status').dataset.error = error.message;
});
