import * as assert from 'node:assert/strict';
import path from 'node:path';
import { compressionStats } from '../../src/core/insights/compression';
import { DisagreementFinder } from '../../src/core/insights/disagreements';
import { ScriptAccumulator } from '../../src/core/insights/scripts';
import type { TokenizerId } from '../../src/core/tokenizers/tokenizerIds';
import { tokenByteLengths } from '../../src/core/incremental/tokenSpan';
import type { InsightParams, InsightResult, WorkerToHost } from '../../src/worker/protocol';
import { WorkerHarness, type Response } from './support/workerHarness';
import { loadTiktokenTokenizer, loadTokenizer } from './support/tokenizers';

/** The real worker bundle (dist/worker.js, built with the tests), driven over its protocol. */
const workerPath = path.resolve(__dirname, '../../../dist/worker.js');

const insightParams = (params: Partial<InsightParams> & { uri: string }): InsightParams => ({ version: 1, tokenizer: 'o200k_base', countWith: [], topTokens: 10, ...params });

const o200k = loadTiktokenTokenizer('o200k_base');
const cl100k = loadTiktokenTokenizer('cl100k_base');

const SAMPLE =
  'You are a helpful assistant. Answer in French.\n' + "Привет мир! 你好，世界。 مرحبا بالعالم नमस्ते दुनिया 12345678 ''' 🦙\n" + '    def f(x):\n        return x * 2  # comment\n';

/** About 5 MB of mixed text, 40k lines. */
const BIG = 'The quick brown fox jumps over the lazy dog. 12345 {"k": [1, 2]}\nПривет мир, 你好世界, नमस्ते.\n'.repeat(40_000);

/** What the worker should say about `text`: the core run over the whole text in the test's own process. */
function expected(text: string, topTokens: number): Pick<InsightResult, 'compression' | 'scripts'> {
  const ids = o200k.encode(text);
  const scripts = ScriptAccumulator.forTokenizer(o200k);
  scripts.add(text, ids);
  return { compression: compressionStats(o200k, text, topTokens, ids), scripts: scripts.result() };
}

function expectedSpans(text: string): NonNullable<InsightResult['disagreements']> {
  const finder = new DisagreementFinder();
  finder.push('a', text, tokenByteLengths(o200k, o200k.encode(text)));
  finder.push('b', text, tokenByteLengths(cl100k, cl100k.encode(text)));
  return finder.result((start, end) => text.slice(start, end));
}

function errorCode(m: Response): string | undefined {
  return 'error' in m ? m.error.code : undefined;
}

function responseTo(h: WorkerHarness, id: number): Response | undefined {
  return h.messages.find((m): m is Response => m.kind === 'response' && m.id === id);
}

/** Resolves once the worker has posted a message that `test` accepts. */
function waitFor(h: WorkerHarness, test: (m: WorkerToHost) => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (h.messages.some(test)) return resolve();
    const listener = (m: WorkerToHost) => {
      if (!test(m)) return;
      h.worker.off('message', listener);
      resolve();
    };
    h.worker.on('message', listener);
  });
}

