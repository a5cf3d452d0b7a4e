import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { tooltipLines } from '../../src/core/countFormat';
import { findModel, MODELS } from '../../src/core/models';
import { findProvider } from '@pydantic/genai-prices';
import { formatUsd, PRICE_DATA, pricesFor } from '../../src/core/prices';

/** Models the data package does not price (yet); every other listed model must resolve. */
const UNPRICED = new Set(['code-davinci-002']);

describe('prices', () => {
  it('come from the installed data package, whose version the recorded date belongs to', () => {
    const installed = JSON.parse(readFileSync(path.join(path.dirname(require.resolve('@pydantic/genai-prices')), '..', 'package.json'), 'utf8'));
    assert.equal(installed.version, PRICE_DATA.version, 'the price data package was upgraded: update PRICE_DATA (version and publish date)');
  });

  it('resolve for every listed model but the known exceptions', () => {
    for (const model of MODELS) {
      const prices = pricesFor(model.id);
      if (UNPRICED.has(model.id)) assert.equal(prices, undefined, `${model.id} is priced now: remove it from UNPRICED`);
      else {
        assert.ok(prices && prices.input > 0, model.id);
        if (model.family !== 'embedding') assert.ok(prices.output !== undefined && prices.output > 0, model.id);
        assert.equal(prices.date, PRICE_DATA.published);
      }
    }
  });

  it('take a dated price change once it has started', () => {
    // o3 has a price change from a start date in the data: the day before it the undated
    // price applies, the day after it the new one.
    const raw = findProvider({ providerId: 'openai' })!.models.find((m) => m.id === 'o3')!.prices as Array<{ constraint?: { type: string; start_date?: string }; prices: { input_mtok?: unknown } }>;
    const dated = raw.find((e) => e.constraint?.type === 'start_date')!;
    const undated = raw.find((e) => !e.constraint)!;
    const day = Date.parse(dated.constraint!.start_date!);
    assert.equal(pricesFor('o3', 'openai', new Date(day - 86_400_000))?.input, undated.prices.input_mtok);
    assert.equal(pricesFor('o3', 'openai', new Date(day + 86_400_000))?.input, dated.prices.input_mtok);
    assert.notEqual(undated.prices.input_mtok, dated.prices.input_mtok);
  });

  it('are shown in the tooltip with the cost of the text as input and their date', () => {
    const model = findModel('gpt-4o')!;
    const prices = { input: 2.5, output: 10, source: 'pkg 1.0', date: '2026-01-01' };
    const lines = tooltipLines({ tokens: 1_000, chars: 1, bytes: 1 }, model, prices).join('\n');
    assert.match(lines, /As input: \$0\.0025 \(input \$2\.5 \/ 1M tokens, output \$10 \/ 1M\)/);
    assert.match(lines, /Prices: pkg 1\.0, 2026-01-01/);
  });

  it('format small amounts with two significant digits', () => {
    assert.equal(formatUsd(0), '$0');
    assert.equal(formatUsd(0.00001), '<$0.0001');
    assert.equal(formatUsd(0.0012345), '$0.0012');
    assert.equal(formatUsd(0.5), '$0.50');
    assert.equal(formatUsd(12.345), '$12.35');
  });
});
