/*
 * The canonical ABI of wasi:http@0.2.12 by hand, as http-client.c and http-handler.c share it:
 * the imports both call, with their result layouts in the comments, and their cabi_realloc.
 * Each guest declares the rest of what it calls itself; a declared import that is never called
 * is not imported.
 */
#ifndef WASI_HTTP_H
#define WASI_HTTP_H
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#define IMPORT(m, n) __attribute__((import_module(m), import_name(n)))
#define TYPES "wasi:http/types@0.2.12"
#define STREAMS "wasi:io/streams@0.2.12"

typedef int32_t handle;

/* Return areas: the largest result here (future-incoming-response.get) is 56 bytes, align 8. */
typedef union {
  uint64_t align;
  uint8_t b[64];
  int32_t w[16];
} ret_t;

IMPORT(TYPES, "[constructor]fields") handle fields_new(void);
/* result<_, header-error>: disc u8 @0, header-error u8 @1 */
IMPORT(TYPES, "[method]fields.append") void fields_append(handle, const char *, size_t, const uint8_t *, size_t, ret_t *);
IMPORT(TYPES, "[resource-drop]fields") void fields_drop(handle);
IMPORT(TYPES, "[method]outgoing-body.write") void outgoing_body_write(handle, ret_t *);
/* result<_, error-code>: disc @0, error-code @8 (error-code: disc u8 @0, payload @8, 32 bytes) */
IMPORT(TYPES, "[static]outgoing-body.finish") void outgoing_body_finish(handle, int32_t, handle, ret_t *);
IMPORT(TYPES, "[method]future-incoming-response.subscribe") handle future_subscribe(handle);
/* option<result<result<own<incoming-response>, error-code>>>: some @0, outer @8, inner @16, value @24 */
IMPORT(TYPES, "[method]future-incoming-response.get") void future_get(handle, ret_t *);
IMPORT(TYPES, "[resource-drop]future-incoming-response") void future_drop(handle);
IMPORT(TYPES, "[method]incoming-body.stream") void incoming_body_stream(handle, ret_t *);
IMPORT(TYPES, "[static]incoming-body.finish") handle incoming_body_finish(handle);
IMPORT(TYPES, "[resource-drop]future-trailers") void trailers_drop(handle);
/* result<own<future-incoming-response>, error-code>: disc @0, value @8 */
IMPORT("wasi:http/outgoing-handler@0.2.12", "handle") void outgoing_handle(handle, int32_t, handle, ret_t *);
/* result<list<u8>, stream-error>: disc @0, list ptr @4 len @8 | stream-error disc @4, error @8 */
IMPORT(STREAMS, "[method]input-stream.blocking-read") void input_blocking_read(handle, int64_t, ret_t *);
IMPORT(STREAMS, "[resource-drop]input-stream") void input_drop(handle);
IMPORT(STREAMS, "[resource-drop]output-stream") void output_drop(handle);

#include "cabi-realloc.h"

#endif
