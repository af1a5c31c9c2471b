/*
 * cli.wasm: a multi-tool WASI command selected by argv[1].
 * See ../README.md for the exact output of every sub-command.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

extern char **environ;

#define CHUNK (64 * 1024)
static unsigned char buf[CHUNK];

static void usage(void) {
  fputs("usage: cli <args|env|exit N|echo|count|interleave N|bigout N|sleep MS|"
        "poll N|random N|clock|trap|prompt|cwd|flood [PATH]> [...]\n",
        stderr);
  exit(2);
}

static unsigned long long num_arg(int argc, char **argv) {
  if (argc < 3) usage();
  char *end;
  errno = 0;
  unsigned long long v = strtoull(argv[2], &end, 10);
  if (errno || end == argv[2] || *end) usage();
  return v;
}

/* write() everything, retrying partial writes; exit(3) on error. */
static void write_all(int fd, const void *p, size_t n) {
  const unsigned char *c = p;
  while (n > 0) {
    ssize_t w = write(fd, c, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      exit(3);
    }
    c += w;
    n -= (size_t)w;
  }
}

static uint64_t now_ns(clockid_t id) {
  struct timespec ts;
  if (clock_gettime(id, &ts) != 0) {
    fprintf(stderr, "clock_gettime failed: %s\n", strerror(errno));
    exit(3);
  }
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int cmd_args(int argc, char **argv) {
  for (int i = 0; i < argc; i++) printf("%s\n", argv[i]);
  return 0;
}

static int cmd_env(void) {
  for (char **e = environ; e && *e; e++) printf("%s\n", *e);
  return 0;
}

static int cmd_echo(void) {
  for (;;) {
    ssize_t r = read(0, buf, sizeof buf);
    if (r < 0) {
      if (errno == EINTR) continue;
      fprintf(stderr, "read failed: %s\n", strerror(errno));
      return 3;
    }
    if (r == 0) return 0;
    write_all(1, buf, (size_t)r);
  }
}

static int cmd_count(void) {
  unsigned long long bytes = 0;
  uint32_t sum = 0;
  for (;;) {
    ssize_t r = read(0, buf, sizeof buf);
    if (r < 0) {
      if (errno == EINTR) continue;
      fprintf(stderr, "read failed: %s\n", strerror(errno));
      return 3;
    }
    if (r == 0) break;
    bytes += (unsigned long long)r;
    for (ssize_t i = 0; i < r; i++) sum += buf[i];
  }
  printf("bytes=%llu sum=%lu\n", bytes, (unsigned long)sum);
  return 0;
}

static int cmd_interleave(unsigned long long n) {
  char line[64];
  for (unsigned long long i = 0; i < n; i++) {
    int len = snprintf(line, sizeof line, "out %llu\n", i);
    write_all(1, line, (size_t)len);
    len = snprintf(line, sizeof line, "err %llu\n", i);
    write_all(2, line, (size_t)len);
  }
  return 0;
}

static int cmd_bigout(unsigned long long n) {
  unsigned long long k = 0;
  while (k < n) {
    size_t len = n - k < CHUNK ? (size_t)(n - k) : CHUNK;
    for (size_t i = 0; i < len; i++) buf[i] = (unsigned char)('a' + (k + i) % 26);
    write_all(1, buf, len);
    k += len;
  }
  return 0;
}

static int cmd_sleep(unsigned long long ms) {
  struct timespec req = {.tv_sec = (time_t)(ms / 1000), .tv_nsec = (long)(ms % 1000) * 1000000L};
  uint64_t t0 = now_ns(CLOCK_MONOTONIC);
  while (nanosleep(&req, &req) != 0) {
    if (errno != EINTR) {
      fprintf(stderr, "nanosleep failed: %s\n", strerror(errno));
      return 3;
    }
  }
  uint64_t t1 = now_ns(CLOCK_MONOTONIC);
  printf("slept %llu\n", (unsigned long long)((t1 - t0) / 1000000ull));
  return 0;
}

/*
 * N clock subscriptions with relative timeouts 1..N ms (userdata = index).
 * poll_oneoff is called in a loop with the subscriptions that have not fired
 * yet; their relative timeout is recomputed from the original deadline.
 */
static int cmd_poll(unsigned long long n) {
  if (n == 0) {
    printf("fired 0\n");
    return 0;
  }
  __wasi_subscription_t *subs = calloc(n, sizeof *subs);
  __wasi_event_t *events = calloc(n, sizeof *events);
  uint64_t *deadline = calloc(n, sizeof *deadline);
  unsigned char *fired = calloc(n, 1);
  if (!subs || !events || !deadline || !fired) {
    fputs("out of memory\n", stderr);
    return 3;
  }
  uint64_t start = now_ns(CLOCK_MONOTONIC);
  for (unsigned long long i = 0; i < n; i++) deadline[i] = start + (i + 1) * 1000000ull;
  unsigned long long count = 0;
  int first = 1;
  while (count < n) {
    uint64_t now = first ? start : now_ns(CLOCK_MONOTONIC);
    __wasi_size_t nsubs = 0;
    for (unsigned long long i = 0; i < n; i++) {
      if (fired[i]) continue;
      __wasi_subscription_t *s = &subs[nsubs++];
      memset(s, 0, sizeof *s);
      s->userdata = i;
      s->u.tag = __WASI_EVENTTYPE_CLOCK;
      s->u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
      s->u.u.clock.timeout = first ? (i + 1) * 1000000ull
                                   : (deadline[i] > now ? deadline[i] - now : 0);
      s->u.u.clock.precision = 0;
      s->u.u.clock.flags = 0;
    }
    first = 0;
    __wasi_size_t nevents = 0;
    __wasi_errno_t err = __wasi_poll_oneoff(subs, events, nsubs, &nevents);
    if (err != 0) {
      fprintf(stderr, "poll_oneoff failed: errno %u\n", (unsigned)err);
      return 3;
    }
    for (__wasi_size_t j = 0; j < nevents; j++) {
      __wasi_event_t *e = &events[j];
      if (e->type != __WASI_EVENTTYPE_CLOCK || e->error != 0 || e->userdata >= n) {
        fprintf(stderr, "unexpected event type=%u error=%u userdata=%llu\n",
                (unsigned)e->type, (unsigned)e->error, (unsigned long long)e->userdata);
        return 3;
      }
      if (!fired[e->userdata]) {
        fired[e->userdata] = 1;
        count++;
      }
    }
  }
  printf("fired %llu\n", count);
  return 0;
}

static int cmd_random(unsigned long long n) {
  unsigned char seen[256] = {0};
  int all_zero = 1;
  unsigned long long done = 0;
  static unsigned char rbuf[1024 * 1024];
  while (done < n) {
    size_t len = n - done < sizeof rbuf ? (size_t)(n - done) : sizeof rbuf;
    __wasi_errno_t err = __wasi_random_get(rbuf, (__wasi_size_t)len);
    if (err != 0) {
      fprintf(stderr, "random_get failed: errno %u\n", (unsigned)err);
      return 3;
    }
    for (size_t i = 0; i < len; i++) {
      seen[rbuf[i]] = 1;
      if (rbuf[i]) all_zero = 0;
    }
    done += len;
  }
  int distinct = 0;
  for (int i = 0; i < 256; i++) distinct += seen[i];
  printf("random %llu distinct=%d zero=%d\n", n, distinct, all_zero);
  return 0;
}

static int cmd_clock(void) {
  uint64_t rt = now_ns(CLOCK_REALTIME);
  printf("realtime %llu\n", (unsigned long long)(rt / 1000000ull));
  uint64_t m0 = now_ns(CLOCK_MONOTONIC);
  uint64_t m1 = now_ns(CLOCK_MONOTONIC);
  if (m1 >= m0)
    printf("monotonic-ok\n");
  else
    printf("monotonic-backwards %llu %llu\n", (unsigned long long)m0, (unsigned long long)m1);
  return 0;
}

static int cmd_trap(void) {
  fputs("about to trap\n", stdout);
  fflush(stdout);
  __builtin_trap();
}

static int cmd_prompt(void) {
  fputs("ready\n", stdout);
  fflush(stdout);
  static char line[64 * 1024];
  if (!fgets(line, sizeof line, stdin)) {
    fputs("got-eof\n", stdout);
    return 1;
  }
  size_t len = strlen(line);
  if (len > 0 && line[len - 1] == '\n') line[--len] = 0;
  if (len > 0 && line[len - 1] == '\r') line[--len] = 0;
  printf("got %s\n", line);
  return 0;
}

static int cmd_cwd(void) {
  char path[4096];
  if (!getcwd(path, sizeof path)) {
    printf("getcwd-failed %s\n", strerror(errno));
    return 1;
  }
  printf("%s\n", path);
  return 0;
}

/*
 * flood [PATH]: forever, line "<i>\n" (i = 0, 1, ...) to stdout, one write() each; with PATH,
 * after each line its i is written over PATH's start (20 digits and "\n"), so PATH holds the
 * last line whose write() returned.
 */
static int cmd_flood(int argc, char **argv) {
  int fd = -1;
  if (argc >= 3) {
    fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
      fprintf(stderr, "open %s: %s\n", argv[2], strerror(errno));
      return 3;
    }
  }
  char line[32];
  for (unsigned long long i = 0;; i++) {
    int n = snprintf(line, sizeof line, "%llu\n", i);
    write_all(1, line, (size_t)n);
    if (fd >= 0) {
      n = snprintf(line, sizeof line, "%020llu\n", i);
      if (pwrite(fd, line, (size_t)n, 0) != n) exit(3);
    }
  }
}

