/**
 * A Spin app served in the page: each component of its `[[trigger.http]]` routes served by
 * `serve()` (a fresh instance per request), and each request routed to the component whose
 * route is the most specific match, with Spin's `spin-*` request headers.
 */
import type { Server, ServeOptions } from '../serve.ts';
import { serveComponent } from '../serve.ts';
import { type SpinApp, type SpinComponent, parseManifest } from './manifest.ts';
import { outboundHosts } from './hosts.ts';
import { componentRoute, matchRoute } from './routes.ts';
import { appVariables, expandTemplate } from './variables.ts';

/** The options a manifest gives each component, which may not also be given to serve(). */
const FROM_MANIFEST = ['http', 'keyValueStores', 'sqliteDatabases', 'config', 'env'] as const;

/** What `spin-client-addr` says: a page has no client socket (the CLI gives the real one). */
const NO_CLIENT = '127.0.0.1:0';

/** fetch()'s arguments, plus the client's address for `spin-client-addr` (default 127.0.0.1:0). */
export type AppRequestInit = RequestInit & { clientAddr?: string };

async function fetchBytes(url: URL, what: string): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new Error(`could not fetch ${what} from ${url}: ${(e as Error).message}`);
  }
  if (!response.ok) throw new Error(`could not fetch ${what} from ${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The serve() options of one component: its grants, variables, environment and files. */
async function componentOptions(
  component: SpinComponent,
  values: Record<string, string>,
  base: URL,
  options: ServeOptions,
): Promise<ServeOptions & { sqliteDatabases?: string[] }> {
  const where = `component.${component.id}`;
  const config: Record<string, string> = {};
  for (const [name, template] of Object.entries(component.variables)) {
    config[name] = expandTemplate(template, values, `${where}.variables.${name}`);
  }
  const hosts = component.allowedOutboundHosts.map((h, i) => expandTemplate(h, values, `${where}.allowed_outbound_hosts[${i}]`));
  const allow = outboundHosts(hosts, `${where}.allowed_outbound_hosts`);
  const mounts = { ...options.mounts };
  if (component.files.length > 0) {
    if (mounts['/']) throw new TypeError(`${where} has \`files\`, mounted at "/": the mounts option may not mount "/" too`);
    const files: Record<string, Uint8Array> = {};
    await Promise.all(component.files.map(async (path) => (files[path] = await fetchBytes(new URL(path, base), `${where}'s file "${path}"`))));
    mounts['/'] = { kind: 'memory', files, readonly: true };
  }
  return {
    ...options,
    env: component.environment,
    http: allow.length > 0 ? { allow } : false,
    keyValueStores: component.keyValueStores,
    sqliteDatabases: component.sqliteDatabases,
    config,
    mounts,
  };
}

/** The Server of `app`, whose relative paths are relative to `base`. */
async function startApp(app: SpinApp, base: URL, options: ServeOptions): Promise<Server> {
  const values = appVariables(app.variables, options.variables);
  const used = [...new Set(app.triggers.map((t) => t.component))];
  const { variables: _, ...rest } = options;
  // Everything is checked and fetched before any worker starts.
  const prepared = await Promise.all(
    used.map(async (id) => {
      const component = app.components[id];
      const where = `component.${id}`;
      const [bytes, componentOpts] = await Promise.all([
        fetchBytes(new URL(component.source.location, base), `${where}'s source`),
        componentOptions(component, values, base, rest),
      ]);
      if (component.source.digest && `sha256:${await sha256(bytes)}` !== component.source.digest) {
        throw new Error(`spin.toml: ${where}.source: the digest of ${component.source.location} is not ${component.source.digest}`);
      }
      return { id, bytes, componentOpts };
    }),
  );
  const servers: Record<string, Server> = {};
  try {
    for (const { id, bytes, componentOpts } of prepared) {
      try {
        servers[id] = await serveComponent(bytes, componentOpts);
      } catch (e) {
        throw new Error(`component "${id}": ${(e as Error).message}`, { cause: e });
      }
    }
  } catch (e) {
    await Promise.all(Object.values(servers).map((s) => s.close()));
    throw e;
  }
  const routes = app.triggers.map((t) => t.route);
  const basePath = app.base;

  return {
    async fetch(input: RequestInfo | URL, init?: AppRequestInit) {
      const request = input instanceof Request && !init ? input : new Request(input, init);
      const url = new URL(request.url);
      const match = matchRoute(routes, url.pathname);
      if (!match) return new Response('Not Found', { status: 404, headers: { 'content-type': 'text/plain' } });
      const trigger = app.triggers[match.index];
      const route = trigger.route!;
      const headers = new Headers(request.headers);
      // A client may not speak for the host.
      for (const name of [...headers.keys()]) if (name.startsWith('spin-')) headers.delete(name);
      headers.set('spin-full-url', request.url);
      headers.set('spin-path-info', match.pathInfo);
      headers.set('spin-matched-route', route.based);
      headers.set('spin-raw-component-route', route.raw);
      headers.set('spin-component-route', componentRoute(route));
      headers.set('spin-base-path', basePath);
      headers.set('spin-client-addr', init?.clientAddr ?? NO_CLIENT);
      for (const [name, value] of Object.entries(match.params)) headers.set(`spin-path-match-${name.toLowerCase()}`, value);
      const routed = new Request(request, { headers, ...(request.body ? { duplex: 'half' } : {}) } as RequestInit);
      return servers[trigger.component].fetch(routed);
    },
    async close() {
      await Promise.all(Object.values(servers).map((s) => s.close()));
    },
  };
}

/**
 * Serve the Spin app of manifest `text`. Relative `source` and `files` paths are relative to
 * `base` (where the manifest is). Rejects with an Error naming what of the manifest is wrong or
 * not supported, or which option the manifest gives instead.
 */
export async function serveApp(text: string, base: URL, options: ServeOptions): Promise<Server> {
  for (const key of FROM_MANIFEST) {
    if ((options as Record<string, unknown>)[key] !== undefined) {
      throw new TypeError(`the ${key} option cannot be given with a Spin manifest: the manifest's components say it`);
    }
  }
  return startApp(parseManifest(text), base, options);
}
