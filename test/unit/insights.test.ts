import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { cutRuleFor } from '../../src/core/tokenizers/cutRules';
import { ENCODING_NAMES } from '../../src/core/tokenizers/tiktoken/encodings';
import { CompressionAccumulator, compressionStats } from '../../src/core/insights/compression';
import { ScriptAccumulator, scriptName } from '../../src/core/insights/scripts';
import { tokenBytesOf } from '../../src/core/insights/tokenBytes';
import { countWords } from '../../src/core/insights/wordCount';
import { mixedText } from './support/mixedText';
import { propertyRuns } from './support/propertyRuns';
import { slicesOf, tiktoken, tiktokenPieces } from './support/insightText';
import { loadTiktokenTokenizer } from './support/tokenizers';

const o200k = loadTiktokenTokenizer('o200k_base');
const cl100k = loadTiktokenTokenizer('cl100k_base');

/** The reference: Intl.Segmenter over the whole text. */
function segmenterWords(text: string): number {
  let words = 0;
  for (const s of new Intl.Segmenter(undefined, { granularity: 'word' }).segment(text)) if (s.isWordLike) words++;
  return words;
}

const latin1 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

describe('insights: compression', () => {
  it('measures a hand-checked text: entropy, ratios, histogram, top tokens', () => {
    const text = 'hello hello hello world';
    assert.deepEqual(tiktokenPieces('o200k_base', text), ['hello', ' hello', ' hello', ' world']);
    const s = compressionStats(o200k, text, 10);
    assert.equal(s.tokenizer, 'o200k_base');
    assert.equal(s.tokens, 4);
    assert.equal(s.chars, 23);
    assert.equal(s.bytes, 23);
    assert.equal(s.words, 4);
    assert.equal(s.charsPerToken, 23 / 4);
    assert.equal(s.bytesPerToken, 23 / 4);
    assert.equal(s.tokensPerWord, 1);
    // p = 1/2, 1/4, 1/4: H = 1/2·1 + 2·1/4·2 = 1.5 bits.
    assert.ok(Math.abs(s.entropyBitsPerToken - 1.5) < 1e-12, String(s.entropyBitsPerToken));
    assert.equal(s.distinctTokens, 3);
    assert.equal(s.distinctShare, 0.75);
    assert.deepEqual(s.lengthHistogram, { counts: [0, 0, 0, 0, 1, 3], lastBucketOpen: false });
    assert.equal(s.partialTokens, 0);
    // Most frequent first; the two single ones by id (` world` is 2375, `hello` 24912).
    assert.deepEqual(s.topTokens, [
      { id: 40617, text: '·hello', raw: ' hello', count: 2 },
      { id: 2375, text: '·world', raw: ' world', count: 1 },
      { id: 24912, text: 'hello', raw: 'hello', count: 1 },
    ]);
    assert.deepEqual(
      compressionStats(o200k, text, 1).topTokens.map((t) => t.id),
      [40617],
    );
  });

  it('gives 2 bits for four distinct tokens equally often, 0 for one token repeated', () => {
    assert.deepEqual(tiktokenPieces('o200k_base', 'a b c d'), ['a', ' b', ' c', ' d']);
    assert.equal(compressionStats(o200k, 'a b c d', 0).entropyBitsPerToken, 2);
    assert.equal(compressionStats(o200k, 'a b c d a b c d'.slice(0, 7), 0).distinctShare, 1);
    const repeated = compressionStats(o200k, 'x', 0, Uint32Array.of(87, 87, 87, 87));
    assert.equal(repeated.entropyBitsPerToken, 0);
    assert.equal(repeated.distinctShare, 0.25);
  });

  it('counts fertility over words as Intl.Segmenter sees them, CJK included', () => {
    const text = 'Hello Привет 你好 مرحبا नमस्ते';
    const s = compressionStats(cl100k, text, 0);
    assert.equal(s.words, 5); // Hello · Привет · 你好 · مرحبا · नमस्ते
    assert.equal(s.tokens, 19);
    assert.equal(s.tokensPerWord, 19 / 5);
    assert.equal(compressionStats(o200k, '你好世界', 0).words, 2); // ICU's dictionary: 你好 · 世界
  });

  it('gives tokens that only finish a character length 0 (partial), the one holding its first byte length 1', () => {
    // 🦙 is F0 9F A6 99: o200k_base cuts it [F0 9F] [A6] [99].
    assert.deepEqual(tiktokenPieces('o200k_base', '🦙'), ['\xf0\x9f', '\xa6', '\x99']);
    const s = compressionStats(o200k, '🦙', 0);
    assert.equal(s.tokens, 3);
    assert.equal(s.chars, 1);
    assert.equal(s.partialTokens, 2);
    assert.deepEqual(s.lengthHistogram, { counts: [1], lastBucketOpen: false });
    // Each once, so by id: \xA6 is 99, \x99 is 247, \xF0\x9F is 4103.
    assert.deepEqual([...tiktoken.o200k_base.encode_ordinary('🦙')], [4103, 99, 247]);
    assert.deepEqual(
      compressionStats(o200k, '🦙', 3).topTokens.map((t) => t.text),
      ['\\xA6', '\\x99', '\\xF0\\x9F'],
    );
  });

  it('puts tokens longer than the last bucket together in it', () => {
    const text = `${' '.repeat(40)}x`;
    assert.deepEqual(tiktokenPieces('o200k_base', text), [' '.repeat(39), ' x']);
    const { lengthHistogram } = compressionStats(o200k, text, 0);
    assert.equal(lengthHistogram.lastBucketOpen, true);
    assert.equal(lengthHistogram.counts.length, 16);
    assert.equal(lengthHistogram.counts[15], 1);
    assert.equal(lengthHistogram.counts[1], 1);
    assert.equal(
      lengthHistogram.counts.reduce((a, b) => a + b),
      2,
    );
  });

  it('is all zeros for an empty text', () => {
    const s = compressionStats(o200k, '', 5);
    assert.deepEqual([s.tokens, s.chars, s.words, s.charsPerToken, s.tokensPerWord, s.entropyBitsPerToken, s.distinctShare], [0, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(s.lengthHistogram, { counts: [], lastBucketOpen: false });
    assert.deepEqual(s.topTokens, []);
  });
});

describe('insights: words', () => {
  it('equals Intl.Segmenter on every ASCII string of up to four characters of the classes UAX #29 tells apart', () => {
    // Letter, Numeric, MidNumLet, Single_Quote, MidNum, MidLetter, ExtendNumLet, WSegSpace, LF, CR, Other.
    const alphabet = ['a', '7', '.', "'", ',', ':', '_', ' ', '\n', '\r', '@'];
    const strings = [''];
    for (let length = 1; length <= 4; length++) {
      for (const s of strings.filter((x) => x.length === length - 1)) for (const c of alphabet) strings.push(s + c);
    }
    const wrong = strings.filter((s) => countWords(s) !== segmenterWords(s));
    assert.deepEqual(wrong.slice(0, 10), []);
  });

  it('equals Intl.Segmenter on generated text in many scripts', () => {
    fc.assert(
      fc.property(mixedText(60), (text) => assert.equal(countWords(text), segmenterWords(text), JSON.stringify(text))),
      { numRuns: propertyRuns(0.03) },
    );
  });

  it('counts long runs without blanks exactly (they are cut after punctuation)', () => {
    const chinese = '大型语言模型把文本切分成词元，然后逐个预测下一个词元。'.repeat(60); // 1,680 characters, no blank
    assert.equal(countWords(chinese), segmenterWords(chinese));
    const dashed = `${'naïve-café'.repeat(200)}`;
    assert.equal(countWords(dashed), segmenterWords(dashed));
  });
});

describe('insights: scripts', () => {
  it('splits a hand-checked Latin, Cyrillic, Han, Arabic and Devanagari text (o200k_base)', () => {
    const text = 'Hello Привет 你好 مرحبا नमस्ते';
    assert.deepEqual(tiktokenPieces('o200k_base', text), [
      'Hello',
      latin1(' Пр'),
      latin1('ивет'),
      ' ',
      latin1('你好'),
      latin1(' مرح'),
      latin1('با'),
      latin1(' नम'),
      latin1('स्त'),
      latin1('े'),
    ]);
    const scripts = ScriptAccumulator.forTokenizer(o200k);
    scripts.add(text, o200k.encode(text));
    // Most tokens first, then most characters: ` Пр` + `ивет` are 2 Cyrillic tokens of 7
    // characters (the space goes with them), the lone space before 你好 is the one Common token.
    assert.deepEqual(scripts.result(), [
      { script: 'Devanagari', chars: 7, tokens: 3, charsPerToken: 7 / 3, scriptChars: 6 },
      { script: 'Cyrillic', chars: 7, tokens: 2, charsPerToken: 3.5, scriptChars: 6 },
      { script: 'Arabic', chars: 6, tokens: 2, charsPerToken: 3, scriptChars: 5 },
      { script: 'Latin', chars: 5, tokens: 1, charsPerToken: 5, scriptChars: 5 },
      { script: 'Han', chars: 2, tokens: 1, charsPerToken: 2, scriptChars: 2 },
      { script: 'Common', chars: 1, tokens: 1, charsPerToken: 1, scriptChars: 4 },
    ]);
  });

  it('gives a token that holds only part of a character that character’s script (cl100k_base)', () => {
    const text = 'Hello Привет 你好 مرحبا नमस्ते';
    // न is E0 A4 A8 and त E0 A4 A4: cl100k_base has [ E0 A4] [A8] … [्E0 A4] [A4] …
    assert.deepEqual(tiktokenPieces('cl100k_base', text).slice(12), [
      latin1(' ').concat('\xe0\xa4'),
      '\xa8',
      latin1('म'),
      latin1('स'),
      latin1('्').concat('\xe0\xa4'),
      '\xa4',
      latin1('े'),
    ]);
    const scripts = ScriptAccumulator.forTokenizer(cl100k);
    scripts.add(text, cl100k.encode(text));
    const bySript = Object.fromEntries(scripts.result().map((s) => [s.script, [s.tokens, s.chars]]));
    assert.deepEqual(bySript, { Devanagari: [7, 7], Arabic: [5, 6], Cyrillic: [3, 7], Han: [2, 2], Common: [1, 1], Latin: [1, 5] });
    assert.equal(compressionStats(cl100k, text, 0).partialTokens, 2);
  });

  it('gives combining marks the script of their base, and symbols, digits and emoji to Common', () => {
    assert.equal(scriptName('ж'.codePointAt(0)!), 'Cyrillic');
    assert.equal(scriptName(0x0301), 'Inherited');
    assert.equal(scriptName(0x0947), 'Devanagari'); // a vowel sign belongs to its script
    assert.equal(scriptName('ー'.codePointAt(0)!), 'Common'); // the prolonged sound mark is shared by kana
    const text = 'e\u0301 42 🦙 ё';
    const scripts = ScriptAccumulator.forTokenizer(o200k);
    scripts.add(text, o200k.encode(text));
    const rows = Object.fromEntries(scripts.result().map((s) => [s.script, s.scriptChars]));
    assert.deepEqual(rows, { Latin: 2, Common: 6, Cyrillic: 1 });
  });
});

describe('insights: slices', () => {
  it('keeps words whole around U+202F, a blank that joins the words beside it (Word_Break=ExtendNumLet)', () => {
    // The counterexample the block-by-block property found (p50k_base, slices of about 7).
    const text = 'a 3.14\n\u202f\u202f\u{2ac39}\u{7d586}\n/x \u202fy z';
    for (const encoding of ENCODING_NAMES) {
      for (let target = 2; target <= 12; target++) {
        const slices = slicesOf(encoding, text, target);
        assert.equal(slices.join(''), text);
        // Summed slice by slice, the words are the whole text's: no slice ends inside a word.
        assert.equal(
          slices.reduce((n, s) => n + countWords(s), 0),
          countWords(text),
          `${encoding}, target ${target}: ${JSON.stringify(slices)}`,
        );
      }
    }
  });

  it('reads any text in slices at safe cuts that add up to it, whatever pieces it is held in', () => {
    fc.assert(
      fc.property(mixedText(80), fc.constantFrom(...ENCODING_NAMES), fc.integer({ min: 2, max: 60 }), fc.array(fc.nat(), { maxLength: 6 }), (text, encoding, target, pieceCuts) => {
        const slices = slicesOf(encoding, text, target, pieceCuts);
        assert.equal(slices.join(''), text);
        const rule = cutRuleFor(encoding);
        let offset = 0;
        slices.forEach((slice, i) => {
          assert.ok(slice.length > 0);
          if (i < slices.length - 1) assert.ok(slice.length >= target, `slice ${i} is shorter than ${target}`);
          if (i > 0) assert.ok(rule.isSafeCut(text, offset), `cut at ${offset} is not safe`);
          offset += slice.length;
        });
      }),
      { numRuns: propertyRuns(0.02) },
    );
  });

  it('gives the same ids piece by piece as tiktoken for the whole text', () => {
    fc.assert(
      fc.property(mixedText(60), fc.constantFrom(...ENCODING_NAMES), (text, encoding) => {
        const ids = loadTiktokenTokenizer(encoding).encode(text);
        assert.deepEqual([...ids], [...tiktoken[encoding].encode_ordinary(text)]);
      }),
      { numRuns: propertyRuns(0.02) },
    );
  });
});

describe('insights: block by block equals the whole text', () => {
  it('for compression, words and scripts, in every encoding', () => {
    fc.assert(
      fc.property(mixedText(80), fc.constantFrom(...ENCODING_NAMES), fc.integer({ min: 2, max: 40 }), fc.array(fc.nat(), { maxLength: 4 }), (text, encoding, target, pieceCuts) => {
        const tokenizer = loadTiktokenTokenizer(encoding);
        const wholeIds = tokenizer.encode(text);
        const whole = compressionStats(tokenizer, text, 5, wholeIds);
        const wholeScripts = ScriptAccumulator.forTokenizer(tokenizer);
        wholeScripts.add(text, wholeIds);

        const compression = new CompressionAccumulator(tokenizer);
        const scripts = new ScriptAccumulator(tokenBytesOf(tokenizer));
        for (const slice of slicesOf(encoding, text, target, pieceCuts)) {
          const ids = tokenizer.encode(slice);
          compression.add(slice, ids);
          scripts.add(slice, ids);
        }
        assert.deepEqual(compression.result(5), whole);
        assert.deepEqual(scripts.result(), wholeScripts.result());
        assert.equal(whole.words, segmenterWords(text));
        assert.equal(whole.tokens, tiktoken[encoding].encode_ordinary(text).length);
        // Every character is in exactly one token's length, and in one script row.
        const lengths = whole.lengthHistogram.counts.reduce((sum, c, i) => sum + c * (i + 1), 0);
        if (!whole.lengthHistogram.lastBucketOpen) assert.equal(lengths, whole.chars);
        assert.equal(
          wholeScripts.result().reduce((sum, s) => sum + s.chars, 0),
          whole.chars,
        );
        assert.equal(
          wholeScripts.result().reduce((sum, s) => sum + (s.scriptChars ?? 0), 0),
          whole.chars,
        );
        assert.equal(
          wholeScripts.result().reduce((sum, s) => sum + s.tokens, 0),
          whole.tokens,
        );
      }),
      { numRuns: propertyRuns(0.04) },
    );
  });
});
