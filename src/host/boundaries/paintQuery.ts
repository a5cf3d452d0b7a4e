import type * as vscode from 'vscode';
import type { TokenizerId } from '../../core/tokenizers/tokenizerIds';
import type { TokensInRangeResult } from '../../worker/protocol';
import type { DocumentQuery } from '../documents/documentQuery';
import { DocumentVersion, type DocumentInput, type TrackedDocuments } from '../documents/trackedDocuments';

/** Tokens to paint: one version of a document, one tokenizer, the ranges an editor shows (plus its margin). */
export interface PaintInput extends DocumentInput {
  readonly tokenizer: TokenizerId;
  /** What paints when `tokenizer` (a file) cannot be loaded: the model's `≈` approximation's tokenizer, as for the count. */
  readonly fallback?: TokenizerId;
  /** [start, end) document offsets. */
  readonly ranges: ReadonlyArray<readonly [number, number]>;
}

/** The tokens of visible ranges: one request per (document, version, tokenizer, ranges), so two editors showing the same lines share it. */
export type PaintQuery = DocumentQuery<PaintInput, TokensInRangeResult>;

/** The paint query of the extension: built once, handed to the decorator. */
export function createPaintQuery(tracked: TrackedDocuments): PaintQuery {
  return tracked.query(
    'tokensInRange',
    (input: PaintInput) => ({
      uri: input.at.uri,
      version: input.at.version,
      tokenizer: input.tokenizer,
      ...(input.fallback === undefined ? {} : { fallback: input.fallback }),
      ranges: input.ranges.map(([start, end]): [number, number] => [start, end]),
    }),
    (input) => `${input.tokenizer} ${input.fallback ?? ''} ${JSON.stringify(input.ranges)}`,
  );
}

/** The tokens of `ranges` of `document` as it is now, with `tokenizer` (or `fallback` if it cannot be loaded). */
export function paintInput(document: vscode.TextDocument, tokenizer: TokenizerId, ranges: ReadonlyArray<readonly [number, number]>, fallback?: TokenizerId): PaintInput {
  return fallback === undefined ? { document, at: DocumentVersion.of(document), tokenizer, ranges } : { document, at: DocumentVersion.of(document), tokenizer, fallback, ranges };
}
