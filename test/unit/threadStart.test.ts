import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import nodeModule from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { get_encoding } from 'tiktoken';
import { WorkerHarness } from './support/workerHarness';

const workerPath = path.resolve(__dirname, '../../../dist/worker.js');
const hasCompileCache = typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === 'function';

describe('starting the worker bundle with a compile cache (threadStart.ts)', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'tokenscope-compile-cache-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const text = 'A prompt counted by a worker started through its compile cache: 12345 tokens, Привет мир.\n'.repeat(200);
  const expected = get_encoding('o200k_base').encode_ordinary(text).length;

  async function countThrough(workerData: { compileCacheDir?: string; poolSize?: number }): Promise<WorkerHarness> {
    const h = new WorkerHarness(workerPath, workerData);
    h.send({ kind: 'open', uri: 'doc', version: 1, text });
    const result = await h.request('count', { uri: 'doc', version: 1, tokenizer: 'o200k_base', selections: [] });
    assert.equal(result.tokens, expected);
    return h;
  }

  it(`counts exactly when started through the cache${hasCompileCache ? ', and leaves the compiled bundle there when it ends' : ' (this Node has none: started as without it)'}`, async () => {
    const h = await countThrough({ compileCacheDir: dir });
    await h.terminate();
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => /[0-9a-f]{8}$/.test(name));
    if (hasCompileCache) assert.ok(files.length > 0, `nothing in ${dir}`);
    else assert.deepEqual(files, []);
    // Started again from a filled cache: still exact.
    await (await countThrough({ compileCacheDir: dir })).terminate();
  });

  it('starts its counting helpers through the same cache: the insight panel’s other models count exactly', async () => {
    const h = await countThrough({ compileCacheDir: dir, poolSize: 1 });
    const insight = await h.request('insight', { uri: 'doc', version: 1, tokenizer: 'o200k_base', countWith: ['o200k_base', 'cl100k_base'], scriptMixFor: [], topTokens: 3 });
    assert.deepEqual(
      insight.counts.map((c) => [c.tokenizer, c.tokens]),
      [
        ['o200k_base', expected],
        ['cl100k_base', get_encoding('cl100k_base').encode_ordinary(text).length],
      ],
    );
    await h.terminate();
  });

  it('starts as before without a cache folder', async () => {
    await (await countThrough({})).terminate();
    assert.deepEqual(readdirSync(dir), []);
  });
});
