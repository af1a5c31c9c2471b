// For the filesystem unit tests: the WASI error code a call fails with.
import { FsError } from '../worker/wasi/filesystem/errors.ts';

/** The error code `f` fails with; throws where it fails otherwise or does not fail. */
export function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof FsError) return e.code;
    throw e;
  }
  throw new Error('no error');
}
