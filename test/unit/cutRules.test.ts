import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { cutRuleFor, findCuts, isSafeCutBetween, isWhiteSpace } from '../../src/core/tokenizers/cutRules';
import { ENCODING_NAMES, type EncodingName } from '../../src/core/tokenizers/tiktoken/encodings';
import { VARIED_CORPUS } from '../corpus/variedCorpus';
import { referencePieces } from '../reference/referenceBpe';
import { propertyRuns } from './support/propertyRuns';
import { trickyText } from './support/trickyText';
import { base64Line, denseText, minifiedJsonLine } from './support/denseText';
import { loadTiktokenTokenizer } from './support/tokenizers';

/** Why cutting `text` at `p` changes its tokenization, or undefined when it does not. */
function cutProblem(encoding: EncodingName, text: string, p: number): string | undefined {
  const left = text.slice(0, p);
  const right = text.slice(p);
  const pieces = referencePieces(encoding, text);
  const partPieces = [...referencePieces(encoding, left), ...referencePieces(encoding, right)];
  if (JSON.stringify(pieces) !== JSON.stringify(partPieces)) {
    return `pieces differ at ${p} in ${JSON.stringify(text)}: ${JSON.stringify(pieces)} vs ${JSON.stringify(partPieces)}`;
  }
  const tokenizer = loadTiktokenTokenizer(encoding);
  const ids = Array.from(tokenizer.encode(text));
  const partIds = [...tokenizer.encode(left), ...tokenizer.encode(right)];
  if (JSON.stringify(ids) !== JSON.stringify(partIds)) {
    return `tiktoken ids differ at ${p} in ${JSON.stringify(text)}: ${JSON.stringify(ids)} vs ${JSON.stringify(partIds)}`;
  }
  return undefined;
}

/** Every position where the rule allows a cut. */
function safeCuts(encoding: EncodingName, text: string): number[] {
  const rule = cutRuleFor(encoding);
  const cuts: number[] = [];
  for (let p = 1; p < text.length; p++) if (rule.isSafeCut(text, p)) cuts.push(p);
  return cuts;
}

function assertEveryCutExact(encoding: EncodingName, text: string): void {
  for (const p of safeCuts(encoding, text)) {
    const problem = cutProblem(encoding, text, p);
    if (problem) assert.fail(problem);
  }
}

