/*
 * http-handler.wasm: a wasi:http/proxy handler for serve(), exporting
 * wasi:http/incoming-handler@0.2.12 with the canonical ABI written by hand (as http-client.c).
 * Routes by path:
 *   /hello        200 "hello from a component\n", x-handler: c
 *   /echo         streams the request body back as it arrives (one read, one write, a flush),
 *                 with x-method, x-path and x-test (the request's x-test header)
 *   /count        "count N": requests this instance has answered (1 with a fresh instance each)
 *   /slow?ms=N    sleeps N ms (monotonic-clock), then "slept N\n"
 *   /trap         traps before answering
 *   /late-trap    sends the head and "partial\n", then traps
 *   /fetch?URL    GETs URL with outgoing-handler: "upstream STATUS\n" or "upstream error CODE\n"
 *   /app/         an HTML page (text/html) whose <p id="from"> says "served by a component"
 *   other paths   404 "no route\n"
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasi-http.h"

/* list<list<u8>>: ptr @0, len @4; elements (ptr, len) */
IMPORT(TYPES, "[method]fields.get") void fields_get(handle, const char *, size_t, ret_t *);
/* method: disc u8 @0, other's string @4/@8 */
IMPORT(TYPES, "[method]incoming-request.method") void request_method(handle, ret_t *);
/* option<string>: disc @0, ptr @4, len @8 */
IMPORT(TYPES, "[method]incoming-request.path-with-query") void request_path(handle, ret_t *);
IMPORT(TYPES, "[method]incoming-request.headers") handle request_headers(handle);
IMPORT(TYPES, "[method]incoming-request.consume") void request_consume(handle, ret_t *);
IMPORT(TYPES, "[resource-drop]incoming-request") void request_drop(handle);
IMPORT(TYPES, "[constructor]outgoing-response") handle response_new(handle);
IMPORT(TYPES, "[method]outgoing-response.set-status-code") int32_t response_set_status(handle, int32_t);
IMPORT(TYPES, "[method]outgoing-response.body") void response_body(handle, ret_t *);
/* (param, result disc, ok handle | error-code flat...): result<own<outgoing-response>, error-code> flattened */
IMPORT(TYPES, "[static]response-outparam.set")
void outparam_set(handle, int32_t, int32_t, int32_t, int64_t, int32_t, int32_t, int32_t, int32_t);
IMPORT(TYPES, "[constructor]outgoing-request") handle out_request_new(handle);
IMPORT(TYPES, "[method]outgoing-request.set-scheme") int32_t out_request_set_scheme(handle, int32_t, int32_t, const char *, size_t);
IMPORT(TYPES, "[method]outgoing-request.set-authority") int32_t out_request_set_authority(handle, int32_t, const char *, size_t);
IMPORT(TYPES, "[method]outgoing-request.set-path-with-query") int32_t out_request_set_path(handle, int32_t, const char *, size_t);
IMPORT(TYPES, "[method]incoming-response.status") int32_t in_response_status(handle);
IMPORT(TYPES, "[resource-drop]incoming-response") void in_response_drop(handle);
IMPORT(STREAMS, "[method]output-stream.blocking-write-and-flush") void output_write_flush(handle, const uint8_t *, size_t, ret_t *);
IMPORT("wasi:io/poll@0.2.12", "[method]pollable.block") void pollable_block(handle);
IMPORT("wasi:io/poll@0.2.12", "[resource-drop]pollable") void pollable_drop(handle);
IMPORT("wasi:clocks/monotonic-clock@0.2.12", "subscribe-duration") handle subscribe_duration(int64_t);

static int answered;

static void header(handle fields, const char *name, const char *value, size_t len) {
  ret_t r;
  fields_append(fields, name, strlen(name), (const uint8_t *)value, len, &r);
}

/* Start a response: set the outparam; returns the body's output stream, *body the body. */
static handle respond(handle outparam, int status, handle fields, handle *body) {
  handle response = response_new(fields);
  response_set_status(response, status);
  ret_t r;
  response_body(response, &r);
  *body = r.w[1];
  outparam_set(outparam, 0, response, 0, 0, 0, 0, 0, 0);
  outgoing_body_write(*body, &r);
  return r.w[1];
}

static void write_all(handle out, const void *data, size_t len) {
  ret_t r;
  output_write_flush(out, data, len, &r);
  if (r.b[0]) abort();
}

static void finish(handle out, handle body) {
  ret_t r;
  output_drop(out);
  outgoing_body_finish(body, 0, 0, &r);
}

static void text(handle outparam, int status, const char *message) {
  handle fields = fields_new();
  header(fields, "content-type", "text/plain", 10);
  header(fields, "x-handler", "c", 1);
  handle body;
  handle out = respond(outparam, status, fields, &body);
  write_all(out, message, strlen(message));
  finish(out, body);
}

