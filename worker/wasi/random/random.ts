/** wasi:random/random: the browser's CSPRNG. */

/** `crypto.getRandomValues` fills at most 65,536 bytes a call. */
const MAX_FILL = 65_536;

export function getRandomBytes(len: bigint): Uint8Array {
  const bytes = new Uint8Array(Number(len));
  for (let at = 0; at < bytes.byteLength; at += MAX_FILL) {
    crypto.getRandomValues(bytes.subarray(at, at + MAX_FILL));
  }
  return bytes;
}

export function getRandomU64(): bigint {
  return crypto.getRandomValues(new BigUint64Array(1))[0];
}
