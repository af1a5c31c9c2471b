/**
 * Spin's HTTP routes: exact paths (`/hello`), named segments (`/users/:id`) and a trailing
 * wildcard (`/static/...`), under the app's base. The most specific route wins, as in Spin:
 * segments compare left to right, a literal segment before a named one before the wildcard,
 * and a route that ends where the path ends before a wildcard that matches nothing more.
 */

type Segment = { literal: string } | { param: string };

export interface Route {
  /** The route as the manifest writes it (`/static/...`). */
  raw: string;
  /** With the app's base (`/base/static/...`): Spin's `spin-matched-route`. */
  based: string;
  segments: Segment[];
  wildcard: boolean;
  /** Equal for routes that match the same paths (duplicates). */
  key: string;
}

export interface RouteMatch {
  /** The index of the route in the list given to matchRoute. */
  index: number;
  /** What follows the matched part of the path (`spin-path-info`): '' for an exact route. */
  pathInfo: string;
  /** Named segments' values, `:id` -> `id`. */
  params: Record<string, string>;
}

/** The segments of a path, without the empty ones a leading or trailing `/` makes. */
function split(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

/**
 * A route of the manifest under `base`. Throws naming the route when it is not a path, or has
 * the wildcard `...` anywhere but at its end.
 */
export function parseRoute(base: string, raw: string): Route {
  if (!raw.startsWith('/')) throw new Error(`spin.toml: route "${raw}" must start with "/"`);
  const parts = [...split(base), ...split(raw)];
  const wildcard = parts.at(-1) === '...';
  if (wildcard) parts.pop();
  const segments: Segment[] = parts.map((part) => {
    if (part === '...' || part.includes('...')) throw new Error(`spin.toml: route "${raw}": the wildcard "..." may only end a route ("/static/...")`);
    if (part.startsWith(':')) {
      const name = part.slice(1);
      if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new Error(`spin.toml: route "${raw}": ":${name}" is not a valid segment name`);
      return { param: name };
    }
    return { literal: part };
  });
  const basePath = '/' + split(base).join('/');
  const based = basePath === '/' ? raw : basePath + raw;
  const key = segments.map((s) => ('literal' in s ? s.literal : ':')).join('/') + (wildcard ? '/...' : '');
  return { raw, based, segments, wildcard, key };
}

/** Rank of a route at segment `i`: literal 3, named 2, wildcard 1; ended (exact end) 4. */
function rank(route: Route, i: number): number {
  const s = route.segments[i];
  if (s) return 'literal' in s ? 3 : 2;
  return route.wildcard ? 1 : 4;
}

function moreSpecific(a: Route, b: Route): boolean {
  const n = Math.max(a.segments.length, b.segments.length) + 1;
  for (let i = 0; i < n; i++) {
    const d = rank(a, i) - rank(b, i);
    if (d !== 0) return d > 0;
  }
  return false;
}

function matchOne(route: Route, parts: string[]): Record<string, string> | undefined {
  if (parts.length < route.segments.length) return undefined;
  if (!route.wildcard && parts.length !== route.segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < route.segments.length; i++) {
    const s = route.segments[i];
    if ('literal' in s) {
      if (s.literal !== parts[i]) return undefined;
    } else {
      params[s.param] = parts[i];
    }
  }
  return params;
}

/**
 * The most specific route (of `routes`, undefined entries being private) that matches
 * `pathname` (a URL's path, still percent-encoded), or undefined if none does.
 */
export function matchRoute(routes: (Route | undefined)[], pathname: string): RouteMatch | undefined {
  const parts = split(pathname);
  let best: { index: number; route: Route; params: Record<string, string> } | undefined;
  routes.forEach((route, index) => {
    if (!route) return;
    const params = matchOne(route, parts);
    if (params && (!best || moreSpecific(route, best.route))) best = { index, route, params };
  });
  if (!best) return undefined;
  let pathInfo = '';
  if (best.route.wildcard) {
    // Past the matched segments, as the path has it (with its trailing slash, if any).
    let at = 0;
    for (let i = 0; i < best.route.segments.length; i++) {
      at = pathname.indexOf('/', at);
      while (pathname[at + 1] === '/') at++;
      at += 1 + parts[i].length;
    }
    pathInfo = pathname.slice(at);
  }
  return { index: best.index, pathInfo, params: best.params };
}

/** `spin-component-route`: the route without its wildcard (`/static/...` -> `/static`, `/...` -> ''). */
export function componentRoute(route: Route): string {
  return route.wildcard ? route.raw.replace(/\/?\.\.\.$/, '') : route.raw;
}
