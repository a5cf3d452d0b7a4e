import { nfcAsRust } from './hfUnicodeGaps';

/**
 * The text a normalizing tokenizer encodes (Qwen's NFC turns `e` + U+0301 into `é`, U+212B
 * into U+00C5, U+0958 into two code points), with a map back to the text it was made from,
 * so that its tokens can be laid over the document the user sees.
 *
 * Normalization rewrites short stretches (a letter and the marks that follow it, one
 * compatibility character) and leaves everything else equal unit for unit. The rewritten
 * stretches are kept in order, each as [start, end) in both texts. An offset outside them
 * maps by the shift accumulated before it; an offset inside one has no counterpart (its
 * characters were merged, split or reordered), so it is snapped to the stretch's start.
 */
export class NormalizedText {
  constructor(
    /** What the tokenizer encodes. */
    readonly text: string,
    /** Per rewritten stretch, four entries: its start and end in the original, then in `text`. */
    private readonly stretches: Int32Array,
  ) {}

  /** The original offset of `offset` (an offset in `text`), or -1 if it falls inside a rewritten stretch. */
  exactOriginal(offset: number): number {
    const k = this.stretchBefore(offset);
    if (k < 0) return offset;
    const s = this.stretches;
    return offset < s[k + 3] ? -1 : s[k + 1] + (offset - s[k + 3]);
  }

  /** The original offset of `offset`, or of the start of the rewritten stretch it falls inside. */
  originalFloor(offset: number): number {
    const k = this.stretchBefore(offset);
    if (k < 0) return offset;
    const s = this.stretches;
    return offset < s[k + 3] ? s[k] : s[k + 1] + (offset - s[k + 3]);
  }

  /** Index (into `stretches`) of the last stretch starting before `offset` in `text`, or -1. */
  private stretchBefore(offset: number): number {
    const s = this.stretches;
    let lo = 0;
    let hi = s.length / 4 - 1;
    if (hi < 0 || s[2] >= offset) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid * 4 + 2] < offset) lo = mid;
      else hi = mid - 1;
    }
    return lo * 4;
  }
}

/** Puts a normalized text together part by part, in order. */
export class NormalizedTextBuilder {
  private readonly parts: string[] = [];
  private readonly stretches: number[] = [];
  private original = 0;
  private normalized = 0;

  /** Text the normalizer leaves as it is (an added token found before normalization, say). */
  same(text: string): void {
    this.parts.push(text);
    this.original += text.length;
    this.normalized += text.length;
  }

  /** A stretch `from` that normalization turned into `to`. */
  rewritten(from: string, to: string): void {
    if (from === to) return this.same(from);
    this.stretches.push(this.original, this.original + from.length, this.normalized, this.normalized + to.length);
    this.parts.push(to);
    this.original += from.length;
    this.normalized += to.length;
  }

  /**
   * `text` as Hugging Face's NFC normalizer writes it (nfcAsRust), stretch by stretch: each
   * rewritten stretch is as short as NFC allows (see nfcStretches), so that a token edge is
   * lost only where the normalizer really merged or reordered characters.
   */
  nfc(text: string): void {
    const normalized = nfcAsRust(text);
    if (normalized === text) return this.same(text);
    nfcStretches(text, normalized, (from, to) => this.rewritten(from, to));
  }

  /** The normalized text, or undefined if nothing was rewritten (the tokens then spell the text itself). */
  build(): NormalizedText | undefined {
    if (this.stretches.length === 0) return undefined;
    return new NormalizedText(this.parts.join(''), Int32Array.from(this.stretches));
  }
}

