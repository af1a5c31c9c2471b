/*
 * kv-handler.wasm: a wasi:http/proxy handler for serve() that counts its requests in
 * wasi:keyvalue (store "default", key "hits"), so the count is shared by every instance, worker
 * and tab, and kept across reloads. Canonical ABI by hand, as http-handler.c.
 *   /hit     increments "hits" (atomics.increment), answers "hits N"
 *   /hits    answers "hits N" (an increment by 0)
 *   other    404 "no route\n"
 * A store error answers 500 "error access-denied", "error no-such-store" or "error other: MSG".
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasi-http.h"

/* option<string>: disc @0, ptr @4, len @8 */
IMPORT(TYPES, "[method]incoming-request.path-with-query") void request_path(handle, ret_t *);
IMPORT(TYPES, "[constructor]outgoing-response") handle response_new(handle);
IMPORT(TYPES, "[method]outgoing-response.set-status-code") int32_t response_set_status(handle, int32_t);
IMPORT(TYPES, "[method]outgoing-response.body") void response_body(handle, ret_t *);
IMPORT(TYPES, "[static]response-outparam.set")
void outparam_set(handle, int32_t, int32_t, int32_t, int64_t, int32_t, int32_t, int32_t, int32_t);
IMPORT(STREAMS, "[method]output-stream.blocking-write-and-flush") void output_write_flush(handle, const uint8_t *, size_t, ret_t *);

/* result<own<bucket>, error>: disc @0, handle @4 | error disc @4 (0 no-such-store,
 * 1 access-denied, 2 other), other's string @8 @12 */
IMPORT("wasi:keyvalue/store@0.2.0-draft2", "open") void kv_open(const char *, size_t, ret_t *);
IMPORT("wasi:keyvalue/store@0.2.0-draft2", "[resource-drop]bucket") void bucket_drop(handle);
/* result<s64, error>: disc @0, value @8 | error @8 (disc @8, string @12 @16) */
IMPORT("wasi:keyvalue/atomics@0.2.0-draft2", "increment") void kv_increment(handle, const char *, size_t, int64_t, ret_t *);

static void text(handle outparam, int status, const char *message) {
  handle fields = fields_new();
  ret_t r;
  fields_append(fields, "content-type", 12, (const uint8_t *)"text/plain", 10, &r);
  handle response = response_new(fields);
  response_set_status(response, status);
  response_body(response, &r);
  handle body = r.w[1];
  outparam_set(outparam, 0, response, 0, 0, 0, 0, 0, 0);
  outgoing_body_write(body, &r);
  handle out = r.w[1];
  output_write_flush(out, (const uint8_t *)message, strlen(message), &r);
  output_drop(out);
  outgoing_body_finish(body, 0, 0, &r);
}

/* The store error at `at` as a message. */
static void error_text(const uint8_t *at, char *message, size_t size) {
  const int32_t *w = (const int32_t *)(at + 4);
  if (at[0] == 0) snprintf(message, size, "error no-such-store\n");
  else if (at[0] == 1) snprintf(message, size, "error access-denied\n");
  else snprintf(message, size, "error other: %.*s\n", (int)w[1], (const char *)(uintptr_t)w[0]);
}

static void count(handle outparam, int64_t delta) {
  char message[256];
  ret_t r;
  kv_open("default", 7, &r);
  if (r.b[0]) {
    error_text(r.b + 4, message, sizeof message);
    text(outparam, 500, message);
    return;
  }
  handle bucket = r.w[1];
  kv_increment(bucket, "hits", 4, delta, &r);
  bucket_drop(bucket);
  if (r.b[0]) {
    error_text(r.b + 8, message, sizeof message);
    text(outparam, 500, message);
    return;
  }
  int64_t hits;
  memcpy(&hits, r.b + 8, sizeof hits);
  snprintf(message, sizeof message, "hits %lld\n", (long long)hits);
  text(outparam, 200, message);
}

__attribute__((export_name("wasi:http/incoming-handler@0.2.12#handle")))
void handle_request(handle request, handle outparam) {
  ret_t r;
  request_path(request, &r);
  char path[64] = "/";
  if (r.b[0]) {
    size_t len = (size_t)r.w[2] < sizeof path - 1 ? (size_t)r.w[2] : sizeof path - 1;
    memcpy(path, (const char *)(uintptr_t)r.w[1], len);
    path[len] = 0;
  }
  if (!strcmp(path, "/hit")) count(outparam, 1);
  else if (!strcmp(path, "/hits")) count(outparam, 0);
  else text(outparam, 404, "no route\n");
}
