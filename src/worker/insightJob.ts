/**
 * The worker's `insight` requests: their text (the current model's block store, cut to the
 * selection) and their work (insightWork.ts), run as long jobs (longJobs.ts). A new request for
 * a document supersedes the running one for the same document.
 */
import { TextPieces } from '../core/insights/textSlices';
import { languageDetectorLoaded, loadLanguageDetector } from '../core/lint/premium/languageDetection';
import type { LoadedTokenizer } from '../core/tokenizers/tokenizerRegistry';
import { insightWork, trimmed } from './insightWork';
import type { LongJobs, Progress } from './longJobs';
import type { InsightParams } from './protocol';
import { errorMessage, fail, type ServerContext } from './serverContext';

export class InsightJobs {
  constructor(
    private readonly context: ServerContext,
    private readonly jobs: LongJobs,
  ) {}

  start(id: number, params: InsightParams): void {
    // The first request with the languages waits for the language detector (loaded once, lazily);
    // requests waiting for it start in the order they came.
    if (params.languages && !languageDetectorLoaded()) {
      loadLanguageDetector().then(
        () => this.start(id, params),
        (err: unknown) => fail(this.context, id, 'failed', `could not load the language detector: ${errorMessage(err)}`),
      );
      return;
    }
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
    this.jobs.start(id, `insight ${params.uri}`, params.uri, work, progress);
  }
}
