// The command line, parsed: `run` and `serve` with wasmtime's flag names where it has one.

/** A mistake in the command line: print it with the usage, exit 2. */
export class UsageError extends Error {
  name = 'UsageError';
}

export const USAGE = `usage:
  wasi-browser run [OPTIONS] WASM [ARGS...]         run a wasi:cli/command component, or a WASI
                                                    preview 1 core module (wasm32-wasi, _start)
  wasi-browser serve [OPTIONS] COMPONENT --port N   serve a wasi:http/proxy component
  wasi-browser serve [OPTIONS] spin.toml --port N   serve a Spin app (manifest version 2)
  wasi-browser --help | --version

options:
  --dir HOST[::GUEST]     copy the host folder into the browser's OPFS, mount it at GUEST
                          (default: the HOST path), write back what changed after the run
  --env NAME[=VALUE]      set a variable for the guest (NAME alone: the host's value)
  --bridge auto|jspi|atomics
                          how the guest's blocking calls wait (default: auto)
  --allow-http ORIGIN     let the guest make wasi:http requests to ORIGIN (http://127.0.0.1:8080,
                          https://*.example.com; * for any). The browser's CORS rules apply
  --browser PATH          the Chromium to use (default: $WASI_BROWSER_CHROMIUM, a Playwright
                          Chromium, or the system's)
  --timeout SECONDS       end the run after this long (exit code 124)
  --argv0 NAME            the guest's argv[0] (default: WASM as given)
  --port N                (serve) the port on 127.0.0.1 to listen on (default: 8080)
  --variable NAME=VALUE   (serve spin.toml) the value of one of the app's [variables]

The guest's stdin is this process's stdin; its stdout and stderr are streamed here; the exit
code is the guest's (a preview 1 proc_exit(n): n below 126, else 1, as wasmtime gives; 134 for
a trap; 75 when --dir write-back left files that changed on the host during the run, each
named on stderr).`;

const BRIDGES = ['auto', 'jspi', 'atomics'];

/** Options that take a value, per command. */
const VALUE_OPTIONS = {
  run: ['--dir', '--env', '--bridge', '--allow-http', '--browser', '--timeout', '--argv0'],
  serve: ['--dir', '--env', '--bridge', '--allow-http', '--browser', '--port', '--variable'],
};

function parseDir(value) {
  const at = value.indexOf('::');
  const host = at < 0 ? value : value.slice(0, at);
  const guest = at < 0 ? value : value.slice(at + 2);
  if (!host || !guest) throw new UsageError(`--dir ${value}: expected HOST::GUEST or HOST`);
  return { host, guest };
}

function parseEnv(value, hostEnv) {
  const at = value.indexOf('=');
  if (at === 0) throw new UsageError(`--env ${value}: expected NAME=VALUE or NAME`);
  if (at > 0) return [value.slice(0, at), value.slice(at + 1)];
  // wasmtime's `--env NAME`: the host's value, if it has one.
  return hostEnv[value] === undefined ? undefined : [value, hostEnv[value]];
}

function parseTimeout(value) {
  const seconds = Number(value);
  if (!value.trim() || !Number.isFinite(seconds) || seconds <= 0) {
    throw new UsageError(`--timeout ${value}: expected a positive number of seconds`);
  }
  return seconds;
}

function parsePort(value) {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535) throw new UsageError(`--port ${value}: expected a port number 1-65535`);
  return port;
}

function parseOrigin(value) {
  if (value === '*') return value;
  const origin = value.replace(/\/$/, '');
  // `*` wildcards as run()'s http.allow takes them: https://*.example.com, http://127.0.0.1:*
  if (!/^https?:\/\/[^/?#\s]+$/.test(origin)) {
    throw new UsageError(`--allow-http ${value}: expected an origin such as http://127.0.0.1:8080 (\`*\` wildcards allowed, or \`*\` for any)`);
  }
  return origin;
}

/**
 * Parse argv (without node and the script). For `run`, everything after COMPONENT belongs to
 * the guest, as with `wasmtime run`; `--` also ends the options.
 */
export function parseArgs(argv, hostEnv = {}) {
  let rest = [...argv];
  let command = 'run';
  if (rest[0] === 'run' || rest[0] === 'serve') command = rest.shift();
  else if (rest[0] === 'help' || rest.length === 0) return { command: 'help' };

  const options = {
    command,
    component: undefined,
    args: [],
    dirs: [],
    env: {},
    bridge: 'auto',
    allowHttp: [],
    browser: undefined,
    timeout: undefined,
    argv0: undefined,
    port: undefined,
    variables: {},
  };
  while (rest.length > 0) {
    const arg = rest.shift();
    if (arg === '-h' || arg === '--help') return { command: 'help' };
    if (arg === '-V' || arg === '--version') return { command: 'version' };
    if (arg === '--') {
      if (options.component === undefined) options.component = rest.shift();
      options.args.push(...rest);
      break;
    }
    if (arg.startsWith('-') && arg !== '-') {
      const eq = arg.indexOf('=');
      const name = eq > 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg;
      if (!VALUE_OPTIONS[command].includes(name)) {
        throw new UsageError(`unknown option ${name} for \`wasi-browser ${command}\``);
      }
      let value;
      if (eq > 0 && name !== arg) value = arg.slice(eq + 1);
      else if (rest.length > 0) value = rest.shift();
      else throw new UsageError(`${name} needs a value`);
      applyOption(options, name, value, hostEnv);
      continue;
    }
    if (options.component === undefined) {
      options.component = arg;
      // The guest's arguments follow; serve takes none, so its options may come after.
      if (command === 'run') {
        options.args.push(...rest);
        break;
      }
      continue;
    }
    throw new UsageError(`unexpected argument ${arg}: \`wasi-browser serve\` passes no arguments to the component`);
  }
  if (options.component === undefined) {
    const what = command === 'run' ? 'a WASM file (a component or a preview 1 core module)' : 'a COMPONENT (a .wasm file, or a spin.toml)';
    throw new UsageError(`\`wasi-browser ${command}\` needs ${what}`);
  }
  if (command === 'serve') options.port ??= 8080;
  return options;
}

function applyOption(options, name, value, hostEnv) {
  switch (name) {
    case '--dir':
      options.dirs.push(parseDir(value));
      break;
    case '--env': {
      const pair = parseEnv(value, hostEnv);
      if (pair) options.env[pair[0]] = pair[1];
      break;
    }
    case '--bridge':
      if (!BRIDGES.includes(value)) throw new UsageError(`--bridge ${value}: expected one of ${BRIDGES.join(', ')}`);
      options.bridge = value;
      break;
    case '--allow-http':
      options.allowHttp.push(parseOrigin(value));
      break;
    case '--browser':
      options.browser = value;
      break;
    case '--timeout':
      options.timeout = parseTimeout(value);
      break;
    case '--argv0':
      options.argv0 = value;
      break;
    case '--port':
      options.port = parsePort(value);
      break;
    case '--variable': {
      const at = value.indexOf('=');
      if (at <= 0) throw new UsageError(`--variable ${value}: expected NAME=VALUE`);
      options.variables[value.slice(0, at)] = value.slice(at + 1);
      break;
    }
  }
}