describe('cut rules', function () {
  this.timeout(60_000);

  for (const encoding of ENCODING_NAMES) {
    describe(encoding, () => {
      const rule = cutRuleFor(encoding);

      for (const { name, text } of VARIED_CORPUS) {
        it(`cuts ${name} only where the parts tokenize exactly like the whole`, () => {
          assertEveryCutExact(encoding, text);
        });
      }

      it('finds cuts in every multi-line corpus text', () => {
        // A rule that never cuts would pass the tests above and make every edit a full recount.
        for (const { name, text } of VARIED_CORPUS) {
          if (text.split('\n').length > 3) assert.ok(safeCuts(encoding, text).length > 0, name);
        }
      });

      it('cuts generated tricky text only where the parts tokenize exactly like the whole', () => {
        fc.assert(
          fc.property(trickyText(60), (text) => assertEveryCutExact(encoding, text)),
          { numRuns: propertyRuns(0.25 / ENCODING_NAMES.length) },
        );
      });

      it('cuts generated one-line machine text (minified JSON and JS, base64) only where the parts tokenize exactly like the whole', () => {
        fc.assert(
          fc.property(denseText(60), (text) => assertEveryCutExact(encoding, text)),
          { numRuns: propertyRuns(0.25 / ENCODING_NAMES.length) },
        );
      });

      it('finds a cut at least every few dozen characters in one long line of minified JSON or base64', () => {
        // Without cuts inside a line, a keystroke in a 2 MB one-line file re-encodes 2 MB.
        for (const [name, text] of [
          ['minified JSON', minifiedJsonLine(20_000)],
          ['base64', base64Line(20_000)],
        ] as const) {
          const cuts = findCuts(text, 0, 64, rule);
          const longestGap = Math.max(...cuts.map((cut, i) => cut - (i === 0 ? 0 : cuts[i - 1])), text.length - cuts[cuts.length - 1]);
          assert.ok(longestGap < 128, `${name}: ${cuts.length} cuts, longest gap ${longestGap}`);
        }
      });

      it('judges a cut between two texts safely and as the joined text would', () => {
        fc.assert(
          fc.property(fc.oneof(trickyText(12), denseText(12)), fc.oneof(trickyText(12), denseText(12)), (left, right) => {
            fc.pre(left.length > 0 && right.length > 0);
            const safe = isSafeCutBetween(rule, left, right);
            if (left.length >= 2) assert.equal(safe, rule.isSafeCut(left + right, left.length));
            if (safe) {
              const problem = cutProblem(encoding, left + right, left.length);
              if (problem) assert.fail(problem);
            }
          }),
          { numRuns: propertyRuns(0.05 / ENCODING_NAMES.length) },
        );
      });

      it('finds only safe cuts, in increasing order and at least the target size apart', () => {
        fc.assert(
          fc.property(trickyText(80), fc.integer({ min: 1, max: 40 }), fc.nat(10), (text, targetSize, context) => {
            const from = Math.min(context, text.length);
            const cuts = findCuts(text, from, targetSize, rule);
            let previous = from;
            for (const cut of cuts) {
              assert.ok(cut - previous >= targetSize, `cut ${cut} is closer than ${targetSize} to ${previous}`);
              assert.ok(cut < text.length);
              assert.ok(rule.isSafeCut(text, cut), `cut ${cut} is not safe`);
              previous = cut;
            }
          }),
          { numRuns: propertyRuns(0.05 / ENCODING_NAMES.length) },
        );
      });
    });
  }

  describe('examples', () => {
    /** A cut the rule allows; one it refuses because it would change the tokens; one it refuses to stay simple. */
    type Verdict = 'cut' | 'no cut: tokens change' | 'no cut: conservative';
    const cases: ReadonlyArray<readonly [EncodingName[], string, number, Verdict]> = [
      [['o200k_base', 'cl100k_base'], 'a.\nb', 3, 'cut'],
      [['o200k_base'], 'a.\n//b', 3, 'no cut: tokens change'], // ".\n//" is one o200k piece
      [['cl100k_base'], 'a.\n//b', 3, 'cut'],
      [['o200k_base', 'cl100k_base'], 'a\n\nb', 2, 'no cut: tokens change'], // "\n\n" is one piece
      [['o200k_base', 'cl100k_base'], 'a\n  \nb', 2, 'no cut: tokens change'], // a blank line joins the newline run
      [['o200k_base', 'cl100k_base'], 'a\r\nb', 3, 'cut'],
      [['o200k_base', 'cl100k_base', 'p50k_base', 'r50k_base'], 'a\rb', 2, 'no cut: conservative'],
      [['o200k_base', 'cl100k_base', 'p50k_base', 'r50k_base'], 'one two', 3, 'cut'],
      [['p50k_base', 'r50k_base'], 'a\n    b', 5, 'cut'], // "\n   " then " b"
      [['p50k_base', 'r50k_base'], 'a \nb', 3, 'no cut: tokens change'], // the left part alone ends in one " \n" piece
      [['o200k_base', 'cl100k_base', 'p50k_base', 'r50k_base'], '{"id":12,"k":"v"}', 6, 'cut'], // after a digit run
      [['o200k_base', 'cl100k_base', 'p50k_base', 'r50k_base'], '{"id":12,"k":"v"}', 4, 'cut'], // after a letter
      [['o200k_base', 'cl100k_base', 'p50k_base', 'r50k_base'], '{"id":12,"k":"v"}', 2, 'cut'], // after two marks
      [['o200k_base', 'cl100k_base'], '{"id":12,"k":"v"}', 13, 'no cut: tokens change'], // '"v' is one piece
      [['o200k_base', 'cl100k_base', 'p50k_base', 'r50k_base'], 'x=1234', 4, 'no cut: tokens change'], // inside a digit run (groups of three count from its start)
      [['o200k_base'], "it's", 2, 'no cut: tokens change'], // o200k joins the contraction to the word
      [['o200k_base'], "!\n/'ll", 4, 'no cut: tokens change'], // "!\n/" is one piece, "'ll" the next
      [['o200k_base', 'cl100k_base', 'p50k_base', 'r50k_base'], 'aGVsbG8gd29ybGQ=', 7, 'cut'], // base64: letter before digit
    ];
    for (const [encodings, text, p, verdict] of cases) {
      for (const encoding of encodings) {
        it(`${verdict === 'cut' ? 'allows' : 'refuses'} a cut at ${p} in ${JSON.stringify(text)} for ${encoding}`, () => {
          assert.equal(cutRuleFor(encoding).isSafeCut(text, p), verdict === 'cut');
          assert.equal(cutProblem(encoding, text, p) !== undefined, verdict === 'no cut: tokens change');
        });
      }
    }

    it('treats Unicode White_Space as blank, not U+FEFF, and U+0085 as blank', () => {
      for (const c of [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000]) {
        assert.ok(isWhiteSpace(c), c.toString(16));
      }
      for (const c of [0xfeff, 0x200b, 0x180e, 0x41, 0x00, 0x1f, 0x7f]) assert.ok(!isWhiteSpace(c), c.toString(16));
      for (let c = 0; c < 0x10000; c++) {
        assert.equal(isWhiteSpace(c), /\p{White_Space}/u.test(String.fromCharCode(c)), c.toString(16));
      }
    });
  });
});
