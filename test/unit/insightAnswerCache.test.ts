import * as assert from 'node:assert/strict';
import { InsightAnswerCache, insightQuestionKey, type InsightQuestion } from '../../src/core/insights/insightAnswerCache';

const question: InsightQuestion = {
  uri: 'file:///prompt.md',
  version: 3,
  tokenizer: 'o200k_base',
  range: [10, 20],
  countWith: ['o200k_base', 'cl100k_base'],
  compare: ['o200k_base', 'cl100k_base'],
  topTokens: 20,
};

describe("the insight panel's answer cache", () => {
  it('answers the same question again, asked as a new object', () => {
    const cache = new InsightAnswerCache<string>();
    cache.set(question, 'answer');
    assert.equal(cache.get({ ...question, range: [10, 20], countWith: ['o200k_base', 'cl100k_base'] }), 'answer');
  });

  it('does not answer a question that differs in any field: another text, range or tokenizer set', () => {
    const cache = new InsightAnswerCache<string>();
    cache.set(question, 'answer');
    const others: InsightQuestion[] = [
      { ...question, uri: 'file:///other.md' },
      { ...question, version: 4 },
      { ...question, range: [10, 21] },
      { ...question, range: undefined },
      { ...question, tokenizer: 'cl100k_base' },
      { ...question, countWith: ['o200k_base'] },
      { ...question, countWith: ['cl100k_base', 'o200k_base'] },
      { ...question, compare: ['cl100k_base', 'o200k_base'] },
      { ...question, compare: undefined },
      { ...question, topTokens: 21 },
    ];
    for (const other of others) assert.equal(cache.get(other), undefined, JSON.stringify(other));
    assert.equal(new Set([question, ...others].map(insightQuestionKey)).size, others.length + 1, 'every question has its own key');
  });

  it('keeps the most recently used answers up to its capacity', () => {
    const cache = new InsightAnswerCache<number>(2);
    cache.set({ ...question, version: 1 }, 1);
    cache.set({ ...question, version: 2 }, 2);
    assert.equal(cache.get({ ...question, version: 1 }), 1); // version 1 is now the most recent
    cache.set({ ...question, version: 3 }, 3);
    assert.equal(cache.size, 2);
    assert.equal(cache.get({ ...question, version: 2 }), undefined);
    assert.equal(cache.get({ ...question, version: 1 }), 1);
    assert.equal(cache.get({ ...question, version: 3 }), 3);
  });

  it("forgets one document's answers when it closes, and all of them when told to", () => {
    const cache = new InsightAnswerCache<string>();
    cache.set(question, 'a');
    cache.set({ ...question, range: undefined }, 'a, whole');
    cache.set({ ...question, uri: 'file:///b.md' }, 'b');
    cache.forgetDocument(question.uri);
    assert.equal(cache.get(question), undefined);
    assert.equal(cache.get({ ...question, range: undefined }), undefined);
    assert.equal(cache.get({ ...question, uri: 'file:///b.md' }), 'b');
    cache.clear();
    assert.equal(cache.size, 0);
  });
});
