import type { ComponentSource } from './types.ts';

/** The component's bytes, fetched or read as needed. */
export async function loadComponent(source: ComponentSource): Promise<Uint8Array> {
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  if (typeof Blob !== 'undefined' && source instanceof Blob) return new Uint8Array(await source.arrayBuffer());
  if (typeof Response !== 'undefined' && source instanceof Response) return readResponse(source, source.url);
  if (source instanceof URL || typeof source === 'string') {
    const url = String(source);
    let response: Response;
    try {
      response = await fetch(url);
    } catch (e) {
      throw new Error(`could not fetch the component from ${url}: ${(e as Error).message}`);
    }
    return readResponse(response, url);
  }
  throw new TypeError('component must be a Uint8Array, ArrayBuffer, Blob, Response, URL or URL string');
}

async function readResponse(response: Response, url: string): Promise<Uint8Array> {
  if (!response.ok) throw new Error(`could not fetch the component from ${url || 'the response'}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}
