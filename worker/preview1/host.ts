/**
 * What every preview 1 function works with: the guest's memory and the descriptor table.
 * A function writes its results to memory itself and returns nothing (or a Promise of nothing,
 * in the JSPI tier, where it waits); it fails by throwing (see errno.ts).
 */
import type { Maybe } from '../bridge/index.ts';
import type { FdTable } from './fds.ts';
import type { GuestMemory } from './memory.ts';

export interface Host {
  memory: GuestMemory;
  fds: FdTable;
}

/** A preview 1 function as the host writes it: its wasm arguments (i64 as bigint). */
export type HostFunction = (...args: never[]) => Maybe<void>;

/** A group of preview 1 functions, by their spec names. */
export type Functions = Record<string, HostFunction>;
