/**
 * Grapheme cluster boundaries (Unicode UAX #29, extended clusters), asked one offset at a time.
 *
 * Intl.Segmenter is the reference, but it is slow to ask about single offsets: each
 * `segment()` call sets up an ICU iterator and copies the string (~4 µs for a short string,
 * measured in Node 20), and iterating costs ~6 µs per cluster. A screenful of CJK text has a
 * token edge at almost every character, so the common rules are decided here from the two
 * code points around the offset (with a short look back where a rule needs one), and only
 * Indic conjuncts (rule GB9c, new in Unicode 15.1, so the engine's ICU decides) go to the
 * segmenter, in a window of a few dozen characters.
 */

const CR = 0x0d;
const LF = 0x0a;
const ZWJ = 0x200d;

/** GCB=Extend (Grapheme_Extend and the emoji skin-tone modifiers) or ZWJ: never broken before (GB9). */
const EXTEND = /^[\p{Grapheme_Extend}\u200d\u{1F3FB}-\u{1F3FF}]$/u;
/** GCB=Control: controls, line/paragraph separators and format characters that do not extend. */
const CONTROL = /^(?![\p{Grapheme_Extend}\u200d\u0600-\u0605\u06DD\u070F\u0890\u0891\u08E2\u{110BD}\u{110CD}])[\p{Cc}\p{Zl}\p{Zp}\p{Cf}]$/u;
/** GCB=SpacingMark: spacing combining marks (minus UAX #29's listed exceptions) and Thai/Lao AM (GB9a). */
const SPACING_MARK =
  /^(?![\u102B\u102C\u1038\u1062-\u1064\u1067-\u106D\u1083\u1087-\u108C\u108F\u109A-\u109C\u1A61\u1A63\u1A64\uAA7B\uAA7D\u{11720}\u{11721}])[\p{Mc}\u0E33\u0EB3]$/u;
/** GCB=Prepend: never broken after (GB9b); the first ten are Prepended_Concatenation_Mark, which JS regexes do not name. */
const PREPEND = /^[\u0600-\u0605\u06DD\u070F\u0890\u0891\u08E2\u{110BD}\u{110CD}\u0D4E\u{111C2}\u{111C3}\u{1193F}\u{11941}\u{11A3A}\u{11A84}-\u{11A89}\u{11D46}\u{11F02}]$/u;
const EXTENDED_PICTOGRAPHIC = /^\p{Extended_Pictographic}$/u;
/** Letters of the scripts with Indic conjunct consonants (GB9c): Devanagari, Bengali, Gujarati, Oriya, Telugu, Malayalam. */
const INDIC_LETTER = /^[\p{Script=Deva}\p{Script=Beng}\p{Script=Gujr}\p{Script=Orya}\p{Script=Telu}\p{Script=Mlym}]$/u;

function isRegionalIndicator(c: number): boolean {
  return c >= 0x1f1e6 && c <= 0x1f1ff;
}

type Hangul = 'L' | 'V' | 'T' | 'LV' | 'LVT' | undefined;
function hangul(c: number): Hangul {
  if ((c >= 0x1100 && c <= 0x115f) || (c >= 0xa960 && c <= 0xa97c)) return 'L';
  if ((c >= 0x1160 && c <= 0x11a7) || (c >= 0xd7b0 && c <= 0xd7c6)) return 'V';
  if ((c >= 0x11a8 && c <= 0x11ff) || (c >= 0xd7cb && c <= 0xd7fb)) return 'T';
  if (c >= 0xac00 && c <= 0xd7a3) return (c - 0xac00) % 28 === 0 ? 'LV' : 'LVT';
  return undefined;
}

/** GB6-GB8: whether two Hangul parts stay in one syllable. */
function hangulJoins(b: Hangul, a: Hangul): boolean {
  if (b === 'L') return a === 'L' || a === 'V' || a === 'LV' || a === 'LVT';
  if (b === 'LV' || b === 'V') return a === 'V' || a === 'T';
  if (b === 'LVT' || b === 'T') return a === 'T';
  return false;
}

const test = (re: RegExp, c: number) => re.test(String.fromCodePoint(c));

/** Code point ending at `p` (the one before the offset). */
function codePointBefore(text: string, p: number): number {
  const low = text.charCodeAt(p - 1);
  if (low >= 0xdc00 && low <= 0xdfff && p >= 2) {
    const high = text.charCodeAt(p - 2);
    if (high >= 0xd800 && high <= 0xdbff) return (high - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
  }
  return low;
}

const unitsOf = (c: number) => (c > 0xffff ? 2 : 1);

/**
 * A test of "is offset p a grapheme cluster boundary of `text`?". Offsets 0 and text.length are
 * boundaries; an offset between the halves of a surrogate pair is not.
 */
export function graphemeBoundaryTest(text: string): (p: number) => boolean {
  let segmenter: Intl.Segmenter | undefined;
  const askSegmenter = (p: number): boolean => {
    // Start the window where a cluster certainly starts: before an ASCII character that does
    // not follow a CR or a Prepend (no rule joins anything else to it), at most 64 units back.
    let q = p - 1;
    while (q > 0 && q > p - 64) {
      const c = text.charCodeAt(q);
      if (c < 0x80 && c !== LF && !test(PREPEND, codePointBefore(text, q))) break;
      q--;
    }
    q = Math.max(0, q);
    segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    return segmenter.segment(text.slice(q, Math.min(text.length, p + 8))).containing(p - q)?.index === p - q;
  };

  return (p) => {
    if (p <= 0 || p >= text.length) return true;
    const beforeUnit = text.charCodeAt(p - 1);
    const afterUnit = text.charCodeAt(p);
    if (beforeUnit < 0x80 && afterUnit < 0x80) return !(beforeUnit === CR && afterUnit === LF); // GB3, GB999
    if (beforeUnit >= 0xd800 && beforeUnit <= 0xdbff && afterUnit >= 0xdc00 && afterUnit <= 0xdfff) return false;
    const b = codePointBefore(text, p);
    const a = text.codePointAt(p)!;
    if (b === CR || b === LF || test(CONTROL, b)) return true; // GB4
    if (a === CR || a === LF || test(CONTROL, a)) return true; // GB5
    const hb = hangul(b);
    const ha = hangul(a);
    if (hb && ha && hangulJoins(hb, ha)) return false; // GB6-GB8
    if (test(EXTEND, a) || test(SPACING_MARK, a)) return false; // GB9, GB9a
    if (test(PREPEND, b)) return false; // GB9b
    if (isRegionalIndicator(a) && isRegionalIndicator(b)) {
      // GB12/13: regional indicators pair up from the start of their run.
      let run = 0;
      for (let q = p; q > 0;) {
        const c = codePointBefore(text, q);
        if (!isRegionalIndicator(c)) break;
        run++;
        q -= unitsOf(c);
      }
      return run % 2 === 0;
    }
    if (b === ZWJ && test(EXTENDED_PICTOGRAPHIC, a)) {
      // GB11: ExtPict Extend* ZWJ × ExtPict.
      let q = p - 1;
      while (q > 0) {
        const c = codePointBefore(text, q);
        if (test(EXTENDED_PICTOGRAPHIC, c)) return false;
        if (!test(EXTEND, c) || c === ZWJ) return true;
        q -= unitsOf(c);
      }
      return true;
    }
    if (test(INDIC_LETTER, a) && test(EXTEND, b)) return askSegmenter(p); // GB9c, per the engine's Unicode version
    return true; // GB999
  };
}
