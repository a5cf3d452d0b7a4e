import { graphemeBoundaryTest } from '../text/graphemeBreak';
import { segmentNormalizedTokens, segmentsOverlapping, segmentTokens, type Segmentation } from './tokenBoundaries';
import type { Tokenizer } from '../tokenizers/tokenizer';

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
  /**
   * Document offset of the character that holds each token's first byte (for a normalizing
   * tokenizer, when that byte is in a stretch it rewrote, `é` from `e` + U+0301: the stretch's start).
   */
  tokenStarts: Int32Array;
  /** Segment k covers [segmentStarts[k], segmentStarts[k + 1]); one entry more than segments. */
  segmentStarts: Int32Array;
  /** Segment k holds ids[segmentFirstToken[k] … segmentFirstToken[k + 1] - 1]; one entry more than segments. */
  segmentFirstToken: Int32Array;
}

/**
 * A stretch of a document made of whole blocks of the block store: every block edge is a safe
 * cut for the tokenizer, so each block's tokens taken alone are the document's tokens there.
 */
export interface AlignedRegion {
  /** Document offset of the first block. */
  start: number;
  /** The blocks' texts, in order. */
  blocks: readonly string[];
  /** Tokens of the document before `start`, undefined while some are not counted yet. */
  tokensBefore: number | undefined;
}

/** The tokens of `region` that overlap [start, end) (document offsets), with their segments. */
export function spanInRegion(region: AlignedRegion, tokenizer: Tokenizer, start: number, end: number, cache = new BlockTokenCache()): TokenSpan {
  const { ids, segmentation } = stitchBlocks(region.blocks.map((text) => ({ text, ...cache.segment(text, tokenizer) })));
  return spanOfSegmentation(ids, segmentation, region.start, region.tokensBefore, start, end);
}

/**
 * The tokens of a laid-out text (`ids` and their `segmentation`, offsets relative to the text)
 * that overlap [start, end) (document offsets; the text starts at `base` and has
 * `tokensBefore` tokens before it). The worker's spans and a provider's (xAI's) are cut here.
 */
export function spanOfSegmentation(ids: Uint32Array, segmentation: Segmentation, base: number, tokensBefore: number | undefined, start: number, end: number): TokenSpan {
  const [first, last] = segmentsOverlapping(segmentation, start - base, Math.max(start, end) - base);
  const firstToken = segmentation.segmentFirstToken[first] ?? 0;
  const endToken = segmentation.segmentFirstToken[last] ?? firstToken;
  return {
    start,
    end,
    firstTokenIndex: tokensBefore === undefined ? -1 : tokensBefore + firstToken,
    ids: ids.slice(firstToken, endToken),
    tokenStarts: shifted(segmentation.tokenStarts.subarray(firstToken, endToken), base),
    segmentStarts: shifted(segmentation.segmentStarts.subarray(first, last + 1), base),
    segmentFirstToken: shifted(segmentation.segmentFirstToken.subarray(first, last + 1), -firstToken),
  };
}

/**
 * Joins the segmentations of consecutive blocks into one. A block edge is a token edge, and
 * nearly always a grapheme boundary (blocks are cut at line starts); where it is not (a cut
 * before a combining mark, say) the segments on both sides become one.
 */
function stitchBlocks(parts: ReadonlyArray<{ text: string; ids: Uint32Array; segmentation: Segmentation }>): { ids: Uint32Array; segmentation: Segmentation } {
  if (parts.length === 1) return parts[0];
  const tokenCount = parts.reduce((n, p) => n + p.ids.length, 0);
  const ids = new Uint32Array(tokenCount);
  const tokenStarts = new Int32Array(tokenCount);
  const segmentStarts: number[] = [];
  const segmentFirstToken: number[] = [];
  let offset = 0;
  let tokenBase = 0;
  parts.forEach((part, i) => {
    const s = part.segmentation;
    ids.set(part.ids, tokenBase);
    for (let t = 0; t < part.ids.length; t++) tokenStarts[tokenBase + t] = s.tokenStarts[t] + offset;
    const joins = i === 0 || isGraphemeJoin(parts[i - 1].text, part.text);
    for (let k = 0; k + 1 < s.segmentStarts.length; k++) {
      if (k === 0 && !joins) continue; // merged into the previous block's last segment
      segmentStarts.push(s.segmentStarts[k] + offset);
      segmentFirstToken.push(s.segmentFirstToken[k] + tokenBase);
    }
    offset += part.text.length;
    tokenBase += part.ids.length;
  });
  segmentStarts.push(offset);
  segmentFirstToken.push(tokenBase);
  return { ids, segmentation: { tokenStarts, segmentStarts: Int32Array.from(segmentStarts), segmentFirstToken: Int32Array.from(segmentFirstToken) } };
}

/** Whether two adjacent blocks must be tokenized together for display: their edge splits a grapheme cluster. */
export function splitsGraphemeCluster(left: string, right: string): boolean {
  return !isGraphemeJoin(left, right);
}

/**
 * Whether the edge between two adjacent texts is a grapheme boundary. The rules look at most a
 * few characters back (a run of regional indicators or an emoji sequence can be longer, but
 * not across a block edge, which falls at a line start or between blanks and words).
 */
export function isGraphemeJoin(left: string, right: string): boolean {
  if (left.length === 0 || right.length === 0) return true;
  const tail = left.slice(-32);
  return graphemeBoundaryTest(tail + right.slice(0, 32))(tail.length);
}

/**
 * Tokens of recently tokenized blocks, by tokenizer and block text. An edit changes one block,
 * so the boundaries after a keystroke re-encode that block only; scrolling back, or a hover
 * over what was just drawn, re-encodes nothing. A block is handed out as the same string while
 * it is unedited, so a lookup usually hashes nothing new. Bounded by tokens held: 250k tokens
 * (~60 screens of 4k tokens) take ~6 MB with their offsets.
 */
const MAX_CACHED_TOKENS = 250_000;

export class BlockTokenCache {
  private readonly entries = new Map<Tokenizer, Map<string, { ids: Uint32Array; segmentation: Segmentation }>>();
  private tokens = 0;

  /** Token ids and segments of one block's text, encoded now or remembered. */
  segment(text: string, tokenizer: Tokenizer): { ids: Uint32Array; segmentation: Segmentation } {
    let byText = this.entries.get(tokenizer);
    if (!byText) this.entries.set(tokenizer, (byText = new Map()));
    const hit = byText.get(text);
    if (hit) {
      // Map order is recency order: re-insert to mark it most recently used.
      byText.delete(text);
      byText.set(text, hit);
      return hit;
    }
    const ids = tokenizer.encode(text);
    const lengths = tokenByteLengths(tokenizer, ids);
    // Only a normalizing tokenizer has `normalized`, and it says undefined for text it leaves
    // as it is (nearly all): the tiktoken encodings pay one property lookup per block.
    const normalized = tokenizer.normalized?.(text);
    const segmentation = normalized ? segmentNormalizedTokens(text, normalized, lengths) : segmentTokens(text, lengths);
    const entry = { ids, segmentation };
    byText.set(text, entry);
    this.tokens += ids.length;
    this.evict(text);
    return entry;
  }

  /** Drops the least recently used blocks over the budget, never `newest` (one huge block, a minified line, stays). */
  private evict(newest: string): void {
    for (const byText of this.entries.values()) {
      for (const [text, entry] of byText) {
        if (this.tokens <= MAX_CACHED_TOKENS) return;
        if (text === newest) continue;
        byText.delete(text);
        this.tokens -= entry.ids.length;
      }
    }
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
