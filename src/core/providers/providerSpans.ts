import { segmentsOverlapping, segmentTokens, type Segmentation } from '../incremental/tokenBoundaries';
import { spanOfSegmentation, type TokenSpan } from '../incremental/tokenSpan';
import type { ProviderTokens } from './providerSpec';

/** One token of a provider's answer, as the hover lists it. */
export interface ProviderToken {
  /** The provider's id. */
  readonly id: number;
  /** Index in the text. */
  readonly index: number;
  /** Its UTF-8 bytes (the answer's, which are the text's there). */
  readonly bytes: Uint8Array;
}

const utf8 = new TextEncoder();

/**
 * A provider's tokens (xAI's tokenize-text) laid over the text they are of, as the editor
 * draws tokens: the same {@link TokenSpan}s and display segments as the worker's, so the one
 * paint path (src/host/boundaries/tokenPaint.ts) draws them. A token boundary inside a
 * character or a grapheme cluster is not drawn (segmentTokens): the tokens on both sides are
 * one segment, as for a local tokenizer. Laid out once, on first use, over the whole text (the
 * answer covers it all); each range asked for is then a slice.
 */
export class ProviderTokenLayout {
  private laidOut: Segmentation | undefined;

  private constructor(
    private readonly text: string,
    readonly tokens: ProviderTokens,
  ) {}

  /** The layout of `tokens` over `text`, or undefined when they are not its tokens (they cover another length). */
  static of(text: string, tokens: ProviderTokens): ProviderTokenLayout | undefined {
    const n = tokens.ends.length;
    if (n !== tokens.ids.length || n !== tokens.byteLengths.length) return undefined;
    if ((n === 0 ? 0 : tokens.ends[n - 1]) !== text.length) return undefined;
    return new ProviderTokenLayout(text, tokens);
  }

  /** How many tokens the text has. */
  get count(): number {
    return this.tokens.ids.length;
  }

  /** The tokens over [start, end) of the text, with their segments: what the worker answers for a local tokenizer. */
  span(start: number, end: number): TokenSpan {
    return spanOfSegmentation(this.tokens.ids, this.segmentation(), 0, 0, start, end);
  }

  /** The display segment holding `offset`, [start, end), and each token it holds; undefined past the text. */
  segmentAt(offset: number): { start: number; end: number; tokens: ProviderToken[] } | undefined {
    if (offset < 0 || offset >= this.text.length) return undefined;
    const s = this.segmentation();
    const [k] = segmentsOverlapping(s, offset, offset);
    const start = s.segmentStarts[k];
    const end = s.segmentStarts[k + 1];
    // A segment starts and ends between characters: its bytes are its tokens' bytes.
    const bytes = utf8.encode(this.text.slice(start, end));
    const tokens: ProviderToken[] = [];
    let at = 0;
    for (let t = s.segmentFirstToken[k]; t < s.segmentFirstToken[k + 1]; t++) {
      const length = this.tokens.byteLengths[t];
      tokens.push({ id: this.tokens.ids[t], index: t, bytes: bytes.subarray(at, at + length) });
      at += length;
    }
    return { start, end, tokens };
  }

  private segmentation(): Segmentation {
    return (this.laidOut ??= segmentTokens(this.text, this.tokens.byteLengths));
  }
}
