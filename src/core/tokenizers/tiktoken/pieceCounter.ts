import { bytePairCount, bytePairIds, utf8ByteString } from './bytePairCount';
import { cutRuleFor, findCuts, type CutRule } from '../cutRules';
import type { EncodingName } from './encodings';
import { hasUnicode17Additions, pretokenizer } from './pretokenizers';
import type { RankTable } from './rankTable';
import { runTooLongError } from '../tokenizer';
import { PieceCache } from '../pieceCache';

/**
 * Entries per cache generation. Two generations are kept (see ../pieceCache.ts), so at most
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

/** The piece cache's bounds for a tiktoken encoding (see the constants above). */
const CACHE_BOUNDS = { generationPieces: CACHE_GENERATION_SIZE, generationUnits: Infinity, maxPieceUnits: MAX_CACHED_PIECE_LENGTH };

/**
 * Exact token counts for a tiktoken encoding, faster than tiktoken itself: V8 runs the
 * pre-tokenizer regex (pretokenizers.ts), most pieces are found in a bounded cache, and the
 * rest are merged by a JavaScript BPE over the published rank table (bytePairCount.ts), which
 * is O(n log n) on long pieces where tiktoken's merge is quadratic.
 */
export class PieceCounter {
  private readonly pattern: RegExp;
  private readonly plainPattern: RegExp;
  private readonly cache = new PieceCache<number>(CACHE_BOUNDS);
  /** Ids are asked for far less often than counts (visible ranges, hovers, the insight panel). */
  private readonly idCache = new PieceCache<readonly number[]>(CACHE_BOUNDS);
  private readonly rule: CutRule;

  constructor(
    readonly encoding: EncodingName,
    /** Also what TiktokenTokenizer.decodeToken reads a token's bytes from. */
    readonly ranks: RankTable,
  ) {
    this.pattern = pretokenizer(encoding);
    this.plainPattern = pretokenizer(encoding, true);
    this.rule = cutRuleFor(encoding);
  }

  /** Number of tokens of `text`, special-token literals counted as ordinary text. */
  count(text: string): number {
    // Most calls (a block, a selection, a keystroke's line) fit one chunk: no generator for them.
    if (text.length <= CHUNK_SIZE) return this.countChunk(text);
    let total = 0;
    for (const chunk of this.chunks(text)) total += this.countChunk(chunk);
    return total;
  }

  /**
   * Token ids of `text`, special-token literals as ordinary text: tiktoken's `encode_ordinary`,
   * id for id (test/unit/pieceCounter.test.ts), through the same split, cache and merge as
   * `count`, so linear where tiktoken is quadratic (a run of one letter, base64 with no break).
   */
  encode(text: string): Uint32Array {
    const ids: number[] = [];
    for (const chunk of this.chunks(text)) {
      const pieces = this.pieces(chunk);
      if (pieces === null) continue;
      for (let i = 0; i < pieces.length; i++) {
        const piece = pieces[i];
        const cached = this.idCache.get(piece);
        if (cached !== undefined) {
          for (let k = 0; k < cached.length; k++) ids.push(cached[k]);
          continue;
        }
        const from = ids.length;
        bytePairIds(utf8ByteString(piece), this.ranks, ids);
        this.idCache.set(piece, ids.slice(from));
      }
    }
    return Uint32Array.from(ids);
  }

  /** Pieces in the cache now (for tests and diagnostics). */
  get cachedPieces(): number {
    return this.cache.size;
  }

  /** `text` cut at safe positions into chunks of about CHUNK_SIZE (one chunk when shorter). */
  private *chunks(text: string): Generator<string> {
    if (text.length <= CHUNK_SIZE) {
      yield text;
      return;
    }
    let start = 0;
    for (const cut of findCuts(text, 0, CHUNK_SIZE, this.rule)) {
      yield text.slice(start, cut);
      start = cut;
    }
    yield text.slice(start);
  }

  /** The pre-tokenizer's pieces of one chunk. */
  private pieces(text: string): RegExpMatchArray | null {
    if (text.length === 0) return null;
    try {
      return text.match(hasUnicode17Additions(text) ? this.pattern : this.plainPattern);
    } catch (err) {
      throw runTooLongError(text, err);
    }
  }

  private countChunk(text: string): number {
    const pieces = this.pieces(text);
    if (pieces === null) return 0;
    let total = 0;
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i];
      let count = this.cache.get(piece);
      if (count === undefined) {
        count = bytePairCount(utf8ByteString(piece), this.ranks);
        this.cache.set(piece, count);
      }
      total += count;
    }
    return total;
  }
}