int main(int argc, char **argv) {
  if (argc < 2) usage();
  const char *cmd = argv[1];
  if (!strcmp(cmd, "args")) return cmd_args(argc, argv);
  if (!strcmp(cmd, "env")) return cmd_env();
  if (!strcmp(cmd, "exit")) exit((int)num_arg(argc, argv));
  if (!strcmp(cmd, "echo")) return cmd_echo();
  if (!strcmp(cmd, "count")) return cmd_count();
  if (!strcmp(cmd, "interleave")) return cmd_interleave(num_arg(argc, argv));
  if (!strcmp(cmd, "bigout")) return cmd_bigout(num_arg(argc, argv));
  if (!strcmp(cmd, "sleep")) return cmd_sleep(num_arg(argc, argv));
  if (!strcmp(cmd, "poll")) return cmd_poll(num_arg(argc, argv));
  if (!strcmp(cmd, "random")) return cmd_random(num_arg(argc, argv));
  if (!strcmp(cmd, "clock")) return cmd_clock();
  if (!strcmp(cmd, "trap")) return cmd_trap();
  if (!strcmp(cmd, "prompt")) return cmd_prompt();
  if (!strcmp(cmd, "cwd")) return cmd_cwd();
  if (!strcmp(cmd, "flood")) return cmd_flood(argc, argv);
  usage();
}
