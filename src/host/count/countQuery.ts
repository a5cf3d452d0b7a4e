import type * as vscode from 'vscode';
import { countingTokenizer, fallbackTokenizer, needsScriptMix, type ModelInfo } from '../../core/catalog/models';
import type { TokenizerId } from '../../core/tokenizers/tokenizerIds';
import { requestAskFor, requestAskKey, type RequestAsk } from '../../core/requests/requestAsk';
import type { CountResult } from '../../worker/protocol';
import type { DocumentQuery } from '../documents/documentQuery';
import { DocumentVersion, type DocumentInput, type TrackedDocuments } from '../documents/trackedDocuments';

/** A count to ask for: one version of a document, one tokenizer, the selections (none: the whole file only). */
export interface CountInput extends DocumentInput {
  readonly tokenizer: TokenizerId;
  /** What counts when `tokenizer` (a file) cannot be loaded: the model's `≈` approximation (fallbackTokenizer). */
  readonly fallback?: TokenizerId;
  /** Non-empty selections as [start, end) document offsets. */
  readonly selections: ReadonlyArray<readonly [number, number]>;
  /** Ask for the tokens by script too: the model is an approximation calibrated per script (needsScriptMix). */
  readonly scripts?: boolean;
  /** Also count the document as a chat request, should it be one (a JSON document). */
  readonly request?: RequestAsk;
}

/** The counts of documents: one request per (document, version, tokenizer, selections), shared by the status bar and the CodeLens. */
export type CountQuery = DocumentQuery<CountInput, CountResult>;

/** The count query of the extension: built once, handed to the status bar's controller and the CodeLens. */
export function createCountQuery(tracked: TrackedDocuments): CountQuery {
  return tracked.query(
    'count',
    (input: CountInput) => ({
      uri: input.at.uri,
      version: input.at.version,
      tokenizer: input.tokenizer,
      ...(input.fallback === undefined ? {} : { fallback: input.fallback }),
      selections: input.selections.map(([start, end]): [number, number] => [start, end]),
      ...(input.scripts ? { scripts: true } : {}),
      ...(input.request ? { request: input.request } : {}),
    }),
    (input) =>
      `${input.tokenizer} ${input.fallback ?? ''} ${JSON.stringify(input.selections)}${input.scripts ? ' scripts' : ''}${input.request ? ` request ${requestAskKey(input.request)}` : ''}`,
  );
}

/** The count of `document` as it is now, with `tokenizer` (or `fallback` if it cannot be loaded), for `selections` (default: none). */
export function countInput(document: vscode.TextDocument, tokenizer: TokenizerId, selections: ReadonlyArray<readonly [number, number]> = [], fallback?: TokenizerId): CountInput {
  return fallback === undefined
    ? { document, at: DocumentVersion.of(document), tokenizer, selections }
    : { document, at: DocumentVersion.of(document), tokenizer, fallback, selections };
}

/** The count of `document` for `model`: its counting tokenizer, and its approximation's should the tokenizer's file be unusable. */
export function modelCountInput(document: vscode.TextDocument, model: ModelInfo, selections: ReadonlyArray<readonly [number, number]> = []): CountInput {
  const input = countInput(document, countingTokenizer(model), selections, fallbackTokenizer(model));
  return {
    ...input,
    ...(needsScriptMix(model) ? { scripts: true } : {}),
    ...(mayBeRequest(document) ? { request: requestAskFor(model) } : {}),
  };
}

/**
 * Whether a document may hold a chat request: JSON (a request is recognised by its shape, the
 * worker decides). Other languages are never parsed as requests.
 */
export function mayBeRequest(document: vscode.TextDocument): boolean {
  return document.languageId === 'json' || document.languageId === 'jsonc';
}
