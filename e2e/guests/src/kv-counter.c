/*
 * kv-counter.wasm: a command over wasi:keyvalue@0.2.0-draft2 (store, atomics, batch) and
 * wasi:config/store@0.2.0-draft-2024-09-27. No wit-bindgen: the canonical ABI is written by
 * hand (layouts in the comments), so every host function is exercised as a real guest calls it.
 *
 *   kv-counter STORE count             increment "count" by 1 (atomics), print "count N"
 *   kv-counter STORE incr KEY N [D]    increment KEY N times by D (default 1), print "value V"
 *   kv-counter STORE cas-incr KEY N    N times: cas.new, current (decimal text, none = 0),
 *                                      swap with +1, retrying on cas-failed; print "value V retries R"
 *   kv-counter STORE get KEY [N]       print "value TEXT" or "none" (read N times: the benchmark)
 *   kv-counter STORE set KEY TEXT      print "ok"
 *   kv-counter STORE delete KEY        print "ok"
 *   kv-counter STORE exists KEY        print "exists true|false"
 *   kv-counter STORE keys              every key, following the cursor: "key K" lines, "pages P"
 *   kv-counter STORE exercise          every function once, a transcript (see e2e/keyvalue.spec.ts)
 *   kv-counter STORE bench KEY N       N sets of KEY (a 100-byte value), then N gets: prints
 *                                      "set-us X" and "get-us Y", µs per call (the benchmark's row)
 *   kv-counter config [KEY...]         "config KEY=VALUE" or "config KEY none" each, then get-all:
 *                                      "all N" and "pair K=V" lines
 *   kv-counter spin STORE              fermyon:spin/key-value@2.0.0: every function once, a transcript
 *   kv-counter variables [NAME...]     fermyon:spin/variables@2.0.0: "variable NAME=VALUE" or
 *                                      "variable NAME invalid-name|undefined|provider|other" each
 *
 * A store error prints "error access-denied", "error no-such-store" or "error other: MSG" and
 * exits 1; a swap's cas-failed is only "error cas-failed" where it is not retried.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define IMPORT(m, n) __attribute__((import_module(m), import_name(n)))
#define STORE "wasi:keyvalue/store@0.2.0-draft2"
#define ATOMICS "wasi:keyvalue/atomics@0.2.0-draft2"
#define BATCH "wasi:keyvalue/batch@0.2.0-draft2"
#define CONFIG "wasi:config/store@0.2.0-draft-2024-09-27"
#define SPIN_KV "fermyon:spin/key-value@2.0.0"

typedef int32_t handle;

/* Return areas: the largest here is 24 bytes (increment's result<s64, error>), align 8. */
typedef union {
  uint64_t align;
  uint8_t b[32];
  int32_t w[8];
  int64_t d[4];
} ret_t;

/*
 * error (12 bytes, align 4): disc u8 @0 (0 no-such-store, 1 access-denied, 2 other),
 * other's string ptr @4 len @8. Most results are result<T, error>: disc u8 @0, payload @4.
 */
/* result<own<bucket>, error>: handle @4 */
IMPORT(STORE, "open") void kv_open(const char *, size_t, ret_t *);
IMPORT(STORE, "[resource-drop]bucket") void bucket_drop(handle);
/* result<option<list<u8>>, error>: option disc @4, ptr @8, len @12 */
IMPORT(STORE, "[method]bucket.get") void bucket_get(handle, const char *, size_t, ret_t *);
/* result<_, error> */
IMPORT(STORE, "[method]bucket.set") void bucket_set(handle, const char *, size_t, const uint8_t *, size_t, ret_t *);
IMPORT(STORE, "[method]bucket.delete") void bucket_delete(handle, const char *, size_t, ret_t *);
/* result<bool, error>: bool @4 */
IMPORT(STORE, "[method]bucket.exists") void bucket_exists(handle, const char *, size_t, ret_t *);
/* list-keys(self, option<string> as disc, ptr, len) -> result<key-response, error>:
 * keys ptr @4 len @8 (each string 8 bytes), cursor disc @12, ptr @16, len @20 */
IMPORT(STORE, "[method]bucket.list-keys") void bucket_list_keys(handle, int32_t, const char *, size_t, ret_t *);

