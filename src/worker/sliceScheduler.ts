import type { ActivityMark } from './activity';

/**
 * What a job works for, most urgent first: the status bar's count (a keystroke's, and a newly
 * opened file's), then token boundaries and hovers of the visible text, then the insight panel.
 */
export const PRIORITIES = ['count', 'boundaries', 'insight'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Work the scheduler runs in slices of time, reading messages between them. */
export interface SliceJob {
  readonly priority: Priority;
  /** The request the next slice works for, marked for the host's watchdog while it runs. */
  readonly requestId: number;
  /**
   * Works until `performance.now()` passes `deadline` (or less), and says whether the job is
   * over: answered, failed or dropped. Errors are the job's to answer; one thrown here ends
   * the worker, as any bug in a message handler would.
   */
  runSlice(deadline: number): boolean;
}

/**
 * The worker's one scheduler: every request's work (counts, boundaries, insight) runs here, in
 * slices of `sliceMs`, and between two slices the message loop runs, so edits, pings and new
 * requests are read at most one slice late however big the document.
 *
 * A job's first slice runs as its request arrives: the loop is free then (the message is being
 * handled), and a keystroke's count, the visible ranges' boundaries and a small insight are
 * all answered in it without a turn of the loop. A job that needs more slices is queued; each
 * later turn runs one slice of the queued job that matters most: the highest priority, and in
 * one priority the newest job (the user moved on from older ones). So a newly opened file's
 * count goes before any insight slice, and a keystroke's count, run as it arrives, never waits
 * behind more than the one slice already running.
 */
export class SliceScheduler {
  /** Unfinished jobs in the order they were queued (or last touched). */
  private readonly queue: SliceJob[] = [];
  private turnScheduled = false;

  constructor(
    private readonly activity: ActivityMark,
    /** Length of one slice in ms; see tokenizerServer.ts's SLICE_MS for the number. */
    readonly sliceMs: number,
  ) {}

  /** Runs the job's first slice now and queues the job if it is not over. */
  submit(job: SliceJob): void {
    if (!this.runSlice(job)) this.enqueue(job);
  }

  /** Makes a queued job the newest of its priority (a newer request joined it). */
  touch(job: SliceJob): void {
    if (this.remove(job)) this.enqueue(job);
  }

  /** Drops a queued job (cancelled or superseded); false when it was not queued. */
  remove(job: SliceJob): boolean {
    const i = this.queue.indexOf(job);
    if (i < 0) return false;
    this.queue.splice(i, 1);
    return true;
  }

  /** The queued jobs, most urgent first (the order turns will run them in). */
  get queued(): readonly SliceJob[] {
    return PRIORITIES.flatMap((priority) => this.queue.filter((j) => j.priority === priority).reverse());
  }

  private enqueue(job: SliceJob): void {
    this.queue.push(job);
    this.scheduleTurn();
  }

  private scheduleTurn(): void {
    if (this.turnScheduled || this.queue.length === 0) return;
    this.turnScheduled = true;
    // setImmediate runs after the messages that arrived during the slice, never before them.
    setImmediate(() => this.turn());
  }

  /** One slice of the most urgent queued job, then back to the message loop. */
  private turn(): void {
    this.turnScheduled = false;
    const job = this.queued[0];
    if (job && this.runSlice(job)) this.remove(job);
    this.scheduleTurn();
  }

  private runSlice(job: SliceJob): boolean {
    const deadline = performance.now() + this.sliceMs;
    return this.activity.workingOn(job.requestId, () => job.runSlice(deadline));
  }
}
