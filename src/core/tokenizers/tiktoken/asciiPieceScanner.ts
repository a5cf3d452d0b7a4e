import { isWhiteSpace } from '../cutRules';
import type { EncodingName } from './encodings';

/**
 * The end of the pre-tokenizer piece that starts at `p` in `text` (p < n, n = text.length),
 * found by reading ASCII characters one by one, or NEEDS_REGEX when a character that decides
 * it is not ASCII. Pieces are what the encoding's regex (pretokenizers.ts) matches: matched
 * one after the other from the text's start, with no look-behind, so the piece at `p` depends
 * only on `text[p..]`, and a caller may ask the regex (sticky, at `p`) for any piece the
 * scanner declines and go on scanning after it.
 *
 * Why: on ASCII text, V8's `String#match` with the Unicode regex spent about as long building
 * the array of piece strings as matching, and each piece then cost a string hash to look it up
 * in the count cache. Scanning gives offsets instead, which pieceCounter.ts looks up in a table
 * keyed by the characters themselves (asciiPieceCounts.ts): no string per piece, no array.
 *
 * Each rule below is the regex's alternation read with ASCII classes, where upper- and
 * lower-case letters, digits, blanks and the rest are disjoint, so the regex's backtracking
 * never finds a second way to match. `test/unit/asciiPieceScanner.test.ts` checks the pieces
 * against the regex's on generated text, and the counter's differential tests against tiktoken.
 */
export type AsciiPieceScanner = (text: string, p: number, n: number) => number;

/** What a scanner returns when the regex must decide the piece at `p`. */
export const NEEDS_REGEX = -1;

/**
 * For a scanner's user: when more than a quarter of the last SCAN_WINDOW pieces needed the regex
 * (text in other scripts), the next ~MATCHED_SEGMENT characters, up to a safe cut, go to one
 * `String#match`: asking the sticky regex piece by piece costs about twice as much. Then
 * scanning resumes, so a paragraph of Russian does not send the rest of a chunk to the regex.
 */
export const SCAN_WINDOW = 64;
export const MATCHED_SEGMENT = 2048;

const UPPER = 1;
const LOWER = 2;
const LETTER = UPPER | LOWER;
const DIGIT = 4;
/** Unicode White_Space (`\s` as tiktoken's regex reads it). */
const BLANK = 8;
/** CR or LF (also BLANK). */
const LINE = 16;
/** Neither a letter, a digit nor a blank: punctuation and control characters, `[^\s\p{L}\p{N}]`. */
const MARK = 32;
/** Past the end of the text. */
const END = 0;
/** Not ASCII: the scanner does not decide. */
const OTHER = 64;

const CLASSES = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if (c >= 0x41 && c <= 0x5a) CLASSES[c] = UPPER;
  else if (c >= 0x61 && c <= 0x7a) CLASSES[c] = LOWER;
  else if (c >= 0x30 && c <= 0x39) CLASSES[c] = DIGIT;
  else if (c === 0x0a || c === 0x0d) CLASSES[c] = BLANK | LINE;
  else if (isWhiteSpace(c)) CLASSES[c] = BLANK;
  else CLASSES[c] = MARK;
}

function classAt(text: string, i: number, n: number): number {
  if (i >= n) return END;
  const c = text.charCodeAt(i);
  return c < 128 ? CLASSES[c] : OTHER;
}

const SPACE = 0x20;
const APOSTROPHE = 0x27;
const SLASH = 0x2f;

/**
 * After `'` at `i`: the end of a contraction `(?i:'s|'t|'re|'ve|'m|'ll|'d)`, `i` when there is
 * none, or NEEDS_REGEX when a character after the apostrophe is not ASCII (Rust's case folds
 * make `ſ` an `s`: `'ſ` is a contraction, but not an ASCII piece).
 */
function contractionEnd(text: string, i: number, n: number): number {
  if (i + 1 >= n || text.charCodeAt(i) !== APOSTROPHE) return i;
  const c = text.charCodeAt(i + 1);
  if (c >= 128) return NEEDS_REGEX;
  const lower = c | 0x20; // ASCII letters to lower case
  if (lower === 0x73 || lower === 0x74 || lower === 0x6d || lower === 0x64) return i + 2; // s t m d
  if (i + 2 >= n) return i;
  const d = text.charCodeAt(i + 2);
  if (d >= 128) return lower === 0x72 || lower === 0x76 || lower === 0x6c ? NEEDS_REGEX : i;
  if ((lower === 0x72 || lower === 0x76) && (d | 0x20) === 0x65) return i + 3; // re ve
  if (lower === 0x6c && (d | 0x20) === 0x6c) return i + 3; // ll
  return i;
}

/** `\p{N}{1,max}` from the digit at `p`. */
function digitsEnd(text: string, p: number, n: number, max: number): number {
  let i = p + 1;
  for (; i < p + max; i++) {
    const k = classAt(text, i, n);
    if (k === OTHER) return NEEDS_REGEX;
    if (k !== DIGIT) break;
  }
  return i;
}

/** `[^\s\p{L}\p{N}]+` from `s`, then `[\r\n]*` (`[\r\n/]*` when `slashJoins`, o200k_base). */
function markRunEnd(text: string, s: number, n: number, slashJoins: boolean): number {
  let i = s;
  let k = classAt(text, i, n);
  while (k === MARK) k = classAt(text, ++i, n);
  if (k === OTHER) return NEEDS_REGEX;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x0a && c !== 0x0d && !(slashJoins && c === SLASH)) break;
  }
  return i;
}

