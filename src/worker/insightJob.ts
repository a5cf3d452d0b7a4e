/**
 * The worker's `insight` requests as jobs of the slice scheduler, with progress, cancellation
 * and supersession; the numbers themselves come from insightWork.ts. The server hands requests
 * and `cancel` notifications to InsightJobs.
 */
import { TextPieces } from '../core/insights/textSlices';
import type { LoadedTokenizer } from '../core/tokenizers/tokenizerRegistry';
import { insightWork, trimmed, type InsightStep, type Progress } from './insightWork';
import type { ErrorCode, InsightParams, InsightResult } from './protocol';
import { errorMessage, fail, PROGRESS_INTERVAL_MS, type ServerContext } from './serverContext';
import type { SliceJob } from './sliceScheduler';

/**
 * Runs the insight requests, at the scheduler's lowest priority: counts and boundaries go
 * first, and among insight jobs the newest one runs; an older job (of another document) waits
 * until the newer ones end. A new request for a document cancels the running one for the same
 * document: its numbers would be of text the user has moved on from. The first slice runs as
 * the request arrives, so a small text is answered without waiting for a turn of the scheduler.
 */
export class InsightJobs {
  /** Jobs not over yet, by request id. */
  private readonly jobs = new Map<number, InsightJob>();

  constructor(private readonly context: ServerContext) {}

  start(id: number, params: InsightParams): void {
    for (const job of [...this.jobs.values()].filter((j) => j.uri === params.uri)) this.end(job, 'cancelled', `superseded by request ${id}`);
    const { documents, tokenizers } = this.context;
    const doc = documents.get(params.uri);
    if (!doc) return fail(this.context, id, 'unknownDocument', `no mirror of ${params.uri}`);
    if (doc.version < params.version) return fail(this.context, id, 'outOfSync', `asked for version ${params.version}, mirror is at ${doc.version}`);
    let main: LoadedTokenizer;
    let pieces: TextPieces;
    let range: [number, number];
    try {
      main = tokenizers.load(params.tokenizer);
      const store = doc.storeFor(params.tokenizer);
      const length = store.totalsSnapshot.length;
      const start = Math.min(length, Math.max(0, params.range?.[0] ?? 0));
      const end = Math.min(length, Math.max(start, params.range?.[1] ?? length));
      range = [start, end];
      pieces = new TextPieces(start === end ? [] : trimmed(store.alignedRegion(start, end), start, end));
    } catch (err) {
      return fail(this.context, id, 'failed', `could not load ${params.tokenizer}: ${errorMessage(err)}`);
    }
    const progress: Progress = { done: 0, total: 0 };
    const work = insightWork({ params, version: doc.version, range, pieces, main, progress, tokenizers, ...(this.context.pool ? { pool: this.context.pool } : {}) });
    const job = new InsightJob(this.context, id, params.uri, work, progress, () => this.jobs.delete(id));
    this.jobs.set(id, job);
    this.context.scheduler.submit(job);
  }

  /** The host's `cancel`: ends the job with a `cancelled` error; an unknown id is ignored. */
  cancel(id: number): void {
    const job = this.jobs.get(id);
    if (job) this.end(job, 'cancelled', 'cancelled');
  }

  private end(job: InsightJob, code: ErrorCode, message: string): void {
    this.context.scheduler.remove(job);
    job.end(code, message);
  }
}

/** One insight request: its work, and the time and progress it has had so far. */
class InsightJob implements SliceJob {
  readonly priority = 'insight';
  private busyMs = 0;
  private lastProgressAt = -Infinity;
  private over = false;
  /** While the work waits for a helper: posts the progress the helpers make. */
  private waitTicker: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly context: ServerContext,
    readonly requestId: number,
    readonly uri: string,
    private readonly work: Generator<InsightStep, InsightResult>,
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
    if (!context.documents.has(this.uri)) {
      this.end('unknownDocument', `${this.uri} was closed`);
      return true;
    }
    const startedAt = performance.now();
    let step: IteratorResult<InsightStep, InsightResult>;
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
      context.post({ kind: 'response', id, result: { ...step.value, workerMs: this.busyMs } });
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
