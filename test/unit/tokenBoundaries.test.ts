import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { BlockStore } from '../../src/core/incremental/blockStore';
import { cutRuleFor } from '../../src/core/tokenizers/cutRules';
import { ENCODING_NAMES, type EncodingName } from '../../src/core/tokenizers/tiktoken/encodings';
import { nfcAsRust } from '../../src/core/text/hfUnicodeGaps';
import { graphemeBoundaryTest, segmentsOverlapping, segmentTokens, type Segmentation } from '../../src/core/incremental/tokenBoundaries';
import { BlockTokenCache, spanInRegion, splitsGraphemeCluster, tokenByteLengths } from '../../src/core/incremental/tokenSpan';
import { VARIED_CORPUS } from '../corpus/variedCorpus';
import { normalizingText } from './support/normalizingText';
import { propertyRuns } from './support/propertyRuns';
import { trickyText } from './support/trickyText';
import { loadHfTokenizer, loadTiktokenTokenizer } from './support/tokenizers';

const utf8 = (s: string) => Buffer.from(s.toWellFormed(), 'utf8');

function segmentationOf(encoding: EncodingName, text: string): { ids: Uint32Array; s: Segmentation } {
  const tokenizer = loadTiktokenTokenizer(encoding);
  const ids = tokenizer.encode(text);
  return { ids, s: segmentTokens(text, tokenByteLengths(tokenizer, ids)) };
}

/** Every offset Intl.Segmenter calls a grapheme cluster boundary, scanning the whole text. */
function allGraphemeBoundaries(text: string): Set<number> {
  const set = new Set<number>([text.length]);
  for (const g of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) set.add(g.index);
  return set;
}

/**
 * The invariants of a segmentation of `text` by `encoding`: segments tile the text, each one's
 * UTF-8 is exactly its tokens' bytes, every segment edge is a grapheme boundary, and every
 * token edge that falls between graphemes is a segment edge (segments are as small as they can be).
 */
function assertSegmentation(encoding: EncodingName, text: string): Segmentation {
  const tokenizer = loadTiktokenTokenizer(encoding);
  const { ids, s } = segmentationOf(encoding, text);
  const graphemes = allGraphemeBoundaries(text);
  const count = s.segmentStarts.length - 1;
  assert.equal(s.segmentStarts[0], 0);
  assert.equal(s.segmentStarts[count], text.length);
  assert.equal(s.segmentFirstToken[count], ids.length);
  let byteEnd = 0;
  const tokenEdges = new Set<number>();
  for (let k = 0; k < count; k++) {
    const [a, b] = [s.segmentStarts[k], s.segmentStarts[k + 1]];
    assert.ok(a < b, `segment ${k} is empty`);
    assert.ok(graphemes.has(a), `segment ${k} starts inside a grapheme cluster at ${a}`);
    const tokens = ids.subarray(s.segmentFirstToken[k], s.segmentFirstToken[k + 1]);
    assert.ok(tokens.length >= 1);
    const bytes = Buffer.concat([...tokens].map((id) => tokenizer.decodeToken(id)));
    assert.deepEqual(bytes, utf8(text.slice(a, b)), `segment ${k} ${JSON.stringify(text.slice(a, b))}`);
    for (const id of tokens) {
      byteEnd += tokenizer.decodeToken(id).length;
      const prefix = utf8(text).subarray(0, byteEnd);
      // A token edge between characters: where is it in UTF-16?
      const decoded = prefix.toString('utf8');
      if (Buffer.from(decoded, 'utf8').equals(prefix) && !decoded.includes('\ufffd')) tokenEdges.add(decoded.length);
    }
  }
  for (const edge of tokenEdges) {
    if (edge > 0 && edge < text.length && graphemes.has(edge)) {
      assert.ok(s.segmentStarts.includes(edge), `token edge ${edge} between graphemes is not drawn`);
    }
  }
  for (let t = 1; t < s.tokenStarts.length; t++) assert.ok(s.tokenStarts[t] >= s.tokenStarts[t - 1]);
  return s;
}

