/** The args and env editors' text, both ways. */

/** Split a command line as a POSIX shell would for words: spaces, 'single', "double" quotes and \ escapes. */
export function parseArgs(line: string): string[] {
  const args: string[] = [];
  let word: string | undefined;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) word += line[++i];
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      word ??= '';
    } else if (c === '\\' && i + 1 < line.length) {
      word = (word ?? '') + line[++i];
    } else if (/\s/.test(c)) {
      if (word !== undefined) args.push(word);
      word = undefined;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (quote) throw new SyntaxError(`args: the ${quote} quote is not closed`);
  if (word !== undefined) args.push(word);
  return args;
}

/** The inverse of {@link parseArgs}, quoting only where needed. */
export function formatArgs(args: string[]): string {
  return args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** `KEY=value` lines; blank lines and `#` comments skipped. */
export function parseEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [n, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) throw new SyntaxError(`env line ${n + 1}: expected KEY=value, got "${line}"`);
    env[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return env;
}

export function formatEnv(env: Record<string, string> = {}): string {
  return Object.entries(env).map(([k, v]) => `${k}=${v}`).join('\n');
}
