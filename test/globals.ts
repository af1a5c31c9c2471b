// Stand-ins for the browser globals a page module reads, put back after each use.

/**
 * Run `fn` with the globals in `stubs` set on `target` (undefined: removed), then restore them.
 * @example withGlobals({ crossOriginIsolated: true }, () => chooseBridge('atomics'))
 */
export async function withGlobals<T>(stubs: Record<string, unknown>, fn: () => T | Promise<T>, target: object = globalThis): Promise<T> {
  const saved = Object.keys(stubs).map((key) => [key, Object.getOwnPropertyDescriptor(target, key)] as const);
  for (const [key, value] of Object.entries(stubs)) {
    if (value === undefined) delete (target as Record<string, unknown>)[key];
    else Object.defineProperty(target, key, { value, configurable: true, writable: true });
  }
  try {
    return await fn();
  } finally {
    for (const [key, descriptor] of saved) {
      if (descriptor) Object.defineProperty(target, key, descriptor);
      else delete (target as Record<string, unknown>)[key];
    }
  }
}
