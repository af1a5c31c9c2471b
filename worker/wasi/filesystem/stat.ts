/**
 * wasi:filesystem/types' records of times and metadata, and their conversions from and to
 * what a backend answers (nanoseconds since the epoch).
 */
import type { Kind, Nanos, Stat, TimeChange } from './backend.ts';
import { fsFail } from './errors.ts';

/** wasi:clocks/wall-clock `datetime`. */
export interface Datetime { seconds: bigint; nanoseconds: number }
/** wasi:filesystem/types `new-timestamp`. */
export type NewTimestamp = { tag: 'no-change' } | { tag: 'now' } | { tag: 'timestamp'; val: Datetime };

/** wasi:filesystem/types `descriptor-stat`. */
export interface DescriptorStat {
  type: Kind;
  linkCount: bigint;
  size: bigint;
  dataAccessTimestamp?: Datetime;
  dataModificationTimestamp?: Datetime;
  statusChangeTimestamp?: Datetime;
}

/** wasi:filesystem/types `metadata-hash-value`. */
export interface MetadataHashValue { lower: bigint; upper: bigint }

function toDatetime(ns: Nanos | undefined): Datetime | undefined {
  if (ns === undefined) return undefined;
  return { seconds: ns / 1_000_000_000n, nanoseconds: Number(ns % 1_000_000_000n) };
}

/** A new-timestamp as the backend's time change. */
export function toTimeChange(t: NewTimestamp): TimeChange {
  if (t.tag === 'no-change') return undefined;
  if (t.tag === 'now') return 'now';
  if (t.val.nanoseconds >= 1e9) fsFail('invalid', 'nanoseconds beyond a second');
  return t.val.seconds * 1_000_000_000n + BigInt(t.val.nanoseconds);
}

/** A backend's stat as a descriptor-stat. */
export function toStat(stat: Stat): DescriptorStat {
  const mtime = toDatetime(stat.mtime);
  return {
    type: stat.type,
    linkCount: 1n,
    size: BigInt(stat.size),
    dataAccessTimestamp: toDatetime(stat.atime) ?? mtime,
    dataModificationTimestamp: mtime,
    statusChangeTimestamp: mtime,
  };
}

/** 128 bits from a string: two FNV-1a 64-bit hashes with different seeds. */
export function hash128(text: string): MetadataHashValue {
  const prime = 0x100000001b3n;
  const mask = (1n << 64n) - 1n;
  let lower = 0xcbf29ce484222325n;
  let upper = 0x84222325cbf29ce4n;
  for (let i = 0; i < text.length; i++) {
    const c = BigInt(text.charCodeAt(i));
    lower = ((lower ^ c) * prime) & mask;
    upper = ((upper ^ (c + 0x9en)) * prime) & mask;
  }
  return { lower, upper };
}
