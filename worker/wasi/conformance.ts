/**
 * Type-only: `npm run typecheck` checks our WASI host against preview2-shim's TypeScript types for
 * the WIT (node_modules/@bytecodealliance/preview2-shim/types/interfaces/*.d.ts), for wasi:io
 * (error, poll, streams), wasi:clocks, wasi:random, wasi:cli, wasi:filesystem and wasi:http. For each interface, every
 * function the shim declares must be exported by our module, and every method of each resource
 * must be on our class, with the same parameter and result types, except that:
 * - a function may return `Maybe<R>` where the shim says `R` (a blocking call may suspend in the
 *   JSPI tier; see worker/bridge/index.ts);
 * - the shim's resource classes stand for ours wherever they appear (a parameter, a result, a list).
 * Extra exports and members of ours are fine. Nothing here is bundled: no module imports this one.
 */
import type { Maybe } from '../bridge/index.ts';
import type * as shimEnvironment from '@bytecodealliance/preview2-shim/interfaces/wasi-cli-environment';
import type * as shimExit from '@bytecodealliance/preview2-shim/interfaces/wasi-cli-exit';
import type * as shimStderr from '@bytecodealliance/preview2-shim/interfaces/wasi-cli-stderr';
import type * as shimStdin from '@bytecodealliance/preview2-shim/interfaces/wasi-cli-stdin';
import type * as shimStdout from '@bytecodealliance/preview2-shim/interfaces/wasi-cli-stdout';
import type * as shimTerminalInput from '@bytecodealliance/preview2-shim/interfaces/wasi-cli-terminal-input';
import type * as shimTerminalOutput from '@bytecodealliance/preview2-shim/interfaces/wasi-cli-terminal-output';
import type * as shimTerminalStderr from '@bytecodealliance/preview2-shim/interfaces/wasi-cli-terminal-stderr';
import type * as shimTerminalStdin from '@bytecodealliance/preview2-shim/interfaces/wasi-cli-terminal-stdin';
import type * as shimTerminalStdout from '@bytecodealliance/preview2-shim/interfaces/wasi-cli-terminal-stdout';
import type * as shimMonotonicClock from '@bytecodealliance/preview2-shim/interfaces/wasi-clocks-monotonic-clock';
import type * as shimWallClock from '@bytecodealliance/preview2-shim/interfaces/wasi-clocks-wall-clock';
import type * as shimError from '@bytecodealliance/preview2-shim/interfaces/wasi-io-error';
import type * as shimPoll from '@bytecodealliance/preview2-shim/interfaces/wasi-io-poll';
import type * as shimStreams from '@bytecodealliance/preview2-shim/interfaces/wasi-io-streams';
import type * as shimInsecure from '@bytecodealliance/preview2-shim/interfaces/wasi-random-insecure';
import type * as shimInsecureSeed from '@bytecodealliance/preview2-shim/interfaces/wasi-random-insecure-seed';
import type * as shimRandom from '@bytecodealliance/preview2-shim/interfaces/wasi-random-random';
import type * as environment from './cli/environment.ts';
import type * as exit from './cli/exit.ts';
import type * as stdio from './cli/stdio.ts';
import type * as terminal from './cli/terminal.ts';
import type * as monotonicClock from './clocks/monotonic-clock.ts';
import type * as wallClock from './clocks/wall-clock.ts';
import type * as error from './io/error.ts';
import type * as poll from './io/poll.ts';
import type * as streams from './io/streams.ts';
import type * as insecure from './random/insecure.ts';
import type * as insecureSeed from './random/insecure-seed.ts';
import type * as random from './random/random.ts';
// wasi:filesystem
import type * as shimPreopens from '@bytecodealliance/preview2-shim/interfaces/wasi-filesystem-preopens';
import type * as shimFilesystem from '@bytecodealliance/preview2-shim/interfaces/wasi-filesystem-types';
import type * as preopens from './filesystem/preopens.ts';
import type * as filesystem from './filesystem/types.ts';

/** Each shim resource and our class for it. */
type Resources =
  | [shimError.Error, error.Error]
  | [shimPoll.Pollable, poll.Pollable]
  | [shimStreams.InputStream, streams.InputStream]
  | [shimStreams.OutputStream, streams.OutputStream]
  | [shimTerminalInput.TerminalInput, terminal.TerminalInput]
  | [shimTerminalOutput.TerminalOutput, terminal.TerminalOutput]
  // wasi:filesystem
  | [shimFilesystem.Descriptor, filesystem.Descriptor]
  | [shimFilesystem.DirectoryEntryStream, filesystem.DirectoryEntryStream];

/**
 * Our class for the shim resource `T`, or never. A shim resource without members (terminal-input,
 * response-outparam) is the type `{}` to TypeScript, which any record of optional fields (a
 * variant's payload) would match: those are left as they are.
 */
type Resource<T, P = Resources | HttpResources> = P extends [infer S, infer O]
  ? [keyof S] extends [never] ? never : [T] extends [S] ? ([S] extends [T] ? O : never) : never
  : never;

/** A shim type with its resources replaced by ours (through unions, lists, tuples and variants' payloads). */
type Ours<T> = T extends unknown
  ? [Resource<T>] extends [never]
    ? T extends readonly unknown[] ? { [K in keyof T]: Ours<T[K]> }
      : T extends { tag: infer Tag; val: infer Val } ? { tag: Tag; val: Ours<Val> }
      : T
    : Resource<T>
  : never;

