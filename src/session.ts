/**
 * One component in one dedicated worker: the page's half of a run or an instance.
 */
import * as Comlink from 'comlink';
import type { WorkerApi } from '../worker/main.ts';
import { CORE_MODULE_CANNOT_SERVE, checkComponentHeader, isCoreModule } from '../shared/component-header.ts';
import { type Service, serveHost } from './host.ts';
import type { Job, Started } from '../shared/job.ts';
import { loadComponent } from './load.ts';
import { mountSpecs } from './files/mounts.ts';
import { Channel, Op, concat } from '../shared/protocol.ts';
import { importServices, importSpec } from './services/imports.ts';
import { HttpTable } from '../shared/http/table.ts';
import { fetchServices, httpPermission, streamingPolicy } from './services/http.ts';
import { StdinReader, stdinServices, stdinSource } from './services/stdin.ts';
import { keyValueServices, keyValueStores } from './services/keyvalue.ts';
import { sqliteDatabases, sqliteServices } from './services/sqlite.ts';
import { configEntries } from './services/config.ts';
import { chooseBridge } from './tier.ts';
import type { Bridge, ComponentSource, RunOptions } from './types.ts';
import { startWorker, transpilerUrl } from './worker-url.ts';
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
  const worker = startWorker(options.workerUrl);
  let bytes: Uint8Array;
  let stdin: Awaited<ReturnType<typeof stdinSource>>;
  let mounts: ReturnType<typeof mountSpecs>;
  let stores: string[];
  let databases: string[];
  let config: [string, string][];
  try {
    [bytes, stdin] = await Promise.all([loadComponent(source), stdinSource(options.stdin)]);
    if (kind === 'serve' && isCoreModule(bytes)) throw new TypeError(CORE_MODULE_CANNOT_SERVE);
    checkComponentHeader(bytes, kind !== 'serve');
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
  const reader = stdin instanceof ReadableStream ? new StdinReader(stdin) : undefined;
  const http = httpPermission(options.http);
  const httpTable = extras.httpTable ?? new HttpTable(streamingPolicy);

  const sqlite = sqliteServices(databases, options.workerUrl);

  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  let seen = 0;
  let waiting: { count: number; resolve(): void } | undefined;
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
    onOutput(fd, chunk) {
      (fd === 1 ? out : err).push(chunk);
      try {
        (fd === 1 ? options.stdout : options.stderr)?.(chunk);
      } catch (e) {
        console.error('wasi-browser: an output callback threw', e);
      }
      seen++;
      if (waiting && seen >= waiting.count) waiting.resolve();
    },
    onWholeOrigin: (origin) => streamingPolicy.learnWhole(origin),
  });

  let closed = false;
  let end!: (error: Error) => void;
  const ended = new Promise<never>((_, reject) => (end = reject));
  ended.catch(() => {});
  const close = (reason: Error = new Error('this wasi-browser instance was closed')) => {
    if (closed) return;
    closed = true;
    end(reason);
    if (sab) Atomics.store(new Int32Array(sab, 0, Channel.HEADER_BYTES / 4), Channel.CLOSED, 1);
    worker.terminate();
    port1.close();
    reader?.cancel();
    httpTable.clear();
    sqlite.release();
    api[Comlink.releaseProxy]();
  };
  signal?.addEventListener('abort', () => close(abortError(signal)), { once: true });
  if (signal?.aborted) close(abortError(signal));
  worker.addEventListener('error', (event) => {
    close(new Error(`the wasi-browser worker failed: ${event.message || 'see the console'}`));
  });

  const job: Job = {
    kind,
    bytes,
    tier: bridge,
    sab,
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
    outputs(count) {
      const collect = () => ({ stdout: concat(out), stderr: concat(err) });
      if (seen >= count) return Promise.resolve(collect());
      return new Promise((resolve) => {
        waiting = { count, resolve: () => resolve(collect()) };
      });
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
