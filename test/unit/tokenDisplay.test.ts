import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { BlockStore } from '../../src/core/incremental/blockStore';
import { cutRuleFor } from '../../src/core/tokenizers/cutRules';
import { tokensPerLine } from '../../src/core/incremental/lineTokenCounts';
import { segmentColorSlots } from '../../src/core/present/segmentColors';
import { spanInRegion, type TokenSpan } from '../../src/core/incremental/tokenSpan';
import { tokenHoverMarkdown } from '../../src/core/present/tokenHoverText';
import { codeSpan, escapeTokenBytes, hexBytes } from '../../src/core/text/tokenText';
import { buildCatalog } from '../../src/core/catalog/catalog';
import { VARIED_CORPUS } from '../corpus/variedCorpus';
import { loadTiktokenTokenizer } from './support/tokenizers';

/** A span with the given number of tokens per segment, starting at document token `first`. */
function spanOf(tokensPerSegment: number[], first: number, ids?: number[]): TokenSpan {
  const segmentFirstToken = [0];
  for (const n of tokensPerSegment) segmentFirstToken.push(segmentFirstToken[segmentFirstToken.length - 1] + n);
  const total = segmentFirstToken[segmentFirstToken.length - 1];
  return {
    start: 0,
    end: tokensPerSegment.length,
    firstTokenIndex: first,
    ids: Uint32Array.from(ids ?? Array.from({ length: total }, (_, i) => 1000 + i)),
    tokenStarts: Int32Array.from({ length: total }, (_, i) => i),
    segmentStarts: Int32Array.from({ length: tokensPerSegment.length + 1 }, (_, i) => i),
    segmentFirstToken: Int32Array.from(segmentFirstToken),
  };
}

describe('segment colours', () => {
  it('never gives neighbours the same colour in position mode, whatever the segment sizes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 13 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: -1, max: 1e6 }),
        fc.integer({ min: 4, max: 8 }),
        (sizes, first, palette) => {
          const slots = segmentColorSlots(spanOf(sizes, first), palette, 'position');
          for (let k = 1; k < slots.length; k++) assert.notEqual(slots[k], slots[k - 1], `segments ${k - 1} and ${k}`);
          for (const s of slots) assert.ok(s < palette);
        },
      ),
    );
  });

  it("keeps a token's colour when the view scrolls (colour follows the document index)", () => {
    const a = segmentColorSlots(spanOf([1, 1, 1, 1, 1, 1, 1, 1], 100), 6, 'position');
    const b = segmentColorSlots(spanOf([1, 1, 1, 1, 1], 103), 6, 'position');
    assert.deepEqual([...b], [...a.subarray(3)]);
  });

  it('gives the same token id the same colour in id mode', () => {
    const slots = segmentColorSlots(spanOf([1, 1, 1, 1], 0, [42, 7, 42, 9]), 6, 'id');
    assert.equal(slots[0], slots[2]);
  });
});

describe('per-line token counts', () => {
  it('counts the tokens that start on each line', () => {
    // Lines start at 0, 10, 20; the document ends at 30. A token at 9 that runs into line 2 is line 1's.
    assert.deepEqual([...tokensPerLine(Int32Array.of(0, 4, 9, 12, 25, 29), [0, 10, 20, 30])], [3, 1, 2]);
    assert.deepEqual([...tokensPerLine(Int32Array.of(3, 12, 15, 31), [10, 20, 30])], [2, 0]);
  });

  it('adds up to the file count over the whole file', () => {
    const tokenizer = loadTiktokenTokenizer('o200k_base');
    for (const { text } of VARIED_CORPUS) {
      const store = new BlockStore(tokenizer, cutRuleFor('o200k_base'), text, 64);
      store.countPending();
      const span = spanInRegion(store.alignedRegion(0, text.length), tokenizer, 0, text.length);
      const lineStarts = [0];
      for (let i = 0; i < text.length; i++) if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) lineStarts.push(i + 1);
      lineStarts.push(text.length + 1);
      const counts = tokensPerLine(span.tokenStarts, lineStarts);
      assert.equal(
        counts.reduce((a, b) => a + b, 0),
        tokenizer.count(text),
      );
    }
  });
});

