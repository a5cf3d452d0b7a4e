import type { BlockStore } from '../core/incremental/blockStore';
import { addMix, emptyMix } from '../core/text/scriptClasses';
import { chooseTokenizer, type TokenizerChoice } from '../core/tokenizers/tokenizerFallback';
import type { TokenizerId } from '../core/tokenizers/tokenizerIds';
import type { CountParams, CountResult } from './protocol';
import { RequestTotals } from './requestTotals';
import { errorMessage, fail, PROGRESS_INTERVAL_MS, storeForRequest, type ServerContext } from './serverContext';
import type { SliceJob } from './sliceScheduler';

interface Waiting {
  readonly id: number;
  readonly params: CountParams;
  /** The tokenizer that serves it: the one asked for, or its fallback. */
  readonly choice: TokenizerChoice;
}

/**
 * The `count` requests. A keystroke leaves a block or two to count: its first slice, run as
 * the request arrives, answers it. Only work longer than one slice (a newly opened big file)
 * stays queued, as one job per document and tokenizer that every request for that store joins;
 * when the store is counted, all of them are answered.
 */
export class CountRequests {
  /** Unfinished jobs by `${uri}\n${tokenizer}`. */
  private readonly jobs = new Map<string, CountJob>();
  private lastProgressAt = 0;
  private readonly requests: RequestTotals;

  constructor(private readonly context: ServerContext) {
    this.requests = new RequestTotals(context.tokenizers);
  }

  start(id: number, params: CountParams): void {
    // A missing mirror first: the host re-sends the document and asks again.
    if (!this.context.documents.has(params.uri)) return fail(this.context, id, 'unknownDocument', `no mirror of ${params.uri}`);
    let choice: TokenizerChoice;
    try {
      choice = chooseTokenizer((tokenizer) => this.context.tokenizers.load(tokenizer), params.tokenizer, params.fallback);
    } catch (err) {
      return fail(this.context, id, 'failed', `could not load ${params.tokenizer}: ${errorMessage(err)}`);
    }
    if (!storeForRequest(this.context, id, { ...params, tokenizer: choice.tokenizer })) return;
    const key = `${params.uri}\n${choice.tokenizer}`;
    let job = this.jobs.get(key);
    if (job) this.context.scheduler.remove(job);
    else {
      job = new CountJob(this.context, this, params.uri, choice.tokenizer, () => this.jobs.delete(key));
      this.jobs.set(key, job);
    }
    job.waiting.push({ id, params, choice });
    // Joined or new, its next slice runs now, and it is queued as the newest count if unfinished.
    this.context.scheduler.submit(job);
  }

  /** A progress message for a long count, at most every PROGRESS_INTERVAL_MS over all counts. */
  progress(uri: string, version: number, tokenizer: TokenizerId, store: BlockStore, now: number): void {
    if (now - this.lastProgressAt <= PROGRESS_INTERVAL_MS) return;
    this.lastProgressAt = now;
    const { uncounted } = store.totalsSnapshot;
    this.context.post({ kind: 'progress', uri, version, tokenizer, fraction: 1 - uncounted / Math.max(1, store.blockCount) });
  }

  /** Counts whatever is left (an edit since the last slice) and answers with the totals. */
  answer({ id, params, choice }: Waiting, startedAt: number): void {
    const doc = this.context.documents.get(params.uri);
    if (!doc) return fail(this.context, id, 'unknownDocument', `${params.uri} was closed`);
    try {
      const store = doc.storeFor(choice.tokenizer);
      store.countPending();
      const totals = store.totalsSnapshot;
      const result: CountResult = {
        uri: params.uri,
        version: doc.version,
        tokenizer: choice.tokenizer,
        ...(choice.fellBack ? { fellBack: choice.fellBack } : {}),
        tokens: totals.tokens,
        chars: totals.chars,
        bytes: totals.bytes,
        workerMs: 0,
      };
      if (params.selections.length > 0) {
        result.selectionTokens = params.selections.reduce((sum, [s, e]) => sum + store.countRange(s, e), 0);
      }
      if (params.request) {
        const request = this.requests.totalOf(params.uri, doc.version, choice.tokenizer, params.request, () => store.getText());
        if (request) result.request = request;
      }
      if (params.scripts) {
        result.scriptMix = store.scriptMix();
        if (params.selections.length > 0) {
          const mix = emptyMix();
          for (const [s, e] of params.selections) addMix(mix, store.scriptMixRange(s, e));
          result.selectionScriptMix = mix;
        }
      }
      result.workerMs = performance.now() - startedAt;
      this.context.post({ kind: 'response', id, result });
    } catch (err) {
      fail(this.context, id, 'failed', errorMessage(err));
    }
  }
}

/** Counting one document's store for the requests waiting on it. */
class CountJob implements SliceJob {
  readonly priority = 'count';
  readonly waiting: Waiting[] = [];

  constructor(
    private readonly context: ServerContext,
    private readonly counts: CountRequests,
    private readonly uri: string,
    private readonly tokenizer: TokenizerId,
    private readonly onOver: () => void,
  ) {}

  /** The newest request waiting: the one the user is waiting for. */
  get requestId(): number {
    return this.waiting[this.waiting.length - 1]?.id ?? 0;
  }

  runSlice(deadline: number): boolean {
    const startedAt = performance.now();
    const doc = this.context.documents.get(this.uri);
    let done = true;
    let error: unknown;
    if (doc) {
      try {
        const store = doc.storeFor(this.tokenizer);
        done = store.countPending(deadline);
        if (!done) this.counts.progress(this.uri, doc.version, this.tokenizer, store, startedAt);
      } catch (err) {
        error = err;
      }
    }
    if (!done) return false;
    this.onOver();
    // A closed document is answered `unknownDocument` by answer().
    for (const waiting of this.waiting.splice(0)) {
      if (error) fail(this.context, waiting.id, 'failed', errorMessage(error));
      else this.counts.answer(waiting, startedAt);
    }
    return true;
  }
}
