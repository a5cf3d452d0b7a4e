import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { get_encoding } from 'tiktoken';
import { cutRuleFor } from '../../src/core/tokenizers/cutRules';
import { ENCODING_NAMES, type EncodingName } from '../../src/core/tokenizers/tiktoken/encodings';
import { CompressionAccumulator, compressionStats } from '../../src/core/insights/compression';
import { DisagreementFinder, type Side } from '../../src/core/insights/disagreements';
import type { Disagreement } from '../../src/core/insights/insightTypes';
import { ScriptAccumulator, scriptName } from '../../src/core/insights/scripts';
import { SliceCursor, TextPieces } from '../../src/core/insights/textSlices';
import { tokenBytesOf } from '../../src/core/insights/tokenBytes';
import { countWords } from '../../src/core/insights/wordCount';
import { tokenByteLengths } from '../../src/core/incremental/tokenSpan';
import { mixedText } from './support/mixedText';
import { propertyRuns } from './support/propertyRuns';
import { loadTiktokenTokenizer } from './support/tokenizers';

const o200k = loadTiktokenTokenizer('o200k_base');
const cl100k = loadTiktokenTokenizer('cl100k_base');
const tiktoken = { o200k_base: get_encoding('o200k_base'), cl100k_base: get_encoding('cl100k_base'), p50k_base: get_encoding('p50k_base'), r50k_base: get_encoding('r50k_base') };

/** The reference: Intl.Segmenter over the whole text. */
function segmenterWords(text: string): number {
  let words = 0;
  for (const s of new Intl.Segmenter(undefined, { granularity: 'word' }).segment(text)) if (s.isWordLike) words++;
  return words;
}

/** Token texts of `text` by tiktoken itself, to state what a hand-checked case rests on. */
function tiktokenPieces(encoding: EncodingName, text: string): string[] {
  return [...tiktoken[encoding].encode_ordinary(text)].map((id) => Buffer.from(tiktoken[encoding].decode_single_token_bytes(id)).toString('latin1'));
}
const latin1 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

/** `text` cut into slices by `encoding`'s rule, about `target` apart, read from pieces cut at `pieceCuts`. */
function slicesOf(encoding: EncodingName, text: string, target: number, pieceCuts: number[] = []): string[] {
  const cuts = [...new Set(pieceCuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let previous = 0;
  for (const cut of [...cuts, text.length]) {
    pieces.push(text.slice(previous, cut));
    previous = cut;
  }
  const cursor = new SliceCursor(new TextPieces(pieces), cutRuleFor(encoding), target);
  const slices: string[] = [];
  for (let s = cursor.next(); s !== undefined; s = cursor.next()) slices.push(s);
  return slices;
}

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
      { id: 40617, text: '·hello', count: 2 },
      { id: 2375, text: '·world', count: 1 },
      { id: 24912, text: 'hello', count: 1 },
    ]);
    assert.deepEqual(compressionStats(o200k, text, 1).topTokens.map((t) => t.id), [40617]);
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
    assert.deepEqual(compressionStats(o200k, '🦙', 3).topTokens.map((t) => t.text), ['\\xA6', '\\x99', '\\xF0\\x9F']);
  });

  it('puts tokens longer than the last bucket together in it', () => {
    const text = `${' '.repeat(40)}x`;
    assert.deepEqual(tiktokenPieces('o200k_base', text), [' '.repeat(39), ' x']);
    const { lengthHistogram } = compressionStats(o200k, text, 0);
    assert.equal(lengthHistogram.lastBucketOpen, true);
    assert.equal(lengthHistogram.counts.length, 16);
    assert.equal(lengthHistogram.counts[15], 1);
    assert.equal(lengthHistogram.counts[1], 1);
    assert.equal(lengthHistogram.counts.reduce((a, b) => a + b), 2);
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
    assert.deepEqual(tiktokenPieces('o200k_base', text), ['Hello', latin1(' Пр'), latin1('ивет'), ' ', latin1('你好'), latin1(' مرح'), latin1('با'), latin1(' नम'), latin1('स्त'), latin1('े')]);
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
    assert.deepEqual(tiktokenPieces('cl100k_base', text).slice(12), [latin1(' ').concat('\xe0\xa4'), '\xa8', latin1('म'), latin1('स'), latin1('्').concat('\xe0\xa4'), '\xa4', latin1('े')]);
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
        assert.equal(wholeScripts.result().reduce((sum, s) => sum + s.chars, 0), whole.chars);
        assert.equal(wholeScripts.result().reduce((sum, s) => sum + (s.scriptChars ?? 0), 0), whole.chars);
        assert.equal(wholeScripts.result().reduce((sum, s) => sum + s.tokens, 0), whole.tokens);
      }),
      { numRuns: propertyRuns(0.04) },
    );
  });
});

