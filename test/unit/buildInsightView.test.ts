import * as assert from 'node:assert/strict';
import { approximation } from '../../src/core/catalog/approximations';
import { buildCatalog } from '../../src/core/catalog/catalog';
import { countingTokenizer, defaultReservedOutput } from '../../src/core/catalog/models';
import { usableWindowOf, windowSharePct } from '../../src/core/catalog/contextWindow';
import type { InsightView } from '../../src/core/insights/insightView';
import { buildInsightView, comparePair, tokenizersToCount, type InsightAnswer, type InsightSettings } from '../../src/core/insights/buildInsightView';
import { bundleLocalizer, ENGLISH } from '../../src/core/l10n';
import { comparisonRefusal } from '../../src/core/insights/comparisonRefusal';
import { sampleInsightView } from '../fixtures/insightView';

const catalog = buildCatalog({}, { findInHfCache: () => undefined });
const model = (id: string) => catalog.find(id)!;

function settingsWith(current: string, set: string[], expectedOutputTokens = 500, reservedOutputTokens = defaultReservedOutput(model(current))): InsightSettings {
  return { catalog, model: model(current), insightModels: set.map(model), expectedOutputTokens, reservedOutputTokens };
}

/** The summary's picks hold for the view's rows: exact picks at the minimum, every ≈ row that beats them listed, no other. */
function checkPicks(view: InsightView): void {
  const s = view.summary;
  for (const [pick, contenders, value] of [
    [s.cheapest, s.cheaperApprox, (r: InsightView['models'][number]) => r.inputCost],
    [s.mostCompact, s.compacterApprox, (r: InsightView['models'][number]) => r.tokens],
  ] as const) {
    const exact = view.models.filter((r) => r.exact && value(r) !== undefined);
    const best = Math.min(...exact.map((r) => value(r)!));
    assert.equal(pick?.value, exact.length > 0 ? best : undefined);
    assert.ok(!pick || view.models.find((r) => r.id === pick.id)!.exact, 'the pick is an exact model');
    const beating = view.models.filter((r) => !r.exact && value(r) !== undefined && value(r)! < best).map((r) => r.id);
    assert.deepEqual(contenders.map((c) => c.id).sort(), exact.length > 0 ? beating.sort() : contenders.map((c) => c.id).sort());
    // Certain only when it wins at the far end of its error band, and never without an exact model to beat.
    for (const c of contenders) assert.equal(c.certain, exact.length > 0 && c.value * (1 + (view.models.find((r) => r.id === c.id)!.errorPct ?? Infinity) / 100) < best);
  }
}

/** An answer for the sample text: o200k_base counts 287 tokens, cl100k_base 301. */
const answer: InsightAnswer = {
  compression: sampleInsightView.compression,
  scripts: sampleInsightView.scripts,
  counts: [
    { tokenizer: 'o200k_base', tokens: 287 },
    { tokenizer: 'cl100k_base', tokens: 301 },
  ],
  disagreements: { spans: [{ start: 3, end: 9, text: '123456', tokensA: 2, tokensB: 3 }], truncated: true },
};

