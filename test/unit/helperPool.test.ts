import * as assert from 'node:assert/strict';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { TokenizerId } from '../../src/core/tokenizers/tokenizerIds';
import { handleHelperMessage, type HeldText } from '../../src/worker/helperThread';
import { defaultPoolSize, HelperJobError, HelperPool, PoolCancelledError, type HelperThread } from '../../src/worker/helperPool';
import type { FromHelper, ToHelper } from '../../src/worker/helperProtocol';
import type { InsightResult, RequestMap, WorkerToHost } from '../../src/worker/protocol';
import { TokenizerServer } from '../../src/worker/tokenizerServer';
import { loadTokenizer, tokenizers } from './support/tokenizers';

/**
 * A helper thread run in this process: each job is handled by the real helper code on a later
 * turn of the event loop, unless the test holds it (`hold`), crashes it or lets it go silent.
 */
class FakeHelper implements HelperThread {
  readonly jobs: ToHelper[] = [];
  /** Every job's tokenizer, in the order the helper was handed them. */
  readonly handed: TokenizerId[] = [];
  terminated = false;
  /** The text this helper keeps between jobs, as a helper thread does. */
  readonly held: HeldText = {};
  private listener: (m: FromHelper) => void = () => {};
  private exitListener: (reason: string) => void = () => {};

  constructor(private readonly behaviour: { hold?: boolean; crash?: boolean } = {}) {}

  /** Every message, as sent. */
  readonly sent: ToHelper[] = [];

  postMessage(message: ToHelper): void {
    this.sent.push(message);
    this.jobs.push(message);
    this.handed.push(message.work.tokenizer);
    if (this.behaviour.crash) setImmediate(() => this.exitListener('exit code 1'));
    else if (!this.behaviour.hold) setImmediate(() => this.runNext());
  }

  /** Runs the oldest job not yet run with the real helper code. */
  runNext(): void {
    const job = this.jobs.shift();
    if (job) handleHelperMessage(job, tokenizers, (m) => this.listener(m), this.held);
  }

  onMessage(listener: (m: FromHelper) => void): void {
    this.listener = listener;
  }

  onExit(listener: (reason: string) => void): void {
    this.exitListener = listener;
  }

  terminate(): void {
    this.terminated = true;
  }
}

const TEXT = 'You are a helpful assistant. Привет мир! 你好，世界。 12345678 🦙\n'.repeat(500);
const PIECES = [TEXT.slice(0, 7_001), TEXT.slice(7_001, 20_000), TEXT.slice(20_000)];

function expectedTokens(id: TokenizerId): number {
  return loadTokenizer(id).tokenizer.count(TEXT);
}

