import { bytePairCount, utf8ByteString } from './bytePairCount';
import { cutRuleFor, findCuts, type CutRule } from './cutRules';
import type { EncodingName } from './encodings';
import { hasUnicode17Additions, pretokenizer } from './pretokenizers';
import { loadRankTable, type RankTable } from './rankTable';

/**
 * Entries per cache generation. Two generations are kept (see PieceCountCache), so at most
 * 2 × 65,536 pieces of at most MAX_CACHED_PIECE_LENGTH code units: worst case about
 * 2 × 65,536 × (128 B of characters + ~60 B of string header and map entry) ≈ 25 MB per
 * encoding, typically ~10 MB (pieces average ~6 characters). 65k distinct pieces cover the
 * working set of a document: the 10 MB benchmark corpora have 1k-40k distinct pieces each.
 */
export const CACHE_GENERATION_SIZE = 65_536;
/** Longer pieces are rare (long blank runs, long words) and are not cached, to bound memory. */
export const MAX_CACHED_PIECE_LENGTH = 64;
/**
 * Texts longer than this are pre-tokenized in chunks cut at safe positions (cutRules): one
 * regex `match` over a ~16 KB chunk returns a small array and is the fastest way V8 offers to
 * list pieces (~2× faster than an `exec` loop here), while one `match` over 10 MB would build
 * an array of millions of strings.
 */
const CHUNK_SIZE = 16_384;

/**
 * Piece → token count, bounded: two generations of maps; when the current one is full it
 * becomes the previous one and the old previous one is dropped. A hit in the previous
 * generation is copied forward, so pieces in use survive (an approximate LRU for the cost
 * of one extra map lookup on a miss).
 */
class PieceCountCache {
  private current = new Map<string, number>();
  private previous = new Map<string, number>();

  get(piece: string): number | undefined {
    const hit = this.current.get(piece);
    if (hit !== undefined) return hit;
    const old = this.previous.get(piece);
    if (old !== undefined) this.set(piece, old);
    return old;
  }

  set(piece: string, count: number): void {
    if (this.current.size >= CACHE_GENERATION_SIZE) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(piece, count);
  }

  get size(): number {
    return this.current.size + this.previous.size;
  }
}

/**
 * Exact token counts for a tiktoken encoding, faster than tiktoken itself: V8 runs the
 * pre-tokenizer regex (pretokenizers.ts), most pieces are found in a bounded cache, and the
 * rest are merged by a JavaScript BPE over the published rank table (bytePairCount.ts), which
 * is O(n log n) on long pieces where tiktoken's merge is quadratic.
 */
export class PieceCounter {
  private readonly pattern: RegExp;
  private readonly plainPattern: RegExp;
  private readonly cache = new PieceCountCache();
  private readonly rule: CutRule;

  constructor(
    readonly encoding: EncodingName,
    private readonly ranks: RankTable,
  ) {
    this.pattern = pretokenizer(encoding);
    this.plainPattern = pretokenizer(encoding, true);
    this.rule = cutRuleFor(encoding);
  }

  /** Number of tokens of `text`, special-token literals counted as ordinary text. */
  count(text: string): number {
    if (text.length <= CHUNK_SIZE) return this.countChunk(text);
    let total = 0;
    let start = 0;
    for (const cut of findCuts(text, 0, CHUNK_SIZE, this.rule)) {
      total += this.countChunk(text.slice(start, cut));
      start = cut;
    }
    return total + this.countChunk(text.slice(start));
  }

  /** Pieces in the cache now (for tests and diagnostics). */
  get cachedPieces(): number {
    return this.cache.size;
  }

  private countChunk(text: string): number {
    if (text.length === 0) return 0;
    let pieces: RegExpMatchArray | null;
    try {
      pieces = text.match(hasUnicode17Additions(text) ? this.pattern : this.plainPattern);
    } catch (err) {
      // V8's backtracking stack overflows on one run of several million non-ASCII letters
      // (each loop step over a class with astral code points is a backtrack point).
      if (err instanceof RangeError) {
        throw new Error(`a run of over a million letters or symbols with no break cannot be tokenized (${err.message})`);
      }
      throw err;
    }
    if (pieces === null) return 0;
    let total = 0;
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i];
      let count = this.cache.get(piece);
      if (count === undefined) {
        count = bytePairCount(utf8ByteString(piece), this.ranks);
        if (piece.length <= MAX_CACHED_PIECE_LENGTH) this.cache.set(piece, count);
      }
      total += count;
    }
    return total;
  }
}

const counters = new Map<EncodingName, PieceCounter>();

/** The process's counter for `encoding`; the first call loads the rank table. */
export function loadPieceCounter(encoding: EncodingName): PieceCounter {
  let counter = counters.get(encoding);
  if (!counter) {
    counter = new PieceCounter(encoding, loadRankTable(encoding));
    counters.set(encoding, counter);
  }
  return counter;
}
