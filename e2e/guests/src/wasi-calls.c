/*
 * wasi-calls.wasm: calls every function of wasi:io (error, poll, streams), wasi:clocks
 * (monotonic-clock, wall-clock), wasi:random (random, insecure, insecure-seed) and wasi:cli
 * (environment, exit, stdin, stdout, stderr, terminal-*) straight on the canonical ABI of
 * WASI 0.2.12, written by hand (layouts in the comments; no wit-bindgen, no libc stdio), and
 * prints one line per check: `ok NAME VALUES` or `FAIL NAME VALUES`. Every line goes out
 * with blocking-write-and-flush on the guest's own stdout stream (not libc's, which buffers),
 * so the bytes splice and write-zeroes put on stdout land between the lines, in order.
 * Expected output: e2e/wasi-calls.spec.ts.
 *
 *   wasi-calls all            every check (stdin: the 36 bytes 0-9A-Z), then exit(ok), or
 *                             exit(err) if a check failed
 *   wasi-calls exit-err       exit(err)
 *   wasi-calls exit-code N    exit-with-code(N)
 *   wasi-calls stdin-error    blocking-read stdin until it fails (a stdin stream that errors)
 *
 * Every mode first prints the environment lines (get-arguments, get-environment, initial-cwd).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IMPORT(m, n) __attribute__((import_module(m), import_name(n)))
#define IO_ERROR "wasi:io/error@0.2.12"
#define POLL "wasi:io/poll@0.2.12"
#define STREAMS "wasi:io/streams@0.2.12"
#define MONOTONIC "wasi:clocks/monotonic-clock@0.2.12"
#define WALL "wasi:clocks/wall-clock@0.2.12"
#define RANDOM "wasi:random/random@0.2.12"
#define INSECURE "wasi:random/insecure@0.2.12"
#define SEED "wasi:random/insecure-seed@0.2.12"
#define ENVIRONMENT "wasi:cli/environment@0.2.12"
#define EXIT "wasi:cli/exit@0.2.12"

typedef int32_t handle;

/* Return areas: the largest result here (result<u64, stream-error>) is 16 bytes, align 8. */
typedef union {
  uint64_t d[4];
  uint8_t b[32];
  int32_t w[8];
} ret_t;

/* wasi:io/error. string: ptr @0, len @4 */
IMPORT(IO_ERROR, "[method]error.to-debug-string") void error_to_debug_string(handle, ret_t *);
IMPORT(IO_ERROR, "[resource-drop]error") void error_drop(handle);

/* wasi:io/poll. poll: list<borrow<pollable>> in, list<u32> out (ptr @0, len @4) */
IMPORT(POLL, "[method]pollable.ready") int32_t pollable_ready(handle);
IMPORT(POLL, "[method]pollable.block") void pollable_block(handle);
IMPORT(POLL, "poll") void wasi_poll(const handle *, size_t, ret_t *);
IMPORT(POLL, "[resource-drop]pollable") void pollable_drop(handle);

/*
 * wasi:io/streams.
 * result<list<u8>, stream-error>: disc @0, list ptr @4 len @8 | stream-error disc @4, error @8
 * result<u64, stream-error>:      disc @0, u64 @8            | stream-error disc @8, error @12
 * result<_, stream-error>:        disc @0                    | stream-error disc @4, error @8
 * stream-error: 0 last-operation-failed(own<error>), 1 closed
 */
