import * as assert from 'node:assert/strict';
import { disagreementVerdict, lengthBuckets, priceSources, rowMarks, visibleText } from '../../src/core/present/insightFormat';
import { percentText, usdText } from '../../src/core/text/numberText';
import { formatUsd } from '../../src/core/text/numberText';
import { nextSort, sortModelRows } from '../../src/core/insights/modelSort';
import type { ModelRow } from '../../src/core/insights/insightView';
import { sampleInsightView } from '../fixtures/insightView';

const rows = sampleInsightView.models;
const ids = (list: readonly ModelRow[]) => list.map((r) => r.id);

describe('insight panel formatting', () => {
  it('writes dollars exactly as the status bar tooltip does', () => {
    for (const amount of [0, 1e-7, 0.00009999, 0.0001, 0.000123, 0.0009, 0.001234, 0.00999, 0.01, 0.0149, 0.5, 1, 12.345, 1234.5]) {
      assert.equal(usdText(amount), formatUsd(amount), String(amount));
    }
    assert.equal(usdText(undefined), '—');
  });

  it('writes shares with one decimal and never a misleading 0.0%', () => {
    assert.equal(percentText(0), '0%');
    assert.equal(percentText(0.04), '<0.1%');
    assert.equal(percentText(11.149), '11.1%');
    assert.equal(percentText(123.45), '123.5%');
    assert.equal(percentText(1576.84), '1576.8%', 'shares are not grouped');
    assert.equal(percentText(1576.84, 'de'), '1576,8\u00a0%');
    assert.equal(percentText(0.04, 'de'), '<0,1\u00a0%');
  });

  it('labels the histogram buckets, the open last one with +', () => {
    assert.deepEqual(lengthBuckets({ counts: [3, 0, 2], lastBucketOpen: true }), [
      { label: '1', tokens: 3 },
      { label: '2', tokens: 0 },
      { label: '3+', tokens: 2 },
    ]);
    assert.deepEqual(
      lengthBuckets({ counts: [3, 1], lastBucketOpen: false }).map((b) => b.label),
      ['1', '2'],
    );
  });

  it('marks the exact picks, and an ≈ row that beats them only with a "maybe" while its error band could change the answer', () => {
    const summary = sampleInsightView.summary;
    assert.deepEqual(rowMarks(summary, 'qwen3-235b-a22b'), ['cheapest', 'most compact']);
    assert.deepEqual(rowMarks(summary, 'gemini-2.5-pro'), ['maybe more compact']);
    assert.deepEqual(rowMarks(summary, 'gpt-4o'), []);
    const certain = { ...summary, compacterApprox: [{ ...summary.compacterApprox[0], certain: true }] };
    assert.deepEqual(rowMarks(certain, 'gemini-2.5-pro'), ['more compact']);
  });

  it('says which model a disagreement costs more', () => {
    assert.equal(disagreementVerdict(3, 5, 'A', 'B'), 'B +2');
    assert.equal(disagreementVerdict(4, 1, 'A', 'B'), 'A +3');
    assert.equal(disagreementVerdict(2, 2, 'A', 'B'), 'same count');
  });

  it('shows a span of text on one line with its whitespace visible', () => {
    assert.equal(visibleText('a b\n\tc'), 'a·b\\n\\tc');
    assert.equal(visibleText('<b>&'), '<b>&');
  });

  it('lists each price source once with the models it prices', () => {
    assert.deepEqual(priceSources([rows[0], rows[4], { ...rows[0], id: 'gpt-4o-mini', displayName: 'GPT-4o mini' }]), [
      { source: '@pydantic/genai-prices 0.1.8 (OpenAI), 2026-09-23', models: ['GPT-4o', 'GPT-4o mini'] },
    ]);
  });
});

describe('model table sorting', () => {
  it('keeps the configured order until a column is chosen', () => {
    assert.deepEqual(ids(sortModelRows(rows, undefined)), ids(rows));
    assert.deepEqual(ids(sortModelRows(rows, { column: 'no-such-column', descending: false })), ids(rows));
  });

  it('sorts by a number either way', () => {
    assert.deepEqual(ids(sortModelRows(rows, { column: 'tokens', descending: false })), ['gemini-2.5-pro', 'qwen3-235b-a22b', 'my-local-model', 'gpt-4o', 'claude-sonnet-4-5']);
    assert.deepEqual(ids(sortModelRows(rows, { column: 'tokens', descending: true })), ['claude-sonnet-4-5', 'gpt-4o', 'my-local-model', 'qwen3-235b-a22b', 'gemini-2.5-pro']);
    assert.deepEqual(ids(sortModelRows(rows, { column: 'window', descending: true })).slice(0, 2), ['my-local-model', 'gpt-4o']);
  });

  it('puts models without the price last in both directions', () => {
    assert.deepEqual(ids(sortModelRows(rows, { column: 'total', descending: false })), ['qwen3-235b-a22b', 'gemini-2.5-pro', 'gpt-4o', 'claude-sonnet-4-5', 'my-local-model']);
    assert.deepEqual(ids(sortModelRows(rows, { column: 'total', descending: true })), ['claude-sonnet-4-5', 'gpt-4o', 'gemini-2.5-pro', 'qwen3-235b-a22b', 'my-local-model']);
    // A column of an older panel (the cached-input column became a line under Input) keeps the set's order.
    assert.deepEqual(ids(sortModelRows(rows, { column: 'cached', descending: false })), ids(rows));
    assert.deepEqual(ids(sortModelRows(rows, { column: 'input', descending: true })).at(-1), 'my-local-model');
  });

  it('sorts names alphabetically, ignoring case', () => {
    assert.deepEqual(ids(sortModelRows(rows, { column: 'model', descending: false })), ['claude-sonnet-4-5', 'gemini-2.5-pro', 'gpt-4o', 'my-local-model', 'qwen3-235b-a22b']);
  });

  it('flips the direction on a second click and starts ascending on another column', () => {
    assert.deepEqual(nextSort(undefined, 'tokens'), { column: 'tokens', descending: false });
    assert.deepEqual(nextSort({ column: 'tokens', descending: false }, 'tokens'), { column: 'tokens', descending: true });
    assert.deepEqual(nextSort({ column: 'tokens', descending: true }, 'input'), { column: 'input', descending: false });
  });
});
