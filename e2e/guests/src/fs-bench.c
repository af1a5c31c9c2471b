/*
 * fs-bench.wasm: the filesystem benchmark's guest (bench/rows/filesystem.mjs). Each sub-command
 * times its own loop with the monotonic clock and prints "us N" (microseconds), so startup is
 * not counted. Buffers are static: no malloc (see ../README.md on cabi_realloc).
 *
 *   seqwrite FILE MIB     MIB pwrites of 1 MiB each at increasing offsets, then fsync
 *   seqread FILE          preads of 1 MiB until the end
 *   streamwrite FILE MIB  write() of 1 MiB buffers (the adapter splits them into 4 KiB calls)
 *   streamread FILE       read() of 1 MiB buffers until the end
 *   randread FILE N       N preads of 4 KiB at pseudo-random 4 KiB-aligned offsets
 *   smallfiles DIR N      N files of 100 bytes created, the directory listed, each stat'ed, each removed
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MIB (1 << 20)
static unsigned char buf[MIB];

static uint64_t now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static int fail(const char *what) {
  perror(what);
  return 1;
}

static int seqwrite(const char *path, int mib, int stream) {
  for (int i = 0; i < MIB; i++) buf[i] = (unsigned char)(i * 13);
  int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
  if (fd < 0) return fail("open");
  uint64_t t0 = now_us();
  for (int i = 0; i < mib; i++) {
    buf[0] = (unsigned char)i;
    ssize_t n = stream ? write(fd, buf, MIB) : pwrite(fd, buf, MIB, (off_t)i * MIB);
    if (n != MIB) return fail("write");
  }
  if (fsync(fd) != 0) return fail("fsync");
  uint64_t t1 = now_us();
  close(fd);
  printf("us %llu\n", (unsigned long long)(t1 - t0));
  return 0;
}

static int seqread(const char *path, int stream) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return fail("open");
  uint64_t total = 0, sum = 0;
  uint64_t t0 = now_us();
  for (;;) {
    ssize_t n = stream ? read(fd, buf, MIB) : pread(fd, buf, MIB, (off_t)total);
    if (n < 0) return fail("read");
    if (n == 0) break;
    total += (uint64_t)n;
    sum += buf[0];
  }
  uint64_t t1 = now_us();
  close(fd);
  printf("us %llu\nbytes %llu sum %llu\n", (unsigned long long)(t1 - t0), (unsigned long long)total, (unsigned long long)sum);
  return 0;
}

static int randread(const char *path, int count) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return fail("open");
  struct stat st;
  if (fstat(fd, &st) != 0) return fail("fstat");
  uint64_t blocks = (uint64_t)st.st_size / 4096, x = 88172645463325252ull, sum = 0;
  uint64_t t0 = now_us();
  for (int i = 0; i < count; i++) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    if (pread(fd, buf, 4096, (off_t)((x % blocks) * 4096)) != 4096) return fail("pread");
    sum += buf[1];
  }
  uint64_t t1 = now_us();
  close(fd);
  printf("us %llu\nsum %llu\n", (unsigned long long)(t1 - t0), (unsigned long long)sum);
  return 0;
}

static int smallfiles(const char *dir, int count) {
  char path[512];
  memset(buf, 's', 100);
  mkdir(dir, 0755);
  uint64_t t0 = now_us();
  for (int i = 0; i < count; i++) {
    snprintf(path, sizeof path, "%s/f%05d", dir, i);
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    if (fd < 0) return fail("open");
    if (write(fd, buf, 100) != 100) return fail("write");
    close(fd);
  }
  DIR *d = opendir(dir);
  if (!d) return fail("opendir");
  int listed = 0;
  while (readdir(d)) listed++;
  closedir(d);
  struct stat st;
  for (int i = 0; i < count; i++) {
    snprintf(path, sizeof path, "%s/f%05d", dir, i);
    if (stat(path, &st) != 0 || st.st_size != 100) return fail("stat");
  }
  for (int i = 0; i < count; i++) {
    snprintf(path, sizeof path, "%s/f%05d", dir, i);
    if (unlink(path) != 0) return fail("unlink");
  }
  uint64_t t1 = now_us();
  rmdir(dir);
  printf("us %llu\nlisted %d\n", (unsigned long long)(t1 - t0), listed);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fputs("usage: fs-bench seqwrite|seqread|streamwrite|streamread|randread|smallfiles PATH [N]\n", stderr);
    return 2;
  }
  const char *cmd = argv[1], *path = argv[2];
  int n = argc > 3 ? atoi(argv[3]) : 0;
  if (!strcmp(cmd, "seqwrite")) return seqwrite(path, n, 0);
  if (!strcmp(cmd, "streamwrite")) return seqwrite(path, n, 1);
  if (!strcmp(cmd, "seqread")) return seqread(path, 0);
  if (!strcmp(cmd, "streamread")) return seqread(path, 1);
  if (!strcmp(cmd, "randread")) return randread(path, n);
  if (!strcmp(cmd, "smallfiles")) return smallfiles(path, n);
  fputs("unknown sub-command\n", stderr);
  return 2;
}
