import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { get_encoding } from 'tiktoken';
import { bytePairCount, bytePairIds, utf8ByteString } from '../../src/core/tokenizers/tiktoken/bytePairCount';
import { ENCODING_NAMES, type EncodingName } from '../../src/core/tokenizers/tiktoken/encodings';
import { CACHE_GENERATION_SIZE, PieceCounter } from '../../src/core/tokenizers/tiktoken/pieceCounter';
import { hasUnicode17Additions, pretokenizer } from '../../src/core/tokenizers/tiktoken/pretokenizers';
import { VARIED_CORPUS } from '../corpus/variedCorpus';
import { referenceEncode, referencePieces, toWellFormedText, translateRustPattern } from '../reference/referenceBpe';
import { mixedText } from './support/mixedText';
import { propertyRuns } from './support/propertyRuns';
import { loadPieceCounter, loadRankTable } from './support/tokenizers';

/** tiktoken's own count: the truth every fast count must equal. */
const tiktoken = new Map(ENCODING_NAMES.map((e) => [e, get_encoding(e)]));
const tiktokenCount = (encoding: EncodingName, text: string): number => tiktoken.get(encoding)!.encode_ordinary(text).length;
const tiktokenIds = (encoding: EncodingName, text: string): number[] => Array.from(tiktoken.get(encoding)!.encode_ordinary(text));

function fastPieces(encoding: EncodingName, text: string): string[] {
  return toWellFormedText(text).match(pretokenizer(encoding)) ?? [];
}

