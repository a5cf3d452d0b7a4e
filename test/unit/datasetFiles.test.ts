import * as assert from 'node:assert/strict';
import { DatasetCounter, type DatasetSummary } from '../../src/core/datasets/datasetSummary';
import { JsonlLineSplitter } from '../../src/core/datasets/jsonlLines';
import { jsonlProblems } from '../../src/core/datasets/jsonlProblems';
import { countNotebook } from '../../src/core/notebooks/notebookCount';
import { trainingExampleLimit } from '../../src/core/catalog/trainingLimits';
import { buildCatalog } from '../../src/core/catalog/catalog';
import { loadTiktokenTokenizer } from './support/tokenizers';

const o200k = loadTiktokenTokenizer('o200k_base');
const count = (t: string) => o200k.count(t);

/** The dataset's summary, its text fed in chunks of `chunk` characters. */
function summarize(text: string, chunk = text.length || 1, limit?: number): DatasetSummary {
  const counter = new DatasetCounter({ count, imageProvider: 'openai' }, limit);
  const splitter = new JsonlLineSplitter((line, t) => counter.add(line, t));
  for (let i = 0; i < text.length; i += chunk) splitter.push(text.slice(i, i + chunk));
  splitter.end();
  return counter.summary();
}

const chatLine = (user: string, assistant: string) =>
  JSON.stringify({
    messages: [
      { role: 'user', content: user },
      { role: 'assistant', content: assistant },
    ],
  });
const chatTokens = (user: string, assistant: string) => 3 + count('user') + count(user) + 3 + count('assistant') + count(assistant) + 3;

describe('datasets: JSON Lines', () => {
  it('counts each chat example by the per-message formula and each prompt/completion pair as its two texts', () => {
    const text = [chatLine('Hi', 'Hello!'), JSON.stringify({ prompt: 'Two plus two?', completion: ' Four.' })].join('\n');
    const s = summarize(text);
    assert.equal(s.examples, 2);
    assert.equal(s.totalTokens, chatTokens('Hi', 'Hello!') + count('Two plus two?') + count(' Four.'));
    assert.equal(s.tokensByRole.user, count('Hi'));
    assert.equal(s.tokensByRole.assistant, count('Hello!'));
    assert.equal(s.tokensByRole.prompt, count('Two plus two?'));
    assert.equal(s.tokensByRole.framing, 3 + count('user') + 3 + count('assistant') + 3);
  });

  it('reports each malformed line with its number and the JSON error, and counts the others', () => {
    const text = [chatLine('a', 'b'), '{"messages": [', '[1, 2]', '{"text": "no known shape"}', chatLine('c', 'd')].join('\n');
    const s = summarize(text);
    assert.equal(s.examples, 2);
    assert.equal(s.malformedCount, 3);
    assert.deepEqual(
      s.malformed.map((m) => m.line),
      [2, 3, 4],
    );
    assert.match(s.malformed[0].error, /JSON/);
    assert.equal(s.malformed[1].error, 'not a JSON object');
    assert.match(s.malformed[2].error, /neither a chat example/);
  });

  it('drops a byte order mark, reads CRLF lines and skips empty lines, keeping the line numbers', () => {
    const text = `\uFEFF${chatLine('a', 'b')}\r\n\r\n   \r\n{bad}\r\n${chatLine('c', 'd')}\r\n`;
    const s = summarize(text);
    assert.equal(s.examples, 2);
    assert.equal(s.emptyLines, 2);
    assert.deepEqual(s.malformed, [{ line: 4, error: s.malformed[0].error }]);
    assert.equal(s.totalTokens, chatTokens('a', 'b') + chatTokens('c', 'd'));
  });

  it('gives the same summary whatever the chunks the text arrives in, a line split across many', () => {
    const text = [chatLine('one two three', 'four'), '', '{oops', chatLine('five', 'six seven')].join('\r\n');
    const whole = summarize(text);
    for (const chunk of [1, 2, 3, 7, 50]) assert.deepEqual(summarize(text, chunk), whole, `chunks of ${chunk}`);
  });

  it('counts a 5 MB line as one example', function () {
    this.timeout(60_000);
    const long = 'The quick brown fox jumps over the lazy dog. '.repeat(Math.ceil((5 * 1024 * 1024) / 45));
    const text = `${chatLine('short', 'line')}\n${chatLine(long, 'ok')}\n`;
    const s = summarize(text, 65_536);
    assert.equal(s.examples, 2);
    assert.equal(s.maxLine, 2);
    assert.equal(s.maxTokens, chatTokens(long, 'ok'));
  });

  it('gives the mean, the 95th percentile (nearest rank) and the maximum per example', () => {
    const lines = Array.from({ length: 20 }, (_, i) => JSON.stringify({ prompt: 'x '.repeat(i + 1).trim(), completion: '' }));
    const s = summarize(lines.join('\n'));
    const counts = lines.map((_, i) => count('x '.repeat(i + 1).trim())).sort((a, b) => a - b);
    assert.equal(s.p95Tokens, counts[18]);
    assert.equal(s.maxTokens, counts[19]);
    assert.equal(s.meanTokens, counts.reduce((a, b) => a + b, 0) / 20);
  });

  it("lists the examples over the model's training limit, and none when the limit is unknown", () => {
    const text = [chatLine('a', 'b'), chatLine('a much longer example than the limit allows', 'indeed')].join('\n');
    const limited = summarize(text, undefined, 20);
    assert.equal(limited.overLimitCount, 1);
    assert.equal(limited.overLimit[0].line, 2);
    assert.equal(summarize(text).overLimitCount, 0);
    assert.equal(trainingExampleLimit('gpt-4o-mini'), 65_536);
    assert.equal(trainingExampleLimit('claude-sonnet-4-5'), undefined);
    const ids = new Set(buildCatalog().models.map((m) => m.id));
    for (const id of ['gpt-4o', 'gpt-4o-mini', 'gpt-3.5-turbo']) assert.ok(ids.has(id), `${id} is a catalog model`);
  });
});