IMPORT(STREAMS, "[method]input-stream.read") void input_read(handle, uint64_t, ret_t *);
IMPORT(STREAMS, "[method]input-stream.blocking-read") void input_blocking_read(handle, uint64_t, ret_t *);
IMPORT(STREAMS, "[method]input-stream.skip") void input_skip(handle, uint64_t, ret_t *);
IMPORT(STREAMS, "[method]input-stream.blocking-skip") void input_blocking_skip(handle, uint64_t, ret_t *);
IMPORT(STREAMS, "[method]input-stream.subscribe") handle input_subscribe(handle);
IMPORT(STREAMS, "[resource-drop]input-stream") void input_drop(handle);
IMPORT(STREAMS, "[method]output-stream.check-write") void output_check_write(handle, ret_t *);
IMPORT(STREAMS, "[method]output-stream.write") void output_write(handle, const void *, size_t, ret_t *);
IMPORT(STREAMS, "[method]output-stream.blocking-write-and-flush") void output_blocking_write_and_flush(handle, const void *, size_t, ret_t *);
IMPORT(STREAMS, "[method]output-stream.flush") void output_flush(handle, ret_t *);
IMPORT(STREAMS, "[method]output-stream.blocking-flush") void output_blocking_flush(handle, ret_t *);
IMPORT(STREAMS, "[method]output-stream.subscribe") handle output_subscribe(handle);
IMPORT(STREAMS, "[method]output-stream.write-zeroes") void output_write_zeroes(handle, uint64_t, ret_t *);
IMPORT(STREAMS, "[method]output-stream.blocking-write-zeroes-and-flush") void output_blocking_write_zeroes_and_flush(handle, uint64_t, ret_t *);
IMPORT(STREAMS, "[method]output-stream.splice") void output_splice(handle, handle, uint64_t, ret_t *);
IMPORT(STREAMS, "[method]output-stream.blocking-splice") void output_blocking_splice(handle, handle, uint64_t, ret_t *);
IMPORT(STREAMS, "[resource-drop]output-stream") void output_drop(handle);

/* wasi:clocks. datetime: seconds u64 @0, nanoseconds u32 @8 */
IMPORT(MONOTONIC, "now") uint64_t monotonic_now(void);
IMPORT(MONOTONIC, "resolution") uint64_t monotonic_resolution(void);
IMPORT(MONOTONIC, "subscribe-instant") handle subscribe_instant(uint64_t);
IMPORT(MONOTONIC, "subscribe-duration") handle subscribe_duration(uint64_t);
IMPORT(WALL, "now") void wall_now(ret_t *);
IMPORT(WALL, "resolution") void wall_resolution(ret_t *);

/* wasi:random. list<u8>: ptr @0, len @4; tuple<u64, u64>: @0, @8 */
IMPORT(RANDOM, "get-random-bytes") void get_random_bytes(uint64_t, ret_t *);
IMPORT(RANDOM, "get-random-u64") uint64_t get_random_u64(void);
IMPORT(INSECURE, "get-insecure-random-bytes") void get_insecure_random_bytes(uint64_t, ret_t *);
IMPORT(INSECURE, "get-insecure-random-u64") uint64_t get_insecure_random_u64(void);
IMPORT(SEED, "insecure-seed") void insecure_seed(ret_t *);

/*
 * wasi:cli. list<string>: ptr @0, len @4, elements 8 bytes (ptr, len);
 * list<tuple<string, string>>: elements 16 bytes; option<string>: disc @0, ptr @4, len @8;
 * option<own<terminal-*>>: disc @0, handle @4; exit's result<_, _>: 0 ok, 1 err.
 */
IMPORT(ENVIRONMENT, "get-environment") void get_environment(ret_t *);
IMPORT(ENVIRONMENT, "get-arguments") void get_arguments(ret_t *);
IMPORT(ENVIRONMENT, "initial-cwd") void initial_cwd(ret_t *);
IMPORT(EXIT, "exit") void cli_exit(int32_t);
IMPORT(EXIT, "exit-with-code") void cli_exit_with_code(int32_t);
IMPORT("wasi:cli/stdin@0.2.12", "get-stdin") handle get_stdin(void);
IMPORT("wasi:cli/stdout@0.2.12", "get-stdout") handle get_stdout(void);
IMPORT("wasi:cli/stderr@0.2.12", "get-stderr") handle get_stderr(void);
IMPORT("wasi:cli/terminal-input@0.2.12", "[resource-drop]terminal-input") void terminal_input_drop(handle);
IMPORT("wasi:cli/terminal-output@0.2.12", "[resource-drop]terminal-output") void terminal_output_drop(handle);
IMPORT("wasi:cli/terminal-stdin@0.2.12", "get-terminal-stdin") void get_terminal_stdin(ret_t *);
IMPORT("wasi:cli/terminal-stdout@0.2.12", "get-terminal-stdout") void get_terminal_stdout(ret_t *);
IMPORT("wasi:cli/terminal-stderr@0.2.12", "get-terminal-stderr") void get_terminal_stderr(ret_t *);

