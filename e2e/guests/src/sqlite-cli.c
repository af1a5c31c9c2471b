/*
 * sqlite-cli.wasm: a command over fermyon:spin/sqlite@2.0.0. No wit-bindgen: the canonical ABI is
 * written by hand (layouts in the comments), as a Spin SDK's bindings call it.
 *
 *   sqlite-cli DB [-- SQL PARAM...]...   open DB, then execute each statement with its parameters,
 *                                        printing "columns NAME..." and "row TYPE:VALUE..." lines
 *   sqlite-cli DB bench N                N inserts into bench(k, v) with a text parameter, then N
 *                                        point queries by k; prints "insert-us X" and "query-us Y",
 *                                        microseconds per call (the benchmark)
 *
 * A parameter is i:INTEGER, r:REAL, t:TEXT, b:HEX (a blob) or n (null); values print the same
 * way. An error prints "error no-such-database|access-denied|invalid-connection|database-full" or
 * "error io: MESSAGE" and exits 1.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define IMPORT(n) __attribute__((import_module("fermyon:spin/sqlite@2.0.0"), import_name(n)))

typedef int32_t handle;

/* Return areas: the largest is execute's result (20 bytes), align 4. */
typedef union {
  uint64_t align;
  uint8_t b[24];
  int32_t w[6];
} ret_t;

/* value (16 bytes, align 8): tag u8 @0 (0 integer, 1 real, 2 text, 3 blob, 4 null), payload @8:
 * s64 | f64 | string/list<u8> as ptr @8 len @12. */
typedef struct {
  uint8_t tag;
  union {
    int64_t i;
    double r;
    struct {
      const char *ptr;
      size_t len;
    } s;
  } u;
} value_t;

/* row-result: list<value> as ptr, len. */
typedef struct {
  const value_t *ptr;
  size_t len;
} row_t;

typedef struct {
  const char *ptr;
  size_t len;
} str_t;

/* error (12 bytes, align 4): disc u8 @0 (0 no-such-database, 1 access-denied, 2 invalid-connection,
 * 3 database-full, 4 io), io's string ptr @4 len @8.
 * open -> result<own<connection>, error>: disc @0, handle @4 | error @4. */
IMPORT("[static]connection.open") void conn_open(const char *, size_t, ret_t *);
/* execute -> result<query-result, error>: disc @0; columns ptr @4 len @8, rows ptr @12 len @16 |
 * error @4 (disc @4, string @8 @12). */
IMPORT("[method]connection.execute")
void conn_execute(handle, const char *, size_t, const value_t *, size_t, ret_t *);
IMPORT("[resource-drop]connection") void conn_drop(handle);

#include "cabi-realloc.h"

/* Print the error at `at` and exit 1. */
static void die_error(const uint8_t *at) {
  static const char *names[] = {"no-such-database", "access-denied", "invalid-connection", "database-full"};
  if (at[0] < 4) {
    printf("error %s\n", names[at[0]]);
  } else {
    const str_t *s = (const str_t *)(at + 4);
    printf("error io: %.*s\n", (int)s->len, s->ptr);
  }
  exit(1);
}

static int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  fprintf(stderr, "bad hex digit %c\n", c);
  exit(2);
}

/* A parameter from its text form. */
static value_t parse_value(const char *arg) {
  value_t v = {0};
  const char *rest = arg + 2;
  switch (arg[0]) {
    case 'i': v.tag = 0; v.u.i = strtoll(rest, NULL, 10); break;
    case 'r': v.tag = 1; v.u.r = strtod(rest, NULL); break;
    case 't': v.tag = 2; v.u.s.ptr = rest; v.u.s.len = strlen(rest); break;
    case 'b': {
      size_t n = strlen(rest) / 2;
      uint8_t *bytes = malloc(n + 1);
      for (size_t k = 0; k < n; k++) bytes[k] = (uint8_t)(hex(rest[2 * k]) << 4 | hex(rest[2 * k + 1]));
      v.tag = 3; v.u.s.ptr = (const char *)bytes; v.u.s.len = n;
      break;
    }
    case 'n': v.tag = 4; break;
    default: fprintf(stderr, "bad parameter %s\n", arg); exit(2);
  }
  return v;
}

