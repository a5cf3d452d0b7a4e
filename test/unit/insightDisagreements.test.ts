import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { EncodingName } from '../../src/core/tokenizers/tiktoken/encodings';
import { DisagreementFinder, type Side } from '../../src/core/insights/disagreements';
import type { Disagreement } from '../../src/core/insights/insightTypes';
import { tokenByteLengths } from '../../src/core/incremental/tokenSpan';
import { mixedText } from './support/mixedText';
import { propertyRuns } from './support/propertyRuns';
import { slicesOf, tiktoken, tiktokenPieces } from './support/insightText';
import { loadTiktokenTokenizer } from './support/tokenizers';

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
  for (let i = 0; i < text.length;) {
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
      assert.deepEqual(
        spans.map(({ text: _, ...span }) => span),
        referenceSpans(a, b, text),
      );
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
        assert.deepEqual(
          ca.ends.filter((e) => e > from && e <= to),
          cb.ends.filter((e) => e > from && e <= to),
        );
        previousEnd = span.end;
      }
      const [from, to] = [byteOf.get(previousEnd)!, byteOf.get(text.length)!];
      assert.deepEqual(
        ca.ends.filter((e) => e > from && e <= to),
        cb.ends.filter((e) => e > from && e <= to),
      );
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
      fc.property(
        mixedText(60),
        fc.constantFrom<[EncodingName, EncodingName]>(['o200k_base', 'cl100k_base'], ['p50k_base', 'o200k_base'], ['cl100k_base', 'r50k_base']),
        fc.integer({ min: 2, max: 30 }),
        (text, [a, b], target) => {
          const { spans } = findSpans(a, b, text, target);
          assert.deepEqual(
            spans.map(({ text: _, ...span }) => span),
            referenceSpans(a, b, text),
          );
        },
      ),
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
