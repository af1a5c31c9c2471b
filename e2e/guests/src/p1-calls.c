/*
 * p1-calls.wasm: raw WASI preview 1 calls (wasi/api.h, no libc wrapper in between) and the errno
 * each must answer, for what libc does not reach: iovec lists, seek/tell, append, renumber,
 * readdir cookies with small buffers, readlink, sock_*, proc_raise, clocks and poll_oneoff.
 * Built only as a core module (built/core/). Run with a preopen at "/" (fd 3).
 * `all`: every check, "checks N failed M". `pollin`: poll stdin against a 5 s clock, print which
 * fired, then echo one read. `polltimeout`: the same with a 100 ms clock and no input.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

/* wasi-libc's header leaves proc_raise out; the import is still in the spec. */
__attribute__((import_module("wasi_snapshot_preview1"), import_name("proc_raise"))) int32_t raw_proc_raise(int32_t sig);

static int checks, failed;

#define IS(expr, want)                                                                          \
  do {                                                                                          \
    checks++;                                                                                   \
    long long got_ = (long long)(expr);                                                         \
    if (got_ != (long long)(want)) {                                                            \
      failed++;                                                                                 \
      printf("FAIL line %d: %s gave %lld, wanted %s (%lld)\n", __LINE__, #expr, got_, #want,    \
             (long long)(want));                                                                \
    }                                                                                           \
  } while (0)

#define ROOT 3
#define RW (__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_TELL)

static __wasi_fd_t open_file(const char *path, __wasi_oflags_t oflags, __wasi_fdflags_t fdflags) {
  __wasi_fd_t fd = 0;
  __wasi_errno_t e = __wasi_path_open(ROOT, 0, path, oflags, RW, 0, fdflags, &fd);
  if (e) printf("FAIL open %s: errno %d\n", path, e);
  return fd;
}

static uint64_t now(__wasi_clockid_t id) {
  __wasi_timestamp_t t = 0;
  if (__wasi_clock_time_get(id, 1, &t)) printf("FAIL clock %u\n", id);
  return t;
}