describe('token text in hovers', () => {
  const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

  it('escapes whitespace and invisible characters, and keeps the rest', () => {
    assert.equal(escapeTokenBytes(bytes(' hello\n')), '·hello\\n');
    assert.equal(escapeTokenBytes(bytes('\t\r\n')), '\\t\\r\\n');
    assert.equal(escapeTokenBytes(bytes('a\u00a0b\ufeff')), 'a\\u00a0b\\ufeff');
    assert.equal(escapeTokenBytes(bytes('日本 😀')), '日本·😀');
    assert.equal(escapeTokenBytes(bytes('a·b\\')), 'a\\u00b7b\\\\');
  });

  it('shows bytes that are only part of a character as \\x escapes', () => {
    const emoji = bytes('😀');
    assert.equal(escapeTokenBytes(emoji.subarray(0, 2)), '\\xF0\\x9F');
    assert.equal(escapeTokenBytes(emoji.subarray(2)), '\\x98\\x80');
    assert.equal(escapeTokenBytes(Uint8Array.of(0x20, 0xe4, 0xbd)), '·\\xE4\\xBD');
  });

  it('writes bytes in hex', () => {
    assert.equal(hexBytes(bytes('你 a')), 'e4 bd a0 20 61');
  });

  it('makes a code span that shows backticks literally', () => {
    assert.equal(codeSpan('abc'), '`abc`');
    assert.equal(codeSpan('a`b'), '``a`b``');
    assert.equal(codeSpan('```'), '```` ``` ````');
    assert.equal(codeSpan(''), '`  `');
  });
});

describe('token hover text', () => {
  const model = buildCatalog({}, { findInHfCache: () => undefined }).find('gpt-4o')!;
  const b = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

  it('describes one token: index, id, escaped text, characters, bytes in hex', () => {
    const md = tokenHoverMarkdown(' hello', [{ id: 24912, index: 1234, bytes: b(' hello') }], model);
    assert.match(md, /\*\*Token 1,234\*\* · id `24912` · `o200k_base` \(gpt-4o\)/);
    assert.match(md, /Text: `·hello`/);
    assert.match(md, /6 characters · 6 bytes: `20 68 65 6c 6c 6f`/);
  });

  it('lists each token of a merged segment', () => {
    const emoji = b('😀');
    const md = tokenHoverMarkdown(
      '😀',
      [
        { id: 1, index: 10, bytes: emoji.subarray(0, 3) },
        { id: 2, index: 11, bytes: emoji.subarray(3) },
      ],
      model,
    );
    assert.match(md, /\*\*2 tokens in one segment\*\* · tokens 10–11/);
    assert.match(md, /1 character · 4 bytes/);
    assert.match(md, /token 10 · id `1` · `\\xF0\\x9F\\x98` · 3 bytes: `f0 9f 98`/);
    assert.match(md, /token 11 · id `2` · `\\x80` · 1 byte: `80`/);
  });

  it('says, for an approximate model, that the boundaries are of its base tokenizer', () => {
    const claude = buildCatalog({}, { findInHfCache: () => undefined }).find('claude-sonnet-4-5')!;
    const md = tokenHoverMarkdown(' hello', [{ id: 24912, index: 0, bytes: b(' hello') }], claude);
    assert.match(md, /`o200k_base`, the base of claude-sonnet-4-5's approximation: its own tokens differ|`cl100k_base`, the base of claude-sonnet-4-5's approximation/);
  });

  it("says, for tokens from a provider's API (xAI's), that they are the model's own, with the answer's ids", () => {
    const grok = buildCatalog({}, { findInHfCache: () => undefined }).find('grok-4.3')!;
    const md = tokenHoverMarkdown(' hello', [{ id: 1001, index: 3, bytes: b(' hello') }], grok, undefined, 'xAI');
    assert.match(md, /\*\*Token 3\*\* · id `1001` · xAI's own tokens of grok-4\.3, from its API/);
    assert.doesNotMatch(md, /approximation/);
    assert.match(tokenHoverMarkdown(' hello', [{ id: 1001, index: 3, bytes: b(' hello') }], grok), /the base of grok-4\.3's approximation/);
  });

  it('says what a normalizing tokenizer made of the text, by code points', () => {
    const one = tokenHoverMarkdown('e\u0301', [{ id: 963, index: 0, bytes: b('é') }], model);
    assert.match(one, /Normalized by the tokenizer before encoding: U\+0065 U\+0301 → U\+00E9/);
    const e = b('é');
    const two = tokenHoverMarkdown(
      'e\u0301',
      [
        { id: 1, index: 4, bytes: e.subarray(0, 1) },
        { id: 2, index: 5, bytes: e.subarray(1) },
      ],
      model,
    );
    assert.match(two, /\*\*2 tokens in one segment\*\*/);
    assert.match(two, /The tokenizer normalizes this text before encoding it/);
    assert.match(two, /U\+0065 U\+0301 → U\+00E9/);
    // Tokens that spell the text itself get no such line.
    assert.doesNotMatch(tokenHoverMarkdown('é', [{ id: 963, index: 0, bytes: e }], model), /Normalized/);
    const emoji = b('😀');
    assert.doesNotMatch(
      tokenHoverMarkdown(
        '😀',
        [
          { id: 1, index: 0, bytes: emoji.subarray(0, 3) },
          { id: 2, index: 1, bytes: emoji.subarray(3) },
        ],
        model,
      ),
      /normaliz/i,
    );
  });

  it('says when the index is not known yet', () => {
    assert.match(tokenHoverMarkdown('a', [{ id: 64, index: -1, bytes: b('a') }], model), /Token \? \(still counting/);
  });
});
