/**
 * Requests whose work takes many slices (the insight panel's numbers, a dataset's summary) as
 * jobs of the slice scheduler, with progress, cancellation and supersession. Each request's work
 * is a generator that yields between slices (insightWork.ts, datasetWork.ts); this file runs them
 * the one way: at the scheduler's lowest priority, the newest first, a new request of the same
 * kind for the same document cancelling the older one, its numbers being of text the user has
 * moved on from.
 */
import type { ErrorCode, InsightResult } from './protocol';
import { errorMessage, fail, PROGRESS_INTERVAL_MS, type ServerContext } from './serverContext';
import type { SliceJob } from './sliceScheduler';

/** Work done and to do, in the work's own cost units: only the ratio is reported. */
export interface Progress {
  done: number;
  total: number;
}

/**
 * What a long work yields between two slices: nothing (go on when the scheduler says), a partial
 * answer to post (insight only), or a promise to wait for (a helper's count) before going on.
 */
export type LongStep = InsightResult | void | { wait: Promise<unknown> };

/** What a long request answers: its result, with the worker time it took added. */
export interface LongResult {
  workerMs: number;
}

export class LongJobs {
  /** Jobs not over yet, by request id. */
  private readonly jobs = new Map<number, LongJob<LongResult>>();

  constructor(private readonly context: ServerContext) {}

  /**
   * Runs `work` for request `id`: its first slice now, the rest in later turns. `supersedes`
   * names what it is of (`insight ${uri}`): an unfinished job of the same name is cancelled.
   * `uri`: the document the work reads, whose closing ends the job (none for a file on disk).
   */
  start<R extends LongResult>(id: number, supersedes: string, uri: string | undefined, work: Generator<LongStep, R>, progress: Progress): void {
    for (const job of [...this.jobs.values()].filter((j) => j.supersedes === supersedes)) this.end(job, 'cancelled', `superseded by request ${id}`);
    const job = new LongJob<R>(this.context, id, supersedes, uri, work, progress, () => this.jobs.delete(id));
    this.jobs.set(id, job);
    this.context.scheduler.submit(job);
  }

  /** The host's `cancel`: ends the job with a `cancelled` error; an unknown id is ignored. */
  cancel(id: number): void {
    const job = this.jobs.get(id);
    if (job) this.end(job, 'cancelled', 'cancelled');
  }

  private end(job: LongJob<LongResult>, code: ErrorCode, message: string): void {
    this.context.scheduler.remove(job);
    job.end(code, message);
  }
}

/** One long request: its work, and the time and progress it has had so far. */
class LongJob<R extends LongResult> implements SliceJob {
  readonly priority = 'insight';
  private busyMs = 0;
  private lastProgressAt = -Infinity;
  private over = false;
  /** While the work waits for a helper: posts the progress the helpers make. */
  private waitTicker: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly context: ServerContext,
    readonly requestId: number,
    readonly supersedes: string,
    private readonly uri: string | undefined,
    private readonly work: Generator<LongStep, R>,
    private readonly progress: Progress,
    private readonly onOver: () => void,
  ) {}

  /** Answers with an error and forgets the job (the scheduler must not hold it); the helpers' counts stop. */
  end(code: ErrorCode, message: string): void {
    this.finish();
    fail(this.context, this.requestId, code, message);
    try {
      this.work.return(undefined as never);
    } catch {
      // The work had already failed; nothing is left to stop.
    }
  }

  private finish(): void {
    this.over = true;
    this.stopTicker();
    this.onOver();
  }

  private stopTicker(): void {
    if (this.waitTicker) clearInterval(this.waitTicker);
    this.waitTicker = undefined;
  }

  /**
   * Runs the work until `deadline`; answers when it is done, else posts a partial or progress
   * when due. Work that waits for a helper's count leaves the scheduler (over for it) and is
   * submitted again when the count arrives, so a waiting job costs no turns.
   */
  runSlice(deadline: number): boolean {
    const { context, requestId: id } = this;
    if (this.over) return true;
    if (this.uri !== undefined && !context.documents.has(this.uri)) {
      this.end('unknownDocument', `${this.uri} was closed`);
      return true;
    }
    const startedAt = performance.now();
    let step: IteratorResult<LongStep, R>;
    try {
      do step = this.work.next();
      while (!step.done && !step.value && performance.now() < deadline);
    } catch (err) {
      this.end('failed', errorMessage(err));
      return true;
    }
    const now = performance.now();
    this.busyMs += now - startedAt;
    if (step.done) {
      this.finish();
      context.post({ kind: 'response', id, result: { ...step.value, workerMs: this.busyMs } as never });
      return true;
    }
    const value = step.value;
    if (value && 'wait' in value) {
      const resume = () => {
        this.stopTicker();
        if (!this.over) context.scheduler.submit(this);
      };
      value.wait.then(resume, resume);
      this.postProgress(now);
      this.waitTicker ??= setInterval(() => this.postProgress(performance.now()), PROGRESS_INTERVAL_MS);
      return true;
    }
    if (value) context.post({ kind: 'requestPartial', id, result: { ...value, workerMs: this.busyMs } });
    else this.postProgress(now);
    return false;
  }

  private postProgress(now: number): void {
    if (now - this.lastProgressAt < PROGRESS_INTERVAL_MS) return;
    this.lastProgressAt = now;
    const { done, total } = this.progress;
    this.context.post({ kind: 'requestProgress', id: this.requestId, fraction: total > 0 ? Math.min(1, done / total) : 0 });
  }
}