describe('counting helper pool', function () {
  this.timeout(60_000);

  it('sizes itself to the machine: one helper per core, at most four', () => {
    assert.deepEqual([1, 2, 3, 4, 8, 64].map(defaultPoolSize), [1, 2, 3, 4, 4, 4]);
  });

  it('counts a text held in pieces exactly as the tokenizer counts the whole text, with its tokens by script', async () => {
    const pool = new HelperPool({ size: 2, start: () => new FakeHelper() });
    const [o200k, qwen] = await Promise.all([pool.countPieces('o200k_base', PIECES, true).result, pool.countPieces('hf:qwen2.5', PIECES, false).result]);
    assert.equal(o200k.tokens, expectedTokens('o200k_base'));
    assert.equal(
      o200k.scriptMix?.reduce((a, b) => a + b, 0),
      o200k.tokens,
    );
    assert.equal(qwen.tokens, expectedTokens('hf:qwen2.5'));
    assert.equal(qwen.scriptMix, undefined);
    pool.dispose();
  });

  it('starts no more helpers than its size and queues the rest', async () => {
    const started: FakeHelper[] = [];
    const pool = new HelperPool({ size: 2, start: () => (started.push(new FakeHelper({ hold: true })), started[started.length - 1]) });
    const tasks = (['o200k_base', 'cl100k_base', 'p50k_base'] as const).map((id) => pool.countPieces(id, PIECES, false));
    assert.equal(started.length, 2);
    assert.deepEqual(
      started.map((h) => h.jobs.map((j) => j.work.tokenizer)),
      [['o200k_base'], ['cl100k_base']],
    );
    started[0].runNext();
    assert.equal((await tasks[0].result).tokens, expectedTokens('o200k_base'));
    // The first helper, free again, takes the queued job.
    assert.deepEqual(
      started[0].jobs.map((j) => j.work.tokenizer),
      ['p50k_base'],
    );
    started[0].runNext();
    started[1].runNext();
    assert.equal((await tasks[1].result).tokens, expectedTokens('cl100k_base'));
    assert.equal((await tasks[2].result).tokens, expectedTokens('p50k_base'));
    pool.dispose();
  });

  it('keeps a core for the worker while it is reserved: one job less at once, all of them once released', async () => {
    const started: FakeHelper[] = [];
    const pool = new HelperPool({ size: 2, start: () => (started.push(new FakeHelper({ hold: true })), started[started.length - 1]) });
    const release = pool.reserveCore();
    const tasks = (['o200k_base', 'cl100k_base'] as const).map((id) => pool.countPieces(id, PIECES, false));
    assert.deepEqual(
      started.map((h) => h.handed),
      [['o200k_base']],
    );
    release();
    release(); // a second call gives nothing back twice
    assert.deepEqual(
      started.map((h) => h.handed),
      [['o200k_base'], ['cl100k_base']],
    );
    for (const helper of started) helper.runNext();
    assert.equal((await tasks[1].result).tokens, expectedTokens('cl100k_base'));
    // Released once only: the pool runs two at once again, not three.
    const more = (['p50k_base', 'r50k_base', 'o200k_base'] as const).map((id) => pool.countPieces(id, PIECES, false));
    assert.equal(started.flatMap((h) => h.jobs).length, 2);
    for (const helper of started) helper.runNext();
    for (const helper of started) helper.runNext();
    assert.equal((await more[2].result).tokens, expectedTokens('o200k_base'));
    pool.dispose();
  });

  it('runs nothing in a pool of one while its core is reserved', async () => {
    const started: FakeHelper[] = [];
    const pool = new HelperPool({ size: 1, start: () => (started.push(new FakeHelper()), started[started.length - 1]) });
    const release = pool.reserveCore();
    const task = pool.countPieces('cl100k_base', PIECES, false);
    await new Promise((r) => setImmediate(r));
    assert.equal(started.length, 0);
    release();
    assert.equal((await task.result).tokens, expectedTokens('cl100k_base'));
    pool.dispose();
  });

  it('gives a job to the idle helper that has its tokenizer loaded, so tokenizers are not loaded twice', async () => {
    const started: FakeHelper[] = [];
    const pool = new HelperPool({ size: 2, start: () => (started.push(new FakeHelper()), started[started.length - 1]) });
    await Promise.all([pool.countPieces('o200k_base', PIECES, false).result, pool.countPieces('cl100k_base', PIECES, false).result]);
    const seen: string[][] = started.map(() => []);
    started.forEach((h, i) => {
      const post = h.postMessage.bind(h);
      h.postMessage = (m) => (seen[i].push(m.work.tokenizer), post(m));
    });
    // Both helpers are idle; the cl100k job goes to the one that counted cl100k, whichever is first.
    await pool.countPieces('cl100k_base', PIECES, false).result;
    await pool.countPieces('o200k_base', PIECES, false).result;
    assert.deepEqual(seen, [['o200k_base'], ['cl100k_base']]);
    assert.equal(pool.tokenizerLoads, 2, 'each tokenizer loaded once, by one helper');
    pool.dispose();
  });

  it('gives a helper that holds none of the queued tokenizers one that no helper holds, before one a busy helper holds', async () => {
    const started: FakeHelper[] = [];
    const pool = new HelperPool({ size: 2, start: () => (started.push(new FakeHelper({ hold: true })), started[started.length - 1]) });
    const first = [pool.countPieces('o200k_base', PIECES, false), pool.countPieces('cl100k_base', PIECES, false)];
    started.forEach((h) => h.runNext());
    await Promise.all(first.map((t) => t.result));
    // Both busy again, each with its own tokenizer; then o200k_base (held by the first) and p50k_base (by none) wait.
    const busy = [pool.countPieces('o200k_base', PIECES, false), pool.countPieces('cl100k_base', PIECES, false)];
    const waiting = [pool.countPieces('o200k_base', PIECES, false), pool.countPieces('p50k_base', PIECES, false)];
    started[1].runNext();
    await busy[1].result;
    // The second helper, free, loads p50k_base rather than a second o200k_base; the first then takes its o200k_base job.
    assert.deepEqual(started[1].handed, ['cl100k_base', 'cl100k_base', 'p50k_base']);
    started[0].runNext();
    await busy[0].result;
    assert.deepEqual(started[0].handed, ['o200k_base', 'o200k_base', 'o200k_base']);
    started.forEach((h) => h.runNext());
    await Promise.all(waiting.map((t) => t.result));
    assert.equal(pool.tokenizerLoads, 3, 'o200k_base, cl100k_base and p50k_base, once each');
    pool.dispose();
  });

  it('sends a text to a helper once while more jobs on it wait, and the counts stay exact', async () => {
    const started: FakeHelper[] = [];
    const pool = new HelperPool({ size: 1, start: () => (started.push(new FakeHelper()), started[started.length - 1]) });
    const ids = ['o200k_base', 'cl100k_base', 'p50k_base'] as const;
    const counts = await Promise.all(pool.batch(() => ids.map((id) => pool.countPieces(id, PIECES, true).result)));
    counts.forEach((c, i) => assert.equal(c.tokens, expectedTokens(ids[i])));
    assert.deepEqual(
      started[0].sent.map((m) => [m.work.kind === 'countPieces' ? m.work.pieces.length : -1, m.textHeld ?? false, m.keepText ?? false]),
      [
        [PIECES.length, false, true],
        [0, true, true],
        [0, true, false],
      ],
    );
    assert.equal(started[0].held.pieces, undefined, 'let go after the last job on it');
    // Another text goes with its job.
    const other = [TEXT.slice(0, 100)];
    assert.equal((await pool.countPieces('o200k_base', other, false).result).tokens, loadTokenizer('o200k_base').tokenizer.count(other[0]));
    assert.equal(started[0].sent[3].textHeld, undefined);
    pool.dispose();
  });

  it('cancels a queued job at once and a running one at its next slice', async () => {
    const helper = new FakeHelper({ hold: true });
    const pool = new HelperPool({ size: 1, start: () => helper });
    const running = pool.countPieces('o200k_base', PIECES, false);
    const queued = pool.countPieces('cl100k_base', PIECES, false);
    queued.cancel();
    await assert.rejects(queued.result, PoolCancelledError);
    running.cancel();
    helper.runNext();
    await assert.rejects(running.result, PoolCancelledError);
    pool.dispose();
  });

  it('fails a job whose tokenizer cannot be loaded with the helper’s message, as a job error', async () => {
    const pool = new HelperPool({ size: 1, start: () => new FakeHelper() });
    await assert.rejects(
      pool.countPieces('file:/nonexistent/tokenizer.json', PIECES, false).result,
      (err: Error) => err instanceof HelperJobError && /nonexistent/.test(err.message),
    );
    pool.dispose();
  });

  it('fails the job of a helper that crashes as a thread failure, and starts a new helper for the next job', async () => {
    let starts = 0;
    const pool = new HelperPool({ size: 1, start: () => new FakeHelper({ crash: ++starts === 1 }) });
    await assert.rejects(
      pool.countPieces('o200k_base', PIECES, false).result,
      (err: Error) => !(err instanceof HelperJobError) && /counting thread ended \(exit code 1\)/.test(err.message),
    );
    assert.equal((await pool.countPieces('o200k_base', PIECES, false).result).tokens, expectedTokens('o200k_base'));
    assert.equal(starts, 2);
    pool.dispose();
  });

  it('stops a helper that stays silent with a job, and says so', async () => {
    const helper = new FakeHelper({ hold: true });
    const pool = new HelperPool({ size: 1, silenceMs: 40, start: () => helper });
    await assert.rejects(pool.countPieces('o200k_base', PIECES, false).result, /did not answer for 0 s and was stopped/);
    assert.ok(helper.terminated);
    assert.equal(pool.running, 0);
    pool.dispose();
  });

  it('ends a helper that has had no work for its idle time', async () => {
    const helper = new FakeHelper();
    const pool = new HelperPool({ size: 1, idleMs: 20, start: () => helper });
    await pool.countPieces('o200k_base', PIECES, false).result;
    assert.equal(pool.running, 1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(pool.running, 0);
    assert.ok(helper.terminated);
  });

  it('fails the waiting jobs with a clear message when no helper can be started', async () => {
    const pool = new HelperPool({
      size: 1,
      start: () => {
        throw new Error('out of threads');
      },
    });
    await assert.rejects(pool.countPieces('o200k_base', PIECES, false).result, /could not start a counting thread: out of threads/);
  });
});

describe('insight counts through the pool', function () {
  this.timeout(60_000);

  function insight(pool: HelperPool, text: string, countWith: TokenizerId[]): Promise<InsightResult> {
    return new Promise((resolve, reject) => {
      const server = new TokenizerServer({
        tokenizers,
        pool,
        post: (m: WorkerToHost) => {
          if (m.kind !== 'response') return;
          if ('error' in m) reject(new Error(m.error.message));
          else resolve(m.result as RequestMap['insight']['result']);
        },
      });
      server.handle({ kind: 'open', uri: 'doc', version: 1, text });
      server.handle({
        kind: 'request',
        id: 1,
        method: 'insight',
        params: { uri: 'doc', version: 1, tokenizer: 'o200k_base', countWith, scriptMixFor: ['cl100k_base'], topTokens: 5 },
      });
    });
  }

  it('answers the same counts as the tokenizers do, with helpers counting the other tokenizers', async () => {
    const helpers: FakeHelper[] = [];
    const pool = new HelperPool({ size: 2, start: () => (helpers.push(new FakeHelper()), helpers[helpers.length - 1]) });
    const result = await insight(pool, TEXT, ['o200k_base', 'cl100k_base', 'hf:qwen2.5']);
    assert.deepEqual(
      result.counts.map((c) => [c.tokenizer, c.tokens]),
      (['o200k_base', 'cl100k_base', 'hf:qwen2.5'] as const).map((id) => [id, expectedTokens(id)]),
    );
    assert.equal(
      result.counts[1].scriptMix?.reduce((a, b) => a + b, 0),
      result.counts[1].tokens,
    );
    assert.deepEqual(helpers.flatMap((h) => h.handed).sort(), ['cl100k_base', 'hf:qwen2.5'], 'both other tokenizers went to the helpers');
    pool.dispose();
  });

  it('counts in the worker itself what a crashed helper could not, and reports a tokenizer that cannot load', async () => {
    const pool = new HelperPool({ size: 1, start: () => new FakeHelper({ crash: true }) });
    const result = await insight(pool, TEXT, ['o200k_base', 'cl100k_base', 'file:/nonexistent/tokenizer.json']);
    assert.deepEqual(
      result.counts.map((c) => [c.tokenizer, c.tokens]),
      [
        ['o200k_base', expectedTokens('o200k_base')],
        ['cl100k_base', expectedTokens('cl100k_base')],
      ],
    );
    assert.equal(result.countErrors?.[0].tokenizer, 'file:/nonexistent/tokenizer.json');
    pool.dispose();
  });

  it('runs real helper threads from the worker bundle', async () => {
    const workerPath = path.resolve(__dirname, '../../../dist/worker.js');
    const pool = new HelperPool({
      size: 2,
      start: () => {
        const w = new Worker(workerPath, { workerData: { role: 'helper' } });
        return {
          postMessage: (m) => w.postMessage(m),
          onMessage: (l) => w.on('message', l),
          onExit: (l) => w.on('exit', (code) => l(`exit code ${code}`)),
          terminate: () => void w.terminate(),
        };
      },
    });
    const [a, b] = await Promise.all([pool.countPieces('o200k_base', PIECES, false).result, pool.countPieces('hf:deepseek-v3', PIECES, true).result]);
    assert.equal(a.tokens, expectedTokens('o200k_base'));
    assert.equal(b.tokens, expectedTokens('hf:deepseek-v3'));
    pool.dispose();
  });
});
