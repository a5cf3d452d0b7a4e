/**
 * The tokenizer worker's pool of counting helpers: threads (helperThread.ts) that count
 * whole texts with one tokenizer while the worker itself stays free for keystrokes, boundaries
 * and the insight panel's own numbers. The insight panel's side-by-side counts run here, one
 * tokenizer per helper at a time, so on a machine with spare cores the eight default models
 * are counted side by side instead of one after another; so do the Tokens view's files, in
 * batches.
 *
 * Helpers start when work arrives and stop after IDLE_MS without work (each holds the
 * tokenizers it loaded: tens of MB). A job goes to an idle helper that has its tokenizer
 * loaded if there is one, so a pool of N does not load every tokenizer N times. A helper that
 * crashes, or stays silent for `silenceMs` while it has a job (it posts progress a few times a
 * second while counting), is ended and its job fails with a message that says so; the next
 * job starts a fresh helper.
 */
import type { TokenizerId } from '../core/tokenizers/tokenizerIds';
import type { FromHelper, HelperResult, HelperWork, HelperWorkMap, ToHelper } from './helperProtocol';

/** What the pool needs of a thread (node:worker_threads' Worker, or a test's fake). */
export interface HelperThread {
  postMessage(message: ToHelper): void;
  onMessage(listener: (message: FromHelper) => void): void;
  /** The thread ended: an uncaught error, an exit, or terminate(). */
  onExit(listener: (reason: string) => void): void;
  terminate(): void;
}

export interface HelperPoolOptions {
  /** Starts one helper thread. */
  start: () => HelperThread;
  /** Helpers at most. */
  size: number;
  /** A helper with a job that posts nothing for this long is taken as stuck and ended. */
  silenceMs?: number;
  /** A helper without work for this long is ended, and its memory given back. */
  idleMs?: number;
}

export type PoolCount = HelperWorkMap['countPieces']['result'];

/** A job handed to the pool: its result, and a way to call it off. */
export interface PoolTask<R = PoolCount> {
  readonly result: Promise<R>;
  /** Stops the job (queued or running); its result then rejects with a PoolCancelledError. */
  cancel(): void;
}

/** The job was cancelled before it ended. */
export class PoolCancelledError extends Error {}

/**
 * The helper ran the job and it failed (a tokenizer that cannot be loaded, an error while
 * counting): running it elsewhere would fail the same way. Any other rejection is the thread's
 * fault (it crashed, got stuck, could not start), and the job may be run again elsewhere.
 */
export class HelperJobError extends Error {}

/**
 * Helpers: the pool's default size for this machine, one per core. The worker itself mostly
 * waits while helpers count (a folder count hands it nothing to do; the insight panel's own
 * numbers overlap the helpers' for a few seconds), and on 2 cores two helpers counted a
 * 5,000-file tree 2.0× faster than one (PERFORMANCE.md, "Counting a source tree").
 */
export function defaultPoolSize(availableParallelism: number): number {
  return Math.max(1, Math.min(MAX_HELPERS, availableParallelism));
}

/**
 * Helpers at most by default: each holds a copy of the text it counts and its tokenizers, and
 * beyond four the default insight set (eight models) gains little.
 */
const MAX_HELPERS = 4;
const SILENCE_MS = 30_000;
const IDLE_MS = 60_000;

interface Job {
  readonly id: number;
  readonly tokenizer: TokenizerId;
  readonly message: ToHelper;
  readonly cancelFlag: Int32Array;
  readonly onProgress: (done: number) => void;
  readonly resolve: (result: HelperResult) => void;
  readonly reject: (error: Error) => void;
}

interface Helper {
  readonly thread: HelperThread;
  readonly loaded: Set<TokenizerId>;
  /** The text (a countPieces job's pieces) the helper was told to keep; weak: the pool does not keep it alive. */
  heldText: WeakRef<readonly string[]> | undefined;
  job: Job | undefined;
  /** When the helper last posted anything (or was handed its job). */
  heardAt: number;
  idleTimer: ReturnType<typeof setTimeout> | undefined;
}

export class HelperPool {
  private readonly helpers: Helper[] = [];
  private readonly queue: Job[] = [];
  private nextJob = 1;
  private watchdog: ReturnType<typeof setInterval> | undefined;
  private readonly silenceMs: number;
  private readonly idleMs: number;
  /** Cores kept for the worker's own urgent work (reserveCore): helpers count on the others only. */
  private reserved = 0;
  private loads = 0;
  /** Inside batch(): jobs are queued, none handed out yet. */
  private batching = 0;

