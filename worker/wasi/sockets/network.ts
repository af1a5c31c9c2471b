/**
 * wasi:sockets/network and instance-network. A page has no raw sockets: the network exists so
 * components that import it instantiate, and every use of it is refused (see tcp-create-socket).
 */
export class Network {}

let network: Network | undefined;

export function instanceNetwork(): Network {
  network ??= new Network();
  return network;
}

/** No stream here ever carries a network error. */
export function networkErrorCode(_err: unknown): string | undefined {
  return undefined;
}
