/** wasi:cli/environment */
import { getContext } from '../context.ts';

export function getEnvironment(): [string, string][] {
  return getContext().env;
}

export function getArguments(): string[] {
  return getContext().args;
}

export function initialCwd(): string | undefined {
  return getContext().cwd;
}