#include "cabi-realloc.h"

static handle out;
static int failures;

/* Bytes to stdout; a failing write can only trap, there is nowhere to tell. */
static void put(const void *p, size_t n) {
  ret_t r;
  output_blocking_write_and_flush(out, p, n, &r);
  if (r.b[0]) __builtin_trap();
}

static void say(const char *s) { put(s, strlen(s)); }

static void vline(const char *status, const char *name, const char *fmt, va_list ap) {
  char values[1536], buf[2048];
  vsnprintf(values, sizeof values, fmt, ap);
  const char *parts[3] = {status, name, values};
  int n = 0;
  for (int i = 0; i < 3; i++) {
    if (!*parts[i]) continue;
    n += snprintf(buf + n, sizeof buf - 1 - (size_t)n, "%s%s", n ? " " : "", parts[i]);
    if (n > (int)sizeof buf - 2) n = (int)sizeof buf - 2;
  }
  buf[n++] = '\n';
  put(buf, (size_t)n);
}

/* A line without a verdict (data that a call put on stdout, what comes next). */
static void line(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vline("", "", fmt, ap);
  va_end(ap);
}

/* `ok NAME ...` if good, else `FAIL NAME ...`. */
static void check(int good, const char *name, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vline(good ? "ok" : "FAIL", name, fmt, ap);
  va_end(ap);
  if (!good) failures++;
}

/* What a stream-error at `p` (disc @0, error @4) is: "closed" or "last-operation-failed(TEXT)". */
static const char *stream_error(const uint8_t *p) {
  static char buf[512];
  if (p[0] == 1) return "closed";
  handle err = *(const int32_t *)(p + 4);
  ret_t s;
  error_to_debug_string(err, &s);
  snprintf(buf, sizeof buf, "last-operation-failed(%.*s)", (int)s.w[1], (const char *)(intptr_t)s.w[0]);
  free((void *)(intptr_t)s.w[0]);
  error_drop(err);
  return buf;
}

/* The bytes of a result<list<u8>, stream-error> as text (copied; the list is freed). */
static const char *read_result(const ret_t *r) {
  static char buf[256];
  if (r->b[0]) return stream_error(r->b + 4);
  int len = r->w[2];
  snprintf(buf, sizeof buf, "%.*s", len, (const char *)(intptr_t)r->w[1]);
  free((void *)(intptr_t)r->w[1]);
  return buf;
}

/* ---- wasi:cli/environment (every mode) ---- */

static char mode[64];
static long long mode_arg = -1;

static void environment(void) {
  ret_t r;
  char buf[1024];
  size_t n = 0;
  get_arguments(&r);
  const int32_t *a = (const int32_t *)(intptr_t)r.w[0];
  for (int32_t i = 0; i < r.w[1]; i++) {
    n += (size_t)snprintf(buf + n, sizeof buf - n, "%s[%.*s]", i ? "" : " ", (int)a[2 * i + 1], (const char *)(intptr_t)a[2 * i]);
    if (n >= sizeof buf) n = sizeof buf - 1;
    if (i == 1) snprintf(mode, sizeof mode, "%.*s", (int)a[3], (const char *)(intptr_t)a[2]);
    if (i == 2) mode_arg = strtoll((const char *)(intptr_t)a[4], NULL, 10);
  }
  buf[n] = 0;
  check(r.w[1] >= 1, "environment.get-arguments", "%d%s", (int)r.w[1], buf);

  get_environment(&r);
  const int32_t *e = (const int32_t *)(intptr_t)r.w[0];
  n = 0;
  buf[0] = 0;
  for (int32_t i = 0; i < r.w[1]; i++, e += 4) {
    n += (size_t)snprintf(buf + n, sizeof buf - n, "%s[%.*s=%.*s]", i ? "" : " ", (int)e[1], (const char *)(intptr_t)e[0], (int)e[3], (const char *)(intptr_t)e[2]);
    if (n >= sizeof buf) n = sizeof buf - 1;
  }
  check(1, "environment.get-environment", "%d%s", (int)r.w[1], buf);

  initial_cwd(&r);
  if (r.b[0]) check(1, "environment.initial-cwd", "some %.*s", (int)r.w[2], (const char *)(intptr_t)r.w[1]);
  else check(1, "environment.initial-cwd", "none");
}

