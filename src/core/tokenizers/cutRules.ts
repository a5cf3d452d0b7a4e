import { assertNever, type EncodingName } from './tiktoken/encodings';

/**
 * Where a text may be cut so that tokenizing the two parts separately gives exactly the tokens
 * of the whole. tiktoken encodings first split text into pieces with a regex and BPE never
 * merges across pieces, so a cut is safe when it falls on a piece boundary whatever the regex
 * would see on either side. Each rule below reads only a few characters around the cut (and,
 * for line cuts, the leading blanks of the line), so an edit can only invalidate cuts next to it.
 *
 * The rules are hypotheses about the regexes; `test/unit/cutRules.test.ts` proves them against
 * tiktoken on generated text (pieces of the whole == pieces of the parts, token for token).
 */
export interface CutRule {
  /** True when `text` may be cut before index `p` (0 < p < text.length). */
  isSafeCut(text: string, p: number): boolean;
}

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const SLASH = 0x2f;

/**
 * `\s` as tiktoken's Rust regex sees it: Unicode White_Space. Not JavaScript's `\s`, which
 * also holds U+FEFF and lacks U+0085; that difference is a known source of wrong counts.
 */
export function isWhiteSpace(c: number): boolean {
  if (c <= 0x20) return c === SPACE || (c >= 0x09 && c <= 0x0d);
  if (c < 0x85) return false;
  return (
    c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000
  );
}

function isAsciiLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/**
 * `word word`: an ASCII letter, then a space, then an ASCII letter. Every encoding here ends
 * a letter run at the space and starts the next piece with ` word`, whatever comes before or
 * after. This is what lets long prose lines (no newline for megabytes) be cut at all.
 */
function isWordGapCut(text: string, p: number): boolean {
  return (
    text.charCodeAt(p) === SPACE &&
    isAsciiLetter(text.charCodeAt(p - 1)) &&
    p + 1 < text.length &&
    isAsciiLetter(text.charCodeAt(p + 1))
  );
}

/**
 * Start of a non-blank line, for cl100k_base and o200k_base. `\s*[\r\n]+` swallows blank
 * lines into the preceding newline run, so the line at `p` must reach a non-blank character
 * before any CR/LF. o200k_base also has ` ?[^\s\p{L}\p{N}]+[\r\n/]*`, which carries a newline
 * on into a `/` (`.\n//` is one piece), so a line starting with `/` may not be cut either.
 */
function isNonBlankLineStart(text: string, p: number, slashJoins: boolean): boolean {
  if (text.charCodeAt(p - 1) !== LF) return false;
  if (slashJoins && text.charCodeAt(p) === SLASH) return false;
  for (let i = p; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || c === CR) return false;
    if (!isWhiteSpace(c)) return true;
  }
  return false; // blank up to the end of the text: keep it with what precedes it
}

/**
 * Cuts for p50k_base and r50k_base, whose regex has no newline rule, only
 * `\s+(?!\S)|\s+`: a whitespace run followed by a non-blank splits before its last character.
 * So the cut goes before the last blank of a run (`\n    x` cuts before the last space), or
 * after a lone `\n` that sits between two non-blank characters.
 */
function isLegacyBlankRunCut(text: string, p: number): boolean {
  if (p + 1 >= text.length) return false;
  const before = text.charCodeAt(p - 1);
  const at = text.charCodeAt(p);
  if (isWhiteSpace(before) && isWhiteSpace(at)) return !isWhiteSpace(text.charCodeAt(p + 1));
  return before === LF && !isWhiteSpace(at) && (p < 2 || !isWhiteSpace(text.charCodeAt(p - 2)));
}

const o200kRule: CutRule = {
  isSafeCut: (text, p) => isNonBlankLineStart(text, p, true) || isWordGapCut(text, p),
};
const cl100kRule: CutRule = {
  isSafeCut: (text, p) => isNonBlankLineStart(text, p, false) || isWordGapCut(text, p),
};
const legacyRule: CutRule = {
  isSafeCut: (text, p) => isLegacyBlankRunCut(text, p) || isWordGapCut(text, p),
};

export function cutRuleFor(encoding: EncodingName): CutRule {
  switch (encoding) {
    case 'o200k_base':
      return o200kRule;
    case 'cl100k_base':
      return cl100kRule;
    case 'p50k_base':
    case 'r50k_base':
      return legacyRule;
    default:
      return assertNever(encoding);
  }
}

/**
 * Is the cut between two adjacent texts safe? Builds the little context the rules read: two
 * characters before the cut; after it, the leading blanks of `right` and two characters more.
 * A truncated `right` only ever makes the answer more cautious.
 */
export function isSafeCutBetween(rule: CutRule, left: string, right: string): boolean {
  let k = 0;
  while (k < right.length) {
    const c = right.charCodeAt(k);
    if (c === LF || c === CR || !isWhiteSpace(c)) break;
    k++;
  }
  const tail = left.slice(-2);
  return rule.isSafeCut(tail + right.slice(0, k + 2), tail.length);
}

/**
 * Cut positions for `text`, about `targetSize` characters apart, each safe by `rule`.
 * Scanning starts at `from`; characters before it are context only (the end of the previous
 * block), so a cut right after the context is judged with the characters it depends on. At most
 * `limit` cuts are found (a caller that wants only the first does not scan the rest).
 */
export function findCuts(text: string, from: number, targetSize: number, rule: CutRule, limit = Infinity): number[] {
  const cuts: number[] = [];
  for (let p = from + targetSize; p < text.length && cuts.length < limit; p++) {
    if (rule.isSafeCut(text, p)) {
      cuts.push(p);
      p += targetSize - 1; // the next block starts at p
    }
  }
  return cuts;
}
