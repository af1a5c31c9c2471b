/**
 * Whether the guest may send a request: `http` on run() is off by default, as wasmtime links no
 * HTTP without `-S http`. Allow-list entries are origins with `*` wildcards.
 */
import { getContext } from '../context.ts';

function patternToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === ':' && pattern[i + 1] === '*' && i + 2 === pattern.length) {
      source += '(:\\d+)?';
      break;
    }
    source += c === '*' ? '[^/]*' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'i');
}

/** Whether `url`'s origin matches the run's `http` option. */
export function isAllowed(url: URL): boolean {
  const permission = getContext().http ?? false;
  if (permission === true) return true;
  if (permission === false) return false;
  return permission.some((pattern) => patternToRegExp(pattern.replace(/\/+$/, '')).test(url.origin));
}

/** The text the guest's stderr gets with a denial: how to allow the request. */
export function denialMessage(url: URL): string {
  const permission = getContext().http ?? false;
  const how =
    permission === false
      ? `HTTP is off by default: pass \`http: true\` or \`http: { allow: ['${url.origin}'] }\` to run()`
      : `${url.origin} is not in \`http.allow\` (${permission === true ? '' : permission.join(', ')}): add it to the list`;
  return `wasi-browser: HTTP request to ${url.origin} denied (HTTP-request-denied): ${how}\n`;
}
