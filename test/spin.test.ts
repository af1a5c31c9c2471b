// Spin app manifests (src/spin/): parsing and checking spin.toml, route matching with Spin's
// precedence, allowed_outbound_hosts as http.allow patterns, variables and templates.
import { expect, test } from '@playwright/test';
import { parseManifest } from '../src/spin/manifest.ts';
import { componentRoute, matchRoute, parseRoute } from '../src/spin/routes.ts';
import { outboundHosts } from '../src/spin/hosts.ts';
import { appVariables, expandTemplate } from '../src/spin/variables.ts';

const APP = `
spin_manifest_version = 2

[application]
name = "two-routes"
version = "0.1.0"
authors = ["me"]

[variables]
api_host = { default = "api.example.com" }
token = { required = true, secret = true }

[[trigger.http]]
route = "/hit"
component = "counter"

[[trigger.http]]
route = "/..."
component = "web"

[[trigger.http]]
route = { private = true }
component = "web"

[component.counter]
source = "counter.wasm"
key_value_stores = ["default"]
sqlite_databases = ["default"]
allowed_outbound_hosts = ["https://{{ api_host }}"]
environment = { MODE = "count" }

[component.counter.variables]
url = "https://{{ api_host }}/v1"
token = "{{token}}"

[component.web]
source = { url = "https://example.com/web.wasm", digest = "sha256:${'a'.repeat(64)}" }
files = ["static/index.html", "./data.txt"]

[component.web.tool.whatever]
ignored = true
`;

test('a manifest with two routes becomes the app', () => {
  const app = parseManifest(APP);
  expect(app.name).toBe('two-routes');
  expect(app.base).toBe('/');
  expect(app.variables).toEqual({
    api_host: { default: 'api.example.com', required: false, secret: false },
    token: { default: undefined, required: true, secret: true },
  });
  expect(app.triggers.map((t) => [t.route?.raw, t.component])).toEqual([
    ['/hit', 'counter'],
    ['/...', 'web'],
    [undefined, 'web'],
  ]);
  expect(app.components.counter).toEqual({
    id: 'counter',
    source: { location: 'counter.wasm' },
    files: [],
    allowedOutboundHosts: ['https://{{ api_host }}'],
    keyValueStores: ['default'],
    sqliteDatabases: ['default'],
    variables: { url: 'https://{{ api_host }}/v1', token: '{{token}}' },
    environment: { MODE: 'count' },
  });
  expect(app.components.web.source).toEqual({ location: 'https://example.com/web.wasm', digest: `sha256:${'a'.repeat(64)}` });
  expect(app.components.web.files).toEqual(['static/index.html', 'data.txt']);
});

test('an inline component and a base path', () => {
  const app = parseManifest(`
spin_manifest_version = 2
[application]
name = "x"
[application.trigger.http]
base = "/api"
[[trigger.http]]
id = "hello"
route = "/hello/..."
component = { source = "hello.wasm" }
`);
  expect(app.base).toBe('/api');
  expect(app.triggers[0].component).toBe('hello-component');
  expect(app.triggers[0].route?.based).toBe('/api/hello/...');
  expect(app.components['hello-component'].source.location).toBe('hello.wasm');
});

