import { measureText } from '../text/textStats';
import { segmentTokens } from '../incremental/tokenBoundaries';
import type { Disagreement } from './insightTypes';

/** Spans reported at most; the first ones in the text (a panel lists them, and a user narrows with a selection). */
export const MAX_SPANS = 500;
/** Characters of a span's text reported at most; a longer one is cut and followed by `…`. */
export const MAX_SPAN_TEXT = 200;

export type Side = 'a' | 'b';

/**
 * The token ends of one tokenization, from the slices pushed so far, kept until the other
 * side has got as far. Ends are UTF-8 byte offsets from the text's start: a token may end
 * inside a character (a CJK character in two tokens), and two tokenizers may cut the same
 * character at the same byte or at different ones.
 */
class TokenEnds {
  readonly bytes: number[] = [];
  /** UTF-16 offset of each end, or -1 for an end inside a character. */
  readonly units: number[] = [];
  /** Tokens that end there: 1, or a slice's count when its tokens could not be laid over it. */
  readonly weights: number[] = [];
  head = 0;
  pushedBytes = 0;
  pushedUnits = 0;

  push(text: string, byteLengths: ArrayLike<number>): void {
    const textBytes = measureText(text).bytes;
    let tokenBytes = 0;
    for (let t = 0; t < byteLengths.length; t++) tokenBytes += byteLengths[t];
    if (tokenBytes !== textBytes) {
      // A tokenizer that normalizes (NFC) encodes other bytes than the text's, so its
      // boundaries inside the slice cannot be placed; the slice's edges can (they are safe
      // cuts, so token edges), and its tokens count as one unit there.
      this.add(this.pushedBytes + textBytes, this.pushedUnits + text.length, byteLengths.length);
    } else if (byteLengths.length > 0) {
      // With every boundary allowed, a segment ends at each token end that falls between
      // characters: those are the ends with a UTF-16 offset.
      const { segmentStarts, segmentFirstToken } = segmentTokens(text, byteLengths, () => true);
      let k = 1;
      let end = this.pushedBytes;
      for (let t = 0; t < byteLengths.length; t++) {
        end += byteLengths[t];
        if (segmentFirstToken[k] === t + 1) this.add(end, this.pushedUnits + segmentStarts[k++], 1);
        else this.add(end, -1, 1);
      }
    }
    this.pushedBytes += textBytes;
    this.pushedUnits += text.length;
  }

  get pending(): boolean {
    return this.head < this.bytes.length;
  }

  /** Drops what both sides have read (the arrays would otherwise hold a whole document's tokens). */
  compact(): void {
    if (this.head < 4096 || this.head * 2 < this.bytes.length) return;
    this.bytes.splice(0, this.head);
    this.units.splice(0, this.head);
    this.weights.splice(0, this.head);
    this.head = 0;
  }

  private add(bytes: number, unit: number, weight: number): void {
    this.bytes.push(bytes);
    this.units.push(unit);
    this.weights.push(weight);
  }
}

interface Span {
  start: number;
  end: number;
  tokensA: number;
  tokensB: number;
}

/**
 * Where two tokenizations of the same text cut it differently. Both are pushed slice by slice,
 * each side in its own slices (cut where *its* tokenizer may cut, so each side's tokens are
 * exactly the whole text's), in any interleaving; the finder reads both as far as both have
 * got. Pushing the side that is behind (`behind`) keeps little queued.
 *
 * A common boundary is an offset between two characters where both tokenizations have a token
 * boundary (the text's start and end are ones). A span runs from one common boundary to the
 * next when, between them, the two have different boundaries (an end inside a character counts,
 * at its byte); `tokensA` and `tokensB` are the tokens each has there. Where both have the same
 * single token (even with different ids) there is no span; two differing stretches that meet at
 * a common boundary are two spans. Only the first MAX_SPANS spans are kept: finding one more
 * sets `truncated`, and the caller may stop pushing then.
 */
export class DisagreementFinder {
  private readonly sides: Record<Side, TokenEnds> = { a: new TokenEnds(), b: new TokenEnds() };
  private readonly spans: Span[] = [];
  private spanStart = 0;
  private tokensA = 0;
  private tokensB = 0;
  private differ = false;
  private _truncated = false;

  constructor(private readonly maxSpans = MAX_SPANS) {}

  /** True once a span beyond the first `maxSpans` was found: nothing more is recorded. */
  get truncated(): boolean {
    return this._truncated;
  }

  /** The side that has pushed less of the text (a when even). */
  get behind(): Side {
    return this.sides.a.pushedUnits <= this.sides.b.pushedUnits ? 'a' : 'b';
  }

  /** UTF-16 units of the text pushed so far by one side. */
  pushedUnits(side: Side): number {
    return this.sides[side].pushedUnits;
  }

  /** The next slice of the text for one side, with the UTF-8 length of each of its tokens. */
  push(side: Side, text: string, tokenByteLengths: ArrayLike<number>): void {
    this.sides[side].push(text, tokenByteLengths);
    this.read();
  }

  /**
   * The spans found, in text order. `textOf(start, end)` gives the text's characters there;
   * only the first MAX_SPAN_TEXT of each span are asked for.
   */
  result(textOf: (start: number, end: number) => string): { spans: Disagreement[]; truncated: boolean } {
    const spans = this.spans.map((span): Disagreement => {
      let end = Math.min(span.end, span.start + MAX_SPAN_TEXT);
      let text = textOf(span.start, end);
      if (end < span.end) {
        // Never end on half a surrogate pair.
        const last = text.charCodeAt(text.length - 1);
        if (last >= 0xd800 && last <= 0xdbff) text = text.slice(0, -1);
        text += '…';
        end = span.end;
      }
      return { start: span.start, end, text, tokensA: span.tokensA, tokensB: span.tokensB };
    });
    return { spans, truncated: this._truncated };
  }

  private read(): void {
    const { a, b } = this.sides;
    while (!this._truncated && a.pending && b.pending) {
      const endA = a.bytes[a.head];
      const endB = b.bytes[b.head];
      if (endA <= endB) this.take(a, 'a');
      if (endB <= endA) this.take(b, 'b');
      if (endA !== endB) {
        this.differ = true;
        continue;
      }
      const unit = a.units[a.head - 1];
      if (unit < 0) continue; // both cut the same character at the same byte: not a span edge
      if (this.differ) this.record({ start: this.spanStart, end: unit, tokensA: this.tokensA, tokensB: this.tokensB });
      this.spanStart = unit;
      this.tokensA = 0;
      this.tokensB = 0;
      this.differ = false;
    }
    a.compact();
    b.compact();
  }

  private take(ends: TokenEnds, side: Side): void {
    const weight = ends.weights[ends.head++];
    if (side === 'a') this.tokensA += weight;
    else this.tokensB += weight;
    // Tokens that could not be placed may have boundaries the other side lacks.
    if (weight !== 1) this.differ = true;
  }

  private record(span: Span): void {
    if (this.spans.length >= this.maxSpans) this._truncated = true;
    else this.spans.push(span);
  }
}
