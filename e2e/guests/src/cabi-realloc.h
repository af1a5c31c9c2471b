/*
 * The allocator the host passes lists and strings in with, for the guests that write the
 * canonical ABI by hand. With malloc's memory: the preview1 adapter must not take memory the
 * wasi-libc allocator believes it owns.
 */
#ifndef CABI_REALLOC_H
#define CABI_REALLOC_H
#include <stdlib.h>

__attribute__((export_name("cabi_realloc")))
void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size) {
  (void)old_size;
  if (new_size == 0) return (void *)align;
  void *p = realloc(old, new_size);
  if (!p) abort();
  return p;
}
#endif
