// Unit tests for the pure wasi:http logic (run by Playwright's runner in Node, project "unit").
import { expect, test } from '@playwright/test';
import { StreamingPolicy, canStreamRequests } from '../shared/http/streaming.ts';
import { type SendHead, decodeSend, encodeSend } from '../shared/http/wire.ts';
import { httpPermission } from '../src/services/http.ts';
import { Fields } from '../worker/wasi/http/fields.ts';
import { denialMessage, isAllowed } from '../worker/wasi/http/permission.ts';
import { WasiError } from '../worker/wasi/io/error.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (value: Uint8Array) => new TextDecoder().decode(value);

/** The payload `f` fails with (the error-code or header-error the guest gets). */
function failure(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    if (e instanceof WasiError) return e.payload;
    throw e;
  }
  throw new Error('did not fail');
}

test.describe('permission', () => {
  const allowed = (permission: boolean | string[], url: string) => isAllowed(permission, new URL(url));

  test('off and on', () => {
    expect(allowed(false, 'https://example.com/')).toBe(false);
    expect(allowed(true, 'https://example.com/')).toBe(true);
    expect(allowed([], 'https://example.com/')).toBe(false);
  });

  test('an origin matches as a whole: scheme, host and port', () => {
    const list = ['https://api.example.com'];
    expect(allowed(list, 'https://api.example.com/v1?q=1')).toBe(true);
    expect(allowed(list, 'http://api.example.com/')).toBe(false);
    expect(allowed(list, 'https://api.example.com:8443/')).toBe(false);
    expect(allowed(list, 'https://api.example.com.evil.test/')).toBe(false);
    expect(allowed(list, 'https://xapi.example.com/')).toBe(false);
    // The dot is a dot, not any character; case does not matter; a trailing slash is allowed.
    expect(allowed(list, 'https://api-example.com/')).toBe(false);
    expect(allowed(['HTTPS://API.Example.com/'], 'https://api.example.com/')).toBe(true);
  });

  test('`*` stands for part of a host, `:*` for any port or none', () => {
    const sub = ['https://*.example.com'];
    expect(allowed(sub, 'https://a.example.com/')).toBe(true);
    expect(allowed(sub, 'https://a.b.example.com/')).toBe(true);
    expect(allowed(sub, 'https://example.com/')).toBe(false);
    expect(allowed(sub, 'https://a.example.org/')).toBe(false);
    const ports = ['http://127.0.0.1:*'];
    expect(allowed(ports, 'http://127.0.0.1:8080/')).toBe(true);
    expect(allowed(ports, 'http://127.0.0.1/')).toBe(true);
    expect(allowed(ports, 'http://127.0.0.10:80/')).toBe(false);
    expect(allowed(ports, 'https://127.0.0.1:8080/')).toBe(false);
    expect(allowed(['https://a.test', 'http://b.test:*'], 'http://b.test:3000/')).toBe(true);
  });

  test('a denial says how to allow the request', () => {
    const url = new URL('https://api.example.com/x');
    expect(denialMessage(false, url)).toContain("pass `http: true` or `http: { allow: ['https://api.example.com'] }`");
    expect(denialMessage(['https://a.test', 'https://b.test'], url)).toContain(
      'https://api.example.com is not in `http.allow` (https://a.test, https://b.test)',
    );
  });
});

