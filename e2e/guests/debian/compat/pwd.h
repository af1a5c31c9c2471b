/* wasi-libc has no <pwd.h>: WASI has no users. SQLite's shell only asks getpwuid() for the
 * home directory (for ~/.sqliterc), then falls back to $HOME; sqlite-wasi.c answers NULL. */
#ifndef SQLITE_WASI_PWD_H
#define SQLITE_WASI_PWD_H
#include <sys/types.h>

struct passwd {
  char *pw_name;
  char *pw_passwd;
  uid_t pw_uid;
  gid_t pw_gid;
  char *pw_gecos;
  char *pw_dir;
  char *pw_shell;
};

struct passwd *getpwuid(uid_t uid);
uid_t getuid(void);

#endif
