import * as assert from 'node:assert/strict';
import { buildCatalog } from '../../src/core/catalog/catalog';
import { modelRows } from '../../src/core/insights/modelRows';

const catalog = buildCatalog({}, { findInHfCache: () => undefined });

describe('insight model rows', () => {
  it('scales approximate counts, measures the usable window and prices input, cached input and output', () => {
    const models = ['gpt-4o', 'claude-sonnet-4-5', 'qwen3-32b'].map((id) => catalog.find(id)!);
    const counts = new Map([
      ['o200k_base', 1000],
      ['hf:qwen3', 1100],
    ] as const);
    const [gpt, claude, qwen] = modelRows(models, counts, 500);
    assert.deepEqual([gpt.id, gpt.tokens, gpt.exact, gpt.usableWindow], ['gpt-4o', 1000, true, 128_000 - 16_384]);
    assert.equal(gpt.windowSharePct, (1000 / 111_616) * 100);
    const p = models[0].prices!;
    assert.equal(gpt.inputCost, (1000 * p.input) / 1e6);
    assert.equal(gpt.cachedInputCost, (1000 * p.cachedInput!) / 1e6);
    assert.equal(gpt.outputCost, (500 * p.output!) / 1e6);
    assert.match(gpt.priceSource!, /genai-prices/);
    const factor = models[1].counting.kind === 'approx' ? models[1].counting.factor : NaN;
    assert.deepEqual([claude.tokens, claude.exact], [Math.round(1000 * factor), false]);
    assert.match(claude.errorLabel!, /±\d+%/);
    assert.equal(qwen.tokens, 1100);
  });

  it('leaves out a model whose tokenizer was not counted, and prices long inputs at their tier', () => {
    const pro = catalog.find('gemini-2.5-pro')!;
    const tier = pro.prices!.tiers![0];
    const factor = pro.counting.kind === 'approx' ? pro.counting.factor : 1;
    const counted = Math.ceil((tier.aboveInputTokens + 10_000) / factor);
    const rows = modelRows([pro, catalog.find('deepseek-chat')!], new Map([[pro.counting.tokenizer, counted]]), 1000);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].inputCost, (rows[0].tokens * tier.input) / 1e6);
    assert.equal(rows[0].outputCost, (1000 * tier.output!) / 1e6);
  });
});