  constructor(private readonly options: HelperPoolOptions) {
    this.silenceMs = options.silenceMs ?? SILENCE_MS;
    this.idleMs = options.idleMs ?? IDLE_MS;
  }

  get size(): number {
    return this.options.size;
  }

  /** Helpers running now (busy or idle), for tests and diagnostics. */
  get running(): number {
    return this.helpers.length;
  }

  /**
   * Jobs so far given to a helper that had not loaded their tokenizer, so loaded it: what the
   * pool's choice of helper saves is measured by this (tests, and `npm run bench -- --only=insight`).
   */
  get tokenizerLoads(): number {
    return this.loads;
  }

  /** Counts a text held in `pieces` with `tokenizer`; `onProgress` gets the UTF-16 units counted so far. */
  countPieces(tokenizer: TokenizerId, pieces: readonly string[], scriptMix: boolean, onProgress: (done: number) => void = () => {}): PoolTask {
    return this.run({ kind: 'countPieces', tokenizer, pieces, scriptMix }, onProgress);
  }

  /** Hands `work` to a helper; `onProgress` gets how much of it is done (see FromHelper's `progress`). */
  run<W extends HelperWork>(work: W, onProgress: (done: number) => void = () => {}): PoolTask<HelperWorkMap[W['kind']]['result']> {
    const id = this.nextJob++;
    const cancel = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
    let job!: Job;
    const result = new Promise<HelperWorkMap[W['kind']]['result']>((resolve, reject) => {
      job = {
        id,
        tokenizer: work.tokenizer,
        message: { job: id, work, cancel },
        cancelFlag: new Int32Array(cancel),
        onProgress,
        // The helper answers a job with the result of its kind (helperThread.ts).
        resolve: resolve as (result: HelperResult) => void,
        reject,
      };
    });
    this.queue.push(job);
    this.dispatch();
    return { result, cancel: () => this.cancel(job) };
  }

  /**
   * Runs `queue`, which hands the pool several jobs, and only then hands them to helpers: each
   * job then goes out knowing what else waits (a text sent once to a helper for all its jobs).
   */
  batch<T>(queue: () => T): T {
    this.batching++;
    try {
      return queue();
    } finally {
      this.batching--;
      this.dispatch();
    }
  }

