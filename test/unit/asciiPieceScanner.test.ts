import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { get_encoding } from 'tiktoken';
import { SplitPreTokenizer } from '@huggingface/tokenizers';
import { asciiPieceScanner, HF_PIECE_SCANNERS, NEEDS_REGEX, type AsciiPieceScanner } from '../../src/core/tokenizers/tiktoken/asciiPieceScanner';
import { CL100K_PATTERN, QWEN_PATTERN, TEKKEN_PATTERN } from '../../src/core/tokenizers/huggingface/hfCutRules';
import type { HfTokenizerId } from '../../src/core/tokenizers/tokenizerFiles';
import { CACHE_GENERATION_SIZE, PieceCounter } from '../../src/core/tokenizers/tiktoken/pieceCounter';
import type { EncodingName } from '../../src/core/tokenizers/tiktoken/encodings';
import { pretokenizer } from '../../src/core/tokenizers/tiktoken/pretokenizers';
import { VARIED_CORPUS } from '../corpus/variedCorpus';
import { propertyRuns } from './support/propertyRuns';
import { loadHfTokenizer, loadPieceCounter, loadRankTable } from './support/tokenizers';

const SCANNED: readonly EncodingName[] = ['o200k_base', 'cl100k_base'];

/** The pieces as the counter reads them: the scanner's, and the sticky regex's where it declines. */
function scannedPieces(encoding: EncodingName, text: string): string[] {
  return scannedWith(asciiPieceScanner(encoding)!, new RegExp(pretokenizer(encoding).source, 'gvy'), encoding, text);
}

function scannedWith(scan: AsciiPieceScanner, sticky: RegExp, encoding: string, text: string): string[] {
  const pieces: string[] = [];
  for (let p = 0; p < text.length;) {
    let end = scan(text, p, text.length);
    if (end === NEEDS_REGEX) {
      sticky.lastIndex = p;
      end = p + sticky.exec(text)![0].length;
    } else if (end <= p || end > text.length || /[^\0-\x7f]/.test(text.slice(p, end))) {
      // The counter takes a scanned piece's characters for its UTF-8 bytes: it must be ASCII.
      assert.fail(`${encoding}: the scanner answered ${end} at ${p} of ${JSON.stringify(text)}`);
    }
    pieces.push(text.slice(p, end));
    p = end;
  }
  return pieces;
}

const regexPieces = (encoding: EncodingName, text: string): string[] => text.match(pretokenizer(encoding)) ?? [];

/**
 * ASCII of every class the regexes tell apart (upper, lower, digits, each blank, line breaks,
 * apostrophes and contraction letters, `/` after line breaks, control characters), with now and
 * then a character that is not ASCII where it changes a piece: a letter or mark that would
 * continue a word, blanks that are not ASCII, other digits, the long s of `'ſ`, a lone
 * surrogate, a letter newer than tiktoken's Unicode tables.
 */
// prettier-ignore
const ASCII_UNITS = [
  'a', 'z', 'A', 'Z', 'e', 'E', 's', 'S', 't', 'T', 'r', 'R', 'v', 'V', 'm', 'M', 'l', 'L', 'd', 'D', 'k',
  '0', '7', '9', ' ', ' ', ' ', '\t', '\n', '\n', '\r', '\v', '\f', "'", "'", '/', '.', ',', '"', '-', '_', '(', '{', '=', '#',
  '\u0000', '\u001c', '\u001f', '\u007f', 'Hello', 'WORLD', 'camelCase', "don't", "I'M", "'ll", "'RE", '\r\n', '.\n//', ' \n ',
];
// prettier-ignore
const OTHER_UNITS = ['é', 'É', '\u0301', 'ß', 'ſ', '\u00a0', '\u0085', '\u3000', '١', '²', '日', '—', '😀', '\ud83d', '\u{88f}', 'ǅ', 'ʰ'];
const asciiHeavyText = fc
  .array(fc.oneof({ arbitrary: fc.constantFrom(...ASCII_UNITS), weight: 12 }, { arbitrary: fc.constantFrom(...OTHER_UNITS), weight: 1 }), { maxLength: 60 })
  .map((units) => units.join(''));

