/** wasi:cli/exit */

/** Thrown through the guest's stack to end the run; worker/main turns it into the exit code. */
export class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit(${code})`);
    this.name = 'Exit';
  }
}

export function exit(status: { tag: 'ok' | 'err' }): never {
  throw new Exit(status.tag === 'ok' ? 0 : 1);
}

export function exitWithCode(statusCode: number): never {
  throw new Exit(statusCode);
}
