/**
 * A Spin application manifest (`spin.toml`, `spin_manifest_version = 2`), parsed and checked
 * into the app `serve()` runs. Pure: no fetch, no DOM. Every key Spin defines that this host
 * does not serve, and every key Spin does not define, is an Error naming it (never ignored).
 */
import { parse, TomlError } from 'smol-toml';
import { CONFIG_NAME } from '../../shared/config-name.ts';
import { outboundHosts } from './hosts.ts';
import { type Route, parseRoute } from './routes.ts';

/** An app variable (`[variables]`): its default, or required. */
export interface SpinVariable {
  default?: string;
  required: boolean;
  secret: boolean;
}

/** Where a component's Wasm is: a path relative to the manifest or a URL, with its digest if given. */
export interface SpinSource {
  location: string;
  /** `sha256:<hex>`, for a `{ url, digest }` source. */
  digest?: string;
}

/** A component as the manifest declares it (`[component.x]`), templates not yet resolved. */
export interface SpinComponent {
  id: string;
  source: SpinSource;
  /** Files to mount at `/`: each a path relative to the manifest, the same path in the guest. */
  files: string[];
  /** The manifest's `allowed_outbound_hosts`, as written (templates resolved later). */
  allowedOutboundHosts: string[];
  keyValueStores: string[];
  sqliteDatabases: string[];
  /** Component variables: name -> template (`"{{ api_host }}/v1"`). */
  variables: Record<string, string>;
  environment: Record<string, string>;
}

/** An `[[trigger.http]]` entry: its route, or private (no route), and its component. */
export interface SpinTrigger {
  /** undefined for `route = { private = true }`: reachable by no request. */
  route?: Route;
  component: string;
}

export interface SpinApp {
  name?: string;
  /** `[application.trigger.http] base`, '/' if not given. */
  base: string;
  variables: Record<string, SpinVariable>;
  triggers: SpinTrigger[];
  components: Record<string, SpinComponent>;
}

/** What Spin's manifest has that this host does not serve, and what to say about it. */
const UNSUPPORTED: Record<string, string> = {
  build: '`spin build` settings: build the component first and point `source` at the Wasm file',
  dependencies: 'component dependencies (composition) are not supported: compose the component before serving it',
  dependencies_inherit_configuration: 'component dependencies (composition) are not supported',
  ai_models: 'Serverless AI (fermyon:spin/llm) is not available in a browser',
  allowed_http_hosts: 'manifest version 1 key: use `allowed_outbound_hosts`',
  exclude_files: 'glob patterns in `files` are not supported, so there is nothing to exclude',
};

const TOP_KEYS = ['spin_manifest_version', 'application', 'variables', 'trigger', 'component'];
const APP_KEYS = ['name', 'version', 'description', 'authors', 'targets', 'trigger', 'tool'];
const COMPONENT_KEYS = [
  'description', 'source', 'files', 'allowed_outbound_hosts', 'key_value_stores', 'sqlite_databases',
  'variables', 'environment', 'tool',
];
/** Spin's component ids: kebab-case (`my-component`, `api2`). */
const COMPONENT_ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const GLOB = /[*?[\]{}]/;

type Table = Record<string, unknown>;

function fail(message: string): never {
  throw new Error(`spin.toml: ${message}`);
}

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function table(value: unknown, where: string): Table {
  if (value === undefined) return {};
  if (!isTable(value)) fail(`${where} must be a table`);
  return value;
}

function string(value: unknown, where: string): string {
  if (typeof value !== 'string') fail(`${where} must be a string`);
  return value;
}

function strings(value: unknown, where: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail(`${where} must be an array of strings`);
  return value.map((item, i) => string(item, `${where}[${i}]`));
}

function stringTable(value: unknown, where: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(table(value, where))) out[key] = string(item, `${where}.${key}`);
  return out;
}

/** Refuse every key of `t` not in `known`, naming it, with the reason where Spin has the key. */
function onlyKnown(t: Table, known: string[], where: string): void {
  for (const key of Object.keys(t)) {
    if (known.includes(key)) continue;
    const path = where ? `${where}.${key}` : key;
    if (key in UNSUPPORTED) fail(`\`${path}\` is not supported: ${UNSUPPORTED[key]}`);
    fail(`unknown key \`${path}\``);
  }
}