static void files(void) {
  char a[8] = {0}, b[8] = {0};
  __wasi_size_t n = 0;
  __wasi_filesize_t pos = 0;
  __wasi_fd_t fd = open_file("f.txt", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, 0);
  __wasi_ciovec_t out[2] = {{(const uint8_t *)"hello ", 6}, {(const uint8_t *)"world", 5}};
  IS(__wasi_fd_write(fd, out, 2, &n), 0);
  IS(n, 11);
  IS(__wasi_fd_tell(fd, &pos), 0);
  IS(pos, 11);
  IS(__wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos), 0);
  char whole[16] = {0};
  __wasi_iovec_t in[2] = {{(uint8_t *)whole, 5}, {(uint8_t *)whole + 5, 6}};
  IS(__wasi_fd_read(fd, in, 2, &n), 0);
  IS(n, 11);
  IS(strcmp(whole, "hello world"), 0);
  IS(__wasi_fd_seek(fd, -5, __WASI_WHENCE_END, &pos), 0);
  IS(pos, 6);
  __wasi_iovec_t split[2] = {{(uint8_t *)a, 3}, {(uint8_t *)b, 7}};
  IS(__wasi_fd_read(fd, split, 2, &n), 0);
  IS(n, 5);
  IS(strcmp(a, "wor") + strcmp(b, "ld"), 0);
  IS(__wasi_fd_read(fd, split, 2, &n), 0);
  IS(n, 0);
  IS(__wasi_fd_seek(fd, -100, __WASI_WHENCE_CUR, &pos), __WASI_ERRNO_INVAL);
  IS(__wasi_fd_seek(1, 0, __WASI_WHENCE_CUR, &pos), __WASI_ERRNO_SPIPE);
  IS(__wasi_fd_tell(ROOT, &pos), __WASI_ERRNO_BADF);
  IS(__wasi_fd_read(ROOT, in, 1, &n), __WASI_ERRNO_BADF);
  IS(__wasi_fd_read(1, in, 1, &n), __WASI_ERRNO_BADF);

  /* pwrite/pread leave the position; a gap reads as zeros. */
  IS(__wasi_fd_seek(fd, 2, __WASI_WHENCE_SET, &pos), 0);
  __wasi_ciovec_t tail = {(const uint8_t *)"XY", 2};
  IS(__wasi_fd_pwrite(fd, &tail, 1, 20, &n), 0);
  IS(n, 2);
  __wasi_filestat_t st;
  IS(__wasi_fd_filestat_get(fd, &st), 0);
  IS(st.size, 22);
  IS(st.filetype, __WASI_FILETYPE_REGULAR_FILE);
  memset(a, 1, sizeof a);
  memset(b, 1, sizeof b);
  __wasi_iovec_t gap[2] = {{(uint8_t *)a, 1}, {(uint8_t *)b, 3}};
  IS(__wasi_fd_pread(fd, gap, 2, 19, &n), 0);
  IS(n, 3);
  IS(a[0] == 0 && b[0] == 'X' && b[1] == 'Y', 1);
  IS(__wasi_fd_tell(fd, &pos), 0);
  IS(pos, 2);
  __wasi_filestat_t by_path;
  IS(__wasi_path_filestat_get(ROOT, 0, "f.txt", &by_path), 0);
  IS(by_path.ino == st.ino && st.ino != 0, 1);

  /* Append: fdstat_set_flags turns it on, writes go to the end. */
  IS(__wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_APPEND), 0);
  __wasi_fdstat_t fs;
  IS(__wasi_fd_fdstat_get(fd, &fs), 0);
  IS(fs.fs_flags & __WASI_FDFLAGS_APPEND, __WASI_FDFLAGS_APPEND);
  IS(fs.fs_filetype, __WASI_FILETYPE_REGULAR_FILE);
  __wasi_ciovec_t bang = {(const uint8_t *)"!", 1};
  IS(__wasi_fd_write(fd, &bang, 1, &n), 0);
  IS(__wasi_fd_filestat_get(fd, &st), 0);
  IS(st.size, 23);
  IS(__wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_SYNC), __WASI_ERRNO_INVAL);
  IS(__wasi_fd_fdstat_set_flags(1, 0), __WASI_ERRNO_BADF);
  IS(__wasi_fd_fdstat_set_rights(fd, 0, 0), 0);
  IS(__wasi_fd_fdstat_set_rights(99, 0, 0), __WASI_ERRNO_BADF);
  IS(__wasi_fd_prestat_dir_name(fd, (uint8_t *)a, sizeof a), __WASI_ERRNO_NOTDIR);

  IS(__wasi_fd_allocate(fd, 0, 100), __WASI_ERRNO_NOTSUP);
  IS(__wasi_fd_advise(fd, 0, 0, __WASI_ADVICE_SEQUENTIAL), 0);
  IS(__wasi_fd_advise(fd, 0, 0, 9), __WASI_ERRNO_INVAL);
  IS(__wasi_fd_sync(fd), 0);
  IS(__wasi_fd_datasync(fd), 0);
  IS(__wasi_fd_filestat_set_size(fd, 3), 0);
  IS(__wasi_fd_filestat_get(fd, &st), 0);
  IS(st.size, 3);

  /* Renumber: `to` is closed and becomes `from`. */
  __wasi_fd_t other = open_file("g.txt", __WASI_OFLAGS_CREAT, 0);
  IS(__wasi_fd_renumber(fd, other), 0);
  IS(__wasi_fd_fdstat_get(fd, &fs), __WASI_ERRNO_BADF);
  memset(whole, 0, sizeof whole);
  __wasi_iovec_t one = {(uint8_t *)whole, 10};
  IS(__wasi_fd_pread(other, &one, 1, 0, &n), 0);
  IS(strcmp(whole, "hel"), 0);
  IS(__wasi_fd_renumber(77, other), __WASI_ERRNO_BADF);
  IS(__wasi_fd_renumber(other, 77), 0);
  IS(__wasi_fd_close(other), __WASI_ERRNO_BADF);
  IS(__wasi_fd_close(77), 0);
  IS(__wasi_fd_close(77), __WASI_ERRNO_BADF);
  IS(__wasi_path_open(ROOT, 0, "f.txt", __WASI_OFLAGS_DIRECTORY, RW, 0, 0, &fd), __WASI_ERRNO_NOTDIR);
  IS(__wasi_path_open(ROOT, 0, "nope/x", __WASI_OFLAGS_CREAT, RW, 0, 0, &fd), __WASI_ERRNO_NOENT);
}

