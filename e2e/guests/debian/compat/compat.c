/* The POSIX functions the Debian programs call that wasi-libc lacks (see wasi-compat.h). */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include "pwd.h"
#include "wasi-compat.h"

int fchmod(int fd, mode_t mode) { (void)fd; (void)mode; return 0; }
int chmod(const char *path, mode_t mode) { (void)path; (void)mode; return 0; }
int fchown(int fd, uid_t owner, gid_t group) { (void)fd; (void)owner; (void)group; return 0; }
/* Not root (non-zero), so SQLite never tries to chown a journal. */
uid_t geteuid(void) { return 1; }
uid_t getuid(void) { return 1; }
/* No user database: SQLite's shell then takes the home directory from $HOME. */
struct passwd *getpwuid(uid_t uid) { (void)uid; return NULL; }
/* No processes in WASI: SQLite's .system/.shell report that the command could not run. */
int system(const char *command) { errno = ENOSYS; return command ? -1 : 0; }
