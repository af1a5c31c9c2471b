/*
 * fs-edges.wasm: the corners of wasi:filesystem where wasmtime on Linux was seen to answer
 * otherwise (project issue 15), through wasi-libc and the preview1 adapter.
 * Run with a preopen at "/". Each sub-command takes a directory to make and work in, prints a
 * "FAIL" line per check that does not hold and ends with "checks N failed M" (exit 1 if M > 0).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#include <stdint.h>
#include <wasi/api.h>

__attribute__((import_module("wasi_snapshot_preview1"), import_name("path_filestat_set_times"))) int32_t
raw_set_times(int32_t fd, int32_t flags, int32_t path, int32_t path_len, int64_t atim, int64_t mtim, int32_t fst);

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
#define ERR(expr, e)                                                                       \
  do {                                                                                     \
    checks++;                                                                              \
    errno = 0;                                                                             \
    long r_ = (long)(expr);                                                                \
    if (r_ != -1 || errno != (e)) {                                                        \
      failed++;                                                                            \
      printf("FAIL line %d: %s gave %ld, errno %d (%s), wanted %s\n", __LINE__, #expr, r_, \
             errno, strerror(errno), #e);                                                  \
    }                                                                                      \
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

static int same_time(struct timespec t, long long sec, long nsec) {
  return t.tv_sec == sec && t.tv_nsec == nsec;
}

/* Names JavaScript objects treat specially, and names that are not UTF-8. */
static int cmd_names(const char *D) {
  struct stat st;
  char buf[64];
  CHECK(mkdir(D, 0755) == 0);
  const char *special[] = {"__proto__", "constructor", "hasOwnProperty", "toString"};
  for (unsigned i = 0; i < sizeof special / sizeof special[0]; i++) {
    const char *link = P(0, D, special[i]);
    CHECK(symlink("target", link) == 0);
    CHECK(lstat(link, &st) == 0 && S_ISLNK(st.st_mode));
    ssize_t n = readlink(link, buf, sizeof buf);
    CHECK(n == 6 && !memcmp(buf, "target", 6));
    ERR(symlink("again", link), EEXIST);
    CHECK(unlink(link) == 0);
    ERR(lstat(link, &st), ENOENT);
    /* A file of that name keeps the times set on it. */
    CHECK(write_file(link, "f") == 0);
    struct timespec times[2] = {{1000, 500}, {2000, 700}};
    CHECK(utimensat(AT_FDCWD, link, times, 0) == 0);
    CHECK(stat(link, &st) == 0 && same_time(st.st_atim, 1000, 500) && same_time(st.st_mtim, 2000, 700));
    CHECK(unlink(link) == 0);
  }
  /* Bytes that are not UTF-8 are refused (EILSEQ, as wasmtime's preview1 host does), by every
     call taking a path; "\xef\xbf\xbd" (U+FFFD itself) is a valid name. */
  const char *ff = P(0, D, "\xff");
  const char *fe = P(1, D, "\xfe");
  ERR(open(ff, O_CREAT | O_WRONLY, 0644), EILSEQ);
  ERR(open(fe, O_CREAT | O_EXCL | O_WRONLY, 0644), EILSEQ);
  ERR(mkdir(fe, 0755), EILSEQ);
  ERR(stat(ff, &st), EILSEQ);
  ERR(lstat(ff, &st), EILSEQ);
  ERR(symlink("target", ff), EILSEQ);
  ERR(symlink("\xfe", P(2, D, "link")), EILSEQ);
  ERR(lstat(P(2, D, "link"), &st), ENOENT);
  ERR(unlink(ff), EILSEQ);
  ERR(rmdir(ff), EILSEQ);
  ERR(readlink(ff, buf, sizeof buf), EILSEQ);
  CHECK(write_file(P(2, D, "ok"), "ok") == 0);
  ERR(rename(P(2, D, "ok"), ff), EILSEQ);
  ERR(rename(ff, P(2, D, "ok")), EILSEQ);
  struct timespec times[2] = {{1, 0}, {2, 0}};
  ERR(utimensat(AT_FDCWD, ff, times, 0), EILSEQ);
  CHECK(unlink(P(2, D, "ok")) == 0);
  const char *fffd = P(0, D, "\xef\xbf\xbd");
  CHECK(write_file(fffd, "replacement character") == 0);
  CHECK(stat(fffd, &st) == 0 && st.st_size == 21);
  CHECK(unlink(fffd) == 0);
  CHECK(rmdir(D) == 0);
  return finish();
}

