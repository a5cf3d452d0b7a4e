import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  approximation,
  APPROXIMATION_IDS,
  BOUND_MIN_BASE_TOKENS,
  CORPUS_SIZE,
  estimateTokens,
  isApproximationId,
  type Approximation,
  type ReferenceTokenizer,
} from '../../src/core/catalog/approximations';
import type { EncodingName } from '../../src/core/tokenizers/tiktoken/encodings';
import { ACCURACY_CORPUS } from '../corpus/accuracyCorpus';
import { loadTiktokenTokenizer } from './support/tokenizers';

/** test/fixtures/accuracy/truth.json, written by scripts/measure-accuracy.mjs. */
interface TruthText {
  id: string;
  kind: string;
  language: string;
  chars: number;
  textSha256: string;
  base: Record<'o200k_base' | 'cl100k_base', number>;
  truth: Record<ReferenceTokenizer | 'claude2Legacy', number>;
}
const truth: { texts: TruthText[] } = JSON.parse(readFileSync(path.resolve(__dirname, '../../../test/fixtures/accuracy/truth.json'), 'utf8'));
const RERUN = 'test/fixtures/accuracy/truth.json is stale: run node scripts/measure-accuracy.mjs (docs/ACCURACY.md)';

/** Relative error of the estimate (with `factor`) of every text inside the bound's scope. */
function errors(a: Approximation, reference: ReferenceTokenizer | 'claude2Legacy', texts = truth.texts, factor = a.factor): { id: string; error: number }[] {
  const base = a.base as keyof TruthText['base'];
  return texts
    .filter((t) => t.base[base] >= BOUND_MIN_BASE_TOKENS)
    .map((t) => ({ id: t.id, error: (estimateTokens({ ...a, factor }, t.base[base]) - t.truth[reference]) / t.truth[reference] }));
}
const maxAbs = (list: { error: number }[]) => Math.max(...list.map((e) => Math.abs(e.error)));
const meanAbs = (list: { error: number }[]) => list.reduce((sum, e) => sum + Math.abs(e.error), 0) / list.length;
/** The factor in the middle of a range of ratios: the one whose largest relative error over the range is smallest. */
const middle = (ratios: number[]) => 2 / (1 / Math.min(...ratios) + 1 / Math.max(...ratios));

