// The CLI's stdin, read a chunk at a time when the guest asks for more.

/**
 * A function that resolves with the next chunk of `stream` (a Buffer), or null at its end.
 * Nothing is read before the first call. A terminal gives a line at a time (Ctrl-D ends it),
 * as with `wasmtime run`.
 */
export function stdinReader(stream) {
  let iterator;
  let ended = false;
  return async function next() {
    if (ended) return null;
    iterator ??= stream[Symbol.asyncIterator]();
    try {
      const { value, done } = await iterator.next();
      if (done) {
        ended = true;
        return null;
      }
      return typeof value === 'string' ? Buffer.from(value) : value;
    } catch (e) {
      // A stdin that cannot be read (closed, a directory) reads as empty, as it would in a shell.
      process.emitWarning(`wasi-browser: stdin could not be read (${e.message}); the guest sees its end`);
      ended = true;
      return null;
    }
  };
}
