/**
 * The one protocol between the extension host and the tokenizer worker, imported by both.
 *
 * Documents are mirrored like LSP incremental sync: `open` carries the full text once, then
 * `change` carries only VS Code's contentChanges, tagged with the document version. Every
 * answer names the version it is for, so the host can drop stale ones.
 */
import type { EncodingName } from '../core/encodings';
import type { TextEdit } from '../core/blockStore';

export interface CountParams {
  uri: string;
  /** The version the host is asking about (the worker answers for its current one). */
  version: number;
  encoding: EncodingName;
  /** Non-empty selections as [start, end) document offsets. */
  selections: Array<[number, number]>;
}

export interface CountResult {
  uri: string;
  version: number;
  encoding: EncodingName;
  tokens: number;
  chars: number;
  bytes: number;
  /** Sum of the selections' counts, each selection tokenized on its own; absent without selections. */
  selectionTokens?: number;
  /** Time spent in the worker for this answer, for the benchmark and diagnostics. */
  workerMs: number;
}

/** Requests: the host awaits a result. */
export interface RequestMap {
  count: { params: CountParams; result: CountResult };
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
  | { kind: 'progress'; uri: string; version: number; encoding: EncodingName; fraction: number }
  /** A mirror broke (e.g. a change that did not fit): the host should re-send `open`. */
  | { kind: 'desync'; uri: string; message: string };
