import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { findProvider } from '@pydantic/genai-prices';
import { buildCatalog } from '../../src/core/catalog/catalog';
import { formatUsd } from '../../src/core/text/numberText';
import { inputCost, packageModel, PRICE_DATA, ratesFor } from '../../src/core/catalog/prices';

describe('prices', () => {
  it('come from the installed data package, whose version the recorded date belongs to', () => {
    const installed = JSON.parse(readFileSync(path.join(path.dirname(require.resolve('@pydantic/genai-prices')), '..', 'package.json'), 'utf8'));
    assert.equal(installed.version, PRICE_DATA.version, 'the price data package was upgraded: update PRICE_DATA (version and publish date)');
  });

  it('resolve for every catalog model, with output prices for all but embeddings, and their date', () => {
    for (const model of buildCatalog({}, { findInHfCache: () => undefined }).models) {
      const prices = model.prices;
      assert.ok(prices && prices.input >= 0, model.id);
      if (model.kind !== 'embedding') assert.ok(prices.output !== undefined && prices.output > 0, model.id);
      assert.equal(prices.date, PRICE_DATA.published);
      assert.match(prices.source, /^@pydantic\/genai-prices 0\.1\.8 \(.+\)$/);
    }
  });

  it('keep long-context tiers and apply them to the whole request past the threshold', () => {
    const pro = packageModel('google', 'gemini-2.5-pro')!.prices!;
    const tier = pro.tiers![0];
    assert.ok(tier.input > pro.input);
    assert.equal(ratesFor(pro, tier.aboveInputTokens).input, pro.input);
    assert.equal(ratesFor(pro, tier.aboveInputTokens + 1).input, tier.input);
    assert.equal(inputCost(pro, 1_000_000), tier.input);
  });

  it('take a dated price change once it has started', () => {
    // o3 has a price change from a start date in the data: the day before it the undated
    // price applies, the day after it the new one.
    const raw = findProvider({ providerId: 'openai' })!.models.find((m) => m.id === 'o3')!.prices as Array<{
      constraint?: { type: string; start_date?: string };
      prices: { input_mtok?: unknown };
    }>;
    const dated = raw.find((e) => e.constraint?.type === 'start_date')!;
    const undated = raw.find((e) => !e.constraint)!;
    const day = Date.parse(dated.constraint!.start_date!);
    assert.equal(packageModel('openai', 'o3', new Date(day - 86_400_000))?.prices?.input, undated.prices.input_mtok);
    assert.equal(packageModel('openai', 'o3', new Date(day + 86_400_000))?.prices?.input, dated.prices.input_mtok);
    assert.notEqual(undated.prices.input_mtok, dated.prices.input_mtok);
  });

  it('format small amounts with two significant digits', () => {
    assert.equal(formatUsd(0), '$0');
    assert.equal(formatUsd(0.00001), '<$0.0001');
    assert.equal(formatUsd(0.0012345), '$0.0012');
    assert.equal(formatUsd(0.5), '$0.50');
    assert.equal(formatUsd(12.345), '$12.35');
  });
});
