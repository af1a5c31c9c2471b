/**
 * The guest's linear memory as the preview 1 functions read and write it: little-endian values,
 * strings, and iovec lists (which, where their buffers follow one another, are one span that a
 * backend call can fill or drain in place).
 */
import { EFAULT, EILSEQ, fail } from './errno.ts';

const decoder = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

/** One buffer of an iovec list. */
export interface Span {
  ptr: number;
  len: number;
}

export class GuestMemory {
  #memory: WebAssembly.Memory | undefined;
  #view: DataView | undefined;

  /** Set once the instance exists (its exported `memory`). */
  attach(memory: WebAssembly.Memory): void {
    this.#memory = memory;
    this.#view = undefined;
  }

  get buffer(): ArrayBuffer {
    if (!this.#memory) throw new WebAssembly.RuntimeError('a preview 1 call came before the module had a memory');
    return this.#memory.buffer;
  }

  /** A DataView of the memory as it is now (a grown memory has a new buffer). */
  view(): DataView {
    const buffer = this.buffer;
    if (this.#view?.buffer !== buffer) this.#view = new DataView(buffer);
    return this.#view;
  }

  /** `len` bytes at `ptr`, in place; EFAULT outside the memory. */
  bytes(ptr: number, len: number): Uint8Array<ArrayBuffer> {
    const buffer = this.buffer;
    if (ptr < 0 || len < 0 || ptr + len > buffer.byteLength) fail(EFAULT, `${len} bytes at ${ptr}`);
    return new Uint8Array(buffer, ptr, len);
  }

  u8(ptr: number, value: number): void {
    this.view().setUint8(ptr, value);
  }
  u16(ptr: number, value: number): void {
    this.view().setUint16(ptr, value, true);
  }
  u32(ptr: number, value: number): void {
    this.view().setUint32(ptr, value, true);
  }
  u64(ptr: number, value: bigint): void {
    this.view().setBigUint64(ptr, BigInt.asUintN(64, value), true);
  }
  getU8(ptr: number): number {
    return this.view().getUint8(ptr);
  }
  getU16(ptr: number): number {
    return this.view().getUint16(ptr, true);
  }
  getU32(ptr: number): number {
    return this.view().getUint32(ptr, true);
  }
  getU64(ptr: number): bigint {
    return this.view().getBigUint64(ptr, true);
  }

  /** The UTF-8 string at `ptr`; EILSEQ where it is not UTF-8. */
  string(ptr: number, len: number): string {
    try {
      return decoder.decode(this.bytes(ptr, len));
    } catch (e) {
      if (e instanceof TypeError) fail(EILSEQ, 'a path that is not UTF-8');
      throw e;
    }
  }

  /** The `count` iovecs (or ciovecs) at `ptr`. */
  spans(ptr: number, count: number): Span[] {
    const spans: Span[] = [];
    this.bytes(ptr, count * 8);
    const view = this.view();
    for (let i = 0; i < count; i++) {
      const len = view.getUint32(ptr + i * 8 + 4, true);
      if (len > 0) spans.push({ ptr: view.getUint32(ptr + i * 8, true), len });
    }
    return spans;
  }

  /** The spans as one range of memory, where they follow one another; else undefined. */
  contiguous(spans: Span[]): Span | undefined {
    if (spans.length === 0) return { ptr: 0, len: 0 };
    let end = spans[0].ptr;
    for (const span of spans) {
      if (span.ptr !== end) return undefined;
      end += span.len;
    }
    return { ptr: spans[0].ptr, len: end - spans[0].ptr };
  }

  /** The bytes of `spans` in one piece: in place where contiguous, else gathered into a copy. */
  gather(spans: Span[], copy = false): Uint8Array {
    const whole = this.contiguous(spans);
    if (whole && !copy) return this.bytes(whole.ptr, whole.len);
    const out = new Uint8Array(spans.reduce((n, s) => n + s.len, 0));
    let at = 0;
    for (const span of spans) {
      out.set(this.bytes(span.ptr, span.len), at);
      at += span.len;
    }
    return out;
  }

  /** Copy `data` across `spans` in order; answers the bytes copied. */
  scatter(spans: Span[], data: Uint8Array): number {
    let at = 0;
    for (const span of spans) {
      if (at >= data.byteLength) break;
      const n = Math.min(span.len, data.byteLength - at);
      this.bytes(span.ptr, n).set(data.subarray(at, at + n));
      at += n;
    }
    return at;
  }

  /**
   * Write NUL-terminated strings for args_get/environ_get: pointers at `ptrs`, the bytes from
   * `buf`.
   */
  stringList(items: string[], ptrs: number, buf: number): void {
    let at = buf;
    items.forEach((item, i) => {
      const bytes = encoder.encode(item);
      this.u32(ptrs + i * 4, at);
      this.bytes(at, bytes.byteLength + 1).set(bytes);
      this.u8(at + bytes.byteLength, 0);
      at += bytes.byteLength + 1;
    });
  }
}

/** The UTF-8 length of each of `items` plus its NUL, summed. */
export function stringListSize(items: string[]): number {
  return items.reduce((n, item) => n + encoder.encode(item).byteLength + 1, 0);
}

/** A string's UTF-8 bytes. */
export function utf8Bytes(text: string): Uint8Array {
  return encoder.encode(text);
}
