import * as assert from 'node:assert/strict';
import { approximation } from '../../src/core/catalog/approximations';
import { buildCatalog } from '../../src/core/catalog/catalog';
import {
  learnedFactors,
  learnedScripts,
  learnText,
  MIN_BASE_TOKENS,
  MIN_BASE_TOKENS_WITH_FRAMING,
  parseLearnedCalibration,
  type LearnedFamily,
} from '../../src/core/catalog/learnedCalibration';
import { approximateCounting, modelTokens, needsScriptMix } from '../../src/core/catalog/models';
import { estimateLine } from '../../src/core/present/countFormat';
import { CLASS_INDEX, emptyMix, SCRIPT_CLASSES, type ScriptClass } from '../../src/core/text/scriptClasses';

/** A mix of base tokens by script. */
function mix(parts: Partial<Record<ScriptClass, number>>): number[] {
  const m = emptyMix();
  for (const [script, n] of Object.entries(parts)) m[CLASS_INDEX[script as ScriptClass]] = n;
  return m;
}

/** What a provider whose tokenizer has these true factors would count for `m` (rounded, as a count is). */
function providerCount(m: readonly number[], truth: Partial<Record<ScriptClass, number>>, published: readonly number[]): number {
  return Math.round(m.reduce((sum, b, i) => sum + b * (truth[SCRIPT_CLASSES[i]] ?? published[i]), 0));
}

/** A deterministic sequence in [0, 1). */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