/**
 * A piece of blanks at `p`, by the regexes' last three alternatives: `\s*[\r\n]+` (to the run's
 * last line break), else `\s+(?!\S)` (the run but its last blank, unless the text ends), else
 * `\s+` (one blank before a non-blank).
 */
function blanksEnd(text: string, p: number, n: number): number {
  let lastLine = -1;
  let i = p;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128) return NEEDS_REGEX; // U+0085, U+00A0… are blanks too
    const k = CLASSES[c];
    if ((k & BLANK) === 0) break;
    if (k & LINE) lastLine = i;
  }
  if (lastLine >= 0) return lastLine + 1;
  return i === n || i - p === 1 ? i : i - 1;
}

/**
 * o200k_base's words from the letter at `s`: `[upper]*[lower]+` or `[upper]+[lower]*`, then an
 * optional contraction (none in Tekken's pattern). In ASCII the two classes are disjoint, so the
 * first alternative matches exactly when lower-case letters follow the upper-case run.
 */
function o200kWordEnd(text: string, s: number, n: number, contractions: boolean): number {
  let i = s;
  let k = classAt(text, i, n);
  while (k === UPPER) k = classAt(text, ++i, n);
  while (k === LOWER) k = classAt(text, ++i, n);
  if (k === OTHER) return NEEDS_REGEX;
  return contractions ? contractionEnd(text, i, n) : i;
}

/** cl100k_base's `\p{L}+` from the letter at `s`. */
function letterRunEnd(text: string, s: number, n: number): number {
  let i = s;
  let k = classAt(text, i, n);
  while (k & LETTER) k = classAt(text, ++i, n);
  return k === OTHER ? NEEDS_REGEX : i;
}

/**
 * o200k_base: `[^\r\n\p{L}\p{N}]?[upper]*[lower]+(contraction)?|[^\r\n\p{L}\p{N}]?[upper]+[lower]*(contraction)?|
 * \p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+`; Mistral's Tekken the same
 * without the contractions and with `\p{N}` one digit at a time.
 */
function o200kLikePieceEnd(text: string, p: number, n: number, contractions: boolean, digits: number): number {
  const c = text.charCodeAt(p);
  if (c >= 128) return NEEDS_REGEX;
  const k = CLASSES[c];
  if (k & LETTER) return o200kWordEnd(text, p, n, contractions);
  if (k === DIGIT) return digitsEnd(text, p, n, digits);
  if ((k & LINE) === 0) {
    // A blank or a mark may lead a word; a mark starts a run of marks; a space may lead one.
    const next = classAt(text, p + 1, n);
    if (next & LETTER) return o200kWordEnd(text, p + 1, n, contractions);
    if (next === OTHER) return NEEDS_REGEX;
    if (k === MARK) return markRunEnd(text, p, n, true);
    if (c === SPACE && next === MARK) return markRunEnd(text, p + 1, n, true);
  }
  return blanksEnd(text, p, n);
}

/**
 * cl100k_base: `(contraction)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
 * (Llama 3's pattern too); Qwen's the same with `\p{N}` one digit at a time.
 */
function cl100kLikePieceEnd(text: string, p: number, n: number, digits: number): number {
  const c = text.charCodeAt(p);
  if (c >= 128) return NEEDS_REGEX;
  if (c === APOSTROPHE) {
    const end = contractionEnd(text, p, n);
    if (end !== p) return end;
  }
  const k = CLASSES[c];
  if (k & LETTER) return letterRunEnd(text, p, n);
  if (k === DIGIT) return digitsEnd(text, p, n, digits);
  if ((k & LINE) === 0) {
    const next = classAt(text, p + 1, n);
    if (next & LETTER) return letterRunEnd(text, p + 1, n);
    if (next === OTHER) return NEEDS_REGEX;
    if (k === MARK) return markRunEnd(text, p, n, false);
    if (c === SPACE && next === MARK) return markRunEnd(text, p + 1, n, false);
  }
  return blanksEnd(text, p, n);
}

/**
 * The scanner of `encoding`, or undefined where the regex alone splits (p50k_base and
 * r50k_base, which modern models do not use).
 */
export function asciiPieceScanner(encoding: EncodingName): AsciiPieceScanner | undefined {
  if (encoding === 'o200k_base') return o200kPieceEnd;
  if (encoding === 'cl100k_base') return cl100kPieceEnd;
  return undefined;
}

const o200kPieceEnd: AsciiPieceScanner = (text, p, n) => o200kLikePieceEnd(text, p, n, true, 3);
const cl100kPieceEnd: AsciiPieceScanner = (text, p, n) => cl100kLikePieceEnd(text, p, n, 3);

/**
 * Scanners for the tokenizer.json split patterns that are these encodings' patterns or close
 * variants (hfCutRules.ts names each file's configuration): Llama 3 has cl100k_base's pattern,
 * Qwen cl100k_base's with single digits, Mistral's Tekken o200k_base's with single digits and
 * no contractions. `test/unit/asciiPieceScanner.test.ts` checks each against its regex.
 */
export const HF_PIECE_SCANNERS = {
  llama3: cl100kPieceEnd,
  qwen: ((text, p, n) => cl100kLikePieceEnd(text, p, n, 1)) as AsciiPieceScanner,
  tekken: ((text, p, n) => o200kLikePieceEnd(text, p, n, false, 1)) as AsciiPieceScanner,
} as const;