/* A symlink's target is only text: an absolute one is made; following it is refused. */
static int cmd_abs_link(const char *D) {
  struct stat st;
  char buf[64];
  CHECK(mkdir(D, 0755) == 0);
  CHECK(symlink("/etc/passwd", P(0, D, "abs")) == 0);
  CHECK(lstat(P(0, D, "abs"), &st) == 0 && S_ISLNK(st.st_mode) && st.st_size == 11);
  ssize_t n = readlink(P(0, D, "abs"), buf, sizeof buf);
  CHECK(n == 11 && !memcmp(buf, "/etc/passwd", 11));
  ERR(open(P(0, D, "abs"), O_RDONLY), EPERM);
  ERR(stat(P(0, D, "abs"), &st), EPERM);
  CHECK(symlink("/", P(0, D, "root")) == 0);
  ERR(open(P(0, D, "root/x"), O_RDONLY), EPERM);
  CHECK(unlink(P(0, D, "abs")) == 0);
  CHECK(unlink(P(0, D, "root")) == 0);
  CHECK(rmdir(D) == 0);
  return finish();
}

/* A new path ending in "/" names a directory: only mkdir may make it (Linux's errnos). */
static int cmd_slash(const char *D) {
  struct stat st;
  CHECK(mkdir(D, 0755) == 0);
  CHECK(write_file(P(0, D, "f"), "f") == 0);
  CHECK(mkdir(P(0, D, "dir"), 0755) == 0);
  CHECK(symlink("nowhere", P(0, D, "dangling")) == 0);

  ERR(symlink("t", P(0, D, "new/")), ENOENT);
  ERR(lstat(P(0, D, "new"), &st), ENOENT);
  ERR(symlink("t", P(0, D, "f/")), EEXIST);
  ERR(symlink("t", P(0, D, "dir/")), EEXIST);
  ERR(symlink("t", P(0, D, "dangling/")), EEXIST);
  ERR(lstat(P(0, D, "nowhere"), &st), ENOENT);

  ERR(open(P(0, D, "new/"), O_CREAT | O_WRONLY, 0644), EISDIR);
  ERR(open(P(0, D, "f/"), O_CREAT | O_WRONLY, 0644), EISDIR);
  ERR(open(P(0, D, "f/"), O_RDONLY), ENOTDIR);
  ERR(lstat(P(0, D, "new"), &st), ENOENT);

  CHECK(mkdir(P(0, D, "newdir/"), 0755) == 0);
  CHECK(stat(P(0, D, "newdir"), &st) == 0 && S_ISDIR(st.st_mode));
  ERR(mkdir(P(0, D, "f/"), 0755), EEXIST);
  ERR(mkdir(P(0, D, "dangling/"), 0755), EEXIST);
  ERR(lstat(P(0, D, "nowhere"), &st), ENOENT);

  ERR(link(P(0, D, "f"), P(1, D, "new/")), ENOENT);
  ERR(link(P(0, D, "f/"), P(1, D, "new")), ENOTDIR);

  ERR(rename(P(0, D, "f"), P(1, D, "g/")), ENOTDIR);
  ERR(rename(P(0, D, "f/"), P(1, D, "g")), ENOTDIR);
  ERR(rename(P(0, D, "f"), P(1, D, "dir/")), ENOTDIR);
  ERR(lstat(P(0, D, "g"), &st), ENOENT);
  CHECK(rename(P(0, D, "newdir"), P(1, D, "moved/")) == 0);
  CHECK(stat(P(0, D, "moved"), &st) == 0 && S_ISDIR(st.st_mode));

  CHECK(unlink(P(0, D, "f")) == 0);
  CHECK(unlink(P(0, D, "dangling")) == 0);
  CHECK(rmdir(P(0, D, "dir")) == 0);
  CHECK(rmdir(P(0, D, "moved")) == 0);
  CHECK(rmdir(D) == 0);
  return finish();
}

