import * as assert from 'node:assert/strict';
import path from 'node:path';
import { get_encoding } from 'tiktoken';
import type { CountParams, CountResult } from '../../src/worker/protocol';
import { WorkerHarness } from './support/workerHarness';

/** The real worker bundle (dist/worker.js, built with the tests), driven over its protocol. */
const workerPath = path.resolve(__dirname, '../../../dist/worker.js');

/** A count request with the usual defaults (version 1, o200k_base, no selections). */
const countParams = (params: Partial<CountParams> & { uri: string }): CountParams => ({ version: 1, tokenizer: 'o200k_base', selections: [], ...params });

const o200k = get_encoding('o200k_base');
const cl100k = get_encoding('cl100k_base');

describe('tokenizer worker', function () {
  this.timeout(60_000);
  let h: WorkerHarness;
  beforeEach(() => (h = new WorkerHarness(workerPath)));
  afterEach(() => h.terminate());

  it('says ready, then counts an opened document exactly', async () => {
    const text = 'You are a helpful assistant.\nAnswer in French. <|endoftext|> \uD800 is a lone surrogate.\n';
    h.send({ kind: 'open', uri: 'file:///a.md', version: 1, text });
    const r = await h.request('count', countParams({ uri: 'file:///a.md' }));
    assert.equal(h.messages[0].kind, 'ready');
    assert.equal(r.tokens, o200k.encode_ordinary(text).length);
    assert.equal(r.chars, [...text].length);
    assert.equal(r.bytes, Buffer.byteLength(text.toWellFormed()));
    assert.equal(r.version, 1);
  });

  it('follows edits sent as changes and answers with their version', async () => {
    let text = 'line one\nline two\n'.repeat(500);
    h.send({ kind: 'open', uri: 'u', version: 1, text });
    const edits = [
      { offset: 3, deleteCount: 2, insert: 'XYZ' },
      { offset: 100, deleteCount: 0, insert: '\n\n  // comment\r\n' },
      { offset: 0, deleteCount: 50, insert: '' },
    ];
    let version = 1;
    for (const e of edits) {
      text = text.slice(0, e.offset) + e.insert + text.slice(e.offset + e.deleteCount);
      h.send({ kind: 'change', uri: 'u', version: ++version, changes: [e], length: text.length });
    }
    const r = await h.request('count', countParams({ uri: 'u', version, tokenizer: 'cl100k_base' }));
    assert.equal(r.version, version);
    assert.equal(r.tokens, cl100k.encode_ordinary(text).length);
  });

  it('counts selections each on their own and sums them', async () => {
    const text = 'alpha beta gamma\ndelta epsilon\n';
    h.send({ kind: 'open', uri: 'u', version: 1, text });
    const r = await h.request(
      'count',
      countParams({
        uri: 'u',
        selections: [
          [0, 10],
          [17, 30],
        ],
      }),
    );
    const expected = o200k.encode_ordinary(text.slice(0, 10)).length + o200k.encode_ordinary(text.slice(17, 30)).length;
    assert.equal(r.selectionTokens, expected);
  });

  it('asks for the full text of a document it does not mirror', async () => {
    const m = await h.call('count', countParams({ uri: 'never-opened' }));
    assert.ok(m.kind === 'response' && 'error' in m && m.error.code === 'unknownDocument');
  });

  it('drops a mirror whose length disagrees with the editor, and says so', async () => {
    h.send({ kind: 'open', uri: 'u', version: 1, text: 'abc' });
    h.send({ kind: 'change', uri: 'u', version: 2, changes: [{ offset: 0, deleteCount: 0, insert: 'x' }], length: 99 });
    const m = await h.call('count', countParams({ uri: 'u', version: 2 }));
    assert.ok(m.kind === 'response' && 'error' in m && m.error.code === 'unknownDocument');
    assert.ok(h.messages.some((x) => x.kind === 'desync' && x.uri === 'u'));
  });

  it('reports progress on a big document and still answers small ones meanwhile', async () => {
    const big = 'The quick brown fox jumps over the lazy dog. 12345 {"k": [1, 2]}\n'.repeat(40_000); // ~2.6 MB
    h.send({ kind: 'open', uri: 'big', version: 1, text: big });
    const bigAnswer = h.request('count', countParams({ uri: 'big' }));
    h.send({ kind: 'open', uri: 'small', version: 1, text: 'hello world' });
    const small = await h.request('count', countParams({ uri: 'small' }));
    assert.equal(small.tokens, o200k.encode_ordinary('hello world').length);
    const bigResult = await bigAnswer;
    assert.equal(bigResult.tokens, o200k.encode_ordinary(big).length);
    assert.ok(
      h.messages.some((m) => m.kind === 'progress' && m.uri === 'big'),
      'progress was reported',
    );
    const order = h.messages.filter((m) => m.kind === 'response').map((m) => ('result' in m ? (m.result as CountResult).uri : ''));
    assert.deepEqual(order, ['small', 'big'], 'the small document was answered first');
  });
});
