// Read the COMPONENT argument and refuse what is not a component before a browser starts.
import { readFile } from 'node:fs/promises';
import { CliError } from './errors.mjs';

/** The component's bytes, or a CliError saying what is wrong with the file. */
export async function readComponent(path) {
  let bytes;
  try {
    bytes = await readFile(path);
  } catch (e) {
    if (e.code === 'ENOENT') throw new CliError(`${path}: no such file`);
    if (e.code === 'EISDIR') throw new CliError(`${path} is a folder, not a component`);
    throw new CliError(`${path} cannot be read: ${e.message}`);
  }
  const magic = bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d;
  if (!magic) throw new CliError(`${path} is not WebAssembly (it does not start with "\\0asm"): give a WASI 0.2 component`);
  const layer = bytes.length >= 8 ? bytes[6] | (bytes[7] << 8) : -1;
  if (layer === 0) {
    throw new CliError(
      `${path} is a core WebAssembly module, not a component: wrap it with ` +
        '`jco new module.wasm --wasi-command -o component.wasm` (or `wasm-tools component new`)',
    );
  }
  if (layer !== 1) throw new CliError(`${path} is not a WebAssembly component (its header is not a component's)`);
  return bytes;
}