static void print_value(const value_t *v) {
  switch (v->tag) {
    case 0: printf(" integer:%" PRId64, v->u.i); break;
    case 1: printf(" real:%.17g", v->u.r); break;
    case 2: printf(" text:%.*s", (int)v->u.s.len, v->u.s.ptr); break;
    case 3:
      printf(" blob:");
      for (size_t k = 0; k < v->u.s.len; k++) printf("%02x", (uint8_t)v->u.s.ptr[k]);
      break;
    case 4: printf(" null"); break;
    default: printf(" unknown-tag:%d", v->tag);
  }
}

/* Execute `sql`, exit on an error; the result stays in `ret`. */
static void execute(handle c, const char *sql, const value_t *params, size_t n, ret_t *ret) {
  conn_execute(c, sql, strlen(sql), params, n, ret);
  if (ret->b[0] != 0) die_error(ret->b + 4);
}

static void print_result(const ret_t *ret) {
  const str_t *columns = (const str_t *)(uintptr_t)ret->w[1];
  size_t ncolumns = (size_t)ret->w[2];
  const row_t *rows = (const row_t *)(uintptr_t)ret->w[3];
  size_t nrows = (size_t)ret->w[4];
  printf("columns");
  for (size_t k = 0; k < ncolumns; k++) printf(" %.*s", (int)columns[k].len, columns[k].ptr);
  printf("\n");
  for (size_t r = 0; r < nrows; r++) {
    printf("row");
    for (size_t k = 0; k < rows[r].len; k++) print_value(&rows[r].ptr[k]);
    printf("\n");
  }
}

static double now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static void bench(handle c, int n) {
  ret_t ret;
  execute(c, "CREATE TABLE IF NOT EXISTS bench (k INTEGER PRIMARY KEY, v TEXT)", NULL, 0, &ret);
  execute(c, "DELETE FROM bench", NULL, 0, &ret);
  char text[32];
  value_t param = {0};
  double t0 = now_us();
  for (int k = 1; k <= n; k++) {
    snprintf(text, sizeof text, "value %d", k);
    param.tag = 2; param.u.s.ptr = text; param.u.s.len = strlen(text);
    execute(c, "INSERT INTO bench (v) VALUES (?)", &param, 1, &ret);
  }
  double t1 = now_us();
  for (int k = 1; k <= n; k++) {
    param.tag = 0; param.u.i = k;
    execute(c, "SELECT v FROM bench WHERE k = ?", &param, 1, &ret);
    if (ret.w[4] != 1) { printf("error row %d missing\n", k); exit(1); }
  }
  double t2 = now_us();
  printf("insert-us %.1f\nquery-us %.1f\n", (t1 - t0) / n, (t2 - t1) / n);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: sqlite-cli DB [-- SQL PARAM...]... | DB bench N\n");
    return 2;
  }
  ret_t ret;
  conn_open(argv[1], strlen(argv[1]), &ret);
  if (ret.b[0] != 0) die_error(ret.b + 4);
  handle c = ret.w[1];
  if (argc == 4 && strcmp(argv[2], "bench") == 0) {
    bench(c, atoi(argv[3]));
  } else {
    value_t *params = malloc(sizeof(value_t) * (size_t)argc);
    for (int k = 2; k < argc;) {
      if (strcmp(argv[k], "--") != 0 || k + 1 >= argc) {
        fprintf(stderr, "expected -- SQL at argument %d\n", k);
        return 2;
      }
      const char *sql = argv[k + 1];
      size_t n = 0;
      for (k += 2; k < argc && strcmp(argv[k], "--") != 0; k++) params[n++] = parse_value(argv[k]);
      execute(c, sql, params, n, &ret);
      print_result(&ret);
    }
  }
  conn_drop(c);
  return 0;
}

/*
 * Built as a reactor with its own `_start`, as kv-counter.c: in a command module the linker
 * wraps every export, cabi_realloc too, with the C constructors and destructors.
 */
int __main_void(void);
__attribute__((export_name("_start"))) void start(void) { exit(__main_void()); }