static void echo(handle request, handle outparam, const char *path, size_t path_len) {
  ret_t r;
  handle fields = fields_new();
  request_method(request, &r);
  static const char *const methods[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"};
  if (r.b[0] < 9) header(fields, "x-method", methods[r.b[0]], strlen(methods[r.b[0]]));
  else header(fields, "x-method", (const char *)(intptr_t)r.w[1], (size_t)r.w[2]);
  header(fields, "x-path", path, path_len);
  handle in_headers = request_headers(request);
  fields_get(in_headers, "x-test", 6, &r);
  if (r.w[1] > 0) {
    const int32_t *v = (const int32_t *)(intptr_t)r.w[0];
    header(fields, "x-test", (const char *)(intptr_t)v[0], (size_t)v[1]);
  }
  fields_drop(in_headers);
  request_consume(request, &r);
  handle in_body = r.w[1];
  incoming_body_stream(in_body, &r);
  handle in = r.w[1];
  handle body;
  handle out = respond(outparam, 200, fields, &body);
  for (;;) {
    input_blocking_read(in, 65536, &r);
    if (r.b[0]) break; /* closed: the request body ended */
    uint8_t *data = (uint8_t *)(intptr_t)r.w[1];
    size_t len = (size_t)r.w[2];
    /* blocking-write-and-flush takes at most 4096 bytes */
    for (size_t at = 0; at < len; at += 4096) write_all(out, data + at, len - at < 4096 ? len - at : 4096);
    if (len) free(data);
  }
  input_drop(in);
  trailers_drop(incoming_body_finish(in_body));
  finish(out, body);
}

static void fetch(handle outparam, const char *url) {
  char message[128];
  const char *sep = strstr(url, "://");
  if (!sep) { text(outparam, 400, "bad url\n"); return; }
  const char *authority = sep + 3;
  const char *path = strchr(authority, '/');
  size_t authority_len = path ? (size_t)(path - authority) : strlen(authority);
  if (!path) path = "/";
  handle request = out_request_new(fields_new());
  out_request_set_scheme(request, 1, strncmp(url, "https", 5) == 0 ? 1 : 0, "", 0);
  out_request_set_authority(request, 1, authority, authority_len);
  out_request_set_path(request, 1, path, strlen(path));
  ret_t r;
  outgoing_handle(request, 0, 0, &r);
  if (r.b[0]) {
    snprintf(message, sizeof message, "upstream error %u\n", r.b[8]);
    text(outparam, 502, message);
    return;
  }
  handle future = r.w[2];
  for (;;) {
    future_get(future, &r);
    if (r.b[0]) break;
    handle p = future_subscribe(future);
    pollable_block(p);
    pollable_drop(p);
  }
  future_drop(future);
  if (r.b[16]) snprintf(message, sizeof message, "upstream error %u\n", r.b[24]);
  else {
    snprintf(message, sizeof message, "upstream %d\n", in_response_status(r.w[6]));
    in_response_drop(r.w[6]);
  }
  text(outparam, 200, message);
}

__attribute__((export_name("wasi:http/incoming-handler@0.2.12#handle")))
void handle_request(handle request, handle outparam) {
  answered++;
  ret_t r;
  request_path(request, &r);
  char path[512] = "/";
  if (r.b[0]) {
    size_t len = (size_t)r.w[2] < sizeof path - 1 ? (size_t)r.w[2] : sizeof path - 1;
    memcpy(path, (const char *)(intptr_t)r.w[1], len);
    path[len] = 0;
  }
  char *query = strchr(path, '?');
  size_t route_len = query ? (size_t)(query - path) : strlen(path);
  char message[64];
  if (!strncmp(path, "/hello", route_len) && route_len == 6) text(outparam, 200, "hello from a component\n");
  else if (!strncmp(path, "/echo", route_len) && route_len == 5) echo(request, outparam, path, strlen(path));
  else if (!strncmp(path, "/count", route_len) && route_len == 6) {
    snprintf(message, sizeof message, "count %d\n", answered);
    text(outparam, 200, message);
  } else if (!strncmp(path, "/slow", route_len) && route_len == 5) {
    long ms = query && !strncmp(query, "?ms=", 4) ? atol(query + 4) : 100;
    handle p = subscribe_duration((int64_t)ms * 1000000);
    pollable_block(p);
    pollable_drop(p);
    snprintf(message, sizeof message, "slept %ld\n", ms);
    text(outparam, 200, message);
  } else if (!strncmp(path, "/trap", route_len) && route_len == 5) __builtin_trap();
  else if (!strncmp(path, "/late-trap", route_len) && route_len == 10) {
    handle fields = fields_new();
    handle body;
    handle out = respond(outparam, 200, fields, &body);
    write_all(out, "partial\n", 8);
    __builtin_trap();
  } else if (!strncmp(path, "/fetch", route_len) && route_len == 6 && query) fetch(outparam, query + 1);
  else if (!strncmp(path, "/app/", route_len) && route_len == 5) {
    static const char page[] = "<!doctype html><title>component</title><p id=\"from\">served by a component</p>\n";
    handle fields = fields_new();
    header(fields, "content-type", "text/html; charset=utf-8", 24);
    handle body;
    handle out = respond(outparam, 200, fields, &body);
    write_all(out, page, sizeof page - 1);
    finish(out, body);
  }
  else text(outparam, 404, "no route\n");
}
