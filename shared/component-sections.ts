/**
 * A component's top-level sections, walked before the transpiler sees the bytes: a section whose
 * size runs past the end of the binary is named with its offset, where the transpiler would
 * panic ("capacity overflow") and say only "wasm trap: unreachable".
 */

/** An unsigned LEB128 at `at`: its value and length, or undefined where it runs off the end. */
export function readU32(bytes: Uint8Array, at: number): [value: number, length: number] | undefined {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    if (at + i >= bytes.byteLength) return undefined;
    const byte = bytes[at + i];
    value += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) return [value, i + 1];
  }
  return undefined;
}

/** Throw a TypeError naming the first top-level section of `bytes` (after the 8-byte header) that does not fit. */
export function checkComponentSections(bytes: Uint8Array): void {
  let at = 8;
  while (at < bytes.byteLength) {
    const id = bytes[at];
    const size = readU32(bytes, at + 1);
    if (!size) throw new TypeError(`not a valid WebAssembly component (truncated or malformed): section ${id} at byte ${at} has no readable size`);
    const start = at + 1 + size[1];
    const left = bytes.byteLength - start;
    if (size[0] > left) {
      throw new TypeError(
        `not a valid WebAssembly component (truncated or malformed): section ${id} at byte ${at} says it is ${size[0]} bytes long, but only ${left} bytes follow`,
      );
    }
    at = start + size[0];
  }
}
