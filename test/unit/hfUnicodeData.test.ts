import * as assert from 'node:assert/strict';
import { nfcAsRust, onigurumaView } from '../../src/core/text/hfUnicodeGaps';
import { minimalFile } from './support/hfFiles';
import { referenceTokenizer } from './support/hfReference';

describe('Hugging Face tokenizers: Unicode data as the Rust library has it', function () {
  // The Rust reference reads every code point: a few seconds.
  this.timeout(60_000);
  // Planes 0-3 and 14 hold every assigned code point; the rest is checked below.
  const codePoints: number[] = [];
  for (const [from, to] of [
    [0, 0x40000],
    [0xe0000, 0xf0000],
  ]) {
    for (let c = from; c < to; c++) if (c < 0xd800 || c > 0xdfff) codePoints.push(c);
  }
  const GENERAL_CATEGORIES = [
    'Lu',
    'Ll',
    'Lt',
    'Lm',
    'Lo',
    'Mn',
    'Mc',
    'Me',
    'Nd',
    'Nl',
    'No',
    'Pc',
    'Pd',
    'Ps',
    'Pe',
    'Pi',
    'Pf',
    'Po',
    'Sm',
    'Sc',
    'Sk',
    'So',
    'Zs',
    'Zl',
    'Zp',
    'Cc',
    'Cf',
    'Cn',
    'Co',
  ];

  it("classifies every code point, through Tokenscope's stand-ins, as the Rust library's regex engine does", () => {
    // Each Replace rewrites one general category as a private-use label (itself Co, which
    // is rewritten first), so the output holds one label per code point of the input.
    const label = (k: number): string => String.fromCodePoint(0xf0000 + k);
    const order = ['Co', ...GENERAL_CATEGORIES.filter((c) => c !== 'Co')];
    const normalizers = order.map((c) => ({ type: 'Replace', pattern: { Regex: `\\p{${c}}` }, content: label(GENERAL_CATEGORIES.indexOf(c)) }));
    const labels = [
      ...referenceTokenizer({ ...minimalFile(), normalizer: { type: 'Sequence', normalizers } })
        .getNormalizer()!
        .normalizeString(codePoints.map((c) => String.fromCodePoint(c)).join('')),
    ];
    const categories = GENERAL_CATEGORIES.map((c) => new RegExp(`^\\p{${c}}$`, 'u'));
    const wrong: string[] = [];
    codePoints.forEach((c, i) => {
      const rust = labels[i].codePointAt(0)! - 0xf0000;
      // The view without case folding: general categories do not depend on it.
      if (!categories[rust].test(onigurumaView(String.fromCodePoint(c), false))) wrong.push(`U+${c.toString(16)} (${GENERAL_CATEGORIES[rust]})`);
    });
    assert.deepEqual(wrong.slice(0, 20), []);
    for (let c = 0x40000; c < 0xe0000; c += 1) assert.ok(/\p{Cn}/u.test(String.fromCodePoint(c)), `U+${c.toString(16)} is assigned`);
  });

  it('normalizes to NFC exactly as the Rust library does', () => {
    // Every code point that NFC can move, decompose or compose in V8, in contexts that show
    // its combining class (before and after marks of classes 1, 220, 230, 240) and its
    // compositions; and every canonical decomposition V8 knows, recomposed.
    const moving = codePoints.filter((c) => {
      const s = String.fromCodePoint(c);
      return s.normalize('NFD') !== s || (s + '\u0334').normalize('NFD') !== s + '\u0334' || ('\u0345' + s).normalize('NFD') !== '\u0345' + s;
    });
    const texts: string[] = [];
    for (const c of moving) {
      const s = String.fromCodePoint(c);
      texts.push(`a${s}\u0301`, `\u0301${s}\u0316`, `a\u0316${s}\u0301`, `${s}${s}`, s.normalize('NFD'), `${s}\u0334\u0345`);
    }
    const separator = '\u{f0000}';
    const rust = referenceTokenizer({ ...minimalFile(), normalizer: { type: 'NFC' } })
      .getNormalizer()!
      .normalizeString(texts.join(separator))
      .split(separator);
    const wrong = texts.filter((t, i) => nfcAsRust(t) !== rust[i]);
    assert.deepEqual(
      wrong.slice(0, 10).map((t) => [...t].map((c) => c.codePointAt(0)!.toString(16)).join(' ')),
      [],
    );
    assert.ok(moving.length > 10_000, `only ${moving.length} code points that NFC moves`);
  });
});