/**
 * Cuts `text` into stretches that NFC normalizes independently (the normalized text is the
 * normalized stretches joined) and hands each to `emit` with its normalized form.
 *
 * NFC decomposes, puts each run of combining marks in canonical order, then composes each
 * starter (a character of combining class 0) with the marks after it and with a starter
 * right after it (Hangul L + V, a few Indic vowel signs). Nothing moves across a starter,
 * and a starter can only be composed with the character just before it. So, with `p` the
 * last character of the normalized text before a cut:
 * - a cut before a character `c` whose decomposition begins with a starter is safe exactly
 *   when `p` does not compose with `c`;
 * - a cut before a mark (after a starter: a line may begin with an orphan mark) is safe when
 *   `p` begins with a starter (so nothing before `p` can move or compose across the cut)
 *   and neither composes nor reorders with the marks up to the next starter.
 * Both ask the normalizer about `p` and what follows alone, and need no Unicode tables
 * beyond the engine's own. Where its data and the Rust normalizer's differ (code points the
 * Rust data lacks: nfcAsRust leaves them alone, and nothing composes or moves across them),
 * the combining-class test may refuse a cut the Rust normalizer would allow, never the
 * reverse; such cuts are before marks, inside a grapheme cluster, where no edge is drawn.
 * A cut inside a run of marks is never looked for: it is inside a grapheme cluster too.
 *
 * ASCII characters are starters that compose with nothing before them, so only the non-ASCII
 * runs (with the character before each) are looked at one by one, and only those that NFC
 * changes.
 */
function nfcStretches(text: string, normalized: string, emit: (from: string, to: string) => void): void {
  let done = 0;
  for (let i = 0; i < text.length;) {
    if (text.charCodeAt(i) < 0x80) {
      i++;
      continue;
    }
    // A non-ASCII run and the character before it (which it may compose with).
    const runStart = Math.max(done, i - 1);
    let runEnd = i + 1;
    while (runEnd < text.length && text.charCodeAt(runEnd) >= 0x80) runEnd++;
    if (runStart > done) emit(text.slice(done, runStart), text.slice(done, runStart));
    const run = text.slice(runStart, runEnd);
    // Each normalization costs: the engine's is quadratic in a run of marks (ICU sorts them by insertion).
    const normalizedRun = run.length === text.length ? normalized : nfcAsRust(run);
    if (normalizedRun === run) emit(run, run);
    else nfcRunStretches(run, normalizedRun, emit);
    done = i = runEnd;
  }
  if (done < text.length) emit(text.slice(done), text.slice(done));
}

/**
 * A cut before marks is only looked for when there are at most this many: a longer run is
 * text no one reads (Zalgo), and normalizing it again would cost the most.
 */
const MAX_MARKS_TRIED = 32;

/** nfcStretches over one run (`normalized` is its NFC), deciding each cut as explained there. */
function nfcRunStretches(run: string, normalized: string, emit: (from: string, to: string) => void): void {
  let start = 0;
  const first = codePointAt(run, 0);
  let afterStarter = startsWithStarter(first);
  for (let i = first.length; i < run.length;) {
    const c = codePointAt(run, i);
    const starter = startsWithStarter(c);
    if (starter || afterStarter) {
      // What could interact with the text before the cut: `c`, or the marks from `c` on.
      let end = i + c.length;
      while (!starter && end < run.length && end - i <= MAX_MARKS_TRIED && !startsWithStarter(codePointAt(run, end))) end += codePointAt(run, end).length;
      const before = nfcAsRust(run.slice(start, i));
      const p = lastCodePoint(before);
      const after = run.slice(i, end);
      if ((starter || (end - i <= MAX_MARKS_TRIED && startsWithStarter(p))) && nfcAsRust(p + after) === p + nfcAsRust(after)) {
        emit(run.slice(start, i), before);
        start = i;
      }
    }
    afterStarter = starter;
    i += c.length;
  }
  emit(run.slice(start), start === 0 ? normalized : nfcAsRust(run.slice(start)));
}

/**
 * Whether the canonical decomposition of `c` begins with a starter (combining class 0). The
 * engine says so without a table: a non-starter is reordered by NFD when it follows U+0345
 * (class 240, the highest) or precedes U+0334 (class 1, the lowest), and a starter never is.
 */
function startsWithStarter(c: string): boolean {
  const first = String.fromCodePoint(c.normalize('NFD').codePointAt(0)!);
  const probe = `\u0345${first}\u0334`;
  return probe.normalize('NFD') === probe;
}

/** The code point at `i` as a string (one or two units; the text is well-formed). */
function codePointAt(text: string, i: number): string {
  return isSurrogatePairAt(text, i) ? text.slice(i, i + 2) : text[i];
}

function isSurrogatePairAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
}

function lastCodePoint(text: string): string {
  const n = text.length;
  return n >= 2 && isSurrogatePairAt(text, n - 2) ? text.slice(n - 2) : text.slice(n - 1);
}