/* Read every name of `dir` through readdir with a `size`-byte buffer, resuming from cookies. */
static int count_entries(__wasi_fd_t dir, size_t size, int *dots) {
  static uint8_t buf[4096];
  __wasi_dircookie_t cookie = 0;
  int names = 0;
  for (int rounds = 0; rounds < 100; rounds++) {
    __wasi_size_t used = 0;
    if (__wasi_fd_readdir(dir, buf, size, cookie, &used)) return -1;
    size_t at = 0;
    int progress = 0;
    while (at + sizeof(__wasi_dirent_t) <= used) {
      __wasi_dirent_t d;
      memcpy(&d, buf + at, sizeof d);
      if (at + sizeof d + d.d_namlen > used) break;
      const char *name = (const char *)buf + at + sizeof d;
      if ((d.d_namlen == 1 && name[0] == '.') || (d.d_namlen == 2 && !memcmp(name, "..", 2))) (*dots)++;
      names++;
      progress = 1;
      cookie = d.d_next;
      at += sizeof d + d.d_namlen;
    }
    if (used < size) return names;
    if (!progress) return -2;
  }
  return -3;
}

static void directories(void) {
  __wasi_fd_t dir = 0;
  IS(__wasi_path_create_directory(ROOT, "d"), 0);
  IS(__wasi_path_create_directory(ROOT, "d"), __WASI_ERRNO_EXIST);
  char name[32];
  for (int i = 0; i < 5; i++) {
    snprintf(name, sizeof name, "d/file-number-%d", i);
    IS(__wasi_fd_close(open_file(name, __WASI_OFLAGS_CREAT, 0)), 0);
  }
  IS(__wasi_path_open(ROOT, 0, "d", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR, 0, 0, &dir), 0);
  int dots = 0;
  IS(count_entries(dir, 4096, &dots), 7);
  IS(dots, 2);
  dots = 0;
  IS(count_entries(dir, 60, &dots), 7);
  IS(dots, 2);
  __wasi_fdstat_t fs;
  IS(__wasi_fd_fdstat_get(dir, &fs), 0);
  IS(fs.fs_filetype, __WASI_FILETYPE_DIRECTORY);
  uint8_t buf[64];
  __wasi_size_t used;
  IS(__wasi_fd_readdir(1, buf, sizeof buf, 0, &used), __WASI_ERRNO_BADF);
  __wasi_fd_t file = open_file("d/file-number-0", 0, 0);
  IS(__wasi_fd_readdir(file, buf, sizeof buf, 0, &used), __WASI_ERRNO_NOTDIR);
  IS(__wasi_path_create_directory(file, "x"), __WASI_ERRNO_NOTDIR);
  IS(__wasi_path_remove_directory(ROOT, "d"), __WASI_ERRNO_NOTEMPTY);
  IS(__wasi_path_unlink_file(ROOT, "d"), __WASI_ERRNO_ISDIR);
  IS(__wasi_path_rename(ROOT, "d/file-number-1", dir, "moved"), 0);
  __wasi_filestat_t st;
  IS(__wasi_path_filestat_get(dir, 0, "moved", &st), 0);
  IS(__wasi_path_filestat_get(ROOT, 0, "d/file-number-1", &st), __WASI_ERRNO_NOENT);
  IS(__wasi_path_link(ROOT, 0, "d/moved", ROOT, "hard"), __WASI_ERRNO_NOTSUP);

  /* Symlinks: readlink cuts to the buffer, as readlink(2). */
  IS(__wasi_path_symlink("target-name", ROOT, "ln"), 0);
  char link[16] = {0};
  IS(__wasi_path_readlink(ROOT, "ln", (uint8_t *)link, 4, &used), 0);
  IS(used, 4);
  IS(memcmp(link, "targ", 4), 0);
  IS(__wasi_path_readlink(ROOT, "ln", (uint8_t *)link, sizeof link, &used), 0);
  IS(used, 11);
  IS(__wasi_path_readlink(ROOT, "d", (uint8_t *)link, sizeof link, &used), __WASI_ERRNO_INVAL);
  IS(__wasi_path_filestat_get(ROOT, 0, "ln", &st), 0);
  IS(st.filetype, __WASI_FILETYPE_SYMBOLIC_LINK);
  IS(__wasi_path_filestat_get(ROOT, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "ln", &st), __WASI_ERRNO_NOENT);
  IS(__wasi_path_open(ROOT, 0, "../x", 0, RW, 0, 0, &dir), __WASI_ERRNO_PERM);
  IS(__wasi_path_open(ROOT, 0, "/x", 0, RW, 0, 0, &dir), __WASI_ERRNO_PERM);
}