describe('ASCII piece scanner', function () {
  this.timeout(60_000);
  for (const encoding of SCANNED) {
    describe(encoding, () => {
      it('reads the pieces the regex matches, on generated ASCII-heavy text', () => {
        fc.assert(
          fc.property(asciiHeavyText, (text) => {
            assert.deepEqual(scannedPieces(encoding, text), regexPieces(encoding, text));
          }),
          { numRuns: propertyRuns(0.1) },
        );
      });

      it('reads the pieces the regex matches, on the varied corpus', () => {
        for (const { name, text } of VARIED_CORPUS) assert.deepEqual(scannedPieces(encoding, text), regexPieces(encoding, text), name);
      });

      it('counts generated ASCII-heavy text exactly like tiktoken, in one text and cut in chunks', () => {
        const tiktoken = get_encoding(encoding);
        const counter = loadPieceCounter(encoding);
        fc.assert(
          fc.property(fc.array(asciiHeavyText, { maxLength: 8 }), (texts) => {
            for (const text of texts) assert.equal(counter.count(text), tiktoken.encode_ordinary(text).length, JSON.stringify(text));
            // Long enough to be counted in chunks, with the cache holding the pieces seen above.
            const long = texts.join('').repeat(Math.ceil(20_000 / Math.max(1, texts.join('').length)));
            assert.equal(counter.count(long), tiktoken.encode_ordinary(long).length);
          }),
          { numRuns: propertyRuns(0.01) },
        );
        tiktoken.free();
      });
    });
  }

  it('keeps at most two generations of scanned pieces and stays exact after evicting', () => {
    // 200k distinct words, each a piece the table has not seen: three generations' worth.
    const counter = new PieceCounter('o200k_base', loadRankTable('o200k_base'));
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const word = (i: number): string => ` ${letters[i % 26]}${letters[Math.floor(i / 26) % 26]}${letters[Math.floor(i / 676) % 26]}${letters[Math.floor(i / 17_576) % 26]}`;
    const text = Array.from({ length: 3 * CACHE_GENERATION_SIZE }, (_, i) => word(i)).join('');
    const tiktoken = get_encoding('o200k_base');
    const expected = tiktoken.encode_ordinary(text).length;
    tiktoken.free();
    assert.equal(counter.count(text), expected);
    assert.ok(counter.cachedPieces <= 2 * CACHE_GENERATION_SIZE, `${counter.cachedPieces} pieces cached`);
    assert.equal(counter.count(text), expected);
  });

  /** tokenizer.json patterns with a scanner, as the engine translates them (hfByteLevelBpe.ts), and a file that has each. */
  const HF_PATTERNS: ReadonlyArray<readonly [keyof typeof HF_PIECE_SCANNERS, string, HfTokenizerId]> = [
    ['llama3', CL100K_PATTERN, 'hf:llama3.1'],
    ['qwen', QWEN_PATTERN, 'hf:qwen3'],
    ['tekken', TEKKEN_PATTERN, 'hf:mistral-nemo'],
  ];
  for (const [name, pattern, file] of HF_PATTERNS) {
    describe(`tokenizer.json pattern: ${name}`, () => {
      const translated = new SplitPreTokenizer({ type: 'Split', pattern: { Regex: pattern }, behavior: 'Isolated', invert: false } as ConstructorParameters<
        typeof SplitPreTokenizer
      >[0]).pattern!;
      const global = new RegExp(translated.source, 'gu');
      const sticky = new RegExp(translated.source, 'guy');
      const pieces = (text: string) => scannedWith(HF_PIECE_SCANNERS[name], sticky, name, text);

      it('reads the pieces the regex matches, on generated ASCII-heavy text and the varied corpus', () => {
        fc.assert(
          fc.property(asciiHeavyText, (text) => assert.deepEqual(pieces(text), text.match(global) ?? [])),
          { numRuns: propertyRuns(0.1) },
        );
        for (const { name: corpus, text } of VARIED_CORPUS) assert.deepEqual(pieces(text), text.match(global) ?? [], corpus);
      });

      it(`counts generated ASCII-heavy text with ${file} as many tokens as it encodes (ids checked against Rust elsewhere)`, () => {
        const { tokenizer } = loadHfTokenizer(file);
        fc.assert(
          fc.property(fc.array(asciiHeavyText, { maxLength: 8 }), (texts) => {
            for (const text of texts) assert.equal(tokenizer.count(text), tokenizer.encode(text).length, JSON.stringify(text));
            const long = texts.join('').repeat(Math.ceil(40_000 / Math.max(1, texts.join('').length)));
            assert.equal(tokenizer.count(long), tokenizer.encode(long).length);
          }),
          { numRuns: propertyRuns(0.01) },
        );
      });
    });
  }

  it('leaves p50k_base and r50k_base to the regex', () => {
    assert.equal(asciiPieceScanner('p50k_base'), undefined);
    assert.equal(asciiPieceScanner('r50k_base'), undefined);
  });
});