/* result<own<cas>, error>: handle @4 */
IMPORT(ATOMICS, "[static]cas.new") void cas_new(handle, const char *, size_t, ret_t *);
/* like bucket.get */
IMPORT(ATOMICS, "[method]cas.current") void cas_current(handle, ret_t *);
IMPORT(ATOMICS, "[resource-drop]cas") void cas_drop(handle);
/* result<s64, error>: disc @0, value i64 @8 | error @8 (disc @8, ptr @12, len @16) */
IMPORT(ATOMICS, "increment") void kv_increment(handle, const char *, size_t, int64_t, ret_t *);
/* result<_, cas-error>: disc @0; cas-error disc u8 @4 (0 store-error, 1 cas-failed),
 * store-error's error @8 (disc @8, ptr @12, len @16) | cas-failed's own<cas> @8 */
IMPORT(ATOMICS, "swap") void kv_swap(handle, const uint8_t *, size_t, ret_t *);

/* result<list<option<tuple<string, list<u8>>>>, error>: ptr @4 len @8; each element 20 bytes:
 * disc u8 @0, key ptr @4 len @8, value ptr @12 len @16 */
IMPORT(BATCH, "get-many") void batch_get_many(handle, const void *, size_t, ret_t *);
/* list<tuple<string, list<u8>>>: each element 16 bytes: key ptr, len, value ptr, len */
IMPORT(BATCH, "set-many") void batch_set_many(handle, const void *, size_t, ret_t *);
IMPORT(BATCH, "delete-many") void batch_delete_many(handle, const void *, size_t, ret_t *);

/* config error (12 bytes): disc u8 @0 (0 upstream, 1 io), string @4 @8.
 * get: result<option<string>, error>: option disc @4, ptr @8, len @12 */
IMPORT(CONFIG, "get") void config_get(const char *, size_t, ret_t *);
/* get-all: result<list<tuple<string, string>>, error>: ptr @4 len @8, each 16 bytes */
IMPORT(CONFIG, "get-all") void config_get_all(ret_t *);

/* fermyon:spin/key-value's error: disc u8 @0 (0 store-table-full, 1 no-such-store,
 * 2 access-denied, 3 other), other's string @4 @8; results laid out as wasi:keyvalue's. */
IMPORT(SPIN_KV, "[static]store.open") void spin_open(const char *, size_t, ret_t *);
IMPORT(SPIN_KV, "[method]store.get") void spin_get(handle, const char *, size_t, ret_t *);
IMPORT(SPIN_KV, "[method]store.set") void spin_set(handle, const char *, size_t, const uint8_t *, size_t, ret_t *);
IMPORT(SPIN_KV, "[method]store.delete") void spin_delete(handle, const char *, size_t, ret_t *);
IMPORT(SPIN_KV, "[method]store.exists") void spin_exists(handle, const char *, size_t, ret_t *);
/* result<list<string>, error>: ptr @4 len @8 */
IMPORT(SPIN_KV, "[method]store.get-keys") void spin_get_keys(handle, ret_t *);
IMPORT(SPIN_KV, "[resource-drop]store") void spin_store_drop(handle);
/* result<string, error>: string @4 @8 | error disc @4 (0 invalid-name, 1 undefined, 2 provider,
 * 3 other), its string @8 @12 */
IMPORT("fermyon:spin/variables@2.0.0", "get") void variables_get(const char *, size_t, ret_t *);

#include "cabi-realloc.h"

typedef struct {
  const char *ptr;
  size_t len;
} str_t;

typedef struct {
  str_t key;
  str_t value;
} pair_t;

/* Print the error at `at` (an error variant) and exit 1. */
static void die_error(const uint8_t *at) {
  switch (at[0]) {
    case 0: printf("error no-such-store\n"); break;
    case 1: printf("error access-denied\n"); break;
    default: {
      const int32_t *w = (const int32_t *)(at + 4);
      printf("error other: %.*s\n", (int)w[1], (const char *)(uintptr_t)w[0]);
    }
  }
  exit(1);
}

/* Check a result<T, error> whose payload is at 4. */
static void check(ret_t *r) {
  if (r->b[0]) die_error(r->b + 4);
}

static handle open_store(const char *name) {
  ret_t r;
  kv_open(name, strlen(name), &r);
  check(&r);
  return r.w[1];
}

/* Print an option<list<u8>> at word 1 (disc @4, ptr @8, len @12) as "value TEXT" or "none". */
static void print_option(const char *label, ret_t *r) {
  if (!r->b[4]) printf("%s none\n", label);
  else printf("%s %.*s\n", label, (int)r->w[3], (const char *)(uintptr_t)r->w[2]);
}

