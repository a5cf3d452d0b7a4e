import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { nfcAsRust } from '../../src/core/text/hfUnicodeGaps';
import { NormalizedTextBuilder, type NormalizedText } from '../../src/core/text/normalizedText';
import { normalizingText } from './support/normalizingText';
import { propertyRuns } from './support/propertyRuns';

function nfcOf(text: string): NormalizedText | undefined {
  const builder = new NormalizedTextBuilder();
  builder.nfc(text);
  return builder.build();
}

/** For each offset of the normalized text, its original offset (-1: none). */
function exactMap(n: NormalizedText): number[] {
  return Array.from({ length: n.text.length + 1 }, (_, k) => n.exactOriginal(k));
}

const hex = (text: string) => [...text].map((c) => c.codePointAt(0)!.toString(16)).join(' ');

describe('normalized text and its map back to the original', () => {
  it('leaves text that NFC does not change alone', () => {
    for (const text of ['', 'plain ASCII\n', 'é 日本 😀', 'Tiếng Việt']) assert.equal(nfcOf(text), undefined, text);
  });

  it('maps e + U+0301 to é, with no counterpart between e and the accent', () => {
    const n = nfcOf('xe\u0301y')!;
    assert.equal(n.text, 'xéy');
    assert.deepEqual(exactMap(n), [0, 1, 3, 4]);
    assert.deepEqual(
      [0, 1, 2, 3].map((k) => n.originalFloor(k)),
      [0, 1, 3, 4],
    );
  });

  it('maps a character NFC expands (U+0958) or replaces (U+212B, U+1F71)', () => {
    const expanded = nfcOf('a\u0958b')!;
    assert.equal(expanded.text, 'a\u0915\u093cb');
    assert.deepEqual(exactMap(expanded), [0, 1, -1, 2, 3]);
    assert.equal(expanded.originalFloor(2), 1, 'inside the expansion: where it starts');
    for (const [from, to] of [
      ['\u212b', '\u00c5'],
      ['\u1f71', '\u03ac'],
    ]) {
      const n = nfcOf(`(${from})`)!;
      assert.equal(n.text, `(${to})`);
      assert.deepEqual(exactMap(n), [0, 1, 2, 3]);
    }
  });

  it('composes Hangul jamo into syllables, one stretch per syllable', () => {
    const n = nfcOf('\u1100\u1161\u11a8\u1100\u1161 \u1100')!;
    assert.equal(n.text, '각가 \u1100');
    assert.deepEqual(exactMap(n), [0, 3, 5, 6, 7]);
  });

  it('keeps every letter of a decomposed Vietnamese sentence apart', () => {
    const text = 'Tie\u0302\u0301ng Vie\u0323\u0302t co\u0301 da\u0302\u0301u.';
    const n = nfcOf(text)!;
    assert.equal(n.text, 'Tiếng Việt có dấu.');
    // Every edge between letters has a counterpart; none inside a letter and its marks.
    const exact = exactMap(n).filter((o) => o >= 0);
    const expected = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].map((g) => g.index).concat(text.length);
    assert.deepEqual(exact, expected);
  });

  it('reorders marks and maps the reordered stretch as a whole', () => {
    // U+0323 (class 220) goes before U+0302 (230); then ệ is one code point.
    const n = nfcOf('ae\u0302\u0323b')!;
    assert.equal(n.text, 'aệb');
    assert.deepEqual(exactMap(n), [0, 1, 4, 5]);
  });

  it('keeps a line that begins with an orphan mark apart from the line break before it', () => {
    // The marks are reordered (U+0F71 is class 129, U+0334 class 1), but not across the newline.
    const n = nfcOf('a\n\u0f71\u0334')!;
    assert.equal(n.text, 'a\n\u0334\u0f71');
    assert.deepEqual(exactMap(n), [0, 1, 2, -1, 4]);
  });

  it('on generated text: NFC as the Rust normalizer writes it, with a map that is exact and as fine as NFC allows', () => {
    const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    fc.assert(
      fc.property(normalizingText(16), (raw) => {
        const text = raw.toWellFormed();
        const expected = nfcAsRust(text);
        const n = nfcOf(text);
        const normalized = n?.text ?? text;
        assert.equal(normalized, expected, hex(text));
        if (!n) return;
        let previous = 0;
        for (let k = 0; k <= normalized.length; k++) {
          const original = n.exactOriginal(k);
          const floor = n.originalFloor(k);
          assert.ok(floor >= previous && floor <= text.length, `floor of ${k} in ${hex(text)}`);
          previous = floor;
          if (original < 0) continue;
          assert.equal(floor, original);
          // An offset with a counterpart splits both texts the same way.
          assert.equal(nfcAsRust(text.slice(0, original)), normalized.slice(0, k), `prefix up to ${k} of ${hex(text)}`);
        }
        assert.equal(n.exactOriginal(0), 0);
        assert.equal(n.exactOriginal(normalized.length), text.length);
        // Every grapheme boundary at which NFC may cut has its counterpart.
        for (const { index } of graphemes.segment(text)) {
          const before = nfcAsRust(text.slice(0, index));
          if (before + nfcAsRust(text.slice(index)) !== normalized) continue;
          assert.equal(n.exactOriginal(before.length), index, `boundary ${index} of ${hex(text)}`);
        }
      }),
      { numRuns: propertyRuns(0.04) },
    );
  });
});
