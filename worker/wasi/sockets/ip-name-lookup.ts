/**
 * wasi:sockets/ip-name-lookup: a page cannot resolve names; the answer is what wasmtime gives
 * when name lookup is not allowed.
 */
import { fail } from '../io/error.ts';
import { unmade } from '../../component-types/wit.ts';

export class ResolveAddressStream {}
unmade(ResolveAddressStream, 'wasi:sockets/ip-name-lookup', 'resolve-address-stream');

export function resolveAddresses(_network: unknown, _name: string): never {
  return fail('permanent-resolver-failure');
}
