import { chooseTokenizer } from '../core/tokenizers/tokenizerFallback';
import type { TokenizerId } from '../core/tokenizers/tokenizerIds';
import type { TokenizerRegistry } from '../core/tokenizers/tokenizerRegistry';
import type { DocumentMirror } from './documentMirror';
import type { ErrorCode, WorkerToHost } from './protocol';
import type { HelperPool } from './helperPool';
import type { SliceScheduler } from './sliceScheduler';

/**
 * How often a long job reports progress: a count for the status bar's percentage, an insight
 * for the panel's bar (`requestProgress`).
 */
export const PROGRESS_INTERVAL_MS = 250;

/**
 * What the server's request handlers share (tokenizerServer.ts builds it once): the mirrors,
 * the tokenizers, the one scheduler and the way to the host. Only the server changes `documents`.
 */
export interface ServerContext {
  readonly documents: ReadonlyMap<string, DocumentMirror>;
  readonly tokenizers: TokenizerRegistry;
  readonly scheduler: SliceScheduler;
  /** Threads that count whole texts beside the worker; without it (a server run in a test) the worker counts them itself. */
  readonly pool?: HelperPool;
  /** Sends a message to the host; `transfer` lists buffers made for this message alone. */
  post(message: WorkerToHost, transfer?: ArrayBuffer[]): void;
}

/** Answers request `id` with an error. */
export function fail(context: ServerContext, id: number, code: ErrorCode, message: string): void {
  context.post({ kind: 'response', id, error: { code, message } });
}

/**
 * The mirror's store for a request, with the tokenizer it is of (the one asked for, or its
 * `fallback` when that cannot be loaded: chooseTokenizer), or undefined after failing the request.
 */
export function storeForRequest(context: ServerContext, id: number, params: { uri: string; version: number; tokenizer: TokenizerId; fallback?: TokenizerId }) {
  const doc = context.documents.get(params.uri);
  if (!doc) return void fail(context, id, 'unknownDocument', `no mirror of ${params.uri}`);
  if (doc.version < params.version) return void fail(context, id, 'outOfSync', `asked for version ${params.version}, mirror is at ${doc.version}`);
  try {
    const { tokenizer } = chooseTokenizer((t) => context.tokenizers.load(t), params.tokenizer, params.fallback);
    return { version: doc.version, store: doc.storeFor(tokenizer), tokenizer };
  } catch (err) {
    return void fail(context, id, 'failed', `could not load ${params.tokenizer}: ${errorMessage(err)}`);
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