test.describe('the http option', () => {
  test('normalized: off by default, true, or the allow-list', () => {
    expect(httpPermission(undefined)).toBe(false);
    expect(httpPermission(false)).toBe(false);
    expect(httpPermission(true)).toBe(true);
    const allow = ['https://*.example.com', 'http://127.0.0.1:*', 'https://api.example.com/'];
    expect(httpPermission({ allow })).toEqual(allow);
  });

  test('anything else is a TypeError naming what is wrong', () => {
    for (const bad of [null, 'yes', 1, {}, { allow: 'https://a.test' }]) {
      expect(() => httpPermission(bad as never), JSON.stringify(bad)).toThrow(TypeError);
      expect(() => httpPermission(bad as never)).toThrow(/http must be true, false or \{ allow/);
    }
    for (const entry of ['127.0.0.1', 'https://a.test/path', 'https://a.test?q', '//a.test', 'https://', 7]) {
      expect(() => httpPermission({ allow: [entry as string] }), String(entry)).toThrow(/http.allow entries are origins/);
    }
  });
});

test.describe('fields', () => {
  test('names are lowercased, read in any case, repeated values kept in order', () => {
    const fields = Fields.fromList([
      ['X-Multi', bytes('one')],
      ['Content-Type', bytes('text/plain')],
      ['x-multi', bytes('two')],
    ]);
    expect(fields.get('X-MULTI').map(text)).toEqual(['one', 'two']);
    expect(fields.has('content-type')).toBe(true);
    expect(fields.has('missing')).toBe(false);
    expect(fields.get('missing')).toEqual([]);
    expect(fields.entries().map(([n, v]) => [n, text(v)])).toEqual([
      ['x-multi', 'one'],
      ['content-type', 'text/plain'],
      ['x-multi', 'two'],
    ]);
  });

  test('set replaces, append adds, delete removes', () => {
    const fields = new Fields();
    fields.append('a', bytes('1'));
    fields.append('b', bytes('2'));
    fields.append('A', bytes('3'));
    fields.set('a', [bytes('4'), bytes('5')]);
    expect(fields.toPairs()).toEqual([['b', '2'], ['a', '4'], ['a', '5']]);
    fields.delete('B');
    expect(fields.toPairs()).toEqual([['a', '4'], ['a', '5']]);
  });

  test('malformed names and values are invalid-syntax; hop-by-hop names are forbidden', () => {
    const fields = new Fields();
    expect(failure(() => fields.append('bad name', bytes('x')))).toEqual({ tag: 'invalid-syntax' });
    expect(failure(() => fields.append('', bytes('x')))).toEqual({ tag: 'invalid-syntax' });
    expect(failure(() => fields.append('x', bytes('a\nb')))).toEqual({ tag: 'invalid-syntax' });
    expect(failure(() => fields.append('x', bytes('a\x7f')))).toEqual({ tag: 'invalid-syntax' });
    for (const name of ['Connection', 'host', 'Transfer-Encoding', 'upgrade', 'keep-alive']) {
      expect(failure(() => fields.append(name, bytes('x'))), name).toEqual({ tag: 'forbidden' });
    }
    expect(failure(() => Fields.fromList([['ok', bytes('1')], ['Host', bytes('a')]]))).toEqual({ tag: 'forbidden' });
    // A tab is allowed in a value; nothing was added by the refusals.
    fields.append('x', bytes('a\tb'));
    expect(fields.toPairs()).toEqual([['x', 'a\tb']]);
  });

  test('frozen fields refuse changes as immutable; a clone is mutable again', () => {
    const fields = Fields.fromList([['a', bytes('1')]]).freeze();
    expect(failure(() => fields.append('b', bytes('2')))).toEqual({ tag: 'immutable' });
    expect(failure(() => fields.set('a', []))).toEqual({ tag: 'immutable' });
    expect(failure(() => fields.delete('a'))).toEqual({ tag: 'immutable' });
    expect(fields.toPairs()).toEqual([['a', '1']]);
    const clone = fields.clone();
    clone.append('b', bytes('2'));
    expect(clone.toPairs()).toEqual([['a', '1'], ['b', '2']]);
    expect(fields.toPairs()).toEqual([['a', '1']]);
    const received = Fields.immutable([['Set-Cookie', bytes('a=b')]]);
    expect(received.get('set-cookie').map(text)).toEqual(['a=b']);
    expect(failure(() => received.append('x', bytes('y')))).toEqual({ tag: 'immutable' });
  });

  test('values are copies: changing one read or given changes nothing stored', () => {
    const given = bytes('abc');
    const fields = Fields.fromList([['a', given]]);
    given[0] = 0x7a;
    fields.get('a')[0][1] = 0x7a;
    fields.entries()[0][1][2] = 0x7a;
    expect(fields.toPairs()).toEqual([['a', 'abc']]);
  });

  test('values go to fetch as Latin-1, byte for byte', () => {
    const fields = Fields.fromList([['x', Uint8Array.of(0x63, 0xe9, 0xff)]]);
    expect(fields.toPairs()).toEqual([['x', 'c\u00e9\u00ff']]);
  });
});

test.describe('the send payload', () => {
  const head: SendHead = {
    method: 'POST',
    url: 'https://api.example.com/ünïcode?q=1',
    headers: [['content-type', 'text/plain'], ['x-a', 'é']],
    connectMs: 250,
    betweenMs: 1.5,
    streamBody: true,
  };

  test('head and body round-trip', () => {
    const body = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);
    const [h, b] = decodeSend(encodeSend(head, body));
    expect(h).toEqual(head);
    expect(b).toEqual(body);
  });

  test('no body, or an empty one, decodes as none', () => {
    expect(decodeSend(encodeSend(head, undefined))).toEqual([head, undefined]);
    expect(decodeSend(encodeSend(head, new Uint8Array(0)))).toEqual([head, undefined]);
  });

  test('the layout: u32 little-endian head length, the head as JSON, the body', () => {
    const payload = encodeSend({ method: 'GET', url: 'http://a.test/', headers: [] }, Uint8Array.of(9, 8));
    const json = '{"method":"GET","url":"http://a.test/","headers":[]}';
    expect([...payload.subarray(0, 4)]).toEqual([json.length, 0, 0, 0]);
    expect(text(payload.subarray(4, 4 + json.length))).toBe(json);
    expect([...payload.subarray(4 + json.length)]).toEqual([9, 8]);
  });

  test('a payload in the middle of a larger buffer decodes, and its body is a copy', () => {
    const payload = encodeSend(head, Uint8Array.of(1, 2, 3));
    const window = new Uint8Array(payload.byteLength + 16).fill(0xee);
    window.set(payload, 8);
    const view = window.subarray(8, 8 + payload.byteLength);
    const [h, b] = decodeSend(view);
    expect(h).toEqual(head);
    expect(b).toEqual(Uint8Array.of(1, 2, 3));
    window.fill(0);
    expect(b).toEqual(Uint8Array.of(1, 2, 3));
  });
});