/* ---- wasi:cli stdio and terminal-* ---- */

static handle stdio_and_terminals(void) {
  handle second = get_stdout();
  ret_t r;
  const char *text = "ok stdout.get-stdout (written through a second stdout stream)\n";
  output_blocking_write_and_flush(second, text, strlen(text), &r);
  if (r.b[0]) check(0, "stdout.get-stdout", "write: %s", stream_error(r.b + 4));
  output_drop(second);

  handle err = get_stderr();
  text = "wasi-calls on stderr\n";
  output_blocking_write_and_flush(err, text, strlen(text), &r);
  check(!r.b[0], "stderr.get-stderr", "%s", r.b[0] ? stream_error(r.b + 4) : "wrote 21 bytes");
  output_drop(err);

  handle in = get_stdin();
  check(1, "stdin.get-stdin", "");

  get_terminal_stdin(&r);
  if (r.b[0]) terminal_input_drop(r.w[1]);
  check(1, "terminal-stdin.get-terminal-stdin", r.b[0] ? "some" : "none");
  get_terminal_stdout(&r);
  if (r.b[0]) terminal_output_drop(r.w[1]);
  check(1, "terminal-stdout.get-terminal-stdout", r.b[0] ? "some" : "none");
  get_terminal_stderr(&r);
  if (r.b[0]) terminal_output_drop(r.w[1]);
  check(1, "terminal-stderr.get-terminal-stderr", r.b[0] ? "some" : "none");
  return in;
}

/* ---- wasi:io/streams: input-stream over stdin, 0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ ---- */

static void expect_read(handle in, int blocking, uint64_t len, const char *name, const char *want) {
  ret_t r;
  if (blocking) input_blocking_read(in, len, &r);
  else input_read(in, len, &r);
  int good = !r.b[0];
  const char *got = read_result(&r);
  check(good && !strcmp(got, want), name, "%s", got);
}

/* skip / blocking-skip N, then the next 2 bytes with blocking-read. */
static void expect_skip(handle in, int blocking, uint64_t len, const char *name) {
  ret_t r;
  if (blocking) input_blocking_skip(in, len, &r);
  else input_skip(in, len, &r);
  if (r.b[0]) {
    check(0, name, "%s", stream_error(r.b + 8));
    return;
  }
  uint64_t skipped = r.d[1];
  input_blocking_read(in, 2, &r);
  int good = !r.b[0];
  check(good && skipped == len, name, "%llu next=%s", (unsigned long long)skipped, read_result(&r));
}

/* splice / blocking-splice from stdin to stdout: the bytes moved show between < and >. */
static void expect_splice(handle in, int blocking, uint64_t len, const char *name) {
  ret_t r;
  char head[64];
  put(head, (size_t)snprintf(head, sizeof head, "%s-data [", name));
  if (blocking) output_blocking_splice(out, in, len, &r);
  else output_splice(out, in, len, &r);
  say("]\n");
  if (r.b[0]) check(0, name, "%s", stream_error(r.b + 8));
  else check(r.d[1] == len, name, "%llu", (unsigned long long)r.d[1]);
}

