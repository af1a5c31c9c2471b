// For the filesystem unit tests: the WASI error code a call fails with.
import { FsError } from '../worker/wasi/filesystem/errors.ts';

/** The error code `f` fails with: 'ok' where it does not fail, the text of any other failure. */
export function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return e instanceof FsError ? e.code : String(e);
  }
  return 'ok';
}
