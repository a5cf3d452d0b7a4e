import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { graphemeBoundaryTest } from '../../src/core/text/graphemeBreak';
import { VARIED_CORPUS } from '../corpus/variedCorpus';
import { propertyRuns } from './support/propertyRuns';

/** The reference: every boundary Intl.Segmenter finds, walking the whole text. */
function segmenterBoundaries(text: string): boolean[] {
  const marks = new Array<boolean>(text.length + 1).fill(false);
  for (const g of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) marks[g.index] = true;
  marks[text.length] = true;
  return marks;
}

function assertAgrees(text: string): void {
  const test = graphemeBoundaryTest(text);
  const expected = segmenterBoundaries(text);
  for (let p = 0; p <= text.length; p++) {
    assert.equal(
      test(p),
      expected[p],
      `offset ${p} of ${JSON.stringify(text)} (${[...text.slice(Math.max(0, p - 3), p + 3)].map((c) => c.codePointAt(0)!.toString(16)).join(' ')})`,
    );
  }
}

/** Characters every rule of UAX #29 is about, and a few that no rule is about. */
// Laid out by hand, many short items to a line.
// prettier-ignore
const PIECES = [
  'a', ' ', '.', '\r', '\n', '\t', '\u0000', '\u0085', '\u2028', '\ufeff', '\u00ad', '\u200b',
  '\u0301', '\u0308', '\u200c', '\u200d', '\u{1F3FD}', '\u{E0061}', '\u{E007F}',
  '\u093E', '\u0903', '\u0E33', '\u0EB3', '\u102B', '\u1038',
  '\u0600', '\u06DD', '\u0D4E',
  '\u1100', '\u1161', '\u11A8', '\uAC00', '\uAC01', '\uD7B0', '\uA960',
  '\u{1F1EB}', '\u{1F1F7}', '\u{1F1E9}',
  '\u{1F469}', '\u{1F467}', '\u2764', '\uFE0F', '\u{1F600}', '\u00A9',
  'क', 'ष', '\u094D', 'র', '\u09CD', 'ক', '\u093C', 'ा',
  '日', 'ع', '\u0651', '\ud800', '\udc00',
];

describe('grapheme cluster boundaries', () => {
  it('agree with Intl.Segmenter on the varied corpus', () => {
    for (const { text } of VARIED_CORPUS) assertAgrees(text);
  });

  it('agree with Intl.Segmenter on emoji sequences, flags, Hangul, Indic conjuncts and marks', () => {
    for (const text of [
      '👩‍👩‍👧‍👦 👍🏽 ❤️ 🇫🇷🇩🇪🇯🇵 🇫🇷🇩',
      '한국어 문장도 ᄀᄀ각ᆨ ᄀ각',
      'क्ष क्‍ष ক্র নমস্কার भाषा मॉडल विभाजित',
      'Cafe\u0301 a\u0308\u0301\u0302 \u0600\u0661 x\u200dy',
      'a\r\nb\r\r\n\n',
    ])
      assertAgrees(text);
  });

  it('agree with Intl.Segmenter on generated sequences of the characters the rules are about', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 24 }), (parts) => assertAgrees(parts.join(''))),
      { numRuns: propertyRuns(0.03) },
    );
  });
});