// ---- disagreements ----

interface Cuts {
  /** Token ends in UTF-8 bytes. */
  ends: number[];
  set: Set<number>;
}

function cutsOf(encoding: EncodingName, text: string): Cuts {
  let end = 0;
  const ends = [...tiktoken[encoding].encode_ordinary(text)].map((id) => (end += tiktoken[encoding].decode_single_token_bytes(id).length));
  return { ends, set: new Set(ends) };
}

/** UTF-8 offset → UTF-16 offset of every offset between two characters (lone surrogates are 3 bytes). */
function charOffsets(text: string): Map<number, number> {
  const map = new Map<number, number>([[0, 0]]);
  let bytes = 0;
  for (let i = 0; i < text.length; ) {
    const c = text.codePointAt(i)!;
    const units = c > 0xffff ? 2 : 1;
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c > 0xffff ? 4 : 3;
    i += units;
    map.set(bytes, i);
  }
  return map;
}

/**
 * The reference, by sets: common boundaries are the offsets between characters that both
 * tokenizations have; between two consecutive ones there is a span when their boundaries differ.
 */
function referenceSpans(a: EncodingName, b: EncodingName, text: string): Array<Omit<Disagreement, 'text'>> {
  const [ca, cb] = [cutsOf(a, text), cutsOf(b, text)];
  const offsets = charOffsets(text);
  const common = [0, ...ca.ends.filter((e) => cb.set.has(e) && offsets.has(e))];
  const spans: Array<Omit<Disagreement, 'text'>> = [];
  for (let i = 0; i + 1 < common.length; i++) {
    const [from, to] = [common[i], common[i + 1]];
    const inA = ca.ends.filter((e) => e > from && e <= to);
    const inB = cb.ends.filter((e) => e > from && e <= to);
    if (inA.join() !== inB.join()) spans.push({ start: offsets.get(from)!, end: offsets.get(to)!, tokensA: inA.length, tokensB: inB.length });
  }
  return spans;
}

/** The finder fed each side in its own slices (cut by its own rule, about `target` apart), the side behind first. */
function findSpans(a: EncodingName, b: EncodingName, text: string, target = 16_384, maxSpans?: number) {
  const finder = new DisagreementFinder(maxSpans);
  const encodings: Record<Side, EncodingName> = { a, b };
  const slices: Record<Side, string[]> = { a: slicesOf(a, text, target), b: slicesOf(b, text, target) };
  while (!finder.truncated) {
    const side = finder.behind;
    const slice = slices[side].shift();
    if (slice === undefined) break;
    const tokenizer = loadTiktokenTokenizer(encodings[side]);
    finder.push(side, slice, tokenByteLengths(tokenizer, tokenizer.encode(slice)));
  }
  return finder.result((start, end) => text.slice(start, end));
}

