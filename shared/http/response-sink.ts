/** serve()'s response body: the worker writes it, the page reads it as a ReadableStream. */
import type { BodyEnd } from './wire.ts';

export class ResponseSink {
  readonly stream: ReadableStream<Uint8Array>;
  #controller!: ReadableStreamDefaultController<Uint8Array>;
  #room: (() => void) | undefined;
  #cancelled = false;
  #ended = false;

  constructor() {
    this.stream = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.#controller = controller;
        },
        pull: () => this.#free(),
        cancel: () => {
          this.#cancelled = true;
          this.#free();
        },
      },
      { highWaterMark: 1 << 20, size: (chunk) => chunk.byteLength },
    );
  }

  #free(): void {
    this.#room?.();
    this.#room = undefined;
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (this.#cancelled) throw new Error('the reader of this body went away');
    this.#controller.enqueue(bytes);
    if ((this.#controller.desiredSize ?? 1) <= 0) await new Promise<void>((resolve) => (this.#room = resolve));
  }

  /** Whether the writer ended the body (or the reader went away). */
  get ended(): boolean {
    return this.#ended || this.#cancelled;
  }

  end(end: BodyEnd): void {
    if (this.ended) return;
    this.#ended = true;
    if (end.error) this.#controller.error(new Error(end.message ?? `the body failed: ${end.error.tag}`));
    else this.#controller.close();
  }
}
