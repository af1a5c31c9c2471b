/**
 * How the glue lifts the guest's strings. jco decodes them with a TextDecoder that turns bytes
 * that are not UTF-8 into U+FFFD, so two different bad names (`\xff`, `\xfe`) reached the host
 * as one. The preview1 adapter passes a C program's bytes through unchecked, and wasmtime
 * answers a preview1 path that is not UTF-8 with EILSEQ: the host must see which strings were
 * not UTF-8. So the glue's decoder is replaced by one that turns each such byte into a lone
 * surrogate (U+DC80-U+DCFF), which no UTF-8 gives; wasi/filesystem/paths.ts refuses them.
 */

/** A decoder like the glue's; self-contained, as its source is put in the glue. */
function liftingDecoder(): { decode(input: AllowSharedBufferSource): string } {
  const fatal = new TextDecoder('utf-8', { fatal: true });
  /** How long the UTF-8 sequence led by `b` is; 0 for a byte that leads none. */
  const lengthOf = (b: number) => (b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0);
  const valid = (bytes: Uint8Array) => {
    try {
      fatal.decode(bytes);
      return true;
    } catch {
      return false;
    }
  };
  return {
    decode(input) {
      const bytes = ArrayBuffer.isView(input)
        ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength)
        : new Uint8Array(input);
      try {
        return fatal.decode(bytes);
      } catch {}
      let out = '';
      let start = 0;
      let i = 0;
      while (i < bytes.length) {
        const n = lengthOf(bytes[i]);
        if (n > 0 && i + n <= bytes.length && valid(bytes.subarray(i, i + n))) {
          i += n;
          continue;
        }
        out += fatal.decode(bytes.subarray(start, i)) + String.fromCharCode(0xdc00 | bytes[i]);
        start = ++i;
      }
      return out + fatal.decode(bytes.subarray(start));
    },
  };
}

const GLUE_DECODER = 'const TEXT_DECODER_UTF8 = new TextDecoder();';

/** The glue `js` with its string decoder replaced (see above); a glue that lifts no string has none. */
export function markInvalidUtf8(js: string): string {
  return js.replace(GLUE_DECODER, () => `const TEXT_DECODER_UTF8 = (${liftingDecoder.toString()})();`);
}
