/* SQLite's choice of VFS for WASI, linked beside the unchanged amalgamation (see build.sh). */
#include "sqlite3.h"

/* Called at the end of sqlite3_initialize() (-DSQLITE_EXTRA_INIT=sqlite_wasi_init).
 * The default "unix" VFS locks with fcntl(F_SETLK), which WASI does not have (wasi-libc's
 * fcntl answers EINVAL, so every database would report SQLITE_IOERR_LOCK). "unix-none" is
 * the same VFS without locking: right for one program owning its database, which is the case
 * in a browser worker; "unix-dotfile" would lock across programs but leaves a stale
 * FILE.lock directory behind whenever a run is aborted. */
int sqlite_wasi_init(const char *unused) {
  (void)unused;
  sqlite3_vfs *vfs = sqlite3_vfs_find("unix-none");
  return vfs ? sqlite3_vfs_register(vfs, 1) : SQLITE_ERROR;
}
