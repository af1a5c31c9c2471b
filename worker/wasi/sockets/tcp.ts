/** wasi:sockets/tcp and tcp-create-socket: no TCP in a page, so no socket is ever made. */
import { fail } from '../io/error.ts';
import { unmade } from '../../component-types/wit.ts';

export class TcpSocket {}
unmade(TcpSocket, 'wasi:sockets/tcp', 'tcp-socket');

export function createTcpSocket(_addressFamily: string): never {
  return fail('access-denied');
}
