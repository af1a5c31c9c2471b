/*
 * http-client.wasm: a command that makes one HTTP request with wasi:http/outgoing-handler,
 * as curl would. No wit-bindgen: the canonical ABI of wasi:http@0.2.12 is written by hand
 * (layouts in the comments), so every host function is exercised as a real guest calls it.
 *
 *   http-client [options] METHOD URL
 *     -H 'name: value'          add a request header (a refused one prints "header-error NAME KIND")
 *     --body TEXT               send TEXT as the body
 *     --body-size N             send N bytes (byte i = i % 251), written in --chunk pieces (64 KiB)
 *     --body-first              write and finish the body before calling handle()
 *     --chunk-delay MS          sleep MS before each of the body's pieces (a body that comes slowly)
 *     --connect-timeout MS, --first-byte-timeout MS, --between-bytes-timeout MS
 *     --nonblocking             read the response body with read() + subscribe/block
 *     --print-body              print the body after a "body:" line
 *     --discard                 count the body's bytes without hashing them (the benchmark's mode)
 *     --repeat N                make the request N times (the benchmark: warm runs), printing each
 *
 * Also prints "get-ms MS": monotonic-clock time from before handle() to the body's end.
 *     --check-immutable         try to change the request's headers() and print the outcome
 *
 * Prints "status N", "header NAME: VALUE" lines, "body-bytes N", "body-fnv HEX",
 * "trailers none"; on a failure "error CODE[ DETAIL]" on stdout and exit 1.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wasi-http.h"

#define POLL "wasi:io/poll@0.2.12"
#define IOERR "wasi:io/error@0.2.12"

/* list<tuple<string, list<u8>>>: ptr @0, len @4; each element 16 bytes */
IMPORT(TYPES, "[method]fields.entries") void fields_entries(handle, ret_t *);
IMPORT(TYPES, "[method]fields.clone") handle fields_clone(handle);
IMPORT(TYPES, "[constructor]outgoing-request") handle request_new(handle);
IMPORT(TYPES, "[method]outgoing-request.set-method") int32_t request_set_method(handle, int32_t, const char *, size_t);
IMPORT(TYPES, "[method]outgoing-request.set-scheme") int32_t request_set_scheme(handle, int32_t, int32_t, const char *, size_t);
IMPORT(TYPES, "[method]outgoing-request.set-authority") int32_t request_set_authority(handle, int32_t, const char *, size_t);
IMPORT(TYPES, "[method]outgoing-request.set-path-with-query") int32_t request_set_path(handle, int32_t, const char *, size_t);
IMPORT(TYPES, "[method]outgoing-request.headers") handle request_headers(handle);
/* result<own<outgoing-body>>: disc u8 @0, handle @4 */
IMPORT(TYPES, "[method]outgoing-request.body") void request_body(handle, ret_t *);
IMPORT(TYPES, "[constructor]request-options") handle options_new(void);
IMPORT(TYPES, "[method]request-options.set-connect-timeout") int32_t options_connect(handle, int32_t, int64_t);
IMPORT(TYPES, "[method]request-options.set-first-byte-timeout") int32_t options_first_byte(handle, int32_t, int64_t);
IMPORT(TYPES, "[method]request-options.set-between-bytes-timeout") int32_t options_between(handle, int32_t, int64_t);
IMPORT(TYPES, "[method]incoming-response.status") int32_t response_status(handle);
IMPORT(TYPES, "[method]incoming-response.headers") handle response_headers(handle);
IMPORT(TYPES, "[method]incoming-response.consume") void response_consume(handle, ret_t *);
IMPORT(TYPES, "[resource-drop]incoming-response") void response_drop(handle);
/* option<result<result<option<own<trailers>>, error-code>>>: some @0, outer @8, inner @16, option @24 */
IMPORT(TYPES, "[method]future-trailers.get") void trailers_get(handle, ret_t *);
/* option<error-code>: some @0, error-code @8 */
IMPORT(TYPES, "http-error-code") void http_error_code(handle, ret_t *);
IMPORT(STREAMS, "[method]input-stream.read") void input_read(handle, int64_t, ret_t *);
IMPORT(STREAMS, "[method]input-stream.subscribe") handle input_subscribe(handle);
/* result<u64, stream-error>: disc @0, value @8 | stream-error disc @8, error @12 */
IMPORT(STREAMS, "[method]output-stream.check-write") void output_check_write(handle, ret_t *);
/* result<_, stream-error>: disc @0, stream-error disc @4, error @8 */
IMPORT(STREAMS, "[method]output-stream.write") void output_write(handle, const uint8_t *, size_t, ret_t *);
IMPORT(STREAMS, "[method]output-stream.blocking-flush") void output_blocking_flush(handle, ret_t *);
IMPORT(STREAMS, "[method]output-stream.subscribe") handle output_subscribe(handle);
IMPORT(POLL, "[method]pollable.block") void pollable_block(handle);
IMPORT(POLL, "[resource-drop]pollable") void pollable_drop(handle);
IMPORT(IOERR, "[method]error.to-debug-string") void error_debug(handle, ret_t *);
IMPORT(IOERR, "[resource-drop]error") void error_drop(handle);
IMPORT("wasi:clocks/monotonic-clock@0.2.12", "now") uint64_t monotonic_now(void);

