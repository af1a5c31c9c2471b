// What a CLI killed outright (SIGKILL, a power cut) leaves behind: its browser profile and
// --dir write-back temporaries. Their names carry the owner (host name and process id), so a
// later run can tell a leftover from the files of a CLI still running, and remove it.
import { hostname } from 'node:os';

/** This process as an owner: `<host>.<pid>` (the host name tells containers sharing /tmp apart). */
export const OWNER = `${hostname().replace(/[^A-Za-z0-9-]/g, '_')}.${process.pid}`;

/** Whether process `pid` of this host is running (EPERM: it is, someone else's). */
function isRunning(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/**
 * Whether `owner` (as OWNER gives it) is a CLI of this host that is no longer running. An owner
 * of another host is never stale: its process cannot be checked from here.
 */
export function isStale(owner) {
  const at = owner.lastIndexOf('.');
  const pid = Number(owner.slice(at + 1));
  if (at < 0 || !Number.isSafeInteger(pid) || pid <= 0) return false;
  return owner.slice(0, at) === OWNER.slice(0, OWNER.lastIndexOf('.')) && !isRunning(pid);
}