describe('insights: disagreements', () => {
  /** Texts the two encodings cut differently (numbers: 123|456|78 against 123|45|678). */
  const differing: Array<[EncodingName, EncodingName, string]> = [
    ['cl100k_base', 'p50k_base', '12345678'],
    ['o200k_base', 'p50k_base', "'''"],
    ['cl100k_base', 'p50k_base', `a${' '.repeat(50)}b\n\n\n    x`],
    ['o200k_base', 'cl100k_base', '大型语言模型把文本切分成词元，然后逐个预测下一个词元。'],
    ['o200k_base', 'cl100k_base', 'Привет мир. Hello world.'],
    ['o200k_base', 'p50k_base', "Numbers 12345678 and '''quotes''' in 中文 text 🦙.\n"],
  ];

  for (const [a, b, text] of differing) {
    it(`finds where ${a} and ${b} cut ${JSON.stringify(text.slice(0, 24))} differently, and nothing else`, () => {
      const { spans, truncated } = findSpans(a, b, text);
      assert.equal(truncated, false);
      assert.ok(spans.length > 0, 'the two encodings cut this text differently');
      assert.deepEqual(spans.map(({ text: _, ...span }) => span), referenceSpans(a, b, text));
      const [ca, cb] = [cutsOf(a, text), cutsOf(b, text)];
      const byteOf = new Map([...charOffsets(text)].map(([bytes, units]) => [units, bytes]));
      let previousEnd = 0;
      for (const span of spans) {
        assert.equal(span.text, text.slice(span.start, span.end));
        // Both ends are boundaries of both, and the span's text alone has the tokens counted in it.
        for (const edge of [span.start, span.end]) {
          const bytes = byteOf.get(edge)!;
          assert.ok(bytes === 0 || (ca.set.has(bytes) && cb.set.has(bytes)), `edge ${edge}`);
        }
        assert.equal(tiktoken[a].encode_ordinary(span.text).length, span.tokensA, span.text);
        assert.equal(tiktoken[b].encode_ordinary(span.text).length, span.tokensB, span.text);
        assert.notDeepEqual(cutsOf(a, span.text).ends, cutsOf(b, span.text).ends);
        // Between the previous span and this one, both have the same boundaries.
        const [from, to] = [byteOf.get(previousEnd)!, byteOf.get(span.start)!];
        assert.deepEqual(ca.ends.filter((e) => e > from && e <= to), cb.ends.filter((e) => e > from && e <= to));
        previousEnd = span.end;
      }
      const [from, to] = [byteOf.get(previousEnd)!, byteOf.get(text.length)!];
      assert.deepEqual(ca.ends.filter((e) => e > from && e <= to), cb.ends.filter((e) => e > from && e <= to));
    });
  }

  it('finds nothing where the two cut alike (o200k_base and cl100k_base on digits, quotes and blanks)', () => {
    for (const text of ['12345678', "'''", `a${' '.repeat(50)}b\n\n\n    x`]) {
      assert.deepEqual(tiktokenPieces('o200k_base', text), tiktokenPieces('cl100k_base', text));
      assert.deepEqual(findSpans('o200k_base', 'cl100k_base', text), { spans: [], truncated: false });
    }
    assert.deepEqual(findSpans('o200k_base', 'cl100k_base', ''), { spans: [], truncated: false });
  });

  it('matches the reference slice by slice, for any text and pair of encodings', () => {
    fc.assert(
      fc.property(mixedText(60), fc.constantFrom<[EncodingName, EncodingName]>(['o200k_base', 'cl100k_base'], ['p50k_base', 'o200k_base'], ['cl100k_base', 'r50k_base']), fc.integer({ min: 2, max: 30 }), (text, [a, b], target) => {
        const { spans } = findSpans(a, b, text, target);
        assert.deepEqual(spans.map(({ text: _, ...span }) => span), referenceSpans(a, b, text));
      }),
      { numRuns: propertyRuns(0.03) },
    );
  });

  it('keeps the first spans only and says so', () => {
    const text = 'Привет мир. '.repeat(40);
    const all = findSpans('o200k_base', 'cl100k_base', text).spans;
    assert.ok(all.length > 5);
    const first = findSpans('o200k_base', 'cl100k_base', text, 16_384, 5);
    assert.equal(first.truncated, true);
    assert.deepEqual(first.spans, all.slice(0, 5));
    assert.equal(findSpans('o200k_base', 'cl100k_base', text, 16_384, all.length).truncated, false);
  });

  it('cuts a long span’s text at 200 characters, never between the halves of a surrogate pair', () => {
    // One token against 151: a single span of 301 UTF-16 units.
    const text = `x${'𝔘'.repeat(150)}`;
    const finder = new DisagreementFinder();
    finder.push('a', text, [601]);
    finder.push('b', text, [1, ...new Array<number>(150).fill(4)]);
    const { spans } = finder.result((start, end) => text.slice(start, end));
    assert.deepEqual(spans, [{ start: 0, end: 301, text: `x${'𝔘'.repeat(99)}…`, tokensA: 1, tokensB: 151 }]);
  });

  it('treats tokens that cannot be laid over the text (a normalizing tokenizer) as one unit per slice', () => {
    const text = 'e\u0301 ok';
    const finder = new DisagreementFinder();
    finder.push('a', text, [1, 2, 3]); // 6 bytes: not the text's 7
    finder.push('b', text, [1, 2, 1, 3]);
    assert.deepEqual(finder.result((s, e) => text.slice(s, e)).spans, [{ start: 0, end: 5, text, tokensA: 3, tokensB: 4 }]);
  });
});
