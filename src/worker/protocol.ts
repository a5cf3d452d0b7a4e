/**
 * The one protocol between the extension host and the tokenizer worker, imported by both.
 *
 * Documents are mirrored like LSP incremental sync: `open` carries the full text once, then
 * `change` carries only VS Code's contentChanges, tagged with the document version. Every
 * answer names the version it is for, so the host can drop stale ones.
 */
import type { TokenizerId } from '../core/tokenizerIds';
import type { TextEdit } from '../core/blockStore';
import type { TokenSpan } from '../core/tokenSpan';

export interface CountParams {
  uri: string;
  /** The version the host is asking about (the worker answers for its current one). */
  version: number;
  /** The exact tokenizer to count with (an approximate model's base tokenizer). */
  tokenizer: TokenizerId;
  /** Non-empty selections as [start, end) document offsets. */
  selections: Array<[number, number]>;
}

export interface CountResult {
  uri: string;
  version: number;
  tokenizer: TokenizerId;
  tokens: number;
  chars: number;
  bytes: number;
  /** Sum of the selections' counts, each selection tokenized on its own; absent without selections. */
  selectionTokens?: number;
  /** Time spent in the worker for this answer, for the benchmark and diagnostics. */
  workerMs: number;
}

export interface TokensInRangeParams {
  uri: string;
  /** The version the host is asking about (the worker answers for its current one). */
  version: number;
  tokenizer: TokenizerId;
  /**
   * [start, end) document offsets: the visible ranges plus a margin. Only the blocks that
   * overlap them are tokenized, so a 50 MB document costs what its visible part costs.
   */
  ranges: Array<[number, number]>;
}

export interface TokensInRangeResult {
  uri: string;
  version: number;
  tokenizer: TokenizerId;
  /** One per range asked for, in the same order; their typed arrays are transferred. */
  spans: TokenSpan[];
  workerMs: number;
}

export interface TokenDetailsParams {
  uri: string;
  version: number;
  tokenizer: TokenizerId;
  /** Document offset of the character under the mouse. */
  offset: number;
}

export interface TokenDetail {
  id: number;
  /** Index of the token in the document; -1 while text before it is still being counted. */
  index: number;
  /** Document offset of the character holding the token's first byte. */
  start: number;
  /** The token's UTF-8 bytes (part of a character when a character is split between tokens). */
  bytes: Uint8Array;
}

export interface TokenDetailsResult {
  uri: string;
  version: number;
  tokenizer: TokenizerId;
  /** The display segment under the offset, [start, end), and each token it holds. */
  start: number;
  end: number;
  tokens: TokenDetail[];
}

/** Requests: the host awaits a result. */
export interface RequestMap {
  count: { params: CountParams; result: CountResult };
  tokensInRange: { params: TokensInRangeParams; result: TokensInRangeResult };
  tokenDetails: { params: TokenDetailsParams; result: TokenDetailsResult };
}
export type RequestMethod = keyof RequestMap;

/** Notifications from host to worker: fire and forget, applied in order. */
export type HostNotification =
  | { kind: 'open'; uri: string; version: number; text: string }
  | {
      kind: 'change';
      uri: string;
      version: number;
      changes: TextEdit[];
      /** Document length after the changes: the worker checks its mirror against it. */
      length: number;
    }
  | { kind: 'close'; uri: string };

export type HostToWorker =
  | { [M in RequestMethod]: { kind: 'request'; id: number; method: M; params: RequestMap[M]['params'] } }[RequestMethod]
  | HostNotification;

export type ErrorCode =
  /** The worker has no mirror of this document (a restarted worker, or a missed open): send `open`. */
  | 'unknownDocument'
  /** The mirror does not match the host's document (version gap or length mismatch): send `open`. */
  | 'outOfSync'
  /** Tokenizing failed (the message says why). */
  | 'failed';

export type WorkerToHost =
  | { kind: 'ready' }
  | { kind: 'response'; id: number; result: RequestMap[RequestMethod]['result'] }
  | { kind: 'response'; id: number; error: { code: ErrorCode; message: string } }
  | { kind: 'progress'; uri: string; version: number; tokenizer: TokenizerId; fraction: number }
  /** A mirror broke (e.g. a change that did not fit): the host should re-send `open`. */
  | { kind: 'desync'; uri: string; message: string };
