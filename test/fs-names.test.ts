// Names that are not UTF-8: the glue's decoder (worker/glue-strings.ts) keeps them apart as lone
// surrogates, and the filesystem refuses them (paths.ts).
import { expect, test } from '@playwright/test';
import { markInvalidUtf8 } from '../worker/glue-strings.ts';
import { drive } from '../worker/wasi/filesystem/flow.ts';
import { MemoryBackend } from '../worker/wasi/filesystem/memory.ts';
import { checkTarget, resolve } from '../worker/wasi/filesystem/paths.ts';
import { codeOf } from './fs-code.ts';

/** The decoder the glue gets, from the glue's own line. */
function glueDecoder(): { decode(bytes: Uint8Array): string } {
  const js = markInvalidUtf8('const TEXT_DECODER_UTF8 = new TextDecoder();\nreturn TEXT_DECODER_UTF8;');
  return new Function(js)();
}


test('the glue decoder keeps UTF-8 as it is and makes each byte that is not one lone surrogate', () => {
  const decoder = glueDecoder();
  const bytes = (...b: number[]) => new Uint8Array(b);
  expect(decoder.decode(new TextEncoder().encode('plain é 😀 \uFFFD'))).toBe('plain é 😀 \uFFFD');
  expect(decoder.decode(bytes(0xff))).toBe('\uDCFF');
  expect(decoder.decode(bytes(0xfe))).toBe('\uDCFE');
  expect(decoder.decode(bytes(0x61, 0xc3, 0x62))).toBe('a\uDCC3b');
  // Overlong, a surrogate's own encoding, and a sequence cut short.
  expect(decoder.decode(bytes(0xc0, 0x80))).toBe('\uDCC0\uDC80');
  expect(decoder.decode(bytes(0xed, 0xa0, 0x80))).toBe('\uDCED\uDCA0\uDC80');
  expect(decoder.decode(bytes(0x78, 0xf0, 0x9f, 0x98))).toBe('x\uDCF0\uDC9F\uDC98');
  expect(decoder.decode(new DataView(bytes(0x68, 0xff).buffer))).toBe('h\uDCFF');
  expect(markInvalidUtf8('no decoder here')).toBe('no decoder here');
});

test('every path call refuses a name that was not UTF-8 with illegal-byte-sequence', () => {
  const mount = new MemoryBackend({ 'a.txt': 'a' });
  const at = (path: string) => codeOf(() => drive(resolve(mount, [], path, false)));
  expect(at('\uDCFF')).toBe('illegal-byte-sequence');
  expect(at('dir/\uDCFE/x')).toBe('illegal-byte-sequence');
  expect(at('\uFFFD')).toBe('ok');
  expect(at('😀')).toBe('ok');
  expect(codeOf(() => checkTarget('\uDCFF'))).toBe('illegal-byte-sequence');
  expect(codeOf(() => checkTarget('../😀'))).toBe('ok');
});
