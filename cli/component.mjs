// Read the WASM argument and refuse what neither a component nor a core module is before a
// browser starts. What a core module imports is checked by the library (the page's error).
import { readFile } from 'node:fs/promises';
import { CliError } from './errors.mjs';

/** Whether `bytes` are a core module (version 1, layer 0), not a component. */
export function isCoreModule(bytes) {
  return bytes.length >= 8 && bytes[4] === 1 && bytes[5] === 0 && bytes[6] === 0 && bytes[7] === 0;
}

/**
 * The bytes of a component or a WASI preview 1 core module at `path`, or a CliError saying what
 * is wrong with the file.
 */
export async function readComponent(path) {
  let bytes;
  try {
    bytes = await readFile(path);
  } catch (e) {
    if (e.code === 'ENOENT') throw new CliError(`${path}: no such file`);
    if (e.code === 'EISDIR') throw new CliError(`${path} is a folder, not a component or a module`);
    throw new CliError(`${path} cannot be read: ${e.message}`);
  }
  const magic = bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d;
  if (!magic) {
    throw new CliError(`${path} is not WebAssembly (it does not start with "\\0asm"): give a WASI 0.2 component or a WASI preview 1 core module`);
  }
  const layer = bytes.length >= 8 ? bytes[6] | (bytes[7] << 8) : -1;
  if (layer !== 0 && layer !== 1) throw new CliError(`${path} is neither a WebAssembly component nor a core module (its header is neither's)`);
  return bytes;
}

/** What `wasi-browser serve` says of a core module, before a browser starts. */
export function coreModuleCannotServe(path) {
  return (
    `${path} is a WASI preview 1 core module, which cannot serve HTTP: preview 1 has no wasi:http, so the module ` +
    'exports no wasi:http/incoming-handler to give requests to. Run it with `wasi-browser run` instead, or build the ' +
    "server as a wasi:http/proxy component (for example Rust for wasm32-wasip2 with the wasi crate's http handler, " +
    'or componentize-js) and serve that'
  );
}
