// js-app.wasm: a wasi:http/proxy handler in JavaScript, built with componentize-js (jco
// componentize) by e2e/guests/build.sh. Routes by the path's last segment:
//   .../count   increments "js-hits" in wasi:keyvalue store "default" (atomics), "js hits N"
//   .../greet   fermyon:spin/variables' "greeting" and the spin key-value "note" (store "default"):
//               "greeting G note N" (N: none if unset); ?TEXT sets the note first
// A store error answers 500 with its tag ("error access-denied").
import { open } from 'wasi:keyvalue/store@0.2.0-draft2';
import { increment } from 'wasi:keyvalue/atomics@0.2.0-draft2';
import { Store } from 'fermyon:spin/key-value@2.0.0';
import { get as variable } from 'fermyon:spin/variables@2.0.0';
import { Fields, OutgoingBody, OutgoingResponse, ResponseOutparam } from 'wasi:http/types@0.2.12';

function reply(outparam, status, text) {
  const response = new OutgoingResponse(new Fields());
  response.setStatusCode(status);
  const body = response.body();
  ResponseOutparam.set(outparam, { tag: 'ok', val: response });
  const stream = body.write();
  stream.blockingWriteAndFlush(new TextEncoder().encode(text));
  stream[Symbol.dispose]();
  OutgoingBody.finish(body, undefined);
}

function answer(path, query) {
  if (path.endsWith('/count')) return `js hits ${increment(open('default'), 'js-hits', 1n)}\n`;
  if (path.endsWith('/greet')) {
    const store = Store.open('default');
    if (query) store.set('note', new TextEncoder().encode(decodeURIComponent(query)));
    const note = store.get('note');
    return `greeting ${variable('greeting')} note ${note ? new TextDecoder().decode(note) : 'none'}\n`;
  }
  return null;
}

export const incomingHandler = {
  handle(request, outparam) {
    const [path, query] = (request.pathWithQuery() ?? '/').split('?');
    try {
      const text = answer(path, query);
      if (text === null) reply(outparam, 404, 'no route\n');
      else reply(outparam, 200, text);
    } catch (e) {
      const tag = e?.payload?.tag ?? e?.message ?? String(e);
      reply(outparam, 500, `error ${tag}\n`);
    }
  },
};
