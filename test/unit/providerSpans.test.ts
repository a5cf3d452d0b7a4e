import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { ProviderTokenLayout } from '../../src/core/providers/providerSpans';
import type { ProviderTokens } from '../../src/core/providers/providerSpec';
import { tokenEndsFromBytes } from '../../src/core/providers/tokenOffsets';

const bytesOf = (s: string) => [...Buffer.from(s, 'utf8')];

/** What xAI's answer gives for `text` cut into these byte runs (ids from 500 on). */
function answerFor(text: string, tokens: number[][]): ProviderTokens {
  const ends = tokenEndsFromBytes(text, tokens);
  assert.ok(ends, 'the runs are the text');
  return { ids: Uint32Array.from(tokens, (_, i) => 500 + i), byteLengths: Uint32Array.from(tokens, (t) => t.length), ends };
}

/** The text cut into runs of `n` bytes, as the fake xAI server cuts it. */
function runsOf(text: string, n: number): number[][] {
  const bytes = bytesOf(text);
  const runs: number[][] = [];
  for (let i = 0; i < bytes.length; i += n) runs.push(bytes.slice(i, i + n));
  return runs;
}

function layout(text: string, tokens: number[][]): ProviderTokenLayout {
  const l = ProviderTokenLayout.of(text, answerFor(text, tokens));
  assert.ok(l);
  return l;
}

/** The texts of the segments of a span. */
function segmentTexts(text: string, l: ProviderTokenLayout, start = 0, end = text.length): string[] {
  const s = l.span(start, end);
  return Array.from({ length: s.segmentStarts.length - 1 }, (_, k) => text.slice(s.segmentStarts[k], s.segmentStarts[k + 1]));
}

