/**
 * The numbers of one `insight` request, as a generator that yields after every slice of text:
 * compression, scripts, counts for the side-by-side table and disagreements, computed from the
 * core. insightJob.ts runs it in the scheduler's slices.
 */
import { CompressionAccumulator } from '../core/insights/compression';
import { DisagreementFinder, type Side } from '../core/insights/disagreements';
import { countSlices } from '../core/insights/sliceCounting';
import { addMix, emptyMix } from '../core/text/scriptClasses';
import { scriptMixOf } from '../core/text/scriptMix';
import { ScriptAccumulator } from '../core/insights/scripts';
import { SCRIPT_LANGUAGE_CHARS, scriptLanguages } from '../core/lint/premium/languageDetection';
import { SliceCursor, type TextPieces } from '../core/insights/textSlices';
import { tokenBytesOf } from '../core/insights/tokenBytes';
import type { TokenizerId } from '../core/tokenizers/tokenizerIds';
import type { LoadedTokenizer, TokenizerRegistry } from '../core/tokenizers/tokenizerRegistry';
import { tokenByteLengths } from '../core/incremental/tokenSpan';
import { HelperJobError, type HelperPool, type PoolCount, type PoolTask } from './helperPool';
import type { InsightParams, InsightResult } from './protocol';
import type { LongStep, Progress } from './longJobs';
import { REQUEST_MAX_CHARS } from './requestTotals';
import { requestOptionsOf, type RequestAsk } from '../core/requests/requestAsk';
import { countRequestText, isNotARequest } from '../core/requests/requestCount';
import type { RequestBreakdown } from '../core/requests/requestTypes';
import { errorMessage } from './serverContext';

/** Most frequent tokens listed at most, whatever the host asks for. */
const MAX_TOP_TOKENS = 1000;

/**
 * Relative cost per UTF-16 unit of each pass, for the progress fraction: token ids with the
 * metrics (1.3 s per 10 MB of the benchmark's mixed corpus) against a count (0.6-0.95 s per
 * 10 MB for the tiktoken encodings and the bundled tokenizer.json files). Only the shape of
 * the progress bar depends on them.
 */
const ENCODE_COST = 1;
const COUNT_COST = 0.7;

/** The blocks of an aligned region cut down to [start, end). */
export function trimmed(region: { start: number; blocks: readonly string[] }, start: number, end: number): string[] {
  const blocks = [...region.blocks];
  const last = blocks.length - 1;
  const lastStart = region.start + region.blocks.slice(0, last).reduce((n, b) => n + b.length, 0);
  blocks[last] = blocks[last].slice(0, end - lastStart);
  blocks[0] = blocks[0].slice(start - region.start);
  return blocks;
}

/** What one request's work needs: its parameters, its text and the tokenizers. */
export interface WorkInput {
  params: InsightParams;
  version: number;
  range: [number, number];
  pieces: TextPieces;
  main: LoadedTokenizer;
  progress: Progress;
  /** Where the other tokenizers of the request are loaded from. */
  tokenizers: TokenizerRegistry;
  /** Helpers that count the other tokenizers beside the worker; without it the worker counts them. */
  pool?: HelperPool;
}

/**
 * Texts at least this long get a partial answer (the current model's numbers) as soon as those
 * are known, before the other tokenizers' counts and the comparison: on 50 MB that is ~7 s
 * instead of ~21 s for the panel's default set. Shorter texts are answered whole at once.
 */
const PARTIAL_RESULT_MIN_LENGTH = 1_000_000;

/**
 * The request's work, yielding after every slice: token ids of the main tokenizer for the
 * compression and script numbers, then the disagreements, then a count per other tokenizer.
 * With a pool, those counts are handed to its helpers first and run meanwhile; the work then
 * waits for them (`{ wait }`), and counts itself any whose helper failed. Every tokenizer reads
 * the text in its own slices (cut where it may cut), so each sees exactly the tokens of the
 * whole text.
 */