describe('approximations', function () {
  // The first count of each encoding loads its rank file (a second or two on a cold machine).
  this.timeout(30_000);

  describe('the measured corpus', () => {
    it('truth.json holds every corpus text, unchanged since it was measured', () => {
      assert.deepEqual(
        truth.texts.map((t) => t.id),
        ACCURACY_CORPUS.map((t) => t.id),
        RERUN,
      );
      for (const [i, text] of ACCURACY_CORPUS.entries()) {
        const recorded = truth.texts[i];
        assert.equal(recorded.textSha256, createHash('sha256').update(text.text).digest('hex'), `${text.id}: ${RERUN}`);
        assert.equal(recorded.chars, [...text.text].length, text.id);
        assert.equal(recorded.kind, text.kind, text.id);
        assert.equal(recorded.language, text.language, text.id);
      }
    });

    it('records the base counts our own counter gives', () => {
      for (const encoding of ['o200k_base', 'cl100k_base'] as const) {
        const tokenizer = loadTiktokenTokenizer(encoding);
        for (const [i, { id, text }] of ACCURACY_CORPUS.entries()) {
          assert.equal(truth.texts[i].base[encoding], tokenizer.count(text), `${id} (${encoding}): ${RERUN}`);
        }
      }
    });

    it('has the size and languages the tooltips state, every text inside the bound', () => {
      assert.equal(ACCURACY_CORPUS.length, CORPUS_SIZE);
      assert.equal(new Set(ACCURACY_CORPUS.map((t) => t.language).filter((l) => l !== 'mul')).size, 13);
      assert.equal(new Set(ACCURACY_CORPUS.map((t) => t.id)).size, CORPUS_SIZE);
      for (const t of truth.texts) assert.ok(t.base.o200k_base >= BOUND_MIN_BASE_TOKENS && t.base.cl100k_base >= BOUND_MIN_BASE_TOKENS, t.id);
    });
  });

  for (const id of APPROXIMATION_IDS.filter((i) => approximation(i).measured)) {
    describe(`${id} (measured)`, () => {
      const a = approximation(id);
      const reference = a.reference!;

      it('estimates every corpus text within the stated bound, and the bound is the measured maximum', () => {
        const list = errors(a, reference);
        for (const { id: text, error } of list) {
          assert.ok(Math.abs(error) <= a.errorPct / 100, `${text}: ${(100 * error).toFixed(1)}% exceeds ±${a.errorPct}%`);
        }
        // Rounded up, not padded: a stated bound looser than what was measured would read as
        // worse accuracy than we have, a tighter one would be a false promise.
        assert.equal(Math.ceil(100 * maxAbs(list)), a.errorPct, 'errorPct is not the measured maximum');
        assert.ok(100 * maxAbs(list) >= a.errorPct / 2);
      });

      it('states the measured mean error', () => {
        assert.equal(Math.ceil(100 * meanAbs(errors(a, reference))), a.meanErrorPct);
      });

      it('uses the factor with the smallest mean error on the corpus, to two decimals', () => {
        const shipped = meanAbs(errors(a, reference));
        for (const step of [-0.01, 0.01]) {
          assert.ok(meanAbs(errors(a, reference, truth.texts, a.factor + step)) >= shipped, `factor ${(a.factor + step).toFixed(2)} is better`);
        }
      });

      it('uses the better base: the best cl100k_base factor has a larger mean error', () => {
        assert.equal(a.base, 'o200k_base');
        let best = Infinity;
        for (let factor = 0.3; factor <= 2; factor += 0.01) {
          best = Math.min(best, meanAbs(errors({ ...a, base: 'cl100k_base' satisfies EncodingName }, reference, truth.texts, factor)));
        }
        assert.ok(best > meanAbs(errors(a, reference)));
      });

      it('says in its tooltip sentence what was measured', () => {
        assert.match(a.method, new RegExp(`mean error ${a.meanErrorPct}%, at most ${a.errorPct}%`));
        assert.match(a.method, new RegExp(`on ${CORPUS_SIZE} texts`));
        assert.ok(a.method.startsWith(`${a.base} × ${a.factor.toFixed(2)}`));
      });
    });
  }

  describe('estimated (no tokenizer to measure against)', () => {
    it('say so, and bound only English and code', () => {
      for (const id of APPROXIMATION_IDS.filter((i) => !approximation(i).measured)) {
        const a = approximation(id);
        assert.equal(a.reference, undefined, id);
        assert.equal(a.meanErrorPct, undefined, id);
        assert.match(a.method, /not measured/, id);
        assert.match(a.method, new RegExp(`±${a.errorPct}% estimated for English and code, other languages unknown`), id);
      }
    });

    it('fall back to o200k_base × 1.00 with a bound that covers every tokenizer measured here on English and code', () => {
      const english = truth.texts.filter((t) => t.language === 'en');
      for (const id of ['grok', 'cohere', 'moonshot', 'other'] as const) {
        const a = approximation(id);
        assert.equal(a.base, 'o200k_base');
        assert.equal(a.factor, 1);
        const worst = Math.max(...(['gemma3', 'llama3', 'claude2Legacy'] as const).map((r) => maxAbs(errors(a, r, english))));
        assert.ok(100 * worst <= a.errorPct && 100 * worst >= a.errorPct / 2, `${id}: worst ${(100 * worst).toFixed(1)}%`);
      }
    });

    // The published figures of docs/ACCURACY.md ("Claude"): ratios of Claude's count to
    // GPT-4o's (o200k_base) for the same text, or characters per token of one Claude model
    // set against o200k_base's characters per token on this corpus.
    const charsPerToken = (ids: string[]) => {
      const texts = truth.texts.filter((t) => ids.includes(t.id));
      return texts.reduce((sum, t) => sum + t.chars, 0) / texts.reduce((sum, t) => sum + t.base.o200k_base, 0);
    };
    const prose = charsPerToken(['en-essay', 'en-news']);
    const typescript = charsPerToken(['typescript-react', 'typescript-server']);
    const claude46 = {
      english: 1.16, // Claude 3.5 Sonnet / GPT-4o, English articles
      math: 1.21,
      python: 1.3,
      jsonLow: 1.18, // Claude 3 Haiku / cl100k_base, MCP tool definitions (cl100k ≈ o200k on JSON here)
      jsonHigh: 1.26,
      proseByChars: prose / 4.33, // Claude Opus 4.6: 4.33 characters per token of English prose
      typescriptByChars: typescript / 3.66, // and 3.66 of TypeScript
    };

    it('Claude 3 to 4.6: the factor is the middle of the published ratios, the bound wider than their spread', () => {
      const ratios = Object.values(claude46);
      const a = approximation('claude');
      assert.equal(a.base, 'o200k_base');
      assert.equal(a.factor, Math.round(100 * middle(ratios)) / 100);
      const spread = Math.max(...ratios.map((r) => Math.abs(a.factor / r - 1)));
      assert.ok(100 * spread < a.errorPct, `published spread ${(100 * spread).toFixed(1)}%`);
    });

    it('Claude Opus 4.7: the published 4.7/4.6 ratios on top of the 4.6 ones, the bound wider than their spread', () => {
      const ratios = [
        claude46.english * 1.2, // English prose, 4.7/4.6 = 1.20 (one measurement) and 1.45 (another)
        claude46.english * 1.45,
        claude46.english * 1.47, // technical documentation
        claude46.python * 1.2, // Python, 1.20 and 1.29
        claude46.python * 1.29,
        claude46.python * 1.13, // TypeScript, 1.13 and 1.36, taken at Python's 4.6 ratio
        claude46.python * 1.36,
        prose / 3.6, // Claude Opus 4.7: 3.60 characters per token of English prose
        typescript / 2.69, // and 2.69 of TypeScript
      ];
      const a = approximation('claude-4.7');
      assert.equal(a.factor, Math.round(100 * middle(ratios)) / 100);
      const spread = Math.max(...ratios.map((r) => Math.abs(a.factor / r - 1)));
      assert.ok(100 * spread < a.errorPct, `published spread ${(100 * spread).toFixed(1)}%`);
      assert.ok(a.factor > approximation('claude').factor);
    });
  });

  describe('estimateTokens', () => {
    it('rounds the scaled base count to a whole token', () => {
      const a = approximation('claude');
      assert.equal(estimateTokens(a, 0), 0);
      assert.equal(estimateTokens(a, 100), Math.round(100 * a.factor));
      assert.equal(estimateTokens(approximation('other'), 12_345), 12_345);
      assert.ok(Number.isInteger(estimateTokens(approximation('claude-4.7'), 7)));
    });
  });

  it('knows its ids', () => {
    for (const id of APPROXIMATION_IDS) {
      assert.ok(isApproximationId(id));
      assert.equal(approximation(id).id, id);
    }
    assert.ok(!isApproximationId('gpt-4o'));
    assert.ok(!isApproximationId(undefined));
  });
});
