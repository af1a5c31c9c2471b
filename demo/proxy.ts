/**
 * The playground's HTTP proxy mode: a `wasi:http/proxy` component served with `serve()`,
 * answering requests typed into a small form; requests and responses are shown in the terminal.
 */
import { type Server, type ServeOptions, serve } from '../src/index.ts';
import type { PlaygroundTerminal } from './terminal.ts';

export interface ProxyElements {
  form: HTMLFormElement;
  method: HTMLSelectElement;
  path: HTMLInputElement;
  body: HTMLTextAreaElement;
}

const NO_BODY = new Set(['GET', 'HEAD']);

export class ProxyPanel {
  #server: Server | undefined;

  constructor(private readonly ui: ProxyElements, private readonly terminal: PlaygroundTerminal) {
    ui.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.send();
    });
  }

  get serving(): boolean {
    return this.#server !== undefined;
  }

  /** Serve `source`; the form shows once it is instantiated. Rejects on a bad component. */
  async start(source: Parameters<typeof serve>[0], options: ServeOptions, path: string): Promise<void> {
    await this.stop();
    this.#server = await serve(source, options);
    this.ui.path.value = path;
    this.ui.form.hidden = false;
    this.terminal.note('[serving: send it requests with the Request form]');
  }

  /** Close the server (and its worker). */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    this.ui.form.hidden = true;
    await server?.close();
  }

  /** Send the form's request to the component and print the exchange. */
  async send(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    const method = this.ui.method.value;
    const path = this.ui.path.value.startsWith('/') ? this.ui.path.value : `/${this.ui.path.value}`;
    const body = NO_BODY.has(method) ? undefined : this.ui.body.value;
    this.terminal.note(`> ${method} ${path}${body ? ` (${body.length} bytes)` : ''}`);
    try {
      const response = await server.fetch(path, { method, body });
      this.terminal.write(`< ${response.status} ${response.statusText}\n`);
      for (const [name, value] of response.headers) this.terminal.write(`< ${name}: ${value}\n`);
      const text = await response.text();
      this.terminal.write(text.endsWith('\n') || !text ? text : `${text}\n`);
    } catch (e) {
      this.terminal.writeError(`${(e as Error).message}\n`);
    }
  }
}
