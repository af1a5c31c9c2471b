/**
 * wasi:filesystem/types. With no mounts there are no preopens, so no Descriptor is ever
 * handed out; the classes exist because every command component built with the preview1
 * adapter imports them.
 */
export class Descriptor {}
export class DirectoryEntryStream {}

export function filesystemErrorCode(_err: unknown): string | undefined {
  return undefined;
}
