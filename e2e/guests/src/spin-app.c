/*
 * spin-app.wasm: a wasi:http/proxy handler written as a Spin 2 SDK component is, over
 * fermyon:spin/key-value@2.0.0 and fermyon:spin/variables@2.0.0, for the Spin app of
 * e2e/spin.spec.ts (e2e/fixtures/spin/). Canonical ABI by hand, as kv-handler.c.
 * A path whose last segment is note (/note, /denied/note):
 *   /note?TEXT   sets "note" to TEXT in store "default", answers "saved\n"
 *   /note        answers "note TEXT" or "note none"
 *   other        what the host gave the request, a line each: its spin-* headers
 *                ("spin-path-info: /x"), "variable greeting=V" (or "variable greeting ERROR"),
 *                "env MODE=V", "file TEXT" (/data.txt, one of the manifest's `files`) or "file none"
 * A store error answers 500 "error access-denied", "error no-such-store" or "error other: MSG".
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasi-http.h"

#define SPIN_KV "fermyon:spin/key-value@2.0.0"

/* option<string>: disc @0, ptr @4, len @8 */
IMPORT(TYPES, "[method]incoming-request.path-with-query") void request_path(handle, ret_t *);
IMPORT(TYPES, "[method]incoming-request.headers") handle request_headers(handle);
/* list<list<u8>>: ptr @0, len @4; elements (ptr, len) */
IMPORT(TYPES, "[method]fields.get") void fields_get(handle, const char *, size_t, ret_t *);
IMPORT(TYPES, "[constructor]outgoing-response") handle response_new(handle);
IMPORT(TYPES, "[method]outgoing-response.set-status-code") int32_t response_set_status(handle, int32_t);
IMPORT(TYPES, "[method]outgoing-response.body") void response_body(handle, ret_t *);
IMPORT(TYPES, "[static]response-outparam.set")
void outparam_set(handle, int32_t, int32_t, int32_t, int64_t, int32_t, int32_t, int32_t, int32_t);
IMPORT(STREAMS, "[method]output-stream.blocking-write-and-flush") void output_write_flush(handle, const uint8_t *, size_t, ret_t *);

/* result<own<store>, error>: disc @0, handle @4 | error disc @4 (0 store-table-full,
 * 1 no-such-store, 2 access-denied, 3 other), other's string @8 @12 */
IMPORT(SPIN_KV, "[static]store.open") void spin_open(const char *, size_t, ret_t *);
IMPORT(SPIN_KV, "[resource-drop]store") void spin_store_drop(handle);
/* result<option<list<u8>>, error>: option disc @4, ptr @8, len @12 */
IMPORT(SPIN_KV, "[method]store.get") void spin_get(handle, const char *, size_t, ret_t *);
/* result<_, error> */
IMPORT(SPIN_KV, "[method]store.set") void spin_set(handle, const char *, size_t, const uint8_t *, size_t, ret_t *);
/* result<string, error>: ptr @4, len @8 | error disc @4 (0 invalid-name, 1 undefined, 2 provider, 3 other) */
IMPORT("fermyon:spin/variables@2.0.0", "get") void variables_get(const char *, size_t, ret_t *);

typedef struct {
  const char *ptr;
  size_t len;
} str_t;

static char out[4096];
static size_t used;

static void add(const char *format, ...) __attribute__((format(printf, 1, 2)));
static void add(const char *format, ...) {
  __builtin_va_list args;
  __builtin_va_start(args, format);
  int n = vsnprintf(out + used, sizeof out - used, format, args);
  __builtin_va_end(args);
  if (n > 0) used = used + (size_t)n < sizeof out ? used + (size_t)n : sizeof out - 1;
}

static void reply(handle outparam, int status) {
  handle fields = fields_new();
  ret_t r;
  fields_append(fields, "content-type", 12, (const uint8_t *)"text/plain", 10, &r);
  handle response = response_new(fields);
  response_set_status(response, status);
  response_body(response, &r);
  handle body = r.w[1];
  outparam_set(outparam, 0, response, 0, 0, 0, 0, 0, 0);
  outgoing_body_write(body, &r);
  handle stream = r.w[1];
  output_write_flush(stream, (const uint8_t *)out, used, &r);
  output_drop(stream);
  outgoing_body_finish(body, 0, 0, &r);
}

/* Whether `r` holds a key-value error: if so, `out` holds its text. */
static int store_error(ret_t *r) {
  if (!r->b[0]) return 0;
  static const char *names[] = {"store-table-full", "no-such-store", "access-denied"};
  if (r->b[4] < 3) add("error %s\n", names[r->b[4]]);
  else add("error other: %.*s\n", (int)r->w[3], (const char *)(uintptr_t)r->w[2]);
  return 1;
}

static void note(handle outparam, const char *query) {
  ret_t r;
  spin_open("default", 7, &r);
  if (store_error(&r)) return reply(outparam, 500);
  handle store = r.w[1];
  if (query) {
    spin_set(store, "note", 4, (const uint8_t *)query, strlen(query), &r);
    if (!store_error(&r)) add("saved\n");
  } else {
    spin_get(store, "note", 4, &r);
    if (!store_error(&r)) {
      if (r.b[4]) add("note %.*s\n", (int)r.w[3], (const char *)(uintptr_t)r.w[2]);
      else add("note none\n");
    }
  }
  spin_store_drop(store);
  reply(outparam, r.b[0] ? 500 : 200);
}

static void info(handle request, handle outparam) {
  static const char *names[] = {
    "spin-full-url", "spin-path-info", "spin-matched-route", "spin-raw-component-route",
    "spin-component-route", "spin-base-path", "spin-client-addr",
  };
  handle headers = request_headers(request);
  ret_t r;
  for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
    fields_get(headers, names[i], strlen(names[i]), &r);
    const str_t *values = (const str_t *)(uintptr_t)r.w[0];
    if (r.w[1] == 0) add("%s none\n", names[i]);
    for (int32_t j = 0; j < r.w[1]; j++) add("%s: %.*s\n", names[i], (int)values[j].len, values[j].ptr);
  }
  variables_get("greeting", 8, &r);
  if (!r.b[0]) add("variable greeting=%.*s\n", (int)r.w[2], (const char *)(uintptr_t)r.w[1]);
  else add("variable greeting error %d\n", r.b[4]);
  const char *mode = getenv("MODE");
  add("env MODE=%s\n", mode ? mode : "(unset)");
  FILE *file = fopen("/data.txt", "r");
  char line[128];
  if (file && fgets(line, sizeof line, file)) add("file %s", line);
  else add("file none\n");
  if (file) fclose(file);
  reply(outparam, 200);
}

__attribute__((export_name("wasi:http/incoming-handler@0.2.12#handle")))
void handle_request(handle request, handle outparam) {
  used = 0;
  out[0] = 0;
  ret_t r;
  request_path(request, &r);
  char path[512] = "/";
  if (r.b[0]) {
    size_t len = (size_t)r.w[2] < sizeof path - 1 ? (size_t)r.w[2] : sizeof path - 1;
    memcpy(path, (const char *)(uintptr_t)r.w[1], len);
    path[len] = 0;
  }
  char *query = strchr(path, '?');
  if (query) *query++ = 0;
  const char *last = strrchr(path, '/');
  if (!strcmp(last, "/note")) note(outparam, query);
  else info(request, outparam);
}
