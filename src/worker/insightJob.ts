/**
 * The worker's `insight` requests: compression, scripts, counts for the side-by-side table and
 * disagreements of one text, computed from the core in slices, with progress, cancellation and
 * supersession. worker.ts hands requests and `cancel` notifications to InsightJobs.
 */
import { CompressionAccumulator } from '../core/insights/compression';
import { DisagreementFinder, type Side } from '../core/insights/disagreements';
import { ScriptAccumulator } from '../core/insights/scripts';
import { SliceCursor, TextPieces } from '../core/insights/textSlices';
import { tokenBytesOf } from '../core/insights/tokenBytes';
import type { TokenizerId } from '../core/tokenizers/tokenizerIds';
import { loadTokenizer, type LoadedTokenizer } from '../core/tokenizers/tokenizerRegistry';
import { tokenByteLengths } from '../core/incremental/tokenSpan';
import { workingOn } from './activity';
import type { DocumentMirror } from './documentMirror';
import type { ErrorCode, InsightParams, InsightResult, WorkerToHost } from './protocol';

/** Most frequent tokens listed at most, whatever the host asks for. */
const MAX_TOP_TOKENS = 1000;

/**
 * Relative cost per UTF-16 unit of each pass, for the progress fraction: token ids with the
 * metrics (1.3 s per 10 MB of the benchmark's mixed corpus) against a count (0.6-0.95 s per
 * 10 MB for the tiktoken encodings and the bundled tokenizer.json files). Only the shape of
 * the progress bar depends on them.
 */
const ENCODE_COST = 1;
const COUNT_COST = 0.7;

export interface InsightHost {
  readonly documents: ReadonlyMap<string, DocumentMirror>;
  post(message: WorkerToHost): void;
  /** Work is done in slices of this many ms, reading messages in between (worker.ts's SLICE_MS). */
  readonly sliceMs: number;
  /** Progress is posted at most this often (worker.ts's PROGRESS_INTERVAL_MS). */
  readonly progressIntervalMs: number;
}

interface Job {
  readonly id: number;
  readonly uri: string;
  readonly work: Generator<InsightResult | void, InsightResult>;
  readonly progress: Progress;
  busyMs: number;
  lastProgressAt: number;
}

/** Work done and to do, in cost units (see ENCODE_COST). */
interface Progress {
  done: number;
  total: number;
}

/**
 * Runs the insight requests. One at a time, the newest first: each turn runs the newest job
 * for one slice of time, then yields to the message queue, so edits, counts and hovers are
 * served between slices; an older job (of another document) waits until the newer ones end.
 * A new request for a document cancels the running one for the same document: its numbers
 * would be of text the user has moved on from. The first slice runs as the request arrives,
 * so a small text is answered without waiting for the scheduler.
 */
export class InsightJobs {
  private readonly jobs: Job[] = [];
  private scheduled = false;

  constructor(private readonly host: InsightHost) {}

  start(id: number, params: InsightParams): void {
    for (const job of this.jobs.filter((j) => j.uri === params.uri)) this.end(job, 'cancelled', `superseded by request ${id}`);
    const doc = this.host.documents.get(params.uri);
    if (!doc) return this.fail(id, 'unknownDocument', `no mirror of ${params.uri}`);
    if (doc.version < params.version) return this.fail(id, 'outOfSync', `asked for version ${params.version}, mirror is at ${doc.version}`);
    let main: LoadedTokenizer;
    let pieces: TextPieces;
    let range: [number, number];
    try {
      main = loadTokenizer(params.tokenizer);
      const store = doc.storeFor(params.tokenizer);
      const length = store.totalsSnapshot.length;
      const start = Math.min(length, Math.max(0, params.range?.[0] ?? 0));
      const end = Math.min(length, Math.max(start, params.range?.[1] ?? length));
      range = [start, end];
      pieces = new TextPieces(start === end ? [] : trimmed(store.alignedRegion(start, end), start, end));
    } catch (err) {
      return this.fail(id, 'failed', `could not load ${params.tokenizer}: ${errorMessage(err)}`);
    }
    const progress: Progress = { done: 0, total: 0 };
    const work = insightWork({ params, version: doc.version, range, pieces, main, progress });
    const job: Job = { id, uri: params.uri, work, progress, busyMs: 0, lastProgressAt: -Infinity };
    this.jobs.push(job);
    this.run(job);
    this.schedule();
  }

