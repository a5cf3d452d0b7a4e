import { segmentsOverlapping, segmentTokens, type Segmentation } from './tokenBoundaries';
import type { Tokenizer } from './tokenizer';

/**
 * The tokens over one range of a document, as the editor draws them: the answer of the
 * worker's `tokensInRange` request. Offsets are UTF-16 document offsets; the typed arrays are
 * posted to the host as transferables.
 */
export interface TokenSpan {
  /** The range asked for, [start, end). */
  start: number;
  end: number;
  /** Index in the document of ids[0]; -1 while text before it has not been counted yet. */
  firstTokenIndex: number;
  /** Every token of every segment that overlaps the range, in document order. */
  ids: Uint32Array;
  /** Document offset of the character that holds each token's first byte. */
  tokenStarts: Int32Array;
  /** Segment k covers [segmentStarts[k], segmentStarts[k + 1]); one entry more than segments. */
  segmentStarts: Int32Array;
  /** Segment k holds ids[segmentFirstToken[k] … segmentFirstToken[k + 1] - 1]; one entry more than segments. */
  segmentFirstToken: Int32Array;
}

/**
 * A stretch of a document whose edges are safe cuts for the tokenizer (block edges of the
 * block store), so its tokens taken alone are the document's tokens there.
 */
export interface AlignedRegion {
  /** Document offset of `text`. */
  start: number;
  text: string;
  /** Tokens of the document before `start`, undefined while some are not counted yet. */
  tokensBefore: number | undefined;
}

/** The tokens of `region` that overlap [start, end) (document offsets), with their segments. */
export function spanInRegion(region: AlignedRegion, tokenizer: Tokenizer, start: number, end: number, cache = new RegionTokenCache()): TokenSpan {
  const { ids, segmentation } = cache.segment(region.text, tokenizer);
  const [first, last] = segmentsOverlapping(segmentation, start - region.start, Math.max(start, end) - region.start);
  const firstToken = segmentation.segmentFirstToken[first] ?? 0;
  const endToken = segmentation.segmentFirstToken[last] ?? firstToken;
  const base = region.start;
  return {
    start,
    end,
    firstTokenIndex: region.tokensBefore === undefined ? -1 : region.tokensBefore + firstToken,
    ids: ids.slice(firstToken, endToken),
    tokenStarts: shifted(segmentation.tokenStarts.subarray(firstToken, endToken), base),
    segmentStarts: shifted(segmentation.segmentStarts.subarray(first, last + 1), base),
    segmentFirstToken: shifted(segmentation.segmentFirstToken.subarray(first, last + 1), -firstToken),
  };
}

/**
 * The last few regions tokenized, by tokenizer and text. A hover asks about the region the
 * decorations just tokenized, and scrolling back and forth asks for the same blocks again; a
 * block is handed out as the same string while it is unedited, so the check is usually a
 * pointer comparison. 8 entries: two editors side by side, each with a hover and a margin.
 */
const REGION_CACHE_SIZE = 8;

export class RegionTokenCache {
  private readonly entries: Array<{ tokenizer: Tokenizer; text: string; ids: Uint32Array; segmentation: Segmentation }> = [];

  /** Token ids and segments of `text`, encoded now or remembered. */
  segment(text: string, tokenizer: Tokenizer): { ids: Uint32Array; segmentation: Segmentation } {
    const entries = this.entries;
    const hit = entries.findIndex((e) => e.tokenizer === tokenizer && e.text === text);
    if (hit >= 0) {
      const [entry] = entries.splice(hit, 1);
      entries.unshift(entry);
      return entry;
    }
    const ids = tokenizer.encode(text);
    const segmentation = segmentTokens(text, tokenByteLengths(tokenizer, ids));
    entries.unshift({ tokenizer, text, ids, segmentation });
    entries.length = Math.min(entries.length, REGION_CACHE_SIZE);
    return { ids, segmentation };
  }
}

function shifted(values: Int32Array, by: number): Int32Array {
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i] + by;
  return out;
}

/**
 * UTF-8 lengths of tokens, cached per tokenizer and id: asking the tokenizer for a token's
 * bytes crosses into WASM (about a microsecond), and a screenful holds thousands of tokens
 * drawn from a vocabulary of at most ~200k ids, so the cache fills fast and stays small
 * (2 bytes per id: the longest tokens are about a hundred bytes).
 */
const byteLengthCache = new WeakMap<Tokenizer, Uint16Array>();

export function tokenByteLengths(tokenizer: Tokenizer, ids: Uint32Array): Uint16Array {
  let cache = byteLengthCache.get(tokenizer) ?? new Uint16Array(0);
  const out = new Uint16Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (id >= cache.length) {
      const grown = new Uint16Array(Math.max(id + 1, cache.length * 2, 1024));
      grown.set(cache);
      cache = grown;
    }
    let length = cache[id];
    if (length === 0) cache[id] = length = tokenizer.decodeToken(id).length;
    out[i] = length;
  }
  byteLengthCache.set(tokenizer, cache);
  return out;
}
