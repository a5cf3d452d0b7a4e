import fc from 'fast-check';
import { trickyFragment } from './trickyText';

/**
 * Fragments that NFC rewrites, or that sit next to what it rewrites: base letters and marks
 * to combine (several combining classes, so marks get reordered), precomposed and decomposed
 * forms of the same letters, singletons and other characters NFC replaces (U+212B Angstrom
 * sign, U+2126 Ohm sign, U+0958, U+1F71, U+0340, U+0344, U+0F73), Hangul jamo that compose
 * into syllables, Indic vowel signs that compose with a letter (Bengali, Oriya, Tamil),
 * marks the Rust normalizer does not know (U+0897, U+1ABF), Vietnamese and polytonic Greek.
 */
// Laid out by hand, many short items to a line.
// prettier-ignore
const FRAGMENTS: readonly string[] = [
  'a', 'e', 'o', 'u', 'A', 'E', 'x', ' ', '\n', '.', 'é', 'e\u0301', 'Å', 'A\u030a', '\u212b', '\u2126', 'ệ', 'e\u0323\u0302',
  'e\u0302\u0323', '\u0301', '\u0300', '\u0302', '\u0323', '\u0309', '\u031b', '\u0316', '\u0334', '\u0345', '\u0342',
  '\u0340', '\u0344', '\u0958', '\u0915\u093c', '\u0915', '\u093c', '\u1f71', '\u03b1\u0301', 'ᾅ', '\u03b1\u0314\u0301\u0345',
  '\u1100', '\u1161', '\u11a8', '\u1100\u1161\u11a8', '각', '\u09c7', '\u09be', '\u09c7\u09be', '\u0b47\u0b3e', '\u0b92\u0bd7',
  '\u0f73', '\u0f71\u0f72', '\u0897', '\u1abf', 'ﬁ', 'Tiếng Việt', 'Tie\u0302\u0301ng Vie\u0323\u0302t', '日本', '😀',
];

/** One fragment: mostly from the list above, sometimes one of trickyText's. */
const fragment: fc.Arbitrary<string> = fc.oneof({ arbitrary: fc.constantFrom(...FRAGMENTS), weight: 4 }, { arbitrary: trickyFragment, weight: 1 });

/** A string of up to `maxFragments` fragments that NFC changes in many ways. */
export function normalizingText(maxFragments: number): fc.Arbitrary<string> {
  return fc.array(fragment, { maxLength: maxFragments, size: 'max' }).map((parts) => parts.join(''));
}