test.describe('streaming policy', () => {
  test('Node’s fetch takes a streamed body (so mayStream below is the policy’s own answer)', () => {
    expect(canStreamRequests()).toBe(true);
  });

  test('only https: bodies may stream, and not to an origin known whole-only', () => {
    const policy = new StreamingPolicy(['https://old.test']);
    expect(policy.mayStream(new URL('https://new.test/a'))).toBe(true);
    expect(policy.mayStream(new URL('http://new.test/a'))).toBe(false);
    expect(policy.mayStream(new URL('https://old.test/a'))).toBe(false);
    expect(policy.mayStream(new URL('https://old.test:8443/a'))).toBe(true);
  });

  test('an origin learned is remembered, told once, and handed on to the next run', () => {
    const told: string[] = [];
    const policy = new StreamingPolicy([], (origin) => told.push(origin));
    policy.learnWhole('https://h1.test');
    policy.learnWhole('https://h1.test');
    expect(told).toEqual(['https://h1.test']);
    expect(policy.mayStream(new URL('https://h1.test/x'))).toBe(false);
    expect(policy.mayStream(new URL('https://h2.test/x'))).toBe(true);
    expect(policy.wholeOrigins()).toEqual(['https://h1.test']);
    // A run's own policy, started from the page's: it knows the origin without being told again.
    const runTold: string[] = [];
    const run = new StreamingPolicy(policy.wholeOrigins(), (origin) => runTold.push(origin));
    expect(run.mayStream(new URL('https://h1.test/y'))).toBe(false);
    run.learnWhole('https://h1.test');
    expect(runTold).toEqual([]);
  });
});
