/**
 * The one protocol between the extension host and the tokenizer worker, imported by both.
 *
 * Documents are mirrored like LSP incremental sync: `open` carries the full text once, then
 * `change` carries only VS Code's contentChanges, tagged with the document version. Every
 * answer names the version it is for, so the host can drop stale ones.
 */
import type { ThreadData } from './threadStart';
import type { TokenizerId } from '../core/tokenizers/tokenizerIds';
import type { TokenizerFallback } from '../core/tokenizers/tokenizerFallback';
import type { TextEdit } from '../core/incremental/blockStore';
import type { CompressionStats, Disagreement, ScriptStats } from '../core/insights/insightTypes';
import type { TokenSpan } from '../core/incremental/tokenSpan';
import type { FileTokens } from '../core/workspace/fileTokens';
import type { RequestAsk } from '../core/requests/requestAsk';
import type { DatasetSummary } from '../core/datasets/datasetSummary';
import type { RequestBreakdown, RequestTotal } from '../core/requests/requestTypes';
import type { DocumentFinding, LintRuleId } from '../core/lint/lintTypes';
import type { ParagraphLanguage, ScriptLanguage } from '../core/lint/premium/languageDetection';

export interface CountParams {
  uri: string;
  /** The version the host is asking about (the worker answers for its current one). */
  version: number;
  /** The exact tokenizer to count with (an approximate model's base tokenizer). */
  tokenizer: TokenizerId;
  /**
   * What to count with when `tokenizer` cannot be loaded (a tokenizer file gone missing or
   * broken): the model's `≈` approximation's base. The answer then says so (`fellBack`).
   */
  fallback?: TokenizerId;
  /** Non-empty selections as [start, end) document offsets. */
  selections: Array<[number, number]>;
  /**
   * Also answer how the tokens fall into scripts (`scriptMix`, and `selectionScriptMix` with
   * selections): the model's count is an approximation calibrated per script.
   */
  scripts?: boolean;
  /**
   * Also count the document as a chat request (`request`), when it is one: JSON of a request's
   * shape, up to REQUEST_MAX_CHARS. The host asks for JSON documents only.
   */
  request?: RequestAsk;
}

export interface CountResult {
  uri: string;
  version: number;
  /** The tokenizer counted with: the one asked for, or its fallback (then `fellBack` says why). */
  tokenizer: TokenizerId;
  /** Present when the tokenizer asked for could not be loaded and the fallback counted instead. */
  fellBack?: TokenizerFallback;
  tokens: number;
  chars: number;
  bytes: number;
  /** Sum of the selections' counts, each selection tokenized on its own; absent without selections. */
  selectionTokens?: number;
  /** With `scripts`: `tokens` by script class (core/text/scriptClasses.ts). */
  scriptMix?: number[];
  /** With `scripts` and selections: `selectionTokens` by script class. */
  selectionScriptMix?: number[];
  /** With `request`, when the text is a chat request: its total as the provider bills it (counted with `tokenizer`, unscaled). */
  request?: RequestTotal;
  /** Time spent in the worker for this answer, for the benchmark and diagnostics. */
  workerMs: number;
}

export interface TokensInRangeParams {
  uri: string;
  /** The version the host is asking about (the worker answers for its current one). */
  version: number;
  tokenizer: TokenizerId;
  /** What to tokenize with when `tokenizer` cannot be loaded, as for a count (CountParams.fallback). */
  fallback?: TokenizerId;
  /**
   * [start, end) document offsets: the visible ranges plus a margin. Only the blocks that
   * overlap them are tokenized, so a 50 MB document costs what its visible part costs.
   */
  ranges: Array<[number, number]>;
}

export interface TokensInRangeResult {
  uri: string;
  version: number;
  /** The tokenizer the spans are of: the one asked for, or its fallback. */
  tokenizer: TokenizerId;
  /** One per range asked for, in the same order; their typed arrays are transferred. */
  spans: TokenSpan[];
  workerMs: number;
}

