import { findCuts, isWhiteSpace, type CutRule } from '../tokenizers/cutRules';

/**
 * Slices are about this many UTF-16 units: long enough that a tokenizer call costs little
 * next to its work (the fast counter pre-tokenizes in chunks of this size too), short enough
 * that one takes a few milliseconds, so a worker can stop between two and read its messages.
 */
export const SLICE_TARGET = 16_384;

/**
 * A text held as the pieces it comes in (a block store's blocks: a 50 MB document is then
 * not copied into one more 100 MB string), read by offset. Strings are immutable, so the
 * pieces are a snapshot: later edits to the document make new blocks and leave these alone.
 */
export class TextPieces {
  /** starts[i] = offset of pieces[i]; one entry more, the length. */
  private readonly starts: number[] = [0];

  constructor(readonly pieces: readonly string[]) {
    for (const piece of pieces) this.starts.push(this.starts[this.starts.length - 1] + piece.length);
  }

  get length(): number {
    return this.starts[this.starts.length - 1];
  }

  /** The text of [start, end). */
  slice(start: number, end: number): string {
    start = Math.max(0, start);
    end = Math.min(this.length, end);
    if (end <= start) return '';
    const parts: string[] = [];
    for (let i = this.pieceAt(start); i < this.pieces.length && this.starts[i] < end; i++) {
      const s = this.starts[i];
      parts.push(this.pieces[i].slice(Math.max(0, start - s), Math.min(this.pieces[i].length, end - s)));
    }
    return parts.join('');
  }

  /** Index of the piece holding `offset` (the last piece starting at or before it). */
  private pieceAt(offset: number): number {
    let lo = 0;
    let hi = this.pieces.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/**
 * Reads a text from start to end in slices cut where `rule` says a tokenizer may cut, so the
 * tokens of the slices, each tokenized alone, are exactly the tokens of the whole text. Each
 * slice is at least `target` units long where the text allows (the last one may be shorter);
 * a text with no safe cut (a tokenizer whose rule never cuts) is one slice.
 *
 * Cuts are looked for in a window of the text ahead: every rule reads only a few characters
 * around a cut and answers "unsafe" when the window ends too soon to tell (cutRules.ts), so a
 * cut found in the window is a cut of the whole text.
 */
export class SliceCursor {
  private next_ = 0;
  private buffer = '';
  private _consumed = 0;

  private readonly rule: CutRule;

  constructor(
    private readonly text: TextPieces,
    rule: CutRule,
    private readonly target = SLICE_TARGET,
  ) {
    this.rule = betweenWords(rule);
  }

  /** UTF-16 units handed out so far. */
  get consumed(): number {
    return this._consumed;
  }

  /** The next slice, or undefined at the end of the text. */
  next(): string | undefined {
    let window = 2 * this.target;
    for (;;) {
      this.fill(window);
      const atEnd = this.next_ === this.text.pieces.length;
      if (this.buffer.length === 0) return undefined;
      if (atEnd && this.buffer.length <= this.target) return this.take(this.buffer.length);
      const cut = findFirstCut(this.buffer, this.target, this.rule);
      if (cut !== undefined) return this.take(cut);
      if (atEnd) return this.take(this.buffer.length);
      window = 2 * this.buffer.length; // no cut yet: look further (doubling keeps the scans linear)
    }
  }

  private fill(size: number): void {
    while (this.buffer.length < size && this.next_ < this.text.pieces.length) this.buffer += this.text.pieces[this.next_++];
  }

  private take(length: number): string {
    const slice = this.buffer.slice(0, length);
    this.buffer = this.buffer.slice(length);
    this._consumed += length;
    return slice;
  }
}

/** The first safe cut at or after `target`, if `text` has one. */
function findFirstCut(text: string, target: number, rule: CutRule): number | undefined {
  return findCuts(text, 0, target, rule, 1)[0];
}

/**
 * The tokenizer's cuts that are also between words: next to a blank. Word counts, fertility and
 * per-script figures are summed slice by slice, so a slice may not end inside a word; the cut
 * rules also cut inside a line where the character class changes (`A|0`, `","|key`), which is
 * safe for tokens but would split `A0` into two words. Every line and word-gap cut is next to a
 * blank, so the slices are as they were before those cuts existed.
 */
function betweenWords(rule: CutRule): CutRule {
  return { isSafeCut: (text, p) => (separatesWords(text.charCodeAt(p - 1)) || separatesWords(text.charCodeAt(p))) && rule.isSafeCut(text, p) };
}

/**
 * A blank that no word goes through. U+202F NARROW NO-BREAK SPACE is White_Space but
 * Word_Break=ExtendNumLet, which joins what is around it into one word (`3.14` U+202F U+202F
 * `𪰹` is one word to Intl.Segmenter): a cut beside it could split that word. Found by the
 * block-by-block property test in test/unit/insights.test.ts.
 */
function separatesWords(c: number): boolean {
  return c !== 0x202f && isWhiteSpace(c);
}
