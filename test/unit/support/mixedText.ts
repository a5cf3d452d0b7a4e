import fc from 'fast-check';
import { trickyFragment } from './trickyText';

/**
 * Fragments for the fast counter's property tests, beyond trickyText's: many scripts and
 * letter categories the o200k regex splits on (Lt, Lm, Lo, marks), every Unicode White_Space
 * kind plus the look-alikes that are not White_Space in Rust (U+FEFF, U+180E, U+200B),
 * digits of several scripts (\p{N} is not only 0-9), case-folding traps in contractions
 * (U+017F long s, U+212A Kelvin sign), emoji sequences, lone surrogates, special tokens.
 */
// Laid out by hand, many short items to a line.
// prettier-ignore
const MORE_FRAGMENTS: readonly string[] = [
  // Scripts and letter categories.
  'Hello', 'WORLD', 'camelCase', 'ǅemal', 'ʰʷ', 'Привет', 'ΑΒΓ', 'αβγ', 'مرحبا', 'नमस्ते', '한국어', 'ひらがな', 'カタカナ',
  '汉字', 'ﬁ', 'é', 'e\u0301', '\u0301\u0302', 'ß', 'İ', 'ǈ',
  // White_Space of every kind, and what only looks blank.
  '\u0009', '\u000b', '\u000c', '\u0085', '\u00a0', '\u1680', '\u2000', '\u2007', '\u200a', '\u2028', '\u2029', '\u202f',
  '\u205f', '\u3000', '\ufeff', '\u180e', '\u200b', '  ', '    ', '\n\n', '\r\n\r\n', ' \n', '\t\n',
  // Digits and numbers of several scripts.
  '12345', '3.14', '1,000', '٣٤٥', '१२३', '１２３', 'Ⅻ', '½', '²',
  // Contractions and case folding.
  "'S", "'ſ", "'RE", "'Ll", "'D", "'K", '\u212a', 'ſ', "can't", "I'M",
  // Punctuation and symbols.
  '...', '!?', '//', '/*', '*/', '=>', '{', '}', '[]', '#', '@', '$', '%', '&&', '||', '—', '«»', '「」', '。', '、', '€', '™',
  // Emoji: ZWJ sequence, flag, keycap, skin tone, variation selector.
  '👩‍💻', '🇫🇷', '1️⃣', '👍🏿', '❤️', '🙂',
  // Lone surrogates (U+FFFD in UTF-8) next to their would-be partners.
  '\ud83d', '\ude00', '\udbff\udbff',
  // Special-token literals, which are ordinary text here.
  '<|endoftext|>', '<|im_start|>', '<|fim_prefix|>', '<|endofprompt|>', '<|im_end|>',
];

const moreFragment: fc.Arbitrary<string> = fc.constantFrom(...MORE_FRAGMENTS);

/** Any code point at all (astral included), for what the lists above do not think of. */
const anyCodePoint: fc.Arbitrary<string> = fc.string({ unit: 'binary', minLength: 1, maxLength: 3 });

/**
 * Short runs of one character (blank runs, digit runs, long words). Long runs, which take the
 * heap merge, have their own tests: here they would make the quadratic reference BPE the
 * cost of the whole suite.
 */
const run: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('a', 'A', '1', ' ', '\n', '.', '日', '\u00a0', 'ab', '😀'), fc.integer({ min: 2, max: 40 }))
  .map(([c, n]) => c.repeat(n));

/** A text of up to `maxFragments` fragments mixing all of the above. */
export function mixedText(maxFragments: number): fc.Arbitrary<string> {
  const fragment = fc.oneof(
    { arbitrary: trickyFragment, weight: 5 },
    { arbitrary: moreFragment, weight: 5 },
    { arbitrary: anyCodePoint, weight: 2 },
    { arbitrary: run, weight: 1 },
  );
  return fc.array(fragment, { maxLength: maxFragments, size: 'max' }).map((parts) => parts.join(''));
}