describe("A provider's tokens laid over the text (exact Grok boundaries)", () => {
  it('draws a segment per token where tokens end between characters, with document offsets and indexes', () => {
    const text = 'Hello world, again';
    const l = layout(text, [bytesOf('Hello'), bytesOf(' world'), bytesOf(','), bytesOf(' again')]);
    assert.equal(l.count, 4);
    assert.deepEqual(segmentTexts(text, l), ['Hello', ' world', ',', ' again']);
    const all = l.span(0, text.length);
    assert.deepEqual([...all.tokenStarts], [0, 5, 11, 12]);
    assert.deepEqual([...all.ids], [500, 501, 502, 503]);
    assert.equal(all.firstTokenIndex, 0);
    // A range inside the text: the segments overlapping it, with their document offsets and index.
    const middle = l.span(7, 12);
    assert.deepEqual([...middle.segmentStarts], [5, 11, 12]);
    assert.deepEqual([...middle.tokenStarts], [5, 11]);
    assert.deepEqual([...middle.ids], [501, 502]);
    assert.equal(middle.firstTokenIndex, 1);
    assert.deepEqual([...middle.segmentFirstToken], [0, 1, 2]);
  });

  it('keeps a surrogate pair whole: tokens cut inside an emoji are one segment, also with the text around them', () => {
    const emoji = bytesOf('🙂'); // 4 bytes, 2 UTF-16 units
    // "a" + 1 byte | 1 byte | 2 bytes + "b": an edge inside 🙂 is not drawn, so "a🙂b" is one segment.
    const text = 'a🙂b c';
    const l = layout(text, [[...bytesOf('a'), emoji[0]], [emoji[1]], [emoji[2], emoji[3], ...bytesOf('b')], bytesOf(' c')]);
    assert.deepEqual(segmentTexts(text, l), ['a🙂b', ' c']);
    const all = l.span(0, text.length);
    // Each token starts at the character holding its first byte: the 2nd and 3rd inside 🙂 (offset 1).
    assert.deepEqual([...all.tokenStarts], [0, 1, 1, 4]);
    assert.deepEqual([...all.segmentFirstToken], [0, 3, 4]);
    // Offsets after the pair count it as two units.
    const tail = l.span(4, 6);
    assert.deepEqual([...tail.segmentStarts], [4, 6]);
    // The fake server's runs of 3 bytes over emoji and CJK.
    const mixed = 'x 😀 日本語 𝔘𝔫';
    const runs = layout(mixed, runsOf(mixed, 3));
    for (const edge of runs.span(0, mixed.length).segmentStarts) assert.ok(!/[\uD800-\uDBFF]/.test(mixed[edge - 1] ?? ''), `edge ${edge} splits a pair`);
  });

  it('keeps CR LF together: a token per character is still one segment, as the editor draws a line break', () => {
    const text = 'one\r\ntwo\r\n';
    const split = layout(text, [bytesOf('one'), bytesOf('\r'), bytesOf('\n'), bytesOf('two'), bytesOf('\r\n')]);
    assert.deepEqual(segmentTexts(text, split), ['one', '\r\n', 'two', '\r\n']);
    assert.deepEqual([...split.span(0, text.length).segmentFirstToken], [0, 1, 3, 4, 5]);
    // A token across the line break ("e\r") and one after it ("\ntw"): one segment, since no edge falls between \r and \n.
    const across = layout(text, [bytesOf('on'), bytesOf('e\r'), bytesOf('\ntw'), bytesOf('o\r\n')]);
    assert.deepEqual(segmentTexts(text, across), ['on', 'e\r\ntw', 'o\r\n']);
    // Each token starts at the character holding its first byte: "\ntw" at the \n (offset 4), so it counts for the second line.
    assert.deepEqual([...across.span(0, text.length).tokenStarts], [0, 2, 4, 7]);
  });

  it('hovers a segment with each of its tokens: index, id and the bytes the answer gave', () => {
    const text = 'a🙂b c';
    const emoji = bytesOf('🙂');
    const tokens = [[...bytesOf('a'), emoji[0]], [emoji[1]], [emoji[2], emoji[3], ...bytesOf('b')], bytesOf(' c')];
    const l = layout(text, tokens);
    const merged = l.segmentAt(2)!;
    assert.deepEqual([merged.start, merged.end], [0, 4]);
    assert.deepEqual(
      merged.tokens.map((t) => [t.index, t.id, [...t.bytes]]),
      tokens.slice(0, 3).map((b, i) => [i, 500 + i, b]),
    );
    const last = l.segmentAt(5)!;
    assert.deepEqual([last.start, last.end, last.tokens.length, last.tokens[0].index, [...last.tokens[0].bytes]], [4, 6, 1, 3, bytesOf(' c')]);
    assert.equal(l.segmentAt(6), undefined, 'nothing past the text');
  });

  it('refuses tokens of another text (another length) rather than drawing them wrong', () => {
    const tokens = answerFor('abc', [bytesOf('abc')]);
    assert.equal(ProviderTokenLayout.of('abcd', tokens), undefined);
    assert.equal(ProviderTokenLayout.of('ab', tokens), undefined);
    assert.ok(ProviderTokenLayout.of('', { ids: new Uint32Array(0), byteLengths: new Uint32Array(0), ends: new Uint32Array(0) }));
  });

  it('cuts any text into the same segments whether asked whole or range by range', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.integer({ min: 1, max: 5 }), fc.nat(), (text, n, cut) => {
        const l = layout(text, runsOf(text, n));
        const whole = l.span(0, text.length);
        // Every token is in one segment, segments tile the text, and tokens start inside their segment.
        assert.equal(whole.ids.length, l.count);
        if (text.length > 0) assert.deepEqual([whole.segmentStarts[0], whole.segmentStarts.at(-1)], [0, text.length]);
        for (let k = 0; k + 1 < whole.segmentStarts.length; k++) {
          for (let t = whole.segmentFirstToken[k]; t < whole.segmentFirstToken[k + 1]; t++) {
            assert.ok(whole.tokenStarts[t] >= whole.segmentStarts[k] && whole.tokenStarts[t] < whole.segmentStarts[k + 1]);
          }
        }
        // A range's span is the whole one's segments that overlap it.
        const at = text.length === 0 ? 0 : cut % text.length;
        const part = l.span(at, text.length);
        const first = [...whole.segmentStarts].findIndex((_, k) => k + 1 < whole.segmentStarts.length && whole.segmentStarts[k + 1] > at);
        if (first >= 0) {
          assert.deepEqual([...part.segmentStarts], [...whole.segmentStarts.subarray(first)]);
          assert.equal(part.firstTokenIndex, whole.segmentFirstToken[first]);
        }
      }),
    );
  });
});
