/**
 * Words of a text as Intl.Segmenter counts them (`granularity: 'word'`, segments with
 * `isWordLike`), so that CJK and Thai text, which ICU splits with dictionaries, has words too.
 *
 * The segmenter itself is too slow to run over a big document: each step of its iterator
 * costs about a microsecond plus about a nanosecond per UTF-16 unit of the *whole* string
 * (measured in Node 20: a 1 MB string takes minutes, 256-character strings ~1 µs a segment).
 * So the text is cut into short chunks at offsets where UAX #29 always breaks and where
 * neither side's segmentation can depend on the other; chunks of ASCII are counted here by
 * the UAX #29 rules restricted to ASCII (checked equal to the segmenter on every string of up
 * to four characters over the classes that matter, and on generated text, in the unit tests),
 * and the others go to the segmenter, with a small cache because prose repeats its words.
 */

/**
 * A non-ASCII chunk longer than this is cut further after punctuation (see `isHardStop`), and
 * one longer than MAX_CHUNK with no such place is cut anyway: there the count may be off by
 * one word per cut (a word, or a dictionary-segmented run of CJK, split in two). Only text
 * with 4,096 characters of letters and no space or punctuation gets there.
 */
const LONG_CHUNK = 512;
const MAX_CHUNK = 4096;
/** Chunks up to this long are remembered (count by chunk), at most CACHE_SIZE of them. */
const MAX_CACHED_CHUNK = 64;
const CACHE_SIZE = 65_536;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
let cache = new Map<string, number>();

/** Number of word-like segments in `text`, as Intl.Segmenter finds them. */
export function countWords(text: string): number {
  let words = 0;
  let start = 0;
  let ascii = true;
  const n = text.length;
  for (let p = 1; p <= n; p++) {
    const prev = text.charCodeAt(p - 1);
    if (prev >= 0x80) ascii = false;
    if (p < n && !(isAsciiBlank(prev) && startsFreshSegment(text, p))) continue;
    words += ascii ? countAsciiWords(text, start, p) : countOtherWords(text.slice(start, p));
    start = p;
    ascii = true;
  }
  return words;
}

/** Tab, LF, VT, FF, CR, space. */
function isAsciiBlank(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/**
 * Characters that, after an ASCII blank (or a hard stop, see `isHardStop`), begin a new
 * segment whatever follows, and whose segment never looks back past it: letters (not modifier letters, some of which are
 * Word_Break=Extend), numbers, punctuation and symbols other than modifier symbols (the emoji
 * skin tones are Extend). Excluded are what WB4 attaches to the blank (Extend, Format, ZWJ),
 * spaces (WB3d keeps a run of them together) and line separators. Tab is Word_Break=Other,
 * so after a tab the same holds.
 */
const FRESH = /[\p{Lu}\p{Ll}\p{Lt}\p{Lo}\p{N}\p{P}\p{Sm}\p{Sc}\p{So}]/uy;

function startsFreshSegment(text: string, p: number): boolean {
  const c = text.charCodeAt(p);
  if (c < 0x80) return !isAsciiBlank(c) && c >= 0x20 && c !== 0x7f;
  FRESH.lastIndex = p;
  return FRESH.test(text);
}

function countOtherWords(chunk: string): number {
  if (chunk.length > LONG_CHUNK) return countLongChunk(chunk);
  const cacheable = chunk.length <= MAX_CACHED_CHUNK;
  if (cacheable) {
    const hit = cache.get(chunk);
    if (hit !== undefined) return hit;
  }
  const words = segmentWords(chunk);
  if (cacheable) {
    if (cache.size >= CACHE_SIZE) cache = new Map();
    cache.set(chunk, words);
  }
  return words;
}

function segmentWords(chunk: string): number {
  let words = 0;
  for (const segment of segmenter.segment(chunk)) if (segment.isWordLike) words++;
  return words;
}

/**
 * Punctuation after which UAX #29 always breaks (Word_Break=Other, so no rule joins across
 * it or looks through it, and ICU's dictionaries stop there): ASCII punctuation other than
 * `. , ; : ' " _`, and the CJK comma, full stop and fullwidth `!` `?` `(` `)`.
 */
function isHardStop(c: number): boolean {
  if (c < 0x80) {
    return (
      (c >= 0x21 && c <= 0x2f && c !== 0x22 && c !== 0x27 && c !== 0x2c && c !== 0x2e) ||
      (c >= 0x3c && c <= 0x40) ||
      (c >= 0x5b && c <= 0x5e) ||
      c === 0x60 ||
      (c >= 0x7b && c <= 0x7e)
    );
  }
  return c === 0x3001 || c === 0x3002 || c === 0xff01 || c === 0xff1f || c === 0xff08 || c === 0xff09;
}

/** A long chunk in pieces of LONG_CHUNK to MAX_CHUNK characters, cut after punctuation where there is some. */
function countLongChunk(chunk: string): number {
  let words = 0;
  let start = 0;
  while (chunk.length - start > LONG_CHUNK) {
    let cut = -1;
    const limit = Math.min(chunk.length - 1, start + MAX_CHUNK);
    for (let p = start + LONG_CHUNK; p <= limit && cut < 0; p++) {
      if (isHardStop(chunk.charCodeAt(p - 1)) && startsFreshSegment(chunk, p)) cut = p;
    }
    if (cut < 0) {
      if (chunk.length - start <= MAX_CHUNK) break;
      // No safe place: cut anyway (see MAX_CHUNK), never inside a surrogate pair.
      cut = start + MAX_CHUNK;
      const c = chunk.charCodeAt(cut);
      if (c >= 0xdc00 && c <= 0xdfff) cut--;
    }
    words += segmentWords(chunk.slice(start, cut));
    start = cut;
  }
  return words + segmentWords(chunk.slice(start));
}

// ---- ASCII: UAX #29 word boundaries restricted to ASCII ----

/** Word_Break classes of ASCII characters (no ASCII character is Extend, Format or ZWJ). */
const enum W {
  Other,
  Letter,
  Numeric,
  /** `.` */
  MidNumLet,
  /** `'` */
  SingleQuote,
  /** `:` (ICU keeps it in MidLetter) */
  MidLetter,
  /** `,` `;` */
  MidNum,
  /** `_` */
  ExtendNumLet,
  /** space */
  Space,
  CR,
  LF,
  /** VT, FF */
  Newline,
}

const ASCII_CLASS = new Uint8Array(128); // W.Other unless set below
for (let c = 0; c < 128; c++) {
  if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) ASCII_CLASS[c] = W.Letter;
  else if (c >= 0x30 && c <= 0x39) ASCII_CLASS[c] = W.Numeric;
}
const SINGLE: ReadonlyArray<[string, W]> = [
  ['.', W.MidNumLet],
  ["'", W.SingleQuote],
  [':', W.MidLetter],
  [',', W.MidNum],
  [';', W.MidNum],
  ['_', W.ExtendNumLet],
  [' ', W.Space],
  ['\r', W.CR],
  ['\n', W.LF],
  ['\v', W.Newline],
  ['\f', W.Newline],
];
for (const [ch, w] of SINGLE) ASCII_CLASS[ch.charCodeAt(0)] = w;