  /** The host's `cancel`: ends the job with a `cancelled` error; an unknown id is ignored. */
  cancel(id: number): void {
    const job = this.jobs.find((j) => j.id === id);
    if (job) this.end(job, 'cancelled', 'cancelled');
  }

  private schedule(): void {
    if (this.scheduled || this.jobs.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const newest = this.jobs[this.jobs.length - 1];
      if (newest) this.run(newest);
      this.schedule();
    });
  }

  /** Runs `job` for one slice of time; answers when it is done, else posts progress when due. */
  private run(job: Job): void {
    if (!this.host.documents.has(job.uri)) return this.end(job, 'unknownDocument', `${job.uri} was closed`);
    const startedAt = performance.now();
    const deadline = startedAt + this.host.sliceMs;
    let step: IteratorResult<InsightResult | void, InsightResult>;
    try {
      step = workingOn(job.id, () => {
        let next: IteratorResult<InsightResult | void, InsightResult>;
        do next = job.work.next();
        while (!next.done && !next.value && performance.now() < deadline);
        return next;
      });
    } catch (err) {
      return this.end(job, 'failed', errorMessage(err));
    }
    const now = performance.now();
    job.busyMs += now - startedAt;
    if (step.done) {
      this.remove(job);
      this.host.post({ kind: 'response', id: job.id, result: { ...step.value, workerMs: job.busyMs } });
    } else if (step.value) {
      this.host.post({ kind: 'requestPartial', id: job.id, result: { ...step.value, workerMs: job.busyMs } });
    } else if (now - job.lastProgressAt >= this.host.progressIntervalMs) {
      job.lastProgressAt = now;
      const { done, total } = job.progress;
      this.host.post({ kind: 'requestProgress', id: job.id, fraction: total > 0 ? Math.min(1, done / total) : 0 });
    }
  }

  private end(job: Job, code: ErrorCode, message: string): void {
    this.remove(job);
    this.fail(job.id, code, message);
  }

  private remove(job: Job): void {
    const i = this.jobs.indexOf(job);
    if (i >= 0) this.jobs.splice(i, 1);
  }

  private fail(id: number, code: ErrorCode, message: string): void {
    this.host.post({ kind: 'response', id, error: { code, message } });
  }
}

/** The blocks of an aligned region cut down to [start, end). */
function trimmed(region: { start: number; blocks: readonly string[] }, start: number, end: number): string[] {
  const blocks = [...region.blocks];
  const last = blocks.length - 1;
  const lastStart = region.start + region.blocks.slice(0, last).reduce((n, b) => n + b.length, 0);
  blocks[last] = blocks[last].slice(0, end - lastStart);
  blocks[0] = blocks[0].slice(start - region.start);
  return blocks;
}

interface WorkInput {
  params: InsightParams;
  version: number;
  range: [number, number];
  pieces: TextPieces;
  main: LoadedTokenizer;
  progress: Progress;
}

/**
 * The request's work, yielding after every slice: token ids of the main tokenizer for the
 * compression and script numbers, then a count per other tokenizer, then the disagreements.
 * Every tokenizer reads the text in its own slices (cut where it may cut), so each sees
 * exactly the tokens of the whole text.
 */
/**
 * Texts at least this long get a partial answer (the current model's numbers) as soon as those
 * are known, before the other tokenizers' counts and the comparison: on 50 MB that is ~7 s
 * instead of ~21 s for the panel's default set. Shorter texts are answered whole at once.
 */
const PARTIAL_RESULT_MIN_LENGTH = 1_000_000;

