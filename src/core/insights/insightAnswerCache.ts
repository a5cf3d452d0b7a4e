import type { TokenizerId } from '../tokenizers/tokenizerIds';

/** What an `insight` request asks the worker (its InsightParams have these fields). */
export interface InsightQuestion {
  readonly uri: string;
  readonly version: number;
  readonly tokenizer: TokenizerId;
  readonly range?: readonly [number, number];
  readonly countWith: readonly TokenizerId[];
  readonly compare?: readonly [TokenizerId, TokenizerId];
  readonly topTokens: number;
}

/**
 * Answers kept: the documents a user switches between with the panel open, and the one it was
 * closed on. An answer is small (at most 500 disagreement spans, 20 top tokens, a row per
 * script: tens of KB), so 8 of them cost well under a megabyte, while each one saves a whole
 * recount: ~22 s of worker time for a 50 MB document.
 */
const DEFAULT_CAPACITY = 8;

/**
 * The same question means the same text (a document's version changes with every edit) cut by
 * the same tokenizers, so the same answer. Every field counts, the order of `countWith` too
 * (the answer's counts follow it).
 */
export function insightQuestionKey(q: InsightQuestion): string {
  return JSON.stringify([q.uri, q.version, q.tokenizer, q.range ?? null, q.countWith, q.compare ?? null, q.topTokens]);
}

/**
 * The worker's last few complete answers by question, least recently used dropped first. What
 * the key cannot see is the caller's to report: a document closed (a reopened document starts
 * again at version 1, perhaps with other text) with `forgetDocument`, anything that may change
 * how a tokenizer cuts (settings, a restarted worker) with `clear`.
 */
export class InsightAnswerCache<A> {
  private readonly entries = new Map<string, { readonly uri: string; readonly answer: A }>();

  constructor(private readonly capacity: number = DEFAULT_CAPACITY) {}

  /** The answer to `question`, if kept (it becomes the most recently used). */
  get(question: InsightQuestion): A | undefined {
    const key = insightQuestionKey(question);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.answer;
  }

  set(question: InsightQuestion, answer: A): void {
    const key = insightQuestionKey(question);
    this.entries.delete(key);
    this.entries.set(key, { uri: question.uri, answer });
    // A Map iterates in insertion order: the first key is the least recently used.
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  /** Drops every answer about the document `uri`. */
  forgetDocument(uri: string): void {
    for (const [key, entry] of this.entries) if (entry.uri === uri) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
