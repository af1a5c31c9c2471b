/**
 * One component in one dedicated worker: the page's half of a run or an instance.
 */
import * as Comlink from 'comlink';
import type { WorkerApi } from '../worker/main.ts';
import { CORE_MODULE_CANNOT_SERVE, checkComponentHeader, isCoreModule } from '../shared/component-header.ts';
import { type Service, serveHost } from './host.ts';
import type { Job, Started } from '../shared/job.ts';
import { type Loaded, loadSource } from './load.ts';
import { mountSpecs } from './files/mounts.ts';
import { Channel, Op } from '../shared/protocol.ts';
import { OutputWord } from '../shared/output.ts';
import { OutputCollector } from './output.ts';
import { importServices, importSpec } from './services/imports.ts';
import { HttpTable } from '../shared/http/table.ts';
import { fetchServices, httpPermission, streamingPolicy } from './services/http.ts';
import { StdinReader, stdinServices, stdinSource } from './services/stdin.ts';
import { keyValueServices, keyValueStores } from './services/keyvalue.ts';
import { sqliteDatabases, sqliteServices } from './services/sqlite.ts';
import { configEntries } from './services/config.ts';
import { chooseBridge, isIsolated } from './tier.ts';
import type { Bridge, ComponentSource, RunOptions } from './types.ts';
import { transpilerUrl } from './worker-url.ts';
import { keepSpare, takeWorker } from './spare.ts';
import { messageOf } from '../shared/message.ts';

export interface Session {
  api: Comlink.Remote<WorkerApi>;
  bridge: Bridge;
  started: Started;
  /** Resolves once `count` output chunks have arrived. */
  outputs(count: number): Promise<{ stdout: Uint8Array; stderr: Uint8Array }>;
  /** Rejects when the signal aborts, the worker fails, or the session is closed. */
  ended: Promise<never>;
  close(): void;
  /**
   * Close the session once the worker has closed the files the guest left open, so that the
   * page may change them as soon as this settles (a terminated worker releases them only ~2 s later).
   */
  finish(): Promise<void>;
}

/** How long finish() waits for a worker that does not answer (one still running its guest). */
const FINISH_WAIT_MS = 1000;

function abortError(signal: AbortSignal): DOMException {
  const reason = signal.reason;
  if (reason instanceof DOMException && reason.name === 'AbortError') return reason;
  return new DOMException(reason ? `The run was aborted: ${String(reason)}` : 'The run was aborted', 'AbortError');
}

/** What serve() adds to a session: its body table and page services (HttpRespond). */
export interface SessionExtras {
  httpTable?: HttpTable;
  services?: Partial<Record<Op, Service>>;
}

