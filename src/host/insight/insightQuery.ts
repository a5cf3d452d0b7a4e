import type * as vscode from 'vscode';
import { InsightAnswerCache } from '../../core/insights/insightAnswerCache';
import type { InsightParams, InsightResult } from '../../worker/protocol';
import type { TrackedDocuments } from '../documents/trackedDocuments';
import { isDesyncError, type WorkerClient } from '../platform/workerClient';

/** How a caller follows one question while the worker works on it. */
export interface InsightQueryOptions {
  readonly token: vscode.CancellationToken;
  readonly onProgress: (fraction: number) => void;
  /** The current model's numbers of a long text, ahead of the rest. */
  readonly onPartial: (partial: InsightResult) => void;
}

/**
 * The insight panel's one way to the worker: asks `insight` questions, and answers a question
 * asked before (same document version, range and tokenizers) from the last answers kept, so
 * reopening the panel on unchanged text costs nothing instead of a recount (~22 s of worker time
 * on 50 MB). This is the one place to switch onto a shared document query.
 */
export class InsightQuery {
  private readonly answers = new InsightAnswerCache<InsightResult>();
  private sent = 0;

  constructor(
    private readonly worker: WorkerClient,
    private readonly sync: TrackedDocuments,
  ) {}

  /** `insight` requests sent to the worker so far (the tests' proof that an answer was reused). */
  get requestsSent(): number {
    return this.sent;
  }

  /**
   * The worker's answer for `document` (kept, or asked for). A desync (the worker's copy of the
   * document went wrong) re-sends the document before the error is thrown on: asking again works.
   */
  async ask(document: vscode.TextDocument, params: InsightParams, options: InsightQueryOptions): Promise<InsightResult> {
    const kept = this.answers.get(params);
    if (kept) return kept;
    this.sync.ensureMirrored(document);
    this.sent++;
    try {
      const result = await this.worker.request('insight', params, options);
      // The worker answers for its current version: keep only what answers the question.
      if (result.version === params.version) this.answers.set(params, result);
      return result;
    } catch (err) {
      if (isDesyncError(err)) this.sync.resend(document);
      throw err;
    }
  }

  /** Forgets the answers about a closed document (reopened, it starts again at version 1). */
  forgetDocument(uri: string): void {
    this.answers.forgetDocument(uri);
  }

  /** Forgets every answer: settings changed (a tokenizer file, say) or the worker restarted. */
  forgetAll(): void {
    this.answers.clear();
  }
}
