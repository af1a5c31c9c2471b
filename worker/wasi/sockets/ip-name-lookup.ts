/**
 * wasi:sockets/ip-name-lookup: a page cannot resolve names; the answer is what wasmtime gives
 * when name lookup is not allowed.
 */
import { fail } from '../io/error.ts';

export class ResolveAddressStream {}

export function resolveAddresses(_network: unknown, _name: string): never {
  return fail('permanent-resolver-failure');
}
