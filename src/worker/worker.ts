/**
 * The tokenizer worker (worker_threads): mirrors open documents and answers count requests.
 * All tokenizing happens here, never on the extension host.
 */
import { parentPort } from 'node:worker_threads';
import type { TokenizerId } from '../core/tokenizers/tokenizerIds';
import { assertNever } from '../core/tokenizers/tiktoken/encodings';
import { BlockTokenCache, spanInRegion, splitsGraphemeCluster } from '../core/incremental/tokenSpan';
import { workingOn } from './activity';
import { DocumentMirror, OutOfSyncError } from './documentMirror';
import { InsightJobs } from './insightJob';
import type { CountParams, CountResult, ErrorCode, HostNotification, HostToWorker, TokenDetailsParams, TokensInRangeParams, TokensInRangeResult, WorkerToHost } from './protocol';

/**
 * Counting a big document is done in slices of this many ms, reading messages in between, so
 * edits and requests for small files are served while a 50 MB file is being counted. 20 ms
 * keeps the queueing delay of a keystroke under a frame while costing < 1% in scheduling.
 */
const SLICE_MS = 20;
/** How often a long count reports progress (the status bar shows a percentage). */
const PROGRESS_INTERVAL_MS = 250;

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');

const documents = new Map<string, DocumentMirror>();
interface PendingCount {
  id: number;
  params: CountParams;
}
let pending: PendingCount[] = [];
let pumpScheduled = false;
let lastProgressAt = 0;

function post(message: WorkerToHost, transfer?: ArrayBuffer[]): void {
  port!.postMessage(message, transfer);
}

function fail(id: number, code: ErrorCode, message: string): void {
  post({ kind: 'response', id, error: { code, message } });
}

const insights = new InsightJobs({ documents, post, sliceMs: SLICE_MS, progressIntervalMs: PROGRESS_INTERVAL_MS });

function onNotification(message: HostNotification): void {
  switch (message.kind) {
    case 'open':
      documents.set(message.uri, new DocumentMirror(message.version, message.text));
      return;
    case 'change': {
      const doc = documents.get(message.uri);
      if (!doc) return; // the count request that follows will say `unknownDocument`
      try {
        doc.applyChanges(message.version, message.changes, message.length);
      } catch (err) {
        // A broken mirror is dropped, never used: the host re-sends the full text.
        documents.delete(message.uri);
        post({ kind: 'desync', uri: message.uri, message: errorMessage(err) });
        if (!(err instanceof OutOfSyncError)) throw err;
      }
      return;
    }
    case 'close':
      documents.delete(message.uri);
      return;
    case 'cancel':
      insights.cancel(message.id);
      return;
    case 'ping':
      post({ kind: 'pong', seq: message.seq });
      return;
    default:
      assertNever(message);
  }
}

function onCount(id: number, params: CountParams): void {
  const found = storeForRequest(id, params);
  if (!found) return;
  const { store } = found;
  const startedAt = performance.now();
  // A keystroke leaves a block or two to count: do it now, without a trip through the
  // scheduler. Only work longer than one slice (a newly opened big file) is queued.
  let done: boolean;
  try {
    done = store.countPending(startedAt + SLICE_MS);
  } catch (err) {
    return fail(id, 'failed', errorMessage(err));
  }
  if (done) return answer(id, params, startedAt);
  pending.push({ id, params });
  schedulePump();
}

function answer(id: number, params: CountParams, startedAt: number): void {
  const doc = documents.get(params.uri);
  if (!doc) return fail(id, 'unknownDocument', `${params.uri} was closed`);
  try {
    const store = doc.storeFor(params.tokenizer);
    store.countPending();
    const totals = store.totalsSnapshot;
    const result: CountResult = {
      uri: params.uri,
      version: doc.version,
      tokenizer: params.tokenizer,
      tokens: totals.tokens,
      chars: totals.chars,
      bytes: totals.bytes,
      workerMs: 0,
    };
    if (params.selections.length > 0) {
      result.selectionTokens = params.selections.reduce((sum, [s, e]) => sum + store.countRange(s, e), 0);
    }
    result.workerMs = performance.now() - startedAt;
    post({ kind: 'response', id, result });
  } catch (err) {
    fail(id, 'failed', errorMessage(err));
  }
}

/** Regions tokenized for boundaries and hovers lately (a hover usually asks about one just drawn). */
const regionTokens = new BlockTokenCache();

