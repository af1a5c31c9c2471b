/**
 * The run's mounts (`options.mounts`), opened before the guest starts; they become
 * wasi:filesystem/preopens.
 */
import type { MountSpec } from '../../../shared/job.ts';
import type { Bridge } from '../../bridge/index.ts';
import type { Backend } from './backend.ts';
import { MemoryBackend } from './memory.ts';
import { Mount } from './mount.ts';

export interface Preopen {
  mount: Mount;
  guestPath: string;
}

let preopens: Preopen[] = [];

/** The mounts, in the order given. */
export function getPreopens(): Preopen[] {
  return preopens;
}

/** Close every file open in a mount (the run or instance is over); its descriptors fail from then on. */
export function closeFiles(): void {
  for (const { mount } of preopens) mount.backend.closeAll?.();
}

/** Open every mount; the bridge opens the OPFS ones where its tier serves them. */
export async function openMounts(specs: MountSpec[], bridge: Bridge): Promise<void> {
  const opfs = specs.filter((s) => s.kind === 'opfs');
  const opened = opfs.length > 0 ? await bridge.mountOpfs(opfs.map((s) => s.path ?? '')) : [];
  let next = 0;
  preopens = [];
  for (const [id, spec] of specs.entries()) {
    const backend: Backend = spec.kind === 'memory' ? new MemoryBackend(spec.files) : opened[next++];
    preopens.push({ mount: new Mount(id, backend, !!spec.readonly), guestPath: spec.guestPath });
  }
}