/* At the end of stdin every input operation says closed. */
static void expect_closed(handle in, const char *name, int which) {
  ret_t r;
  size_t at;
  switch (which) {
    case 0: input_read(in, 8, &r); at = 4; break;
    case 1: input_blocking_read(in, 8, &r); at = 4; break;
    case 2: input_skip(in, 8, &r); at = 8; break;
    case 3: input_blocking_skip(in, 8, &r); at = 8; break;
    case 4: output_splice(out, in, 8, &r); at = 8; break;
    default: output_blocking_splice(out, in, 8, &r); at = 8; break;
  }
  if (!r.b[0]) {
    uint64_t n = at == 4 ? (uint64_t)r.w[2] : r.d[1];
    check(0, name, "eof=ok(%llu)", (unsigned long long)n);
    return;
  }
  const char *got = stream_error(r.b + at);
  check(!strcmp(got, "closed"), name, "eof=%s", got);
}

static void input_streams(handle in) {
  handle p = input_subscribe(in);
  int ready = pollable_ready(p);
  pollable_block(p);
  pollable_drop(p);
  check(ready == 1, "input-stream.subscribe", "ready=%d", ready);

  expect_read(in, 0, 3, "input-stream.read", "012");
  expect_read(in, 1, 3, "input-stream.blocking-read", "345");
  expect_skip(in, 0, 4, "input-stream.skip");          /* 6789, then AB */
  expect_skip(in, 1, 3, "input-stream.blocking-skip"); /* CDE, then FG */
  expect_splice(in, 0, 4, "output-stream.splice");     /* HIJK */
  expect_splice(in, 1, 5, "output-stream.blocking-splice"); /* LMNOP */
  expect_read(in, 1, 100, "input-stream.blocking-read", "QRSTUVWXYZ");

  expect_closed(in, "input-stream.read", 0);
  expect_closed(in, "input-stream.blocking-read", 1);
  expect_closed(in, "input-stream.skip", 2);
  expect_closed(in, "input-stream.blocking-skip", 3);
  expect_closed(in, "output-stream.splice", 4);
  expect_closed(in, "output-stream.blocking-splice", 5);

  p = input_subscribe(in);
  ready = pollable_ready(p);
  pollable_drop(p);
  check(ready == 1, "input-stream.subscribe", "eof-ready=%d", ready);
  input_drop(in);
}

/* ---- wasi:io/streams: output-stream over stdout ---- */

static void output_streams(void) {
  ret_t r;
  output_check_write(out, &r);
  uint64_t permit = r.b[0] ? 0 : r.d[1];
  check(!r.b[0] && permit >= 64, "output-stream.check-write", "%s%llu", r.b[0] ? stream_error(r.b + 8) : "", (unsigned long long)permit);

  const char *text = "ok output-stream.write (this line)\n";
  output_write(out, text, strlen(text), &r);
  if (r.b[0]) check(0, "output-stream.write", "%s", stream_error(r.b + 4));
  output_flush(out, &r);
  check(!r.b[0], "output-stream.flush", "%s", r.b[0] ? stream_error(r.b + 4) : "");
  output_blocking_flush(out, &r);
  check(!r.b[0], "output-stream.blocking-flush", "%s", r.b[0] ? stream_error(r.b + 4) : "");

  say("output-stream.write-zeroes-data [");
  output_write_zeroes(out, 3, &r);
  int good = !r.b[0];
  const char *err = good ? "" : stream_error(r.b + 4);
  output_flush(out, &r);
  say("]\n");
  check(good, "output-stream.write-zeroes", "%s", good ? "3" : err);

  say("output-stream.blocking-write-zeroes-and-flush-data [");
  output_blocking_write_zeroes_and_flush(out, 2, &r);
  good = !r.b[0];
  err = good ? "" : stream_error(r.b + 4);
  say("]\n");
  check(good, "output-stream.blocking-write-zeroes-and-flush", "%s", good ? "2" : err);

  handle p = output_subscribe(out);
  int ready = pollable_ready(p);
  pollable_block(p);
  pollable_drop(p);
  check(ready == 1, "output-stream.subscribe", "ready=%d", ready);

  check(1, "output-stream.blocking-write-and-flush", "(every line)");
}

