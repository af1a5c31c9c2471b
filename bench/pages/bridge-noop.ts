/**
 * The bridge rows' no-op request: an operation code the library does not use (the bench's host
 * serves nothing else), shared by the page (bridge.ts) and its worker (bridge-worker.ts).
 */
import type { Op } from '../../shared/protocol.ts';

export const NOOP = 0x7fff as Op;