export interface TokenDetailsParams {
  uri: string;
  version: number;
  tokenizer: TokenizerId;
  /** What to tokenize with when `tokenizer` cannot be loaded, as for a count (CountParams.fallback). */
  fallback?: TokenizerId;
  /** Document offset of the character under the mouse. */
  offset: number;
}

export interface TokenDetail {
  id: number;
  /** Index of the token in the document; -1 while text before it is still being counted. */
  index: number;
  /** Document offset of the character holding the token's first byte (see TokenSpan.tokenStarts). */
  start: number;
  /**
   * The token's UTF-8 bytes (part of a character when a character is split between tokens;
   * for a normalizing tokenizer, bytes of the normalized text: `é` for the document's `e` + U+0301).
   */
  bytes: Uint8Array;
}

export interface TokenDetailsResult {
  uri: string;
  version: number;
  /** The tokenizer the tokens are of: the one asked for, or its fallback. */
  tokenizer: TokenizerId;
  /** The display segment under the offset, [start, end), and each token it holds. */
  start: number;
  end: number;
  tokens: TokenDetail[];
}

/**
 * The insight panel's numbers for a document or a selection (src/worker/insightJob.ts). Long:
 * a 50 MB document takes seconds, done in slices between which the worker serves every other
 * message. Meanwhile the worker posts `requestProgress` for it; the host may send `cancel`
 * with its id; a newer `insight` request for the same uri cancels it (both end in a
 * `cancelled` error).
 */
export interface InsightParams {
  uri: string;
  /** The version the host is asking about (the worker answers for its current one). */
  version: number;
  /**
   * The current model's exact tokenizer, whose tokens the compression and script numbers
   * describe. Its block store gives the text, as for a count request: it is the status bar's
   * tokenizer, whose store is there already (were it not, making it would evict the least
   * recently used of the document's two stores, as a count would).
   */
  tokenizer: TokenizerId;
  /** [start, end) document offsets of a selection; the whole document without it. */
  range?: [number, number];
  /**
   * Tokenizers to count the same text with (the side-by-side table), each once, in this
   * order. Counted in slices without keeping a block store, so the status bar's stores are
   * never evicted for them.
   */
  countWith: TokenizerId[];
  /**
   * Tokenizers of `countWith` (or the main one) whose counts should come with their tokens by
   * script class (`scriptMix`): the bases of approximations calibrated per script.
   */
  scriptMixFor?: TokenizerId[];
  /** Two tokenizers whose cuts are compared (`disagreements`). */
  compare?: [TokenizerId, TokenizerId];
  /** How many of the most frequent tokens to list (at most 1,000). */
  topTokens: number;
  /**
   * Also break the text down as a chat request (`request` in the answer), should it be one: the
   * panel's Request section. Asked for a JSON document's whole text only.
   */
  request?: RequestAsk;
  /** Also answer the language of each script's paragraphs (the By script section's premium column). */
  languages?: boolean;
}

export interface InsightResult {
  uri: string;
  /** The document version the numbers are of (the text was taken when the request started). */
  version: number;
  /** The [start, end) document offsets the numbers are of: the selection clamped to the document, or [0, length]. */
  range: [number, number];
  compression: CompressionStats;
  scripts: ScriptStats[];
  /** One per tokenizer of `countWith` that could be loaded, in that order (duplicates once); `scriptMix` for those of `scriptMixFor`. */
  counts: Array<{ tokenizer: TokenizerId; tokens: number; scriptMix?: number[] }>;
  /** The tokenizers of `countWith` that could not be loaded (a missing tokenizer file), and why. */
  countErrors?: Array<{ tokenizer: TokenizerId; message: string }>;
  /**
   * Where `compare[0]` (A) and `compare[1]` (B) cut the text differently, offsets relative to
   * `range[0]`; the first MAX_SPANS (500) spans in text order, `truncated` when there are
   * more. Absent without `compare`, or when one of the two could not be loaded (`compareError`).
   */
  disagreements?: { spans: Disagreement[]; truncated: boolean };
  compareError?: string;
  /** With `languages`: per script of the text, the language of its paragraphs. */
  scriptLanguages?: ScriptLanguage[];
  /** With `request`, when the text is a chat request up to REQUEST_MAX_CHARS: its parts, counted with `tokenizer` (unscaled). */
  request?: RequestBreakdown;
  /** Time the worker spent on this request (its slices added up, not the waits between them). */
  workerMs: number;
}