/* ---- wasi:io/poll and wasi:clocks ---- */

static void timer(const char *name, handle p, uint64_t started, uint64_t wait_ns) {
  int before = pollable_ready(p);
  pollable_block(p);
  uint64_t waited = monotonic_now() - started;
  int after = pollable_ready(p);
  pollable_drop(p);
  check(before == 0 && after == 1 && waited >= wait_ns, name, "ready-before=%d ready-after=%d waited-ms=%llu", before, after,
        (unsigned long long)(waited / 1000000));
}

static void poll_and_clocks(void) {
  uint64_t t0 = monotonic_now(), t1 = monotonic_now();
  check(t0 > 0 && t1 >= t0, "monotonic-clock.now", "%llu %llu", (unsigned long long)t0, (unsigned long long)t1);
  uint64_t res = monotonic_resolution();
  check(res > 0, "monotonic-clock.resolution", "%llu", (unsigned long long)res);

  uint64_t started = monotonic_now();
  timer("monotonic-clock.subscribe-duration", subscribe_duration(50000000), started, 50000000);
  started = monotonic_now();
  timer("monotonic-clock.subscribe-instant", subscribe_instant(started + 50000000), started, 50000000);
  handle p = subscribe_instant(started > 1000 ? started - 1000 : 0);
  int ready = pollable_ready(p);
  pollable_drop(p);
  check(ready == 1, "monotonic-clock.subscribe-instant", "past ready=%d", ready);

  started = monotonic_now();
  p = subscribe_duration(30000000);
  int before = pollable_ready(p);
  pollable_block(p);
  uint64_t waited = monotonic_now() - started;
  int after = pollable_ready(p);
  pollable_drop(p);
  check(before == 0 && waited >= 30000000, "pollable.block", "waited-ms=%llu", (unsigned long long)(waited / 1000000));
  check(before == 0 && after == 1, "pollable.ready", "before=%d after=%d", before, after);

  /* poll: a 10 s timer and a 30 ms one: [1] after 30 ms; with one ready at once too: [1, 2] */
  started = monotonic_now();
  handle list[3] = {subscribe_duration(10000000000ULL), subscribe_duration(30000000), subscribe_duration(0)};
  ret_t r;
  wasi_poll(list, 2, &r);
  waited = monotonic_now() - started;
  char got[128];
  size_t n = 0;
  const uint32_t *idx = (const uint32_t *)(intptr_t)r.w[0];
  for (int32_t i = 0; i < r.w[1]; i++) n += (size_t)snprintf(got + n, sizeof got - n, "%s%u", i ? "," : "", idx[i]);
  got[n] = 0;
  free((void *)idx);
  check(!strcmp(got, "1") && waited >= 30000000, "poll.poll", "[%s] waited-ms=%llu", got, (unsigned long long)(waited / 1000000));
  wasi_poll(list, 3, &r);
  idx = (const uint32_t *)(intptr_t)r.w[0];
  n = 0;
  got[0] = 0;
  for (int32_t i = 0; i < r.w[1]; i++) n += (size_t)snprintf(got + n, sizeof got - n, "%s%u", i ? "," : "", idx[i]);
  free((void *)idx);
  check(!strcmp(got, "1,2"), "poll.poll", "[%s]", got);
  for (int i = 0; i < 3; i++) pollable_drop(list[i]);

  wall_now(&r);
  uint64_t seconds = r.d[0];
  uint32_t nanos = (uint32_t)r.w[2];
  check(seconds > 1600000000ULL && nanos < 1000000000u, "wall-clock.now", "%llu %u", (unsigned long long)seconds, nanos);
  wall_resolution(&r);
  check((r.d[0] || r.w[2]) && (uint32_t)r.w[2] < 1000000000u, "wall-clock.resolution", "%llu %u", (unsigned long long)r.d[0],
        (unsigned)r.w[2]);
}

/* ---- wasi:random ---- */

