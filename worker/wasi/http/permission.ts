/**
 * Whether the guest may send a request: `http` on run() is off by default, as wasmtime links no
 * HTTP without `-S http`. Allow-list entries are origins with `*` wildcards.
 */
import type { HttpPermission } from '../../../shared/job.ts';

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

/** Whether `url`'s origin matches `permission` (the run's `http` option). */
export function isAllowed(permission: HttpPermission, url: URL): boolean {
  if (permission === true) return true;
  if (permission === false) return false;
  return permission.some((pattern) => patternToRegExp(pattern.replace(/\/+$/, '')).test(url.origin));
}

/** The text the guest's stderr gets with a denial under `permission`: how to allow the request. */
export function denialMessage(permission: HttpPermission, url: URL): string {
  const how =
    permission === false
      ? `HTTP is off by default: pass \`http: true\` or \`http: { allow: ['${url.origin}'] }\` to run() (the CLI: \`--allow-http ${url.origin}\`)`
      : `${url.origin} is not in \`http.allow\` (${permission === true ? '' : permission.join(', ')}): add it to the list (the CLI: \`--allow-http ${url.origin}\`)`;
  return `wasi-browser: HTTP request to ${url.origin} denied (HTTP-request-denied): ${how}\n`;
}
