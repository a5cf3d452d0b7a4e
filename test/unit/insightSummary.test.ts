import * as assert from 'node:assert/strict';
import { summaryPicks } from '../../src/core/insights/insightSummary';
import type { ModelRow } from '../../src/core/insights/insightView';
import { contenderText } from '../../src/core/present/insightFormat';
import { cheapestLine, costLine, fitLine, mostCompactLine, tokensLine } from '../../src/core/present/insightSummaryText';
import { bundleLocalizer } from '../../src/core/l10n';
import { sampleInsightView } from '../fixtures/insightView';

/** A row with the numbers a pick looks at; `errorPct` makes it an ≈ row. */
function row(id: string, tokens: number, inputCost: number | undefined, errorPct?: number | 'unmeasured'): ModelRow {
  const approx = errorPct !== undefined;
  return {
    id,
    displayName: id.toUpperCase(),
    provider: 'P',
    tokens,
    exact: !approx,
    ...(approx ? { errorLabel: errorPct === 'unmeasured' ? 'error unmeasured' : `±${errorPct}%`, ...(errorPct !== 'unmeasured' ? { errorPct } : {}) } : {}),
    usableWindow: 100_000,
    windowSharePct: tokens / 1000,
    ...(inputCost !== undefined ? { inputCost } : {}),
  };
}

describe('the insight summary', () => {
  it('names the cheapest and the most compact EXACT model, the first on a tie', () => {
    const picks = summaryPicks([row('a', 300, 0.003), row('b', 280, 0.0005), row('c', 280, 0.0005), row('d', 250, undefined)]);
    assert.deepEqual(picks.cheapest, { id: 'b', displayName: 'B', value: 0.0005 });
    assert.deepEqual(picks.mostCompact, { id: 'd', displayName: 'D', value: 250 }, 'a model without prices can still be the most compact');
    assert.deepEqual(picks.cheaperApprox, []);
    assert.deepEqual(picks.compacterApprox, []);
  });

  it('never ranks an ≈ model over an exact one in silence: it is a contender, with what its error band means', () => {
    const picks = summaryPicks([
      row('exact', 300, 0.003),
      // 10% fewer tokens but ±15%: at the far end of its band (310.5) it is not more compact.
      row('close', 270, 0.0027, 15),
      // Far cheaper: even 1.06 × 0.0001 is below 0.003.
      row('cheap', 320, 0.0001, 6),
      // Worse than the exact pick on both: not mentioned.
      row('worse', 400, 0.004, 5),
      row('unmeasured', 200, 0.0029, 'unmeasured'),
    ]);
    assert.equal(picks.cheapest?.id, 'exact');
    assert.equal(picks.mostCompact?.id, 'exact');
    assert.deepEqual(
      picks.cheaperApprox.map((c) => [c.id, c.certain]),
      [
        ['cheap', true],
        ['close', false],
        ['unmeasured', false],
      ],
    );
    assert.deepEqual(
      picks.compacterApprox.map((c) => [c.id, c.certain]),
      [
        ['unmeasured', false],
        ['close', false],
      ],
    );
    assert.equal(
      contenderText(picks.compacterApprox[1], 'tokens'),
      'CLOSE may be more compact (≈270 tokens), but it is an approximation, ±15%: its error band could change the answer.',
    );
    assert.equal(contenderText(picks.cheaperApprox[0], 'cost'), 'CHEAP is cheaper (≈$0.0001) even at the far end of its error band, ±6%.');
  });

  it('without an exact model of a value, offers the best ≈ one as a contender, never as the pick', () => {
    const picks = summaryPicks([row('exact-no-price', 300, undefined), row('a1', 320, 0.002, 10), row('a2', 310, 0.001, 10)]);
    assert.equal(picks.cheapest, undefined);
    assert.deepEqual(
      picks.cheaperApprox.map((c) => [c.id, c.certain]),
      [['a2', false]],
    );
    assert.equal(cheapestLine({ ...sampleInsightView.summary, cheapest: undefined, ...picks }).detail, 'no exact model of the set has a price');
  });

  it('says the current model’s tokens, fit of the usable window and cost, with what each is of', () => {
    const summary = sampleInsightView.summary;
    assert.deepEqual(tokensLine(summary), { value: '287', detail: 'tokens, exact' });
    assert.deepEqual(fitLine(summary), { value: '0.3%', detail: 'of 112k usable: 128k window − 16k kept for output' });
    assert.deepEqual(costLine(summary, 500), { value: '$0.00072', detail: 'input of this text; $0.0057 with 500 tokens of output' });
    assert.deepEqual(costLine(summary, 0), { value: '$0.00072', detail: 'input of this text' });
    assert.deepEqual(cheapestLine(summary), { value: 'Qwen3 235B A22B', detail: 'cheapest exact model: $0.000055 input' });
    assert.deepEqual(mostCompactLine(summary), { value: 'Qwen3 235B A22B', detail: 'most compact exact model: 275 tokens' });
    assert.deepEqual(fitLine({ ...summary, reservedOutputTokens: 0 }).detail, 'of the 112k window');
    const over = { ...summary, current: { ...summary.current, windowSharePct: 140 } };
    assert.match(fitLine(over).detail, /^does not fit: /);
    assert.equal(costLine({ ...summary, current: { ...summary.current, inputCost: undefined } }, 500).value, '—');
  });

  it('writes the numbers in the display language', () => {
    const german = bundleLocalizer({}, 'de');
    assert.equal(costLine(sampleInsightView.summary, 500, german).value, '0,00072\u00a0$');
    assert.equal(fitLine(sampleInsightView.summary, german).value, '0,3\u00a0%');
  });
});
