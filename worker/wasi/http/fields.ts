/** wasi:http/types `fields` (headers and trailers). */
import { fail } from '../io/error.ts';

/** Names a guest may not set, as wasmtime refuses them: hop-by-hop and connection-level. */
const FORBIDDEN = new Set([
  'connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection',
  'transfer-encoding', 'upgrade', 'host', 'http2-settings',
]);

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function checkName(name: string): string {
  if (!TOKEN.test(name)) fail({ tag: 'invalid-syntax' });
  const lower = name.toLowerCase();
  if (FORBIDDEN.has(lower)) fail({ tag: 'forbidden' });
  return lower;
}

function checkValue(value: Uint8Array): Uint8Array {
  for (const b of value) if ((b < 0x20 && b !== 0x09) || b === 0x7f) fail({ tag: 'invalid-syntax' });
  return value.slice();
}

export class Fields {
  #entries: [string, Uint8Array][] = [];
  #immutable = false;

  /** Fields the guest may read but not change (a request's or response's headers). */
  static immutable(entries: [string, Uint8Array][]): Fields {
    const fields = new Fields();
    fields.#entries = entries.map(([n, v]) => [n.toLowerCase(), v]);
    fields.#immutable = true;
    return fields;
  }

  static fromList(entries: [string, Uint8Array][]): Fields {
    const fields = new Fields();
    fields.#entries = entries.map(([name, value]) => [checkName(name), checkValue(value)]);
    return fields;
  }

  /** Make these fields read-only: they now belong to a request, response or body. */
  freeze(): this {
    this.#immutable = true;
    return this;
  }

  #mutable(): void {
    if (this.#immutable) fail({ tag: 'immutable' });
  }

  get(name: string): Uint8Array[] {
    const lower = name.toLowerCase();
    return this.#entries.filter(([n]) => n === lower).map(([, v]) => v.slice());
  }

  has(name: string): boolean {
    const lower = name.toLowerCase();
    return this.#entries.some(([n]) => n === lower);
  }

  set(name: string, values: Uint8Array[]): void {
    this.#mutable();
    const lower = checkName(name);
    const checked = values.map(checkValue);
    this.#entries = this.#entries.filter(([n]) => n !== lower);
    for (const v of checked) this.#entries.push([lower, v]);
  }

  delete(name: string): void {
    this.#mutable();
    const lower = checkName(name);
    this.#entries = this.#entries.filter(([n]) => n !== lower);
  }

  append(name: string, value: Uint8Array): void {
    this.#mutable();
    this.#entries.push([checkName(name), checkValue(value)]);
  }

  entries(): [string, Uint8Array][] {
    return this.#entries.map(([n, v]) => [n, v.slice()]);
  }

  clone(): Fields {
    const fields = new Fields();
    fields.#entries = this.entries();
    return fields;
  }

  /** The entries as text pairs, for fetch and for the page (values as Latin-1, as HTTP has them). */
  toPairs(): [string, string][] {
    return this.#entries.map(([n, v]) => [n, latin1(v)]);
  }
}

export function latin1(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

export function fromLatin1(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

/** Text pairs from the page -> immutable fields. */
export function fieldsFromPairs(pairs: [string, string][]): Fields {
  return Fields.immutable(pairs.map(([n, v]) => [n, fromLatin1(v)]));
}