function segmentTexts(text: string, s: Segmentation): string[] {
  const out: string[] = [];
  for (let k = 0; k + 1 < s.segmentStarts.length; k++) out.push(text.slice(s.segmentStarts[k], s.segmentStarts[k + 1]));
  return out;
}

describe('token boundaries and display segments', () => {
  it("gives ASCII text one segment per token, at the tokens' own edges", () => {
    const text = 'Hello world, this is a test.';
    const { ids, s } = segmentationOf('o200k_base', text);
    const tokenizer = loadTiktokenTokenizer('o200k_base');
    assert.deepEqual(
      segmentTexts(text, s),
      [...ids].map((id) => Buffer.from(tokenizer.decodeToken(id)).toString('utf8')),
    );
    assert.deepEqual([...s.segmentFirstToken], [...ids.keys(), ids.length]);
  });

  it('merges the tokens that split one emoji, and says how many tokens the segment holds', () => {
    // A family emoji (ZWJ sequence) is many bytes and several tokens, and one grapheme.
    const text = 'hi 👩‍👩‍👧‍👦 there';
    const s = assertSegmentation('o200k_base', text);
    const texts = segmentTexts(text, s);
    const k = texts.findIndex((t) => t.includes('👩'));
    assert.ok(texts[k].includes('👦'), `the whole emoji is one segment: ${JSON.stringify(texts)}`);
    assert.ok(s.segmentFirstToken[k + 1] - s.segmentFirstToken[k] > 1, 'the segment holds more than one token');
  });

  it('keeps combining marks with their base letter', () => {
    const text = 'Cafe\u0301 re\u0301sume\u0301 n\u0303 a\u0308\u0301\u0302 x';
    const s = assertSegmentation('cl100k_base', text);
    for (const seg of segmentTexts(text, s)) assert.ok(!/^[\u0300-\u036f]/.test(seg), `a segment starts with a mark: ${JSON.stringify(seg)}`);
  });

  it('never cuts inside CJK characters, surrogate pairs, flags or skin tones', () => {
    for (const encoding of ENCODING_NAMES) {
      for (const text of ['大型语言模型把文本切分成词元', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𠜎𠜱', '🇫🇷🇩🇪🇯🇵', '👍🏽👍🏿 ok', '한국어 문장도 토큰으로']) {
        const s = assertSegmentation(encoding, text);
        for (const start of s.segmentStarts) {
          const c = text.charCodeAt(start);
          assert.ok(!(c >= 0xdc00 && c <= 0xdfff), `${encoding}: a segment starts on a low surrogate in ${text}`);
        }
      }
    }
  });

  it('reports CRLF offsets in UTF-16 units and never draws an edge between CR and LF', () => {
    const text = 'first line\r\nsecond\r\n\r\n\tthird\r\n';
    for (const encoding of ENCODING_NAMES) {
      const s = assertSegmentation(encoding, text);
      for (const start of s.segmentStarts) assert.ok(!(text[start - 1] === '\r' && text[start] === '\n'), `${encoding}: edge inside CRLF`);
    }
    const { s } = segmentationOf('o200k_base', text);
    assert.ok(s.segmentStarts.includes(text.indexOf('second')), 'offsets count CR as one unit');
  });

  it('handles tabs like any other character', () => {
    const text = '\tindent\t\tcolumns\tand\t \ttabs\n\t\t}';
    for (const encoding of ENCODING_NAMES) assertSegmentation(encoding, text);
  });

  it('counts a lone surrogate as the three bytes of U+FFFD, as tiktoken does', () => {
    for (const text of ['a\ud800b', 'x\udc00', '\ud83d', '😀\ud800😀']) assertSegmentation('o200k_base', text);
  });

  it('holds on the varied corpus for every encoding', () => {
    for (const encoding of ENCODING_NAMES) for (const entry of VARIED_CORPUS) assertSegmentation(encoding, entry.text);
  });

  it('holds on generated tricky text for every encoding', () => {
    for (const encoding of ENCODING_NAMES) {
      fc.assert(
        fc.property(trickyText(40), (text) => void assertSegmentation(encoding, text)),
        { numRuns: propertyRuns(0.04 / ENCODING_NAMES.length) },
      );
    }
  });

  it('rejects tokens that are not the encoding of the text', () => {
    assert.throws(() => segmentTokens('abc', [1, 1]), /not its encoding/);
    assert.throws(() => segmentTokens('ab', [1, 2]), /not its encoding/);
  });

  it('gives an empty text no segments', () => {
    const s = segmentTokens('', []);
    assert.deepEqual([...s.segmentStarts], [0]);
    assert.deepEqual(segmentsOverlapping(s, 0, 0), [0, 0]);
  });

  it('finds the segments overlapping a range, or holding a point', () => {
    const s: Segmentation = { tokenStarts: Int32Array.of(0, 3, 5), segmentStarts: Int32Array.of(0, 3, 5, 9), segmentFirstToken: Int32Array.of(0, 1, 2, 3) };
    assert.deepEqual(segmentsOverlapping(s, 0, 9), [0, 3]);
    assert.deepEqual(segmentsOverlapping(s, 3, 5), [1, 2]);
    assert.deepEqual(segmentsOverlapping(s, 2, 4), [0, 2]);
    assert.deepEqual(segmentsOverlapping(s, 4, 4), [1, 2]);
    assert.deepEqual(segmentsOverlapping(s, 5, 5), [2, 3]);
    assert.deepEqual(segmentsOverlapping(s, 9, 9), [3, 3]);
  });

  it('tests grapheme boundaries without the segmenter between ASCII characters', () => {
    const test = graphemeBoundaryTest('a\r\nb e\u0301');
    assert.equal(test(1), true);
    assert.equal(test(2), false); // between CR and LF
    assert.equal(test(3), true);
    assert.equal(test(6), false); // before the combining acute
  });
});

describe('tokens in a range of a block store', () => {
  /** Whole-document reference: ids and segments of a full encode. */
  function reference(encoding: EncodingName, text: string) {
    return segmentationOf(encoding, text);
  }

  function assertRangeMatchesFullEncode(encoding: EncodingName, text: string, start: number, end: number, blockSize: number): void {
    const tokenizer = loadTiktokenTokenizer(encoding);
    const store = new BlockStore(tokenizer, cutRuleFor(encoding), text, blockSize);
    store.countPending();
    const span = spanInRegion(store.alignedRegion(start, end, splitsGraphemeCluster), tokenizer, start, end);
    const { ids, s } = reference(encoding, text);
    const [first, last] = segmentsOverlapping(s, start, Math.max(start, end));
    const firstToken = s.segmentFirstToken[first] ?? 0;
    const endToken = s.segmentFirstToken[last] ?? firstToken;
    const where = `${encoding} [${start}, ${end}) of ${JSON.stringify(text.slice(0, 60))}…`;
    assert.equal(span.firstTokenIndex, firstToken, `first token index, ${where}`);
    assert.deepEqual([...span.ids], [...ids.subarray(firstToken, endToken)], `ids, ${where}`);
    assert.deepEqual([...span.tokenStarts], [...s.tokenStarts.subarray(firstToken, endToken)], `token starts, ${where}`);
    assert.deepEqual([...span.segmentStarts], [...s.segmentStarts.subarray(first, last + 1)], `segments, ${where}`);
    assert.deepEqual(
      [...span.segmentFirstToken],
      [...s.segmentFirstToken.subarray(first, last + 1)].map((t) => t - firstToken),
      `segment tokens, ${where}`,
    );
  }

  it('equals slicing a full encode, for ranges that start and end mid-block', () => {
    const text = VARIED_CORPUS.map((e) => e.text).join('\n');
    for (const encoding of ENCODING_NAMES) {
      for (const [start, end] of [
        [0, text.length],
        [5, 200],
        [333, 1400],
        [text.length - 10, text.length],
        [700, 700],
        [1, 2],
      ]) {
        assertRangeMatchesFullEncode(encoding, text, start, end, 64);
      }
    }
  });

  it('keeps CR and LF in one segment when a block edge falls between them', () => {
    // p50k_base cuts between CR and LF (they are separate tokens); 8-unit blocks put the cut there.
    const text = "'ll<|endoftext|>aQQ\r\n7eA日本\r\n";
    assertRangeMatchesFullEncode('p50k_base', text, 19, 19, 8);
    assertRangeMatchesFullEncode('p50k_base', text, 20, 20, 8);
  });

  it('equals slicing a full encode on generated text and ranges', () => {
    for (const encoding of ENCODING_NAMES) {
      fc.assert(
        fc.property(trickyText(120), fc.nat(), fc.nat(), fc.integer({ min: 8, max: 128 }), (text, a, b, blockSize) => {
          const start = text.length === 0 ? 0 : a % (text.length + 1);
          const end = Math.min(text.length, start + (b % 50));
          assertRangeMatchesFullEncode(encoding, text, start, end, blockSize);
        }),
        { numRuns: propertyRuns(0.04 / ENCODING_NAMES.length) },
      );
    }
  });

  it('says the token index is unknown while text before the range is uncounted', () => {
    const tokenizer = loadTiktokenTokenizer('o200k_base');
    const text = 'line of text\n'.repeat(500);
    const store = new BlockStore(tokenizer, cutRuleFor('o200k_base'), text, 256);
    const span = spanInRegion(store.alignedRegion(4000, 4100), tokenizer, 4000, 4100);
    assert.equal(span.firstTokenIndex, -1);
    assert.ok(span.ids.length > 0);
  });
});

describe('tokens of a normalizing tokenizer (Qwen3, NFC) over the original text', () => {
  /**
   * The span of [start, end) from a block store of `text` (blocks of about `blockSize`), checked
   * against the whole text's encoding: segments tile a stretch of the text that holds the
   * range, in order, at grapheme boundaries; each segment's tokens spell that segment as the
   * tokenizer normalizes it (`normalize`); every token starts inside its segment; the ids are those of
   * encode(text) from the span's first token index.
   */
  function assertNormalizedSpan(text: string, start: number, end: number, blockSize = 64, normalize = nfcAsRust) {
    const { tokenizer, cutRule } = loadHfTokenizer('hf:qwen3');
    const store = new BlockStore(tokenizer, cutRule, text, blockSize);
    store.countPending();
    const span = spanInRegion(store.alignedRegion(start, end, splitsGraphemeCluster), tokenizer, start, end);
    const where = `[${start}, ${end}) of ${JSON.stringify(text)}`;
    const graphemes = allGraphemeBoundaries(text);
    const count = span.segmentStarts.length - 1;
    if (start < text.length) {
      assert.ok(count >= 1, `no segment, ${where}`);
      assert.ok(span.segmentStarts[0] <= start && span.segmentStarts[count] >= Math.max(start + 1, end), `range not covered, ${where}`);
    }
    assert.deepEqual([...span.ids], [...tokenizer.encode(text)].slice(span.firstTokenIndex, span.firstTokenIndex + span.ids.length), `ids, ${where}`);
    assert.equal(span.segmentFirstToken[0], 0);
    assert.equal(span.segmentFirstToken[count], span.ids.length);
    for (let k = 0; k < count; k++) {
      const [a, b] = [span.segmentStarts[k], span.segmentStarts[k + 1]];
      assert.ok(a < b && graphemes.has(a) && graphemes.has(b), `segment ${k} [${a}, ${b}), ${where}`);
      const [t0, t1] = [span.segmentFirstToken[k], span.segmentFirstToken[k + 1]];
      assert.ok(t0 < t1, `segment ${k} has no token, ${where}`);
      const bytes = Buffer.concat([...span.ids.subarray(t0, t1)].map((id) => tokenizer.decodeToken(id)));
      assert.deepEqual(bytes.toString('utf8'), normalize(text.slice(a, b).toWellFormed()), `segment ${k} ${JSON.stringify(text.slice(a, b))}, ${where}`);
      for (let t = t0; t < t1; t++) assert.ok(span.tokenStarts[t] >= a && span.tokenStarts[t] < b, `token ${t} starts at ${span.tokenStarts[t]}, ${where}`);
    }
    for (let t = 1; t < span.tokenStarts.length; t++) assert.ok(span.tokenStarts[t] >= span.tokenStarts[t - 1]);
    return span;
  }

  it('lays tokens over text that NFC changes: e + U+0301, U+0958, U+212B, U+1F71, Hangul jamo', () => {
    for (const text of [
      'e\u0301',
      'Caf e\u0301 au lait',
      '\u0958',
      'क़ि\u0958\u093f',
      '\u212b',
      '10 \u212b long',
      '\u1f71',
      'ἄ\u1f71ν',
      '\u1100\u1161\u11a8 \u1112\u1161\u11ab\u1100\u1173\u11af',
    ]) {
      for (let offset = 0; offset <= text.length; offset++) assertNormalizedSpan(text, offset, offset);
      assertNormalizedSpan(text, 0, text.length);
    }
  });

  it('keeps an edge wherever original and normalized characters correspond', () => {
    // Each letter of the sentence is its own token or starts one; none may vanish into a neighbour.
    const text = 'Tie\u0302\u0301ng Vie\u0323\u0302t la\u0300 ngo\u0302n ngu\u031b\u0303 cu\u0309a ngu\u031bo\u031b\u0300i Vie\u0323\u0302t Nam.';
    const span = assertNormalizedSpan(text, 0, text.length);
    const { tokenizer } = loadHfTokenizer('hf:qwen3');
    const normalizedSpan = assertNormalizedSpan(nfcAsRust(text), 0, nfcAsRust(text).length);
    assert.deepEqual([...span.ids], [...tokenizer.encode(nfcAsRust(text))]);
    // The normalized text draws as many segments: every edge it has, the original has too.
    assert.equal(span.segmentStarts.length, normalizedSpan.segmentStarts.length);
  });

  it('leaves an ordinary added token unnormalized, as the tokenizer does (<think> then U+0338 is not ≯)', () => {
    const text = 'a<think>\u0338 b>\u0338';
    const span = assertNormalizedSpan(text, 0, text.length, 64, (s) => s.split('<think>').map(nfcAsRust).join('<think>'));
    const { tokenizer } = loadHfTokenizer('hf:qwen3');
    assert.ok([...span.ids].includes(tokenizer.encode('<think>')[0]));
  });

  it('holds on generated text with marks, precomposed and decomposed letters, mixed with NFC text', () => {
    fc.assert(
      fc.property(normalizingText(60), fc.nat(), fc.nat(), fc.integer({ min: 8, max: 128 }), (text, a, b, blockSize) => {
        const start = text.length === 0 ? 0 : a % (text.length + 1);
        const end = Math.min(text.length, start + (b % 50));
        assertNormalizedSpan(text, start, end, blockSize);
      }),
      { numRuns: propertyRuns(0.04) },
    );
  });
});

describe('block token cache', () => {
  it('encodes an unedited block once, and keeps even a block larger than its budget', () => {
    const real = loadTiktokenTokenizer('o200k_base');
    let encodes = 0;
    const counting = { id: real.id, count: (t: string) => real.count(t), decodeToken: (id: number) => real.decodeToken(id), encode: (t: string) => (encodes++, real.encode(t)) };
    const cache = new BlockTokenCache();
    const block = 'Hello world.\n';
    const first = cache.segment(block, counting);
    assert.equal(cache.segment(block, counting), first);
    assert.equal(encodes, 1);
    const huge = 'word '.repeat(300_000); // 300k tokens: over the cache's budget on its own
    cache.segment(huge, counting);
    cache.segment(huge, counting);
    assert.equal(encodes, 2, 'the huge block stayed cached');
    cache.segment(block, counting);
    assert.equal(encodes, 3, 'older blocks were evicted to make room');
  });
});
