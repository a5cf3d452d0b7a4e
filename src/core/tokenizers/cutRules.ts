import { assertNever } from '../assertNever';
import type { EncodingName } from './tiktoken/encodings';

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
  return c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
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
  return text.charCodeAt(p) === SPACE && isAsciiLetter(text.charCodeAt(p - 1)) && p + 1 < text.length && isAsciiLetter(text.charCodeAt(p + 1));
}

function isAsciiDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Printable ASCII that is neither a letter, a digit nor a blank: `!"#$%&'()*+,-./:;<=>?@[\]^_\`{|}~`. */
function isAsciiPunctuation(c: number): boolean {
  return (c >= 0x21 && c <= 0x2f) || (c >= 0x3a && c <= 0x40) || (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e);
}

const APOSTROPHE = 0x27;

/**
 * Cuts inside a line where the character class changes, which is what lets a megabyte of
 * minified JSON, minified JavaScript or base64 on ONE line be cut into blocks at all (a
 * keystroke then re-encodes ~1 KB instead of the whole line). Every pre-tokenizer regex here
 * (tiktoken's four, and the Hugging Face ones hfCutRules.ts recognises) keeps letters, digits
 * and punctuation in separate pieces, except that a letter piece may start with ONE non-letter
 * (`"key`, ` word`) and contractions join `'s` to a word. So, with ASCII characters only (no
 * combining marks, no other-script digits, nothing NFC could compose):
 * - after a digit, before anything but a digit: a digit piece (`\p{N}{1,3}`, `\p{N}`, ` ?\p{N}+`)
 *   ends at the first non-digit, and the left part ends in a digit, not in a blank a lookahead
 *   would read differently;
 * - after a letter, before anything but a letter or an apostrophe (`it's` is one o200k piece);
 * - after punctuation, before a digit: a punctuation run never holds a digit, and a lone
 *   punctuation mark only joins a LETTER piece;
 * - after TWO punctuation marks, before a letter: two marks side by side are in one
 *   punctuation piece (no piece ends between them), which ends at the letter; after one mark
 *   the mark may be the head of the letter's piece (`,"key` cuts before `k`, `:key` does not).
 *   Except after `/`: o200k's `[\r\n/]*` ends a punctuation piece with the slashes after a line
 *   break, so in `👍\n/'ll` the `/` closes one piece and `'ll` is the next.
 * Long runs of one class (a megabyte of `a`, or of digits, whose 3-digit groups count from
 * the run's start) stay uncut: no cut inside them is safe without reading the whole run.
 */
function isClassChangeCut(text: string, p: number): boolean {
  const at = text.charCodeAt(p);
  const before = text.charCodeAt(p - 1);
  if (at >= 0x80 || before >= 0x80) return false;
  if (isAsciiDigit(before)) return !isAsciiDigit(at);
  if (isAsciiLetter(before)) return !isAsciiLetter(at) && at !== APOSTROPHE;
  if (!isAsciiPunctuation(before)) return false;
  if (isAsciiDigit(at)) return true;
  if (!isAsciiLetter(at) || p < 2) return false;
  const twoBefore = text.charCodeAt(p - 2);
  return isAsciiPunctuation(twoBefore) && twoBefore !== SLASH;
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

/** Which characters a class-change cut may not touch (a Hugging Face tokenizer's added tokens). */
export type CharacterFilter = (code: number) => boolean;

/** The line and word rules of one encoding family, and class-change cuts unless a character is `avoided`. */
function ruleOf(lineCut: (text: string, p: number) => boolean, avoided?: CharacterFilter): CutRule {
  if (!avoided) return { isSafeCut: (text, p) => lineCut(text, p) || isWordGapCut(text, p) || isClassChangeCut(text, p) };
  return {
    isSafeCut: (text, p) => lineCut(text, p) || isWordGapCut(text, p) || (isClassChangeCut(text, p) && !touchesAddedToken(text, p, avoided)),
  };
}

/**
 * Whether an added token could make a class-change cut unsafe: one could span the cut (both
 * neighbours are its characters), or end right before a punctuation mark whose piece the rule
 * assumed began one character earlier (`<|fim_prefix|>'RE`: the added token ends at `>`, so
 * `'RE` starts a fresh segment and is one contraction piece, not `'` + `RE`).
 */
function touchesAddedToken(text: string, p: number, avoided: CharacterFilter): boolean {
  const before = text.charCodeAt(p - 1);
  if (avoided(before) && avoided(text.charCodeAt(p))) return true;
  return p >= 2 && isAsciiPunctuation(before) && avoided(text.charCodeAt(p - 2));
}

const o200kLineCut = (text: string, p: number): boolean => isNonBlankLineStart(text, p, true);
const cl100kLineCut = (text: string, p: number): boolean => isNonBlankLineStart(text, p, false);
const rules = new Map<EncodingName, CutRule>([
  ['o200k_base', ruleOf(o200kLineCut)],
  ['cl100k_base', ruleOf(cl100kLineCut)],
  ['p50k_base', ruleOf(isLegacyBlankRunCut)],
  ['r50k_base', ruleOf(isLegacyBlankRunCut)],
]);

/**
 * The cut rule of a tiktoken encoding, or of a Hugging Face configuration that splits like
 * it. `avoided`: characters of the tokenizer's ordinary added tokens, which are matched as
 * whole strings before any regex runs, so a class-change cut must not fall between two of
 * them (`<|fim_prefix|>` would be cut before `f`). The line and word rules need no such
 * care: they cut next to a blank, and hfCutRules.ts accepts no added token holding a blank.
 */
export function cutRuleFor(encoding: EncodingName, avoided?: CharacterFilter): CutRule {
  switch (encoding) {
    case 'o200k_base':
      return avoided ? ruleOf(o200kLineCut, avoided) : rules.get(encoding)!;
    case 'cl100k_base':
      return avoided ? ruleOf(cl100kLineCut, avoided) : rules.get(encoding)!;
    case 'p50k_base':
    case 'r50k_base':
      return avoided ? ruleOf(isLegacyBlankRunCut, avoided) : rules.get(encoding)!;
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
