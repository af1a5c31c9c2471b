/**
 * The run's mounts (`options.mounts`), opened before the guest starts; they become
 * wasi:filesystem/preopens.
 */
import type { MountSpec } from '../../../shared/job.ts';
import type { Backend } from './backend.ts';
import { MemoryBackend } from './memory.ts';
import { Mount } from './mount.ts';
import { OpfsBackend } from './opfs.ts';
import { connectOpfsHelper } from './remote.ts';

export interface Preopen {
  mount: Mount;
  guestPath: string;
}

let preopens: Preopen[] = [];

/** The mounts, in the order given. */
export function getPreopens(): Preopen[] {
  return preopens;
}

/**
 * Open every mount. OPFS mounts are served in this worker in the JSPI tier; in the Atomics
 * tier by a helper worker (see remote.ts for why).
 */
/** `channel`: the run's bridge channel (Atomics tier), whose CLOSED word the helper watches. */
export async function openMounts(specs: MountSpec[], tier: 'jspi' | 'atomics', channel?: SharedArrayBuffer): Promise<void> {
  const opfs = specs.filter((s) => s.kind === 'opfs');
  const helper = tier === 'atomics' && opfs.length > 0 ? await connectOpfsHelper(opfs.map((s) => s.path ?? ''), channel) : undefined;
  let helperIndex = 0;
  preopens = [];
  for (const [id, spec] of specs.entries()) {
    let backend: Backend;
    if (spec.kind === 'memory') backend = new MemoryBackend(spec.files);
    else if (helper) backend = helper.backend(helperIndex++);
    else backend = await OpfsBackend.mount(spec.path);
    preopens.push({ mount: new Mount(id, backend, !!spec.readonly), guestPath: spec.guestPath });
  }
}