static void get(handle b, const char *label, const char *key) {
  ret_t r;
  bucket_get(b, key, strlen(key), &r);
  check(&r);
  print_option(label, &r);
}

static void set(handle b, const char *key, const char *text) {
  ret_t r;
  bucket_set(b, key, strlen(key), (const uint8_t *)text, strlen(text), &r);
  check(&r);
}

static void delete(handle b, const char *key) {
  ret_t r;
  bucket_delete(b, key, strlen(key), &r);
  check(&r);
}

static int exists(handle b, const char *key) {
  ret_t r;
  bucket_exists(b, key, strlen(key), &r);
  check(&r);
  return r.b[4];
}

static int64_t increment(handle b, const char *key, int64_t delta) {
  ret_t r;
  kv_increment(b, key, strlen(key), delta, &r);
  if (r.b[0]) die_error(r.b + 8);
  return r.d[1];
}

/* Every key, following the cursor; prints "key K" lines and returns the number of pages. */
static int list_keys(handle b, const char *prefix) {
  int pages = 0;
  int32_t has_cursor = 0;
  const char *cursor = NULL;
  size_t cursor_len = 0;
  do {
    ret_t r;
    bucket_list_keys(b, has_cursor, cursor, cursor_len, &r);
    check(&r);
    pages++;
    const str_t *keys = (const str_t *)(uintptr_t)r.w[1];
    for (int32_t i = 0; i < r.w[2]; i++) printf("%s %.*s\n", prefix, (int)keys[i].len, keys[i].ptr);
    has_cursor = r.b[12];
    cursor = (const char *)(uintptr_t)r.w[4];
    cursor_len = (size_t)r.w[5];
  } while (has_cursor);
  return pages;
}

/* Increment `key` (decimal text) by one through compare-and-swap; returns the retries it took. */
static int cas_increment(handle b, const char *key, int64_t *value) {
  ret_t r;
  cas_new(b, key, strlen(key), &r);
  check(&r);
  handle cas = r.w[1];
  for (int retries = 0;; retries++) {
    cas_current(cas, &r);
    check(&r);
    int64_t now = 0;
    if (r.b[4]) {
      char text[32] = {0};
      size_t len = (size_t)r.w[3] < sizeof text - 1 ? (size_t)r.w[3] : sizeof text - 1;
      memcpy(text, (const char *)(uintptr_t)r.w[2], len);
      now = strtoll(text, NULL, 10);
    }
    char next[32];
    int n = snprintf(next, sizeof next, "%lld", (long long)(now + 1));
    kv_swap(cas, (const uint8_t *)next, (size_t)n, &r); /* consumes cas */
    if (!r.b[0]) {
      *value = now + 1;
      return retries;
    }
    if (r.b[4] == 0) die_error(r.b + 8);
    cas = r.w[2]; /* cas-failed: the fresh cas */
  }
}