describe('the insight view builder', () => {
  it('describes the source, the current model and each model of the set counted by its tokenizer', () => {
    const settings = settingsWith('gpt-4o', ['gpt-4o', 'gpt-4', 'claude-sonnet-4-5']);
    const view = buildInsightView({ fileName: 'prompt.md', scope: 'selection', settings, compare: [model('gpt-4o'), model('gpt-4')], highlighted: false }, answer);
    assert.deepEqual(view.source, { fileName: 'prompt.md', scope: 'selection', chars: sampleInsightView.compression.chars });
    assert.deepEqual(view.model, { id: 'gpt-4o', displayName: model('gpt-4o').displayName, tokenizerLabel: 'o200k_base', exact: true });
    assert.deepEqual(
      view.models.map((r) => [r.id, r.tokens]),
      [
        ['gpt-4o', 287],
        ['gpt-4', 301],
        ['claude-sonnet-4-5', Math.round(287 * approximation('claude').factor)],
      ],
    );
    assert.equal(view.expectedOutputTokens, 500);
    assert.equal(view.compression, answer.compression);
    assert.equal(view.scripts, answer.scripts);
  });

  it('offers every model of the catalog in the compare selects, with its tokenizer', () => {
    const view = buildInsightView(
      { fileName: 'a.txt', scope: 'file', settings: settingsWith('gpt-4o', ['gpt-4o']), compare: [model('gpt-4o'), model('gpt-4')], highlighted: false },
      answer,
    );
    assert.equal(view.modelChoices.length, catalog.models.length);
    assert.deepEqual(
      view.modelChoices.find((c) => c.id === 'gpt-4'),
      { id: 'gpt-4', label: 'gpt-4 (cl100k_base)' },
    );
  });

  it('carries the comparison with the two model ids and whether it is highlighted, only when the answer has one', () => {
    const input = {
      fileName: 'a.txt',
      scope: 'file' as const,
      settings: settingsWith('gpt-4o', ['gpt-4o', 'gpt-4']),
      compare: [model('gpt-4o'), model('gpt-4')] as const,
      highlighted: true,
    };
    assert.deepEqual(buildInsightView(input, answer).compare, { a: 'gpt-4o', b: 'gpt-4', spans: answer.disagreements!.spans, truncated: true, highlighted: true });
    // A partial answer: the current model's tokenizer only, no disagreements yet.
    const partial: InsightAnswer = { ...answer, counts: [answer.counts[0]], disagreements: undefined };
    const view = buildInsightView(input, partial);
    assert.equal(view.compare, undefined);
    assert.deepEqual(
      view.models.map((r) => r.id),
      ['gpt-4o'],
    );
  });

  it('refuses to compare a pair that is the same by construction, and says why, whatever the answer holds', () => {
    const view = (a: string, b: string) =>
      buildInsightView({ fileName: 'a.txt', scope: 'file', settings: settingsWith('gpt-4o', ['gpt-4o']), compare: [model(a), model(b)], highlighted: true }, answer).compare!;
    // Claude is counted from o200k_base, GPT-4o's own tokenizer: "the same tokens" would be true by construction.
    const claude = view('claude-sonnet-4-5', 'gpt-4o');
    assert.deepEqual([claude.spans, claude.highlighted, claude.truncated], [[], false, false]);
    assert.match(claude.refused!, /^Claude Sonnet 4\.5 is counted by approximation from o200k_base: its own tokenizer is not public/);
    // Against another tokenizer its "disagreements" would be o200k_base's, not Claude's.
    assert.match(view('gpt-4', 'claude-sonnet-4-5').refused!, /^Claude Sonnet 4\.5 is counted by approximation/);
    assert.match(view('gpt-4o', 'gpt-4.1').refused!, /use the same tokenizer, o200k_base: they cut every text alike/);
    // Two exact models with their own tokenizers are compared.
    assert.equal(view('gpt-4o', 'gpt-4').refused, undefined);
    assert.equal(view('gpt-4o', 'gpt-4').spans.length, 1);
  });

  it("notes in the display language that an approximated model shows its base tokenizer's numbers", () => {
    const german = bundleLocalizer({ '{0} is counted by approximation; these are the numbers of its base tokenizer, {1}.': '{0} wird genähert gezählt ({1}).' }, 'de');
    const settings = settingsWith('claude-sonnet-4-5', ['gpt-4o']);
    const view = buildInsightView({ fileName: 'a.txt', scope: 'file', settings, compare: [model('gpt-4o'), model('gpt-4')], highlighted: false }, answer, german);
    assert.equal(view.model.exact, false);
    assert.equal(view.model.note, 'claude-sonnet-4-5 wird genähert gezählt (o200k_base).');
    assert.equal(
      buildInsightView({ fileName: 'a.txt', scope: 'file', settings: settingsWith('gpt-4o', ['gpt-4o']), compare: [model('gpt-4o'), model('gpt-4')], highlighted: false }, answer)
        .model.note,
      undefined,
    );
  });
});

