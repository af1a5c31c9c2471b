/**
 * Tell a component from other bytes by its preamble, so bad input is refused before any
 * worker starts: `\0asm`, then version 0x0d and layer 1 for a component, version 1 and
 * layer 0 for a core module. `acceptCore`: let a core module through (run() and instantiate()
 * take a WASI preview 1 one; the worker checks its imports).
 */
export function checkComponentHeader(bytes: Uint8Array, acceptCore = false): void {
  if (!hasMagic(bytes)) {
    throw new TypeError(`not WebAssembly: the bytes do not start with "\\0asm" (${bytes.byteLength} bytes given)`);
  }
  if (bytes.byteLength < 8) throw new TypeError('not a WebAssembly component: the file ends inside its header');
  const layer = layerOf(bytes);
  if (layer === 0) {
    if (acceptCore) return;
    throw new TypeError(
      'this is a core WebAssembly module, not a component: wrap it with `jco new module.wasm --wasi-command -o component.wasm` (or `wasm-tools component new`)',
    );
  }
  if (layer !== 1) throw new TypeError(`not a WebAssembly component: unknown layer ${layer} in the header`);
}

/**
 * What serve() says of a core module: preview 1 has no HTTP, so such a module has no handler to
 * give requests to (run() runs it; a server must be a wasi:http/proxy component).
 */
export const CORE_MODULE_CANNOT_SERVE =
  'serve() takes a wasi:http/proxy component, and this is a WASI preview 1 core module, which cannot serve HTTP: ' +
  'preview 1 has no wasi:http, so the module exports no wasi:http/incoming-handler to give requests to. ' +
  'Run it with run() instead, or build the server as a wasi:http/proxy component (for example Rust for ' +
  'wasm32-wasip2 with the wasi crate\'s http handler, or componentize-js) and serve that';

/** Whether `bytes` start with `\0asm`. */
function hasMagic(bytes: Uint8Array): boolean {
  return bytes.byteLength >= 4 && bytes[0] === 0 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d;
}

/** The header's layer: 0 for a core module, 1 for a component (the bytes hold at least 8). */
function layerOf(bytes: Uint8Array): number {
  return bytes[6] | (bytes[7] << 8);
}

/** Whether `bytes` are a core module (version 1, layer 0), not a component. */
export function isCoreModule(bytes: Uint8Array): boolean {
  return hasMagic(bytes) && bytes.byteLength >= 8 && bytes[4] === 1 && bytes[5] === 0 && layerOf(bytes) === 0;
}
