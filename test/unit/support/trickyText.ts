import fc from 'fast-check';

/**
 * Fragments of text weighted towards what the pre-tokenizer regexes and the cut rules treat
 * specially: line breaks of every kind, blanks, `/ . ;` (o200k joins `.\n//`), letters of
 * both cases (o200k splits words by case), digits (runs of 1-3), contractions, CJK, emoji
 * (surrogate pairs), whitespace that JavaScript and Rust disagree on (U+FEFF, U+0085), a
 * combining mark, lone surrogates and a special-token literal.
 */
const FRAGMENTS: ReadonlyArray<readonly [string, number]> = [
  ['\n', 12],
  ['\r\n', 5],
  ['\r', 3],
  [' ', 14],
  ['\t', 3],
  ['/', 4],
  ['.', 4],
  [';', 3],
  ['a', 6],
  ['z', 3],
  ['e', 3],
  ['A', 4],
  ['Q', 2],
  ['s', 2],
  ['0', 3],
  ['7', 3],
  ["'s", 2],
  ["'S", 1],
  ["'ll", 1],
  ["'", 1],
  ['日本', 2],
  ['😀', 2],
  ['👍🏽', 1],
  ['\ufeff', 2],
  ['\u2028', 2],
  ['\u0085', 2],
  ['\u00a0', 2],
  ['\u3000', 1],
  ['\u0301', 2],
  ['\ud800', 1],
  ['\udc00', 1],
  ['<|endoftext|>', 1],
  ['-', 1],
  ['(', 1],
  ['"', 1],
];

/** One fragment, drawn by the weights above. */
export const trickyFragment: fc.Arbitrary<string> = fc.oneof(...FRAGMENTS.map(([text, weight]) => ({ arbitrary: fc.constant(text), weight })));

/**
 * A string of up to `maxFragments` tricky fragments, of any length up to that: fast-check's
 * default size would keep arrays near 10 elements whatever `maxLength` says.
 */
export function trickyText(maxFragments: number): fc.Arbitrary<string> {
  return fc.array(trickyFragment, { maxLength: maxFragments, size: 'max' }).map((parts) => parts.join(''));
}
