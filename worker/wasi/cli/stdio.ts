/** wasi:cli/stdin, stdout, stderr */
import { Op, Status, fromUtf8 } from '../../../shared/protocol.ts';
import { then } from '../../bridge/index.ts';
import { getContext } from '../context.ts';
import { ByteQueue, InputStream, OutputStream } from '../io/streams.ts';

let stdin: ByteQueue | undefined;
const request = new Int32Array(2);
/** Read the page's stream in pieces this large. */
const STDIN_CHUNK = 1 << 20;

function stdinQueue(): ByteQueue {
  if (stdin) return stdin;
  const { stdin: given, bridge } = getContext();
  if (given === 'remote') {
    stdin = new ByteQueue((queue, timeoutMs) => {
      request[0] = STDIN_CHUNK;
      request[1] = timeoutMs === undefined ? -1 : Math.ceil(timeoutMs);
      return then(bridge.request(Op.StdinRead, new Uint8Array(request.buffer)), (reply) => {
        // The end carries a message where the page's stream failed.
        if (reply.status !== Status.Eof) queue.push(reply.payload);
        else queue.end(reply.payload.byteLength > 0 ? fromUtf8(reply.payload) : undefined);
      });
    });
  } else {
    stdin = new ByteQueue();
    if (given) stdin.push(given);
    stdin.end();
  }
  return stdin;
}

export function getStdin(): InputStream {
  return new InputStream(stdinQueue());
}

function outputTo(fd: 1 | 2): OutputStream {
  const { output } = getContext();
  return new OutputStream({ write: (bytes) => output(fd, bytes) });
}

export function getStdout(): OutputStream {
  return outputTo(1);
}

export function getStderr(): OutputStream {
  return outputTo(2);
}
