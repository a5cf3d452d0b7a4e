/**
 * Which request the worker is working on right now, in memory the host can read while the
 * worker is stuck in one long synchronous step (a stuck thread can post nothing). The host's
 * watchdog (src/host/platform/workerClient.ts) reads it when the worker stops answering pings, to tell
 * the user which file and which request it gave up on. One Int32: the request id, 0 when the
 * worker is between requests. Writing it costs nanoseconds, so every request and slice marks it.
 */
export class ActivityMark {
  private readonly cell: Int32Array;

  /** `shared` is WorkerData.activity; without it (a server run in-process) the mark is private. */
  constructor(shared?: SharedArrayBuffer) {
    this.cell = new Int32Array(shared ?? new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  }

  /** The request being worked on, 0 between requests. */
  get current(): number {
    return Atomics.load(this.cell, 0);
  }

  /** Runs `work` marked as working on request `id` (0 again after it, whatever happens). */
  workingOn<T>(id: number, work: () => T): T {
    Atomics.store(this.cell, 0, id);
    try {
      return work();
    } finally {
      Atomics.store(this.cell, 0, 0);
    }
  }
}