/* set-times changes what it is asked to, and nothing else (UTIME_OMIT is no-change). */
static int cmd_no_change(const char *D) {
  struct stat before, st;
  CHECK(mkdir(D, 0755) == 0);
  const char *f = P(0, D, "f");
  CHECK(write_file(f, "f") == 0);
  CHECK(stat(f, &before) == 0);
  struct timespec m_only[2] = {{0, UTIME_OMIT}, {5000, 5}};
  CHECK(utimensat(AT_FDCWD, f, m_only, 0) == 0);
  CHECK(stat(f, &st) == 0);
  CHECK(same_time(st.st_atim, before.st_atim.tv_sec, before.st_atim.tv_nsec));
  CHECK(same_time(st.st_mtim, 5000, 5));
  /* This wasi-libc's utimensat refuses UTIME_OMIT for the modification time (EINVAL): asked raw. */
  CHECK(raw_set_times(3, 0, (int32_t)(intptr_t)f, (int32_t)strlen(f), 4000000000004LL, 0, __WASI_FSTFLAGS_ATIM) == 0);
  CHECK(stat(f, &st) == 0 && same_time(st.st_atim, 4000, 4) && same_time(st.st_mtim, 5000, 5));
  struct timespec m_again[2] = {{0, UTIME_OMIT}, {6000, 6}};
  CHECK(utimensat(AT_FDCWD, f, m_again, 0) == 0);
  CHECK(stat(f, &st) == 0 && same_time(st.st_atim, 4000, 4) && same_time(st.st_mtim, 6000, 6));
  /* Through a descriptor (futimens: set-times). */
  CHECK(write_file(P(1, D, "g"), "g") == 0);
  int fd = open(P(1, D, "g"), O_RDWR);
  CHECK(fd >= 0 && fstat(fd, &before) == 0);
  struct timespec m_fd[2] = {{0, UTIME_OMIT}, {7000, 7}};
  CHECK(futimens(fd, m_fd) == 0);
  CHECK(fstat(fd, &st) == 0 && same_time(st.st_mtim, 7000, 7));
  CHECK(same_time(st.st_atim, before.st_atim.tv_sec, before.st_atim.tv_nsec));
  close(fd);
  CHECK(unlink(f) == 0);
  CHECK(unlink(P(1, D, "g")) == 0);
  CHECK(rmdir(D) == 0);
  return finish();
}

/* A symlink has times of its own: set when it is made, in Linux's order, and settable. */
static int cmd_link_times(const char *D) {
  struct stat link, target;
  struct timespec now;
  CHECK(mkdir(D, 0755) == 0);
  CHECK(write_file(P(0, D, "target"), "t") == 0);
  CHECK(symlink("target", P(0, D, "link")) == 0);
  CHECK(clock_gettime(CLOCK_REALTIME, &now) == 0);
  CHECK(lstat(P(0, D, "link"), &link) == 0 && S_ISLNK(link.st_mode));
  long long a = link.st_atim.tv_sec, m = link.st_mtim.tv_sec, c = link.st_ctim.tv_sec;
  CHECK(a > now.tv_sec - 60 && a <= now.tv_sec);
  CHECK(m > now.tv_sec - 60 && m <= now.tv_sec);
  CHECK(c > now.tv_sec - 60 && c <= now.tv_sec);
  /* Made at once, its three times are one. */
  CHECK(same_time(link.st_atim, m, link.st_mtim.tv_nsec) && same_time(link.st_ctim, m, link.st_mtim.tv_nsec));
  if (a < now.tv_sec - 60 || m < now.tv_sec - 60 || c < now.tv_sec - 60) printf("link times %lld %lld %lld\n", a, m, c);
  /* utimensat without following sets the link's times, not its target's. */
  CHECK(stat(P(0, D, "target"), &target) == 0);
  struct timespec times[2] = {{1000, 500}, {2000, 700}};
  CHECK(utimensat(AT_FDCWD, P(0, D, "link"), times, AT_SYMLINK_NOFOLLOW) == 0);
  CHECK(lstat(P(0, D, "link"), &link) == 0 && same_time(link.st_atim, 1000, 500) && same_time(link.st_mtim, 2000, 700));
  CHECK(link.st_ctim.tv_sec >= link.st_mtim.tv_sec);
  struct stat after;
  CHECK(stat(P(0, D, "target"), &after) == 0 && same_time(after.st_mtim, target.st_mtim.tv_sec, target.st_mtim.tv_nsec));
  /* A rename keeps them. */
  CHECK(rename(P(0, D, "link"), P(1, D, "moved")) == 0);
  CHECK(lstat(P(0, D, "moved"), &link) == 0 && same_time(link.st_mtim, 2000, 700) && same_time(link.st_atim, 1000, 500));
  CHECK(unlink(P(0, D, "moved")) == 0);
  CHECK(unlink(P(0, D, "target")) == 0);
  CHECK(rmdir(D) == 0);
  return finish();
}

