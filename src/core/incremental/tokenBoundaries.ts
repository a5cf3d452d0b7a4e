/**
 * Where tokens begin and end in a text, in UTF-16 offsets an editor can use, and how they group
 * into display segments.
 *
 * A token is a run of UTF-8 bytes, and its edges need not fall between characters: `é` may be
 * one token's last byte and the next token's first, an emoji may be cut into three tokens, a
 * combining mark may be its own token. An editor can only paint whole characters, and should
 * paint whole grapheme clusters (what a user sees as one character), so a token boundary that
 * falls inside a character or inside a cluster is not drawn: the tokens on both sides are one
 * segment, and the hover lists each of them.
 */

import { graphemeBoundaryTest } from '../text/graphemeBreak';
import type { NormalizedText } from '../text/normalizedText';

export { graphemeBoundaryTest };

/** Tokens of a text and their display segments, offsets relative to the text's start. */
export interface Segmentation {
  /** Offset of the character that holds each token's first byte (one entry per token). */
  readonly tokenStarts: Int32Array;
  /**
   * Segment k covers [segmentStarts[k], segmentStarts[k + 1]); the array has one entry more
   * than there are segments, the last being the text's length.
   */
  readonly segmentStarts: Int32Array;
  /**
   * Segment k holds tokens segmentFirstToken[k] … segmentFirstToken[k + 1] - 1; one entry
   * more than there are segments, the last being the number of tokens.
   */
  readonly segmentFirstToken: Int32Array;
}

/** UTF-8 length of the character at `i`; lone surrogates count as U+FFFD (3 bytes), as tiktoken sees them. */
function charAt(text: string, i: number): { units: 1 | 2; bytes: number } {
  const c = text.charCodeAt(i);
  if (c < 0x80) return ONE_BYTE;
  if (c < 0x800) return TWO_BYTES;
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return FOUR_BYTES;
  }
  return THREE_BYTES;
}
const ONE_BYTE = { units: 1, bytes: 1 } as const;
const TWO_BYTES = { units: 1, bytes: 2 } as const;
const THREE_BYTES = { units: 1, bytes: 3 } as const;
const FOUR_BYTES = { units: 2, bytes: 4 } as const;

/**
 * Lays the tokens of `text` over it. `tokenByteLengths[t]` is the UTF-8 length of token t, and
 * the tokens must be exactly the encoding of `text` (their lengths add up to its UTF-8 length).
 * A boundary is drawn only where it falls between characters and between grapheme clusters;
 * `isBoundary` defaults to the grapheme test of `text`.
 */
export function segmentTokens(text: string, tokenByteLengths: ArrayLike<number>, isBoundary: (p: number) => boolean = graphemeBoundaryTest(text)): Segmentation {
  const n = tokenByteLengths.length;
  const tokenStarts = new Int32Array(n);
  const segmentStarts: number[] = [0];
  const segmentFirstToken: number[] = [0];
  let unit = 0; // the character at `unit` holds byte `byte`…
  let byte = 0; // …which is its first byte
  let tokenEnd = 0;
  for (let t = 0; t < n; t++) {
    tokenStarts[t] = unit;
    tokenEnd += tokenByteLengths[t];
    // Step over every character that ends by this token's end.
    while (unit < text.length) {
      const c = charAt(text, unit);
      if (byte + c.bytes > tokenEnd) break;
      byte += c.bytes;
      unit += c.units;
    }
    const last = t === n - 1;
    if (!last && byte === tokenEnd && unit > 0 && unit < text.length && isBoundary(unit)) {
      segmentStarts.push(unit);
      segmentFirstToken.push(t + 1);
    }
  }
  if (byte !== tokenEnd || unit !== text.length) {
    throw new Error(`tokens cover ${tokenEnd} bytes but the text has ${byte + utf8Length(text, unit)}: they are not its encoding`);
  }
  if (n === 0) return { tokenStarts, segmentStarts: Int32Array.of(text.length), segmentFirstToken: Int32Array.of(0) };
  segmentStarts.push(text.length);
  segmentFirstToken.push(n);
  return { tokenStarts, segmentStarts: Int32Array.from(segmentStarts), segmentFirstToken: Int32Array.from(segmentFirstToken) };
}

/**
 * Lays the tokens of a normalizing tokenizer over the text it was given. The tokens spell
 * `normalized.text`, not `text`, so they are laid over that, and their edges are taken back
 * to `text`: an edge is drawn only where it falls between characters of both texts that
 * correspond (not inside a stretch the normalizer rewrote: `e` + U+0301 became one `é`, and
 * no edge inside it can be painted between `e` and the accent) and at a grapheme boundary of
 * `text`, the one the editor shows. Tokens that share a rewritten stretch are thus one
 * segment, as tokens sharing a character are. A token starting inside such a stretch is said
 * to start where the stretch does.
 */
export function segmentNormalizedTokens(text: string, normalized: NormalizedText, tokenByteLengths: ArrayLike<number>): Segmentation {
  const isGraphemeBoundary = graphemeBoundaryTest(text);
  const s = segmentTokens(normalized.text, tokenByteLengths, (p) => {
    const original = normalized.exactOriginal(p);
    return original >= 0 && isGraphemeBoundary(original);
  });
  const tokenStarts = s.tokenStarts.map((p) => normalized.originalFloor(p));
  // Every segment edge is an offset with a counterpart: the ends, and the edges allowed above.
  const segmentStarts = s.segmentStarts.map((p) => normalized.exactOriginal(p));
  return { tokenStarts, segmentStarts, segmentFirstToken: s.segmentFirstToken };
}

function utf8Length(text: string, from: number): number {
  let bytes = 0;
  for (let i = from; i < text.length;) {
    const c = charAt(text, i);
    bytes += c.bytes;
    i += c.units;
  }
  return bytes;
}

/**
 * The segments that overlap [start, end) as a half-open index range [first, last). An empty
 * range (start === end) asks for the segment holding `start`.
 */
export function segmentsOverlapping(s: Segmentation, start: number, end: number): [number, number] {
  const starts = s.segmentStarts;
  const count = starts.length - 1;
  if (count <= 0) return [0, 0];
  // First segment whose end is past `start`: the last segment starting at or before it.
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= start) lo = mid;
    else hi = mid - 1;
  }
  const first = lo;
  if (start >= starts[count]) return [count, count];
  let last = first + 1;
  while (last < count && starts[last] < end) last++;
  return [first, last];
}