function parseToml(text: string): Table {
  try {
    return parse(text) as Table;
  } catch (e) {
    if (e instanceof TomlError) fail(`not valid TOML: ${e.message.split('\n')[0]} (line ${e.line}, column ${e.column})`);
    fail(`not valid TOML: ${(e as Error).message}`);
  }
}

function parseVariables(value: unknown): Record<string, SpinVariable> {
  const out: Record<string, SpinVariable> = {};
  for (const [name, raw] of Object.entries(table(value, '[variables]'))) {
    const where = `variables.${name}`;
    if (!CONFIG_NAME.test(name)) {
      fail(`variable name "${name}" is not valid: lowercase letters, digits and underscores, starting with a letter`);
    }
    const v = table(raw, where);
    onlyKnown(v, ['default', 'required', 'secret', 'description'], where);
    if (v.required !== undefined && typeof v.required !== 'boolean') fail(`${where}.required must be true or false`);
    if (v.secret !== undefined && typeof v.secret !== 'boolean') fail(`${where}.secret must be true or false`);
    const required = v.required === true;
    if (required && v.default !== undefined) fail(`variable "${name}" cannot be both required and have a default`);
    if (!required && v.default === undefined) fail(`variable "${name}" needs a default or \`required = true\``);
    out[name] = { default: v.default === undefined ? undefined : string(v.default, `${where}.default`), required, secret: v.secret === true };
  }
  return out;
}

function parseSource(value: unknown, where: string): SpinSource {
  if (typeof value === 'string') {
    if (value === '') fail(`${where} is empty`);
    return { location: value };
  }
  if (isTable(value)) {
    if ('package' in value || 'registry' in value) fail(`${where}: registry packages are not supported: give a path or { url, digest }`);
    onlyKnown(value, ['url', 'digest'], where);
    const digest = string(value.digest, `${where}.digest`);
    if (!/^sha256:[0-9a-f]{64}$/.test(digest)) fail(`${where}.digest must be "sha256:" and 64 lowercase hex digits`);
    return { location: string(value.url, `${where}.url`), digest };
  }
  fail(`${where} must be a path, a URL, or { url, digest }`);
}

function parseFiles(value: unknown, where: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail(`${where} must be an array`);
  return value.map((item, i) => {
    if (isTable(item)) {
      fail(`${where}[${i}]: { source, destination } maps a folder, which a browser cannot list over HTTP: list each file instead`);
    }
    const path = string(item, `${where}[${i}]`);
    if (GLOB.test(path)) fail(`${where}[${i}]: glob pattern "${path}" is not supported (a browser cannot list a folder over HTTP): list each file`);
    const parts = path.split('/').filter((p) => p !== '' && p !== '.');
    if (path.startsWith('/') || parts.includes('..') || parts.length === 0) fail(`${where}[${i}]: "${path}" must be a relative path inside the app's folder`);
    return parts.join('/');
  });
}

function parseComponent(id: string, value: unknown): SpinComponent {
  const where = `component.${id}`;
  if (!COMPONENT_ID.test(id)) fail(`component id "${id}" is not valid: kebab-case (lowercase letters, digits, hyphens)`);
  const c = table(value, `[${where}]`);
  onlyKnown(c, COMPONENT_KEYS, where);
  if (c.source === undefined) fail(`[${where}] has no \`source\``);
  const variables = stringTable(c.variables, `${where}.variables`);
  for (const name of Object.keys(variables)) {
    if (!CONFIG_NAME.test(name)) fail(`${where}.variables: name "${name}" is not valid: lowercase letters, digits and underscores, starting with a letter`);
  }
  const allowedOutboundHosts = strings(c.allowed_outbound_hosts, `${where}.allowed_outbound_hosts`);
  // Checked now (templates aside), so a bad entry fails before anything is fetched.
  outboundHosts(allowedOutboundHosts.filter((h) => !h.includes('{{')), `${where}.allowed_outbound_hosts`);
  return {
    id,
    source: parseSource(c.source, `${where}.source`),
    files: parseFiles(c.files, `${where}.files`),
    allowedOutboundHosts,
    keyValueStores: strings(c.key_value_stores, `${where}.key_value_stores`),
    sqliteDatabases: strings(c.sqlite_databases, `${where}.sqlite_databases`),
    variables,
    environment: stringTable(c.environment, `${where}.environment`),
  };
}

