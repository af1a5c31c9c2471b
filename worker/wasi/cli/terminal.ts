/**
 * wasi:cli/terminal-input, terminal-output, terminal-stdin, terminal-stdout, terminal-stderr.
 * stdio is a pipe to the page, not a terminal: none of the three is a terminal.
 */
export class TerminalInput {}
export class TerminalOutput {}

export function getTerminalStdin(): TerminalInput | undefined {
  return undefined;
}
export function getTerminalStdout(): TerminalOutput | undefined {
  return undefined;
}
export function getTerminalStderr(): TerminalOutput | undefined {
  return undefined;
}
