/** A failure the user can act on: printed as `wasi-browser: <message>`, exit 1. */
export class CliError extends Error {
  name = 'CliError';
}
