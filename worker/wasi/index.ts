/**
 * The WASI 0.2 host: one module per WASI package and interface, named after the WIT. jco's glue
 * looks imports up by unversioned name, so one host serves every 0.2.x version, mixed or not.
 */
import * as monotonicClock from './clocks/monotonic-clock.ts';
import * as wallClock from './clocks/wall-clock.ts';
import * as environment from './cli/environment.ts';
import * as exit from './cli/exit.ts';
import { getStderr, getStdin, getStdout } from './cli/stdio.ts';
import * as terminal from './cli/terminal.ts';
import * as preopens from './filesystem/preopens.ts';
import * as types from './filesystem/types.ts';
import { Error } from './io/error.ts';
import { Pollable, poll } from './io/poll.ts';
import { InputStream, OutputStream } from './io/streams.ts';
import * as httpOutgoingHandler from './http/outgoing-handler.ts';
import * as httpTypes from './http/types.ts';
import * as insecure from './random/insecure.ts';
import * as configStore from './config/store.ts';
import * as keyvalueAtomics from './keyvalue/atomics.ts';
import * as keyvalueBatch from './keyvalue/batch.ts';
import * as keyvalueStore from './keyvalue/store.ts';
import * as spinKeyValue from './spin/key-value.ts';
import * as spinVariables from './spin/variables.ts';
import * as spinSqlite from './spin/sqlite.ts';
import * as insecureSeed from './random/insecure-seed.ts';
import * as random from './random/random.ts';
import * as ipNameLookup from './sockets/ip-name-lookup.ts';
import * as network from './sockets/network.ts';
import * as tcp from './sockets/tcp.ts';
import * as udp from './sockets/udp.ts';
// Core-ABI fast paths for the hottest calls (see cabi.ts): they attach themselves to the classes.
import './filesystem/lower.ts';
import './io/lower.ts';

/** The import object for jco's instantiation mode, keyed by unversioned interface name. */
export function wasiImports(): Record<string, object> {
  return {
    'wasi:io/error': { Error },
    'wasi:io/poll': { Pollable, poll },
    'wasi:io/streams': { InputStream, OutputStream },
    'wasi:clocks/monotonic-clock': monotonicClock,
    'wasi:clocks/wall-clock': wallClock,
    'wasi:random/random': random,
    'wasi:random/insecure': insecure,
    'wasi:random/insecure-seed': insecureSeed,
    'wasi:cli/environment': environment,
    'wasi:cli/exit': { exit: exit.exit, exitWithCode: exit.exitWithCode },
    'wasi:cli/stdin': { getStdin },
    'wasi:cli/stdout': { getStdout },
    'wasi:cli/stderr': { getStderr },
    'wasi:cli/terminal-input': { TerminalInput: terminal.TerminalInput },
    'wasi:cli/terminal-output': { TerminalOutput: terminal.TerminalOutput },
    'wasi:cli/terminal-stdin': { getTerminalStdin: terminal.getTerminalStdin },
    'wasi:cli/terminal-stdout': { getTerminalStdout: terminal.getTerminalStdout },
    'wasi:cli/terminal-stderr': { getTerminalStderr: terminal.getTerminalStderr },
    'wasi:sockets/network': { Network: network.Network, networkErrorCode: network.networkErrorCode },
    'wasi:sockets/instance-network': { instanceNetwork: network.instanceNetwork },
    'wasi:sockets/tcp': { TcpSocket: tcp.TcpSocket },
    'wasi:sockets/tcp-create-socket': { createTcpSocket: tcp.createTcpSocket },
    'wasi:sockets/udp': {
      UdpSocket: udp.UdpSocket,
      IncomingDatagramStream: udp.IncomingDatagramStream,
      OutgoingDatagramStream: udp.OutgoingDatagramStream,
    },
    'wasi:sockets/udp-create-socket': { createUdpSocket: udp.createUdpSocket },
    'wasi:sockets/ip-name-lookup': ipNameLookup,
    'wasi:filesystem/types': types,
    'wasi:filesystem/preopens': preopens,
    'wasi:http/types': httpTypes,
    'wasi:http/outgoing-handler': httpOutgoingHandler,
    'wasi:keyvalue/store': keyvalueStore,
    'wasi:keyvalue/atomics': keyvalueAtomics,
    'wasi:keyvalue/batch': keyvalueBatch,
    'wasi:config/store': configStore,
    'fermyon:spin/key-value': { Store: spinKeyValue.Store },
    'fermyon:spin/variables': spinVariables,
    'fermyon:spin/sqlite': { Connection: spinSqlite.Connection },
  };
}

/**
 * The WASI imports whose host functions may wait (return a Promise in the JSPI tier):
 * jco makes these `WebAssembly.Suspending`. Names are `interface#function` as the WIT spells them.
 */
export const waitingImports = [
  'wasi:io/poll#poll',
  'wasi:io/poll#[method]pollable.block',
  ...['read', 'blocking-read', 'skip', 'blocking-skip'].map((f) => `wasi:io/streams#[method]input-stream.${f}`),
  ...[
    'write', 'flush', 'blocking-flush', 'blocking-write-and-flush', 'write-zeroes',
    'blocking-write-zeroes-and-flush', 'splice', 'blocking-splice',
  ].map((f) => `wasi:io/streams#[method]output-stream.${f}`),
  // wasi:filesystem: directory operations wait for OPFS; file data waits only to open its handle.
  ...[
    'read-via-stream', 'write-via-stream', 'append-via-stream', 'sync-data', 'sync', 'set-size', 'set-times',
    'read', 'write', 'read-directory', 'create-directory-at', 'stat', 'stat-at', 'set-times-at', 'link-at',
    'open-at', 'readlink-at', 'remove-directory-at', 'rename-at', 'symlink-at', 'unlink-file-at', 'metadata-hash-at',
  ].map((f) => `wasi:filesystem/types#[method]descriptor.${f}`),
  // wasi:http: sending and checking for a response never wait (the JSPI tier fetches in the
  // worker, the Atomics tier blocks on the page); serve()'s response goes to the page.
  ...['[static]outgoing-body.finish', '[static]response-outparam.set'].map((f) => `wasi:http/types#${f}`),
  // wasi:keyvalue: every call but open and cas.current waits for IndexedDB (JSPI tier: here).
  ...['get', 'set', 'delete', 'exists', 'list-keys'].map((f) => `wasi:keyvalue/store#[method]bucket.${f}`),
  ...['[static]cas.new', 'increment', 'swap'].map((f) => `wasi:keyvalue/atomics#${f}`),
  ...['get-many', 'set-many', 'delete-many'].map((f) => `wasi:keyvalue/batch#${f}`),
  ...['get', 'set', 'delete', 'exists', 'get-keys'].map((f) => `fermyon:spin/key-value#[method]store.${f}`),
  // fermyon:spin/sqlite: open and execute wait for the page's SQLite worker.
  ...['[static]connection.open', '[method]connection.execute'].map((f) => `fermyon:spin/sqlite#${f}`),
];
