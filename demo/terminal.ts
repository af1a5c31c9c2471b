/**
 * The playground's terminal: xterm.js showing stdout and stderr, and a line-buffered stdin
 * the way a shell's terminal gives it (typed characters are echoed; Enter sends the line;
 * Backspace edits it; Ctrl-D ends the stream; Ctrl-C calls `onInterrupt`).
 */
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';

const encoder = new TextEncoder();

export class PlaygroundTerminal {
  readonly term = new Terminal({
    convertEol: true,
    cursorBlink: true,
    fontSize: 14,
    scrollback: 5000,
    theme: { background: '#101418' },
  });
  #fit = new FitAddon();
  #stdin: ReadableStreamDefaultController<Uint8Array> | undefined;
  #line = '';
  onInterrupt: () => void = () => {};

  constructor(element: HTMLElement) {
    this.term.loadAddon(this.#fit);
    this.term.open(element);
    this.#fit.fit();
    new ResizeObserver(() => this.#fit.fit()).observe(element);
    this.term.onData((data) => this.#type(data));
  }

  write(chunk: Uint8Array | string): void {
    this.term.write(chunk);
  }

  /** Stderr, in red. */
  writeError(chunk: Uint8Array | string): void {
    this.term.write('\x1b[31m');
    this.term.write(chunk);
    this.term.write('\x1b[0m');
  }

  /** A line of the playground's own, dimmed, on a line of its own. */
  note(text: string): void {
    this.term.write(`\x1b[2m${text}\x1b[0m\r\n`);
  }

  /** A fresh stdin for the next run: what is typed from now on. */
  openStdin(): ReadableStream<Uint8Array> {
    this.closeStdin();
    this.#line = '';
    return new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.#stdin = controller;
      },
    });
  }

  /** End of file for the current run's stdin; later typing goes nowhere. */
  closeStdin(): void {
    try {
      this.#stdin?.close();
    } catch {
      // already closed or cancelled
    }
    this.#stdin = undefined;
  }

  #send(text: string): void {
    this.#stdin?.enqueue(encoder.encode(text));
  }

  #type(data: string): void {
    for (const c of data) {
      if (c === '\x03') {
        this.term.write('^C\r\n');
        this.onInterrupt();
      } else if (!this.#stdin) {
        continue;
      } else if (c === '\r' || c === '\n') {
        this.term.write('\r\n');
        this.#send(`${this.#line}\n`);
        this.#line = '';
      } else if (c === '\x7f' || c === '\b') {
        if (this.#line) {
          this.#line = [...this.#line].slice(0, -1).join('');
          this.term.write('\b \b');
        }
      } else if (c === '\x04') {
        if (this.#line) this.#send(this.#line);
        this.#line = '';
        this.closeStdin();
      } else if (c >= ' ' || c === '\t') {
        this.#line += c;
        this.term.write(c);
      }
    }
  }
}
