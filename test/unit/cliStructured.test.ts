import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import gpt4o from 'gpt-tokenizer/cjs/model/gpt-4o';
import { runCli } from '../../src/cli/main';
import { tokenizers } from './support/tokenizers';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), readStdin: async () => Buffer.alloc(0) }, tokenizers);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'tokenscope-structured-'));
const file = (name: string, content: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
};

const MESSAGES = [
  { role: 'system', content: 'You are a weather assistant.' },
  { role: 'user', content: 'Weather in Paris?' },
];
const FUNCTION = { name: 'get_weather', description: 'Look up the weather.', parameters: { type: 'object', required: ['city'], properties: { city: { type: 'string' } } } };
const REQUEST = { model: 'gpt-4o', messages: MESSAGES, tools: [{ type: 'function', function: FUNCTION }] };
const expectedRequest = gpt4o.countChatCompletionTokens!({ messages: MESSAGES, functions: [FUNCTION] } as never);

describe('command line: requests, datasets and notebooks', () => {
  it('counts a request file (whatever its name) as OpenAI bills it, with a row per message and tool', async () => {
    const request = file('anything.txt.json', JSON.stringify(REQUEST, null, 2));
    const { code, out } = await cli(['count', '--model', 'gpt-4o', request]);
    assert.equal(code, 0);
    assert.match(out, new RegExp(`^\\s+${expectedRequest}\\s+\\S+\\s+${request.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(OpenAI Chat Completions request\\)`, 'm'));
    assert.match(out, /#2 user \(framing 4\)/);
    assert.match(out, /tool get_weather {2}name \d+, description \d+, parameters \d+/);
    assert.match(out, /method: OpenAI's per-message formula/);
  });

  it('gives the breakdown and the plain-text count beside in --json', async () => {
    const request = file('request.json', JSON.stringify(REQUEST));
    const report = JSON.parse((await cli(['count', '--json', request])).out);
    assert.equal(report.files[0].tokens, expectedRequest);
    assert.equal(report.files[0].request.format, 'openai-chat');
    assert.equal(report.files[0].request.items.length, 5);
    assert.ok(report.files[0].textTokens > expectedRequest);
    const asText = JSON.parse((await cli(['count', '--json', file('request.txt', '\n' + JSON.stringify(REQUEST))])).out);
    assert.equal(asText.files[0].request.total, expectedRequest, 'recognised by its shape, not its name');
  });

  it('applies --budget to the request total', async () => {
    const request = file('budget.json', JSON.stringify(REQUEST));
    assert.equal((await cli(['count', '--budget', String(expectedRequest), request])).code, 0);
    const over = await cli(['count', '--budget', String(expectedRequest - 1), request]);
    assert.equal(over.code, 1);
    assert.match(over.out, /OVER BUDGET/);
  });

  it('summarises a dataset, applies --budget to each example and fails on malformed lines with their numbers', async () => {
    const line = (u: string, a: string) =>
      JSON.stringify({
        messages: [
          { role: 'user', content: u },
          { role: 'assistant', content: a },
        ],
      });
    const good = file('good.jsonl', `${line('Hi', 'Hello')}\n${line('A longer question than the first one', 'A longer answer')}\n`);
    const ok = await cli(['count', '--json', good]);
    assert.equal(ok.code, 0);
    const dataset = JSON.parse(ok.out).files[0].dataset;
    assert.equal(dataset.examples, 2);
    assert.equal(dataset.trainingLimit, 65_536);
    assert.equal(dataset.trainingCostUsd, null);
    assert.match(dataset.trainingCostNote, /no training rates/);
    const overBudget = await cli(['count', '--budget', String(dataset.maxTokens - 1), good]);
    assert.equal(overBudget.code, 1);
    assert.match(overBudget.out, /over budget: line 2/);
    const bad = await cli(['count', file('bad.jsonl', `${line('a', 'b')}\n{"messages": [\n`)]);
    assert.equal(bad.code, 1);
    assert.match(bad.out, /malformed line 2: /);
    assert.match(bad.err, /1 malformed line/);
  });

  it('counts a notebook with and without its outputs', async () => {
    const nb = { nbformat: 4, cells: [{ cell_type: 'code', source: ['print(1)'], outputs: [{ output_type: 'stream', name: 'stdout', text: ['1\n'] }] }] };
    const { code, out } = await cli(['count', '--json', file('n.ipynb', JSON.stringify(nb))]);
    assert.equal(code, 0);
    const notebook = JSON.parse(out).files[0].notebook;
    assert.ok(notebook.withOutputs > notebook.withoutOutputs);
    assert.equal(JSON.parse(out).files[0].tokens, notebook.withOutputs);
  });

  it('counts JSON of another shape as text, as before', async () => {
    const other = file('package.json', JSON.stringify({ name: 'x', version: '1.0.0' }));
    const report = JSON.parse((await cli(['count', '--json', other])).out);
    assert.equal(report.files[0].request, undefined);
    assert.equal(report.files[0].textTokens, undefined);
  });
});