export function* insightWork({ params, version, range, pieces, main, progress, tokenizers, pool }: WorkInput): Generator<LongStep, InsightResult> {
  const length = pieces.length;
  const countWith = [...new Set(params.countWith)];
  const others = countWith.filter((id) => id !== params.tokenizer);
  const compare = params.compare && params.compare[0] !== params.compare[1] ? params.compare : undefined;
  progress.total = length * (ENCODE_COST + others.length * COUNT_COST + (compare ? 2 * ENCODE_COST : 0));

  const compression = new CompressionAccumulator(main.tokenizer);
  const scripts = new ScriptAccumulator(tokenBytesOf(main.tokenizer));
  // Tokens by script class for the tokenizers approximations calibrated per script count with.
  const mixFor = new Set(params.scriptMixFor ?? []);
  const mixes = new Map<TokenizerId, number[]>();
  const mainMix = mixFor.has(params.tokenizer) ? emptyMix() : undefined;
  // Counted by the pool's helpers, if there is a pool, while the worker encodes below; a core is
  // kept for the worker until the current model's numbers are out, so they come first.
  const releaseCore = others.length > 0 ? pool?.reserveCore() : undefined;
  const pooled = startPooled(pool, others, pieces, mixFor, progress);
  const counted = new Map<TokenizerId, number>();
  const countErrors: Array<{ tokenizer: TokenizerId; message: string }> = [];
  let result: InsightResult;
  try {
    if (mainMix) mixes.set(params.tokenizer, mainMix);
    const cursor = new SliceCursor(pieces, main.cutRule);
    for (let slice = cursor.next(); slice !== undefined; slice = cursor.next()) {
      const ids = main.tokenizer.encode(slice);
      compression.add(slice, ids);
      scripts.add(slice, ids);
      if (mainMix)
        addMix(
          mainMix,
          scriptMixOf(slice, ids.length, (text) => main.tokenizer.count(text)),
        );
      progress.done += slice.length * ENCODE_COST;
      yield;
    }
    releaseCore?.();
    const compressionStats = compression.result(Math.min(MAX_TOP_TOKENS, Math.max(0, Math.floor(params.topTokens))));
    const scriptStats = scripts.result();
    const languages = params.languages ? scriptLanguages(pieces.slice(0, Math.min(length, SCRIPT_LANGUAGE_CHARS))) : undefined;
    const request = params.request && length <= REQUEST_MAX_CHARS ? requestBreakdown(pieces.slice(0, length), params.request, main) : undefined;
    if (length >= PARTIAL_RESULT_MIN_LENGTH && (others.length > 0 || compare)) {
      yield {
        uri: params.uri,
        version,
        range,
        compression: compressionStats,
        scripts: scriptStats,
        ...(languages ? { scriptLanguages: languages } : {}),
        counts: [{ tokenizer: params.tokenizer, tokens: compressionStats.tokens, ...(mainMix ? { scriptMix: mainMix } : {}) }],
        ...(request ? { request } : {}),
        workerMs: 0,
      };
    }

    counted.set(params.tokenizer, compressionStats.tokens);
    result = {
      uri: params.uri,
      version,
      range,
      compression: compressionStats,
      scripts: scriptStats,
      counts: [],
      ...(request ? { request } : {}),
      ...(languages ? { scriptLanguages: languages } : {}),
      workerMs: 0,
    };
    if (params.compare && !compare) result.disagreements = { spans: [], truncated: false };
    if (compare) {
      const a = tryLoad(tokenizers, compare[0]);
      const b = tryLoad(tokenizers, compare[1]);
      if ('error' in a) result.compareError = `${compare[0]}: ${a.error}`;
      else if ('error' in b) result.compareError = `${compare[1]}: ${b.error}`;
      else result.disagreements = yield* findDisagreements(pieces, { a, b }, progress);
    }
    for (const id of others) {
      const helped = pooled.get(id);
      if (helped) {
        while (!helped.settled) yield { wait: helped.task.result };
        const { settled } = helped;
        if ('count' in settled) {
          counted.set(id, settled.count.tokens);
          if (settled.count.scriptMix) mixes.set(id, settled.count.scriptMix);
          continue;
        }
        if (settled.error instanceof HelperJobError) {
          countErrors.push({ tokenizer: id, message: settled.error.message });
          progress.done += length * COUNT_COST;
          continue;
        }
        // The helper thread itself failed (crashed, stuck, could not start): counted here instead.
      }
      const loaded = tryLoad(tokenizers, id);
      if ('error' in loaded) {
        countErrors.push({ tokenizer: id, message: loaded.error });
        progress.done += length * COUNT_COST;
        continue;
      }
      const mix = mixFor.has(id) ? emptyMix() : undefined;
      if (mix) mixes.set(id, mix);
      const work = countSlices(pieces, loaded, mix);
      let step = work.next();
      for (; !step.done; step = work.next()) {
        progress.done += step.value * COUNT_COST;
        yield;
      }
      counted.set(id, step.value);
    }
  } finally {
    releaseCore?.();
    // Cancelled or superseded: the helpers stop too.
    for (const helped of pooled.values()) if (!helped.settled) helped.task.cancel();
  }
  result.counts = countWith
    .filter((id) => counted.has(id))
    .map((tokenizer) => {
      const mix = mixes.get(tokenizer);
      return { tokenizer, tokens: counted.get(tokenizer)!, ...(mix ? { scriptMix: mix } : {}) };
    });
  if (countErrors.length > 0) result.countErrors = countErrors;
  return result;
}

