/* Force-included (-include) into the SQLite amalgamation after compat/wasi-compat.h.
 * WASI has no POSIX advisory (fcntl) locks, and wasi-libc declares struct flock but none of
 * the lock commands. These constants only let os_unix.c's "unix" VFS compile; sqlite-wasi.c
 * makes "unix-none" the default VFS, so they are never passed to fcntl. */
#ifndef SQLITE_WASI_H
#define SQLITE_WASI_H
#include <fcntl.h>
#ifndef F_RDLCK
#define F_RDLCK 0
#define F_WRLCK 1
#define F_UNLCK 2
#define F_GETLK 5
#define F_SETLK 6
#define F_SETLKW 7
#endif
#endif
