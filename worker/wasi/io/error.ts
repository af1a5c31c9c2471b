/** wasi:io/error */
import { real } from '../cabi.ts';

export class Error {
  readonly #message: string;
  constructor(message: string) {
    this.#message = message;
  }
  toDebugString(): string {
    return real(this).#message;
  }
}

/**
 * An error value for a `result<_, E>` import: jco's glue turns a thrown object with a
 * `payload` into `err(payload)`, while any other thrown Error traps.
 */
export class WasiError extends globalThis.Error {
  constructor(readonly payload: unknown, message = `WASI error ${JSON.stringify(payload)}`) {
    super(message);
  }
}

/** Throw `err(payload)` to the guest. */
export function fail(payload: unknown): never {
  throw new WasiError(payload);
}