static void processes_and_sockets(void) {
  __wasi_prestat_t pre;
  IS(__wasi_fd_prestat_get(ROOT, &pre), 0);
  IS(pre.tag, __WASI_PREOPENTYPE_DIR);
  IS(pre.u.dir.pr_name_len, 1);
  char name[4] = {0};
  IS(__wasi_fd_prestat_dir_name(ROOT, (uint8_t *)name, 1), 0);
  IS(name[0], '/');
  IS(__wasi_fd_prestat_dir_name(ROOT, (uint8_t *)name, 0), __WASI_ERRNO_NAMETOOLONG);
  IS(__wasi_fd_prestat_get(0, &pre), __WASI_ERRNO_BADF);
  IS(__wasi_fd_prestat_get(99, &pre), __WASI_ERRNO_BADF);

  __wasi_fdstat_t fs;
  IS(__wasi_fd_fdstat_get(ROOT, &fs), 0);
  IS(fs.fs_filetype, __WASI_FILETYPE_DIRECTORY);
  IS(fs.fs_rights_base & (__WASI_RIGHTS_PATH_OPEN | __WASI_RIGHTS_FD_READDIR), __WASI_RIGHTS_PATH_OPEN | __WASI_RIGHTS_FD_READDIR);
  IS(fs.fs_rights_inheriting & __WASI_RIGHTS_FD_WRITE, __WASI_RIGHTS_FD_WRITE);
  IS(__wasi_fd_fdstat_get(0, &fs), 0);
  IS(fs.fs_filetype, __WASI_FILETYPE_UNKNOWN);
  IS(fs.fs_rights_base & __WASI_RIGHTS_FD_READ, __WASI_RIGHTS_FD_READ);
  IS(__wasi_fd_fdstat_get(1, &fs), 0);
  IS(fs.fs_rights_base & __WASI_RIGHTS_FD_WRITE, __WASI_RIGHTS_FD_WRITE);
  __wasi_filestat_t st;
  IS(__wasi_fd_filestat_get(2, &st), 0);

  __wasi_fd_t fd;
  __wasi_size_t n;
  __wasi_roflags_t ro;
  __wasi_iovec_t iov = {(uint8_t *)name, 1};
  IS(__wasi_sock_accept(0, 0, &fd), __WASI_ERRNO_NOTSOCK);
  IS(__wasi_sock_accept(99, 0, &fd), __WASI_ERRNO_BADF);
  IS(__wasi_sock_recv(1, &iov, 1, 0, &n, &ro), __WASI_ERRNO_NOTSOCK);
  IS(__wasi_sock_send(1, (const __wasi_ciovec_t *)&iov, 1, 0, &n), __WASI_ERRNO_NOTSOCK);
  IS(__wasi_sock_shutdown(ROOT, __WASI_SDFLAGS_WR), __WASI_ERRNO_NOTSOCK);
  IS(raw_proc_raise(15), __WASI_ERRNO_NOTSUP);
  IS(__wasi_sched_yield(), 0);

  __wasi_timestamp_t res = 0;
  IS(__wasi_clock_res_get(__WASI_CLOCKID_MONOTONIC, &res), 0);
  IS(res > 0, 1);
  IS(__wasi_clock_res_get(__WASI_CLOCKID_PROCESS_CPUTIME_ID, &res), __WASI_ERRNO_BADF);
  IS(__wasi_clock_time_get(9, 1, &res), __WASI_ERRNO_INVAL);
  uint8_t random[64] = {0};
  IS(__wasi_random_get(random, sizeof random), 0);
}

