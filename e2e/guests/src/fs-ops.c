/*
 * fs-ops.wasm: wasi:filesystem checks through wasi-libc and the preview1 adapter.
 * Run with a preopen at "/". Each check prints nothing when it holds and a "FAIL" line when
 * not; every sub-command ends with "checks N failed M" (exit 1 if M > 0).
 * See ../README.md for the sub-commands.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

__attribute__((import_module("wasi_snapshot_preview1"), import_name("path_filestat_set_times"))) int32_t
raw_path_filestat_set_times(int32_t fd, int32_t flags, int32_t path, int32_t path_len, int64_t atim, int64_t mtim, int32_t fst);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("path_open"))) int32_t
raw_path_open(int32_t fd, int32_t dirflags, int32_t path, int32_t path_len, int32_t oflags, int64_t rights,
              int64_t inheriting, int32_t fdflags, int32_t out);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("path_create_directory"))) int32_t
raw_path_create_directory(int32_t fd, int32_t path, int32_t path_len);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("path_remove_directory"))) int32_t
raw_path_remove_directory(int32_t fd, int32_t path, int32_t path_len);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("path_unlink_file"))) int32_t
raw_path_unlink_file(int32_t fd, int32_t path, int32_t path_len);

static int checks, failed;

#define CHECK(cond)                                                                          \
  do {                                                                                       \
    checks++;                                                                                \
    if (!(cond)) {                                                                           \
      failed++;                                                                              \
      printf("FAIL line %d: %s (errno %d: %s)\n", __LINE__, #cond, errno, strerror(errno)); \
    }                                                                                        \
  } while (0)

/* `expr` must fail with -1 and errno `e`. */
#define ERR(expr, e)                                                                     \
  do {                                                                                   \
    checks++;                                                                            \
    errno = 0;                                                                           \
    long r_ = (long)(expr);                                                              \
    if (r_ != -1 || errno != (e)) {                                                      \
      failed++;                                                                          \
      printf("FAIL line %d: %s gave %ld, errno %d (%s), wanted %s\n", __LINE__, #expr, r_, \
             errno, strerror(errno), #e);                                                \
    }                                                                                    \
  } while (0)

/* A raw preview1 call must answer `e`. */
#define RAW(expr, e)                                                                    \
  do {                                                                                  \
    checks++;                                                                           \
    int r_ = (int)(expr);                                                               \
    if (r_ != (e)) {                                                                    \
      failed++;                                                                         \
      printf("FAIL line %d: %s gave %d (%s), wanted %s\n", __LINE__, #expr, r_, strerror(r_), #e); \
    }                                                                                   \
  } while (0)

static int finish(void) {
  printf("checks %d failed %d\n", checks, failed);
  return failed ? 1 : 0;
}

static char path_buf[4][512];
static const char *P(int slot, const char *dir, const char *name) {
  snprintf(path_buf[slot], sizeof path_buf[slot], "%s/%s", dir, name);
  return path_buf[slot];
}

static int write_file(const char *path, const char *text) {
  int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
  if (fd < 0) return -1;
  ssize_t n = write(fd, text, strlen(text));
  close(fd);
  return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* The whole file as a string (static buffer), or NULL. */
static char *read_file(const char *path) {
  static char buf[1 << 16];
  int fd = open(path, O_RDONLY);
  if (fd < 0) return NULL;
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n < 0) return NULL;
  buf[n] = 0;
  return buf;
}

/* Names in `dir` without . and .., sorted, "name/" for directories and "name@" for symlinks. */
static char *list_dir(const char *dir) {
  static char out[4096];
  char names[64][300];
  int count = 0;
  DIR *d = opendir(dir);
  if (!d) return NULL;
  struct dirent *e;
  while ((e = readdir(d)) && count < 64) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    const char *suffix = e->d_type == DT_DIR ? "/" : e->d_type == DT_LNK ? "@" : "";
    snprintf(names[count++], sizeof names[0], "%s%s", e->d_name, suffix);
  }
  closedir(d);
  qsort(names, count, sizeof names[0], (int (*)(const void *, const void *))strcmp);
  out[0] = 0;
  for (int i = 0; i < count; i++) {
    if (i) strcat(out, " ");
    strcat(out, names[i]);
  }
  return out;
}

static off_t size_of(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 ? st.st_size : -1;
}

/* Files, directories, reads and writes, and their error codes. */
static int cmd_basic(const char *D) {
  char buf[256];
  CHECK(mkdir(D, 0755) == 0);
  ERR(mkdir(D, 0755), EEXIST);
  CHECK(write_file(P(0, D, "a.txt"), "hello world") == 0);
  char *text = read_file(P(0, D, "a.txt"));
  CHECK(text && !strcmp(text, "hello world"));

  int fd = open(P(0, D, "a.txt"), O_RDONLY);
  CHECK(fd >= 0);
  memset(buf, 0, sizeof buf);
  CHECK(pread(fd, buf, 5, 6) == 5 && !memcmp(buf, "world", 5));
  CHECK(pread(fd, buf, 10, 11) == 0);
  ERR(write(fd, "x", 1), EBADF);
  CHECK(posix_fadvise(fd, 0, 11, POSIX_FADV_SEQUENTIAL) == 0);
  CHECK((fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDONLY);
  struct stat st;
  CHECK(fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 11);
  struct stat st2;
  CHECK(stat(P(0, D, "a.txt"), &st2) == 0 && st2.st_ino == st.st_ino);
  CHECK(st.st_mtim.tv_sec > 1600000000);
  close(fd);

  ERR(open(P(0, D, "a.txt"), O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
  ERR(open(P(0, D, "missing"), O_RDONLY), ENOENT);
  ERR(stat(P(0, D, "missing"), &st), ENOENT);
  ERR(open(P(0, D, "missing/x"), O_RDONLY), ENOENT);
  ERR(open(P(0, D, "a.txt/x"), O_RDONLY), ENOTDIR);
  ERR(open(P(0, D, "a.txt/x"), O_CREAT | O_WRONLY, 0644), ENOTDIR);

  /* pwrite past the end leaves a hole of zeros; ftruncate shrinks and grows. */
  fd = open(P(0, D, "a.txt"), O_RDWR);
  CHECK(fd >= 0);
  CHECK((fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR);
  CHECK(pwrite(fd, "END", 3, 100) == 3);
  CHECK(fstat(fd, &st) == 0 && st.st_size == 103);
  CHECK(pread(fd, buf, 3, 50) == 3 && buf[0] == 0 && buf[1] == 0 && buf[2] == 0);
  CHECK(ftruncate(fd, 5) == 0);
  CHECK(fstat(fd, &st) == 0 && st.st_size == 5);
  CHECK(fsync(fd) == 0);
  CHECK(fdatasync(fd) == 0);
  close(fd);
  text = read_file(P(0, D, "a.txt"));
  CHECK(text && !strcmp(text, "hello"));

  /* O_APPEND goes through append-via-stream. */
  fd = open(P(0, D, "a.txt"), O_WRONLY | O_APPEND);
  CHECK(fd >= 0);
  CHECK(write(fd, "!!", 2) == 2);
  CHECK(write(fd, "?", 1) == 1);
  close(fd);
  text = read_file(P(0, D, "a.txt"));
  CHECK(text && !strcmp(text, "hello!!?"));

  /* Streams: write 100 KB in odd pieces, seek, read back. */
  fd = open(P(0, D, "big.bin"), O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK(fd >= 0);
  static unsigned char data[100000], back[100000];
  for (int i = 0; i < 100000; i++) data[i] = (unsigned char)(i * 7 + i / 256);
  for (int at = 0; at < 100000; at += 7777) {
    int n = 100000 - at < 7777 ? 100000 - at : 7777;
    CHECK(write(fd, data + at, n) == n);
  }
  CHECK(lseek(fd, 0, SEEK_CUR) == 100000);
  CHECK(lseek(fd, 0, SEEK_SET) == 0);
  size_t got = 0;
  for (;;) {
    ssize_t n = read(fd, back + got, 100000 - got < 3000 ? 100000 - got : 3000);
    if (n <= 0) break;
    got += n;
  }
  CHECK(got == 100000 && !memcmp(data, back, 100000));
  CHECK(lseek(fd, 99990, SEEK_SET) == 99990 && read(fd, back, 100) == 10);
  close(fd);

  /* Directories. */
  CHECK(mkdir(P(0, D, "sub"), 0755) == 0);
  CHECK(write_file(P(0, D, "sub/f"), "in sub") == 0);
  char *names = list_dir(D);
  CHECK(names && !strcmp(names, "a.txt big.bin sub/"));
  if (names && strcmp(names, "a.txt big.bin sub/")) printf("listing: %s\n", names);
  ERR(rmdir(P(0, D, "sub")), ENOTEMPTY);
  ERR(unlink(P(0, D, "sub")), EISDIR);
  ERR(rmdir(P(0, D, "a.txt")), ENOTDIR);
  ERR(open(P(0, D, "sub"), O_WRONLY), EISDIR);
  ERR(mkdir(P(0, D, "a.txt"), 0755), EEXIST);
  ERR(mkdir(P(0, D, "no/such"), 0755), ENOENT);
  CHECK(opendir(P(0, D, "a.txt")) == NULL && errno == ENOTDIR);
  CHECK(stat(P(0, D, "sub"), &st) == 0 && S_ISDIR(st.st_mode));
  CHECK(stat(P(0, D, "sub/../a.txt"), &st) == 0 && st.st_size == 8);
  CHECK(stat(P(0, D, "./sub/./f"), &st) == 0 && st.st_size == 6);

  /* Renames. */
  CHECK(rename(P(0, D, "a.txt"), P(1, D, "b.txt")) == 0);
  ERR(stat(P(0, D, "a.txt"), &st), ENOENT);
  text = read_file(P(0, D, "b.txt"));
  CHECK(text && !strcmp(text, "hello!!?"));
  CHECK(write_file(P(0, D, "c.txt"), "replaced") == 0);
  CHECK(rename(P(0, D, "b.txt"), P(1, D, "c.txt")) == 0);
  text = read_file(P(0, D, "c.txt"));
  CHECK(text && !strcmp(text, "hello!!?"));
  CHECK(rename(P(0, D, "c.txt"), P(1, D, "sub/moved.txt")) == 0);
  CHECK(size_of(P(0, D, "sub/moved.txt")) == 8);
  CHECK(mkdir(P(0, D, "other"), 0755) == 0);
  ERR(rename(P(0, D, "other"), P(1, D, "sub")), ENOTEMPTY);
  ERR(rename(P(0, D, "big.bin"), P(1, D, "other")), EISDIR);
  ERR(rename(P(0, D, "other"), P(1, D, "big.bin")), ENOTDIR);
  ERR(rename(P(0, D, "missing"), P(1, D, "x")), ENOENT);
  ERR(rename(P(0, D, "sub"), P(1, D, "sub/inner")), EINVAL);
  CHECK(rename(P(0, D, "sub"), P(1, D, "other")) == 0);
  CHECK(size_of(P(0, D, "other/f")) == 6);
  ERR(stat(P(0, D, "sub"), &st), ENOENT);

  /* Names: 255 bytes is fine, 256 is too long. */
  char name[300];
  memset(name, 'n', 255);
  name[255] = 0;
  CHECK(write_file(P(0, D, name), "long") == 0);
  CHECK(unlink(P(0, D, name)) == 0);
  name[255] = 'n';
  name[256] = 0;
  ERR(open(P(0, D, name), O_CREAT | O_WRONLY, 0644), ENAMETOOLONG);

  /* Removal. */
  CHECK(unlink(P(0, D, "big.bin")) == 0);
  ERR(unlink(P(0, D, "big.bin")), ENOENT);
  CHECK(unlink(P(0, D, "other/f")) == 0);
  CHECK(unlink(P(0, D, "other/moved.txt")) == 0);
  CHECK(rmdir(P(0, D, "other")) == 0);
  names = list_dir(D);
  CHECK(names && !strcmp(names, ""));
  CHECK(rmdir(D) == 0);
  ERR(stat(D, &st), ENOENT);
  return finish();
}

/* Symlinks, kept in the hidden record on OPFS. */
static int cmd_links(const char *D) {
  struct stat st;
  char buf[256];
  CHECK(mkdir(D, 0755) == 0);
  CHECK(symlink("target.txt", P(0, D, "link")) == 0);
  ERR(symlink("x", P(0, D, "link")), EEXIST);
  ssize_t n = readlink(P(0, D, "link"), buf, sizeof buf);
  CHECK(n == 10 && !memcmp(buf, "target.txt", 10));
  CHECK(lstat(P(0, D, "link"), &st) == 0 && S_ISLNK(st.st_mode) && st.st_size == 10);
  ERR(stat(P(0, D, "link"), &st), ENOENT);
  CHECK(write_file(P(0, D, "target.txt"), "through the link") == 0);
  CHECK(stat(P(0, D, "link"), &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 16);
  char *text = read_file(P(0, D, "link"));
  CHECK(text && !strcmp(text, "through the link"));
  ERR(open(P(0, D, "link"), O_RDONLY | O_NOFOLLOW), ELOOP);
  ERR(readlink(P(0, D, "target.txt"), buf, sizeof buf), EINVAL);

  /* Writing through a dangling link creates its target. */
  CHECK(symlink("made.txt", P(0, D, "dangling")) == 0);
  CHECK(write_file(P(0, D, "dangling"), "made") == 0);
  CHECK(size_of(P(0, D, "made.txt")) == 4);

  /* Directory links, in the middle of a path. */
  CHECK(mkdir(P(0, D, "dir"), 0755) == 0);
  CHECK(write_file(P(0, D, "dir/inside"), "inside") == 0);
  CHECK(symlink("dir", P(0, D, "dirlink")) == 0);
  CHECK(symlink("../dir/inside", P(0, D, "dir/up")) == 0);
  CHECK(size_of(P(0, D, "dirlink/inside")) == 6);
  CHECK(size_of(P(0, D, "dirlink/up")) == 6);
  char *names = list_dir(D);
  CHECK(names && !strcmp(names, "dangling@ dir/ dirlink@ link@ made.txt target.txt"));
  if (names && strcmp(names, "dangling@ dir/ dirlink@ link@ made.txt target.txt")) printf("listing: %s\n", names);

  /* Loops and escapes. */
  CHECK(symlink("loop2", P(0, D, "loop1")) == 0);
  CHECK(symlink("loop1", P(0, D, "loop2")) == 0);
  ERR(open(P(0, D, "loop1"), O_RDONLY), ELOOP);
  CHECK(symlink("../../../../../../escape", P(0, D, "out")) == 0);
  ERR(open(P(0, D, "out"), O_RDONLY), EPERM);
  CHECK(symlink("/etc/passwd", P(0, D, "abs")) == 0);
  ERR(open(P(0, D, "abs"), O_RDONLY), EPERM);
  CHECK(lstat(P(0, D, "abs"), &st) == 0 && S_ISLNK(st.st_mode));

  /* Rename and remove a link, not its target. */
  CHECK(rename(P(0, D, "link"), P(1, D, "dir/link2")) == 0);
  CHECK(lstat(P(0, D, "dir/link2"), &st) == 0 && S_ISLNK(st.st_mode));
  ERR(lstat(P(0, D, "link"), &st), ENOENT);
  CHECK(unlink(P(0, D, "dirlink")) == 0);
  CHECK(size_of(P(0, D, "dir/inside")) == 6);
  const char *rm[] = {"dir/link2", "dir/up", "dir/inside", "dangling", "made.txt", "target.txt", "loop1", "loop2", "out", "abs"};
  for (unsigned i = 0; i < sizeof rm / sizeof rm[0]; i++) CHECK(unlink(P(0, D, rm[i])) == 0);
  CHECK(rmdir(P(0, D, "dir")) == 0);
  names = list_dir(D);
  CHECK(names && !strcmp(names, ""));
  CHECK(rmdir(D) == 0);
  return finish();
}

/* Timestamps: set-times, and a later write winning over a set mtime. */
static int cmd_times(const char *D) {
  struct stat st;
  CHECK(mkdir(D, 0755) == 0);
  CHECK(write_file(P(0, D, "t"), "t") == 0);
  struct timespec times[2] = {{1000, 500}, {2000, 700}};
  CHECK(utimensat(AT_FDCWD, P(0, D, "t"), times, 0) == 0);
  CHECK(stat(P(0, D, "t"), &st) == 0);
  CHECK(st.st_atim.tv_sec == 1000 && st.st_atim.tv_nsec == 500);
  CHECK(st.st_mtim.tv_sec == 2000 && st.st_mtim.tv_nsec == 700);
  char tpath[300];
  snprintf(tpath, sizeof tpath, "%s/t", D);
  RAW(raw_path_filestat_set_times(3, 0, (int32_t)(intptr_t)tpath, (int32_t)strlen(tpath), 0, 0, __WASI_FSTFLAGS_ATIM_NOW | __WASI_FSTFLAGS_MTIM_NOW), 0);
  CHECK(stat(P(0, D, "t"), &st) == 0 && st.st_atim.tv_sec > 1600000000 && st.st_mtim.tv_sec > 1600000000);
  if (st.st_atim.tv_sec < 1600000000 || st.st_mtim.tv_sec < 1600000000) printf("times now: %lld %lld\n", (long long)st.st_atim.tv_sec, (long long)st.st_mtim.tv_sec);
  CHECK(utimensat(AT_FDCWD, P(0, D, "t"), times, 0) == 0);
  int fd = open(P(0, D, "t"), O_WRONLY);
  CHECK(fd >= 0 && write(fd, "x", 1) == 1);
  CHECK(futimens(fd, times) == 0);
  CHECK(fstat(fd, &st) == 0 && st.st_mtim.tv_sec == 2000);
  close(fd);
  CHECK(mkdir(P(0, D, "d"), 0755) == 0);
  CHECK(utimensat(AT_FDCWD, P(0, D, "d"), times, 0) == 0);
  CHECK(stat(P(0, D, "d"), &st) == 0 && st.st_mtim.tv_sec == 2000 && st.st_atim.tv_sec == 1000);
  CHECK(rmdir(P(0, D, "d")) == 0);
  CHECK(unlink(P(0, D, "t")) == 0);
  CHECK(rmdir(D) == 0);
  return finish();
}

/* Open for reading only (write rights would make a directory answer EISDIR). */
static int open_raw(const char *path, size_t len) {
  static int32_t out;
  return raw_path_open(3, 1, (int32_t)(intptr_t)path, (int32_t)len, 0, __WASI_RIGHTS_FD_READ, 0, 0, (int32_t)(intptr_t)&out);
}
#define OPEN_RAW(s) open_raw(s, sizeof(s) - 1)

/* Escapes and bad names, through raw preview1 calls on the first preopen (fd 3). */
static int cmd_sandbox(void) {
  RAW(OPEN_RAW(".."), __WASI_ERRNO_PERM);
  RAW(OPEN_RAW("../etc"), __WASI_ERRNO_PERM);
  RAW(OPEN_RAW("/etc/passwd"), __WASI_ERRNO_PERM);
  RAW(OPEN_RAW("/"), __WASI_ERRNO_PERM);
  RAW(raw_path_create_directory(3, (int32_t)(intptr_t) "sb-a", 4), 0);
  RAW(OPEN_RAW("sb-a/../../x"), __WASI_ERRNO_PERM);
  RAW(OPEN_RAW("sb-a/../sb-a/../.."), __WASI_ERRNO_PERM);
  RAW(raw_path_remove_directory(3, (int32_t)(intptr_t) "sb-a", 4), 0);
  RAW(OPEN_RAW("./../x"), __WASI_ERRNO_PERM);
  RAW(OPEN_RAW("bad\0name"), __WASI_ERRNO_INVAL);
  RAW(OPEN_RAW(""), __WASI_ERRNO_NOENT);
  RAW(OPEN_RAW("."), 0);
  RAW(raw_path_create_directory(3, (int32_t)(intptr_t) "sb-dir", 6), 0);
  RAW(raw_path_create_directory(3, (int32_t)(intptr_t) "sb-dir/../../up", 15), __WASI_ERRNO_PERM);
  RAW(raw_path_create_directory(3, (int32_t)(intptr_t) ".", 1), __WASI_ERRNO_EXIST);
  RAW(raw_path_remove_directory(3, (int32_t)(intptr_t) ".", 1), __WASI_ERRNO_INVAL);
  RAW(raw_path_remove_directory(3, (int32_t)(intptr_t) "sb-dir/..", 9), __WASI_ERRNO_INVAL);
  RAW(raw_path_unlink_file(3, (int32_t)(intptr_t) "..", 2), __WASI_ERRNO_PERM);
  RAW(raw_path_remove_directory(3, (int32_t)(intptr_t) "sb-dir", 6), 0);
  char name[300];
  memset(name, 'x', 256);
  RAW(open_raw(name, 256), __WASI_ERRNO_NAMETOOLONG);
  /* A directory opened below the preopen is a sandbox of its own, as in wasmtime. */
  RAW(raw_path_create_directory(3, (int32_t)(intptr_t) "sb-inner", 8), 0);
  static int32_t inner;
  RAW(raw_path_open(3, 1, (int32_t)(intptr_t) "sb-inner", 8, __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READ, 0, 0, (int32_t)(intptr_t)&inner), 0);
  RAW(raw_path_open(inner, 1, (int32_t)(intptr_t) "..", 2, 0, __WASI_RIGHTS_FD_READ, 0, 0, (int32_t)(intptr_t)&inner), __WASI_ERRNO_PERM);
  RAW(raw_path_remove_directory(3, (int32_t)(intptr_t) "sb-inner", 8), 0);
  return finish();
}

/* A readonly mount at "/": reading works, every change answers EROFS. */
static int cmd_readonly(const char *file) {
  struct stat st;
  char *text = read_file(file);
  CHECK(text != NULL);
  if (text) printf("read: %s\n", text);
  ERR(open(file, O_WRONLY), EROFS);
  ERR(open(file, O_RDWR | O_TRUNC), EROFS);
  ERR(open("new.txt", O_CREAT | O_WRONLY, 0644), EROFS);
  ERR(mkdir("newdir", 0755), EROFS);
  ERR(unlink(file), EROFS);
  ERR(rename(file, "renamed"), EROFS);
  ERR(symlink(file, "link"), EROFS);
  struct timespec times[2] = {{1, 0}, {2, 0}};
  ERR(utimensat(AT_FDCWD, file, times, 0), EROFS);
  CHECK(stat(file, &st) == 0 && S_ISREG(st.st_mode));
  return finish();
}

static int cmd_cat(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    printf("error %s\n", strerror(errno));
    return 1;
  }
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) fwrite(buf, 1, n, stdout);
  close(fd);
  return 0;
}

static int cmd_write(const char *path, const char *text) {
  if (write_file(path, text) != 0) {
    printf("error %s\n", strerror(errno));
    return 1;
  }
  return 0;
}

static int cmd_ls(const char *dir) {
  char *names = list_dir(dir);
  if (!names) {
    printf("error %s\n", strerror(errno));
    return 1;
  }
  printf("%s\n", names);
  return 0;
}

#define BLOCK 65536
static unsigned char block[BLOCK];

/* Block i of a patterned file: every byte of it is (i * 31 + 7) & 255, the first 4 are i. */
static void fill_block(uint32_t i) {
  memset(block, (int)((i * 31 + 7) & 255), BLOCK);
  memcpy(block, &i, 4);
}

/* Write blocks at their offsets with pwrite, `count` of them (0: forever), printing each. */
static int cmd_blocks(const char *path, uint32_t first, uint32_t count, int slow) {
  int fd = open(path, O_CREAT | O_WRONLY, 0644);
  if (fd < 0) {
    printf("error %s\n", strerror(errno));
    return 1;
  }
  for (uint32_t i = first; count == 0 || i < first + count; i++) {
    fill_block(i);
    if (pwrite(fd, block, BLOCK, (off_t)i * BLOCK) != BLOCK) {
      printf("error %s\n", strerror(errno));
      return 1;
    }
    printf("wrote %u\n", i);
    fflush(stdout);
    if (slow) {
      struct timespec ts = {0, 2000000};
      nanosleep(&ts, NULL);
    }
  }
  close(fd);
  return 0;
}

/* Check a patterned file: prints "blocks N" (whole blocks, each right) or the first bad one. */
static int cmd_verify(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    printf("error %s\n", strerror(errno));
    return 1;
  }
  static unsigned char got[BLOCK];
  uint32_t i = 0;
  for (;; i++) {
    ssize_t n = pread(fd, got, BLOCK, (off_t)i * BLOCK);
    if (n == 0) break;
    fill_block(i);
    if (n != BLOCK || memcmp(got, block, BLOCK) != 0) {
      printf("bad block %u (%zd bytes)\n", i, n);
      return 1;
    }
  }
  printf("blocks %u\n", i);
  return 0;
}

/* Write 1 MiB pieces until the disk is full: prints the bytes written and the error. */
static int cmd_fill(const char *path) {
  int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
  if (fd < 0) {
    printf("error %s\n", strerror(errno));
    return 1;
  }
  static unsigned char mib[1 << 20];
  memset(mib, 'q', sizeof mib);
  long long total = 0;
  for (int i = 0; i < 4096; i++) {
    ssize_t n = pwrite(fd, mib, sizeof mib, total);
    if (n < 0) {
      printf("wrote %lld then %s\n", total, errno == ENOSPC ? "ENOSPC" : strerror(errno));
      close(fd);
      return 0;
    }
    total += n;
  }
  printf("wrote %lld and never filled\n", total);
  return 1;
}

int main(int argc, char **argv) {
  const char *cmd = argc > 1 ? argv[1] : "";
  const char *a = argc > 2 ? argv[2] : "fs-test";
  const char *b = argc > 3 ? argv[3] : "";
  if (!strcmp(cmd, "basic")) return cmd_basic(a);
  if (!strcmp(cmd, "links")) return cmd_links(a);
  if (!strcmp(cmd, "times")) return cmd_times(a);
  if (!strcmp(cmd, "sandbox")) return cmd_sandbox();
  if (!strcmp(cmd, "readonly")) return cmd_readonly(a);
  if (!strcmp(cmd, "cat")) return cmd_cat(a);
  if (!strcmp(cmd, "write")) return cmd_write(a, b);
  if (!strcmp(cmd, "ls")) return cmd_ls(a);
  if (!strcmp(cmd, "blocks")) return cmd_blocks(a, (uint32_t)atoi(b), argc > 4 ? (uint32_t)atoi(argv[4]) : 0, argc > 5);
  if (!strcmp(cmd, "verify")) return cmd_verify(a);
  if (!strcmp(cmd, "fill")) return cmd_fill(a);
  fputs("usage: fs-ops basic|links|times DIR | sandbox | readonly FILE | cat FILE | write FILE TEXT | ls DIR | "
        "blocks FILE FIRST [COUNT [slow]] | verify FILE | fill FILE\n", stderr);
  return 2;
}
