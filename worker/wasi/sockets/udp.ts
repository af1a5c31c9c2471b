/** wasi:sockets/udp and udp-create-socket: no UDP in a page, so no socket is ever made. */
import { fail } from '../io/error.ts';
import { unmade } from '../../component-types/wit.ts';

export class UdpSocket {}
export class IncomingDatagramStream {}
export class OutgoingDatagramStream {}
unmade(UdpSocket, 'wasi:sockets/udp', 'udp-socket');
unmade(IncomingDatagramStream, 'wasi:sockets/udp', 'incoming-datagram-stream');
unmade(OutgoingDatagramStream, 'wasi:sockets/udp', 'outgoing-datagram-stream');

export function createUdpSocket(_addressFamily: string): never {
  return fail('access-denied');
}
