/*
 * dir-ops.wasm: file operations given on the command line, run in order, for the CLI's
 * `--dir` tests. Each op prints one line; the first that fails prints "error ..." and exits 1.
 *   write PATH TEXT   create or truncate PATH, write TEXT      -> "wrote PATH"
 *   cat PATH          print the file's bytes                    -> (the bytes)
 *   ls DIR            the entries' names, sorted, one a line    -> "ls DIR: a b c"
 *   mkdir PATH        -> "mkdir PATH"
 *   rm PATH           unlink a file                             -> "rm PATH"
 *   rmdir PATH        remove an empty directory                 -> "rmdir PATH"
 *   trap              trap (unreachable)
 *   wait              flush stdout, then read stdin to its end (to stop a guest that is blocked)
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int fail(const char *op, const char *path) {
  printf("error %s %s: %s\n", op, path, strerror(errno));
  return 1;
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int op_ls(const char *path) {
  DIR *d = opendir(path);
  if (!d) return fail("ls", path);
  char *names[256];
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) && n < 256) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    names[n++] = strdup(e->d_name);
  }
  closedir(d);
  qsort(names, (size_t)n, sizeof names[0], cmp);
  printf("ls %s:", path);
  for (int i = 0; i < n; i++) printf(" %s", names[i]);
  printf("\n");
  return 0;
}

static int op_cat(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return fail("cat", path);
  char buf[4096];
  size_t r;
  while ((r = fread(buf, 1, sizeof buf, f)) > 0) fwrite(buf, 1, r, stdout);
  fclose(f);
  return 0;
}

static int op_write(const char *path, const char *text) {
  FILE *f = fopen(path, "wb");
  if (!f) return fail("write", path);
  size_t len = strlen(text);
  if (fwrite(text, 1, len, f) != len || fclose(f) != 0) return fail("write", path);
  printf("wrote %s\n", path);
  return 0;
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    const char *op = argv[i];
    const char *a = i + 1 < argc ? argv[i + 1] : NULL;
    int r;
    if (!strcmp(op, "trap")) {
      fflush(stdout);
      __builtin_trap();
    }
    if (!strcmp(op, "wait")) {
      fflush(stdout);
      while (getchar() != EOF) {
      }
      continue;
    }
    if (!a) {
      printf("usage: dir-ops (write PATH TEXT | cat PATH | ls DIR | mkdir PATH | rm PATH | rmdir PATH | trap | wait)...\n");
      return 2;
    }
    if (!strcmp(op, "write")) {
      if (i + 2 >= argc) return printf("usage: write PATH TEXT\n"), 2;
      r = op_write(a, argv[i + 2]);
      i += 2;
    } else {
      i += 1;
      if (!strcmp(op, "cat")) r = op_cat(a);
      else if (!strcmp(op, "ls")) r = op_ls(a);
      else if (!strcmp(op, "mkdir")) r = mkdir(a, 0777) ? fail("mkdir", a) : (printf("mkdir %s\n", a), 0);
      else if (!strcmp(op, "rm")) r = unlink(a) ? fail("rm", a) : (printf("rm %s\n", a), 0);
      else if (!strcmp(op, "rmdir")) r = rmdir(a) ? fail("rmdir", a) : (printf("rmdir %s\n", a), 0);
      else return printf("unknown op %s\n", op), 2;
    }
    if (r) return r;
  }
  return 0;
}