describe('per-script factors learned from provider counts', () => {
  const claude = approximation('claude');
  const published = claude.scripts.map((s) => s.factor);

  it('learns nothing from a text too short for a count to say much, or from an answer no tokenizer gives', () => {
    assert.equal(learnText(undefined, mix({ latin: MIN_BASE_TOKENS - 1 }), 300, false), undefined);
    assert.ok(learnText(undefined, mix({ latin: MIN_BASE_TOKENS }), 300, false));
    // A provider that counts a message's framing: a few framing tokens must stay under 1%.
    assert.equal(learnText(undefined, mix({ latin: MIN_BASE_TOKENS_WITH_FRAMING - 1 }), 1_200, true), undefined);
    assert.ok(learnText(undefined, mix({ latin: MIN_BASE_TOKENS_WITH_FRAMING }), 1_200, true));
    assert.equal(learnText(undefined, mix({ latin: 1_000 }), 0, false), undefined);
    assert.equal(learnText(undefined, mix({ latin: 1_000 }), 50_000, false), undefined, '50 tokens per base token is a mistake, not a tokenizer');
  });

  it('keeps the published factors until a script has been seen enough, and those of scripts never seen exactly', () => {
    const one = learnText(undefined, mix({ han: 300 }), 390, false)!;
    assert.deepEqual(learnedScripts(one), []);
    const factors = learnedFactors(one, published);
    for (const script of SCRIPT_CLASSES) if (script !== 'han') assert.equal(factors[CLASS_INDEX[script]], published[CLASS_INDEX[script]], script);
    // One short text moves the Chinese factor only part of the way towards 1.30: the published one weighs as a 500-token text.
    assert.ok(factors[CLASS_INDEX.han] < published[CLASS_INDEX.han] && factors[CLASS_INDEX.han] > 1.3);
  });

  it("converges on a provider's true factors per script, from mixed texts (code mixes Latin letters and punctuation in every text)", () => {
    const truth = { latin: 1.22, common: 0.93, han: 1.31, cyrillic: 1.6 };
    const next = random(7);
    let family: LearnedFamily | undefined;
    for (let i = 0; i < 120; i++) {
      const kind = next();
      const m =
        kind < 0.5
          ? mix({ latin: 800 + 2_000 * next(), common: 300 + 1_500 * next() })
          : kind < 0.8
            ? mix({ han: 1_000 + 1_000 * next(), latin: 200 * next(), common: 100 + 200 * next() })
            : mix({ cyrillic: 1_000 + 800 * next(), common: 200 * next() });
      family = learnText(family, m, providerCount(m, truth, published), false) ?? family;
    }
    assert.equal(family!.texts, 120);
    const factors = learnedFactors(family!, published);
    for (const [script, factor] of Object.entries(truth))
      assert.ok(Math.abs(factors[CLASS_INDEX[script as ScriptClass]] - factor) < 0.02, `${script}: ${factors[CLASS_INDEX[script as ScriptClass]]} vs ${factor}`);
    assert.deepEqual(learnedScripts(family!), ['latin', 'common', 'cyrillic', 'han']);
    // Never seen: published.
    assert.equal(factors[CLASS_INDEX.arabic], published[CLASS_INDEX.arabic]);
  });

  it('follows a provider that changes its tokenizer: older texts weigh less with each new one', () => {
    let family: LearnedFamily | undefined;
    const m = mix({ latin: 2_000 });
    for (let i = 0; i < 100; i++) family = learnText(family, m, 2_000 * 1.1, false);
    for (let i = 0; i < 200; i++) family = learnText(family, m, 2_000 * 1.5, false);
    assert.ok(learnedFactors(family!, published)[CLASS_INDEX.latin] > 1.45);
  });

  it('reads back what it stored and drops what is damaged, so a bad value never breaks the catalog', () => {
    const family = learnText(undefined, mix({ latin: 1_000 }), 1_300, false)!;
    const stored = JSON.parse(JSON.stringify({ claude: family }));
    assert.deepEqual(parseLearnedCalibration(stored), { claude: family });
    for (const bad of [
      null,
      3,
      'x',
      [],
      { claude: null },
      { claude: { ...family, gram: [1, 2] } },
      { claude: { ...family, texts: 0 } },
      { claude: { ...family, moment: family.moment.map(() => Number.NaN) } },
    ]) {
      assert.deepEqual(parseLearnedCalibration(bad), {}, JSON.stringify(bad));
    }
  });

  it("counts a family's models with the learned factors, says so and from how many texts, and keeps the published error bounds", () => {
    let family: LearnedFamily | undefined;
    for (let i = 0; i < 20; i++) family = learnText(family, mix({ latin: 3_000 }), 3_000 * 1.3, false);
    const counting = approximateCounting('claude', undefined, family);
    assert.ok(Math.abs(counting.factor - 1.3) < 0.005, String(counting.factor));
    assert.equal(counting.errorPct, claude.errorPct);
    assert.deepEqual(
      counting.scripts!.map((s) => s.errorPct),
      claude.scripts.map((s) => s.errorPct),
    );
    assert.deepEqual(counting.learned, { texts: 20, scripts: ['latin'] });
    assert.match(
      counting.method,
      /^Factors learned from 20 of your texts that the provider counted \(tokenscope\.providers\.learnFromCounts\): Latin script and code × 1\.30 \(published × 1\.15\)/,
    );
    // Through the catalog, as the host gives it: every Claude 3–4.6 model, and only those.
    const catalog = buildCatalog({ learnedCalibration: JSON.parse(JSON.stringify({ claude: family })) }, { findInHfCache: () => undefined });
    const sonnet = catalog.find('claude-sonnet-4-5')!;
    assert.equal(modelTokens(sonnet, 1_000), Math.round(1_000 * counting.factor));
    assert.equal(modelTokens(catalog.find('claude-opus-4-7')!, 1_000), Math.round(1_000 * approximation('claude-4.7').factor));
    assert.equal(modelTokens(buildCatalog({}, { findInHfCache: () => undefined }).find('claude-sonnet-4-5')!, 1_000), 1_150);
  });

  it('asks for the script mix of every approximate count while learning is on, even where all published factors are equal', () => {
    const off = buildCatalog({}, { findInHfCache: () => undefined });
    const on = buildCatalog({ learnedCalibration: {} }, { findInHfCache: () => undefined });
    // Grok's published factor is one for every script: nothing to ask for until learning is on.
    assert.equal(needsScriptMix(off.find('grok-4.6')!), false);
    assert.equal(needsScriptMix(on.find('grok-4.6')!), true);
    // Exact models never need one.
    assert.equal(needsScriptMix(on.find('gpt-4o')!), false);
  });

  it("says, beside a provider's count, that the estimate's factors were learned from this very text too", () => {
    const line = estimateLine({ tokens: 1_000, source: 'x', maker: 'Anthropic', framing: true }, 980, undefined, 3);
    assert.equal(
      line,
      'Anthropic counts 1,000 tokens; the local estimate ≈980 is 2.0% low (the count includes a few tokens of request framing) (the factors were learned from 3 of your texts, this one included).',
    );
  });
});