static const char *const error_names[] = {
  "DNS-timeout", "DNS-error", "destination-not-found", "destination-unavailable",
  "destination-IP-prohibited", "destination-IP-unroutable", "connection-refused",
  "connection-terminated", "connection-timeout", "connection-read-timeout",
  "connection-write-timeout", "connection-limit-reached", "TLS-protocol-error",
  "TLS-certificate-error", "TLS-alert-received", "HTTP-request-denied",
  "HTTP-request-length-required", "HTTP-request-body-size", "HTTP-request-method-invalid",
  "HTTP-request-URI-invalid", "HTTP-request-URI-too-long", "HTTP-request-header-section-size",
  "HTTP-request-header-size", "HTTP-request-trailer-section-size", "HTTP-request-trailer-size",
  "HTTP-response-incomplete", "HTTP-response-header-section-size", "HTTP-response-header-size",
  "HTTP-response-body-size", "HTTP-response-trailer-section-size", "HTTP-response-trailer-size",
  "HTTP-response-transfer-coding", "HTTP-response-content-coding", "HTTP-response-timeout",
  "HTTP-upgrade-failed", "HTTP-protocol-error", "loop-detected", "configuration-error",
  "internal-error",
};

/* Print an error-code at `p` (disc @0, payload @8) and exit 1. */
static void fail_code(const uint8_t *p, const char *where) {
  unsigned tag = p[0];
  printf("error %s", tag < sizeof error_names / sizeof *error_names ? error_names[tag] : "?");
  const int32_t *w = (const int32_t *)(p + 8);
  if (tag == 1 && p[8]) printf(" rcode=%.*s", (int)w[2], (const char *)(intptr_t)w[1]); /* DNS-error */
  if (tag == 38 && p[8]) printf(" %.*s", (int)w[2], (const char *)(intptr_t)w[1]);     /* internal-error */
  if (tag == 17 && p[8]) printf(" %llu", (unsigned long long)*(const uint64_t *)(p + 16)); /* body-size */
  printf(" (%s)\n", where);
  exit(1);
}

/* A stream-error at `p` (disc @0, error @4): returns 1 for closed; prints and exits for a failure. */
static int stream_error(const uint8_t *p, const char *where) {
  if (p[0] == 1) return 1;
  handle err = *(const int32_t *)(p + 4);
  ret_t code, text;
  http_error_code(err, &code);
  error_debug(err, &text);
  if (code.b[0]) {
    printf("stream-error %.*s\n", (int)text.w[1], (const char *)(intptr_t)text.w[0]);
    fail_code(code.b + 8, where);
  }
  printf("error stream %.*s (%s)\n", (int)text.w[1], (const char *)(intptr_t)text.w[0], where);
  exit(1);
}

static const char *const header_errors[] = {"invalid-syntax", "forbidden", "immutable"};

static void print_fields(handle fields, const char *prefix) {
  ret_t r;
  fields_entries(fields, &r);
  const int32_t *e = (const int32_t *)(intptr_t)r.w[0];
  for (int32_t i = 0; i < r.w[1]; i++, e += 4) {
    printf("%s %.*s: %.*s\n", prefix, (int)e[1], (const char *)(intptr_t)e[0], (int)e[3], (const char *)(intptr_t)e[2]);
  }
}

static void block_on(handle pollable) {
  pollable_block(pollable);
  pollable_drop(pollable);
}

