import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { tokenEndsFromBytes } from '../../src/core/providers/tokenOffsets';

const bytesOf = (s: string) => [...Buffer.from(s, 'utf8')];

describe('Token bytes mapped onto the text (xAI boundaries)', () => {
  it('ends each token after its last character', () => {
    assert.deepEqual([...tokenEndsFromBytes('Hello world', [bytesOf('Hello'), bytesOf(' world')])!], [5, 11]);
  });

  it('ends a token that stops inside a character after that character, and a token wholly inside it there too', () => {
    const emoji = bytesOf('🙂'); // 4 bytes, 2 UTF-16 units
    assert.deepEqual([...tokenEndsFromBytes('a🙂b', [[...bytesOf('a'), emoji[0]], [emoji[1]], [emoji[2], emoji[3], ...bytesOf('b')]])!], [3, 3, 4]);
  });

  it('gives no offsets when the bytes are not the text (another text, or a normalised one)', () => {
    assert.equal(tokenEndsFromBytes('abc', [bytesOf('ab')]), undefined);
    assert.equal(tokenEndsFromBytes('abc', [bytesOf('abd')]), undefined);
    assert.equal(tokenEndsFromBytes('é', [bytesOf('e\u0301')]), undefined);
  });

  it('covers any text cut into any byte runs: ends never decrease, fall between characters and end at the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1 }), (text, sizes) => {
        const bytes = bytesOf(text);
        const tokens: number[][] = [];
        for (let i = 0, k = 0; i < bytes.length; k++) {
          const n = sizes[k % sizes.length];
          tokens.push(bytes.slice(i, i + n));
          i += n;
        }
        const ends = tokenEndsFromBytes(text, tokens)!;
        assert.equal(ends.length, tokens.length);
        for (let i = 1; i < ends.length; i++) assert.ok(ends[i] >= ends[i - 1]);
        if (ends.length > 0) assert.equal(ends[ends.length - 1], text.length);
        // Never inside a surrogate pair.
        for (const end of ends) assert.ok(!(end > 0 && end < text.length && /[\uD800-\uDBFF]/.test(text[end - 1])), `end ${end} splits a pair`);
      }),
    );
  });
});
