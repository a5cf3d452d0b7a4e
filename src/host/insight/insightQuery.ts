import type * as vscode from 'vscode';
import type { TokenizerId } from '../../core/tokenizers/tokenizerIds';
import type { InsightResult } from '../../worker/protocol';
import type { DocumentQuery } from '../documents/documentQuery';
import { DocumentVersion, type DocumentInput, type TrackedDocuments } from '../documents/trackedDocuments';
import type { RequestOptions } from '../platform/workerClient';
import { requestAskKey, type RequestAsk } from '../../core/requests/requestAsk';

/** What the insight panel asks about one version of a document. */
export interface InsightInput extends DocumentInput {
  readonly tokenizer: TokenizerId;
  /** The one selection counted, as [start, end) offsets; undefined: the whole document. */
  readonly range: readonly [number, number] | undefined;
  readonly countWith: readonly TokenizerId[];
  /** Tokenizers whose counts come by script too (InsightParams.scriptMixFor). */
  readonly scriptMixFor: readonly TokenizerId[];
  /** The pair whose disagreements to find; undefined when the panel will not compare them (comparisonRefusal.ts). */
  readonly compare: readonly [TokenizerId, TokenizerId] | undefined;
  readonly topTokens: number;
  /** Also break the text down as a chat request (a JSON document's whole text). */
  readonly request?: RequestAsk;
  /** Also the language of each script's paragraphs (tokenscope.lint.crosslingualPremium). */
  readonly languages?: boolean;
}

/**
 * The insight panel's questions, asked through the one document query: the same question
 * (document version, range, tokenizers) gets the answer already given, so reopening the panel on
 * unchanged text costs nothing instead of a recount (~22 s of worker time on 50 MB). Answers go
 * with the document's close, a new worker, or a change of the settings the panel depends on.
 */
export type InsightQuery = DocumentQuery<InsightInput, InsightResult, RequestOptions>;

export function createInsightQuery(tracked: TrackedDocuments): InsightQuery {
  return tracked.query(
    'insight',
    (input: InsightInput) => ({
      uri: input.at.uri,
      version: input.at.version,
      tokenizer: input.tokenizer,
      range: input.range && [input.range[0], input.range[1]],
      countWith: [...input.countWith],
      scriptMixFor: [...input.scriptMixFor],
      compare: input.compare && [input.compare[0], input.compare[1]],
      topTokens: input.topTokens,
      ...(input.request ? { request: input.request } : {}),
      ...(input.languages ? { languages: true } : {}),
    }),
    insightKey,
    ['model', 'insight', 'fileSize', 'lint'],
  );
}

/**
 * What tells two questions about the same document version apart. Every field counts, the order
 * of `countWith` too (the answer's counts follow it).
 */
export function insightKey(input: Omit<InsightInput, 'document' | 'at'>): string {
  return JSON.stringify([
    input.tokenizer,
    input.range ?? null,
    input.countWith,
    input.scriptMixFor,
    input.compare ?? null,
    input.topTokens,
    input.request ? requestAskKey(input.request) : null,
    input.languages === true,
  ]);
}

/** The question about `document` as it is now. */
export function insightInput(document: vscode.TextDocument, question: Omit<InsightInput, 'document' | 'at'>): InsightInput {
  return { document, at: DocumentVersion.of(document), ...question };
}