  /**
   * Keeps a core for the worker until the returned function is called: meanwhile at most
   * size − 1 jobs run at once (none in a pool of one), and the others wait in the queue. The
   * insight panel holds it while the worker works out the current model's numbers, which the
   * user waits for first: on 2 cores, two helpers beside the worker made those come at 13.1 s
   * instead of 6.8 s with one (PERFORMANCE.md, "Insight"). A job already running goes on.
   */
  reserveCore(): () => void {
    this.reserved++;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.reserved--;
      this.dispatch();
    };
  }

  /** Ends every helper; queued and running jobs fail. */
  dispose(): void {
    for (const job of this.queue.splice(0)) job.reject(new PoolCancelledError('the counting pool was shut down'));
    for (const helper of [...this.helpers]) this.end(helper, 'the counting pool was shut down');
  }

  private cancel(job: Job): void {
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      job.reject(new PoolCancelledError('cancelled'));
      return;
    }
    // Running: the helper stops at its next slice and answers `cancelled`.
    Atomics.store(job.cancelFlag, 0, 1);
  }

  /** Hands queued jobs to idle helpers, starting helpers up to the pool's size. */
  private dispatch(): void {
    if (this.batching > 0) return;
    while (this.queue.length > 0) {
      if (this.helpers.filter((h) => h.job).length >= this.options.size - this.reserved) return;
      const idle = this.helpers.filter((h) => !h.job);
      // An idle helper that has a queued job's tokenizer loaded takes that job first.
      let pick: { helper: Helper; index: number } | undefined;
      for (const helper of idle) {
        const index = this.queue.findIndex((j) => helper.loaded.has(j.tokenizer));
        if (index >= 0) {
          pick = { helper, index };
          break;
        }
      }
      if (!pick) {
        // No idle helper has a queued job's tokenizer: a job goes to any idle helper, else to a
        // new one while the pool has room. Rather than wait for a busy helper, that one loads
        // the tokenizer; first a job whose tokenizer no helper holds (it must be loaded anyway)
        // over one a busy helper holds (that would be a second copy).
        const helper = idle[0] ?? (this.helpers.length < this.options.size ? this.startHelper() : undefined);
        if (!helper) return;
        const unheld = this.queue.findIndex((j) => !this.helpers.some((h) => h.loaded.has(j.tokenizer)));
        pick = { helper, index: Math.max(0, unheld) };
      }
      const [job] = this.queue.splice(pick.index, 1);
      this.assign(pick.helper, job);
    }
  }

  private assign(helper: Helper, job: Job): void {
    if (helper.idleTimer) clearTimeout(helper.idleTimer);
    helper.idleTimer = undefined;
    helper.job = job;
    helper.heardAt = Date.now();
    if (!helper.loaded.has(job.tokenizer)) this.loads++;
    helper.loaded.add(job.tokenizer);
    this.startWatchdog();
    helper.thread.postMessage(this.messageFor(helper, job));
  }

  /**
   * The job's message for this helper. A countPieces text is sent to a helper once while jobs
   * on it are queued (the insight panel hands the pool all its tokenizers at once): the helper
   * keeps it, and the next job it takes on that text goes without it.
   */
  private messageFor(helper: Helper, job: Job): ToHelper {
    const { work } = job.message;
    if (work.kind !== 'countPieces') return job.message;
    const held = helper.heldText?.deref() === work.pieces;
    const keep = this.queue.some((j) => j.message.work.kind === 'countPieces' && j.message.work.pieces === work.pieces);
    helper.heldText = keep ? new WeakRef(work.pieces) : undefined;
    return {
      ...job.message,
      ...(held ? { work: { ...work, pieces: [] }, textHeld: true } : {}),
      ...(keep ? { keepText: true } : {}),
    };
  }

  private startHelper(): Helper | undefined {
    let thread: HelperThread;
    try {
      thread = this.options.start();
    } catch (err) {
      // Cannot start a thread (out of memory, a broken bundle): the jobs waiting fail now.
      const message = `could not start a counting thread: ${err instanceof Error ? err.message : String(err)}`;
      for (const job of this.queue.splice(0)) job.reject(new Error(message));
      return undefined;
    }
    const helper: Helper = { thread, loaded: new Set(), heldText: undefined, job: undefined, heardAt: Date.now(), idleTimer: undefined };
    this.helpers.push(helper);
    thread.onMessage((message) => this.onMessage(helper, message));
    thread.onExit((reason) => this.onExit(helper, reason));
    return helper;
  }

  private onMessage(helper: Helper, message: FromHelper): void {
    helper.heardAt = Date.now();
    const job = helper.job;
    if (!job || message.job !== job.id) return;
    if (message.kind === 'progress') return job.onProgress(message.done);
    helper.job = undefined;
    if (message.kind === 'done') job.resolve(message.result);
    else if (message.kind === 'cancelled') job.reject(new PoolCancelledError('cancelled'));
    else job.reject(new HelperJobError(message.message));
    this.idle(helper);
    this.dispatch();
  }

  private idle(helper: Helper): void {
    if (helper.job || helper.idleTimer) return;
    helper.idleTimer = setTimeout(() => this.end(helper, 'idle'), this.idleMs);
    helper.idleTimer.unref?.();
  }

  private onExit(helper: Helper, reason: string): void {
    const index = this.helpers.indexOf(helper);
    if (index < 0) return; // ended by the pool, its job already settled
    this.helpers.splice(index, 1);
    if (helper.idleTimer) clearTimeout(helper.idleTimer);
    helper.job?.reject(new Error(`the counting thread ended (${reason})`));
    helper.job = undefined;
    this.dispatch();
  }

  /** Ends a helper; its job, if any, fails with `reason`. */
  private end(helper: Helper, reason: string): void {
    const index = this.helpers.indexOf(helper);
    if (index < 0) return;
    this.helpers.splice(index, 1);
    if (helper.idleTimer) clearTimeout(helper.idleTimer);
    helper.job?.reject(new Error(reason));
    helper.job = undefined;
    helper.thread.terminate();
  }

  /** While any helper has a job, checks every few seconds that it still answers. */
  private startWatchdog(): void {
    if (this.watchdog) return;
    this.watchdog = setInterval(
      () => {
        const now = Date.now();
        for (const helper of [...this.helpers]) {
          if (helper.job && now - helper.heardAt > this.silenceMs) {
            this.end(helper, `the counting thread did not answer for ${Math.round(this.silenceMs / 1000)} s and was stopped`);
          }
        }
        if (!this.helpers.some((h) => h.job)) {
          clearInterval(this.watchdog);
          this.watchdog = undefined;
        }
        this.dispatch();
      },
      Math.max(10, Math.min(5_000, this.silenceMs / 4)),
    );
    this.watchdog.unref?.();
  }
}
