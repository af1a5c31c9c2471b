/** Preview 1 filestat, filetype and fstflags, converted from and to the host's values. */
import type { Kind } from '../wasi/filesystem/backend.ts';
import type { Datetime, DescriptorStat, NewTimestamp } from '../wasi/filesystem/descriptor.ts';
import { EINVAL, fail } from './errno.ts';
import type { GuestMemory } from './memory.ts';

export const FILETYPE_UNKNOWN = 0;
export const FILETYPE_CHARACTER_DEVICE = 2;
export const FILETYPE_DIRECTORY = 3;
export const FILETYPE_REGULAR_FILE = 4;
export const FILETYPE_SYMBOLIC_LINK = 7;

const FST_ATIM = 1;
const FST_ATIM_NOW = 2;
const FST_MTIM = 4;
const FST_MTIM_NOW = 8;

/** The preview 1 filetype of a host kind. */
export function filetypeOf(kind: Kind): number {
  if (kind === 'directory') return FILETYPE_DIRECTORY;
  if (kind === 'regular-file') return FILETYPE_REGULAR_FILE;
  if (kind === 'symbolic-link') return FILETYPE_SYMBOLIC_LINK;
  return FILETYPE_UNKNOWN;
}

function nanos(time: Datetime | undefined): bigint {
  return time ? time.seconds * 1_000_000_000n + BigInt(time.nanoseconds) : 0n;
}

/** Store a `filestat` (64 bytes) at `ptr`. */
export function storeFilestat(memory: GuestMemory, ptr: number, stat: DescriptorStat | undefined, ino: bigint): void {
  memory.bytes(ptr, 64).fill(0);
  if (!stat) return;
  memory.u64(ptr, 1n);
  memory.u64(ptr + 8, ino);
  memory.u8(ptr + 16, filetypeOf(stat.type));
  memory.u64(ptr + 24, stat.linkCount);
  memory.u64(ptr + 32, stat.size);
  memory.u64(ptr + 40, nanos(stat.dataAccessTimestamp));
  memory.u64(ptr + 48, nanos(stat.dataModificationTimestamp));
  memory.u64(ptr + 56, nanos(stat.statusChangeTimestamp));
}

function timestamp(value: bigint, set: boolean, now: boolean): NewTimestamp {
  if (set && now) fail(EINVAL, 'a time both given and now');
  if (now) return { tag: 'now' };
  if (!set) return { tag: 'no-change' };
  const ns = BigInt.asUintN(64, value);
  return { tag: 'timestamp', val: { seconds: ns / 1_000_000_000n, nanoseconds: Number(ns % 1_000_000_000n) } };
}

/** The access and modification times fstflags asks for. */
export function timesOf(atim: bigint, mtim: bigint, flags: number): [NewTimestamp, NewTimestamp] {
  if (flags & ~(FST_ATIM | FST_ATIM_NOW | FST_MTIM | FST_MTIM_NOW)) fail(EINVAL, `fstflags ${flags}`);
  return [
    timestamp(atim, !!(flags & FST_ATIM), !!(flags & FST_ATIM_NOW)),
    timestamp(mtim, !!(flags & FST_MTIM), !!(flags & FST_MTIM_NOW)),
  ];
}
