/* Force-included (-include) into the Debian programs built for wasm32-wasi (build.sh). They
 * assume a POSIX system; wasi-libc lacks the few functions declared here, which compat.c
 * defines. Nothing in the programs' own sources is changed. */
#ifndef WASI_COMPAT_H
#define WASI_COMPAT_H
#include <sys/types.h>

/* WASI has no owners or permission bits. SQLite copies a database's mode and owner to its
 * journal, its shell's writefile() sets a mode, bzip2 copies the input's mode and owner to the
 * output: compat.c makes these succeed without effect, as there is nothing to set. */
int fchmod(int fd, mode_t mode);
int chmod(const char *path, mode_t mode);
int fchown(int fd, uid_t owner, gid_t group);
uid_t geteuid(void);
uid_t getuid(void);

#endif
