/**
 * A Spin component's `allowed_outbound_hosts`, as origin patterns for the `http` option's
 * allow-list. Spin's form is `scheme://host[:port]`: the scheme `http`, `https` or `*`; the
 * host a name, an address, `*` or `*.domain`; the port a number or `*`, and if absent the
 * scheme's default (so `*://host` needs a port, as in Spin).
 */

const DEFAULT_PORT: Record<string, string> = { http: '80', https: '443' };

/**
 * Translate `hosts` into `http.allow` patterns. Throws naming the entry for a form this host
 * cannot serve: another scheme (`redis://`, `postgres://`, ...: a browser has only HTTP), `self`
 * (requests to the app itself), port ranges, IP networks, paths.
 */
export function outboundHosts(hosts: string[], where: string): string[] {
  const out: string[] = [];
  for (const entry of hosts) {
    const bad = (why: string): never => {
      throw new Error(`spin.toml: ${where}: "${entry}" ${why}`);
    };
    const m = /^([a-z*][a-z0-9+.*-]*):\/\/([^/?#]*)\/?$/i.exec(entry);
    if (!m) bad('is not scheme://host[:port] (like "https://example.com" or "http://127.0.0.1:8080")');
    const scheme = m![1].toLowerCase();
    const authority = m![2];
    if (scheme !== 'http' && scheme !== 'https' && scheme !== '*') {
      bad(`has the scheme "${scheme}", which a browser cannot reach: only http, https and * are supported`);
    }
    const hp = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\*|\d+))?$/i.exec(authority);
    if (!hp) bad('has a host or port this host does not support (port ranges and IP networks are not)');
    const host = hp![1].toLowerCase();
    let port = hp![2];
    if (host === 'self' || host === 'self.alt') bad('names the app itself (self), which is not supported: give its origin');
    if (host.includes('/')) bad('is an IP network, which is not supported');
    if (/\*./.test(host.replace(/^\*\./, '')) || (host.includes('*') && host !== '*' && !host.startsWith('*.'))) {
      bad('may use * only as the whole host or as its first label ("*.example.com")');
    }
    if (port === undefined) {
      if (scheme === '*') bad('has the wildcard scheme but no port: give one, or "*" (as Spin requires)');
      port = DEFAULT_PORT[scheme];
    }
    const schemes = scheme === '*' ? ['http', 'https'] : [scheme];
    for (const s of schemes) {
      // A URL's origin leaves out its scheme's default port.
      if (port === '*') out.push(`${s}://${host}:*`);
      else if (port === DEFAULT_PORT[s]) out.push(`${s}://${host}`);
      else out.push(`${s}://${host}:${port}`);
    }
  }
  return out;
}