static void polls(void) {
  __wasi_subscription_t subs[2];
  __wasi_event_t events[2];
  __wasi_size_t n = 0;
  IS(__wasi_poll_oneoff(subs, events, 0, &n), __WASI_ERRNO_INVAL);
  /* An absolute monotonic deadline 50 ms on, and an absolute realtime one 20 ms on. */
  __wasi_clockid_t clocks[2] = {__WASI_CLOCKID_MONOTONIC, __WASI_CLOCKID_REALTIME};
  uint64_t waits[2] = {50, 20};
  for (int i = 0; i < 2; i++) {
    memset(subs, 0, sizeof subs);
    subs[0].userdata = 42;
    subs[0].u.tag = __WASI_EVENTTYPE_CLOCK;
    subs[0].u.u.clock.id = clocks[i];
    subs[0].u.u.clock.timeout = now(clocks[i]) + waits[i] * 1000000ull;
    subs[0].u.u.clock.flags = __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME;
    uint64_t t0 = now(__WASI_CLOCKID_MONOTONIC);
    IS(__wasi_poll_oneoff(subs, events, 1, &n), 0);
    IS(n, 1);
    IS(events[0].userdata, 42);
    IS(events[0].type, __WASI_EVENTTYPE_CLOCK);
    IS(now(__WASI_CLOCKID_MONOTONIC) - t0 + 2000000ull >= waits[i] * 1000000ull, 1);
  }
  /* stdout is always writable: it fires before a 10 s timer. */
  memset(subs, 0, sizeof subs);
  subs[0].u.tag = __WASI_EVENTTYPE_CLOCK;
  subs[0].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
  subs[0].u.u.clock.timeout = 10000000000ull;
  subs[1].userdata = 7;
  subs[1].u.tag = __WASI_EVENTTYPE_FD_WRITE;
  subs[1].u.u.fd_write.file_descriptor = 1;
  IS(__wasi_poll_oneoff(subs, events, 2, &n), 0);
  IS(n, 1);
  IS(events[0].userdata, 7);
  IS(events[0].type, __WASI_EVENTTYPE_FD_WRITE);
  IS(events[0].error, 0);
  subs[1].u.u.fd_write.file_descriptor = 99;
  IS(__wasi_poll_oneoff(subs, events, 2, &n), __WASI_ERRNO_BADF);

  /* A file is always readable; at its end the event says hangup. */
  __wasi_fd_t fd = open_file("poll.txt", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, 0);
  __wasi_ciovec_t text = {(const uint8_t *)"abc", 3};
  __wasi_filesize_t pos;
  IS(__wasi_fd_write(fd, &text, 1, &n), 0);
  subs[1].u.tag = __WASI_EVENTTYPE_FD_READ;
  subs[1].u.u.fd_read.file_descriptor = fd;
  IS(__wasi_poll_oneoff(subs, events, 2, &n), 0);
  IS(n == 1 && events[0].type == __WASI_EVENTTYPE_FD_READ, 1);
  IS(events[0].fd_readwrite.flags, __WASI_EVENTRWFLAGS_FD_READWRITE_HANGUP);
  IS(__wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos), 0);
  IS(__wasi_poll_oneoff(subs, events, 2, &n), 0);
  IS(events[0].fd_readwrite.flags, 0);
  IS(events[0].fd_readwrite.nbytes, 1);
  subs[1].u.u.fd_read.file_descriptor = 1;
  IS(__wasi_poll_oneoff(subs, events, 2, &n), __WASI_ERRNO_BADF);
  IS(__wasi_fd_close(fd), 0);
}

/* Poll stdin against a `ms` clock; say which fired; then echo one read. */
static int poll_stdin(uint64_t ms) {
  __wasi_subscription_t subs[2];
  __wasi_event_t events[2];
  __wasi_size_t n = 0;
  memset(subs, 0, sizeof subs);
  subs[0].userdata = 1;
  subs[0].u.tag = __WASI_EVENTTYPE_CLOCK;
  subs[0].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
  subs[0].u.u.clock.timeout = ms * 1000000ull;
  subs[1].userdata = 2;
  subs[1].u.tag = __WASI_EVENTTYPE_FD_READ;
  subs[1].u.u.fd_read.file_descriptor = 0;
  const char *ready = "ready\n";
  __wasi_ciovec_t out = {(const uint8_t *)ready, strlen(ready)};
  if (__wasi_fd_write(1, &out, 1, &n)) return 3;
  if (__wasi_poll_oneoff(subs, events, 2, &n)) return 3;
  printf("%s\n", events[0].userdata == 2 ? "stdin ready" : "timeout");
  if (events[0].userdata != 2) return 0;
  char line[64] = {0};
  __wasi_iovec_t in = {(uint8_t *)line, sizeof line - 1};
  if (__wasi_fd_read(0, &in, 1, &n)) return 3;
  printf("got %s", line);
  return 0;
}

int main(int argc, char **argv) {
  const char *cmd = argc > 1 ? argv[1] : "";
  if (!strcmp(cmd, "pollin")) return poll_stdin(5000);
  if (!strcmp(cmd, "polltimeout")) return poll_stdin(100);
  if (strcmp(cmd, "all")) {
    fputs("usage: p1-calls all|pollin|polltimeout\n", stderr);
    return 2;
  }
  files();
  directories();
  processes_and_sockets();
  polls();
  printf("checks %d failed %d\n", checks, failed);
  return failed ? 1 : 0;
}
