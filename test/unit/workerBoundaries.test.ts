import * as assert from 'node:assert/strict';
import path from 'node:path';
import fc from 'fast-check';
import { get_encoding } from 'tiktoken';
import { nfcAsRust } from '../../src/core/text/hfUnicodeGaps';
import type { Tokenizer } from '../../src/core/tokenizers/tokenizer';
import type { TokensInRangeResult } from '../../src/worker/protocol';
import type { HostToWorker, WorkerToHost } from '../../src/worker/protocol';
import { bundledJson, referenceIds, referenceTokenizer, type ReferenceTokenizer } from './support/hfReference';
import { normalizingText } from './support/normalizingText';
import { propertyRuns } from './support/propertyRuns';
import { WorkerHarness } from './support/workerHarness';
import { loadHfTokenizer } from './support/tokenizers';

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
    const ranges: Array<[number, number]> = [
      [100, 900],
      [10_000, 12_345],
    ];
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
    for (const [uri, text] of [
      ['run', run],
      ['json', json],
    ] as const) {
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

describe('tokenizer worker: boundaries of a normalizing tokenizer (Qwen3, NFC) over the original text', function () {
  this.timeout(60_000);
  let h: WorkerHarness;
  let reference: ReferenceTokenizer;
  /** For the tokens' bytes (the worker answers ids only). */
  let qwen3: Tokenizer;
  let opened = 0;
  before(() => {
    reference = referenceTokenizer(bundledJson('qwen3'));
    qwen3 = loadHfTokenizer('hf:qwen3').tokenizer;
  });
  beforeEach(() => (h = new WorkerHarness(workerPath)));
  afterEach(() => h.terminate());

  const graphemeStarts = (text: string) => new Set([...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].map((g) => g.index).concat(text.length));

  /** Opens `text`, counts it, and asks for the tokens of each range; checks every answer against the Rust library's ids. */
  async function assertBoundaries(text: string, ranges: Array<[number, number]>): Promise<TokensInRangeResult> {
    const uri = `doc-${opened++}`;
    h.send({ kind: 'open', uri, version: 1, text });
    await h.request('count', { uri, version: 1, tokenizer: 'hf:qwen3', selections: [] });
    const r = await h.request('tokensInRange', { uri, version: 1, tokenizer: 'hf:qwen3', ranges });
    const expected = await referenceIds(reference, text);
    const graphemes = graphemeStarts(text);
    for (const span of r.spans) {
      const where = `[${span.start}, ${span.end}) of ${JSON.stringify(text)}`;
      const count = span.segmentStarts.length - 1;
      assert.ok(span.firstTokenIndex >= 0, where);
      // The ids in document order are the whole text's, from the span's first token on.
      assert.deepEqual([...span.ids], expected.slice(span.firstTokenIndex, span.firstTokenIndex + span.ids.length), `ids, ${where}`);
      if (span.start < text.length) assert.ok(span.segmentStarts[0] <= span.start && span.segmentStarts[count] >= Math.max(span.start + 1, span.end), `covers, ${where}`);
      for (let k = 0; k < count; k++) {
        // Segments follow each other without gap or overlap (each character is in exactly one),
        // at offsets of the document between grapheme clusters.
        const [a, b] = [span.segmentStarts[k], span.segmentStarts[k + 1]];
        assert.ok(a < b && a >= 0 && b <= text.length && graphemes.has(a) && graphemes.has(b), `segment ${k} [${a}, ${b}), ${where}`);
        const [t0, t1] = [span.segmentFirstToken[k], span.segmentFirstToken[k + 1]];
        assert.ok(t0 < t1, `segment ${k} holds no token, ${where}`);
        for (let t = t0; t < t1; t++) assert.ok(span.tokenStarts[t] >= a && span.tokenStarts[t] < b, `token ${t} starts at ${span.tokenStarts[t]}, ${where}`);
        // Its tokens spell its text as the tokenizer normalizes it.
        const spelled = Buffer.concat([...span.ids.subarray(t0, t1)].map((id) => qwen3.decodeToken(id))).toString('utf8');
        assert.equal(spelled, nfcAsRust(text.slice(a, b).toWellFormed()), `segment ${k} [${a}, ${b}), ${where}`);
      }
    }
    return r;
  }

  it('answers for text that NFC changes: e + U+0301, U+0958, U+212B, U+1F71, Hangul jamo, and mixed with NFC text', async () => {
    const texts = [
      'e\u0301',
      'Cafe\u0301 and café, re\u0301sume\u0301.\n',
      '\u0958\u093f\u0915\u093c \u0930\u0939\u093e\n',
      'The \u212b is 0.1 nm; Å is its letter.',
      '\u1f71\u03bd\u03b8\u03c1\u03c9\u03c0\u03bf\u03c2 \u1f00\u03bd\u03ae\u03c1',
      '\u1100\u1161\u11a8 \u1112\u1161\u11ab\u1100\u1173\u11af \uac01',
      'Tie\u0302\u0301ng Vie\u0323\u0302t la\u0300 ngo\u0302n ngu\u031b\u0303 cu\u0309a ngu\u031bo\u031b\u0300i Vie\u0323\u0302t Nam.\n',
      'ক\u09c7\u09be\u09a8 \u09df\u09bc? কোন'.normalize('NFD') + ' বাংলা\n',
      'فارسی \u0622 \u0627\u0653 \u064a\u0654',
      'plain line\n' + 'mixed e\u0301 and é\n'.repeat(40),
    ];
    for (const text of texts)
      await assertBoundaries(text, [
        [0, text.length],
        [1, 1],
        [Math.floor(text.length / 2), text.length],
      ]);
  });

  it('details the tokens under an offset inside e + U+0301, on the letter and on the accent', async () => {
    const text = 'Voila\u0300 un cafe\u0301!\n';
    h.send({ kind: 'open', uri: 'u', version: 1, text });
    await h.request('count', { uri: 'u', version: 1, tokenizer: 'hf:qwen3', selections: [] });
    const expected = await referenceIds(reference, text);
    const e = text.indexOf('e\u0301');
    for (const offset of [e, e + 1]) {
      const r = await h.request('tokenDetails', { uri: 'u', version: 1, tokenizer: 'hf:qwen3', offset });
      assert.ok(r.start <= e && r.end >= e + 2, `[${r.start}, ${r.end}) holds e + U+0301`);
      assert.ok(r.tokens.length >= 1);
      for (const token of r.tokens) assert.equal(token.id, expected[token.index]);
      // Its tokens spell the segment as NFC writes it: `é`, not `e` + U+0301.
      const spelled = Buffer.concat(r.tokens.map((t) => Buffer.from(t.bytes))).toString('utf8');
      assert.equal(spelled, nfcAsRust(text.slice(r.start, r.end)));
      assert.ok(spelled.includes('é'));
    }
  });

  it('answers for generated text with marks, precomposed and decomposed letters', async () => {
    await fc.assert(
      fc.asyncProperty(normalizingText(40), fc.nat(), fc.nat(), async (text, a, b) => {
        const start = text.length === 0 ? 0 : a % (text.length + 1);
        await assertBoundaries(text, [
          [0, text.length],
          [start, Math.min(text.length, start + (b % 30))],
        ]);
      }),
      { numRuns: propertyRuns(0.02) },
    );
  });
});
