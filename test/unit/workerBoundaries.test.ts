import * as assert from 'node:assert/strict';
import path from 'node:path';
import { get_encoding } from 'tiktoken';
import type { HostToWorker, WorkerToHost } from '../../src/worker/protocol';
import { WorkerHarness } from './support/workerHarness';

/** The real worker bundle (dist/worker.js, built with the tests), driven over its protocol. */
const workerPath = path.resolve(__dirname, '../../../dist/worker.js');
const o200k = get_encoding('o200k_base');

/** Token texts of a full encode, to compare with what the worker says is at each offset. */
function fullTokens(text: string): { ids: number[]; starts: number[] } {
  const ids = [...o200k.encode_ordinary(text)];
  const starts: number[] = [];
  let bytes = Buffer.alloc(0);
  for (const id of ids) {
    starts.push(bytes.toString('utf8').length);
    bytes = Buffer.concat([bytes, Buffer.from(o200k.decode_single_token_bytes(id))]);
  }
  return { ids, starts };
}

describe('tokenizer worker: token boundaries and details', function () {
  this.timeout(60_000);
  let h: WorkerHarness;
  beforeEach(() => (h = new WorkerHarness(workerPath)));
  afterEach(() => h.terminate());

  it('answers the tokens of each range asked for, equal to a full encode there, in typed arrays', async () => {
    const text = 'You are a helpful assistant.\nAnswer briefly; cite sources.\n'.repeat(400);
    h.send({ kind: 'open', uri: 'u', version: 1, text });
    await h.request('count', { uri: 'u', version: 1, tokenizer: 'o200k_base', selections: [] });
    const ranges: Array<[number, number]> = [[100, 900], [10_000, 12_345]];
    const r = await h.request('tokensInRange', { uri: 'u', version: 1, tokenizer: 'o200k_base', ranges });
    assert.equal(r.version, 1);
    assert.equal(r.spans.length, 2);
    const full = fullTokens(text);
    for (const [i, span] of r.spans.entries()) {
      assert.ok(span.ids instanceof Uint32Array && span.segmentStarts instanceof Int32Array);
      assert.deepEqual([span.start, span.end], ranges[i]);
      assert.ok(span.firstTokenIndex >= 0);
      const expected = full.ids.slice(span.firstTokenIndex, span.firstTokenIndex + span.ids.length);
      assert.deepEqual([...span.ids], expected);
      assert.deepEqual([...span.tokenStarts], full.starts.slice(span.firstTokenIndex, span.firstTokenIndex + span.ids.length));
      assert.ok(span.tokenStarts[0] <= ranges[i][0] && span.segmentStarts[span.segmentStarts.length - 1] >= ranges[i][1]);
    }
  });

  it('answers boundaries inside a megabyte of one letter and of base64 without holding the worker', async () => {
    // tiktoken's WASM encode is quadratic on one long piece: these took ~20 min and 11.5 s when
    // the ids came from it, and every other document waited. The bound only catches a return to
    // that; the ids themselves are checked against tiktoken in pieceCounter.test.ts.
    const run = 'a'.repeat(1 << 20);
    const json = `{"blob": "${'A'.repeat(100_000)}"}\n`;
    for (const [uri, text] of [['run', run], ['json', json]] as const) {
      h.send({ kind: 'open', uri, version: 1, text });
      const started = Date.now();
      const r = await h.request('tokensInRange', { uri, version: 1, tokenizer: 'o200k_base', ranges: [[0, 200]] });
      const ms = Date.now() - started;
      assert.ok(ms < 15_000, `${uri}: ${ms} ms`);
      const span = r.spans[0];
      assert.ok(span.ids.length > 0 && span.tokenStarts[0] === 0, uri);
      // Meanwhile-style check: another small document is answered right after.
      h.send({ kind: 'open', uri: `${uri}-small`, version: 1, text: 'hello world' });
      const small = await h.request('count', { uri: `${uri}-small`, version: 1, tokenizer: 'o200k_base', selections: [] });
      assert.equal(small.tokens, 2);
    }
  });

  it('follows edits and answers for the new version', async () => {
    let text = 'alpha beta gamma\n'.repeat(200);
    h.send({ kind: 'open', uri: 'u', version: 1, text });
    const insert = 'Ωmega 😀 ';
    text = text.slice(0, 50) + insert + text.slice(50);
    h.send({ kind: 'change', uri: 'u', version: 2, changes: [{ offset: 50, deleteCount: 0, insert }], length: text.length });
    const r = await h.request('tokensInRange', { uri: 'u', version: 2, tokenizer: 'o200k_base', ranges: [[0, 200]] });
    assert.equal(r.version, 2);
    const full = fullTokens(text);
    const span = r.spans[0];
    assert.deepEqual([...span.ids], full.ids.slice(0, span.ids.length));
  });

  it('answers boundaries of a big document at once, before its count is done', async () => {
    const big = 'The quick brown fox jumps over the lazy dog. 12345 {"k": [1, 2]}\n'.repeat(60_000); // ~4 MB
    h.send({ kind: 'open', uri: 'big', version: 1, text: big });
    const counting = h.request('count', { uri: 'big', version: 1, tokenizer: 'o200k_base', selections: [] });
    const t = performance.now();
    const r = await h.request('tokensInRange', { uri: 'big', version: 1, tokenizer: 'o200k_base', ranges: [[3_000_000, 3_008_000]] });
    const elapsed = performance.now() - t;
    const span = r.spans[0];
    assert.ok(span.ids.length > 1000, `${span.ids.length} tokens`);
    assert.equal(span.firstTokenIndex, -1, 'the index is unknown while the text before is being counted');
    await counting;
    const again = await h.request('tokensInRange', { uri: 'big', version: 1, tokenizer: 'o200k_base', ranges: [[3_000_000, 3_008_000]] });
    assert.ok(again.spans[0].firstTokenIndex > 0);
    assert.ok(elapsed < 10_000, `took ${elapsed} ms`);
  });

  it('details the segment under an offset: each token, its index and its bytes', async () => {
    const text = 'hi 👩‍👩‍👧‍👦 there\n';
    h.send({ kind: 'open', uri: 'u', version: 1, text });
    await h.request('count', { uri: 'u', version: 1, tokenizer: 'o200k_base', selections: [] });
    const r = await h.request('tokenDetails', { uri: 'u', version: 1, tokenizer: 'o200k_base', offset: text.indexOf('👧') });
    assert.equal(text.slice(r.start, r.end).trim(), '👩‍👩‍👧‍👦');
    assert.ok(r.tokens.length > 1);
    const full = fullTokens(text);
    for (const token of r.tokens) {
      assert.equal(token.id, full.ids[token.index]);
      assert.deepEqual(Buffer.from(token.bytes), Buffer.from(o200k.decode_single_token_bytes(token.id)));
    }
    assert.deepEqual(Buffer.concat(r.tokens.map((t) => Buffer.from(t.bytes))).toString('utf8'), text.slice(r.start, r.end));
  });

  it('asks for the full text of a document it does not mirror', async () => {
    const id = 99;
    const m = await new Promise<WorkerToHost>((resolve) => {
      h.worker.on('message', (x: WorkerToHost) => x.kind === 'response' && x.id === id && resolve(x));
      h.worker.postMessage({ kind: 'request', id, method: 'tokensInRange', params: { uri: 'nope', version: 1, tokenizer: 'o200k_base', ranges: [[0, 1]] } } satisfies HostToWorker);
    });
    assert.ok(m.kind === 'response' && 'error' in m && m.error.code === 'unknownDocument');
  });
});