/** A count handed to the pool, and how it ended once it has. */
interface PooledCount {
  readonly task: PoolTask;
  settled?: { count: PoolCount } | { error: unknown };
}

/**
 * Hands the counts of `ids` to the pool's helpers at once, so they run while the worker works
 * on the main tokenizer's numbers; their progress is added to `progress` as it comes.
 */
function startPooled(
  pool: HelperPool | undefined,
  ids: readonly TokenizerId[],
  pieces: TextPieces,
  mixFor: ReadonlySet<TokenizerId>,
  progress: Progress,
): Map<TokenizerId, PooledCount> {
  const pooled = new Map<TokenizerId, PooledCount>();
  if (!pool) return pooled;
  // Queued together: a helper then gets the text once for all the tokenizers it counts.
  pool.batch(() => ids.forEach((id) => pooled.set(id, countPooled(pool, id, pieces, mixFor, progress))));
  return pooled;
}

/** One tokenizer's count of the text handed to the pool, and its share of the progress. */
function countPooled(pool: HelperPool, id: TokenizerId, pieces: TextPieces, mixFor: ReadonlySet<TokenizerId>, progress: Progress): PooledCount {
  let reported = 0;
  const report = (done: number) => {
    progress.done += (done - reported) * COUNT_COST;
    reported = done;
  };
  const task = pool.countPieces(id, pieces.pieces, mixFor.has(id), report);
  const helped: PooledCount = { task };
  task.result.then(
    (count) => {
      report(pieces.length);
      helped.settled = { count };
    },
    (error: unknown) => {
      // Its share of the progress is counted again if the worker counts it itself.
      report(0);
      helped.settled = { error };
    },
  );
  return helped;
}

/** Both tokenizations read side by side (the one behind first) until the end or enough spans. */
function* findDisagreements(pieces: TextPieces, loaded: Record<Side, LoadedTokenizer>, progress: Progress): Generator<void, NonNullable<InsightResult['disagreements']>> {
  const finder = new DisagreementFinder();
  const cursors: Record<Side, SliceCursor> = { a: new SliceCursor(pieces, loaded.a.cutRule), b: new SliceCursor(pieces, loaded.b.cutRule) };
  const startedAt = progress.done;
  while (!finder.truncated) {
    const side = finder.behind;
    const slice = cursors[side].next();
    if (slice === undefined) break; // the side behind is at the end, so both are
    finder.push(side, slice, tokenByteLengths(loaded[side].tokenizer, loaded[side].tokenizer.encode(slice)));
    progress.done = startedAt + (cursors.a.consumed + cursors.b.consumed) * ENCODE_COST;
    yield;
  }
  return finder.result((start, end) => pieces.slice(start, end));
}

/** The text's breakdown as a chat request, counted with the main tokenizer; undefined when it is not one. */
function requestBreakdown(text: string, ask: RequestAsk, main: LoadedTokenizer): RequestBreakdown | undefined {
  const breakdown = countRequestText(
    text,
    requestOptionsOf(ask, (part) => main.tokenizer.count(part)),
  );
  return isNotARequest(breakdown) ? undefined : breakdown;
}

function tryLoad(tokenizers: TokenizerRegistry, id: TokenizerId): LoadedTokenizer | { error: string } {
  try {
    return tokenizers.load(id);
  } catch (err) {
    return { error: errorMessage(err) };
  }
}
