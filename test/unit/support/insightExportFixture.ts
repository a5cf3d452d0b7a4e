/** A tiny insight view whose exports are written out by hand in the tests, and a CSV reader to check them. */
import * as assert from 'node:assert/strict';
import type { InsightView, ModelRow } from '../../../src/core/insights/insightView';
import { summaryPicks } from '../../../src/core/insights/insightSummary';

const models: readonly ModelRow[] = [
  {
    id: 'gpt-4o',
    displayName: 'GPT-4o',
    provider: 'OpenAI',
    tokens: 4,
    exact: true,
    usableWindow: 111_616,
    windowSharePct: 0.0036,
    inputCost: 0.00001,
    cachedInputCost: 0.000005,
    outputCost: 0.001,
    totalCost: 0.00101,
    priceSource: 'genai-prices 0.1.8 (OpenAI)',
    priceDate: '2026-01-01',
  },
  {
    id: 'x',
    displayName: 'My, "quoted" model',
    provider: 'Custom',
    tokens: 5,
    exact: false,
    errorLabel: '±10% (estimated)',
    errorPct: 10,
    usableWindow: 1000,
    windowSharePct: 0.5,
  },
];

/**
 * "Hi there, yo" (12 characters) as 4 tokens `Hi` `·there` `,` `·yo`: small enough that every
 * line of the expected exports below was written out by hand from these numbers.
 */
export const tiny: InsightView = {
  source: { fileName: 'a.md', scope: 'selection', chars: 12 },
  model: { id: 'gpt-4o', displayName: 'GPT-4o', tokenizerLabel: 'o200k_base', exact: true },
  summary: { current: models[0], contextWindow: 128_000, reservedOutputTokens: 16_384, ...summaryPicks(models) },
  compression: {
    tokenizer: 'o200k_base',
    tokens: 4,
    chars: 12,
    bytes: 12,
    words: 3,
    charsPerToken: 3,
    bytesPerToken: 3,
    tokensPerWord: 1.3333,
    entropyBitsPerToken: 2,
    distinctTokens: 4,
    distinctShare: 1,
    lengthHistogram: { counts: [1, 1, 1, 1], lastBucketOpen: true },
    partialTokens: 0,
    topTokens: [
      { id: 1, text: 'Hi', raw: 'Hi', count: 1 },
      { id: 2, text: '·there', raw: ' there', count: 1 },
    ],
  },
  scripts: [
    { script: 'Latin', chars: 9, tokens: 3, charsPerToken: 3 },
    { script: 'Common', chars: 3, tokens: 1, charsPerToken: 3 },
  ],
  models,
  expectedOutputTokens: 100,
  compare: { a: 'gpt-4o', b: 'x', spans: [{ start: 0, end: 3, text: 'Hi ', tokensA: 1, tokensB: 2 }], truncated: true, highlighted: false },
  modelChoices: [
    { id: 'gpt-4o', label: 'GPT-4o' },
    { id: 'x', label: 'My model' },
  ],
};

/** RFC 4180 read back: rows of cells, quoted cells unquoted (a reader of our own, for checking). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  assert.equal(quoted, false, 'an unterminated quote');
  assert.equal(row.length + cell.length, 0, 'the last row ends with CRLF');
  return rows;
}