describe('notebooks', () => {
  const notebook = {
    nbformat: 4,
    cells: [
      { cell_type: 'markdown', source: ['# Title\n', 'Some words.'] },
      {
        cell_type: 'code',
        source: 'print("hello")',
        outputs: [
          { output_type: 'stream', name: 'stdout', text: ['hello\n'] },
          { output_type: 'display_data', data: { 'image/png': 'iVBORw0KGgo=', 'text/plain': ['<Figure size 640x480>'] } },
          { output_type: 'error', ename: 'ValueError', evalue: 'bad', traceback: ['Traceback', 'line 1'] },
        ],
      },
      { cell_type: 'code', source: [], outputs: [{ output_type: 'display_data', data: { 'image/png': 'iVBORw0KGgo=' } }] },
    ],
  };

  it('totals the cells with and without their outputs', () => {
    const result = countNotebook(notebook, count);
    const sources = count('# Title\nSome words.') + count('print("hello")');
    const outputs = count('hello\n') + count('<Figure size 640x480>') + count('ValueError: bad\nTraceback\nline 1');
    assert.equal(result.withoutOutputs, sources);
    assert.equal(result.withOutputs, sources + outputs);
    assert.deepEqual(
      result.cells.map((c) => c.kind),
      ['markdown', 'code', 'code'],
    );
  });

  it('lists image outputs as not counted rather than as 0 tokens', () => {
    const result = countNotebook(notebook, count);
    assert.equal(result.outputsNotCounted, 2);
    assert.equal(result.cells[2].outputsNotCounted, 1);
  });

  it('refuses JSON that is not a notebook', () => {
    assert.throws(() => countNotebook({ messages: [] }, count), /not a Jupyter notebook/);
  });
});

describe('datasets: problems for the editor', () => {
  it('lists each malformed line with its number, its length and the kind of problem, blank lines being fine', () => {
    const text = `\uFEFF{bad\r\n\r\n${JSON.stringify({ prompt: 'p', completion: 'c' })}\n[1]\n{"other": 1}\n`;
    const problems = jsonlProblems(text);
    assert.deepEqual(
      problems.map((p) => [p.line, p.length, p.kind]),
      [
        [1, 5, 'json'],
        [4, 3, 'notObject'],
        [5, 12, 'shape'],
      ],
    );
    assert.equal(jsonlProblems('{bad}\n{bad}\n{bad}\n', 2).length, 2);
  });
});
