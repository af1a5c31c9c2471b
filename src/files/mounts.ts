import type { MountSpec } from '../../shared/job.ts';
import type { RunOptions } from '../types.ts';

/** Check `options.mounts` and turn it into what the worker gets; bad input throws naming the cause. */
export function mountSpecs(mounts: RunOptions['mounts']): MountSpec[] | undefined {
  if (mounts === undefined) return undefined;
  if (!mounts || typeof mounts !== 'object') throw new TypeError('mounts must be an object: guest path -> mount');
  return Object.entries(mounts).map(([guestPath, mount]) => {
    if (!guestPath.startsWith('/')) throw new TypeError(`mounts: the guest path "${guestPath}" must start with "/"`);
    if (!mount || typeof mount !== 'object') throw new TypeError(`mounts['${guestPath}'] must be { kind: 'opfs' | 'memory', ... }`);
    const readonly = !!mount.readonly;
    if (mount.kind === 'opfs') {
      const path = mount.path ?? '';
      if (typeof path !== 'string') throw new TypeError(`mounts['${guestPath}'].path must be a string`);
      if (path.split('/').includes('..')) throw new TypeError(`mounts['${guestPath}'].path may not contain ".."`);
      return { guestPath, kind: 'opfs', path, readonly };
    }
    if (mount.kind === 'memory') {
      const files = mount.files ?? {};
      for (const [name, contents] of Object.entries(files)) {
        if (typeof contents !== 'string' && !(contents instanceof Uint8Array)) {
          throw new TypeError(`mounts['${guestPath}'].files['${name}'] must be a string or a Uint8Array`);
        }
      }
      return { guestPath, kind: 'memory', files, readonly };
    }
    throw new TypeError(`mounts['${guestPath}'].kind must be 'opfs' or 'memory', not '${String((mount as { kind?: unknown }).kind)}'`);
  });
}
