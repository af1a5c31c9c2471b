// Writes a component the transpiler traps on (a Rust panic inside jco's transpiler wasm, e.g.
// "capacity overflow"): the given component with 5 bytes overwritten by the largest u32 LEB128,
// at the first offset from the start where its top-level sections still fit (the runtime names
// those itself) but jco-transpile traps rather than answering an error. Deterministic for a
// given input. Usage: node transpiler-trap.mjs IN.wasm OUT.wasm
import { readFileSync, writeFileSync } from 'node:fs';

const [input, output] = process.argv.slice(2);
const { $init, generate } = await import('@bytecodealliance/jco-transpile/component');
await $init;
const original = readFileSync(input);
const HUGE = [0xff, 0xff, 0xff, 0xff, 0x0f];
// A trap leaves the transpiler's instance unusable: the first trap found is the answer.
function traps(bytes) {
  try {
    generate(bytes, { name: 'c', noTypescript: true, instantiation: { tag: 'async' } });
    return false;
  } catch (e) {
    return e instanceof WebAssembly.RuntimeError;
  }
}
/** Whether every top-level section's size fits in the binary. */
function sectionsFit(bytes) {
  let at = 8;
  while (at < bytes.length) {
    let size = 0;
    let i = 0;
    for (;; i++) {
      if (i === 5 || at + 1 + i >= bytes.length) return false;
      size += (bytes[at + 1 + i] & 0x7f) * 2 ** (7 * i);
      if (!(bytes[at + 1 + i] & 0x80)) break;
    }
    at += 2 + i + size;
    if (at > bytes.length) return false;
  }
  return true;
}
for (let at = 8; at + HUGE.length <= original.length; at++) {
  const bytes = Uint8Array.from(original);
  bytes.set(HUGE, at);
  if (sectionsFit(bytes) && traps(bytes)) {
    writeFileSync(output, bytes);
    console.log(`${output}: ${input} with a huge LEB128 at byte ${at}`);
    process.exit(0);
  }
}
console.error(`no offset of ${input} makes the transpiler trap`);
process.exit(1);