int main(int argc, char **argv) {
  const char *method = NULL, *url = NULL, *body_text = NULL;
  long long body_size = -1, chunk = 65536, repeat = 1, chunk_delay = 0;
  long long timeouts[3] = {-1, -1, -1};
  int nonblocking = 0, print_body = 0, body_first = 0, check_immutable = 0, discard = 0;
  handle headers = fields_new();

  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *next = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "-H") && next) {
      const char *colon = strchr(next, ':');
      if (!colon) { printf("bad header %s\n", next); return 2; }
      const char *value = colon + 1;
      while (*value == ' ') value++;
      ret_t r;
      fields_append(headers, next, (size_t)(colon - next), (const uint8_t *)value, strlen(value), &r);
      if (r.b[0]) printf("header-error %.*s %s\n", (int)(colon - next), next, header_errors[r.b[1]]);
      i++;
    } else if (!strcmp(a, "--body") && next) body_text = argv[++i];
    else if (!strcmp(a, "--body-size") && next) body_size = atoll(argv[++i]);
    else if (!strcmp(a, "--chunk") && next) chunk = atoll(argv[++i]);
    else if (!strcmp(a, "--chunk-delay") && next) chunk_delay = atoll(argv[++i]);
    else if (!strcmp(a, "--connect-timeout") && next) timeouts[0] = atoll(argv[++i]);
    else if (!strcmp(a, "--first-byte-timeout") && next) timeouts[1] = atoll(argv[++i]);
    else if (!strcmp(a, "--between-bytes-timeout") && next) timeouts[2] = atoll(argv[++i]);
    else if (!strcmp(a, "--nonblocking")) nonblocking = 1;
    else if (!strcmp(a, "--print-body")) print_body = 1;
    else if (!strcmp(a, "--discard")) discard = 1;
    else if (!strcmp(a, "--repeat") && next) repeat = atoll(argv[++i]);
    else if (!strcmp(a, "--body-first")) body_first = 1;
    else if (!strcmp(a, "--check-immutable")) check_immutable = 1;
    else if (!method) method = a;
    else if (!url) url = a;
    else { printf("unexpected argument %s\n", a); return 2; }
  }
  if (!method || !url) { printf("usage: http-client [options] METHOD URL\n"); return 2; }

  /* scheme://authority/path?query */
  const char *sep = strstr(url, "://");
  if (!sep) { printf("bad url %s\n", url); return 2; }
  const char *authority = sep + 3;
  const char *path = strchr(authority, '/');
  size_t authority_len = path ? (size_t)(path - authority) : strlen(authority);
  if (!path) path = "/";

  for (long long round = 1; round <= repeat; round++) {
  /* request_new takes the headers: each round but the last gets a copy */
  handle request = request_new(round < repeat ? fields_clone(headers) : headers);
  static const char *const methods[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"};
  int32_t method_tag = 9;
  for (int32_t m = 0; m < 9; m++) if (!strcmp(method, methods[m])) method_tag = m;
  if (request_set_method(request, method_tag, method, strlen(method))) { printf("error set-method\n"); return 1; }
  size_t scheme_len = (size_t)(sep - url);
  int32_t scheme_tag = !strncmp(url, "http", scheme_len) && scheme_len == 4 ? 0 : !strncmp(url, "https", scheme_len) && scheme_len == 5 ? 1 : 2;
  if (request_set_scheme(request, 1, scheme_tag, url, scheme_len)) { printf("error set-scheme\n"); return 1; }
  if (request_set_authority(request, 1, authority, authority_len)) { printf("error set-authority\n"); return 1; }
  if (request_set_path(request, 1, path, strlen(path))) { printf("error set-path-with-query\n"); return 1; }

  if (check_immutable) {
    handle h = request_headers(request);
    ret_t r;
    fields_append(h, "x-late", 6, (const uint8_t *)"1", 1, &r);
    printf("request headers append: %s\n", r.b[0] ? header_errors[r.b[1]] : "ok");
    fields_drop(h);
  }

  handle options = 0;
  int has_options = timeouts[0] >= 0 || timeouts[1] >= 0 || timeouts[2] >= 0;
  if (has_options) {
    options = options_new();
    if (timeouts[0] >= 0) options_connect(options, 1, timeouts[0] * 1000000LL);
    if (timeouts[1] >= 0) options_first_byte(options, 1, timeouts[1] * 1000000LL);
    if (timeouts[2] >= 0) options_between(options, 1, timeouts[2] * 1000000LL);
  }

  int has_body = body_text || body_size >= 0;
  handle body = 0;
  if (has_body) {
    ret_t r;
    request_body(request, &r);
    if (r.b[0]) { printf("error outgoing-request.body\n"); return 1; }
    body = r.w[1];
  }

  handle future = 0;
  uint64_t started = monotonic_now();
#define SEND()                                                   \
  do {                                                           \
    ret_t h;                                                     \
    outgoing_handle(request, has_options, options, &h);          \
    if (h.b[0]) fail_code(h.b + 8, "outgoing-handler.handle");   \
    future = h.w[2];                                             \
  } while (0)

  if (!body_first) SEND();
  if (has_body) {
    ret_t r;
    outgoing_body_write(body, &r);
    if (r.b[0]) { printf("error outgoing-body.write\n"); return 1; }
    handle out = r.w[1];
    long long total = body_text ? (long long)strlen(body_text) : body_size;
    uint8_t *buf = malloc(chunk > 0 ? (size_t)chunk : 1);
    long long sent = 0;
    while (sent < total) {
      output_check_write(out, &r);
      if (r.b[0]) stream_error(r.b + 8, "check-write");
      uint64_t room = *(uint64_t *)(r.b + 8);
      if (room == 0) { block_on(output_subscribe(out)); continue; }
      long long n = total - sent;
      if (n > chunk) n = chunk;
      if ((uint64_t)n > room) n = (long long)room;
      const uint8_t *data;
      if (body_text) data = (const uint8_t *)body_text + sent;
      else {
        for (long long k = 0; k < n; k++) buf[k] = (uint8_t)((sent + k) % 251);
        data = buf;
      }
      if (chunk_delay > 0) {
        output_blocking_flush(out, &r);
        if (r.b[0]) stream_error(r.b + 4, "blocking-flush");
        usleep((useconds_t)(chunk_delay * 1000));
      }
      output_write(out, data, (size_t)n, &r);
      if (r.b[0]) stream_error(r.b + 4, "write");
      sent += n;
    }
    output_blocking_flush(out, &r);
    if (r.b[0]) stream_error(r.b + 4, "blocking-flush");
    output_drop(out);
    free(buf);
    outgoing_body_finish(body, 0, 0, &r);
    if (r.b[0]) fail_code(r.b + 8, "outgoing-body.finish");
  }
  if (body_first) SEND();

  ret_t g;
  for (;;) {
    future_get(future, &g);
    if (g.b[0]) break;
    block_on(future_subscribe(future));
  }
  if (g.b[8]) { printf("error future already taken\n"); return 1; }
  if (g.b[16]) fail_code(g.b + 24, "future-incoming-response.get");
  handle response = g.w[6];
  future_drop(future);

  printf("status %d\n", response_status(response));
  handle response_fields = response_headers(response);
  print_fields(response_fields, "header");
  fields_drop(response_fields);

  ret_t r;
  response_consume(response, &r);
  if (r.b[0]) { printf("error consume\n"); return 1; }
  handle incoming = r.w[1];
  incoming_body_stream(incoming, &r);
  if (r.b[0]) { printf("error incoming-body.stream\n"); return 1; }
  handle in = r.w[1];

  uint32_t fnv = 2166136261u;
  long long received = 0;
  if (print_body) printf("body:");
  for (;;) {
    if (nonblocking) input_read(in, 65536, &r);
    else input_blocking_read(in, 65536, &r);
    if (r.b[0]) {
      if (stream_error(r.b + 4, "body read")) break;
    }
    uint8_t *data = (uint8_t *)(intptr_t)r.w[1];
    int32_t len = r.w[2];
    if (len == 0 && nonblocking) {
      block_on(input_subscribe(in));
      continue;
    }
    if (!discard) for (int32_t k = 0; k < len; k++) fnv = (fnv ^ data[k]) * 16777619u;
    if (print_body) fwrite(data, 1, (size_t)len, stdout);
    received += len;
    if (len) free(data);
  }
  if (print_body) printf("\n");
  input_drop(in);
  uint64_t elapsed = monotonic_now() - started;
  printf("body-bytes %lld\nbody-fnv %08x\nget-ms %.3f\n", received, fnv, (double)elapsed / 1e6);

  handle trailers = incoming_body_finish(incoming);
  trailers_get(trailers, &r);
  if (r.b[0] && !r.b[8] && !r.b[16]) printf("trailers %s\n", r.b[24] ? "some" : "none");
  else if (r.b[0] && !r.b[8]) fail_code(r.b + 24, "future-trailers.get");
  trailers_drop(trailers);
  response_drop(response);
  }
  return 0;
}

/*
 * Built as a reactor with its own `_start`: in a command module the linker wraps every export,
 * cabi_realloc too, with the C constructors and destructors, so each list the host hands in
 * would flush stdout from inside the host call (which JSPI cannot suspend).
 */
int __main_void(void);
__attribute__((export_name("_start"))) void start(void) { exit(__main_void()); }