describe('fast piece counter', function () {
  // The first test of each encoding loads its rank table in the counter (~100-200 ms) and in
  // the reference (a few seconds for o200k_base).
  this.timeout(60_000);

  for (const encoding of ENCODING_NAMES) {
    describe(encoding, () => {
      const counter = loadPieceCounter(encoding);

      it('translates the published pattern into a regex that splits like the independent translation', () => {
        const file = require(`tiktoken/encoders/${encoding}.json`) as { pat_str: string };
        const independent = translateRustPattern(file.pat_str);
        for (const { name, text } of VARIED_CORPUS) {
          const wellFormed = toWellFormedText(text);
          assert.deepEqual(fastPieces(encoding, text), wellFormed.match(independent) ?? [], name);
        }
      });

      for (const { name, text } of VARIED_CORPUS) {
        it(`counts ${name} exactly like tiktoken`, () => {
          assert.equal(counter.count(text), tiktokenCount(encoding, text));
        });
      }

      it('counts the whole corpus, pasted into one long text, exactly like tiktoken', () => {
        // Over 16 KB, so the counter cuts it into chunks at safe positions first.
        const text = VARIED_CORPUS.map((e) => e.text)
          .join('\n')
          .repeat(8);
        assert.ok(text.length > 40_000, `${text.length}`);
        assert.equal(counter.count(text), tiktokenCount(encoding, text));
      });

      it('counts runs of one character class exactly, through the O(n log n) merge', () => {
        // tiktoken is quadratic on these; 2.5 KB keeps it fast while far above the heap threshold.
        for (const c of ['a', 'A', 'Ab', '1', ' ', '\n', '\r\n', '.', '日', '😀', '\u00a0', 'é', '-', '\u0301']) {
          const text = c.repeat(Math.ceil(2500 / c.length));
          assert.equal(counter.count(text), tiktokenCount(encoding, text), JSON.stringify(c));
          assert.equal(counter.count(`x ${text} y`), tiktokenCount(encoding, `x ${text} y`), JSON.stringify(c));
        }
      });

      it('counts the empty text as zero', () => {
        assert.equal(counter.count(''), 0);
        assert.deepEqual(Array.from(counter.encode('')), []);
      });

      it("gives tiktoken's ids, id for id, on the corpus, pasted whole and in chunks", () => {
        for (const { name, text } of VARIED_CORPUS) assert.deepEqual(Array.from(counter.encode(text)), tiktokenIds(encoding, text), name);
        const long = VARIED_CORPUS.map((e) => e.text)
          .join('\n')
          .repeat(8);
        assert.deepEqual(Array.from(counter.encode(long)), tiktokenIds(encoding, long));
        // Twice: the second time from the piece id cache.
        assert.deepEqual(Array.from(counter.encode(long)), tiktokenIds(encoding, long));
      });

      it("gives tiktoken's ids on runs of one character class, through the O(n log n) merge", () => {
        // Up to 6k characters: tiktoken is quadratic on these (20k took ~1 s each).
        for (const c of ['a', 'Ab', '1', ' ', '\n', '.', '日', '😀', 'é', '\u0301', 'AAAA/', '0+']) {
          for (const size of [200, 2500, 6000]) {
            const text = `x ${c.repeat(Math.ceil(size / c.length))} y`;
            assert.deepEqual(Array.from(counter.encode(text)), tiktokenIds(encoding, text), `${JSON.stringify(c)} × ${size}`);
          }
        }
      });

      it('gives ids for a megabyte of one letter, which tiktoken takes minutes for, that decode to the text', function () {
        // tiktoken's WASM took 48 s at 200k characters and ~20 min at 1 MB (quadratic); the heap
        // merge takes ~1 s here. The timeout only catches a return to quadratic time.
        this.timeout(20_000);
        const text = 'a'.repeat(1 << 20);
        const ids = counter.encode(text);
        assert.equal(ids.length, counter.count(text));
        const ranks = loadRankTable(encoding);
        assert.equal(Array.from(ids, (id) => Buffer.from(ranks.tokenBytes(id)!).toString('latin1')).join(''), text);
      });
    });
  }

  it("gives tiktoken's ids on generated text, in every encoding", () => {
    fc.assert(
      fc.property(mixedText(60), fc.constantFrom(...ENCODING_NAMES), (text, encoding) => {
        assert.deepEqual(Array.from(loadPieceCounter(encoding).encode(text)), tiktokenIds(encoding, text));
      }),
      { numRuns: propertyRuns(0.05) },
    );
  });

  it('counts 10,000+ generated texts (under CI) exactly like tiktoken and the reference, in every encoding', () => {
    // One generated text is checked in all four encodings, so the four share the budget.
    fc.assert(
      fc.property(mixedText(40), (text) => {
        for (const encoding of ENCODING_NAMES) {
          const expected = tiktokenCount(encoding, text);
          const fast = loadPieceCounter(encoding).count(text);
          if (fast !== expected) {
            assert.fail(
              `${encoding}: ${fast} tokens, tiktoken ${expected}, pieces ${JSON.stringify(fastPieces(encoding, text))} vs ${JSON.stringify(referencePieces(encoding, text))}`,
            );
          }
          // The reference and the faster `u`-flag regex use V8's Unicode data as is, so they
          // disagree with tiktoken (Unicode 16) on Unicode 17 additions by design.
          if (hasUnicode17Additions(text)) continue;
          assert.equal(referenceEncode(encoding, text).length, expected, `${encoding}: reference`);
          const wellFormed = toWellFormedText(text);
          assert.deepEqual(wellFormed.match(pretokenizer(encoding, true)), wellFormed.match(pretokenizer(encoding)), `${encoding}: plain regex`);
        }
      }),
      { numRuns: propertyRuns(0.5) },
    );
  });

  it('classes every code point of planes 0-3 and 14 as tiktoken does', () => {
    // o200k_base has the finest classes (upper/lower letters, marks, numbers, blanks, the
    // rest); the other encodings use the same Unicode tables. Each code point sits between an
    // upper- and a lower-case letter, a digit and a contraction, which the regex splits
    // differently for each class. Batches of 4,096 are compared at once and bisected when
    // they differ. Private use and surrogates are left out.
    const probe = (cp: number): string => {
      const c = String.fromCodePoint(cp);
      return `A${c}a${c}1${c}'s\n`;
    };
    const differing: string[] = [];
    const check = (from: number, to: number): void => {
      let text = '';
      for (let cp = from; cp < to; cp++) if (cp < 0xd800 || (cp > 0xf8ff && cp < 0xf0000)) text += probe(cp);
      if (text === '' || loadPieceCounter('o200k_base').count(text) === tiktokenCount('o200k_base', text)) return;
      if (to - from === 1) return void differing.push(`U+${from.toString(16)}`);
      const mid = (from + to) >> 1;
      check(from, mid);
      check(mid, to);
    };
    for (let cp = 0; cp < 0x40000; cp += 4096) check(cp, cp + 4096);
    check(0xe0000, 0xe1000);
    assert.deepEqual(differing.slice(0, 20), []);
  });

  it('merges with the heap exactly as with the quadratic scan', () => {
    // Random byte strings from a few letters (many merges, many ties) and from any byte.
    const ranks = loadRankTable('cl100k_base');
    const bytes = fc.oneof(
      fc.array(fc.constantFrom('a', 'b', 'e', 'n', 't', ' ', '\n', '0'), { minLength: 2, maxLength: 120 }).map((a) => a.join('')),
      fc.uint8Array({ minLength: 2, maxLength: 120 }).map((a) => String.fromCharCode(...a)),
    );
    fc.assert(
      fc.property(bytes, (b) => {
        assert.equal(bytePairCount(b, ranks, 0), bytePairCount(b, ranks, Infinity));
        const heap: number[] = [];
        const scan: number[] = [];
        bytePairIds(b, ranks, heap, 0);
        bytePairIds(b, ranks, scan, Infinity);
        assert.deepEqual(heap, scan);
        assert.equal(heap.length, bytePairCount(b, ranks));
      }),
      { numRuns: propertyRuns(0.02) },
    );
  });

  it('keeps at most two generations of cached pieces and stays exact after evicting', () => {
    // p50k_base keeps whole numbers as one piece: 200k distinct numbers overflow the cache.
    const counter = new PieceCounter('p50k_base', loadRankTable('p50k_base'));
    const numbers = Array.from({ length: 3 * CACHE_GENERATION_SIZE }, (_, i) => ` ${i * 7919}`).join('');
    assert.equal(counter.count(numbers), tiktokenCount('p50k_base', numbers));
    assert.ok(counter.cachedPieces <= 2 * CACHE_GENERATION_SIZE, `${counter.cachedPieces} pieces cached`);
    assert.equal(counter.count(numbers), tiktokenCount('p50k_base', numbers));
  });

  it('encodes text to UTF-8 bytes as tiktoken receives it, lone surrogates as U+FFFD', () => {
    for (const text of ['abc', 'é日😀', '\ud800x', 'x\udc00', '\udbff\udbff', '\ud83d\ude00\ud83d', '']) {
      assert.equal(utf8ByteString(text), Buffer.from(toWellFormedText(text), 'utf8').toString('latin1'), JSON.stringify(text));
    }
  });
});