static void bytes_check(const char *name, void (*get)(uint64_t, ret_t *), uint64_t len) {
  ret_t r;
  get(len, &r);
  const uint8_t *b = (const uint8_t *)(intptr_t)r.w[0];
  int seen[256] = {0}, distinct = 0;
  for (int32_t i = 0; i < r.w[1]; i++)
    if (!seen[b[i]]++) distinct++;
  if (r.w[1]) free((void *)b);
  check((uint64_t)r.w[1] == len && (len < 4096 || distinct >= 250), name, "%d distinct=%d", (int)r.w[1], distinct);
}

static void random_checks(void) {
  bytes_check("random.get-random-bytes", get_random_bytes, 4096);
  bytes_check("random.get-random-bytes", get_random_bytes, 0);
  uint64_t a = get_random_u64(), b = get_random_u64();
  check(a != b, "random.get-random-u64", "differ=%d", a != b);
  bytes_check("insecure.get-insecure-random-bytes", get_insecure_random_bytes, 4096);
  bytes_check("insecure.get-insecure-random-bytes", get_insecure_random_bytes, 0);
  a = get_insecure_random_u64(), b = get_insecure_random_u64();
  check(a != b, "insecure.get-insecure-random-u64", "differ=%d", a != b);
  ret_t s1, s2;
  insecure_seed(&s1);
  insecure_seed(&s2);
  int same = s1.d[0] == s2.d[0] && s1.d[1] == s2.d[1];
  check((s1.d[0] || s1.d[1]) && same, "insecure-seed.insecure-seed", "%016llx %016llx same=%d", (unsigned long long)s1.d[0],
        (unsigned long long)s1.d[1], same);
}

/* ---- a stdin whose source fails: last-operation-failed, then closed ---- */

static void stdin_error(void) {
  handle in = get_stdin();
  ret_t r;
  for (int i = 0; i < 100; i++) {
    input_blocking_read(in, 64, &r);
    if (!r.b[0]) {
      check(1, "input-stream.blocking-read", "data=%s", read_result(&r));
      continue;
    }
    if (r.b[4] == 1) {
      check(0, "input-stream.blocking-read", "closed (expected last-operation-failed)");
      break;
    }
    handle err = r.w[2];
    check(1, "input-stream.blocking-read", "last-operation-failed");
    ret_t s;
    error_to_debug_string(err, &s);
    check(s.w[1] > 0, "error.to-debug-string", "%d %.*s", (int)s.w[1], (int)s.w[1], (const char *)(intptr_t)s.w[0]);
    error_drop(err);
    /* After last-operation-failed the stream is closed: every later operation says closed. */
    input_read(in, 8, &r);
    const char *got = r.b[0] ? stream_error(r.b + 4) : "ok";
    check(!strcmp(got, "closed"), "input-stream.read", "after-error=%s", got);
    break;
  }
  input_drop(in);
}

static void finish(void) {
  if (!strcmp(mode, "exit-err")) {
    line("calling exit.exit err");
    cli_exit(1);
  } else if (!strcmp(mode, "exit-code")) {
    line("calling exit.exit-with-code %lld", mode_arg);
    cli_exit_with_code((int32_t)mode_arg);
  } else {
    line("checks failed=%d; calling exit.exit %s", failures, failures ? "err" : "ok");
    cli_exit(failures ? 1 : 0);
  }
  line("FAIL exit returned");
  __builtin_trap();
}

/*
 * Built as a reactor with its own `_start`, as http-client.c is: in a command module the linker
 * wraps every export, cabi_realloc too, with the C constructors and destructors.
 */
__attribute__((export_name("_start"))) void start(void) {
  out = get_stdout();
  environment();
  if (!strcmp(mode, "all")) {
    handle in = stdio_and_terminals();
    input_streams(in);
    output_streams();
    poll_and_clocks();
    random_checks();
  } else if (!strcmp(mode, "stdin-error")) {
    stdin_error();
  } else if (strcmp(mode, "exit-err") && strcmp(mode, "exit-code")) {
    check(0, "usage", "wasi-calls all|exit-err|exit-code N|stdin-error");
  }
  finish();
}