function parseTriggers(value: unknown, base: string, components: Record<string, SpinComponent>): SpinTrigger[] {
  const triggers = table(value, '[trigger]');
  const out: SpinTrigger[] = [];
  for (const type of Object.keys(triggers)) {
    if (type !== 'http') fail(`trigger type "${type}" ([[trigger.${type}]]) is not supported: only [[trigger.http]] is served`);
  }
  const http = triggers.http;
  if (http === undefined) fail('no [[trigger.http]]: the app has nothing to serve');
  if (!Array.isArray(http)) fail('trigger.http must be an array of tables ([[trigger.http]])');
  const seen = new Map<string, number>();
  http.forEach((raw, i) => {
    const where = `trigger.http[${i}]`;
    const t = table(raw, where);
    onlyKnown(t, ['id', 'route', 'component', 'executor'], where);
    if (t.executor !== undefined) {
      const executor = table(t.executor, `${where}.executor`);
      if (executor.type !== 'spin') fail(`${where}.executor type "${String(executor.type)}" is not supported: only Spin's own (wasi:http) executor is`);
      onlyKnown(executor, ['type'], `${where}.executor`);
    }
    let component: string;
    if (typeof t.component === 'string') {
      component = t.component;
      if (!components[component]) fail(`${where}: component "${component}" is not defined (no [component.${component}])`);
    } else if (isTable(t.component)) {
      // An inline component: named as Spin names it, after the trigger.
      component = typeof t.id === 'string' ? `${t.id}-component` : `inline-component${i}`;
      components[component] = parseComponent(component, t.component);
    } else {
      fail(`${where} has no \`component\``);
    }
    let route: Route | undefined;
    if (typeof t.route === 'string') {
      route = parseRoute(base, t.route);
      const earlier = seen.get(route.key);
      if (earlier !== undefined) fail(`${where}: route "${t.route}" is already the route of trigger.http[${earlier}]`);
      seen.set(route.key, i);
    } else if (isTable(t.route)) {
      onlyKnown(t.route, ['private'], `${where}.route`);
      if (t.route.private !== true) fail(`${where}.route must be a path or { private = true }`);
    } else {
      fail(`${where} has no \`route\``);
    }
    out.push({ route, component });
  });
  return out;
}

/**
 * Parse and check a `spin.toml`. Throws an Error starting with `spin.toml:` that names the key
 * at fault: malformed TOML, a manifest version other than 2, a trigger type other than http,
 * a Spin feature this host does not serve, a key Spin does not define, or a bad value.
 */
export function parseManifest(text: string): SpinApp {
  const doc = parseToml(text);
  const version = doc.spin_manifest_version;
  if (version === undefined) fail('no `spin_manifest_version`: only manifest version 2 (`spin_manifest_version = 2`) is supported');
  if (version !== 2) fail(`manifest version ${String(version)} is not supported: only version 2 (run \`spin doctor\` to upgrade a version 1 manifest)`);
  onlyKnown(doc, TOP_KEYS, '');
  const application = table(doc.application, '[application]');
  onlyKnown(application, APP_KEYS, 'application');
  const appTriggers = table(application.trigger, '[application.trigger]');
  for (const type of Object.keys(appTriggers)) {
    if (type !== 'http') fail(`application.trigger.${type}: trigger type "${type}" is not supported: only http is served`);
  }
  const appHttp = table(appTriggers.http, '[application.trigger.http]');
  onlyKnown(appHttp, ['base'], 'application.trigger.http');
  const base = appHttp.base === undefined ? '/' : string(appHttp.base, 'application.trigger.http.base');
  if (!base.startsWith('/')) fail('application.trigger.http.base must start with "/"');

  const components: Record<string, SpinComponent> = {};
  for (const [id, value] of Object.entries(table(doc.component, '[component]'))) components[id] = parseComponent(id, value);
  const triggers = parseTriggers(doc.trigger, base, components);
  return {
    name: application.name === undefined ? undefined : string(application.name, 'application.name'),
    base,
    variables: parseVariables(doc.variables),
    triggers,
    components,
  };
}