/** Start a worker for `source` and instantiate the component in it. */
export async function startSession(
  kind: Job['kind'],
  source: ComponentSource,
  options: RunOptions = {},
  extras: SessionExtras = {},
): Promise<Session> {
  const { signal } = options;
  if (signal?.aborted) throw abortError(signal);
  const bridge = chooseBridge(options.bridge);
  // The worker starts while the component is fetched: a new worker costs tens of ms.
  const worker = takeWorker(options.workerUrl);
  let loaded: Loaded;
  let stdin: Awaited<ReturnType<typeof stdinSource>>;
  let mounts: ReturnType<typeof mountSpecs>;
  let stores: string[];
  let databases: string[];
  let config: [string, string][];
  try {
    [loaded, stdin] = await Promise.all([loadSource(source), stdinSource(options.stdin)]);
    if (kind === 'serve' && isCoreModule(loaded.bytes)) throw new TypeError(CORE_MODULE_CANNOT_SERVE);
    checkComponentHeader(loaded.bytes, kind !== 'serve');
    mounts = mountSpecs(options.mounts);
    stores = keyValueStores(options.keyValueStores);
    databases = sqliteDatabases(options.sqliteDatabases);
    config = configEntries(options.config);
  } catch (e) {
    worker.terminate();
    throw e;
  }
  const api = Comlink.wrap<WorkerApi>(worker);
  const { port1, port2 } = new MessageChannel();
  const sab = bridge === 'atomics' ? new SharedArrayBuffer(Channel.HEADER_BYTES + Channel.WINDOW_BYTES) : undefined;
  const counters = isIsolated() ? new SharedArrayBuffer(OutputWord.BYTES) : undefined;
  const reader = stdin instanceof ReadableStream ? new StdinReader(stdin) : undefined;
  const http = httpPermission(options.http);
  const httpTable = extras.httpTable ?? new HttpTable(streamingPolicy);

  const sqlite = sqliteServices(databases, options.workerUrl);

  const words = counters && new Int32Array(counters);
  const output = new OutputCollector(
    options,
    (bytes) => {
      if (bridge === 'atomics') {
        Atomics.add(words!, OutputWord.ACKED, bytes);
        Atomics.notify(words!, OutputWord.ACKED);
      } else if (!closed) port1.postMessage({ t: 'ack', bytes });
    },
    counters,
  );
  serveHost({
    port: port1,
    sab,
    services: {
      ...stdinServices(reader),
      ...importServices(options.imports),
      ...fetchServices(httpTable),
      ...keyValueServices(stores),
      ...sqlite.services,
      ...extras.services,
    },
    onOutput: (fd, chunk) => output.receive(fd, chunk),
    onWholeOrigin: (origin) => streamingPolicy.learnWhole(origin),
  });

  let closed = false;
  let end!: (error: Error) => void;
  const ended = new Promise<never>((_, reject) => (end = reject));
  ended.catch(() => {});
  /**
   * End the worker. `drain`: first take the output the guest wrote before (it is still on its
   * way to the page) and give it to the callbacks and to the error, as `stdout` and `stderr`.
   */
  const close = (reason: Error = new Error('this wasi-browser instance was closed'), drain = false) => {
    if (closed) return;
    closed = true;
    const posted = output.close();
    if (sab) Atomics.store(new Int32Array(sab, 0, Channel.HEADER_BYTES / 4), Channel.CLOSED, 1);
    worker.terminate();
    reader?.cancel();
    httpTable.clear();
    sqlite.release();
    api[Comlink.releaseProxy]();
    keepSpare(options.workerUrl);
    const finish = () => {
      port1.close();
      end(reason);
    };
    if (!drain) return finish();
    void output.drain(posted).then(() => {
      Object.assign(reason, output.collected());
      finish();
    });
  };
  signal?.addEventListener('abort', () => close(abortError(signal), true), { once: true });
  if (signal?.aborted) close(abortError(signal), true);
  worker.addEventListener('error', (event) => {
    close(new Error(`the wasi-browser worker failed: ${event.message || 'see the console'}`));
  });

  const job: Job = {
    kind,
    bytes: loaded.bytes,
    module: loaded.module,
    tier: bridge,
    sab,
    output: counters,
    args: options.args ?? ['component'],
    env: Object.entries(options.env ?? {}),
    cwd: options.cwd,
    stdin: reader ? 'remote' : (stdin as Uint8Array | undefined),
    imports: importSpec(options.imports),
    mounts,
    http,
    wholeOrigins: streamingPolicy.wholeOrigins(),
    keyValueStores: stores,
    sqliteDatabases: databases,
    config,
    ...transpilerOf(options.transpilerUrl),
  };
  let started: Started;
  try {
    started = await Promise.race([api.start(job, Comlink.transfer(port2, [port2])), ended]);
  } catch (e) {
    close();
    throw e;
  }
  return {
    api,
    bridge,
    started,
    ended,
    close: () => close(),
    async finish() {
      if (closed) return;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, FINISH_WAIT_MS)));
      await Promise.race([api.closeFiles(), ended, late]).catch(() => {});
      clearTimeout(timer);
      close();
    },
    async outputs(count) {
      await output.whenReceived(count);
      return output.collected();
    },
  };
}

/** Where the worker finds the transpiler; where that cannot be told, why (said only if a transpile is needed). */
function transpilerOf(option: string | URL | undefined): Pick<Job, 'transpilerUrl' | 'transpilerMissing'> {
  try {
    return { transpilerUrl: transpilerUrl(option) };
  } catch (e) {
    return { transpilerMissing: messageOf(e) };
  }
}
