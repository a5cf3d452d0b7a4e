import { bytePairCount, bytePairIds, utf8ByteString } from './bytePairCount';
import { cutRuleFor, findCuts, type CutRule } from '../cutRules';
import type { EncodingName } from './encodings';
import { hasUnicode17Additions, pretokenizer } from './pretokenizers';
import type { RankTable } from './rankTable';
import { runTooLongError } from '../tokenizer';
import { PieceCache } from '../pieceCache';
import { AsciiCountCache } from './asciiPieceCounts';
import { asciiPieceScanner, MATCHED_SEGMENT, NEEDS_REGEX, SCAN_WINDOW, type AsciiPieceScanner } from './asciiPieceScanner';

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
  /** Built on first use, as every regex below: constructing one of these costs 2-10 ms at start-up. */
  private exactPattern: RegExp | undefined;
  private plainPatternOnce: RegExp | undefined;
  private readonly cache = new PieceCache<number>(CACHE_BOUNDS);
  /** Ids are asked for far less often than counts (visible ranges, hovers, the insight panel). */
  private readonly idCache = new PieceCache<Uint32Array>(CACHE_BOUNDS);
  private readonly rule: CutRule;
  /** Reads ASCII pieces without the regex (o200k_base, cl100k_base); see asciiPieceScanner.ts. */
  private readonly scanner: AsciiPieceScanner | undefined;
  /** The scanner's pieces' counts, in two generations like `cache` (asciiPieceCounts.ts). */
  private readonly asciiCounts = new AsciiCountCache(CACHE_GENERATION_SIZE);
  /** An ASCII piece is its own byte string: merged as it is. */
  private readonly mergeAscii = (piece: string): number => bytePairCount(piece, this.ranks);
  /** The regexes again, sticky, for the pieces the scanner leaves to them. */
  private stickyPattern: RegExp | undefined;
  private stickyPlainPattern: RegExp | undefined;

  constructor(
    readonly encoding: EncodingName,
    /** Also what TiktokenTokenizer.decodeToken reads a token's bytes from. */
    readonly ranks: RankTable,
  ) {
    this.rule = cutRuleFor(encoding);
    this.scanner = asciiPieceScanner(encoding);
  }

  /** The pre-tokenizer regex for `text`: exact for any text, or the faster one where that is exact. */
  private patternFor(text: string): RegExp {
    if (hasUnicode17Additions(text)) return (this.exactPattern ??= pretokenizer(this.encoding));
    return (this.plainPatternOnce ??= pretokenizer(this.encoding, true));
  }

  /** The same, sticky, to ask for the one piece at `lastIndex`. */
  private stickyPatternFor(text: string): RegExp {
    if (hasUnicode17Additions(text)) return (this.stickyPattern ??= sticky(pretokenizer(this.encoding)));
    return (this.stickyPlainPattern ??= sticky(pretokenizer(this.encoding, true)));
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
    // About 4 characters a token in prose; the buffer grows if the text needs more.
    const out = new IdBuffer(text.length >> 2);
    if (text.length <= CHUNK_SIZE) this.encodeChunk(text, out);
    else for (const chunk of this.chunks(text)) this.encodeChunk(chunk, out);
    return out.ids();
  }

  /**
   * The ids of one chunk, its pieces found as `countScanned` finds them: an ASCII piece is its
   * own UTF-8 byte string, and most are one token, so its id is read from the rank table over
   * the text's range, with no piece string, no regex and no cache lookup. The rest (pieces that
   * are not one token, pieces next to other characters) go through the piece id cache.
   */
  private encodeChunk(text: string, out: IdBuffer): void {
    const scan = this.scanner;
    if (!scan || text.length === 0) return this.encodeMatched(text, out);
    const n = text.length;
    let pieces = 0;
    let asked = 0;
    let sticky: RegExp | undefined;
    for (let p = 0; p < n;) {
      let end = scan(text, p, n);
      if (end === NEEDS_REGEX) {
        sticky ??= this.stickyPatternFor(text);
        sticky.lastIndex = p;
        let match: RegExpExecArray | null;
        try {
          match = sticky.exec(text);
        } catch (err) {
          throw runTooLongError(text, err);
        }
        if (match === null) return this.encodeMatched(text.slice(p), out);
        end = p + match[0].length;
        this.encodePiece(match[0], out);
        asked++;
      } else {
        const whole = end - p <= MAX_CACHED_PIECE_LENGTH ? this.ranks.rank(text, p, end) : -1;
        if (whole >= 0) out.push(whole);
        else this.encodePiece(text.slice(p, end), out);
      }
      p = end;
      if (++pieces === SCAN_WINDOW) {
        // As in countScanned: a stretch where most pieces need the regex goes to one `match`.
        if (asked * 4 > SCAN_WINDOW && p < n) {
          const cut = findCuts(text, p, MATCHED_SEGMENT, this.rule, 1)[0] ?? n;
          this.encodeMatched(text.slice(p, cut), out);
          p = cut;
        }
        pieces = asked = 0;
      }
    }
  }

  /** The ids of `text` from one `String#match` over it. */
  private encodeMatched(text: string, out: IdBuffer): void {
    const pieces = this.pieces(text);
    if (pieces === null) return;
    for (let i = 0; i < pieces.length; i++) this.encodePiece(pieces[i], out);
  }

  private encodePiece(piece: string, out: IdBuffer): void {
    const cached = this.idCache.get(piece);
    if (cached !== undefined) return out.pushAll(cached);
    const from = out.length;
    bytePairIds(utf8ByteString(piece), this.ranks, out);
    this.idCache.set(piece, out.copy(from));
  }

  /** Pieces in the cache now (for tests and diagnostics). */
  get cachedPieces(): number {
    return this.cache.size + this.asciiCounts.size;
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
      return text.match(this.patternFor(text));
    } catch (err) {
      throw runTooLongError(text, err);
    }
  }

  private countChunk(text: string): number {
    return this.scanner && text.length > 0 ? this.countScanned(text, this.scanner) : this.countMatched(text);
  }

  /**
   * Counts `text` piece by piece from the scanner's offsets, asking the sticky regex for the
   * pieces it leaves (those next to a character that is not ASCII), and handing stretches where
   * most pieces need the regex to `countMatched`.
   */
  private countScanned(text: string, scan: AsciiPieceScanner): number {
    const n = text.length;
    let total = 0;
    let pieces = 0;
    let asked = 0;
    let sticky: RegExp | undefined;
    for (let p = 0; p < n;) {
      let end = scan(text, p, n);
      if (end === NEEDS_REGEX) {
        sticky ??= this.stickyPatternFor(text);
        sticky.lastIndex = p;
        let match: RegExpExecArray | null;
        try {
          match = sticky.exec(text);
        } catch (err) {
          throw runTooLongError(text, err);
        }
        // Every character starts some alternative of these regexes; should none match here,
        // `match` below skips to the next piece, as it always did.
        if (match === null) return total + this.countMatched(text.slice(p));
        end = p + match[0].length;
        total += this.countPiece(match[0]);
        asked++;
      } else {
        total += this.countAscii(text, p, end);
      }
      p = end;
      if (++pieces === SCAN_WINDOW) {
        if (asked * 4 > SCAN_WINDOW && p < n) {
          // A safe cut after p is a piece boundary of the text from p on (cutRules.ts).
          const cut = findCuts(text, p, MATCHED_SEGMENT, this.rule, 1)[0] ?? n;
          total += this.countMatched(text.slice(p, cut));
          p = cut;
        }
        pieces = asked = 0;
      }
    }
    return total;
  }

  /** The count of the ASCII piece `text[start, end)`, from the range-keyed cache or merged. */
  private countAscii(text: string, start: number, end: number): number {
    const length = end - start;
    if (length === 1) return 1; // every byte is a token
    // ASCII: the piece's characters are its UTF-8 bytes, so the slice is its byte string.
    if (length > MAX_CACHED_PIECE_LENGTH) return bytePairCount(text.slice(start, end), this.ranks);
    return this.asciiCounts.countOf(text, start, end, this.mergeAscii);
  }

  /** Counts `text` from one `String#match` over it. */
  private countMatched(text: string): number {
    const pieces = this.pieces(text);
    if (pieces === null) return 0;
    let total = 0;
    for (let i = 0; i < pieces.length; i++) total += this.countPiece(pieces[i]);
    return total;
  }

  private countPiece(piece: string): number {
    let count = this.cache.get(piece);
    if (count === undefined) {
      count = bytePairCount(utf8ByteString(piece), this.ranks);
      this.cache.set(piece, count);
    }
    return count;
  }
}

const sticky = (pattern: RegExp): RegExp => new RegExp(pattern.source, `${pattern.flags}y`);

/** Token ids as they are found: a typed array that doubles when full (no array of numbers to convert at the end). */
class IdBuffer {
  private buffer: Uint32Array;
  length = 0;

  constructor(capacity: number) {
    this.buffer = new Uint32Array(Math.max(16, capacity));
  }

  push(id: number): void {
    if (this.length === this.buffer.length) this.grow(this.length + 1);
    this.buffer[this.length++] = id;
  }

  pushAll(ids: Uint32Array): void {
    if (this.length + ids.length > this.buffer.length) this.grow(this.length + ids.length);
    this.buffer.set(ids, this.length);
    this.length += ids.length;
  }

  /** A copy of the ids from `from` on. */
  copy(from: number): Uint32Array {
    return this.buffer.slice(from, this.length);
  }

  /** The ids, trimmed to their number. */
  ids(): Uint32Array {
    return this.buffer.length === this.length ? this.buffer : this.buffer.slice(0, this.length);
  }

  private grow(needed: number): void {
    const grown = new Uint32Array(Math.max(needed, this.buffer.length * 2));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }
}
