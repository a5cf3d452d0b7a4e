import * as assert from 'node:assert/strict';
import { buildCatalog } from '../../src/core/catalog/catalog';
import { modelTokens } from '../../src/core/catalog/models';
import { parseSettings } from '../../src/core/catalog/settings';
import { DatasetCounter } from '../../src/core/datasets/datasetSummary';
import { JsonlLineSplitter } from '../../src/core/datasets/jsonlLines';
import { datasetView, requestView, textScale } from '../../src/core/insights/structureView';
import { datasetReport } from '../../src/core/present/datasetReport';
import { bundleLocalizer } from '../../src/core/l10n';
import { shownTotal, tooltipLines } from '../../src/core/present/countFormat';
import { statusBarText } from '../../src/core/present/statusBarText';
import { requestOptionsOf } from '../../src/core/requests/requestAsk';
import { countRequestText, isNotARequest } from '../../src/core/requests/requestCount';
import { requestTotalOf, type RequestBreakdown } from '../../src/core/requests/requestTypes';
import { loadTiktokenTokenizer } from './support/tokenizers';

const catalog = buildCatalog({}, { findInHfCache: () => undefined });
const gpt4o = catalog.find('gpt-4o')!;
const claude = catalog.find('claude-sonnet-4-5')!;
const o200k = loadTiktokenTokenizer('o200k_base');
const count = (t: string) => o200k.count(t);

const TEXT = JSON.stringify({
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Summarise the attached report in three bullet points, please.' },
  ],
  tools: [{ type: 'function', function: { name: 'lookup', description: 'Look a word up', parameters: { type: 'object', properties: { word: { type: 'string' } } } } }],
});

function breakdown(text = TEXT): RequestBreakdown {
  const b = countRequestText(text, requestOptionsOf({ hint: 'openai', imageProvider: 'openai', openAiImageRates: 'gpt-4o' }, count));
  assert.ok(!isNotARequest(b));
  return b;
}

