import { startSession } from './session.ts';
import type { ComponentSource, Instance, RunOptions } from './types.ts';

/**
 * Instantiate a component in a dedicated worker and reach its exports from the page.
 * Each export function returns a Promise; values cross by structured clone.
 */
export async function instantiate(component: ComponentSource, options: RunOptions = {}): Promise<Instance> {
  const session = await startSession('instantiate', component, options);
  const call = async (path: string[], args: unknown[]) => {
    // After close() the proxy is gone: the ended promise (already rejected) answers first.
    const { value, chunks } = await Promise.race([session.ended, Promise.resolve().then(() => session.api.call(path, args))]);
    await session.outputs(chunks);
    return value;
  };
  const exports: Record<string, any> = {};
  for (const [key, shape] of Object.entries(session.started.exports)) {
    if (shape === 'function') {
      exports[key] = (...args: unknown[]) => call([key], args);
      continue;
    }
    const members: Record<string, unknown> = {};
    for (const [name, kind] of Object.entries(shape)) {
      members[name] =
        kind === 'class'
          ? () => Promise.reject(new TypeError(`${key}.${name} is a resource; resources cannot cross to the page yet`))
          : (...args: unknown[]) => call([key, name], args);
    }
    exports[key] = members;
  }
  return {
    exports,
    bridge: session.bridge,
    timings: {
      transpileMs: session.started.transpileMs,
      instantiateMs: session.started.instantiateMs,
      cached: session.started.cached,
    },
    async close() {
      await session.finish();
    },
  };
}