/* Reading or writing nothing answers 0, at any offset. */
static int cmd_zero_read(const char *D) {
  char buf[16];
  CHECK(mkdir(D, 0755) == 0);
  CHECK(write_file(P(0, D, "f"), "hello") == 0);
  int fd = open(P(0, D, "f"), O_RDWR);
  CHECK(fd >= 0);
  CHECK(pread(fd, buf, 0, 0) == 0);
  CHECK(pread(fd, buf, 0, 2) == 0);
  CHECK(pread(fd, buf, 0, 100) == 0);
  struct iovec empty = {buf, 0};
  CHECK(preadv(fd, &empty, 1, 3) == 0);
  CHECK(preadv(fd, NULL, 0, 3) == 0);
  struct iovec two[2] = {{buf, 0}, {buf + 1, 0}};
  CHECK(preadv(fd, two, 2, 4) == 0);
  CHECK(pwrite(fd, buf, 0, 2) == 0);
  CHECK(pwritev(fd, &empty, 1, 100) == 0);
  CHECK(read(fd, buf, 0) == 0);
  CHECK(lseek(fd, 3, SEEK_SET) == 3 && read(fd, buf, 0) == 0);
  struct stat st;
  CHECK(fstat(fd, &st) == 0 && st.st_size == 5);
  CHECK(pread(fd, buf, 5, 0) == 5 && !memcmp(buf, "hello", 5));
  close(fd);
  CHECK(unlink(P(0, D, "f")) == 0);
  CHECK(rmdir(D) == 0);
  return finish();
}

/* Write FILE and end without closing it: the host closes what a run leaves open. */
static int cmd_leave_open(const char *path) {
  int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
  CHECK(fd >= 0 && write(fd, "left open", 9) == 9);
  int dir = open(".", O_RDONLY | O_DIRECTORY);
  CHECK(dir >= 0);
  return finish();
}

int main(int argc, char **argv) {
  const char *cmd = argc > 1 ? argv[1] : "";
  const char *d = argc > 2 ? argv[2] : "edges";
  if (!strcmp(cmd, "names")) return cmd_names(d);
  if (!strcmp(cmd, "abs-link")) return cmd_abs_link(d);
  if (!strcmp(cmd, "slash")) return cmd_slash(d);
  if (!strcmp(cmd, "no-change")) return cmd_no_change(d);
  if (!strcmp(cmd, "link-times")) return cmd_link_times(d);
  if (!strcmp(cmd, "zero-read")) return cmd_zero_read(d);
  if (!strcmp(cmd, "leave-open")) return cmd_leave_open(d);
  fputs("usage: fs-edges names|abs-link|slash|no-change|link-times|zero-read [DIR] | leave-open FILE\n", stderr);
  return 2;
}
