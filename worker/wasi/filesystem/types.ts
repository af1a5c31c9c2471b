/** wasi:filesystem/types */
import { real } from '../cabi.ts';
import type { Error as IoError } from '../io/error.ts';
import { Descriptor } from './descriptor.ts';
import { DirectoryEntryStream } from './directory-entry-stream.ts';
import type { ErrorCode } from './errors.ts';
import { streamErrorCode } from './file-streams.ts';

export { Descriptor, DirectoryEntryStream };

/** The filesystem error behind a stream's `last-operation-failed`, if it was one. */
export function filesystemErrorCode(err: IoError): ErrorCode | undefined {
  return streamErrorCode(real(err));
}
