import type { Service } from '../host.ts';
import { Op, Status, decode, encode } from '../../shared/protocol.ts';
import type { RunOptions } from '../types.ts';

/** Interface -> function names, for the worker to stand in for. */
export function importSpec(imports: RunOptions['imports'] = {}): Record<string, string[]> {
  const spec: Record<string, string[]> = {};
  for (const [iface, object] of Object.entries(imports)) {
    if (!object || typeof object !== 'object') throw new TypeError(`imports['${iface}'] must be an object of functions`);
    spec[iface] = Object.keys(object).filter((k) => typeof (object as Record<string, unknown>)[k] === 'function');
  }
  return spec;
}

/** The page side of the user's imports: the worker's stand-ins ask for the real call. */
export function importServices(imports: RunOptions['imports'] = {}): Partial<Record<Op, Service>> {
  return { [Op.CallImport]: async (payload) => {
    const [iface, fn, args] = decode(payload) as [string, string, unknown[]];
    const object = imports[iface] as Record<string, (...a: unknown[]) => unknown>;
    try {
      return { status: Status.Ok, payload: encode(await object[fn](...args)) };
    } catch (e) {
      if (e instanceof Error) throw new Error(`imports['${iface}'].${fn} threw: ${e.message}`);
      return { status: Status.Thrown, payload: encode(e) };
    }
  } };
}

