import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { DatasetCounter } from '../../src/core/datasets/datasetSummary';
import { JsonlLineSplitter } from '../../src/core/datasets/jsonlLines';
import { requestAskFor, requestOptionsOf, type RequestAsk } from '../../src/core/requests/requestAsk';
import { countRequestText, isNotARequest } from '../../src/core/requests/requestCount';
import { catalogModel } from '../../src/core/catalog/catalog';
import type { WorkerToHost } from '../../src/worker/protocol';
import { WorkerHarness } from './support/workerHarness';
import { loadTiktokenTokenizer } from './support/tokenizers';

/** The real worker bundle (dist/worker.js, built with the tests), driven over its protocol. */
const workerPath = path.resolve(__dirname, '../../../dist/worker.js');
const o200k = loadTiktokenTokenizer('o200k_base');
const OPENAI: RequestAsk = { hint: 'openai', imageProvider: 'openai', openAiImageRates: 'gpt-4o' };

const REQUEST = JSON.stringify(
  {
    model: 'gpt-4o',
    messages: [
      { role: 'system', content: 'You are terse. <|endoftext|> is text here.' },
      { role: 'user', content: 'What is the weather in Paris?' },
    ],
    tools: [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Current weather',
          parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['c', 'f'] } }, required: ['city'] },
        },
      },
    ],
  },
  null,
  2,
);

const chatLine = (user: string, assistant: string) =>
  JSON.stringify({
    messages: [
      { role: 'user', content: user },
      { role: 'assistant', content: assistant },
    ],
  });

/** The summary the core gives for `text` in one piece, in this process: what the worker must answer. */
function expectedSummary(text: string, limit?: number) {
  const lines: number[] = [];
  const counter = new DatasetCounter(
    requestOptionsOf(OPENAI, (t) => o200k.count(t)),
    limit,
    (e) => (lines[e.line - 1] = e.tokens),
  );
  const splitter = new JsonlLineSplitter((line, t) => counter.add(line, t));
  splitter.push(text);
  splitter.end();
  return { summary: counter.summary(), lines };
}

