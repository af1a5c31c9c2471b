/**
 * The page side of the event port: collects the guest's output and serves its host requests,
 * in either tier. In the Atomics tier the request sits in the shared channel and the worker
 * is blocked until the answer is there; every failure still answers, so it always wakes.
 */
import { type Answer, Channel, Op, Status, type WorkerEvent, concat, utf8 } from '../shared/protocol.ts';
import { messageOf } from '../shared/message.ts';

export type { Answer };

/** A host service: takes the request's payload, answers. */
export type Service = (payload: Uint8Array) => Promise<Answer> | Answer;

export interface HostOptions {
  port: MessagePort;
  sab?: SharedArrayBuffer;
  services: Partial<Record<Op, Service>>;
  onOutput(fd: 1 | 2, chunk: Uint8Array): void;
  /** The worker learned that `origin` takes request bodies only whole. */
  onWholeOrigin?(origin: string): void;
}

const empty = new Uint8Array(0);

async function answer(services: HostOptions['services'], op: Op, payload: Uint8Array): Promise<Answer> {
  const service = services[op];
  if (!service) return { status: Status.Error, payload: utf8(`the page has no service for operation ${op}`) };
  try {
    return await service(payload);
  } catch (e) {
    return { status: Status.Error, payload: utf8(messageOf(e)) };
  }
}

/** Serve one worker's event port until it is closed. */
export function serveHost({ port, sab, services, onOutput, onWholeOrigin }: HostOptions): void {
  const header = sab && new Int32Array(sab, 0, Channel.HEADER_BYTES / 4);
  const window = sab && new Uint8Array(sab, Channel.HEADER_BYTES, Channel.WINDOW_BYTES);
  let request: Uint8Array[] = [];
  let rest: Uint8Array = empty;
  let finalStatus: Status = Status.Ok;

  function reply(status: Status, bytes: Uint8Array): void {
    const chunk = bytes.subarray(0, Channel.WINDOW_BYTES);
    rest = bytes.subarray(chunk.byteLength);
    window!.set(chunk);
    header![Channel.LENGTH] = chunk.byteLength;
    header![Channel.STATUS] = rest.byteLength > 0 ? Status.More : status;
    finalStatus = status;
    Atomics.store(header!, Channel.STATE, Channel.Response);
    Atomics.notify(header!, Channel.STATE);
  }

  async function wake(): Promise<void> {
    const op = header![Channel.OP] as Op;
    const chunk = window!.slice(0, header![Channel.LENGTH]);
    if (op === Op.More) {
      request.push(chunk);
      return reply(Status.Ok, empty);
    }
    if (op === Op.Next) return reply(finalStatus, rest);
    request.push(chunk);
    const payload = request.length === 1 ? chunk : concat(request);
    request = [];
    const { status, payload: out } = await answer(services, op, payload);
    reply(status, out);
  }

  port.onmessage = (event: MessageEvent<WorkerEvent>) => {
    const data = event.data;
    switch (data.t) {
      case 'out':
        onOutput(data.fd, data.chunk);
        break;
      case 'wake':
        void wake();
        break;
      case 'req':
        void answer(services, data.op, data.payload).then(({ status, payload }) =>
          port.postMessage({ t: 'res', id: data.id, status, payload }),
        );
        break;
      case 'whole-origin':
        onWholeOrigin?.(data.origin);
        break;
    }
  };
}
