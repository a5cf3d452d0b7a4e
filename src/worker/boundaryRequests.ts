import { BlockTokenCache, spanInRegion, splitsGraphemeCluster } from '../core/incremental/tokenSpan';
import type { TokenDetailsParams, TokensInRangeParams, TokensInRangeResult } from './protocol';
import { errorMessage, fail, storeForRequest, type ServerContext } from './serverContext';
import type { SliceJob } from './sliceScheduler';

/**
 * The `tokensInRange` (boundaries) and `tokenDetails` (hover) requests. Each is one slice of
 * the `boundaries` priority: only the blocks overlapping the visible ranges are tokenized, at
 * once, without waiting for a count of the whole document that may still be under way.
 */
export class BoundaryRequests {
  /** Regions tokenized for boundaries and hovers lately (a hover usually asks about one just drawn). */
  private readonly regionTokens = new BlockTokenCache();

  constructor(private readonly context: ServerContext) {}

  /** Token boundaries of the visible ranges. */
  tokensInRange(id: number, params: TokensInRangeParams): void {
    this.context.scheduler.submit(new OneSliceJob(id, () => this.answerTokensInRange(id, params)));
  }

  /** The segment under one offset and each token it holds, with the tokens' bytes (for a hover). */
  tokenDetails(id: number, params: TokenDetailsParams): void {
    this.context.scheduler.submit(new OneSliceJob(id, () => this.answerTokenDetails(id, params)));
  }

  private answerTokensInRange(id: number, params: TokensInRangeParams): void {
    const startedAt = performance.now();
    const found = storeForRequest(this.context, id, params);
    if (!found) return;
    const { store, version, tokenizer } = found;
    try {
      const spans = params.ranges.map(([start, end]) => spanInRegion(store.alignedRegion(start, end, splitsGraphemeCluster), store.tokenizer, start, end, this.regionTokens));
      const result: TokensInRangeResult = { uri: params.uri, version, tokenizer, spans, workerMs: performance.now() - startedAt };
      // Every array was made for this answer: transferring them costs nothing per token.
      this.context.post(
        { kind: 'response', id, result },
        spans.flatMap((s) => [s.ids.buffer, s.tokenStarts.buffer, s.segmentStarts.buffer, s.segmentFirstToken.buffer] as ArrayBuffer[]),
      );
    } catch (err) {
      fail(this.context, id, 'failed', errorMessage(err));
    }
  }

  private answerTokenDetails(id: number, params: TokenDetailsParams): void {
    const found = storeForRequest(this.context, id, params);
    if (!found) return;
    const { store, version, tokenizer } = found;
    try {
      const { offset } = params;
      const span = spanInRegion(store.alignedRegion(offset, offset + 1, splitsGraphemeCluster), store.tokenizer, offset, offset, this.regionTokens);
      const tokens = [...span.ids].map((tokenId, t) => ({
        id: tokenId,
        index: span.firstTokenIndex < 0 ? -1 : span.firstTokenIndex + t,
        start: span.tokenStarts[t],
        bytes: store.tokenizer.decodeToken(tokenId),
      }));
      const end = span.segmentStarts.length > 1 ? span.segmentStarts[1] : offset;
      this.context.post({ kind: 'response', id, result: { uri: params.uri, version, tokenizer, start: span.segmentStarts[0] ?? offset, end, tokens } });
    } catch (err) {
      fail(this.context, id, 'failed', errorMessage(err));
    }
  }
}

/**
 * A boundaries or hover request, done in one go: the visible 300 lines of a viewport and its
 * margins take 1.6 ms median round trip on the 50 MB benchmark (docs/PERFORMANCE.md), well
 * inside one slice, so the job is over after its first slice, run as the request arrives.
 */
export class OneSliceJob implements SliceJob {
  readonly priority = 'boundaries';

  constructor(
    readonly requestId: number,
    private readonly work: () => void,
  ) {}

  runSlice(): boolean {
    this.work();
    return true;
  }
}