function* insightWork({ params, version, range, pieces, main, progress }: WorkInput): Generator<InsightResult | void, InsightResult> {
  const length = pieces.length;
  const countWith = [...new Set(params.countWith)];
  const others = countWith.filter((id) => id !== params.tokenizer);
  const compare = params.compare && params.compare[0] !== params.compare[1] ? params.compare : undefined;
  progress.total = length * (ENCODE_COST + others.length * COUNT_COST + (compare ? 2 * ENCODE_COST : 0));

  const compression = new CompressionAccumulator(main.tokenizer);
  const scripts = new ScriptAccumulator(tokenBytesOf(main.tokenizer));
  const cursor = new SliceCursor(pieces, main.cutRule);
  for (let slice = cursor.next(); slice !== undefined; slice = cursor.next()) {
    const ids = main.tokenizer.encode(slice);
    compression.add(slice, ids);
    scripts.add(slice, ids);
    progress.done += slice.length * ENCODE_COST;
    yield;
  }
  const compressionStats = compression.result(Math.min(MAX_TOP_TOKENS, Math.max(0, Math.floor(params.topTokens))));
  const scriptStats = scripts.result();
  if (length >= PARTIAL_RESULT_MIN_LENGTH && (others.length > 0 || compare)) {
    yield { uri: params.uri, version, range, compression: compressionStats, scripts: scriptStats, counts: [{ tokenizer: params.tokenizer, tokens: compressionStats.tokens }], workerMs: 0 };
  }

  const counted = new Map<TokenizerId, number>([[params.tokenizer, compressionStats.tokens]]);
  const countErrors: Array<{ tokenizer: TokenizerId; message: string }> = [];
  for (const id of others) {
    const loaded = tryLoad(id);
    if ('error' in loaded) {
      countErrors.push({ tokenizer: id, message: loaded.error });
      progress.done += length * COUNT_COST;
      continue;
    }
    let tokens = 0;
    const slices = new SliceCursor(pieces, loaded.cutRule);
    for (let slice = slices.next(); slice !== undefined; slice = slices.next()) {
      tokens += loaded.tokenizer.count(slice);
      progress.done += slice.length * COUNT_COST;
      yield;
    }
    counted.set(id, tokens);
  }
  const counts = countWith.filter((id) => counted.has(id)).map((tokenizer) => ({ tokenizer, tokens: counted.get(tokenizer)! }));

  const result: InsightResult = {
    uri: params.uri,
    version,
    range,
    compression: compressionStats,
    scripts: scriptStats,
    counts,
    ...(countErrors.length > 0 ? { countErrors } : {}),
    workerMs: 0,
  };
  if (params.compare && !compare) result.disagreements = { spans: [], truncated: false };
  if (compare) {
    const a = tryLoad(compare[0]);
    const b = tryLoad(compare[1]);
    if ('error' in a) result.compareError = `${compare[0]}: ${a.error}`;
    else if ('error' in b) result.compareError = `${compare[1]}: ${b.error}`;
    else result.disagreements = yield* findDisagreements(pieces, { a, b }, progress);
  }
  return result;
}

/** Both tokenizations read side by side (the one behind first) until the end or enough spans. */
function* findDisagreements(pieces: TextPieces, loaded: Record<Side, LoadedTokenizer>, progress: Progress): Generator<void, NonNullable<InsightResult['disagreements']>> {
  const finder = new DisagreementFinder();
  const cursors: Record<Side, SliceCursor> = { a: new SliceCursor(pieces, loaded.a.cutRule), b: new SliceCursor(pieces, loaded.b.cutRule) };
  const startedAt = progress.done;
  while (!finder.truncated) {
    const side = finder.behind;
    const slice = cursors[side].next();
    if (slice === undefined) break; // the side behind is at the end, so both are
    finder.push(side, slice, tokenByteLengths(loaded[side].tokenizer, loaded[side].tokenizer.encode(slice)));
    progress.done = startedAt + (cursors.a.consumed + cursors.b.consumed) * ENCODE_COST;
    yield;
  }
  return finder.result((start, end) => pieces.slice(start, end));
}

function tryLoad(id: TokenizerId): LoadedTokenizer | { error: string } {
  try {
    return loadTokenizer(id);
  } catch (err) {
    return { error: errorMessage(err) };
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
