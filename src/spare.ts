/**
 * One worker started ahead, for the next run in this page: a new worker costs most of a small
 * module's start (fetching and evaluating the worker's script), so once a session ends the
 * next one's worker starts, and is ended if no session takes it within SPARE_IDLE_MS.
 */
import { absolute, startWorker } from './worker-url.ts';

/** How long a spare worker waits for a session before it is ended. */
const SPARE_IDLE_MS = 30_000;

let spare: { key: string; worker: Worker; timer: ReturnType<typeof setTimeout> } | undefined;

function keyOf(workerUrl?: string | URL): string {
  return workerUrl ? absolute(workerUrl) : '';
}

function drop(): void {
  if (!spare) return;
  clearTimeout(spare.timer);
  spare.worker.terminate();
  spare = undefined;
}

/** A worker for a new session: the spare where it was started from the same URL, else a new one. */
export function takeWorker(workerUrl?: string | URL): Worker {
  const key = keyOf(workerUrl);
  if (spare?.key === key) {
    const { worker, timer } = spare;
    clearTimeout(timer);
    spare = undefined;
    return worker;
  }
  return startWorker(workerUrl);
}

/** Start the spare for the next session (a session just ended), unless one is waiting. */
export function keepSpare(workerUrl?: string | URL): void {
  const key = keyOf(workerUrl);
  if (spare?.key === key) return;
  drop();
  const worker = startWorker(workerUrl);
  // A spare that fails to load is not handed out (the session would wait on it forever).
  worker.addEventListener('error', () => spare?.worker === worker && drop());
  spare = { key, worker, timer: setTimeout(drop, SPARE_IDLE_MS) };
}