describe('tokenizer worker: requests and datasets', function () {
  this.timeout(60_000);
  let h: WorkerHarness;
  beforeEach(() => (h = new WorkerHarness(workerPath, { poolSize: 0 })));
  afterEach(() => h.terminate());

  it('answers a JSON request file’s total with its count, as the core counts it', async () => {
    h.send({ kind: 'open', uri: 'file:///req.json', version: 1, text: REQUEST });
    const r = await h.request('count', { uri: 'file:///req.json', version: 1, tokenizer: 'o200k_base', selections: [], request: OPENAI });
    const breakdown = countRequestText(
      REQUEST,
      requestOptionsOf(OPENAI, (t) => o200k.count(t)),
    );
    assert.ok(!isNotARequest(breakdown));
    assert.deepEqual(r.request, { format: 'openai-chat', total: breakdown.total, estimated: false, items: breakdown.items.length, imagesNotCounted: 0 });
    assert.equal(r.tokens, o200k.count(REQUEST), 'the text’s own count is unchanged');
    assert.notEqual(r.request.total, r.tokens);
  });

  it('follows edits: the total is of the current version, and a text that stops being a request has none', async () => {
    h.send({ kind: 'open', uri: 'file:///req.json', version: 1, text: REQUEST });
    const first = await h.request('count', { uri: 'file:///req.json', version: 1, tokenizer: 'o200k_base', selections: [], request: OPENAI });
    const at = REQUEST.indexOf('Paris');
    h.send({ kind: 'change', uri: 'file:///req.json', version: 2, changes: [{ offset: at, deleteCount: 5, insert: 'Paris, Lyon and Marseille' }], length: REQUEST.length + 20 });
    const second = await h.request('count', { uri: 'file:///req.json', version: 2, tokenizer: 'o200k_base', selections: [], request: OPENAI });
    assert.ok(second.request && first.request && second.request.total > first.request.total);
    h.send({ kind: 'change', uri: 'file:///req.json', version: 3, changes: [{ offset: 0, deleteCount: 1, insert: '[' }], length: REQUEST.length + 20 });
    const third = await h.request('count', { uri: 'file:///req.json', version: 3, tokenizer: 'o200k_base', selections: [], request: OPENAI });
    assert.equal(third.request, undefined);
  });

  it('never reads other JSON as a request, and asks nothing of files it was not asked about', async () => {
    h.send({ kind: 'open', uri: 'file:///data.json', version: 1, text: '{"rows": [1, 2, 3], "name": "x"}' });
    const asked = await h.request('count', { uri: 'file:///data.json', version: 1, tokenizer: 'o200k_base', selections: [], request: OPENAI });
    assert.equal(asked.request, undefined);
    h.send({ kind: 'open', uri: 'file:///req2.json', version: 1, text: REQUEST });
    const notAsked = await h.request('count', { uri: 'file:///req2.json', version: 1, tokenizer: 'o200k_base', selections: [] });
    assert.equal(notAsked.request, undefined);
  });

  it('breaks the request down in the insight answer, offsets pointing at each part in the file', async () => {
    h.send({ kind: 'open', uri: 'file:///req.json', version: 1, text: REQUEST });
    const r = await h.request('insight', { uri: 'file:///req.json', version: 1, tokenizer: 'o200k_base', countWith: [], topTokens: 5, request: OPENAI });
    const breakdown = countRequestText(
      REQUEST,
      requestOptionsOf(OPENAI, (t) => o200k.count(t)),
    );
    assert.ok(r.request && !isNotARequest(breakdown));
    assert.deepEqual(r.request, breakdown);
    const user = r.request.items.find((i) => i.role === 'user');
    assert.ok(user?.span);
    assert.match(REQUEST.slice(user.span.offset, user.span.offset + user.span.length), /weather in Paris/);
  });

  it('summarises a dataset document with each line’s tokens, as the core does', async () => {
    const text = [chatLine('Hi', 'Hello!'), '', '{"prompt": "2+2=", "completion": "4"}', '{broken', chatLine('Привет, 你好 <|im_start|>', 'ok')].join('\r\n') + '\n';
    h.send({ kind: 'open', uri: 'file:///d.jsonl', version: 4, text });
    const r = await h.request('dataset', { source: { uri: 'file:///d.jsonl', version: 4 }, tokenizer: 'o200k_base', request: OPENAI, trainingLimit: 20, lineTokens: true });
    const want = expectedSummary(text, 20);
    assert.equal(r.version, 4);
    assert.deepEqual(r.summary, want.summary);
    assert.deepEqual([...(r.lineTokens ?? [])], [want.lines[0], -1, want.lines[2], -1, want.lines[4], -1]);
    assert.equal(r.summary.malformedCount, 1);
    assert.ok(r.summary.overLimitCount >= 1);
  });

  it('reads a dataset file in chunks: the same summary as in one piece, with progress, whatever its size', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ts-dataset-'));
    try {
      const lines: string[] = [];
      for (let i = 0; i < 6000; i++) lines.push(chatLine(`Question ${i}: what is ${i} * 3? Ünïcödé 你好`, `${i * 3}`));
      const text = '\uFEFF' + lines.join('\n');
      const file = path.join(dir, 'train.jsonl');
      writeFileSync(file, text);
      const r = await h.request('dataset', { source: { file }, tokenizer: 'o200k_base', request: OPENAI });
      assert.deepEqual(r.summary, expectedSummary(text).summary);
      assert.equal(r.bytes, Buffer.byteLength(text));
      assert.ok(
        h.messages.some((m) => m.kind === 'requestProgress'),
        'progress while reading',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a binary file, a folder and a FIFO with a clear message', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ts-dataset-'));
    try {
      const binary = path.join(dir, 'x.jsonl');
      writeFileSync(binary, Buffer.from([0x7b, 0x00, 0x01, 0x02]));
      const fifo = path.join(dir, 'pipe.jsonl');
      execFileSync('mkfifo', [fifo]);
      const answers = await Promise.all([binary, dir, fifo].map((file) => h.call('dataset', { source: { file }, tokenizer: 'o200k_base', request: OPENAI })));
      const messages = answers.map((a) => ('error' in a ? a.error.message : 'answered'));
      assert.match(messages[0], /binary/);
      assert.match(messages[1], /a folder, not a regular file/);
      assert.match(messages[2], /a FIFO, not a regular file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops when cancelled, and a newer summary of the same document supersedes the older one', async () => {
    const text = (chatLine('The quick brown fox jumps over the lazy dog. '.repeat(20), 'ok') + '\n').repeat(4000);
    h.send({ kind: 'open', uri: 'file:///big.jsonl', version: 1, text });
    const params = { source: { uri: 'file:///big.jsonl', version: 1 }, tokenizer: 'o200k_base' as const, request: OPENAI };
    const older = h.call('dataset', params);
    const newer = h.call('dataset', params);
    const first = await older;
    assert.equal('error' in first && first.error.code, 'cancelled');
    const id = 3;
    const third = h.call('dataset', params);
    h.send({ kind: 'cancel', id });
    const cancelled = await third;
    assert.equal('error' in cancelled && cancelled.error.code, 'cancelled');
    // The second was superseded by the third too: every request got exactly one answer.
    const second = await newer;
    assert.equal('error' in second && second.error.code, 'cancelled');
    const after = h.messages.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(
      h.messages.slice(after).filter((m: WorkerToHost) => m.kind === 'response' || m.kind === 'requestProgress'),
      [],
    );
  });

  it('asks the maker’s formats of the model: Anthropic reads an ambiguous request as Anthropic’s, GPT-4o mini’s image rates', () => {
    assert.deepEqual(requestAskFor(catalogModel('claude-sonnet-4-5')!), { hint: 'anthropic', imageProvider: 'anthropic', openAiImageRates: 'gpt-4o' });
    assert.deepEqual(requestAskFor(catalogModel('gpt-4o-mini')!), { hint: 'openai', imageProvider: 'openai', openAiImageRates: 'gpt-4o-mini' });
  });
});