/* Every function once; the transcript is what e2e/keyvalue.spec.ts expects. */
static void exercise(handle b) {
  set(b, "a", "alpha");
  set(b, "b", "beta");
  set(b, "b", "bravo");
  get(b, "get a", "a");
  get(b, "get b", "b");
  get(b, "get missing", "missing");
  printf("exists a %d missing %d\n", exists(b, "a"), exists(b, "missing"));
  delete(b, "a");
  delete(b, "never-there");
  printf("exists a %d\n", exists(b, "a"));

  pair_t pairs[] = {
    {{"x", 1}, {"ex", 2}},
    {{"y", 1}, {"why", 3}},
    {{"z", 1}, {"", 0}},
  };
  ret_t r;
  batch_set_many(b, pairs, 3, &r);
  check(&r);
  str_t wanted[] = {{"x", 1}, {"nope", 4}, {"z", 1}, {"b", 1}};
  batch_get_many(b, wanted, 4, &r);
  check(&r);
  const uint8_t *items = (const uint8_t *)(uintptr_t)r.w[1];
  for (int32_t i = 0; i < r.w[2]; i++) {
    const uint8_t *item = items + 20 * i;
    const int32_t *w = (const int32_t *)(item + 4);
    if (!item[0]) printf("many none\n");
    else printf("many %.*s=%.*s\n", (int)w[1], (const char *)(uintptr_t)w[0], (int)w[3], (const char *)(uintptr_t)w[2]);
  }
  str_t gone[] = {{"x", 1}, {"y", 1}, {"nope", 4}};
  batch_delete_many(b, gone, 3, &r);
  check(&r);
  printf("after delete-many x %d y %d z %d\n", exists(b, "x"), exists(b, "y"), exists(b, "z"));

  printf("increment %lld\n", (long long)increment(b, "n", 5));
  printf("increment %lld\n", (long long)increment(b, "n", -7));
  printf("increment %lld\n", (long long)increment(b, "n", 0));
  /* A counter is 8 bytes, big-endian, as Spin keeps it. */
  bucket_get(b, "n", 1, &r);
  check(&r);
  printf("n bytes %d\n", (int)r.w[3]);
  kv_increment(b, "b", 1, 1, &r);
  printf("increment text %s\n", r.b[0] ? (r.b[8] == 2 ? "other" : "error") : "ok");

  /* A cas whose value changes under it fails, and its fresh cas then succeeds. */
  cas_new(b, "c", 1, &r);
  check(&r);
  handle cas = r.w[1];
  cas_current(cas, &r);
  check(&r);
  print_option("cas current", &r);
  set(b, "c", "changed");
  kv_swap(cas, (const uint8_t *)"mine", 4, &r);
  if (!r.b[0] || r.b[4] != 1) printf("cas expected cas-failed\n");
  cas = r.w[2];
  cas_current(cas, &r);
  check(&r);
  print_option("cas retry current", &r);
  kv_swap(cas, (const uint8_t *)"mine", 4, &r);
  printf("cas retry %s\n", r.b[0] ? "failed" : "ok");
  get(b, "get c", "c");
  /* A cas dropped without a swap changes nothing. */
  cas_new(b, "c", 1, &r);
  check(&r);
  cas_drop(r.w[1]);

  printf("pages %d\n", list_keys(b, "key"));
}

static void config(int argc, char **argv) {
  ret_t r;
  for (int i = 0; i < argc; i++) {
    config_get(argv[i], strlen(argv[i]), &r);
    if (r.b[0]) {
      printf("config-error %d\n", r.b[4]);
      exit(1);
    }
    if (!r.b[4]) printf("config %s none\n", argv[i]);
    else printf("config %s=%.*s\n", argv[i], (int)r.w[3], (const char *)(uintptr_t)r.w[2]);
  }
  config_get_all(&r);
  if (r.b[0]) {
    printf("config-error %d\n", r.b[4]);
    exit(1);
  }
  const pair_t *pairs = (const pair_t *)(uintptr_t)r.w[1];
  printf("all %d\n", (int)r.w[2]);
  for (int32_t i = 0; i < r.w[2]; i++) {
    printf("pair %.*s=%.*s\n", (int)pairs[i].key.len, pairs[i].key.ptr, (int)pairs[i].value.len, pairs[i].value.ptr);
  }
}

/* Check a fermyon:spin/key-value result: print the error and exit 1. */
static void spin_check(ret_t *r) {
  if (!r->b[0]) return;
  static const char *names[] = {"store-table-full", "no-such-store", "access-denied"};
  if (r->b[4] < 3) printf("error %s\n", names[r->b[4]]);
  else printf("error other: %.*s\n", (int)r->w[3], (const char *)(uintptr_t)r->w[2]);
  exit(1);
}

/* fermyon:spin/key-value: every function once. */
static void spin(const char *label) {
  ret_t r;
  spin_open(label, strlen(label), &r);
  spin_check(&r);
  handle s = r.w[1];
  spin_set(s, "s", 1, (const uint8_t *)"spin", 4, &r);
  spin_check(&r);
  spin_get(s, "s", 1, &r);
  spin_check(&r);
  print_option("spin get s", &r);
  spin_get(s, "missing", 7, &r);
  spin_check(&r);
  print_option("spin get missing", &r);
  spin_exists(s, "s", 1, &r);
  spin_check(&r);
  printf("spin exists s %d\n", r.b[4]);
  spin_get_keys(s, &r);
  spin_check(&r);
  const str_t *keys = (const str_t *)(uintptr_t)r.w[1];
  for (int32_t i = 0; i < r.w[2]; i++) printf("spin key %.*s\n", (int)keys[i].len, keys[i].ptr);
  spin_delete(s, "s", 1, &r);
  spin_check(&r);
  spin_exists(s, "s", 1, &r);
  spin_check(&r);
  printf("spin exists s %d\n", r.b[4]);
  spin_store_drop(s);
}

