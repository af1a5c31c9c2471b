/** args_get, args_sizes_get, environ_get, environ_sizes_get: from the run's args and env. */
import { getArguments, getEnvironment } from '../wasi/cli/environment.ts';
import type { Functions, Host } from './host.ts';
import { stringListSize } from './memory.ts';

function environ(): string[] {
  return getEnvironment().map(([key, value]) => `${key}=${value}`);
}

/** The args and environ functions over `host`. */
export function argsFunctions({ memory }: Host): Functions {
  return {
    args_sizes_get(argc: number, size: number) {
      const args = getArguments();
      memory.u32(argc, args.length);
      memory.u32(size, stringListSize(args));
    },
    args_get(argv: number, buf: number) {
      memory.stringList(getArguments(), argv, buf);
    },
    environ_sizes_get(count: number, size: number) {
      const env = environ();
      memory.u32(count, env.length);
      memory.u32(size, stringListSize(env));
    },
    environ_get(ptrs: number, buf: number) {
      memory.stringList(environ(), ptrs, buf);
    },
  };
}
