/**
 * The playground: pick a sample or drop a component or a preview 1 core module, edit args and
 * env, watch it run in the terminal. `?sample=NAME` picks the sample run on open,
 * `?bridge=jspi|atomics` the tier.
 */
import { type ComponentSource, type RunResult, hasJspi, isIsolated, run } from '../src/index.ts';
import { formatArgs, formatEnv, parseArgs, parseEnv } from './editors.ts';
import { FileExplorer } from './files.ts';
import { ProxyPanel } from './proxy.ts';
import { type Sample, samples } from './samples.ts';
import { PlaygroundTerminal } from './terminal.ts';

const element = <T extends HTMLElement>(id: string): T => {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the playground page has no #${id}`);
  return found as T;
};

const ui = {
  sample: element<HTMLSelectElement>('sample'),
  about: element('about'),
  file: element<HTMLInputElement>('file'),
  args: element<HTMLInputElement>('args'),
  env: element<HTMLTextAreaElement>('env'),
  bridge: element<HTMLSelectElement>('bridge'),
  mount: element<HTMLInputElement>('mount'),
  http: element<HTMLInputElement>('http'),
  run: element<HTMLButtonElement>('run'),
  stop: element<HTMLButtonElement>('stop'),
  error: element('error'),
  support: element('support'),
};
const stat = (name: string, value: string) => (element(`stat-${name}`).textContent = value);

const terminal = new PlaygroundTerminal(element('terminal'));
/** The OPFS folder the guest sees as `/`. */
const MOUNTED = 'playground';
const proxy = new ProxyPanel(
  {
    form: element<HTMLFormElement>('proxy'),
    method: element<HTMLSelectElement>('proxy-method'),
    path: element<HTMLInputElement>('proxy-path'),
    body: element<HTMLTextAreaElement>('proxy-body'),
  },
  terminal,
);
const files = new FileExplorer(MOUNTED, {
  path: element('files-path'),
  list: element('files-list'),
  upload: element<HTMLInputElement>('files-upload'),
  newFolder: element<HTMLButtonElement>('files-mkdir'),
  refresh: element<HTMLButtonElement>('files-refresh'),
  viewer: element('files-viewer'),
  error: element('files-error'),
});
let component: { label: string; source: ComponentSource; sample?: Sample } | undefined;
let controller: AbortController | undefined;

type State = 'idle' | 'running' | 'serving' | 'done' | 'stopped' | 'error';

/** Runs started so far: the last one's number goes with each state (see setState). */
let runs = 0;

/**
 * Show `state` on the page; `data-state` and `data-run` (the run it belongs to) change together,
 * so a check for a run's end cannot mistake the previous run's for it.
 */
function setState(state: State): void {
  document.body.dataset.run = String(runs);
  document.body.dataset.state = state;
  stat('state', state);
  ui.stop.disabled = state !== 'running' && state !== 'serving';
}

function showError(message: string | undefined): void {
  ui.error.hidden = !message;
  ui.error.textContent = message ?? '';
}

function showSupport(): void {
  const jspi = hasJspi();
  const isolated = isIsolated();
  ui.support.textContent = `JSPI: ${jspi ? 'yes' : 'no'} · cross-origin isolated (Atomics): ${isolated ? 'yes' : 'no'}`;
  for (const option of ui.bridge.options) {
    if (option.value === 'jspi') option.disabled = !jspi;
    if (option.value === 'atomics') option.disabled = !isolated;
  }
}

function showTimings(result: RunResult): void {
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  stat('bridge', result.bridge);
  stat('transpile', ms(result.timings.transpileMs));
  stat('instantiate', ms(result.timings.instantiateMs));
  stat('run', ms(result.timings.runMs));
  // A preview 1 core module is not transpiled: nothing to cache.
  const core = !result.timings.cached && result.timings.transpileMs === 0;
  stat('cache', core ? 'none (core module)' : result.timings.cached ? 'hit' : 'miss');
  stat('exit', String(result.exitCode));
}

function clearStats(): void {
  for (const name of ['bridge', 'transpile', 'instantiate', 'run', 'cache', 'exit']) stat(name, '–');
}

