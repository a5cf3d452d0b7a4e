import type { EncodingName } from './encodings';

/**
 * tiktoken's pre-tokenizer regexes, translated from Rust (`fancy-regex`) to JavaScript so V8
 * can run them. Both engines are backtracking and leftmost-first over the alternatives, so the
 * translation only has to keep each character class meaning the same:
 * - Rust's `\s` is Unicode White_Space; JavaScript's `\s` differs (it holds U+FEFF and lacks
 *   U+0085). So `\s` is written `\p{White_Space}` and `\S` `\P{White_Space}` everywhere.
 * - Node 20 has no inline `(?i:...)`: each letter of the case-insensitive contractions is a
 *   class of what Rust's simple case folding matches, which adds U+017F (long s, folds to
 *   `s`) and U+212A (Kelvin sign, folds to `k`; no contraction has a `k`).
 * - `\p{L}`, `\p{Lu}`, `\p{N}`... mean the same, but for code points newer than
 *   tiktoken's Unicode tables (below).
 * The source patterns are `pat_str` in tiktoken's `encoders/<name>.json`; the unit tests
 * check these regexes against tiktoken and against an independent translation, piece by piece.
 */
/**
 * Letters, marks and numbers that Unicode 17.0 added and tiktoken's Rust regex tables
 * (Unicode 16) do not know: for tiktoken they are unassigned, so neither letters nor numbers.
 * V8 in Node 20.20 (and recent Electron) has Unicode 17 data, so every letter, number and
 * mark class below subtracts them; on a runtime with older data they are unassigned anyway.
 * Found by comparing with tiktoken on every code point; `pieceCounter.test.ts` repeats that
 * over every letter, mark and number V8 knows, so a runtime with still newer Unicode data
 * fails the tests instead of miscounting. (A class body for flag `v`.)
 */
// Laid out by hand, many short items to a line.
// prettier-ignore
export const UNICODE_17_ADDITIONS = [
  '\\u{88f}', '\\u{c5c}', '\\u{cdc}', '\\u{1acf}-\\u{1add}', '\\u{1ae0}-\\u{1aeb}', '\\u{a7ce}-\\u{a7cf}', '\\u{a7d2}',
  '\\u{a7d4}', '\\u{a7f1}', '\\u{10940}-\\u{10959}', '\\u{10ec5}-\\u{10ec7}', '\\u{10efa}-\\u{10efb}',
  '\\u{11b60}-\\u{11b67}', '\\u{11db0}-\\u{11ddb}', '\\u{11de0}-\\u{11de9}', '\\u{16ea0}-\\u{16eb8}',
  '\\u{16ebb}-\\u{16ed3}', '\\u{16ff2}-\\u{16ff6}', '\\u{187f8}-\\u{187ff}', '\\u{18d09}-\\u{18d1e}',
  '\\u{18d80}-\\u{18df2}', '\\u{1e6c0}-\\u{1e6de}', '\\u{1e6e0}-\\u{1e6f5}', '\\u{1e6fe}-\\u{1e6ff}',
  '\\u{2b73a}-\\u{2b73f}', '\\u{2cea2}-\\u{2cead}', '\\u{323b0}-\\u{33479}',
].join('');

const WS = '\\p{White_Space}';
const NOT_WS = '\\P{White_Space}';

/**
 * The sources of all encodings. `known(...)` builds each letter/number/mark class, `inside`
 * the same set as part of a negated class: with the Unicode 17 additions subtracted (flag
 * `v`, where classes nest), or as is (flag `u`, where they cannot).
 */
function buildSources(known: (properties: string) => string, inside: (properties: string) => string): Record<EncodingName, string> {
  const LETTER = known('\\p{L}');
  const NUMBER = known('\\p{N}');
  /** o200k_base's "upper" and "lower" word parts (Lm, Lo and marks are in both). */
  const UPPERISH = known('\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}');
  const LOWERISH = known('\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}');
  /** `(?i:'s|'t|'re|'ve|'m|'ll|'d)` with its letters case-folded by hand. */
  const CONTRACTIONS = "(?:'[sS\\u017f]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])";
  /** Not a line break, letter or number: the one optional lead character of a word. */
  const WORD_LEAD = `[^\\r\\n${inside('\\p{L}\\p{N}')}]`;
  const PUNCTUATION = `[^${WS}${inside('\\p{L}\\p{N}')}]`;

  /** o200k_base: words split by case (`[upper]*[lower]+` or `[upper]+[lower]*`), `.\n//` joined. */
  const O200K = [
    `${WORD_LEAD}?${UPPERISH}*${LOWERISH}+${CONTRACTIONS}?`,
    `${WORD_LEAD}?${UPPERISH}+${LOWERISH}*${CONTRACTIONS}?`,
    `${NUMBER}{1,3}`,
    // `/` must be escaped inside a class under flag `v` (and may be under `u`).
    ` ?${PUNCTUATION}+[\\r\\n\\/]*`,
    `${WS}*[\\r\\n]+`,
    `${WS}+(?!${NOT_WS})`,
    `${WS}+`,
  ].join('|');

  /** cl100k_base: contractions first, words with one lead character, digits by threes. */
  const CL100K = [CONTRACTIONS, `${WORD_LEAD}?${LETTER}+`, `${NUMBER}{1,3}`, ` ?${PUNCTUATION}+[\\r\\n]*`, `${WS}*[\\r\\n]+`, `${WS}+(?!${NOT_WS})`, `${WS}+`].join('|');

  /** p50k_base and r50k_base (GPT-2's): case-sensitive contractions, no newline rule. */
  const LEGACY = ["'s|'t|'re|'ve|'m|'ll|'d", ` ?${LETTER}+`, ` ?${NUMBER}+`, ` ?${PUNCTUATION}+`, `${WS}+(?!${NOT_WS})`, `${WS}+`].join('|');
  return { o200k_base: O200K, cl100k_base: CL100K, p50k_base: LEGACY, r50k_base: LEGACY };
}

/** Exact for any text (flag `v`). */
const subtracted = (properties: string): string => `[[${properties}]--[${UNICODE_17_ADDITIONS}]]`;
const EXACT = buildSources(subtracted, subtracted);
/**
 * Equal to EXACT on text without Unicode 17 additions (flag `u`). V8 runs it without the
 * backtracking stack the set subtraction costs: with flag `v`, 10 MB of `a` overflows V8's
 * regex stack; with `u` it takes 14 ms.
 */
const PLAIN = buildSources(
  (properties) => `[${properties}]`,
  (properties) => properties,
);
const NEWER_THAN_TIKTOKEN = new RegExp(`[${UNICODE_17_ADDITIONS}]`, 'v');

/** Does `text` hold a code point tiktoken's Unicode tables do not know? */
export function hasUnicode17Additions(text: string): boolean {
  return NEWER_THAN_TIKTOKEN.test(text);
}

/**
 * A fresh global regex for `encoding`'s pre-tokenizer: exact for any text, or, with `plain`,
 * the faster one that is exact only for text where `hasUnicode17Additions` is false. Each
 * caller gets its own because global regexes carry `lastIndex` state.
 */
export function pretokenizer(encoding: EncodingName, plain = false): RegExp {
  return plain ? new RegExp(PLAIN[encoding], 'gu') : new RegExp(EXACT[encoding], 'gv');
}