/** The manifest APP with `change` applied, parsed: the Error's message. */
function errorOf(text: string): string {
  try {
    parseManifest(text);
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
}

const MINIMAL = `spin_manifest_version = 2
[application]
name = "x"
[[trigger.http]]
route = "/..."
component = "a"
[component.a]
source = "a.wasm"
`;

test('a malformed manifest and a wrong version are clear errors', () => {
  expect(errorOf('spin_manifest_version = 2\n[application\nname = "x"')).toMatch(/^spin\.toml: not valid TOML: .*\(line 2, column \d+\)$/);
  expect(errorOf('[application]\nname = "x"')).toContain('no `spin_manifest_version`');
  expect(errorOf('spin_manifest_version = "1"\nname = "x"')).toContain('manifest version 1 is not supported');
  expect(errorOf(MINIMAL)).toBe('no error');
});

test('what Spin has but this host does not serve is an Error naming it', () => {
  const cases: [string, string][] = [
    [MINIMAL + '[[trigger.redis]]\nchannel = "c"\ncomponent = "a"\n', 'trigger type "redis" ([[trigger.redis]]) is not supported'],
    [MINIMAL + '[[trigger.cron]]\ncron_expression = "* * * * *"\ncomponent = "a"\n', 'trigger type "cron"'],
    [MINIMAL + '[component.a.build]\ncommand = "make"\n', '`component.a.build` is not supported: `spin build` settings'],
    [MINIMAL + '[component.a.dependencies]\n"x:y/z" = "1.0"\n', '`component.a.dependencies` is not supported'],
    [MINIMAL.replace('source = "a.wasm"', 'source = "a.wasm"\nai_models = ["llama2-chat"]'), '`component.a.ai_models` is not supported'],
    [MINIMAL.replace('source = "a.wasm"', 'source = "a.wasm"\nfrobnicate = 1'), 'unknown key `component.a.frobnicate`'],
    [MINIMAL + 'whatever = 1\n', 'unknown key `component.a.whatever`'],
    [MINIMAL.replace('[application]', 'colour = "red"\n[application]'), 'unknown key `colour`'],
    [MINIMAL.replace('name = "x"', 'name = "x"\n[application.trigger.redis]\naddress = "redis://x"'), 'application.trigger.redis: trigger type "redis" is not supported'],
    [MINIMAL.replace('component = "a"', 'component = "a"\nexecutor = { type = "wagi" }'), 'executor type "wagi" is not supported'],
    [MINIMAL.replace('source = "a.wasm"', 'source = "a.wasm"\nfiles = ["static/*"]'), 'glob pattern "static/*" is not supported'],
    [MINIMAL.replace('source = "a.wasm"', 'source = "a.wasm"\nfiles = [{ source = "s", destination = "/" }]'), 'maps a folder'],
    [MINIMAL.replace('source = "a.wasm"', 'source = "a.wasm"\nfiles = ["../secret"]'), 'must be a relative path inside'],
    [MINIMAL.replace('source = "a.wasm"', 'source = "a.wasm"\nallowed_outbound_hosts = ["redis://cache:6379"]'), 'the scheme "redis", which a browser cannot reach'],
    [MINIMAL.replace('source = "a.wasm"', 'source = { registry = "r", package = "p:q", version = "1" }'), 'registry packages are not supported'],
  ];
  for (const [text, message] of cases) expect(errorOf(text), text).toContain(message);
});

test('bad values are errors naming the key', () => {
  const cases: [string, string][] = [
    [MINIMAL.replace('component = "a"', 'component = "b"'), 'trigger.http[0]: component "b" is not defined'],
    [MINIMAL.replace('route = "/..."', 'route = "hello"'), 'route "hello" must start with "/"'],
    [MINIMAL.replace('route = "/..."', 'route = "/a/.../b"'), 'the wildcard "..." may only end a route'],
    [MINIMAL + '[[trigger.http]]\nroute = "/.../"\ncomponent = "a"\n', 'route "/.../" is already the route of trigger.http[0]'],
    [MINIMAL.replace('[component.a]', '[component.A_b]'), 'component id "A_b" is not valid'],
    [MINIMAL.replace('source = "a.wasm"', ''), '[component.a] has no `source`'],
    [MINIMAL.replace('source = "a.wasm"', 'source = "a.wasm"\nkey_value_stores = "default"'), 'component.a.key_value_stores must be an array of strings'],
    [MINIMAL.replace('source = "a.wasm"', 'source = "a.wasm"\nenvironment = { A = 1 }'), 'component.a.environment.A must be a string'],
    [MINIMAL.replace('source = "a.wasm"', 'source = "a.wasm"\nvariables = { "Bad-Name" = "x" }'), 'name "Bad-Name" is not valid'],
    [MINIMAL + '[variables]\nv = {}\n', 'variable "v" needs a default or `required = true`'],
    [MINIMAL + '[variables]\nv = { default = "x", required = true }\n', 'cannot be both required and have a default'],
    [MINIMAL + '[variables]\nv = { default = "x", colour = 1 }\n', 'unknown key `variables.v.colour`'],
    [MINIMAL.replace(/\[\[trigger\.http\]\][^[]*/, ''), 'no [[trigger.http]]'],
  ];
  for (const [text, message] of cases) expect(errorOf(text), text).toContain(message);
});

test('routes: the most specific match wins, as in Spin', () => {
  const routes = ['/...', '/hello', '/static/...', '/static/img/...', '/users/:id', '/users/me', '/users/:id/...'].map((r) => parseRoute('/', r));
  const which = (path: string) => {
    const m = matchRoute(routes, path);
    return m && [routes[m.index].raw, m.pathInfo, m.params];
  };
  expect(which('/')).toEqual(['/...', '/', {}]);
  expect(which('/anything/else')).toEqual(['/...', '/anything/else', {}]);
  expect(which('/hello')).toEqual(['/hello', '', {}]);
  expect(which('/hello/')).toEqual(['/hello', '', {}]);
  expect(which('/hello/there')).toEqual(['/...', '/hello/there', {}]);
  expect(which('/static')).toEqual(['/static/...', '', {}]);
  expect(which('/static/a.css')).toEqual(['/static/...', '/a.css', {}]);
  expect(which('/static/img/x/y.png')).toEqual(['/static/img/...', '/x/y.png', {}]);
  expect(which('/staticky')).toEqual(['/...', '/staticky', {}]);
  expect(which('/users/me')).toEqual(['/users/me', '', {}]);
  expect(which('/users/42')).toEqual(['/users/:id', '', { id: '42' }]);
  expect(which('/users/42/posts/1')).toEqual(['/users/:id/...', '/posts/1', { id: '42' }]);
  // Order in the manifest does not matter.
  expect(matchRoute([...routes].reverse(), '/static/img/a')?.index).toBe(routes.length - 1 - 3);
  // Without a catch-all, a path no route matches has no match; a private route (undefined) none.
  expect(matchRoute([parseRoute('/', '/hello'), undefined], '/nope')).toBeUndefined();
});

test('routes under a base path, and the component route Spin reports', () => {
  const route = parseRoute('/base/', '/static/...');
  expect(route.based).toBe('/base/static/...');
  expect(componentRoute(route)).toBe('/static');
  expect(componentRoute(parseRoute('/', '/...'))).toBe('');
  expect(componentRoute(parseRoute('/', '/hello'))).toBe('/hello');
  expect(matchRoute([route], '/base/static/img/a.png')?.pathInfo).toBe('/img/a.png');
  expect(matchRoute([route], '/static/img/a.png')).toBeUndefined();
});

test('allowed_outbound_hosts as http.allow origins', () => {
  expect(outboundHosts(['https://example.com'], 'h')).toEqual(['https://example.com']);
  expect(outboundHosts(['https://example.com:443', 'http://example.com:80'], 'h')).toEqual(['https://example.com', 'http://example.com']);
  expect(outboundHosts(['http://127.0.0.1:8080'], 'h')).toEqual(['http://127.0.0.1:8080']);
  expect(outboundHosts(['*://example.com:8080'], 'h')).toEqual(['http://example.com:8080', 'https://example.com:8080']);
  expect(outboundHosts(['*://*:*'], 'h')).toEqual(['http://*:*', 'https://*:*']);
  expect(outboundHosts(['https://*.example.com'], 'h')).toEqual(['https://*.example.com']);
  expect(outboundHosts(['http://localhost:*'], 'h')).toEqual(['http://localhost:*']);
  const bad = (entry: string) => () => outboundHosts([entry], 'component.a.allowed_outbound_hosts');
  expect(bad('*://example.com')).toThrow('has the wildcard scheme but no port');
  expect(bad('postgres://db:5432')).toThrow('the scheme "postgres", which a browser cannot reach');
  expect(bad('http://self')).toThrow('names the app itself (self)');
  expect(bad('http://localhost:3000..3005')).toThrow('port ranges');
  expect(bad('example.com')).toThrow('is not scheme://host[:port]');
  expect(bad('https://a.*.com')).toThrow('may use * only as the whole host or as its first label');
  expect(bad('https://example.com/path')).toThrow('is not scheme://host[:port]');
});

test('variables: given values, defaults, required ones, templates', () => {
  const declared = {
    host: { default: 'example.com', required: false, secret: false },
    token: { required: true, secret: true },
  };
  expect(appVariables(declared, { token: 't' })).toEqual({ host: 'example.com', token: 't' });
  expect(appVariables(declared, { token: 't', host: 'h' })).toEqual({ host: 'h', token: 't' });
  expect(() => appVariables(declared, {})).toThrow('variable "token" is required');
  expect(() => appVariables(declared, { token: 't', other: 'x' })).toThrow('"other" is not declared');
  const values = { host: 'example.com', token: 't' };
  expect(expandTemplate('https://{{ host }}/v1?t={{token}}', values, 'w')).toBe('https://example.com/v1?t=t');
  expect(expandTemplate('plain', values, 'w')).toBe('plain');
  expect(() => expandTemplate('{{ nope }}', values, 'component.a.variables.x')).toThrow(
    'component.a.variables.x uses the variable "nope", which [variables] does not declare',
  );
  expect(() => expandTemplate('{{ host', values, 'w')).toThrow('"{{" without "}}"');
});