/** Class of the character at `i`, or Other outside [start, end) (sot and eot join nothing). */
function classAt(text: string, i: number, start: number, end: number): W {
  return i < start || i >= end ? W.Other : (ASCII_CLASS[text.charCodeAt(i)] as W);
}

const isLetterOrNumber = (w: W) => w === W.Letter || w === W.Numeric;
const isMidLetterish = (w: W) => w === W.MidLetter || w === W.MidNumLet || w === W.SingleQuote;
const isMidNumish = (w: W) => w === W.MidNum || w === W.MidNumLet || w === W.SingleQuote;
const isLineBreak = (w: W) => w === W.CR || w === W.LF || w === W.Newline;

/** Whether UAX #29 (rules WB3 to WB13b; ASCII has no Extend, Format, ZWJ, Katakana, Hebrew or RI) breaks before `i`. */
function breaksBefore(text: string, i: number, start: number, end: number): boolean {
  const prev = classAt(text, i - 1, start, end);
  const next = classAt(text, i, start, end);
  if (prev === W.CR && next === W.LF) return false; // WB3
  if (isLineBreak(prev) || isLineBreak(next)) return true; // WB3a, WB3b
  if (prev === W.Space && next === W.Space) return false; // WB3d
  if (isLetterOrNumber(prev) && isLetterOrNumber(next)) return false; // WB5, WB8, WB9, WB10
  if (prev === W.Letter && isMidLetterish(next) && classAt(text, i + 1, start, end) === W.Letter) return false; // WB6
  if (isMidLetterish(prev) && next === W.Letter && classAt(text, i - 2, start, end) === W.Letter) return false; // WB7
  if (isMidNumish(prev) && next === W.Numeric && classAt(text, i - 2, start, end) === W.Numeric) return false; // WB11
  if (prev === W.Numeric && isMidNumish(next) && classAt(text, i + 1, start, end) === W.Numeric) return false; // WB12
  if ((isLetterOrNumber(prev) || prev === W.ExtendNumLet) && next === W.ExtendNumLet) return false; // WB13a
  if (prev === W.ExtendNumLet && isLetterOrNumber(next)) return false; // WB13b
  return true; // WB999
}

/**
 * Word-like segments of the ASCII text [start, end). ICU marks a segment word-like by the rule
 * that made it: every rule that joins letters, digits and `_` does, so a segment is word-like
 * when it holds a letter or digit, or is longer than one character and not blank (`__`).
 */
function countAsciiWords(text: string, start: number, end: number): number {
  let words = 0;
  let segmentStart = start;
  let alnum = false;
  for (let i = start; i < end; i++) {
    if (i > start && breaksBefore(text, i, start, end)) {
      if (alnum || isJoinedUnderscores(text, segmentStart, i)) words++;
      segmentStart = i;
      alnum = false;
    }
    if (isLetterOrNumber(ASCII_CLASS[text.charCodeAt(i)] as W)) alnum = true;
  }
  if (end > start && (alnum || isJoinedUnderscores(text, segmentStart, end))) words++;
  return words;
}

/** A segment of two or more characters without letters or digits is word-like only as `_` joined to `_` (WB13a). */
function isJoinedUnderscores(text: string, start: number, end: number): boolean {
  return end - start > 1 && text.charCodeAt(start) === 0x5f;
}
