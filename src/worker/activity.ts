import { workerData } from 'node:worker_threads';
import type { WorkerData } from './protocol';

/**
 * Which request the worker is working on right now, in memory the host can read while the
 * worker is stuck in one long synchronous step (a stuck thread can post nothing). The host's
 * watchdog (src/host/platform/workerClient.ts) reads it when the worker stops answering pings, to tell
 * the user which file and which request it gave up on. One Int32: the request id, 0 when the
 * worker is between requests. Writing it costs nanoseconds, so every request and slice marks it.
 */
const activity: Int32Array =
  workerData && (workerData as WorkerData).activity instanceof SharedArrayBuffer ? new Int32Array((workerData as WorkerData).activity) : new Int32Array(1);

/** Runs `work` marked as working on request `id` (0 again after it, whatever happens). */
export function workingOn<T>(id: number, work: () => T): T {
  Atomics.store(activity, 0, id);
  try {
    return work();
  } finally {
    Atomics.store(activity, 0, 0);
  }
}
