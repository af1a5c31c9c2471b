/** wasi:sockets/udp and udp-create-socket: no UDP in a page, so no socket is ever made. */
import { fail } from '../io/error.ts';

export class UdpSocket {}
export class IncomingDatagramStream {}
export class OutgoingDatagramStream {}

export function createUdpSocket(_addressFamily: string): never {
  return fail('access-denied');
}