/** The shim's functions (of a module, or methods of a resource) as our host may implement them. */
type Host<M> = {
  [K in keyof M as M[K] extends (...args: never) => unknown ? K : never]: M[K] extends (...args: infer A) => infer R
    ? (...args: Ours<A>) => Maybe<Ours<R>>
    : never;
};

/** Compiles only where `T` conforms to `Shim`. */
type Conforms<T extends Host<Shim>, Shim> = [T, Shim];

export type Checks = [
  // wasi:io
  Conforms<error.Error, shimError.Error>,
  Conforms<typeof poll, typeof shimPoll>,
  Conforms<poll.Pollable, shimPoll.Pollable>,
  Conforms<streams.InputStream, shimStreams.InputStream>,
  Conforms<streams.OutputStream, shimStreams.OutputStream>,
  // wasi:clocks
  Conforms<typeof monotonicClock, typeof shimMonotonicClock>,
  Conforms<typeof wallClock, typeof shimWallClock>,
  // wasi:random
  Conforms<typeof random, typeof shimRandom>,
  Conforms<typeof insecure, typeof shimInsecure>,
  Conforms<typeof insecureSeed, typeof shimInsecureSeed>,
  // wasi:cli (exit-with-code is @unstable and not in the shim's types)
  Conforms<typeof environment, typeof shimEnvironment>,
  Conforms<typeof exit, typeof shimExit>,
  Conforms<typeof stdio, typeof shimStdin>,
  Conforms<typeof stdio, typeof shimStdout>,
  Conforms<typeof stdio, typeof shimStderr>,
  Conforms<terminal.TerminalInput, shimTerminalInput.TerminalInput>,
  Conforms<terminal.TerminalOutput, shimTerminalOutput.TerminalOutput>,
  Conforms<typeof terminal, typeof shimTerminalStdin>,
  Conforms<typeof terminal, typeof shimTerminalStdout>,
  Conforms<typeof terminal, typeof shimTerminalStderr>,
  // wasi:filesystem
  Conforms<typeof filesystem, typeof shimFilesystem>,
  Conforms<filesystem.Descriptor, shimFilesystem.Descriptor>,
  Conforms<filesystem.DirectoryEntryStream, shimFilesystem.DirectoryEntryStream>,
  Conforms<typeof preopens, typeof shimPreopens>,
];

// wasi:http (types, outgoing-handler): a block of its own. A resource's static functions
// (`fields.from-list`, `outgoing-body.finish`, `response-outparam.set`...) are checked on its class.
import type * as shimHttp from '@bytecodealliance/preview2-shim/interfaces/wasi-http-types';
import type * as shimOutgoingHandler from '@bytecodealliance/preview2-shim/interfaces/wasi-http-outgoing-handler';
import type * as http from './http/types.ts';
import type * as outgoingHandler from './http/outgoing-handler.ts';

type HttpResources =
  | [shimHttp.Fields, http.Fields]
  | [shimHttp.FutureIncomingResponse, http.FutureIncomingResponse]
  | [shimHttp.FutureTrailers, http.FutureTrailers]
  | [shimHttp.IncomingBody, http.IncomingBody]
  | [shimHttp.IncomingRequest, http.IncomingRequest]
  | [shimHttp.IncomingResponse, http.IncomingResponse]
  | [shimHttp.OutgoingBody, http.OutgoingBody]
  | [shimHttp.OutgoingRequest, http.OutgoingRequest]
  | [shimHttp.OutgoingResponse, http.OutgoingResponse]
  | [shimHttp.RequestOptions, http.RequestOptions]
  | [shimHttp.ResponseOutparam, http.ResponseOutparam];

export type HttpChecks = [
  Conforms<typeof http, typeof shimHttp>,
  Conforms<http.Fields, shimHttp.Fields>,
  Conforms<typeof http.Fields, typeof shimHttp.Fields>,
  Conforms<http.FutureIncomingResponse, shimHttp.FutureIncomingResponse>,
  Conforms<http.FutureTrailers, shimHttp.FutureTrailers>,
  Conforms<http.IncomingBody, shimHttp.IncomingBody>,
  Conforms<typeof http.IncomingBody, typeof shimHttp.IncomingBody>,
  Conforms<http.IncomingRequest, shimHttp.IncomingRequest>,
  Conforms<http.IncomingResponse, shimHttp.IncomingResponse>,
  Conforms<http.OutgoingBody, shimHttp.OutgoingBody>,
  Conforms<typeof http.OutgoingBody, typeof shimHttp.OutgoingBody>,
  Conforms<http.OutgoingRequest, shimHttp.OutgoingRequest>,
  Conforms<http.OutgoingResponse, shimHttp.OutgoingResponse>,
  Conforms<http.RequestOptions, shimHttp.RequestOptions>,
  Conforms<http.ResponseOutparam, shimHttp.ResponseOutparam>,
  Conforms<typeof outgoingHandler, typeof shimOutgoingHandler>,
  // The shim's response-outparam has no members (see Resource): `set` is checked with our
  // outparam put in its place by hand.
  Assignable<
    (typeof http.ResponseOutparam)['set'],
    (param: http.ResponseOutparam, response: Ours<Parameters<typeof shimHttp.ResponseOutparam.set>[1]>) => Maybe<void>
  >,
];

/** Compiles only where `T` can stand for `U`. */
type Assignable<T extends U, U> = [T, U];
