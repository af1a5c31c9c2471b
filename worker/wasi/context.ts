/**
 * What the host knows of the run it serves: set once by worker/main before instantiation.
 * One worker hosts one run, so this is module state.
 */
import type { Bridge } from '../bridge/index.ts';

export interface HostContext {
  bridge: Bridge;
  args: string[];
  env: [string, string][];
  cwd?: string;
  /** Called as the guest writes stdout (1) or stderr (2); the chunk may be transferred. */
  output(fd: 1 | 2, chunk: Uint8Array): void;
  /** Bytes given up front as stdin, or 'remote' when the page streams it, or undefined: EOF. */
  stdin?: Uint8Array | 'remote';
  /** wasi:http: false (default), true, or the allowed origin patterns. */
  http?: boolean | string[];
  /** wasi:keyvalue: the store names the component may open (none by default). */
  keyValueStores?: string[];
  /** wasi:config/store: the values, names already checked. */
  config?: [string, string][];
}

let context: HostContext | undefined;

export function setContext(value: HostContext): void {
  context = value;
}

export function getContext(): HostContext {
  if (!context) throw new Error('the WASI host was used before its run was set up');
  return context;
}

export function currentBridge(): Bridge {
  return getContext().bridge;
}