static void variables(int argc, char **argv) {
  static const char *kinds[] = {"invalid-name", "undefined", "provider", "other"};
  for (int i = 0; i < argc; i++) {
    ret_t r;
    variables_get(argv[i], strlen(argv[i]), &r);
    if (!r.b[0]) printf("variable %s=%.*s\n", argv[i], (int)r.w[2], (const char *)(uintptr_t)r.w[1]);
    else printf("variable %s %s\n", argv[i], r.b[4] < 4 ? kinds[r.b[4]] : "?");
  }
}

static double now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

/* N sets then N gets of `key`, each timed as a whole on the monotonic clock: µs per call. */
static void bench(handle b, const char *key, long n) {
  uint8_t value[100];
  memset(value, 'v', sizeof value);
  ret_t r;
  double start = now_us();
  for (long i = 0; i < n; i++) {
    bucket_set(b, key, strlen(key), value, sizeof value, &r);
    check(&r);
  }
  double set_us = (now_us() - start) / (double)n;
  start = now_us();
  for (long i = 0; i < n; i++) {
    bucket_get(b, key, strlen(key), &r);
    check(&r);
  }
  double get_us = (now_us() - start) / (double)n;
  printf("set-us %.1f\nget-us %.1f\n", set_us, get_us);
}

static void usage(void) {
  fprintf(stderr, "usage: kv-counter STORE count|incr|cas-incr|get|set|delete|exists|keys|exercise|bench ... | config [KEY...] | spin STORE | variables [NAME...]\n");
  exit(2);
}

int main(int argc, char **argv) {
  if (argc >= 2 && strcmp(argv[1], "config") == 0) {
    config(argc - 2, argv + 2);
    return 0;
  }
  if (argc >= 2 && strcmp(argv[1], "variables") == 0) {
    variables(argc - 2, argv + 2);
    return 0;
  }
  if (argc >= 3 && strcmp(argv[1], "spin") == 0) {
    spin(argv[2]);
    return 0;
  }
  if (argc < 3) usage();
  const char *cmd = argv[2];
  handle b = open_store(argv[1]);
  if (strcmp(cmd, "count") == 0) {
    printf("count %lld\n", (long long)increment(b, "count", 1));
  } else if (strcmp(cmd, "incr") == 0 && argc >= 5) {
    int64_t delta = argc >= 6 ? strtoll(argv[5], NULL, 10) : 1;
    long n = strtol(argv[4], NULL, 10);
    int64_t value = n == 0 ? increment(b, argv[3], 0) : 0;
    for (long i = 0; i < n; i++) value = increment(b, argv[3], delta);
    printf("value %lld\n", (long long)value);
  } else if (strcmp(cmd, "cas-incr") == 0 && argc >= 5) {
    long n = strtol(argv[4], NULL, 10);
    int64_t value = 0;
    int retries = 0;
    for (long i = 0; i < n; i++) retries += cas_increment(b, argv[3], &value);
    printf("value %lld retries %d\n", (long long)value, retries);
  } else if (strcmp(cmd, "get") == 0 && argc >= 4) {
    long n = argc >= 5 ? strtol(argv[4], NULL, 10) : 1;
    for (long i = 1; i < n; i++) {
      ret_t r;
      bucket_get(b, argv[3], strlen(argv[3]), &r);
      check(&r);
    }
    get(b, "value", argv[3]);
  } else if (strcmp(cmd, "set") == 0 && argc >= 5) {
    set(b, argv[3], argv[4]);
    printf("ok\n");
  } else if (strcmp(cmd, "delete") == 0 && argc >= 4) {
    delete(b, argv[3]);
    printf("ok\n");
  } else if (strcmp(cmd, "exists") == 0 && argc >= 4) {
    printf("exists %s\n", exists(b, argv[3]) ? "true" : "false");
  } else if (strcmp(cmd, "keys") == 0) {
    printf("pages %d\n", list_keys(b, "key"));
  } else if (strcmp(cmd, "exercise") == 0) {
    exercise(b);
  } else if (strcmp(cmd, "bench") == 0 && argc >= 5) {
    bench(b, argv[3], strtol(argv[4], NULL, 10));
  } else {
    usage();
  }
  bucket_drop(b);
  return 0;
}

/*
 * Built as a reactor with its own `_start`, as http-client.c: in a command module the linker
 * wraps every export, cabi_realloc too, with the C constructors and destructors, so each list the
 * host hands in would flush stdout from inside the host call.
 */
int __main_void(void);
__attribute__((export_name("_start"))) void start(void) { exit(__main_void()); }
