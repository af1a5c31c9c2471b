/** wasi:config/store@0.2.0-draft-2024-09-27: the `config` option, fixed for the run. */
import { getContext } from '../context.ts';

/** The value of `key`, or undefined: also for a name Spin would not accept, as Spin answers. */
export function get(key: string): string | undefined {
  return getContext().config?.find(([name]) => name === key)?.[1];
}

export function getAll(): [string, string][] {
  return getContext().config ?? [];
}