/** Run the current component with the editors' args and env; stops the previous run first. */
async function start(): Promise<void> {
  if (!component) return;
  controller?.abort();
  const mine = new AbortController();
  controller = mine;
  runs++;
  showError(undefined);
  clearStats();
  await proxy.stop();
  if (controller !== mine) return;
  let args: string[];
  let env: Record<string, string>;
  try {
    args = parseArgs(ui.args.value);
    env = parseEnv(ui.env.value);
  } catch (e) {
    showError((e as Error).message);
    setState('error');
    return;
  }
  stat('component', component.label);
  setState('running');
  terminal.note(`$ ${formatArgs(args)}`);
  const options = {
    args,
    env,
    signal: mine.signal,
    bridge: ui.bridge.value as 'auto' | 'jspi' | 'atomics',
    mounts: ui.mount.checked ? { '/': { kind: 'opfs' as const, path: MOUNTED } } : undefined,
    http: ui.http.checked,
    keyValueStores: component.sample?.keyValueStores,
    stdout: (chunk: Uint8Array) => terminal.write(chunk),
    stderr: (chunk: Uint8Array) => terminal.writeError(chunk),
  };
  const served = component.sample?.serve;
  if (served) {
    try {
      await proxy.start(component.source, options, served.path);
      if (controller === mine) setState('serving');
    } catch (e) {
      if (controller !== mine) return;
      terminal.writeError(`${(e as Error).message}\n`);
      showError((e as Error).message);
      setState('error');
    }
    return;
  }
  const stdin = terminal.openStdin();
  try {
    const result = await run(component.source, { ...options, stdin });
    if (controller !== mine) return;
    showTimings(result);
    if (result.trap) terminal.writeError(`trap: ${result.trap}\n`);
    terminal.note(`[exit code ${result.exitCode}]`);
    setState('done');
  } catch (e) {
    if (controller !== mine) return;
    const error = e as Error;
    if (error.name === 'AbortError') {
      terminal.note('[stopped]');
      setState('stopped');
    } else {
      terminal.writeError(`${error.message}\n`);
      showError(error.message);
      setState('error');
    }
  } finally {
    if (controller === mine) terminal.closeStdin();
    if (ui.mount.checked) void files.refresh();
  }
}

function stop(): void {
  controller?.abort(new DOMException('stopped from the playground', 'AbortError'));
  if (proxy.serving) {
    void proxy.stop();
    terminal.note('[stopped]');
    setState('stopped');
  }
}

function chooseSample(index: number): void {
  const sample = samples[index];
  ui.sample.selectedIndex = index;
  ui.about.textContent = sample.about;
  ui.args.value = formatArgs(sample.args);
  ui.env.value = formatEnv(sample.env);
  component = { label: `sample: ${sample.name}`, source: sample.url, sample };
}

function chooseFile(file: File): void {
  ui.sample.selectedIndex = -1;
  ui.about.textContent = `${file.name}, ${file.size.toLocaleString()} bytes`;
  ui.args.value = formatArgs([file.name.replace(/\.wasm$/, '')]);
  component = { label: file.name, source: file };
  void start();
}

function setUp(): void {
  showSupport();
  for (const sample of samples) ui.sample.add(new Option(sample.name));
  ui.sample.addEventListener('change', () => {
    chooseSample(ui.sample.selectedIndex);
    void start();
  });
  ui.file.addEventListener('change', () => {
    const file = ui.file.files?.[0];
    if (file) chooseFile(file);
    ui.file.value = '';
  });
  ui.run.addEventListener('click', () => void start());
  ui.stop.addEventListener('click', stop);
  terminal.onInterrupt = stop;
  for (const input of [ui.args, ui.env] as HTMLElement[]) {
    input.addEventListener('keydown', (e: KeyboardEvent) => {
      if (e.key === 'Enter' && (input === ui.args || e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        void start();
      }
    });
  }

  // Drop a component anywhere on the page.
  let depth = 0;
  window.addEventListener('dragenter', (e) => {
    e.preventDefault();
    if (depth++ === 0) document.body.classList.add('dragging');
  });
  window.addEventListener('dragleave', () => {
    if (--depth === 0) document.body.classList.remove('dragging');
  });
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => {
    e.preventDefault();
    depth = 0;
    document.body.classList.remove('dragging');
    const file = e.dataTransfer?.files[0];
    if (file) chooseFile(file);
  });

  void files.refresh();
  const params = new URLSearchParams(location.search);
  const bridge = params.get('bridge');
  if (bridge && [...ui.bridge.options].some((o) => o.value === bridge)) ui.bridge.value = bridge;
  const wanted = samples.findIndex((s) => s.name === params.get('sample'));
  chooseSample(wanted >= 0 ? wanted : 0);
  void start();
}

setUp();
