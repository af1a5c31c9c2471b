import { isCoreModule } from '../shared/component-header.ts';
import { concat } from '../shared/protocol.ts';
import type { ComponentSource } from './types.ts';

/**
 * What the worker gets for a source. A component: its bytes. A core module: also its compiled
 * `WebAssembly.Module`, compiled here while the worker starts (and streamed as it downloads
 * where the source is a URL or a Response served as `application/wasm`, which is also what lets
 * Chromium keep its code cache), and `bytes` then hold its 8-byte header only (a view would
 * post its whole buffer).
 */
export interface Loaded {
  bytes: Uint8Array;
  module?: WebAssembly.Module;
}

/** The source's bytes (and a core module's compiled form), fetched or read as needed. */
export async function loadSource(source: ComponentSource): Promise<Loaded> {
  if (source instanceof URL || typeof source === 'string') return fromResponse(await fetchSource(String(source)), String(source));
  if (typeof Response !== 'undefined' && source instanceof Response) return fromResponse(source, source.url);
  return fromBytes(await readBytes(source));
}

/** The source's bytes as they are (a Spin manifest's text, say), fetched or read as needed. */
export async function loadBytes(source: ComponentSource): Promise<Uint8Array> {
  if (source instanceof URL || typeof source === 'string') {
    const url = String(source);
    const response = await fetchSource(url);
    if (!response.ok) throw new Error(`could not fetch the component from ${url}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  }
  if (typeof Response !== 'undefined' && source instanceof Response) return new Uint8Array(await source.arrayBuffer());
  return readBytes(source);
}

async function fetchSource(url: string): Promise<Response> {
  try {
    return await fetch(url);
  } catch (e) {
    throw new Error(`could not fetch the component from ${url}: ${(e as Error).message}`);
  }
}

async function readBytes(source: ComponentSource): Promise<Uint8Array> {
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  if (typeof Blob !== 'undefined' && source instanceof Blob) return new Uint8Array(await source.arrayBuffer());
  throw new TypeError('component must be a Uint8Array, ArrayBuffer, Blob, Response, URL or URL string');
}

async function fromBytes(bytes: Uint8Array): Promise<Loaded> {
  if (!isCoreModule(bytes)) return { bytes };
  return { bytes: bytes.slice(0, 8), module: await compiled(WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>)) };
}

/**
 * A response's bytes, or a core module streamed into `compileStreaming`: a clone's first bytes
 * tell which it is (the original response must go to compileStreaming itself for Chromium to
 * use its code cache), then the clone is cancelled or read to its end.
 */
async function fromResponse(response: Response, url: string): Promise<Loaded> {
  if (!response.ok) throw new Error(`could not fetch the component from ${url || 'the response'}: HTTP ${response.status}`);
  const streams = typeof WebAssembly.compileStreaming === 'function' && response.body
    && /^application\/wasm\s*(;|$)/i.test(response.headers.get('content-type') ?? '');
  if (!streams) return fromBytes(new Uint8Array(await response.arrayBuffer()));
  const reader = response.clone().body!.getReader();
  const head: Uint8Array[] = [];
  let size = 0;
  let done = false;
  while (size < 8 && !done) {
    const chunk = await reader.read();
    done = chunk.done;
    if (chunk.value) head.push(chunk.value), (size += chunk.value.byteLength);
  }
  const start = concat(head);
  if (isCoreModule(start)) {
    void reader.cancel().catch(() => {});
    return { bytes: start.slice(0, 8), module: await compiled(WebAssembly.compileStreaming(response)) };
  }
  void response.body!.cancel().catch(() => {});
  const rest: Uint8Array[] = [start];
  while (!done) {
    const chunk = await reader.read();
    done = chunk.done;
    if (chunk.value) rest.push(chunk.value);
  }
  return { bytes: concat(rest) };
}

async function compiled(module: Promise<WebAssembly.Module>): Promise<WebAssembly.Module> {
  try {
    return await module;
  } catch (e) {
    throw new Error(`not a valid WebAssembly module: ${(e as Error).message}`);
  }
}