/**
 * Files' counts for the Tokens view (host/workspace/): the host reads each file (through
 * `vscode.workspace.fs`, so remote and virtual folders work) and sends its bytes in small
 * batches; the worker's counting helpers decode each as VS Code opens it and count it whole.
 * Cancelled like an insight (`cancel` with its id).
 */
export interface CountFilesParams {
  /** The exact tokenizer to count with (an approximate model's base tokenizer). */
  tokenizer: TokenizerId;
  /** What to count with when `tokenizer` cannot be loaded, as for a count (CountParams.fallback). */
  fallback?: TokenizerId;
  /** Each file's content, as read; the answer's `files` are in the same order. */
  files: Uint8Array[];
  /** Also answer each file's tokens by script class (an approximation calibrated per script). */
  scripts?: boolean;
}

export interface CountFilesResult {
  /** The tokenizer counted with: the one asked for, or its fallback (then `fellBack` says why). */
  tokenizer: TokenizerId;
  fellBack?: TokenizerFallback;
  /** Per file: its count, why it is not text to count, or the error counting it met. */
  files: Array<FileTokens | { error: string }>;
  workerMs: number;
}

/**
 * A JSON Lines dataset's summary (the panel's Dataset section, the editor's per-line counts and
 * over-limit problems), as a long job: progress, `cancel`, and a newer request for the same
 * source supersedes it. The source is a mirrored document, or a file on this machine the user
 * named (a dataset too big to open in the editor), read by the worker in chunks, never whole.
 */
export interface DatasetParams {
  source: { uri: string; version: number } | { file: string };
  tokenizer: TokenizerId;
  /** How chat examples are counted (their images by the model's maker's formula). */
  request: RequestAsk;
  /** The model's limit per training example, in the tokenizer's tokens; examples over it are listed. */
  trainingLimit?: number;
  /** Also answer each line's tokens (`lineTokens`). */
  lineTokens?: boolean;
}

export interface DatasetResult {
  /** The document's version the summary is of; absent for a file. */
  version?: number;
  summary: DatasetSummary;
  /**
   * With `lineTokens`: index = line number - 1 (lines end at LF; a CR before it is part of the
   * line end); an example's tokens, -1 for a line that is not one (blank or malformed).
   */
  lineTokens?: Int32Array;
  /** Bytes read, for a file. */
  bytes?: number;
  workerMs: number;
}

/**
 * The tokenization lint (src/core/lint/) over a document, from the same tokens the boundaries
 * use: the whole document, or the lines around `ranges` (what the editors show) and its end.
 */
export interface LintParams {
  uri: string;
  /** The version the host is asking about (the worker answers for its current one). */
  version: number;
  tokenizer: TokenizerId;
  /** What to tokenize with when `tokenizer` cannot be loaded, as for a count (CountParams.fallback). */
  fallback?: TokenizerId;
  /** [start, end) document offsets to check (whole lines around them are); absent: the whole document. */
  ranges?: Array<[number, number]>;
  /** The rules to run, in the order their findings are wanted. */
  rules: LintRuleId[];
  /** The locale a fix writes numbers for (VS Code's display language). */
  locale: string;
  /** Also answer each paragraph's language (rule 6, the crosslingual premium): `languages`. */
  premium?: boolean;
  /**
   * Non-empty selections, [start, end) document offsets: each is a prompt of its own (a selection
   * sent to a chat), so rule 1 also checks how it ends (`selectionFindings`), when it is on.
   */
  selections?: Array<[number, number]>;
}