describe('request files: the status bar and the Request section', () => {
  const settings = parseSettings({ model: 'gpt-4o' }).settings;

  it('shows the request’s total (not the file’s text) with the request icon, exact for an OpenAI model', () => {
    const b = breakdown();
    const view = { tokens: count(TEXT), chars: TEXT.length, bytes: TEXT.length, request: requestTotalOf(b) };
    assert.deepEqual(shownTotal(view, gpt4o), { tokens: b.total, exact: true });
    assert.equal(statusBarText(view, gpt4o, settings), `$(comment-discussion) ${b.total} · <0.1% · gpt-4o`);
    const tooltip = tooltipLines(view, gpt4o, settings).join('\n');
    assert.match(tooltip, /As an OpenAI Chat Completions request: 5 parts, framing by the provider's published formula/);
    assert.match(tooltip, new RegExp(`The file as plain text: ${count(TEXT)} tokens`));
  });

  it('marks an approximated model’s request total ≈, scaled as the text’s count is', () => {
    const b = breakdown();
    const textTokens = count(TEXT);
    const view = { tokens: textTokens, chars: TEXT.length, bytes: TEXT.length, request: requestTotalOf(b) };
    const total = shownTotal(view, claude);
    assert.equal(total.exact, false);
    assert.equal(total.tokens, Math.round(b.total * (modelTokens(claude, textTokens) / textTokens)));
    assert.match(statusBarText(view, claude, parseSettings({ model: 'claude-sonnet-4-5' }).settings), /^\$\(comment-discussion\) ≈/);
  });

  it('lists every part in the file’s order with its share of the window, cost and place in the file', () => {
    const b = breakdown();
    const view = requestView(b, gpt4o, settings.usableWindow, count(TEXT), undefined);
    assert.equal(view.total, b.total);
    assert.equal(view.exact, true);
    assert.equal(view.methodKind, 'published');
    assert.deepEqual(
      view.rows.map((r) => [r.order, r.label, r.tokens]),
      b.items.map((item, i) => [i, item.label, item.tokens]),
    );
    const system = view.rows.find((r) => r.kind === 'system')!;
    assert.equal(TEXT.slice(system.start, system.end).includes('Be brief.'), true);
    assert.ok(view.rows.every((r) => r.inputCost !== undefined && r.inputCost > 0));
    assert.equal(view.requestModel, 'gpt-4o-mini', 'the request names another model than the current one');
    assert.equal(view.textTokens, count(TEXT));
  });

  it('names the format in the panel’s language', () => {
    const de = bundleLocalizer({ 'an OpenAI Chat Completions request': 'eine OpenAI-Chat-Completions-Anfrage' }, 'de');
    assert.equal(requestView(breakdown(), gpt4o, 1000, 10, undefined, de).formatName, 'eine OpenAI-Chat-Completions-Anfrage');
  });

  it('scales an approximated model’s rows and never calls them exact', () => {
    const b = breakdown();
    const view = requestView(b, claude, 100_000, count(TEXT), undefined);
    const scale = textScale(claude, count(TEXT));
    assert.ok(scale !== 1);
    assert.ok(view.rows.every((r) => !r.exact));
    assert.equal(view.total, Math.round(b.total * scale));
  });
});

describe('datasets: the Dataset section', () => {
  it('gives the summary with roles most first, the training limit and no training price', () => {
    const lines = [
      JSON.stringify({
        messages: [
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: 'Hello! How can I help you today? I can do many things.' },
        ],
      }),
      JSON.stringify({ prompt: 'a', completion: 'b' }),
      'not json',
    ];
    const counter = new DatasetCounter({ count, imageProvider: 'openai' }, 65_536);
    const splitter = new JsonlLineSplitter((line, t) => counter.add(line, t));
    splitter.push(lines.join('\n'));
    splitter.end();
    const summary = counter.summary();
    const view = datasetView(summary, gpt4o, 1);
    assert.equal(view.examples, 2);
    assert.equal(view.malformedCount, 1);
    assert.equal(view.totalTokens, summary.totalTokens);
    assert.equal(view.byRole[0].role, 'assistant');
    assert.deepEqual(
      view.byRole.map((r) => r.tokens),
      [...view.byRole.map((r) => r.tokens)].sort((a, b) => b - a),
    );
    assert.equal(view.trainingLimit?.tokens, 65_536);
    assert.equal(view.trainingLimit?.overCount, 0);
    assert.match(view.trainingPriceNote, /no training price/);
    assert.ok(view.evalInputCost !== undefined && view.evalInputCost > 0);
    assert.equal(datasetView(summary, claude, 1.2).exact, false);
    assert.equal(datasetView(summary, claude, 1.2).totalTokens, Math.round(summary.totalTokens * 1.2));
  });

  it('writes the report of a dataset file with every value from the file escaped', () => {
    const counter = new DatasetCounter({ count, imageProvider: 'openai' }, undefined);
    counter.add(1, JSON.stringify({ messages: [{ role: '<img src=x>|**bold**', content: 'Hi' }] }));
    counter.add(2, '{"prompt": [unclosed');
    const report = datasetReport({
      fileName: 'train[1].jsonl',
      bytes: 2_500_000,
      modelId: 'claude-sonnet-4-5',
      tokenizerLabel: 'o200k_base',
      seconds: 1.25,
      view: datasetView(counter.summary(), claude, 1.1),
    });
    assert.match(report, /^# Dataset: train\\\[1\\\]\\\.jsonl$/m);
    assert.match(report, /\\<img src=x\\>\\\|\\\*\\\*bold\\\*\\\*/);
    assert.doesNotMatch(report, /(^|[^\\])<img/m, 'no raw HTML from the file');
    assert.match(report, /Training limit per example: not published for claude-sonnet-4-5\./);
    assert.match(report, /## Malformed lines: 1/);
    assert.match(report, /\| 1 \| ≈\d+ \|/);
  });
});
