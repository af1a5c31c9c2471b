/*
 * calc.wasm: a library component exporting test:lib/calc (see wit/calc.wit).
 * No wit-bindgen here: the canonical ABI glue is written by hand, with the
 * core export/import names that `wasm-tools component new` expects.
 * Built with -nostartfiles and no libc I/O, so the core module imports no WASI.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define EXPORT(name) __attribute__((export_name(name)))
#define IMPORT(module, name) __attribute__((import_module(module), import_name(name)))

IMPORT("[export]test:lib/calc", "[resource-new]counter") int32_t counter_new(int32_t rep);

/* ---- allocator used by the host to pass lists/strings in ---- */
EXPORT("cabi_realloc")
void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size) {
  (void)old_size;
  if (new_size == 0) return (void *)align;
  void *p = realloc(old, new_size);
  if (!p) __builtin_trap();
  return p;
}

/* Return area for results that do not fit in one core value. */
static union {
  uint64_t align;
  int32_t words[2];
} ret_area;

EXPORT("test:lib/calc#add")
uint32_t calc_add(uint32_t a, uint32_t b) { return a + b; }

EXPORT("test:lib/calc#greet")
int32_t *calc_greet(char *name, size_t len) {
  static const char prefix[] = "hello, ";
  size_t plen = sizeof prefix - 1;
  char *out = malloc(plen + len + 1);
  if (!out) __builtin_trap();
  memcpy(out, prefix, plen);
  memcpy(out + plen, name, len);
  if (len) free(name); /* the callee owns the argument's memory; empty lists
                         may point at cabi_realloc's dummy zero-size block */
  ret_area.words[0] = (int32_t)(intptr_t)out;
  ret_area.words[1] = (int32_t)(plen + len);
  return ret_area.words;
}

EXPORT("cabi_post_test:lib/calc#greet")
void calc_greet_post(int32_t *ret) { free((void *)(intptr_t)ret[0]); }

EXPORT("test:lib/calc#sum")
uint64_t calc_sum(uint32_t *xs, size_t len) {
  uint64_t s = 0;
  for (size_t i = 0; i < len; i++) s += xs[i];
  if (len) free(xs);
  return s;
}

EXPORT("test:lib/calc#swap")
int32_t *calc_swap(int32_t x, int32_t y) {
  ret_area.words[0] = y;
  ret_area.words[1] = x;
  return ret_area.words;
}

/* ---- resource counter: the rep is a pointer to a struct counter ---- */
struct counter {
  uint32_t value;
};
static uint32_t live;

static int32_t new_counter(uint32_t start) {
  struct counter *c = malloc(sizeof *c);
  if (!c) __builtin_trap();
  c->value = start;
  live++;
  return counter_new((int32_t)(intptr_t)c);
}

EXPORT("test:lib/calc#[constructor]counter")
int32_t calc_counter_new(uint32_t start) { return new_counter(start); }

EXPORT("test:lib/calc#[method]counter.get")
uint32_t calc_counter_get(struct counter *self) { return self->value; }

EXPORT("test:lib/calc#[method]counter.increment")
uint32_t calc_counter_increment(struct counter *self) { return ++self->value; }

EXPORT("test:lib/calc#[dtor]counter")
void calc_counter_dtor(struct counter *self) {
  live--;
  free(self);
}

EXPORT("test:lib/calc#make-counter")
int32_t calc_make_counter(uint32_t start) { return new_counter(start); }

EXPORT("test:lib/calc#read-counter")
uint32_t calc_read_counter(struct counter *c) { return c->value; }

EXPORT("test:lib/calc#live-counters")
uint32_t calc_live_counters(void) { return live; }