describe('tokenizer worker: insight', function () {
  this.timeout(60_000);
  let h: WorkerHarness;
  beforeEach(() => (h = new WorkerHarness(workerPath)));
  afterEach(() => h.terminate());

  it('computes the numbers of a document as the core does on the whole text, and counts for each tokenizer', async () => {
    h.send({ kind: 'open', uri: 'doc', version: 1, text: SAMPLE });
    const countWith: TokenizerId[] = ['cl100k_base', 'o200k_base', 'hf:qwen2.5', 'cl100k_base', 'p50k_base'];
    const r = await h.request('insight', insightParams({ uri: 'doc', countWith, compare: ['o200k_base', 'cl100k_base'] }));
    assert.equal(r.uri, 'doc');
    assert.equal(r.version, 1);
    assert.deepEqual(r.range, [0, SAMPLE.length]);
    assert.deepEqual({ compression: r.compression, scripts: r.scripts }, expected(SAMPLE, 10));
    // Each tokenizer once, in the order asked, with its own count of the text.
    assert.deepEqual(
      r.counts,
      [...new Set(countWith)].map((tokenizer) => ({ tokenizer, tokens: loadTokenizer(tokenizer).tokenizer.count(SAMPLE) })),
    );
    assert.equal(r.countErrors, undefined);
    assert.deepEqual(r.disagreements, expectedSpans(SAMPLE));
    assert.ok(r.disagreements!.spans.length > 0);
    assert.ok(r.workerMs > 0);
  });

  it('computes the numbers of a selection alone, with span offsets from its start', async () => {
    h.send({ kind: 'open', uri: 'doc', version: 1, text: SAMPLE });
    const [start, end] = [SAMPLE.indexOf('Привет'), SAMPLE.indexOf('    def')];
    const selection = SAMPLE.slice(start, end);
    const r = await h.request('insight', insightParams({ uri: 'doc', range: [start, end], countWith: ['cl100k_base'], compare: ['o200k_base', 'cl100k_base'], topTokens: 3 }));
    assert.deepEqual(r.range, [start, end]);
    assert.deepEqual({ compression: r.compression, scripts: r.scripts }, expected(selection, 3));
    assert.deepEqual(r.counts, [{ tokenizer: 'cl100k_base', tokens: cl100k.count(selection) }]);
    assert.deepEqual(r.disagreements, expectedSpans(selection));
    for (const span of r.disagreements!.spans) assert.equal(span.text, selection.slice(span.start, span.end));
    // A range past the end is clamped to the document.
    const clamped = await h.request('insight', insightParams({ uri: 'doc', range: [end, 10 * SAMPLE.length] }));
    assert.deepEqual(clamped.range, [end, SAMPLE.length]);
    assert.equal(clamped.compression.tokens, o200k.count(SAMPLE.slice(end)));
  });

  it('reports a tokenizer it cannot load instead of failing the request', async () => {
    h.send({ kind: 'open', uri: 'doc', version: 1, text: SAMPLE });
    const missing = 'file:/nonexistent/tokenizer.json' as const;
    const r = await h.request('insight', insightParams({ uri: 'doc', countWith: [missing, 'cl100k_base'], compare: ['o200k_base', missing] }));
    assert.deepEqual(r.counts, [{ tokenizer: 'cl100k_base', tokens: cl100k.count(SAMPLE) }]);
    assert.equal(r.countErrors?.length, 1);
    assert.equal(r.countErrors![0].tokenizer, missing);
    assert.equal(r.disagreements, undefined);
    assert.match(r.compareError ?? '', /nonexistent/);
    assert.equal(errorCode(await h.call('insight', insightParams({ uri: 'never-opened' }))), 'unknownDocument');
  });

  it('works through a 5 MB document in slices, reporting progress, and stays exact', async () => {
    h.send({ kind: 'open', uri: 'big', version: 1, text: BIG });
    const r = await h.request('insight', insightParams({ uri: 'big', countWith: ['o200k_base', 'cl100k_base'], compare: ['o200k_base', 'cl100k_base'] }));
    const progress = h.messages.filter((m): m is Extract<WorkerToHost, { kind: 'requestProgress' }> => m.kind === 'requestProgress');
    assert.ok(progress.length >= 2, `${progress.length} progress messages`);
    const fractions = progress.map((m) => m.fraction);
    assert.deepEqual(
      fractions,
      [...fractions].sort((a, b) => a - b),
      'progress never goes back',
    );
    assert.ok(fractions.every((f) => f >= 0 && f <= 1));
    assert.equal(r.compression.tokens, o200k.count(BIG));
    assert.equal(r.compression.chars, [...BIG].length);
    assert.deepEqual(r.counts, [
      { tokenizer: 'o200k_base', tokens: r.compression.tokens },
      { tokenizer: 'cl100k_base', tokens: cl100k.count(BIG) },
    ]);
    // The text repeats one line: the first 500 spans are found, and then it stops.
    assert.equal(r.disagreements?.spans.length, 500);
    assert.equal(r.disagreements?.truncated, true);
    assert.equal(
      r.scripts.reduce((n, s) => n + s.tokens, 0),
      r.compression.tokens,
    );
    // The current model's numbers came first, ahead of the other counts and the comparison.
    const partials = h.messages.filter((m): m is Extract<WorkerToHost, { kind: 'requestPartial' }> => m.kind === 'requestPartial');
    assert.equal(partials.length, 1);
    assert.deepEqual(partials[0].result.compression, r.compression);
    assert.deepEqual(partials[0].result.counts, [{ tokenizer: 'o200k_base', tokens: r.compression.tokens }]);
    assert.equal(partials[0].result.disagreements, undefined);
    assert.ok(h.messages.indexOf(partials[0]) < h.messages.findIndex((m) => m.kind === 'response' && m.id === partials[0].id), 'partial before the answer');
  });

  it('stops a request the host cancels, with a cancelled error', async () => {
    h.send({ kind: 'open', uri: 'big', version: 1, text: BIG });
    const id = 1; // the harness numbers requests from 1
    const answer = h.call('insight', insightParams({ uri: 'big', countWith: ['cl100k_base', 'p50k_base'] }));
    await waitFor(h, (m) => m.kind === 'requestProgress' && m.id === id);
    h.send({ kind: 'cancel', id });
    assert.equal(errorCode(await answer), 'cancelled');
    // The worker is free at once: a count is answered, and no answer to the cancelled request follows.
    const count = await h.request('count', { uri: 'big', version: 1, tokenizer: 'o200k_base', selections: [[0, 100]] });
    assert.equal(count.selectionTokens, o200k.count(BIG.slice(0, 100)));
    assert.equal(h.messages.filter((m) => m.kind === 'response' && m.id === id).length, 1);
    h.send({ kind: 'cancel', id: 999 }); // unknown: ignored
  });

  it('cancels an insight when a newer one for the same document arrives, not one for another document', async () => {
    h.send({ kind: 'open', uri: 'big', version: 1, text: BIG });
    h.send({ kind: 'open', uri: 'small', version: 1, text: SAMPLE });
    const older = h.call('insight', insightParams({ uri: 'big', countWith: ['cl100k_base'] }));
    const other = h.call('insight', insightParams({ uri: 'small' }));
    const newer = h.call('insight', insightParams({ uri: 'big', range: [0, 1000] }));
    const [olderAnswer, otherAnswer, newerAnswer] = await Promise.all([older, other, newer]);
    assert.equal(errorCode(olderAnswer), 'cancelled');
    assert.match('error' in olderAnswer ? olderAnswer.error.message : '', /superseded by request 3/);
    assert.ok('result' in otherAnswer);
    assert.ok('result' in newerAnswer);
    assert.equal((newerAnswer.result as InsightResult).compression.tokens, o200k.count(BIG.slice(0, 1000)));
    assert.deepEqual(responseTo(h, 1), olderAnswer);
  });

  it('counts other tokenizers without evicting the status bar’s block stores', async () => {
    h.send({ kind: 'open', uri: 'big', version: 1, text: BIG });
    const count = (tokenizer: 'o200k_base' | 'cl100k_base') => h.request('count', { uri: 'big', version: 1, tokenizer, selections: [] });
    // Two stores, the most a document keeps, each counted in full (which takes many slices).
    const [first, second] = [await count('o200k_base'), await count('cl100k_base')];
    assert.ok(
      h.messages.some((m) => m.kind === 'progress' && m.tokenizer === 'o200k_base'),
      'a first count of 5 MB reports progress',
    );
    await h.request('insight', insightParams({ uri: 'big', range: [0, 20_000], countWith: ['p50k_base', 'r50k_base', 'cl100k_base'], compare: ['p50k_base', 'r50k_base'] }));
    const before = h.messages.length;
    // Both stores are still there, counted: the answers come at once, with no progress.
    assert.equal((await count('o200k_base')).tokens, first.tokens);
    assert.equal((await count('cl100k_base')).tokens, second.tokens);
    assert.deepEqual(
      h.messages.slice(before).filter((m) => m.kind === 'progress'),
      [],
    );
  });
});