describe("the insight view's summary", () => {
  it("gives the current model's tokens, share of its usable window (the user's reserve, as the status bar) and cost", () => {
    const settings = settingsWith('gpt-4o', ['gpt-4', 'claude-sonnet-4-5'], 500, 1000);
    const view = buildInsightView({ fileName: 'a.txt', scope: 'file', settings, compare: [model('gpt-4o'), model('gpt-4')], highlighted: false }, answer);
    const current = view.summary.current;
    assert.equal(current.id, 'gpt-4o', 'the current model, though it is not in the set');
    assert.equal(current.tokens, 287);
    assert.equal(current.usableWindow, usableWindowOf(model('gpt-4o'), 1000));
    assert.equal(current.windowSharePct, windowSharePct(287, usableWindowOf(model('gpt-4o'), 1000)));
    assert.equal(view.summary.contextWindow, model('gpt-4o').contextWindow);
    assert.equal(view.summary.reservedOutputTokens, 1000);
    const prices = model('gpt-4o').prices!;
    assert.equal(current.inputCost, (287 * prices.input) / 1e6);
    assert.equal(current.totalCost, (287 * prices.input) / 1e6 + (500 * prices.output!) / 1e6, 'total = input of this text + the expected output');
    checkPicks(view);
  });

  it("measures the current model's row in the table as the summary does, the other rows with their own default reserve", () => {
    const settings = settingsWith('gpt-4o', ['gpt-4o', 'gpt-4'], 500, 1000);
    const view = buildInsightView({ fileName: 'a.txt', scope: 'file', settings, compare: [model('gpt-4o'), model('gpt-4')], highlighted: false }, answer);
    assert.equal(view.models[0].usableWindow, view.summary.current.usableWindow);
    assert.equal(view.models[1].usableWindow, usableWindowOf(model('gpt-4')));
  });

  it('names exact models only, with every ≈ model that beats them listed as a contender', () => {
    for (const set of [['gpt-4o', 'gpt-4', 'claude-sonnet-4-5'], ['gpt-4', 'claude-sonnet-4-5'], ['claude-sonnet-4-5']]) {
      const view = buildInsightView(
        { fileName: 'a.txt', scope: 'file', settings: settingsWith('gpt-4o', set), compare: [model('gpt-4o'), model('gpt-4')], highlighted: false },
        answer,
      );
      checkPicks(view);
    }
    // Only an ≈ model in the set: no pick, and the ≈ one offered as a contender, never certain.
    const onlyApprox = buildInsightView(
      { fileName: 'a.txt', scope: 'file', settings: settingsWith('gpt-4o', ['claude-sonnet-4-5']), compare: [model('gpt-4o'), model('gpt-4')], highlighted: false },
      answer,
    );
    assert.equal(onlyApprox.summary.cheapest, undefined);
    assert.equal(onlyApprox.summary.mostCompact, undefined);
    assert.deepEqual(
      onlyApprox.summary.compacterApprox.map((c) => [c.id, c.certain]),
      [['claude-sonnet-4-5', false]],
    );
  });

  it('names no cheapest or most compact model from a partial answer, which has the current model counted only', () => {
    const input = {
      fileName: 'big.md',
      scope: 'file' as const,
      settings: settingsWith('gpt-4o', ['gpt-4o', 'gpt-4', 'claude-sonnet-4-5']),
      compare: [model('gpt-4o'), model('gpt-4')] as const,
      highlighted: false,
    };
    const partial = buildInsightView(input, { ...answer, counts: [{ tokenizer: 'o200k_base', tokens: 287 }], partial: true });
    assert.equal(partial.partial, true);
    assert.deepEqual(
      partial.models.map((m) => m.id),
      ['gpt-4o', 'claude-sonnet-4-5'],
      'the counted model, and the approximation of its tokenizer',
    );
    assert.equal(partial.summary.cheapest, undefined);
    assert.equal(partial.summary.mostCompact, undefined);
    assert.deepEqual([partial.summary.cheaperApprox, partial.summary.compacterApprox], [[], []]);
    // The whole answer names them, and is not marked partial.
    const whole = buildInsightView(input, answer);
    assert.equal(whole.partial, undefined);
    assert.equal(whole.summary.cheapest?.id !== undefined, true);
  });
});

describe("the insight panel's compare pair", () => {
  it('is the pair the user chose while both are in the catalog', () => {
    assert.deepEqual(
      comparePair(['gpt-4', 'qwen3-32b'], settingsWith('gpt-4o', ['gpt-4o'])).map((m) => m.id),
      ['gpt-4', 'qwen3-32b'],
    );
  });

  it('falls back to the current model and the first model of the set cut by another tokenizer', () => {
    const settings = settingsWith('gpt-4o', ['gpt-4o', 'claude-sonnet-4-5', 'qwen3-32b', 'gpt-4']);
    assert.deepEqual(
      comparePair(undefined, settings).map((m) => m.id),
      ['gpt-4o', 'qwen3-32b'],
    );
    // An id no longer in the catalog (a custom model removed) is replaced on its side only.
    assert.deepEqual(
      comparePair(['gone', 'gpt-4'], settings).map((m) => m.id),
      ['gpt-4o', 'gpt-4'],
    );
    // B's fallback is cut by another tokenizer than A's, whichever A is.
    assert.deepEqual(
      comparePair(['gpt-4', 'gone'], settings).map((m) => m.id),
      ['gpt-4', 'gpt-4o'],
    );
  });

  it('falls back to exactly counted models only: an approximated one has no tokens of its own to compare', () => {
    // Claude (≈, from o200k_base) is the current model: A is the set's first exact model instead.
    const settings = settingsWith('claude-sonnet-4-5', ['claude-sonnet-4-5', 'gemini-2.5-pro', 'gpt-4o', 'qwen3-32b']);
    assert.deepEqual(
      comparePair(undefined, settings).map((m) => m.id),
      ['gpt-4o', 'qwen3-32b'],
    );
    const [a, b] = comparePair(undefined, settings);
    assert.equal(comparisonRefusal(a, b, ENGLISH), undefined);
  });

  it("compares with gpt-4 when every model of the set shares the current model's tokenizer", () => {
    const settings = settingsWith('gpt-4o', ['gpt-4o', 'claude-sonnet-4-5']);
    assert.equal(countingTokenizer(model('claude-sonnet-4-5')), 'o200k_base');
    assert.deepEqual(
      comparePair(undefined, settings).map((m) => m.id),
      ['gpt-4o', 'gpt-4'],
    );
  });
});

describe('the tokenizers the side-by-side table needs', () => {
  it("are those of the set, each once, in the set's order", () => {
    assert.deepEqual(tokenizersToCount(settingsWith('gpt-4o', ['claude-sonnet-4-5', 'gpt-4', 'gpt-4o', 'qwen3-32b', 'gpt-4'])), [
      'o200k_base',
      'cl100k_base',
      countingTokenizer(model('qwen3-32b')),
    ]);
  });
});
