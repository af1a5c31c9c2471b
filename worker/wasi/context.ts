/**
 * What the host knows of the run it serves: set once by worker/main before instantiation.
 * One worker hosts one run, so this is module state.
 */
import type { HttpPermission, Job } from '../../shared/job.ts';
import type { Bridge, Maybe } from '../bridge/index.ts';

export interface HostContext {
  bridge: Bridge;
  args: string[];
  env: [string, string][];
  cwd?: string;
  /**
   * Called as the guest writes stdout (1) or stderr (2); the chunk may be transferred. Waits
   * while the page has a window of output it has not consumed yet (back-pressure).
   */
  output(fd: 1 | 2, chunk: Uint8Array): Maybe<void>;
  /** Bytes given up front as stdin, or 'remote' when the page streams it, or undefined: EOF. */
  stdin?: Uint8Array | 'remote';
  /** wasi:http: false (default), true, or the allowed origin patterns. */
  http?: HttpPermission;
  /** wasi:keyvalue: the store names the component may open (none by default). */
  keyValueStores?: string[];
  /** fermyon:spin/sqlite: the database names the component may open (none by default). */
  sqliteDatabases?: string[];
  /** wasi:config/store: the values, names already checked. */
  config?: [string, string][];
}

let context: HostContext | undefined;

export function setContext(value: HostContext): void {
  context = value;
}

/**
 * Set the context of `job`'s run, its output posted to the page through the bridge (transferred
 * where the chunk is a whole buffer). Answers how many chunks were posted so far, so the page
 * knows when it has them all.
 */
export function setRunContext(job: Job, bridge: Bridge): () => number {
  setContext({
    bridge,
    args: job.args,
    env: job.env,
    cwd: job.cwd,
    stdin: job.stdin,
    http: job.http,
    keyValueStores: job.keyValueStores,
    sqliteDatabases: job.sqliteDatabases,
    config: job.config,
    output(fd, chunk) {
      const whole = chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength && chunk.buffer instanceof ArrayBuffer;
      return bridge.output.write(fd, whole ? chunk : chunk.slice());
    },
  });
  return () => bridge.output.chunks;
}

export function getContext(): HostContext {
  if (!context) throw new Error('the WASI host was used before its run was set up');
  return context;
}

export function currentBridge(): Bridge {
  return getContext().bridge;
}