export interface LintResult {
  uri: string;
  version: number;
  /** The tokenizer the findings' tokens are of: the one asked for, or its fallback. */
  tokenizer: TokenizerId;
  /** In document order, document offsets. */
  findings: DocumentFinding[];
  /** With `premium`: the paragraphs of the text checked and their language, document offsets. */
  languages?: ParagraphLanguage[];
  /** With `selections`: rule 1 at the end of each selection, document offsets. */
  selectionFindings?: DocumentFinding[];
  workerMs: number;
}

/** Requests: the host awaits a result. */
export interface RequestMap {
  count: { params: CountParams; result: CountResult };
  tokensInRange: { params: TokensInRangeParams; result: TokensInRangeResult };
  tokenDetails: { params: TokenDetailsParams; result: TokenDetailsResult };
  insight: { params: InsightParams; result: InsightResult };
  countFiles: { params: CountFilesParams; result: CountFilesResult };
  dataset: { params: DatasetParams; result: DatasetResult };
  lint: { params: LintParams; result: LintResult };
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
  | { kind: 'close'; uri: string }
  /**
   * Stop working on request `id`: a request still running (an `insight`, a `countFiles`) ends
   * at once with a `cancelled` error. Requests the worker answers without pausing (all others) are not
   * affected; an id the worker has already answered is ignored.
   */
  | { kind: 'cancel'; id: number }
  /**
   * Are you there? The worker answers `pong` with the same `seq` as soon as its message loop
   * runs: long work is sliced, so a worker that does not answer within the watchdog's bound is
   * stuck in one synchronous step (see src/host/platform/workerClient.ts).
   */
  | { kind: 'ping'; seq: number };

export type HostToWorker = { [M in RequestMethod]: { kind: 'request'; id: number; method: M; params: RequestMap[M]['params'] } }[RequestMethod] | HostNotification;

export type ErrorCode =
  /** The worker has no mirror of this document (a restarted worker, or a missed open): send `open`. */
  | 'unknownDocument'
  /** The mirror does not match the host's document (version gap or length mismatch): send `open`. */
  | 'outOfSync'
  /** Tokenizing failed (the message says why). */
  | 'failed'
  /** The host cancelled the request, or a newer request for the same document replaced it. */
  | 'cancelled'
  /**
   * Set by the host, never sent by the worker: the worker spent longer than the watchdog's
   * bound on this request in one step, so the host restarted it and will not ask again for
   * this version of the document (src/host/platform/workerClient.ts).
   */
  | 'abandoned';

export type WorkerToHost =
  | { kind: 'ready' }
  | { kind: 'response'; id: number; result: RequestMap[RequestMethod]['result'] }
  | { kind: 'response'; id: number; error: { code: ErrorCode; message: string } }
  | { kind: 'progress'; uri: string; version: number; tokenizer: TokenizerId; fraction: number }
  /** How far a long request (an `insight`) has got, 0 to 1; a few times a second while it runs. */
  | { kind: 'requestProgress'; id: number; fraction: number }
  /**
   * Part of a long `insight` answer, ahead of the rest: the current model's numbers, with
   * `counts` holding only its tokenizer and no `disagreements` yet. The response follows.
   */
  | { kind: 'requestPartial'; id: number; result: InsightResult }
  /** A mirror broke (e.g. a change that did not fit): the host should re-send `open`. */
  | { kind: 'desync'; uri: string; message: string }
  /** The answer to `ping`. */
  | { kind: 'pong'; seq: number };

/** What the host hands the worker at start (`startBundleThread` in threadStart.ts). */
export interface WorkerData extends ThreadData {
  /** One Int32: the id of the request the worker is working on, 0 between requests (activity.ts). */
  activity: SharedArrayBuffer;
  /**
   * Counting helpers at most (helperPool.ts); one per core, 1 to 4, without it; 0 for none (the worker counts everything itself). The benchmark sets it to compare.
   */
  poolSize?: number;
}
