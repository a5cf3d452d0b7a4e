import { measureText } from '../text/textStats';
import type { Tokenizer } from '../tokenizers/tokenizer';
import type { CompressionStats, TopToken } from './insightTypes';
import { decodeWholeCharacters, escapeTokenBytes, tokenCharLength } from '../text/tokenText';
import { tokenBytesOf, type TokenBytesOf } from './tokenBytes';
import { countWords } from './wordCount';

/**
 * Buckets of the token-length histogram: lengths 1 … 15 each, then 16 and longer together.
 * Tokens of o200k_base and cl100k_base are rarely longer than 16 characters outside runs of
 * blanks or repeated punctuation, which the open last bucket gathers.
 */
export const HISTOGRAM_BUCKETS = 16;

/**
 * Compression of a text by one tokenizer, fed slice by slice so that a 50 MB document is never
 * held as one token array: `add` each slice with its tokens, in order, then `result`. The
 * slices must be cut where the tokenizer may cut (cutRules.ts: the tokens of the slices are
 * then the text's tokens) and where words break, which every cut rule's positions do (line
 * starts, blanks before a word); the unit tests check that any such slicing gives the numbers
 * of the whole text.
 *
 * Per token only its id is counted; what depends on the token's bytes (length, display text)
 * is worked out once per distinct id in `result`.
 */
export class CompressionAccumulator {
  /** Occurrences by token id (grown to the largest id seen). */
  private counts: Uint32Array = new Uint32Array(1024);
  private tokens = 0;
  private chars = 0;
  private bytes = 0;
  private words = 0;

  constructor(
    private readonly tokenizer: Tokenizer,
    private readonly bytesOf: TokenBytesOf = tokenBytesOf(tokenizer),
  ) {}

  /** The next slice of the text and its token ids. */
  add(text: string, ids: ArrayLike<number>): void {
    const size = measureText(text);
    this.chars += size.chars;
    this.bytes += size.bytes;
    this.words += countWords(text);
    let counts = this.counts;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (id >= counts.length) counts = this.grow(id);
      counts[id]++;
    }
    this.tokens += ids.length;
  }

  /** The statistics of everything added so far, with the `topN` most frequent tokens. */
  result(topN: number): CompressionStats {
    const { tokens, chars, bytes, words, counts } = this;
    const present: number[] = [];
    let sumCountLog = 0;
    let partialTokens = 0;
    let longest = 0;
    const buckets = new Array<number>(HISTOGRAM_BUCKETS).fill(0);
    for (let id = 0; id < counts.length; id++) {
      const c = counts[id];
      if (c === 0) continue;
      present.push(id);
      sumCountLog += c * Math.log2(c);
      const length = tokenCharLength(this.bytesOf(id));
      if (length === 0) partialTokens += c;
      else buckets[Math.min(length, HISTOGRAM_BUCKETS) - 1] += c;
      longest = Math.max(longest, length);
    }
    // H = -Σ p log2 p with p = c / N, rewritten as log2 N - (Σ c log2 c) / N: one pass, no
    // division per id. Clamped at 0: with a single distinct token the two terms cancel up
    // to rounding.
    const entropy = tokens === 0 ? 0 : Math.max(0, Math.log2(tokens) - sumCountLog / tokens);
    present.sort((a, b) => counts[b] - counts[a] || a - b);
    const topTokens: TopToken[] = present.slice(0, Math.max(0, topN)).map((id) => {
      const bytes = this.bytesOf(id);
      const raw = decodeWholeCharacters(bytes);
      return { id, text: escapeTokenBytes(bytes), ...(raw !== undefined ? { raw } : {}), count: counts[id] };
    });
    return {
      tokenizer: this.tokenizer.id,
      tokens,
      chars,
      bytes,
      words,
      charsPerToken: ratio(chars, tokens),
      bytesPerToken: ratio(bytes, tokens),
      tokensPerWord: ratio(tokens, words),
      entropyBitsPerToken: entropy,
      distinctTokens: present.length,
      distinctShare: ratio(present.length, tokens),
      lengthHistogram: { counts: buckets.slice(0, Math.min(longest, HISTOGRAM_BUCKETS)), lastBucketOpen: longest > HISTOGRAM_BUCKETS },
      partialTokens,
      topTokens,
    };
  }

  private grow(id: number): Uint32Array {
    const grown = new Uint32Array(Math.max(id + 1, this.counts.length * 2));
    grown.set(this.counts);
    this.counts = grown;
    return grown;
  }
}

/** `a / b`, or 0 when there is nothing to divide by. */
export function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

/** Compression of a whole text in one go (tests, small texts). */
export function compressionStats(tokenizer: Tokenizer, text: string, topN: number, ids: ArrayLike<number> = tokenizer.encode(text)): CompressionStats {
  const accumulator = new CompressionAccumulator(tokenizer);
  accumulator.add(text, ids);
  return accumulator.result(topN);
}