/** The mirror's store for a request, or undefined after failing the request. */
function storeForRequest(id: number, params: { uri: string; version: number; tokenizer: TokenizerId }) {
  const doc = documents.get(params.uri);
  if (!doc) return void fail(id, 'unknownDocument', `no mirror of ${params.uri}`);
  if (doc.version < params.version) return void fail(id, 'outOfSync', `asked for version ${params.version}, mirror is at ${doc.version}`);
  try {
    return { version: doc.version, store: doc.storeFor(params.tokenizer) };
  } catch (err) {
    return void fail(id, 'failed', `could not load ${params.tokenizer}: ${errorMessage(err)}`);
  }
}

/**
 * Token boundaries of the visible ranges: only the blocks overlapping them are tokenized, and
 * at once, without waiting for a count of the whole document that may still be under way.
 */
function onTokensInRange(id: number, params: TokensInRangeParams): void {
  const startedAt = performance.now();
  const found = storeForRequest(id, params);
  if (!found) return;
  const { store, version } = found;
  try {
    const spans = params.ranges.map(([start, end]) => spanInRegion(store.alignedRegion(start, end, splitsGraphemeCluster), store.tokenizer, start, end, regionTokens));
    const result: TokensInRangeResult = { uri: params.uri, version, tokenizer: params.tokenizer, spans, workerMs: performance.now() - startedAt };
    // Every array was made for this answer: transferring them costs nothing per token.
    post({ kind: 'response', id, result }, spans.flatMap((s) => [s.ids.buffer, s.tokenStarts.buffer, s.segmentStarts.buffer, s.segmentFirstToken.buffer] as ArrayBuffer[]));
  } catch (err) {
    fail(id, 'failed', errorMessage(err));
  }
}

/** The segment under one offset and each token it holds, with the tokens' bytes (for a hover). */
function onTokenDetails(id: number, params: TokenDetailsParams): void {
  const found = storeForRequest(id, params);
  if (!found) return;
  const { store, version } = found;
  try {
    const { offset } = params;
    const span = spanInRegion(store.alignedRegion(offset, offset + 1, splitsGraphemeCluster), store.tokenizer, offset, offset, regionTokens);
    const tokens = [...span.ids].map((tokenId, t) => ({
      id: tokenId,
      index: span.firstTokenIndex < 0 ? -1 : span.firstTokenIndex + t,
      start: span.tokenStarts[t],
      bytes: store.tokenizer.decodeToken(tokenId),
    }));
    const end = span.segmentStarts.length > 1 ? span.segmentStarts[1] : offset;
    post({ kind: 'response', id, result: { uri: params.uri, version, tokenizer: params.tokenizer, start: span.segmentStarts[0] ?? offset, end, tokens } });
  } catch (err) {
    fail(id, 'failed', errorMessage(err));
  }
}

function schedulePump(): void {
  if (pumpScheduled) return;
  pumpScheduled = true;
  setImmediate(pump);
}

/** Counts one slice for the newest pending request, then yields to the message queue. */
function pump(): void {
  pumpScheduled = false;
  const startedAt = performance.now();
  const newest = pending[pending.length - 1];
  if (!newest) return;
  const { uri, tokenizer } = newest.params;
  const doc = documents.get(uri);
  let done = true;
  let error: unknown;
  if (doc) {
    try {
      const store = doc.storeFor(tokenizer);
      done = workingOn(newest.id, () => store.countPending(startedAt + SLICE_MS));
      if (!done && startedAt - lastProgressAt > PROGRESS_INTERVAL_MS) {
        lastProgressAt = startedAt;
        const { uncounted } = store.totalsSnapshot;
        post({ kind: 'progress', uri, version: doc.version, tokenizer, fraction: 1 - uncounted / Math.max(1, store.blockCount) });
      }
    } catch (err) {
      error = err;
    }
  }
  if (done) {
    const ready = pending.filter((p) => sameStore(p.params, uri, tokenizer));
    pending = pending.filter((p) => !sameStore(p.params, uri, tokenizer));
    for (const p of ready) {
      if (error) fail(p.id, 'failed', errorMessage(error));
      else answer(p.id, p.params, startedAt);
    }
  }
  if (pending.length > 0) schedulePump();
}

function sameStore(params: CountParams, uri: string, tokenizer: TokenizerId): boolean {
  return params.uri === uri && params.tokenizer === tokenizer;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function onRequest(message: Extract<HostToWorker, { kind: 'request' }>): void {
  switch (message.method) {
    case 'count':
      return onCount(message.id, message.params);
    case 'tokensInRange':
      return onTokensInRange(message.id, message.params);
    case 'tokenDetails':
      return onTokenDetails(message.id, message.params);
    case 'insight':
      return insights.start(message.id, message.params);
    default:
      return assertNever(message);
  }
}

port.on('message', (message: HostToWorker) => {
  if (message.kind === 'request') workingOn(message.id, () => onRequest(message));
  else onNotification(message);
});

post({ kind: 'ready' });
