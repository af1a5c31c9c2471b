/** wasi:sockets/tcp and tcp-create-socket: no TCP in a page, so no socket is ever made. */
import { fail } from '../io/error.ts';

export class TcpSocket {}

export function createTcpSocket(_addressFamily: string): never {
  return fail('access-denied');
}
