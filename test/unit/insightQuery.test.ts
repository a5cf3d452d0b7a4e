import * as assert from 'node:assert/strict';
import { insightKey, type InsightInput } from '../../src/host/insight/insightQuery';

type Question = Omit<InsightInput, 'document' | 'at'>;

const question: Question = {
  tokenizer: 'o200k_base',
  range: [10, 20],
  countWith: ['o200k_base', 'cl100k_base'],
  scriptMixFor: [],
  compare: ['o200k_base', 'cl100k_base'],
  topTokens: 20,
};

// The document and its version are the query's own part of every key (see documentQuery.test.ts).
describe("the insight panel's questions", () => {
  it('are the same question when asked again as new objects', () => {
    assert.equal(insightKey({ ...question, range: [10, 20], countWith: ['o200k_base', 'cl100k_base'] }), insightKey(question));
  });

  it('differ when any field differs: range, tokenizer, the tokenizers counted and their order, those counted by script, the pair compared, top tokens', () => {
    const others: Question[] = [
      { ...question, range: [10, 21] },
      { ...question, range: undefined },
      { ...question, tokenizer: 'cl100k_base' },
      { ...question, countWith: ['o200k_base'] },
      { ...question, countWith: ['cl100k_base', 'o200k_base'] },
      { ...question, scriptMixFor: ['o200k_base'] },
      { ...question, compare: ['cl100k_base', 'o200k_base'] },
      { ...question, compare: undefined },
      { ...question, topTokens: 21 },
    ];
    assert.equal(new Set([question, ...others].map(insightKey)).size, others.length + 1, 'every question has its own key');
  });
});
